"""Web pages written for these tests."""

from __future__ import annotations

ARTICLE = """<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>{title} | Le Quotidien</title>
<meta property="og:site_name" content="Le Quotidien">
<meta name="author" content="Claire Dumont">
<meta property="article:published_time" content="2024-11-30T08:00:00+01:00">
</head><body>
<nav><a href="/">Accueil</a> <a href="/monde">Monde</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1>
{paragraphs}
</article>
<aside>Les plus lus : un autre article, encore un autre, et un troisième.</aside>
<footer>© Le Quotidien — mentions légales — contact — abonnements</footer>
</body></html>"""

BODIES = {
    "alep": (
        "Alep, la bataille reprend",
        [
            "Les forces gouvernementales ont repris samedi plusieurs quartiers de l'est "
            "d'Alep, selon une organisation non gouvernementale installée à Londres.",
            "Des milliers d'habitants ont fui les combats vers l'ouest de la ville, où les "
            "organisations humanitaires peinent à acheminer de l'aide alimentaire.",
            "Le conseil municipal a demandé une trêve d'au moins trois jours pour évacuer les "
            "blessés vers les hôpitaux de la région.",
        ],
    ),
    "port": (
        "Le port de Marseille modernise ses quais",
        [
            "Le grand port maritime a présenté jeudi un plan d'investissement de deux cents "
            "millions d'euros pour électrifier ses quais d'ici la fin de la décennie.",
            "Les navires de croisière pourront se brancher au réseau électrique pendant leurs "
            "escales, ce qui réduira fortement la pollution de l'air dans les quartiers nord.",
            "Les travaux commenceront au printemps et dureront quatre ans selon la direction.",
        ],
    ),
}


def page(key: str) -> bytes:
    title, paragraphs = BODIES[key]
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return ARTICLE.format(title=title, paragraphs=body).encode()


EMPTY_PAGE = (
    b"<html><head><title>Connexion</title></head><body><form><input name=login>"
    b"<button>OK</button></form></body></html>"
)
