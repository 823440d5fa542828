"""The names of a plain article: registry entities it mentions, and candidates for new ones.

Pure functions over text, by rules (no model): the registry's names and aliases are found
with the EntityMatcher; other names are runs of capitalised words, typed by name_types.py
(the gazetteer of places.py before the word lists of gazetteer.py and the context), each with
the reason. Everything found is a *candidate* the author confirms: the rules prefer finding a
name to staying silent.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from briefkit.authoring import gazetteer as gz
from briefkit.authoring import places
from briefkit.authoring.name_types import (
    EVENT_WORDS,
    INSTITUTIONAL,
    ORG_WORDS,
    PLACE_WORDS,
    guess_type,
    is_acronym,
    is_known_place,
    judge_type,
    word_key,
)
from briefkit.link import EntityMatcher
from briefkit.model import COUNTRY, ORGANIZATION, PERSON, PLACE
from briefkit.registry import EntityRegistry
from briefkit.sentences import Sentence, split_sentences
from briefkit.validate import slugify

# --------------------------------------------------------------------------- registry entities


@dataclass(frozen=True)
class FoundEntity:
    """A registry entity mentioned in the article: its id, the names it appears under, how often."""

    id: str
    names: tuple[str, ...]
    count: int


def find_registry_entities(text: str, matcher: EntityMatcher) -> list[FoundEntity]:
    """Registry entities named in text (names and aliases, whole words), most mentioned first."""
    counts: Counter[str] = Counter()
    names: dict[str, list[str]] = {}
    for match in matcher.find(text):
        counts[match.entity_id] += 1
        shown = text[match.start:match.end]
        if shown not in names.setdefault(match.entity_id, []):
            names[match.entity_id].append(shown)
    return [FoundEntity(eid, tuple(names[eid]), counts[eid]) for eid in sorted(counts, key=lambda e: (-counts[e], e))]


# --------------------------------------------------------------------------- candidate entities



_CONNECTORS = frozenset({"of", "for", "de", "da", "do", "dos", "das", "du", "des", "del", "della", "di", "van",
                         "von", "der", "den", "ter", "ten", "bin", "ibn", "bint", "al", "el", "la", "le", "y", "&",
                         "on", "and", "the", "in"})
_NAME_PARTICLE = re.compile(r"^(?:al|el|ul|bin|ibn|abu|ben|de|da|van|von|d|l)['’-][A-ZÀ-Ý]")
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]\.(?=\s)"
                    r"|(?:Jr|Sr|St|Mt|Ft|Dr|Mr|Mrs|Ms|Gen|Lt|Col|Capt|Sgt|Gov|Sen|Rep|Prof)\."
                    r"|[^\W\d_]\w*(?:['’\-]\w+)*|\d[\w.,]*|&|[^\w\s]", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s?$")


_PERSON_TRAILERS = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})


@dataclass(frozen=True)
class Candidate:
    """A name not in the registry, with a guessed type, its mentions and other forms it took."""

    name: str
    type: str
    count: int
    aliases: tuple[str, ...] = ()
    why: str = ""  # the reason for the type: "gazetteer: city, IN, population 12,691,836", 'context: after "in"'
    role: str = ""  # the office or title the article gives a person: "Conservative MP"
    place: places.Place | None = None  # what the gazetteer knows of a place: coordinates, country

    @property
    def id(self) -> str:
        """A suggested registry id ("" when the name has no Latin letters to make one from)."""
        return slugify(self.name)


@dataclass
class _Token:
    text: str
    start: int
    end: int


@dataclass
class _Span:
    tokens: list[_Token]
    initial: bool  # the span starts a sentence (or a quotation)
    before: str  # the word before the span, lower-cased
    after: str  # the word after the span
    type_hint: str = ""
    aliases: list[str] = field(default_factory=list)
    role: str = ""  # the office before a person's name: "Conservative MP", "UN Secretary-General"

    @property
    def words(self) -> list[str]:
        return [t.text for t in self.tokens]

    @property
    def name(self) -> str:
        out = ""
        for i, token in enumerate(self.tokens):
            if i and not (self.tokens[i - 1].end == token.start):
                out += " "
            out += token.text
        return out




def is_capitalised(word: str) -> bool:
    if not word or not word[0].isalpha():
        return False
    return word[0].isupper() or bool(_NAME_PARTICLE.match(word))


def _has_digit(word: str) -> bool:
    return any(c.isdigit() for c in word)


def _is_name_word(word: str, next_word: str, previous_word: str) -> bool:
    """Can this token be part of a name? Months and weekdays only when no number is beside them."""
    if not is_capitalised(word) or _has_digit(word):
        return False
    if word in gz.WEEKDAYS:
        return False
    if word.rstrip(".") in gz.MONTH_ABBREVIATIONS:
        return False
    if word in gz.MONTHS and (next_word[:1].isdigit() or previous_word[:1].isdigit()):
        return False
    return True


def _spans(sentence: Sentence, dateline: bool) -> list[_Span]:
    """Runs of capitalised words (with inner connectors such as "of", "al-", "&") in one sentence."""
    text = sentence.text
    tokens = [_Token(m.group(), sentence.start + m.start(), sentence.start + m.end())
              for m in _TOKEN.finditer(text)]
    words = [t.text for t in tokens]
    spans: list[_Span] = []
    i = 0
    word_index = 0  # words seen since the sentence (or quotation) began
    in_dateline = dateline
    while i < len(tokens):
        word = words[i]
        following = words[i + 1] if i + 1 < len(words) else ""
        previous = words[i - 1] if i else ""
        if word in "“\"‘:" or (word == "'" and i + 1 < len(words) and is_capitalised(following)) or (
                in_dateline and word in "-–—"):
            in_dateline = False
            word_index = 0  # a quotation, or the text after a dateline, starts a new sentence
            i += 1
            continue
        if not (_is_name_word(word, following, previous) or (dateline and i == 0 and word.isupper())):
            if re.match(r"\w", word):
                word_index += 1
            i += 1
            continue
        run = [tokens[i]]
        j = i + 1
        while j < len(tokens):
            gap = text[tokens[j - 1].end - sentence.start:tokens[j].start - sentence.start]
            if words[j] in ("'", "’") and gap == "" and _inner_possessive(words, j, run):
                run[-1] = _Token(run[-1].text + words[j], run[-1].start, tokens[j].end)
                j += 1
                continue
            if gap not in (" ", "\u00a0") and not (gap == "" and words[j] == "."):
                break
            if _POSSESSIVE.search(words[j - 1]) and words[j - 1][-2:] in ("’s", "'s"):
                if not _inner_possessive(words, j, run):
                    break
            nxt = words[j + 1] if j + 1 < len(words) else ""
            if _is_name_word(words[j], nxt, words[j - 1]) or words[j] in _PERSON_TRAILERS:
                run.append(tokens[j])
                j += 1
                continue
            # a connector joins two name words: "Bank of Japan", "Hôtel de Ville", "Computer & Communications"
            k = j
            while k < len(tokens) and words[k].lower() in _CONNECTORS and k - j < 2:
                k += 1
            right_run = list(itertools.takewhile(is_capitalised, words[k:k + 6]))
            if k > j and k < len(tokens) and _connector_joins(words[j:k], [t.text for t in run], words[k],
                                                                words[k + 1] if k + 1 < len(words) else "",
                                                                right_run):
                run.extend(tokens[j:k + 1])
                j = k + 1
                continue
            break
        back = i - 1
        while back > 0 and words[back].lower() in ("the", "a", "an"):
            back -= 1  # "at the Hôtel de Ville": the preposition tells the type
        before = words[back].lower() if back >= 0 else ""
        after = words[j] if j < len(words) else ""
        span = _Span(run, initial=word_index == 0, before=before, after=after)
        if dateline and i == 0:
            if all(t.text.isupper() for t in run):
                run[:] = [_Token(t.text.title() if n == 0 or t.text.lower() not in _CONNECTORS else t.text.lower(),
                                 t.start, t.end) for n, t in enumerate(run)]  # "MEXICO CITY", "RIO DE JANEIRO"
            span.type_hint = PLACE
        spans.append(span)
        word_index += j - i
        i = j
    return [s for s in (_clean_possessive(s) for s in spans) if s.tokens]


def _inner_possessive(words: list[str], j: int, run: list[_Token]) -> bool:
    """A possessive inside a name: "Citizens' Movement", "People's Party" (not "Iran's Foreign Minister").

    words[j] follows the possessive; the name goes on only if an organisation word comes
    within the next capitalised words and the owner is no place or country of its own."""
    owner = words[j - 1].removesuffix("'s").removesuffix("’s") if words[j] not in ("'", "’") else words[j - 1]
    if gz.is_country(owner) or gz.is_region(owner) or owner[:1].islower():
        return False
    if any(word_key(t.text) in gz.TITLES for t in run):
        return False  # "Prime Minister Narendra Modi's Bharatiya Janata Party": a person's, then a name
    ahead = words[j + 1:j + 5] if words[j] in ("'", "’") else words[j:j + 4]
    for word in ahead:
        if not is_capitalised(word):
            return False
        if word_key(word) in ORG_WORDS:
            return True
    return False


def _connector_joins(connectors: list[str], left: list[str], right: str, right_next: str,
                     right_run: Sequence[str] = ()) -> bool:
    """Does the connector (of, for, and, in, the, a name particle) join left and the words from right
    into one name? right_run: the capitalised words from right on."""
    lowered = [c.lower() for c in connectors]
    if not is_capitalised(right) or _has_digit(right) or right in gz.WEEKDAYS:
        return False
    if right.rstrip(".") in gz.MONTHS and right_next[:1].isdigit():
        return False
    if left[-1].endswith(("’s", "'s")):
        return False
    if lowered == ["&"]:
        return True
    left_keys = [word_key(w) for w in left]
    right_keys = [word_key(w) for w in right_run or [right]]
    institutional = ORG_WORDS | PLACE_WORDS | EVENT_WORDS | gz.TITLES | INSTITUTIONAL
    named_by = any(w.lower() in ("of", "for") for w in left)  # "Ministry of ...", "Centres for ..."
    if lowered[0] == "and":
        right_name = _POSSESSIVE_END.sub("", " ".join(right_run or [right]))  # "China and Japan's lenders"
        if gz.is_country(right_name) or is_known_place(right_name):
            return False  # "Export-Import Bank of China and Japan": two names
        left_org = any(_is_org_key(k) for k in left_keys)
        if left_org and any(_is_org_key(k) for k in right_keys):
            return False  # "Royal Bank of Canada and Toronto-Dominion Bank": two organisations
        if named_by and any(_singular(k) in institutional for k in left_keys) and right_keys[0] in _PORTFOLIO_LIKE:
            return True  # "Ministry of Local Government and Public Works", "... Disease Control and Prevention"
        if left_org and named_by and left[-1].lower() not in ORG_WORDS | PLACE_WORDS:
            return True  # "Ministry of Science and Technology", but not "... Financial Group and Sumitomo ..."
        # "Oil and Natural Gas Corporation": common nouns, then the organisation's own word
        return all(k in _PORTFOLIO_LIKE or k in INSTITUTIONAL or gz.is_country(k) or re.fullmatch(r"\w+ers", k)
                   for k in left_keys) and _is_org_key(right_keys[-1])
    if lowered == ["in"]:
        # "Organization for Security and Co-operation in Europe", "Board of Control for Cricket in India"
        return (named_by and _is_org_key(left_keys[0]) and places.lookup(left[-1]) is None
                and bool(places.lookup(" ".join(right_run or [right]))))  # not "Bank of Japan in Tokyo"
    if lowered[0] in ("on", "the") or "the" in lowered[1:]:
        # "Commission on Human Rights": only inside organisations
        return lowered[0] != "the" and any(w.lower() in ORG_WORDS for w in left)
    if lowered[0] in ("of", "for"):
        if left[-1].lower() in gz.TITLES and len(left) == 1:
            return True  # "Secretary of State": split later as an office
        if len(left) > 1 and not any(_singular(k) in institutional for k in left_keys):
            return False  # "Jorge Álvarez Máynez of Citizens' Movement": a person, then an organisation
        return len(lowered) == 1 or lowered[1] == "the"
    # name particles: "da", "de", "van", "bin", "al"; two of them: "von der", "de la", "van den"
    return len(lowered) == 1 or all(c in _NAME_PARTICLES for c in lowered)


_POSSESSIVE_END = re.compile(r"['’]s?$")
_REGION_OF = re.compile(r" (?:Prefecture|Province|Region|State|County|District|Oblast|Governorate)")
_NAME_PARTICLES = frozenset("von van der den de la le da di du des del della dos das do bin ibn al el ter ten y"
                            .split())
_PORTFOLIO_LIKE = gz.PORTFOLIO_WORDS | frozenset("prevention control co-operation cooperation reconstruction research "
                                                 "innovation rights competition markets consumer consumers disaster "
                                                 "risk reduction management standards safety gas power".split())


def _singular(key: str) -> str:
    return key[:-1] if key.endswith("s") and not key.endswith("ss") else key


def _is_org_key(key: str) -> bool:
    """An organisation's word, singular or plural ("Unions", "Centres" are not places here)."""
    return key in ORG_WORDS or _singular(key) in ORG_WORDS


def _clean_possessive(span: _Span) -> _Span:
    last = span.tokens[-1]
    if last.text.endswith(("’s", "'s")):
        span.tokens[-1] = _Token(last.text[:-2], last.start, last.end - 2)
    elif last.text.endswith(("’", "'")) and last.text[:-1].endswith("s"):
        span.tokens[-1] = _Token(last.text[:-1], last.start, last.end - 1)
    span.tokens = [t for t in span.tokens if t.text]
    return span





def _split_titles(span: _Span, known) -> list[_Span]:
    """'US Defense Secretary Lloyd Austin' -> 'US' and 'Lloyd Austin' (a person, role 'US Defense Secretary').

    The office ends at its last head word ("Minister", "MP", "Secretary-General"; not a
    qualifier such as "Foreign" or "Energy", so "Energy Regulator of South Africa" stays
    whole), with its portfolio ("Secretary of State", "Under Secretary for Political
    Affairs"); a peer's title stays with the name ("Lord Hanson of Flint"), and an office
    that ends a name after a first name is a surname ("Aaron Judge")."""
    words = span.words
    keys = [word_key(w) for w in words]
    n = len(words)
    heads = [k for k in range(n) if keys[k] in gz.TITLES and keys[k] not in gz.TITLE_MODIFIERS]
    if not heads:
        return [span]
    first = next(k for k in range(n) if keys[k] in gz.TITLES)
    last = heads[-1]
    before_office = " ".join(words[:last])
    if (last == n - 1 and last >= 1 and keys[last] in gz.SURNAME_TITLES and keys[last - 1] not in gz.TITLES
            and not (gz.is_country(before_office) or is_known_place(before_office) or is_acronym(before_office))):
        return [span]  # "Aaron Judge", "Martin Luther King"
    j = last + 1
    in_portfolio = False  # "Secretary of State", "Minister for Foreign Affairs and Trade"
    while j < n:
        if words[j].lower() in ("of", "for", "and") and j + 1 < n and word_key(words[j + 1]) in gz.PORTFOLIO_WORDS:
            in_portfolio = True
        elif not (in_portfolio and word_key(words[j]) in gz.PORTFOLIO_WORDS):
            break
        j += 1
    name_start = j
    if keys[last] in gz.NAME_TITLES and j == last + 1 and j < n:
        name_start = last  # "Home Office Minister Lord Hanson of Flint": the peer is "Lord Hanson of Flint"
    rest = words[name_start:]
    head = _Span(span.tokens[:first], span.initial, span.before, words[first])
    if not rest:
        if head.tokens and known(head.name):
            return [head]  # "Iran Foreign Minister": the country, not the office
        if all(word_key(w) in gz.TITLES | gz.PORTFOLIO_WORDS or w.lower() in _CONNECTORS for w in words):
            return []  # "Foreign Minister": an office, no name
        return [span]  # "Diehl Defence": a name that ends in an office word
    if (any(word_key(w) in ORG_WORDS | PLACE_WORDS | EVENT_WORDS for w in rest)
            or rest[0].lower() in _CONNECTORS):
        return [span]  # "UN General Assembly", "Justice for Subpostmasters Alliance"
    out = []
    head_keys = [word_key(w) for w in head.words]
    if head.tokens and (known(head.name) or all(is_acronym(w) for w in head.words)
                        or (len(head_keys) > 1 and set(head_keys) & (ORG_WORDS | PLACE_WORDS))):
        out.append(head)  # "US", "WHO", "Franklin County" before the office
    role = " ".join(words[:name_start]).replace(" - ", "-")
    out.append(_Span(span.tokens[name_start:], False, words[name_start - 1].lower(), span.after,
                     type_hint=PERSON, role=role))
    return out


def _trim(span: _Span, seen_mid: set[str], known) -> _Span | None:
    """Drop sentence-start words and leftovers that are not part of the name."""
    tokens = list(span.tokens)
    while len(tokens) > 1 and _is_hyphenated_modifier(tokens[0].text):
        tokens.pop(0)  # "Kremlin-backed Wagner Group", "Miami-based Carnival Corporation": the modifier goes
    while tokens and tokens[-1].text.lower() in _CONNECTORS:
        tokens.pop()
    while tokens and tokens[-1].text in gz.POST_NOMINALS:
        tokens.pop()
    if span.initial:
        while len(tokens) > 1 and tokens[0].text.lower() in gz.STOPWORDS and not tokens[0].text.isupper():
            if tokens[0].text.lower() == "the" and len(tokens) == 2 and _join(tokens) in seen_mid:
                break
            tokens.pop(0)
        if len(tokens) > 1:
            first = tokens[0].text
            second = tokens[1].text.lower()
            known_first = first in seen_mid or gz.is_country(first) or gz.is_region(first)
            if second in ("of", "for") and not known_first and word_key(first) not in ORG_WORDS | PLACE_WORDS:
                tokens = tokens[2:]  # "Shares of Mitsubishi UFJ..." -> "Mitsubishi UFJ..."
            elif (not known_first and re.search(r"(?:ing|ed|ly)$", first) and second not in _CONNECTORS
                  and not is_acronym(first) and not known(_join(tokens)) and known(_join(tokens[1:]))):
                tokens = tokens[1:]  # "Neighbouring Chad" -> "Chad"
    elif tokens and tokens[0].text == "The" and len(tokens) > 2:
        tokens.pop(0)
    if tokens and tokens[0].text == "The" and len(tokens) == 2 and _join(tokens) not in seen_mid:
        tokens.pop(0)  # "The Kremlin" at a sentence start; "The Hague" is kept when seen mid-sentence
    while tokens and tokens[0].text.lower() in _CONNECTORS - {"al", "el", "de", "da", "la", "le", "van", "von"}:
        tokens.pop(0)
    while tokens and tokens[-1].text.lower() in _CONNECTORS:
        tokens.pop()
    if not tokens:
        return None
    return _Span(tokens, span.initial and tokens[0] is span.tokens[0], span.before, span.after, span.type_hint,
                 role=span.role)


def _join(tokens: list[_Token]) -> str:
    return " ".join(t.text for t in tokens)


def _is_non_name_single(word: str) -> bool:
    key = word_key(word)
    return (key in gz.STOPWORDS or key in gz.TITLES or key in gz.NON_NAMES or gz.is_demonym(word)
            or word in gz.MONTHS or word in gz.WEEKDAYS or len(word) < 2)


def _is_hyphenated_modifier(word: str) -> bool:
    """ "US-led", "UK-run", "Moscow-backed" (a name, then a verb's participle), or names of places
    or peoples joined ("Turkey-Syria", "Israeli-Egyptian", "Lagos-Ibadan"): they qualify a noun."""
    parts = word.split("-")
    if len(parts) < 2:
        return False
    if parts[-1][:1].islower() and parts[0][:1].isupper() and len(parts) == 2:
        return True
    return all(gz.is_country(p) or gz.is_region(p) or gz.is_demonym(p) or is_known_place(p) for p in parts)




_INITIALS_SKIP = {"of", "for", "the", "and", "on", "&", "de", "du", "la", "le", "des"}


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.lower() not in _INITIALS_SKIP and w[0].isalpha()).upper()


_ALIAS_PATTERNS = (
    re.compile(r"(?P<long>[^\s(),][^(),]*?)\s+\((?P<short>[^()]{2,40})\)"),
    re.compile(r"(?P<long>[^\s,][^,]*?),\s+(?:known as|also known as|better known as|called)\s+"
               r"(?P<short>[^\s,.;]+(?:\s+[A-Z][^\s,.;]*)*)"),
    # "Petróleo Brasileiro SA, the state-controlled oil company known as Petrobras"
    re.compile(r"(?P<long>[^\s,][^,]*?),\s+the\s+[^,.;()]{0,60}?\b(?:known as|called)\s+"
               r"(?P<short>[A-Z][^\s,.;]*(?:\s+[A-Z][^\s,.;]*)*)"),
)
_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|da|of))*"
# "Bombay (now Mumbai)": the old name, then the one in use
_NOW = re.compile(r"(?P<old>" + _NAME + r")\s+\(now\s+(?P<new>" + _NAME + r")\)")
# "Webuild, formerly Salini Impregilo": the name in use, then the old one
_NOW_FORMERLY = re.compile(r"(?P<new>" + _NAME + r"),\s+(?:formerly|previously)\s+(?:known as\s+)?(?P<old>"
                           + _NAME + ")")
# "the city, known as Salisbury until 1982", "the island nation, known as Ceylon": a former name of the
# place or country named last before it
_FORMERLY = re.compile(r"\b(?i:the|this|that)\s+(?P<noun>(?i:city|capital|town|port|country|nation|island nation|"
                       r"island|state|republic))\b(?!-)[^.;]{0,30}?\b(?i:formerly known as|previously known as|"
                       r"known as|formerly|once called|then called)\s+(?P<old>" + _NAME + r")")


def _former_names(text: str, counts: Counter, positions: dict[str, list[int]]) -> dict[str, str]:
    """Former names joined to the name in use: said so in the text ("Bombay (now Mumbai)", "the city,
    known as Salisbury until 1982"), or known to the gazetteer ("Madras" is Chennai)."""
    owner: dict[str, str] = {}
    for pattern in (_NOW, _NOW_FORMERLY):
        for match in pattern.finditer(text):
            if match["old"] in counts and match["new"] in counts and match["old"] != match["new"]:
                owner[match["old"]] = match["new"]
    for match in _FORMERLY.finditer(text):
        old = match["old"]
        if old not in counts or old in owner:
            continue
        country = match["noun"].lower() in ("country", "nation", "island nation", "island", "state", "republic")
        before = [(max(p for p in positions[n] if p < match.start()), n) for n in counts
                  if n != old and any(p < match.start() for p in positions[n])
                  and (gz.is_country(n) if country else (is_known_place(n) and not gz.is_country(n)))]
        if before:
            owner[old] = max(before)[1]
    by_place: dict[str, str] = {}
    for name in counts:
        place = places.lookup(name)
        if place is not None and place.kind == places.CITY and not place.former:
            by_place[place.name] = name
    for name in counts:
        place = places.lookup(name)
        if place is not None and place.former and place.name in by_place and name not in owner:
            owner[name] = by_place[place.name]
    return owner


# "TOKYO - ...", "Buenos Aires – ...": a place, a spaced dash, then the first sentence
# "KIEV, Ukraine (Reuters) - ", "SEOUL, Oct. 15 (Yonhap) - ", "TOKYO (Kyodo) -- ", "CHENNAI: " (capitals only)
_DATELINE = re.compile(r"^(?:(?P<caps>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})|[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3})"
                       r"(?:,\s+[^-–—:()]{1,40}?)?(?:\s+\([^)]{1,40}\))?(?:\s+[-–—]{1,2}\s|(?(caps):\s|(?!)))")


def find_candidates(text: str, registry: EntityRegistry, matcher: EntityMatcher | None = None,
                    skip_title_case: str = "") -> list[Candidate]:
    """Proper names in text that the registry does not know, with a guessed type, most mentioned first.

    skip_title_case: the title; when it is in Title Case its capitals say nothing and it is skipped.
    """
    matcher = matcher or EntityMatcher(registry)
    if skip_title_case and _is_title_case(skip_title_case) and text.startswith(skip_title_case):
        text = " " * len(skip_title_case) + text[len(skip_title_case):]
    sentences = []
    for paragraph_match in re.finditer(r"[^\n]+", text):
        paragraph = paragraph_match.group()
        dateline = bool(_DATELINE.match(paragraph))
        for index, sentence in enumerate(split_sentences(paragraph)):
            start = paragraph_match.start() + sentence.start
            sentences.append((Sentence(start, sentence.text), dateline and index == 0))
    raw = [span for sentence, dateline in sentences for span in _spans(sentence, dateline)]
    seen_mid = {_join(s.tokens) for s in raw if not s.initial}
    seen_mid |= {t.text for s in raw if not s.initial for t in s.tokens}
    lowered = set(re.findall(r"\b[a-z][\w'’-]*", text))

    def known(name: str) -> bool:
        return (name in seen_mid or gz.is_country(name) or gz.is_region(name) or is_known_place(name)
                or registry.resolve(name) is not None)

    spans: list[_Span] = []
    for span in raw:
        for part in _split_titles(span, known):
            trimmed = _trim(part, seen_mid, known)
            if trimmed is not None:
                spans.append(trimmed)
    mentions: list[tuple[str, _Span]] = []
    for span in spans:
        name = _join(span.tokens) if len(span.tokens) > 1 else span.tokens[0].text
        name = re.sub(r"\s+", " ", name).strip(" -'’")
        if not name:
            continue
        words = name.split()
        if len(words) == 1:
            if _is_non_name_single(name) and not gz.is_country(name):
                continue
            if _is_hyphenated_modifier(name):
                continue  # "US-led", "Moscow-backed", "Israeli-Egyptian", "Lagos-Ibadan": a modifier, no entity
            if is_acronym(name) and gz.is_country(name) is False and name.isupper() and "-" in name:
                continue
            if span.initial and not (known(name) or is_acronym(name)):
                if name.lower() in lowered or name.lower().rstrip("s") in lowered:
                    continue
                mentions.append((name, span))  # decided below: kept only if it is part of another name
                span.type_hint = span.type_hint or "?"
                continue
        elif all(_is_non_name_single(w) for w in words if w.lower() not in _CONNECTORS):
            continue
        elif gz.is_demonym(words[-1]):
            continue  # "South African", "Sri Lankan": adjectives
        mentions.append((name, span))
        # a country before a name of several words is mentioned too: "US Federal Reserve"
        if len(words) > 2 and gz.is_country(words[0]) and not gz.is_country(name):
            mentions.append((words[0], _Span(span.tokens[:1], span.initial, span.before, words[1])))
    return _merge(mentions, registry, text)


def _is_title_case(title: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", title) if w.lower() not in gz.STOPWORDS]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) > 0.7


# A sports report: a score, and a city's name that beats, draws or plays is its team's
_SCORE = re.compile(r"\b(?:beat|beating|drew|lost|won|defeated)\b[^.]{0,60}\b\d{1,2}-\d{1,2}\b")
_TEAM_VERBS = frozenset("beat beats beating drew draw defeated lost won face faces played play host hosts "
                        "thrashed".split())


# "banks including JPMorgan Chase", "freight operator DB Cargo", "Shares of Molson Coors": a business
_BUSINESS_NOUN = (r"(?:bank|lender|compan(?:y|ies)|firm|group|carmaker|retailer|airline|carrier|brewer|insurer|"
                  r"operator|manufacturer|maker|giant|conglomerate|subsidiary|supplier|contractor|chain|"
                  r"developer|exporter|producer|miner|refiner|utility|broker|rival)s?")
_BUSINESS_BEFORE = re.compile(r"\b" + _BUSINESS_NOUN + r"(?:,?[ \t]+(?:including|such as|like))?[ \t]+$"
                              r"|\b(?:[Ss]hares|[Ss]tock|[Cc]hief executive|CEO|[Ss]hareholders)[ \t]+(?:of|in)[ \t]+$")
_BUSINESS_AFTER = re.compile(r"^,\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,3}" + _BUSINESS_NOUN + r"\b"
                             r"|^['’]s\s+(?:chief executive|CEO|shares|shareholders|board)\b")


def _said_to_be_a_business(text: str, positions: dict[str, list[int]], members: list[str]) -> bool:
    """Does the text call one of these names a business where it names it?"""
    for member in members:
        for start in positions.get(member, ()):
            end = start + len(member)
            if _BUSINESS_BEFORE.search(text[max(0, start - 60):start]) or _BUSINESS_AFTER.match(text[end:end + 60]):
                return True
    return False


def _merge(mentions: list[tuple[str, _Span]], registry: EntityRegistry, text: str) -> list[Candidate]:
    """Group mentions into candidates: a surname joins its person, an acronym its long form."""
    counts: Counter[str] = Counter()
    first_span: dict[str, _Span] = {}
    hints: dict[str, set[str]] = {}
    roles: dict[str, str] = {}
    positions: dict[str, list[int]] = {}
    spans_of: dict[str, list[_Span]] = {}
    sport = bool(_SCORE.search(text))
    for name, span in mentions:
        spans_of.setdefault(name, []).append(span)
        counts[name] += 1
        positions.setdefault(name, []).append(span.tokens[0].start)
        first_span.setdefault(name, span)
        if span.role:
            roles.setdefault(name, span.role)
        hints.setdefault(name, set()).add(span.type_hint)
    owner: dict[str, str] = {}
    # explicit aliases: "Rapid Support Forces (RSF)", "Mohamed Hamdan Dagalo, known as Hemedti"
    for pattern in _ALIAS_PATTERNS:
        for match in pattern.finditer(text):
            long_form = next((n for n in sorted(counts, key=len, reverse=True)
                              if match.group("long").endswith(n) and len(n.split()) > 1), None)
            short = match.group("short").strip()
            if long_form and short in counts and short != long_form and not (
                    places.lookup(long_form) and _initials(long_form) != short.replace(".", "")):
                owner[short] = long_form  # but not "COLOMBO, Sri Lanka (AP)": a place, then a wire
    owner.update(_former_names(text, counts, positions))
    mixed = {n.casefold(): n for n in counts if not n.isupper()}
    for name in counts:
        other = mixed.get(name.casefold())
        if other and other != name and name not in owner and sum(c.isupper() for c in name) > sum(
                c.isupper() for c in other):
            owner[name] = other  # a dateline's capitals
    names = sorted(counts, key=lambda n: (-len(n.split()), -len(n), n))
    multi = [n for n in names if len(n.split()) > 1]
    for name in names:
        if name in owner:
            continue
        words = name.split()
        if len(words) == 1:
            hosts = [m for m in multi if name in m.split() and first_span[m].type_hint in (PERSON, "")]
            hosts = [h for h in hosts if h.split()[-1] == name] or hosts
            # "Chennai" is no alias of "Chennai Metro Rail Limited"; "Hull" of "Jessica Hull" is
            if is_known_place(name):
                hosts = [h for h in hosts if (h.split()[-1] == name and guess_type(h, "", "", "") == PERSON)
                         or _REGION_OF.fullmatch(h[len(name):]) and h.startswith(name)]  # "Kagoshima Prefecture"
            if hosts and not gz.is_country(name):
                owner[name] = hosts[0]
                continue
            if is_acronym(name):
                host = next((m for m in multi if _initials(m) == name.replace(".", "")), None)
                if host:
                    owner[name] = host
                    continue
        else:
            host = next((m for m in multi if m != name and len(m) > len(name) and f" {name} " in f" {m} "
                         and m not in owner and not gz.is_country(name)), None)
            if host and (m_type := guess_type(name, "", "", "")) in (ORGANIZATION, PERSON, PLACE):
                if m_type == guess_type(host, "", "", "") or host.endswith(name):
                    owner[name] = host
                    continue
    def root(name: str) -> str:
        seen = set()
        while name in owner and name not in seen:
            seen.add(name)
            name = owner[name]
        return name

    groups: dict[str, list[str]] = {}
    for name in counts:
        groups.setdefault(root(name), []).append(name)
    out = []
    for name, members in groups.items():
        span = first_span[name]
        if hints[name] == {"?"} and len(members) == 1 and counts[name] == 1:
            continue  # a lone capitalised word at a sentence start, nowhere else: most likely not a name
        if registry.resolve(name) is not None or gz.strip_accents(name) in {"the"}:
            continue
        hint = "" if span.type_hint == "?" else span.type_hint
        if any(PERSON in hints[m] for m in members):
            hint = hint or PERSON
        kind, why = judge_type(name, hint, span.before, span.after)
        if kind == PLACE and sport and any(
                s.after.lower() in _TEAM_VERBS or s.before in _TEAM_VERBS | {"against"}
                for m in members for s in spans_of[m]):
            # "Liverpool beat Genk 2-1"
            kind, why = ORGANIZATION, "context: a team (a score, and it beat, drew or played)"
        weak = why.startswith(("guess", 'context: after "'))  # no title, no gazetteer, no organisation word
        if kind in (PERSON, PLACE) and weak and _said_to_be_a_business(text, positions, members):
            kind, why = ORGANIZATION, 'context: called a company ("banks including ...", "the retailer ...")'
        role = next((roles[m] for m in [name, *members] if roles.get(m)), "") if kind == PERSON else ""
        aliases = tuple(sorted(m for m in members if m != name and registry.resolve(m) is None))
        if kind == PERSON and any(is_acronym(a) for a in aliases):
            kind, why = ORGANIZATION, "context: has an acronym"  # "Republican Left of Catalonia (ERC)"
        place = places.lookup(name) if kind in (PLACE, COUNTRY) else None
        out.append(Candidate(name, kind, sum(counts[m] for m in members), aliases, why, role, place))
    return sorted(out, key=lambda c: (-c.count, c.name))


