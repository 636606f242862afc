"""A synthetic French news corpus with republished articles and shared passages."""

from __future__ import annotations

import random

SUBJECTS = [
    "Le gouvernement",
    "La mairie de Lyon",
    "Le syndicat des cheminots",
    "La préfecture",
    "Le conseil régional",
    "La direction de l'hôpital",
    "Le ministre de l'Intérieur",
    "La compagnie aérienne",
    "Le tribunal administratif",
    "L'association des riverains",
]
VERBS = [
    "a annoncé",
    "a dénoncé",
    "a confirmé",
    "a démenti",
    "a proposé",
    "a critiqué",
    "a validé",
    "a reporté",
    "a suspendu",
    "a présenté",
]
OBJECTS = [
    "un plan d'investissement de {n} millions d'euros pour les transports",
    "la fermeture de {n} classes dans les écoles rurales du département",
    "une hausse de {n} % des tarifs de stationnement en centre-ville",
    "la construction de {n} logements sociaux près de la gare",
    "un audit sur la gestion des {n} agents du service des eaux",
    "la suppression de {n} lignes de bus desservant la banlieue nord",
    "une prime exceptionnelle de {n} euros versée aux soignants",
    "un calendrier de travaux s'étalant sur {n} mois pour la rocade",
]
TAILS = [
    "selon un communiqué publié jeudi soir",
    "lors d'une conférence de presse tenue à la préfecture",
    "devant les élus réunis en séance extraordinaire",
    "après plusieurs semaines de négociations tendues",
    "malgré l'opposition d'une partie des habitants",
    "dans un entretien accordé à la presse régionale",
]


SYLLABLES = ["ba", "ro", "mi", "lu", "ve", "sa", "dor", "tin", "gal", "ne", "qui", "por"]


def name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()


def sentence(rng: random.Random) -> str:
    obj = rng.choice(OBJECTS).format(n=rng.randint(2, 900))
    return (
        f"À {name(rng)}, {rng.choice(SUBJECTS).lower()} {rng.choice(VERBS)} {obj}, "
        f"{rng.choice(TAILS)}, d'après {name(rng)} {name(rng)}."
    )


def articles(n: int = 300, seed: int = 7) -> list[dict]:
    """``n`` records: originals, verbatim and edited republications, shared quotes."""
    rng = random.Random(seed)
    quotes = [sentence(rng) for _ in range(25)]  # passages many articles repeat
    records: list[dict] = []
    for i in range(n):
        roll = rng.random()
        if records and roll < 0.15:  # republished as is, under another dateline
            text = "PARIS (AFP) - " + rng.choice(records)["text"].split(" - ", 1)[-1]
        elif records and roll < 0.3:  # republished with edits: a sentence dropped, one added
            parts = rng.choice(records)["text"].split(". ")
            if len(parts) > 3:
                parts.pop(rng.randrange(1, len(parts)))
            parts.append(sentence(rng).rstrip("."))
            text = ". ".join(parts)
        else:
            body = [sentence(rng) for _ in range(rng.randint(3, 7))]
            if rng.random() < 0.4:
                body.insert(rng.randrange(len(body)), rng.choice(quotes))
            text = f"LYON, {1 + i % 28} mars (AFP) - " + " ".join(body)
        records.append({"id": f"n{i:04d}", "text": text})
    return records
