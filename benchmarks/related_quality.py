"""Which briefings the "Related briefings" of each page names, on real articles, and why.

Usage (from the repository root):

    .venv/bin/python benchmarks/related_quality.py [--folder tests/drafting/evaluation]

Each article NAME.txt with its hand annotation NAME.yml (tests/drafting: the article's
date and every named person, organisation, country and place) becomes a published
briefing; every annotated entity enters one registry (the same name in two articles is
one entity). The site graph is built with briefkit's own code and every relation is
printed with its score and what the two briefings share, then a count. Real articles of
varied subjects make weak relations visible: a shared country or organisation named in
many articles, years apart.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import yaml

from briefkit.gathering import gather
from briefkit.graph import build_graph
from briefkit.project import find_project
from briefkit.validate import slugify

REPO = Path(__file__).resolve().parent.parent


def make_project(folders: list[Path], root: Path) -> int:
    """Write a project of the annotated articles in folders into root; returns how many briefings."""
    (root / "briefings" / "entities").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text("site_name: Related\ntheme: {name: material}\n", encoding="utf-8")
    entities: dict[str, dict] = {}
    count = 0
    for text_file in sorted(f for folder in folders for f in folder.glob("*.txt")):
        notes_file = text_file.with_suffix(".yml")
        if not notes_file.is_file():
            continue
        notes = yaml.safe_load(notes_file.read_text(encoding="utf-8"))
        lines = text_file.read_text(encoding="utf-8").strip().split("\n")
        title, body = lines[0].strip(), "\n".join(lines[1:]).strip()
        for e in notes.get("entities") or ():
            entity_id = slugify(e["name"])
            known = entities.setdefault(entity_id, {"id": entity_id, "name": e["name"], "type": e["type"],
                                                    "aliases": []})
            for alias in e.get("aliases") or ():
                if alias not in known["aliases"] and alias != known["name"]:
                    known["aliases"].append(alias)
        front = {"title": title, "summary": title, "date": str(notes["date"])}
        (root / "briefings" / f"{text_file.stem}.md").write_text(
            "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\n" + body + "\n", encoding="utf-8")
        count += 1
    # one alias can only point at one entity: a later entity that repeats it loses it
    taken: set[str] = set()
    for entity in entities.values():
        taken.add(entity["name"].casefold())
    for entity in entities.values():
        entity["aliases"] = [a for a in entity["aliases"] if a.casefold() not in taken and not taken.add(a.casefold())]
        if not entity["aliases"]:
            del entity["aliases"]
    (root / "briefings" / "entities" / "all.yml").write_text(
        yaml.safe_dump(list(entities.values()), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, action="append",
                        help="folders of NAME.txt + NAME.yml (default: tests/drafting/evaluation)")
    parser.add_argument("--below", type=float, metavar="SCORE",
                        help="also show relations scored from SCORE up to the threshold (to see what is left out)")
    args = parser.parse_args()
    if args.below is not None:
        import briefkit.graph
        threshold, briefkit.graph.MIN_RELATED_SCORE = briefkit.graph.MIN_RELATED_SCORE, args.below
    folders = args.folder or [REPO / "tests" / "drafting" / "evaluation"]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        total = 0
        total = make_project(folders, root)
        gathered = gather(find_project(root))
        errors = [p for p in gathered.problems if p.severity == "error"]
        graph = build_graph(gathered.linked, gathered.registry)
        relations = 0
        for b in graph.ordered():
            for r in graph.related.get(b.slug, ()):
                relations += 1
                other = graph.briefings[r.slug].briefing
                left_out = " (left out)" if args.below is not None and r.score < threshold else ""
                print(f"{b.slug} ({b.briefing.date}) -> {r.slug} ({other.date}): score {r.score:.2f}{left_out}; "
                      f"shares {', '.join(r.shared_entities) or '-'}; tags {', '.join(r.shared_tags) or '-'}")
        with_any = sum(1 for b in graph.ordered() if graph.related.get(b.slug))
        print(f"\n{total} briefings, {len(gathered.registry)} entities, {len(errors)} errors: "
              f"{relations} relations; {with_any} briefings show any")


if __name__ == "__main__":
    main()
