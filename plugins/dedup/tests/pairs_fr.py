# ruff: noqa: E501  (sentences are data)
"""Hand-written French sentence pairs (paraphrases and look-alikes) used by the tests."""

PARAPHRASES = [
    (
        "Le gouvernement a annoncé jeudi une hausse des impôts sur les grandes entreprises.",
        "Les grandes entreprises verront leurs impôts augmenter, a fait savoir le gouvernement "
        "jeudi.",
    ),
    (
        "Les pompiers ont maîtrisé l'incendie qui ravageait la forêt depuis trois jours.",
        "L'incendie qui détruisait la forêt depuis trois jours a été maîtrisé par les pompiers.",
    ),
    (
        "Le Premier ministre a démissionné après la défaite de son parti aux élections législatives.",
        "Après la déroute de son parti aux législatives, le Premier ministre a remis sa démission.",
    ),
    (
        "La banque centrale a relevé ses taux d'intérêt pour lutter contre l'inflation.",
        "Pour freiner l'inflation, la banque centrale a augmenté ses taux directeurs.",
    ),
    (
        "Des milliers de manifestants ont défilé samedi dans les rues de la capitale contre la "
        "réforme des retraites.",
        "Samedi, plusieurs milliers de personnes ont manifesté dans la capitale pour protester "
        "contre la réforme des retraites.",
    ),
]

LOOKALIKES = [  # same topic, template or place, different content
    (
        "Le gouvernement a annoncé jeudi une hausse des impôts sur les grandes entreprises.",
        "Le gouvernement a annoncé jeudi la fermeture de trois hôpitaux dans les grandes villes.",
    ),
    (
        "M. Dupont a également affirmé que la situation économique restait fragile.",
        "M. Dupont a également accusé l'opposition de bloquer les négociations au Parlement.",
    ),
    (
        "Des combats ont éclaté dimanche près de Kharkiv, dans l'est de l'Ukraine.",
        "Une conférence sur la reconstruction de l'est de l'Ukraine se tiendra à Kharkiv en juin.",
    ),
    (
        "La banque centrale a relevé ses taux d'intérêt pour lutter contre l'inflation.",
        "La banque centrale a publié lundi ses prévisions de croissance pour l'année prochaine.",
    ),
    (
        "Les réfugiés syriens arrivés à Berlin ont été logés dans un gymnase de la ville.",
        "Les réfugiés syriens arrivés à Vienne réclament une aide médicale d'urgence.",
    ),
]
