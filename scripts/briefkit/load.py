"""Load stage: files on disk become raw records (text, parsed front matter, body), with lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from briefkit.problems import Problem, error
from briefkit.yamltree import YamlDocument, parse_yaml

MAX_FILE_BYTES = 8 * 1024 * 1024
# C0 controls other than tab and newline, DEL, and C1 controls: never meant in an article.
# Also bidirectional embeddings, overrides and isolates: they make text display in another order
# than it is written ("Trojan Source"); right-to-left text needs none of them, and the marks
# U+200E/U+200F/U+061C that scraped Persian or Urdu text often carries stay allowed.
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"  # character ranges, for a [...] class
CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_CONTROL = re.compile(f"[{CONTROLS}{BIDI_CONTROLS}]")
_FENCE = re.compile(r"^---[ \t]*$")
_FENCE_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


@dataclass(frozen=True, slots=True)
class SourceText:
    """A file's text, decoded and with line ends normalised to \\n."""

    path: str  # as shown in messages: relative to the project
    text: str


@dataclass(frozen=True, slots=True)
class RawBriefing:
    """A briefing file split into its parsed front matter and its Markdown body."""

    path: str
    stem: str
    front: YamlDocument
    front_line: int  # file line of the opening ---
    body: str
    body_line: int  # file line where the body starts


def read_source(file: Path, shown: str) -> tuple[SourceText | None, list[Problem]]:
    """Read a UTF-8 text file; refuse other encodings and control characters with their line."""
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [error(shown, 1, 1, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")]
        data = file.read_bytes()
    except OSError as exc:
        return None, [error(shown, 1, 1, f"cannot read file: {exc.strerror or exc}")]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [error(shown, 1, 1, "file is UTF-16 encoded; save it as UTF-8")]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[line_start:exc.start].decode("utf-8", errors="replace")) + 1  # characters, not bytes
        byte = data[exc.start]
        return None, [error(shown, line, col, f"not valid UTF-8 (byte 0x{byte:02x}); save the file as UTF-8")]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    problems = []
    for match in _CONTROL.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        code = ord(match.group())
        if re.match(f"[{BIDI_CONTROLS}]", match.group()):
            problems.append(error(shown, line, col, f"bidirectional control character U+{code:04X} is not allowed: "
                                  "it shows text in another order than it is written; right-to-left text "
                                  "needs none (the marks U+200E and U+200F are allowed)"))
        else:
            problems.append(error(shown, line, col, f"control character U+{code:04X} is not allowed"))
        if len(problems) >= 5:
            break
    if problems:
        return None, problems
    return SourceText(shown, text), []


def split_front_matter(source: SourceText) -> tuple[tuple[str, str, int] | None, list[Problem]]:
    """Split '---' YAML '---' body; returns (yaml text, body, body's first line)."""
    lines = source.text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return None, [error(source.path, 1, 1, "no front matter: a briefing starts with a line '---', "
                            "then YAML (title, summary, date...), then another '---'")]
    for index in range(1, len(lines)):
        if _FENCE_END.match(lines[index]):
            yaml_text = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1:])
            return (yaml_text, body, index + 2), []
    return None, [error(source.path, 1, 1, "front matter opened on line 1 is never closed with a line '---'")]


def load_briefing(file: Path, shown: str) -> tuple[RawBriefing | None, list[Problem]]:
    """Read one briefing file into a RawBriefing; all problems found on the way are returned."""
    source, problems = read_source(file, shown)
    if source is None:
        return None, problems
    parts, problems = split_front_matter(source)
    if parts is None:
        return None, problems
    yaml_text, body, body_line = parts
    document, problems = parse_yaml(yaml_text, shown, line_offset=1)
    if document is None:
        return None, problems
    if document.data is None:  # only the two fences, or only comments between them
        return None, problems + [error(shown, 1, 1, "front matter is empty: a briefing needs at least "
                                       "title, summary and date")]
    if not isinstance(document.data, dict):
        line, col = document.where(())
        got = "nothing" if document.data is None else type(document.data).__name__
        return None, problems + [error(shown, line, col,
                                       f"front matter must be a mapping of fields (title: ...), got {got}")]
    return RawBriefing(shown, file.stem, document, 1, body, body_line), problems


def load_yaml_file(file: Path, shown: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Read a whole-file YAML document (the entity registry)."""
    source, problems = read_source(file, shown)
    if source is None:
        return None, problems
    return parse_yaml(source.text, shown)
