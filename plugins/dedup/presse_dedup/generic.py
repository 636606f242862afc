"""Words that carry no information of their own in a passage link (French and English).

A passage link whose shared words are only names, function words and these is not text
reuse ("la ville syrienne d'Alep" in two unrelated sentences): see the information rule in
docs/stages/dedup.md. Two short lists of whole words (normalised like every token; a plural
in ``s`` is added to each), not stems, so that English "pay" is not French "pays":

- **generic** news words: kinds of places, times and dates, counts, people in general;
- **nationality adjectives**, written in lower case in French ("syrienne", "russes"): names
  in all but spelling (English capitalises them, so they are names already).
"""

from __future__ import annotations

_GENERIC = """
ville villes pays région régions province provinces capitale localité localités village
villages territoire territoires zone zones quartier quartiers nord sud est ouest centre
lieu lieux endroit frontière frontières
jour jours journée semaine semaines mois an ans année années heure heures minute minutes
matin soir nuit hier demain aujourd lundi mardi mercredi jeudi vendredi samedi dimanche
janvier février mars avril mai juin juillet août septembre octobre novembre décembre
dizaine dizaines centaine centaines millier milliers million millions milliard milliards
nombre partie fois
personne personnes gens homme hommes femme femmes habitant habitants
city cities country countries region regions province provinces capital town towns village
villages area areas north south east west day days week weeks month months year years
hour hours morning evening night yesterday today tomorrow monday tuesday wednesday
thursday friday saturday sunday january february march april june july august september
october november december dozens hundreds thousands million millions billion billions
number people person man men woman women
"""

_NATIONALITIES = """
syrien syrienne russe iranien iranienne irakien irakienne turc turque israélien israélienne
palestinien palestinienne libanais libanaise jordanien jordanienne égyptien égyptienne
saoudien saoudienne yéménite afghan afghane pakistanais pakistanaise indien indienne
chinois chinoise japonais japonaise coréen coréenne américain américaine canadien
canadienne mexicain mexicaine brésilien brésilienne argentin argentine français française
allemand allemande britannique anglais anglaise italien italienne espagnol espagnole
portugais portugaise belge suisse néerlandais néerlandaise polonais polonaise ukrainien
ukrainienne biélorusse européen européenne africain africaine asiatique arabe kurde
algérien algérienne marocain marocaine tunisien tunisienne libyen libyenne malien malienne
nigérian nigériane soudanais soudanaise éthiopien éthiopienne somalien somalienne grec
grecque chypriote serbe croate hongrois hongroise roumain roumaine bulgare tchèque slovaque
suédois suédoise norvégien norvégienne danois danoise finlandais finlandaise irlandais
irlandaise qatari émirati koweïtien arménien arménienne azerbaïdjanais géorgien géorgienne
vénézuélien vénézuélienne colombien colombienne cubain cubaine chilien chilienne australien
australienne
"""

GENERIC_WORDS = frozenset(_GENERIC.split())
NATIONALITIES = frozenset(_NATIONALITIES.split())
