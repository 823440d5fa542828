"""Measure what `briefkit new` finds against hand annotations.

Usage (from the repository root):

    .venv/bin/python tests/drafting/evaluate.py [--registry sample|empty] [--verbose]

Each article tests/drafting/evaluation/NAME.txt has NAME.yml beside it, written by hand
before the extractor was run on it: the article's date, every named person, organisation,
country and place (name, type, other forms the text uses), and every explicit calendar
date (a day and a month, with or without a year) with the date it means. "split: dev"
articles were written first and the rules were built while reading them; "split:
held-out" ones were written and annotated afterwards, to measure rules that had not seen
them (their first score is recorded in tests/drafting/README.md).

Scores:
- recall: annotated entities the draft names (as a registry entity or a candidate, by
  its name or one of its aliases; a leading "the" and case are ignored);
- precision: the draft's registry entities and candidates typed person, organisation,
  country or place that match an annotated entity (candidates it types "event" are out of
  scope: the annotation marks no events);
- type accuracy: annotated entities found whose draft type is the annotated one;
- dates: annotated dates that appear among the draft's events at the annotated precision
  (YYYY-MM-DD, YYYY-MM or YYYY), counted by kind: a day ("17 January"), a weekday
  resolved against the article's date ("on Wednesday"), a month ("in June 2004"), a year
  ("since 1997");
- failure classes: each miss, false find and wrong type put in one class (see classify),
  so a rule change can be judged by the class it was meant to mend.
"""

from __future__ import annotations

import argparse
import datetime
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from briefkit.authoring.draft import analyse  # noqa: E402
from briefkit.authoring.gazetteer import strip_accents  # noqa: E402
from briefkit.model import EVENT  # noqa: E402
from briefkit.registry import EntityRegistry, load_registry  # noqa: E402

IN_SCOPE = {"person", "organization", "country", "place"}


def key(name: str) -> str:
    k = " ".join(strip_accents(name).replace("’", "'").split())
    return k[4:] if k.startswith("the ") else k


@dataclass
class Score:
    name: str
    split: str = "dev"
    annotated: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0
    dates: int = 0
    dates_right: int = 0
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    wrong_dates: list[str] = field(default_factory=list)
    extra_dates: list[str] = field(default_factory=list)
    type_right: int = 0
    typed: int = 0
    wrong_types: list[str] = field(default_factory=list)
    date_kinds: Counter = field(default_factory=Counter)  # kind -> annotated
    date_kinds_right: Counter = field(default_factory=Counter)  # kind -> resolved
    classes: Counter = field(default_factory=Counter)  # failure class -> count
    duplicates: list[str] = field(default_factory=list)


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def date_kind(text: str, wanted: str) -> str:
    """day, weekday, month or year: the precision an annotated date is given at."""
    if len(wanted) == 4:
        return "year"
    if len(wanted) == 7:
        return "month"
    return "weekday" if any(d in text.lower() for d in _WEEKDAYS) else "day"


def _words(k: str) -> list[str]:
    return k.replace("-", " ").split()


def _inside(small: str, big: str) -> bool:
    """small's words are a run of big's words (and fewer)."""
    s, b = _words(small), _words(big)
    return len(s) < len(b) and any(b[i:i + len(s)] == s for i in range(len(b) - len(s) + 1))


def classify_false(name: str, keys: set[str], gold_keys: list[set[str]]) -> str:
    """The class of a false find: a gold name with a title or office before it, a hyphenated
    modifier, a part of a gold name (a split), a lone word, or another name."""
    all_gold = [g for keys_ in gold_keys for g in keys_]
    if any(_inside(g, k) and _words(k)[-len(_words(g)):] == _words(g) for k in keys for g in all_gold):
        return "title swallowed into a name"
    if "-" in name and (name.split("-")[-1][:1].islower() or all(p[:1].isupper() for p in name.split("-"))):
        if not any(k in all_gold for k in keys):
            return "hyphenated modifier or compound"
    if any(_inside(k, g) for k in keys for g in all_gold):
        return "part of a name (split)"
    if len(name.split()) == 1:
        return "lone word, not an entity"
    return "other name, not annotated"


def classify_miss(keys: set[str], predicted_keys: list[set[str]]) -> str:
    """Why an annotated entity was missed: swallowed into a longer proposal with a title, split, or not found."""
    pk = [k for keys_ in predicted_keys for k in keys_]
    if any(_inside(g, k) for g in keys for k in pk):
        return "missed: inside a longer proposal"
    if any(_inside(k, g) for g in keys for k in pk):
        return "missed: only a part proposed"
    return "missed: not proposed"


def evaluate_article(text_file: Path, registry: EntityRegistry) -> Score:
    annotation = yaml.safe_load(text_file.with_suffix(".yml").read_text(encoding="utf-8"))
    article_date = annotation["date"]
    if isinstance(article_date, str):
        article_date = datetime.date.fromisoformat(article_date)
    found = analyse(text_file.read_text(encoding="utf-8"), article_date, registry)
    predictions: list[tuple[str, set[str], str]] = []  # (shown name, keys, type)
    for entity in found.entities:
        record = registry.get(entity.id)
        predictions.append((record.name, {key(record.name), *map(key, entity.names)}, record.type))
    for candidate in found.candidates:
        predictions.append((candidate.name, {key(candidate.name), *map(key, candidate.aliases)}, candidate.type))
    score = Score(text_file.stem, annotation.get("split", "dev"))
    gold = [(e["name"], {key(e["name"]), *map(key, e.get("aliases") or [])}, e["type"])
            for e in annotation["entities"]]
    score.annotated = len(gold)
    for name, keys, kind in gold:
        matches = [p for p in predictions if p[1] & keys]
        if matches:
            score.found += 1
            score.typed += 1
            score.type_right += matches[0][2] == kind
            if matches[0][2] != kind:
                score.wrong_types.append(f"{name} ({kind} as {matches[0][2]})")
                score.classes[f"type: {kind} as {matches[0][2]}"] += 1
            if len(matches) > 1:  # "Bombay" and "Mumbai", "Recep Erdogan" and "Erdogan" as two
                score.duplicates.append(" / ".join(m[0] for m in matches))
                score.classes["one entity proposed twice (alias not joined)"] += 1
        else:
            score.missed.append(name)
            score.classes[classify_miss(keys, [p[1] for p in predictions])] += 1
    for name, keys, kind in predictions:
        if kind == EVENT or kind not in IN_SCOPE:
            continue
        score.predicted += 1
        if any(keys & g[1] for g in gold):
            score.correct += 1
        else:
            score.wrong.append(f"{name} ({kind})")
            score.classes["false: " + classify_false(name, keys, [g[1] for g in gold])] += 1
    predicted_dates = {str(e.date) for e in found.events}
    annotated_dates = set()
    for item in annotation.get("dates") or []:
        wanted = str(item["date"])
        annotated_dates.add(wanted)
        score.dates += 1
        kind = date_kind(item["text"], wanted)
        score.date_kinds[kind] += 1
        if wanted in predicted_dates:
            score.dates_right += 1
            score.date_kinds_right[kind] += 1
        else:
            score.wrong_dates.append(f"{item['text']} -> {wanted}")
            score.classes[f"date not drafted: {kind}"] += 1
    score.extra_dates = sorted(d for d in predicted_dates if d not in annotated_dates)
    return score


def evaluate(registry_kind: str = "sample") -> list[Score]:
    if registry_kind == "sample":
        registry, _ = load_registry(REPO / "briefings" / "entities", REPO)
    else:
        registry = EntityRegistry()
    return [evaluate_article(f, registry) for f in sorted((HERE / "evaluation").glob("*.txt"))]


def totals(scores: list[Score]) -> dict[str, float]:
    annotated = sum(s.annotated for s in scores)
    predicted = sum(s.predicted for s in scores)
    dates = sum(s.dates for s in scores)
    typed = sum(s.typed for s in scores)
    return {
        "articles": len(scores),
        "annotated": annotated,
        "recall": sum(s.found for s in scores) / annotated if annotated else 1.0,
        "precision": sum(s.correct for s in scores) / predicted if predicted else 1.0,
        "dates": dates,
        "dates_resolved": sum(s.dates_right for s in scores) / dates if dates else 1.0,
        "extra_dates": sum(len(s.extra_dates) for s in scores),
        "type_accuracy": sum(s.type_right for s in scores) / typed if typed else 1.0,
        "date_kinds": sum((s.date_kinds for s in scores), Counter()),
        "date_kinds_right": sum((s.date_kinds_right for s in scores), Counter()),
        "classes": sum((s.classes for s in scores), Counter()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registry", choices=("sample", "empty"), default="sample",
                        help="the sample project's registry, or none (rules alone)")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss and false find")
    parser.add_argument("--classes", action="store_true", help="count the failures of each set by class")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    scores = evaluate(args.registry)
    elapsed = time.perf_counter() - started
    for s in scores:
        line = (f"{s.name:28} recall {s.found}/{s.annotated}  precision {s.correct}/{s.predicted}  "
                f"dates {s.dates_right}/{s.dates}")
        print(line)
        if args.verbose:
            for label, items in (("missed", s.missed), ("not an annotated entity", s.wrong),
                                 ("wrong type", s.wrong_types), ("one entity proposed twice", s.duplicates),
                                 ("date wrong or missing", s.wrong_dates), ("dates not annotated", s.extra_dates)):
                if items:
                    print(f"    {label}: {'; '.join(items)}")
    print(f"\nregistry: {args.registry}; {elapsed / len(scores) * 1000:.0f} ms per article "
          "(loading the word lists once included)")
    splits = sorted({s.split for s in scores}, key=lambda name: (name != "dev", name))
    for split in (*splits, "all"):
        chosen = [s for s in scores if split in ("all", s.split)]
        t = totals(chosen)
        kinds = "  ".join(f"{kind} {t['date_kinds_right'][kind]}/{t['date_kinds'][kind]}"
                          for kind in ("day", "weekday", "month", "year") if t["date_kinds"][kind])
        print(f"{split:10} {t['articles']:2} articles, {t['annotated']:3} entities, {t['dates']:2} dates: "
              f"recall {t['recall']:.3f}  precision {t['precision']:.3f}  type accuracy {t['type_accuracy']:.3f}  "
              f"dates resolved {t['dates_resolved']:.3f} ({kinds})  dates not annotated {t['extra_dates']}")
    if args.classes:
        for split in (*splits, "all"):
            t = totals([s for s in scores if split in ("all", s.split)])
            print(f"\nfailure classes, {split}:")
            for name, count in sorted(t["classes"].items(), key=lambda item: (-item[1], item[0])):
                print(f"  {count:4}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
