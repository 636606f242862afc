"""Function words (French and English) that never count as content words.

Kept short and explicit so the passage index does not depend on spaCy being loaded.
Tokens are compared after :func:`presse_dedup.normalize.normalize_token` (lower case).
"""

_FRENCH = """
a à ai aie aient aies ait alors as au aucun aucune aussi autre autres aux avaient avais
avait avant avec avez avoir avons ayant c ça ce ceci cela celle celles celui cependant
certain certaine certaines certains ces cet cette ceux chacun chaque chez ci comme comment
d dans de des deux devait doit donc dont du elle elles en encore entre es est et été étaient
étais était étant être eu eux fait faire fois font furent fut ici il ils j je jusqu
l la là laquelle le lequel les lesquelles lesquels leur leurs lors lui m ma mais me même
mêmes mes moi mon n ne ni non nos notre nous on ont ou où par parce pas pendant peu peut
plus plusieurs pour pourquoi qu quand que quel quelle quelles quels qui quoi s sa sans se
selon ses si sien son sont sous sur t ta te tes toi ton tous tout toute toutes très tu un
une unes uns vers via voici voilà vos votre vous y également ainsi afin après auprès
cette ceux-ci dont hier aujourd hui déjà depuis toujours tandis lorsque puis outre
"""

_ENGLISH = """
a about after all also an and any are as at be been being but by can could did do does
for from had has have he her hers him his how i if in into is it its just may me might
more most must my no not of on one or our out over own said says she should so some such
than that the their them then there these they this those through to too under up us very
was we were what when where which while who whom why will with would you your
"""

FRENCH = frozenset(_FRENCH.split())
ENGLISH = frozenset(_ENGLISH.split())
STOPWORDS = FRENCH | ENGLISH
