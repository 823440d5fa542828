"""`briefkit new`: a draft briefing from a plain article, never overwriting anything.

read_article (any encoding, with a warning) -> parse_article + extraction (names.py)
-> front matter emitted by a YAML emitter (safe_dump) with comments for the author
-> the same checks `briefkit check` runs -> written atomically to briefings/<date>-<slug>.md
only if that file does not exist yet.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from briefkit.authoring import names
from briefkit.authoring.article import Article, first_sentence, normalise_text, parse_article
from briefkit.authoring.event_dates import DateMention, find_dates
from briefkit.authoring.figures import Figure, Quote, find_figures, find_quotes
from briefkit.graph import link_briefing
from briefkit.link import EntityMatcher
from briefkit.load import MAX_FILE_BYTES, load_briefing
from briefkit.model import SUMMARY_ADVISED_LENGTH
from briefkit.problems import ERROR, Problem, error, format_problems, has_errors, warning
from briefkit.project import Project
from briefkit.registry import EntityRegistry, load_registry
from briefkit.validate import check_date, slugify, validate_briefing

SCHEMA_LINE = "# yaml-language-server: $schema=../docs/schemas/briefing.schema.json"
ARTICLE_SUFFIXES = (".txt", ".text")
TITLE_MAX = 300
MAX_ENTITIES = 200  # the schema's limits for lists
MAX_EVENTS = 200
SLUG_MAX = 120
# Fallback for articles that are not UTF-8: Windows-1252 (what "ANSI" editors write, with
# curly quotes and €), else Latin-1, which decodes any byte.
FALLBACK_ENCODINGS = ("cp1252", "latin-1")


# --------------------------------------------------------------------------- reading


def read_article(file: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """An article's text; not UTF-8 -> decoded as cp1252 (else latin-1) with a warning, never a crash."""
    try:
        with file.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [error(shown, 1, 1, f"cannot read file: {exc.strerror or exc}")]
    if len(data) > MAX_FILE_BYTES:
        return None, [error(shown, 1, 1, f"file is over {MAX_FILE_BYTES:,} bytes, the limit")]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return normalise_text(data.decode("utf-16")), []
        except UnicodeDecodeError:
            return None, [error(shown, 1, 1, "file starts like UTF-16 but is not valid UTF-16")]
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return normalise_text(data.decode("utf-8")), []
    except UnicodeDecodeError as exc:
        bad = exc.start
    encoding = "cp1252"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:  # bytes cp1252 leaves undefined: Latin-1 decodes every byte
        encoding, text = "latin-1", data.decode("latin-1")
    before = text[:bad]
    line, col = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
    return normalise_text(text), [warning(
        shown, line, col, f"not valid UTF-8 (byte 0x{data[bad]:02x}); read as "
        f"{'Windows-1252' if encoding == 'cp1252' else 'Latin-1'}: check the draft's accented letters, "
        "quotes and currency signs")]


def article_files(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """The articles named: files as given, folders -> their *.txt files (sorted, not hidden)."""
    files, problems = [], []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
                           and not p.name.startswith("."))
            if not found:
                problems.append(warning(str(path), 1, 1, "folder holds no *.txt articles"))
            files += found
        elif path.is_file():
            files.append(path)
        else:
            problems.append(error(str(path), 1, 1, "no such file or folder"))
    return files, problems


# --------------------------------------------------------------------------- drafting


@dataclass(frozen=True)
class Found:
    """Everything read out of one article."""

    article: Article
    entities: tuple[names.FoundEntity, ...]
    candidates: tuple[names.Candidate, ...]
    events: tuple[DateMention, ...]
    figures: tuple[Figure, ...]
    quotes: tuple[Quote, ...]


def analyse(text: str, article_date: datetime.date, registry: EntityRegistry,
            matcher: EntityMatcher | None = None) -> Found:
    """Parse an article and find its registry entities, candidate entities, dates, figures, quotes."""
    matcher = matcher or EntityMatcher(registry)
    article = parse_article(text)
    full = article.text
    events, seen = [], set()
    for mention in find_dates(full, article_date):
        if (mention.date, mention.sentence) not in seen:
            seen.add((mention.date, mention.sentence))
            events.append(mention)
    return Found(
        article=article,
        entities=tuple(names.find_registry_entities(full, matcher)),
        candidates=tuple(names.find_candidates(full, registry, matcher, skip_title_case=article.title)),
        events=tuple(events),
        figures=tuple(find_figures("\n".join(article.paragraphs))),
        quotes=tuple(find_quotes("\n".join(article.paragraphs))),
    )


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0] if " " in text[:limit - 1] else text[:limit - 1]
    return cut.rstrip(" ,;:") + "…"


def _no_links(text: str) -> str:
    """Front matter values are linked by briefkit: a stray "[[" in an article must not become a link."""
    return text.replace("[[", "[ [").replace("]]", "] ]")


def _body(article: Article) -> str:
    """The article's paragraphs as Markdown; "[[" escaped so that it stays text."""
    paragraphs = [p.replace("[[", "\\[\\[") for p in article.paragraphs]
    return "\n\n".join(paragraphs) + "\n"


class _Dumper(yaml.SafeDumper):
    """safe_dump with YAML 1.2 core scalars, as briefkit and editors read them: a date stays plain
    (it is a string there), and 0o17, 0x1F or 1e3 are quoted (numbers there, not in YAML 1.1)."""


_Dumper.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()}
_Dumper.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
                              list("-+0123456789"))
_Dumper.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."))


def _dump(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)


def render_draft(found: Found, *, date: str, source_name: str, source_url: str = "", publisher: str = "",
                 published: str = "") -> str:
    """The draft file: front matter (emitted by PyYAML, with comments for the author) and body."""
    article = found.article
    title = _no_links(_shorten(article.title, TITLE_MAX))
    summary = article.standfirst or (first_sentence(article.paragraphs[0]) if article.paragraphs else "")
    summary = re.sub(r"^(?:#{1,6}|>)\s+", "", summary)
    summary = _no_links(_shorten(summary or article.title, SUMMARY_ADVISED_LENGTH))
    source = {"title": title}
    if publisher:
        source["publisher"] = publisher[:200]
    if source_url:
        source["url"] = source_url
    if published:
        source["published"] = published
    parts = [SCHEMA_LINE,
             f"# Drafted by `briefkit new` from {source_name}: check every field, then set status: published.",
             _dump({"title": title, "summary": summary, "date": date, "status": "draft", "source": source})]
    if found.entities:
        lines = ["entities:  # registry entities named in the article, most mentioned first"]
        for entity in found.entities[:MAX_ENTITIES]:
            mentions = f"{entity.count} mention{'s' * (entity.count != 1)}"
            names = ", ".join(n.replace("\n", " ") for n in entity.names)
            lines.append(_dump([entity.id]).rstrip("\n") + f"  # {mentions}: {names}")
        parts.append("\n".join(lines) + "\n")
    # every figure was read in the article, the draft's one source: say so (a fact's source is its position)
    facts = [{"label": _no_links(f.label), "value": _no_links(f.value), "source": 1} for f in found.figures]
    if facts:
        parts.append("# Candidate facts: figures found in the article with what they count; keep what matters.\n"
                     + _dump({"facts": facts}))
    events = [{"date": e.date, "summary": _no_links(_shorten(e.summary or e.sentence, 1000))}
              for e in found.events[:MAX_EVENTS]]
    if events:
        parts.append(f"# Events: dates in the article as precise as it gives them (a day, 2004-06 for a month,\n"
                     f"# 1997 for a year); weekdays and dates without a year resolved against {date}; relative\n"
                     "# phrases (\"earlier this month\") are not guessed. Each summary is the clause holding the\n"
                     "# date: rewrite it in a few words.\n"
                     + _dump({"events": events}))
    extra = {}
    if found.candidates:
        extra["candidate_entities"] = [
            {"name": c.name, "type": c.type, "why": c.why, "mentions": c.count,
             **({"aliases": list(c.aliases)} if c.aliases else {}), **({"role": c.role} if c.role else {}),
             **({"id": c.id} if c.id else {})} for c in found.candidates]
    if found.quotes:
        extra["quotes"] = [{"quote": q.quote, "sentence": q.sentence} for q in found.quotes]
    if extra:
        block = _dump({"extra": extra})
        comment = ""
        if found.candidates:
            comment += ("  # candidate_entities: names the registry does not know, with a type and why it was\n"
                        "  # chosen (gazetteer, context or guess). Fix a type, delete what is no entity, then\n"
                        "  # `briefkit accept THIS-FILE` moves them all into the registry and links them\n"
                        "  # (`briefkit accept THIS-FILE NAME...`: only those named).\n")
        if found.quotes:
            comment += "  # quotes: quotations found in the article, with their sentence.\n"
        parts.append(block.replace("extra:\n", "extra:\n" + comment, 1))
    return "---\n" + "".join(p if p.endswith("\n") else p + "\n" for p in parts) + "---\n\n" + _body(article)


def check_draft_file(file: Path, shown: str, registry: EntityRegistry, matcher: EntityMatcher) -> list[Problem]:
    """What `briefkit check` says of a briefing file: the same load, validate and link stages."""
    raw, problems = load_briefing(file, shown)
    if raw is None or has_errors(problems):
        return problems
    briefing, found = validate_briefing(raw)
    problems += found
    if briefing is not None:
        _, found = link_briefing(briefing, registry, matcher, lambda entity_id: f"#{entity_id}")
        problems += found
    return problems


def draft_slug(title: str, date: str, fallback: str) -> str:
    """<date>-<slug of the title>, within the file-name limit; the article's file name if the title has no letters."""
    slug = slugify(title) or slugify(fallback) or "article"
    return f"{date}-{slug}"[:SLUG_MAX].rstrip("-")


def write_new(target: Path, data: bytes,
              verify: Callable[[Path], list[Problem]] | None = None) -> tuple[bool, list[Problem]]:
    """Write target only if it does not exist, atomically, and only if verify finds no error.

    The file is staged under its final name in a hidden folder beside target (briefkit
    skips dot-folders), verified there, then hard-linked into place: a link never replaces
    an existing file, so a file that appeared meanwhile is not overwritten either.
    Returns (written, verify's problems).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".briefkit-new-", dir=target.parent))
    try:
        staged = staging / target.name
        with staged.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        problems = verify(staged) if verify else []
        if has_errors(problems):
            return False, problems
        try:
            os.link(staged, target)
        except FileExistsError:
            return False, problems
        except OSError:  # a file system without hard links: check, then rename
            if target.exists():
                return False, problems
            os.replace(staged, target)
        return True, problems
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# --------------------------------------------------------------------------- the command


def _parse_date(value: str | None) -> tuple[datetime.date | None, list[Problem]]:
    if not value:
        return datetime.date.today(), []
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) or check_date(value):
        return None, [error("--date", 1, 1, f"{value!r} is not a date in YYYY-MM-DD form")]
    return datetime.date.fromisoformat(value), []


@dataclass(frozen=True)
class Options:
    """What `briefkit new` was told: the articles' date and where they come from."""

    date: datetime.date
    date_given: bool
    source_url: str = ""
    publisher: str = ""


WRITTEN, REFUSED, FAILED = "written", "refused", "failed"


def draft_file(file: Path, shown: str, project: Project, registry: EntityRegistry, matcher: EntityMatcher,
               options: Options) -> tuple[str, Path | None, Found | None, list[Problem]]:
    """Draft one article into briefings/: (outcome, target, what was found, problems)."""
    text, problems = read_article(file, shown)
    if text is None:
        return FAILED, None, None, problems
    found = analyse(text, options.date, registry, matcher)
    if not found.article.title:
        return FAILED, None, found, problems + [error(shown, 1, 1, "the article is empty: its first line should "
                                                      "be the title")]
    date = options.date.isoformat()
    target = project.briefings_dir / f"{draft_slug(found.article.title, date, file.stem)}.md"
    content = render_draft(found, date=date, source_name=file.name, source_url=options.source_url,
                           publisher=options.publisher, published=date if options.date_given else "")
    ok, found_problems = write_new(target, content.encode("utf-8"),
                                   lambda staged: check_draft_file(staged, project.shown(target), registry, matcher))
    if has_errors(found_problems):  # a bug in briefkit new, not in the article: nothing is written
        return FAILED, target, found, problems + [
            error(shown, 1, 1, f"internal: the draft would not pass check: {p.format()}")
            for p in found_problems if p.severity == ERROR]
    if not ok:
        return REFUSED, target, found, problems + [error(shown, 1, 1, f"{project.shown(target)} already exists: "
                                                         "left as it is (rename or remove it to draft this "
                                                         "article again)")]
    return WRITTEN, target, found, problems


def new_command(project: Project, args) -> int:
    """Draft one briefing per article; exit 1 if any article could not be drafted or a target existed."""
    article_date, problems = _parse_date(args.date)
    url = args.source_url or ""
    if url and not re.match(r"^[Hh][Tt][Tt][Pp][Ss]?://\S+$", url) or len(url) > 2000:
        problems.append(error("--source-url", 1, 1, f"{url[:100]!r} is not an http(s) URL (of at most 2,000 "
                              "characters)"))
    files, found = article_files([Path(a) for a in args.articles])
    problems += found
    if has_errors(problems) or article_date is None:
        print(format_problems(problems), file=sys.stderr)
        return 1
    options = Options(article_date, bool(args.date), url, (args.publisher or "").strip()[:200])
    registry, found = load_registry(project.entities_dir, project.root)
    if has_errors(found):
        problems.append(warning(project.shown(project.entities_dir), 1, 1, "the registry has errors (run briefkit "
                                "check); drafting with the entities that could be read"))
    matcher = EntityMatcher(registry)
    outcomes: Counter[str] = Counter()
    from tqdm import tqdm  # a progress bar on a terminal, for a folder of articles

    progress = tqdm(files, desc="briefkit new", unit="article", disable=None if len(files) > 1 else True,
                    file=sys.stderr)
    for file in progress:
        shown = _shown(file)
        outcome, target, drafted, found = draft_file(file, shown, project, registry, matcher, options)
        outcomes[outcome] += 1
        problems += found
        if outcome == WRITTEN:
            assert target is not None and drafted is not None  # a draft written comes with its file and findings
            progress.write(f"{shown}: wrote {project.shown(target)} (draft): {len(drafted.entities)} registry "
                           f"entities, {len(drafted.candidates)} candidates, {len(drafted.events)} events, "
                           f"{len(drafted.figures)} facts, {len(drafted.quotes)} quotes", file=sys.stderr)
    if problems:
        print(format_problems(problems), file=sys.stderr)
    print(f"briefkit new: {outcomes[WRITTEN]} draft(s) written, {outcomes[REFUSED]} refused (already there), "
          f"{outcomes[FAILED]} failed", file=sys.stderr)
    return 1 if has_errors(problems) else 0


def _shown(file: Path) -> str:
    try:
        return file.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(file)
