"""Deterministic synthetic briefkit projects for benchmarks.

    generate(root, briefings=1000, entities=500, seed=1)

writes into root a project shaped like the sample one: mkdocs.yml, overrides/, the
hand-written docs/ files, briefings/*.md of realistic length (500-900 words in
paragraphs, 10-20 entities mentioned by name or alias, some as [[wikilinks]], facts,
events, tags, a source) and briefings/entities/*.yml. The same arguments always give
byte-identical files (one seeded random.Random, no clock, no set iteration order).

Entity popularity follows a Zipf-like law, as in real archives: a few countries are
in a large share of briefings, most people in a handful. That is what exercises the
backlink cap of very common entities and the candidate pruning of related briefings.

Command line: python benchmarks/generate.py ROOT --briefings 1000 --entities 500
"""

from __future__ import annotations

import argparse
import datetime
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# What a project is made of besides briefings/ (the same list as tests/conftest.py).
PROJECT_PARTS = ["mkdocs.yml", "overrides", "docs/about.md", "docs/authoring.md",
                 "docs/home-intro.md"]

# Entity names are built from invented syllables so that they never occur by chance in
# the English filler text: every mention in a generated briefing is one we wrote.
_SYLLABLES = ("ka", "lo", "mi", "ran", "tu", "vel", "zor", "pa", "shi", "den", "mar", "qu", "bo", "li",
              "sen", "dra", "ko", "vi", "tal", "nor", "ebb", "ush", "fen", "gar", "hal", "jun", "rik", "sol")
_WORDS = (
    "the a an and or but of to in on at for with from by about after before during under over between "
    "against into through while because although officials said government ministry talks agreement "
    "security border trade economic political military forces week month year report statement "
    "meeting visit delegation sanctions election vote parliament court ruling protest crisis region "
    "cooperation tensions attack strike ceasefire negotiations aid humanitarian refugees energy oil gas "
    "prices market inflation budget reform policy leaders president minister spokesman analysts "
    "according sources confirmed denied announced warned urged called expected plans new major "
    "regional international national local public private senior former current several many some "
    "most further earlier later recent significant growing concerns pressure support opposition "
    "agreed rejected proposed signed launched resumed suspended increased reduced"
).split()
_TAGS = [f"{a} {b}".strip() for a in ("", "regional", "economic", "border", "maritime", "energy", "cyber")
         for b in ("diplomacy", "security", "trade", "elections", "sanctions", "protests", "conflict",
                   "migration", "health", "climate", "courts", "finance", "media", "aid")]
_TYPES = (("country", 0.06), ("place", 0.24), ("organization", 0.25), ("person", 0.45))
_FACT_LABELS = ("Talks", "Casualties", "Agreement", "Next step", "Venue", "Figure", "Deadline", "Trigger",
                "Response", "Cost")


def _name(rng: random.Random, parts: int) -> str:
    return " ".join("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
                    for _ in range(parts))


def _entities(rng: random.Random, count: int) -> list[dict]:
    taken: set[str] = set()
    entities = []
    weights = [w for _, w in _TYPES]
    for index in range(count):
        kind = rng.choices([t for t, _ in _TYPES], weights)[0]
        while True:
            name = _name(rng, 2 if kind in ("person", "organization") else 1)
            if kind == "organization":
                name += rng.choice((" Council", " Front", " Party", " Agency", " Group"))
            aliases = []
            if kind == "person":
                aliases.append(name.split()[-1])           # the surname alone, as articles write it
            elif kind == "organization":
                aliases.append("".join(w[0] for w in name.split()).upper() + str(index % 10))
            elif rng.random() < 0.4:
                aliases.append(_name(rng, 1) + " Province")
            keys = {name.casefold(), *(a.casefold() for a in aliases)}
            if not keys & taken:
                taken |= keys
                break
        slug = "-".join(name.casefold().split()) + f"-{index}"
        entities.append({"id": slug, "name": name, "type": kind, "aliases": aliases})
    return entities


def _entity_yaml(e: dict, rng: random.Random) -> str:
    lines = [f"- id: {e['id']}", f"  name: {e['name']}", f"  type: {e['type']}"]
    if e["aliases"]:
        lines.append("  aliases: [" + ", ".join(e["aliases"]) + "]")
    description = _sentence(rng, 12, 25)
    lines.append(f"  description: {description}")
    if e["type"] == "person":
        lines.append(f"  role: {rng.choice(('Minister', 'Spokesman', 'General', 'Envoy', 'Governor'))}")
    return "\n".join(lines) + "\n"


def _capital(text: str) -> str:
    """First letter upper case, the rest untouched (str.capitalize would lower-case names)."""
    return text[:1].upper() + text[1:]


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(low, high))]
    return _capital(" ".join(words)) + "."


def _pick_entities(rng: random.Random, entities: list[dict], zipf: list[float], count: int) -> list[dict]:
    chosen: dict[str, dict] = {}
    while len(chosen) < count:
        e = rng.choices(entities, zipf)[0]
        chosen.setdefault(e["id"], e)
    return list(chosen.values())


def _body(rng: random.Random, mentioned: list[dict]) -> str:
    """500-900 words in 6-10 paragraphs; every chosen entity written at least once."""
    words_left = rng.randint(500, 900)
    paragraphs: list[list[str]] = []
    queue = list(mentioned) + rng.sample(mentioned, k=min(len(mentioned), 6))  # some named twice
    while words_left > 0:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            words = [rng.choice(_WORDS) for _ in range(rng.randint(12, 24))]
            if queue and rng.random() < 0.8:
                e = queue.pop(0)
                shown = rng.choice([e["name"], *e["aliases"]]) if e["aliases"] else e["name"]
                if rng.random() < 0.15:
                    shown = f"[[{e['id']}|{shown}]]"
                words.insert(rng.randint(1, len(words) - 1), shown)
            words_left -= len(words)
            sentences.append(_capital(" ".join(words)) + ".")
        paragraphs.append(sentences)
    for e in queue:  # whatever is left goes into the last paragraph
        paragraphs[-1].append(f"Officials also named {e['name']}.")
    return "\n\n".join(" ".join(p) for p in paragraphs) + "\n"


def _briefing(rng: random.Random, index: int, day: datetime.date, entities: list[dict],
              zipf: list[float]) -> tuple[str, str]:
    mentioned = _pick_entities(rng, entities, zipf, rng.randint(10, 20))
    headline = _sentence(rng, 6, 11).rstrip(".")
    slug = f"{day.isoformat()}-" + "-".join(headline.casefold().split()[:5]) + f"-{index}"
    places = [e for e in mentioned if e["type"] in ("place", "country")][:2]
    people = [e for e in mentioned if e["type"] in ("person", "organization")][:3]
    tags = rng.sample(_TAGS, k=rng.randint(1, 4))
    lines = ["---", f"title: {headline}",
             f"summary: {mentioned[0]['name']} {_sentence(rng, 14, 30).lower()}",
             f"date: {day.isoformat()}"]
    if places:
        lines.append("location: [" + ", ".join(e["id"] for e in places) + "]")
    if people:
        lines.append("actors: [" + ", ".join(e["id"] for e in people) + "]")
    lines.append("tags: [" + ", ".join(tags) + "]")
    lines += ["source:", f"  title: {_sentence(rng, 5, 10).rstrip('.')}", "  publisher: Synthetic Wire",
              f"  url: https://example.org/wire/{index}"]
    lines.append("facts:")
    for label in rng.sample(_FACT_LABELS, k=rng.randint(3, 6)):
        e = rng.choice(mentioned)
        lines.append(f'  - label: {label}')
        lines.append(f'    value: "[[{e["id"]}]] {" ".join(rng.choice(_WORDS) for _ in range(rng.randint(3, 8)))}"')
    lines.append("events:")
    for _ in range(rng.randint(1, 4)):
        when = day - datetime.timedelta(days=rng.randint(0, 20))
        e = rng.choice(mentioned)
        lines.append(f"  - date: {when.isoformat()}")
        lines.append(f'    summary: "[[{e["id"]}]] {" ".join(rng.choice(_WORDS) for _ in range(rng.randint(5, 12)))}"')
    lines.append("---")
    return slug, "\n".join(lines) + "\n\n" + _body(rng, mentioned)


def copy_site_parts(root: Path) -> None:
    """mkdocs.yml (same theme and plugins as the sample), overrides/ and the hand-written docs/ files."""
    for part in PROJECT_PARTS:
        source = REPO / part
        target = root / part
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        elif source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def generate(root: Path, briefings: int, entities: int, seed: int = 1) -> list[Path]:
    """Write a synthetic project into root (created; its briefings/ replaced); returns the briefing files."""
    rng = random.Random(seed)
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    copy_site_parts(root)
    shutil.rmtree(root / "briefings", ignore_errors=True)
    (root / "briefings" / "entities").mkdir(parents=True)
    registry = _entities(rng, max(entities, 20))
    # Zipf-like popularity: the k-th entity is mentioned about 1/k^0.9 as often as the first.
    zipf = [1 / (rank + 1) ** 0.9 for rank in range(len(registry))]
    by_type: dict[str, list[str]] = {}
    for e in registry:
        by_type.setdefault(e["type"], []).append(_entity_yaml(e, rng))
    for kind, items in sorted(by_type.items()):
        # a few large files, as a real registry is kept: one per type, split every 1,000 entities
        for start in range(0, len(items), 1000):
            name = f"{kind}s-{start // 1000:03d}.yml"
            (root / "briefings" / "entities" / name).write_text("\n".join(items[start:start + 1000]),
                                                                encoding="utf-8")
    files = []
    first_day = datetime.date(2015, 1, 1)
    span = max(1, min(365 * 10, briefings))  # ten years of briefings at most, a few a day
    for index in range(briefings):
        day = first_day + datetime.timedelta(days=index * span // briefings)
        slug, text = _briefing(rng, index, day, registry, zipf)
        path = root / "briefings" / f"{slug}.md"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--briefings", type=int, default=1000)
    parser.add_argument("--entities", type=int, default=None, help="default: half the briefings")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    files = generate(args.root, args.briefings, args.entities or args.briefings // 2, args.seed)
    print(f"{len(files)} briefings written under {args.root / 'briefings'}")


if __name__ == "__main__":
    main()
