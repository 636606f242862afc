"""A small corpus of agency dispatches and their republications, written for the tests.

Three unrelated stories; each is republished with the edits news sites make: another
dateline, other quotes and apostrophes, a changed word, a dropped last paragraph, a
headline and a "Lire aussi" line added, or only its first half kept inside a longer article.
"""

from __future__ import annotations

STORIES = {
    "grele": [
        "BORDEAUX, 12 juin (AFP) - Un violent orage de grêle a ravagé mercredi soir plusieurs "
        "centaines d'hectares de vignes dans l'Entre-deux-Mers, a indiqué la chambre "
        "d'agriculture de la Gironde.",
        "Les grêlons, parfois gros comme des balles de golf, ont haché les grappes en moins de "
        "vingt minutes, selon les viticulteurs interrogés sur place.",
        "« Nous avons perdu la moitié de la récolte en un quart d'heure », a déploré Jean "
        "Lafitte, qui exploite trente hectares près de Créon.",
        "La préfecture a demandé le classement des communes touchées en état de catastrophe "
        "naturelle afin d'accélérer les indemnisations.",
        "Les assureurs estiment que les dégâts pourraient dépasser quarante millions d'euros "
        "pour l'ensemble du département.",
        "Météo-France avait placé la Gironde en vigilance orange aux orages dès mercredi midi.",
        "Un nouvel épisode orageux est attendu vendredi sur le sud-ouest du pays.",
    ],
    "tram": [
        "LYON, 3 mars (AFP) - La métropole de Lyon a approuvé lundi la construction d'une "
        "nouvelle ligne de tramway reliant la gare de la Part-Dieu à l'aéroport de "
        "Saint-Exupéry.",
        "Le chantier, estimé à six cents millions d'euros, doit débuter au printemps prochain "
        "et durer quatre ans.",
        "Les élus de l'opposition ont dénoncé un projet trop coûteux et réclamé une étude "
        "indépendante sur la fréquentation attendue.",
        "La future ligne desservira onze stations et transportera jusqu'à quarante mille "
        "voyageurs par jour, selon les prévisions du syndicat des transports.",
        "Les riverains de l'avenue Jean-Jaurès craignent des années de travaux et de "
        "circulation perturbée dans leur quartier.",
        "Une réunion publique d'information est prévue le mois prochain à la mairie du "
        "troisième arrondissement.",
    ],
    "greve": [
        "PARIS, 8 novembre (AFP) - Les contrôleurs aériens ont entamé jeudi une grève de "
        "quarante-huit heures qui perturbe fortement le trafic dans les aéroports parisiens.",
        "La direction générale de l'aviation civile a demandé aux compagnies de réduire d'un "
        "tiers leurs vols au départ d'Orly et de Roissy.",
        "Les syndicats protestent contre une réforme du temps de travail qu'ils jugent "
        "incompatible avec la sécurité des vols.",
        "Plusieurs milliers de passagers ont vu leur vol annulé dès la première matinée du "
        "mouvement.",
        "Le ministre des Transports a appelé les grévistes à reprendre le dialogue et promis "
        "une réunion avant la fin de la semaine.",
        "Les compagnies à bas coût ont annoncé des remboursements intégraux pour les billets "
        "concernés.",
        "Un nouveau préavis a déjà été déposé pour la fin du mois si aucun accord n'est trouvé.",
    ],
}

UNRELATED = {
    "musee": (
        "Le musée des Beaux-Arts de Rouen rouvrira ses portes samedi après deux ans de "
        "rénovation. Les salles consacrées aux impressionnistes ont été entièrement "
        "repensées, avec un nouvel éclairage et des cartels traduits en quatre langues. "
        "L'entrée sera gratuite pendant le premier week-end, a annoncé la municipalité."
    ),
    "foot": (
        "Le club de football de Lens a officialisé mardi l'arrivée d'un nouvel entraîneur, "
        "un ancien international belge âgé de quarante-deux ans. Il a signé un contrat de "
        "trois saisons et dirigera sa première séance d'entraînement dès jeudi. Les "
        "supporters attendent de lui une qualification pour les compétitions européennes."
    ),
}


def original(story: str) -> str:
    return "\n\n".join(STORIES[story])


def retyped(text: str) -> str:
    """Same words, other typography: curly apostrophes, English quotes, narrow spaces."""
    return (
        text.replace("'", "’")
        .replace("« ", "\u201c")
        .replace(" »", "\u201d")
        .replace(" (AFP)", "\u202f(AFP)")
    )


def redated(story: str, dateline: str) -> str:
    first, *rest = STORIES[story]
    return "\n\n".join([dateline + first.split(" - ", 1)[1], *rest])


def edited(story: str) -> str:
    """A changed word, the last paragraph dropped, a headline and a teaser added."""
    sentences = list(STORIES[story][:-1])
    sentences[1] = sentences[1].replace("selon", "d'après")
    headline = "Les dernières nouvelles"
    return "\n".join([headline, *sentences, "Lire aussi : nos autres articles"])


EXTRA = {
    "greve": [
        "À Roissy, des files d'attente se sont formées dès cinq heures du matin devant les "
        "comptoirs d'enregistrement, où des agents distribuaient des bouteilles d'eau.",
        "Une famille lyonnaise, bloquée avec trois enfants, racontait avoir dormi sur des "
        "bancs après l'annulation de sa correspondance pour Montréal.",
        "Les hôtels proches de l'aéroport affichaient complet en début de soirée, selon "
        "plusieurs voyageurs contraints de rejoindre Paris en taxi.",
        "Les transporteurs européens chiffrent déjà leurs pertes à plusieurs dizaines de "
        "millions d'euros et réclament un service minimum garanti.",
        "Le dernier conflit de cette ampleur remonte à l'automne 2019, lorsque les aiguilleurs "
        "avaient cessé le travail pendant cinq jours consécutifs.",
        "Les associations de consommateurs rappellent que les passagers peuvent exiger une "
        "indemnisation forfaitaire en plus du remboursement de leur billet.",
    ],
    "tram": [
        "Dans le quartier de Montchat, les commerçants redoutent une baisse de leur chiffre "
        "d'affaires pendant toute la durée des travaux de voirie.",
        "Une boulangère installée depuis vingt ans rue Ferdinand-Buisson dit avoir déjà perdu "
        "des clients lors du chantier précédent de la ligne de bus.",
        "Les associations de cyclistes saluent au contraire un projet qui prévoit une piste "
        "cyclable continue le long de la future plateforme.",
        "Le calendrier prévoit une mise en service partielle pour les Jeux de la Francophonie, "
        "puis l'ouverture complète de la ligne deux ans plus tard.",
        "Les architectes retenus ont présenté des stations végétalisées couvertes d'ombrières "
        "photovoltaïques destinées à alimenter l'éclairage public.",
        "La chambre de commerce demande un fonds d'indemnisation pour les entreprises "
        "riveraines, sur le modèle de celui créé à Bordeaux.",
    ],
}


def embedded(story: str) -> str:
    """The whole dispatch inside a longer article that adds its own reporting."""
    return "\n\n".join([*STORIES[story], *EXTRA[story]])
