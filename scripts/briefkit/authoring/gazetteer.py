"""Word lists the draft extractor judges capitalised words by: countries, regions, titles, demonyms.

Countries and their first-level subdivisions come from pycountry (ISO 3166, shipped with
the package, no network). The rest are short hand-kept lists of English words that are
capitalised without naming an entity ("President", "Kenyan", "Monday"); they are data,
kept apart from the rules in names.py and name_types.py so that they can grow without touching the logic.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from briefkit.dates import WEEKDAYS as WEEKDAYS  # re-exported: the word lists name weekdays too

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
MONTH_ABBREVIATIONS = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9,
                       "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12}

# Words that start sentences or headlines and never begin a name.
STOPWORDS = frozenset("""
a about above according across after afterwards again against ahead all almost along already also although
amid amidst among an and another any anyone anything are around as at back be because before behind being
below beneath beside besides between beyond both but by can could despite did do does doing down during each
earlier either else elsewhere even ever every except few first following for from further furthermore had has
have having he hence her here hers herself him himself his how however i if in including indeed inside instead
into is it its itself just last later lately least less let like likewise many may meanwhile might more
moreover most much must my near nearly neither never nevertheless next no nobody none nor not nothing now of
off often on once one only onto or other others otherwise our ours out outside over overall own per perhaps
prior rather recently regardless same several shall she should since so some someone something soon
still such than that the their theirs them then there thereafter therefore these they this those though
through throughout thus to today together tomorrow too toward towards under unless unlike until up upon us
very via was we well were what whatever when whenever where whereas wherever whether which while who whoever
whole whom whose why will with within without would yesterday yet you your yours also additionally eventually
finally firstly secondly initially ultimately separately similarly specifically meanwhile nonetheless
yes oh latest various numerous half
""".split())

# Offices and honorifics: they stand before a name and are not part of it.
TITLES = frozenset("""
president vice prime minister ministers chancellor premier governor mayor secretary general attorney justice
judge senator sen sen. rep rep. representative congressman congresswoman speaker chairman chairwoman chair
chief executive director commissioner ambassador envoy spokesman spokeswoman spokesperson adviser advisor
sir dame lord lady mr mr. mrs mrs. ms ms. dr dr. prof prof. professor king queen prince princess pope sheikh
emir crown cardinal archbishop bishop rabbi imam ayatollah colonel col col. lieutenant lt lt. major captain
capt capt. commander admiral marshal field sergeant sgt sgt. brigadier gen gen. deputy acting former leader
foreign defence defense finance interior environment health home business trade energy economy treasury
education transport culture president-elect supreme opposition minister-president
mp secretary-general director-general attorney-general under-secretary undersecretary under administrator
manager coach shadow baroness baron gov sheriff constable inspector detective superintendent commandant
""".split())

# Title words that only qualify an office ("Foreign" Minister, "Energy" Secretary): a name never follows one alone.
TITLE_MODIFIERS = frozenset("""
vice foreign defence defense finance interior environment health home business trade energy economy treasury
education transport culture supreme opposition acting former deputy chief crown field shadow under attorney
""".split())

# Peers are named with their title ("Lord Hanson of Flint"); some offices are also surnames ("Aaron Judge").
NAME_TITLES = frozenset({"lord", "lady", "baroness", "baron"})
SURNAME_TITLES = frozenset({"judge", "king", "major", "bishop", "marshal", "prince", "cardinal", "pope", "mayor",
                            "speaker", "sheikh", "chancellor", "chair", "governor"})

# After "Secretary of" / "Minister for": the portfolio, which is part of the office, not of a name.
PORTFOLIO_WORDS = frozenset("""
state foreign affairs defence defense health finance interior home justice education trade industry energy
environment agriculture economy the treasury labour labor transport culture security public works information
communications science technology and digital international development immigration housing commerce
homeland veterans war planning water tourism sport youth women family social welfare employment mines
petroleum oil political public works care local government commerce
""".split())

POST_NOMINALS = frozenset({"KC", "QC", "MP", "MEP", "OBE", "CBE", "MBE", "PhD", "MD", "Esq"})

# Capitalised adjectives and nouns that name no entity of their own.
NON_NAMES = frozenset("""
western eastern northern southern central north south east west northeast northwest southeast southwest
muslim muslims christian christians jewish jews catholic catholics protestant hindu hindus buddhist sikh
islamic islamist islamists zionist marxist communist communists socialist socialists democrat democrats
republican republicans liberal liberals tory tories sunni shia shiite shiites arab arabs arabic english
internet web god article chapter section figure table page premier parliamentarian mps meps ceo ceos
gdp tv pm am covid rs olympic olympics paralympic release update breaking exclusive analysis correction urgent
fla calif ariz colo conn okla tenn alta ont sask neb nev mich minn wis wyo ore ky kan ark ala
one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred hundreds
thousand thousands dozens committee project affairs high
""".split())

# Demonyms whose form does not follow from the country's name.
_IRREGULAR_DEMONYMS = """
afghan afghans american americans argentine argentinian australian australians austrian bahraini bangladeshi
belarusian belgian bolivian brazilian british briton britons bulgarian burmese cambodian canadian chilean
chinese colombian congolese croatian cuban cypriot czech danish dutch ecuadorian egyptian emirati english
eritrean estonian ethiopian european europeans african africans asian asians filipino filipina filipinos
finnish french georgian german germans ghanaian greek guatemalan haitian hungarian icelandic indian indians
indonesian iranian iranians iraqi iraqis irish israeli israelis italian ivorian jamaican japanese jordanian
kazakh kenyan kenyans korean koreans kosovar kurdish kurd kurds kuwaiti kyrgyz lao laotian latvian lebanese
libyan lithuanian malagasy malaysian malian maltese mexican moldovan mongolian montenegrin moroccan
mozambican namibian nepali nepalese nigerian nigerien norwegian omani pakistani pakistanis palestinian
palestinians panamanian peruvian philippine polish portuguese qatari romanian russian russians rwandan saudi
saudis scottish senegalese serbian slovak slovenian somali spanish sri lankan sudanese swedish swiss syrian
syrians taiwanese tajik tanzanian thai tunisian turkish turkmen ugandan ukrainian ukrainians uruguayan
uzbek venezuelan vietnamese welsh yemeni zambian zimbabwean baloch balochi baluch pashtun persian latin
latino hispanic scandinavian baltic balkan caucasian gulf sahelian
""".split()

_COUNTRY_ALIASES = ("US", "U.S.", "USA", "United States", "United States of America", "America", "UK", "U.K.",
                    "Britain", "Great Britain", "United Kingdom", "England", "Scotland", "Wales",
                    "Northern Ireland", "Russia", "Iran", "Syria", "Laos", "Vietnam", "South Korea",
                    "North Korea", "Ivory Coast", "Congo", "DR Congo", "Democratic Republic of Congo",
                    "Democratic Republic of the Congo", "Czech Republic", "Turkey", "Palestine", "Kosovo",
                    "Taiwan", "Bolivia", "Venezuela", "Tanzania", "Moldova", "Micronesia", "Vatican",
                    "Holy See", "Burma", "Myanmar", "Swaziland", "Eswatini", "UAE", "Gaza Strip",
                    "West Bank", "The Gambia", "Gambia", "The Netherlands", "Netherlands", "Holland")

# Words in a subdivision list that are ordinary English when capitalised at a sentence start.
_COMMON_REGION_WORDS = {"centre", "center", "central", "capital", "north", "south", "east", "west",
                        "western", "eastern", "northern", "southern", "coast", "lakes", "upper", "lower",
                        "islands", "border", "delta", "highlands", "lagoons", "plateau", "mountain",
                        "valley", "east central", "national capital", "river", "lake", "sea"}


def strip_accents(text: str) -> str:
    """Lower-case ASCII-ish key: accents removed, case folded (Tehrān -> tehran)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@functools.lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """Folded names of every country (ISO 3166-1 names, common and official names, usual aliases)."""
    import pycountry

    names: set[str] = set(_COUNTRY_ALIASES)
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                names.add(value)
                names.add(value.split(",")[0])
    return frozenset(strip_accents(n) for n in names)


_REGION_SUFFIX = re.compile(r"\s+(?:province|state|region|oblast|krai|prefecture|county|governorate|shi|sheng)$")


@functools.lru_cache(maxsize=1)
def regions() -> frozenset[str]:
    """Folded names of first-level subdivisions (states, provinces, regions) of every country,
    kept in the user's cache (reading pycountry's 5,000 subdivisions costs 0.15 s a run)."""
    import pycountry

    from briefkit.cache import cached_json

    release = getattr(pycountry, "__version__", "") or "unknown"
    return frozenset(cached_json(f"regions-{REGIONS_FORMAT}-pycountry-{release}.json", _regions))


REGIONS_FORMAT = 1  # bump when _regions keeps other names: the cached list is then rebuilt


def _regions() -> list[str]:
    import pycountry

    names = set()
    for subdivision in pycountry.subdivisions:
        for part in re.split(r"\s*[/\[\]]\s*", subdivision.name):
            key = _REGION_SUFFIX.sub("", strip_accents(part.strip()))
            if key and key not in _COMMON_REGION_WORDS and len(key) > 2:
                names.add(key)
                names.add(key.replace(" va ", " and ").replace(" e ", " and "))
                names.add(key.replace(" va ", "-"))
    return sorted(names)


@functools.lru_cache(maxsize=1)
def demonyms() -> frozenset[str]:
    """Folded adjectives and plurals for the people of a country ("Pakistani", "Kenyans")."""
    forms = set(_IRREGULAR_DEMONYMS)
    for name in countries():
        if " " in name or "," in name or len(name) < 4:
            continue
        stem = name[:-1] if name[-1] in "aeiouy" else name
        for form in (name + "n", name + "an", name + "ian", stem + "ian", name + "i", stem + "ese", name + "ese",
                     stem + "an", name + "ish", stem + "i"):
            forms.add(form)
    return frozenset(forms | {f + "s" for f in forms})


def is_country(name: str) -> bool:
    return strip_accents(name) in countries()


def is_region(name: str) -> bool:
    return strip_accents(name) in regions()


def is_demonym(word: str) -> bool:
    return strip_accents(word) in demonyms()
