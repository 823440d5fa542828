"""Parse YAML into plain Python values while remembering where every value came from.

PyYAML's constructors forget positions, silently keep the last of duplicate keys,
expand aliases (a "billion laughs" document explodes) and apply YAML 1.1's implicit
types (``no`` becomes False, ``12:30`` becomes 750, dates become ``date`` objects).
So we only let PyYAML *compose* a node tree (with its C parser when present) and
build the values ourselves, with YAML 1.2 core-schema scalars: ``true``/``false``,
``null``/``~``, decimal numbers; everything else, dates included, stays a string.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from briefkit.problems import Problem, error

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 32
TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {TAG + t for t in ("str", "int", "float", "bool", "null", "map", "seq")}


class _CoreSchemaLoader(_Base):  # type: ignore[misc, valid-type]
    """A composer whose implicit scalar types are YAML 1.2's core schema."""


_CoreSchemaLoader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
):
    _CoreSchemaLoader.add_implicit_resolver(TAG + _tag, re.compile(_pattern), list(_first))


_LINE_SEPARATOR = re.compile("[\u2028\u2029]")

Path_ = tuple  # a path into the document: keys and list indexes


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """Plain values plus the 1-based (line, column) of every value and mapping key."""

    data: Any
    positions: Mapping[tuple, tuple[int, int]] = field(default_factory=dict)
    key_positions: Mapping[tuple, tuple[int, int]] = field(default_factory=dict)
    # numbers as the author wrote them: a fact "010" or "1.50" is shown so, not as 10 or 1.5
    number_text: Mapping[tuple, str] = field(default_factory=dict)
    # where the first character of a text value is, when it is written as is on one line
    # (no escapes, no folding): a [[link]] inside it can then be placed to the column
    content_positions: Mapping[tuple, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: tuple) -> tuple[int, int]:
        """Position of the value at path, or of its closest enclosing value."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))

    def where_key(self, path: tuple) -> tuple[int, int]:
        """Position of the mapping key that ends path (falls back to the value)."""
        return self.key_positions.get(tuple(path)) or self.where(path)


class _Builder:
    def __init__(self, path: str, line_offset: int, text: str = ""):
        self.path = path
        self.text = text
        self.offset = line_offset
        self.positions: dict[tuple, tuple[int, int]] = {}
        self.key_positions: dict[tuple, tuple[int, int]] = {}
        self.number_text: dict[tuple, str] = {}
        self.content_positions: dict[tuple, tuple[int, int]] = {}
        self._lines: list[str] | None = None
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.alias_reported = False

    def pos(self, node: yaml.Node) -> tuple[int, int]:
        mark = node.start_mark
        return (mark.line + 1 + self.offset, mark.column + 1)

    def fail(self, node: yaml.Node, message: str) -> None:
        line, col = self.pos(node)
        self.problems.append(error(self.path, line, col, message))

    def build(self, node: yaml.Node, where: tuple, depth: int) -> Any:
        self.positions[where] = self.pos(node)
        if depth > MAX_DEPTH:
            self.fail(node, f"YAML nested more than {MAX_DEPTH} levels deep")
            return None
        if id(node) in self.seen:
            if not self.alias_reported:  # one report, not one per expansion of a "billion laughs"
                self.alias_reported = True
                line, col = self.alias_position() or self.pos(node)
                self.problems.append(error(self.path, line, col, "YAML anchors and aliases (&name, *name) are "
                                           "not supported: write the value out"))
            return None
        if node.tag not in _ALLOWED_TAGS:
            tag = node.tag.replace(TAG, "!!")
            hint = "" if node.tag.startswith(TAG) else (f' (or, if "{tag}" is text, put the value in quotes: '
                                                       'YAML reads a value that starts with "!" as a tag)')
            self.fail(node, f"YAML tag {tag} is not allowed: plain strings, numbers, true/false, lists and mappings "
                      f"only{hint}")
            return None
        if isinstance(node, yaml.MappingNode):
            self.seen.add(id(node))
            return self.build_mapping(node, where, depth)
        if isinstance(node, yaml.SequenceNode):
            self.seen.add(id(node))
            return [self.build(item, where + (i,), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)  # a composed node is a mapping, a sequence or a scalar
        value = self.build_scalar(node)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self.number_text[where] = node.value
        elif isinstance(value, str):
            self.record_content(node, where, value)
        return value

    def record_content(self, node: yaml.ScalarNode, where: tuple, value: str) -> None:
        start, end = node.start_mark, node.end_mark
        quoted = node.style in ("'", '"')
        if start is None or end is None or start.line != end.line or not (quoted or not node.style):
            return
        if self._lines is None:
            self._lines = self.text.split("\n")
        raw = self._lines[start.line][start.column:end.column] if start.line < len(self._lines) else ""
        if (raw[1:-1] if quoted else raw) == value:
            self.content_positions[where] = (start.line + 1 + self.offset, start.column + 1 + quoted)

    def alias_position(self) -> tuple[int, int] | None:
        """Where the first *alias is: the composed tree only knows the anchored node it repeats."""
        for event in yaml.parse(self.text, Loader=_CoreSchemaLoader):
            if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
                return (event.start_mark.line + 1 + self.offset, event.start_mark.column + 1)
        return None

    def build_mapping(self, node: yaml.MappingNode, where: tuple, depth: int) -> dict:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == TAG + "merge":
                self.fail(key_node, "YAML merge keys (<<) are not supported: write the keys out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, "a mapping key must be a plain string")
                continue
            key = key_node.value
            if key in result:
                first = self.key_positions[where + (key,)]
                self.fail(key_node, f'duplicate key "{key}" (first given at line {first[0]})')
                continue
            self.key_positions[where + (key,)] = self.pos(key_node)
            result[key] = self.build(value_node, where + (key,), depth + 1)
        return result

    def build_scalar(self, node: yaml.ScalarNode) -> Any:
        value, tag = node.value, node.tag[len(TAG):]
        try:
            if tag == "null":
                return None
            if tag == "bool":
                return value.lower() == "true"
            if tag == "int":
                return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
            if tag == "float":
                return float(value.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf")
                             .replace(".nan", "nan").replace(".NaN", "nan").replace(".NAN", "nan"))
        except ValueError:
            if tag == "int" and len(value) > 100:  # Python refuses int() of more than 4,300 digits
                self.fail(node, f"a number of {len(value):,} digits is too long: put it in quotes to keep it as text")
            else:
                self.fail(node, f"{value[:60]!r} is not a valid {tag}")
            return None
        return value


# PyYAML's syntax errors, said in an author's words. use_context: the error is reported where
# the unclosed construct *starts* (PyYAML's problem mark is where it gave up, often the end).
_SYNTAX_HINTS = (
    # (text in context or problem, use_context, what to tell the author)
    ("quoted scalar", True, "this quoted value is never closed: add the closing quotation mark"),
    ("flow sequence", True, 'this "[" list is never closed with "]" (or an item lacks its comma)'),
    ("flow mapping", True, 'this "{" mapping is never closed with "}" (or an entry lacks its comma)'),
    ("simple key", True, 'this line needs a "key: value" pair (a colon and a space after the key)'),
    ("tab character", False, "indent with spaces, not tabs"),
    ("mapping values are not allowed", False, 'a value that holds ": " must be put in quotes '
     "(or this line is indented too far)"),
    ("did not find expected key", False, "check this line's indentation (keys of one mapping line up; "
     "a quoted value must end where its line ends)"),
    ("expected '-' indicator", False, "check this line's indentation: list items line up under the first '-'"),
    ("cannot start any token", False, "a value that starts with @, ` or % must be put in quotes"),
)


# What YAML makes of a plain value that starts with one of these characters, where an author meant text.
_TRAPS = {
    "[": "a list", "{": "a mapping", "*": "an alias (a reference to another value)",
    "&": "an anchor name, and drops it", "!": "a tag", "|": "the start of a block of text",
    ">": "the start of a folded block",
    "%": "a directive", "@": "a reserved character", "`": "a reserved character",
}
_VALUE_START = re.compile(r"^[ \t]*(?:-[ \t]+)*(?:[^\s#'\"\[\]{}:][^#:]*?:[ \t]+)?(?:-[ \t]+)?")
# The errors PyYAML gives for a value that starts with syntax and goes on as text
_TRAP_ERRORS = ("did not find expected key", "expected <block end>", "undefined alias", "block scalar",
                "cannot start any token")


def quote_hint(line_text: str) -> tuple[int, str] | None:
    """(0-based column, message) when line_text holds "key: value" (or "- value") whose unquoted value starts
    with a character that YAML reads as syntax, not text: the author must put that value in quotes."""
    start = _VALUE_START.match(line_text)
    rest = line_text[start.end():] if start else ""
    if not start or not rest or rest[0] not in _TRAPS or start.end() == 0 and not line_text.lstrip().startswith("-"):
        return None
    char = rest[0]
    if char in "|>" and re.fullmatch(r"[|>][-+0-9]*[ \t]*(?:#.*)?", rest):  # a real block scalar header
        return None
    return start.end(), (f"put this value in quotes (\"...\" or '...'): YAML reads a value that starts with "
                         f'"{char}" as {_TRAPS[char]}')


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, path: str, line_offset: int) -> Problem:
    said = " ".join(str(m) for m in (exc.context, exc.problem) if m)
    mark, hint = exc.problem_mark or exc.context_mark, ""
    lines = text.split("\n")
    if mark and mark.line < len(lines) and lines[mark.line][mark.column:mark.column + 1] == "\t":
        said = said.replace("found character", "found a tab character")  # libyaml does not say which
    if any(needle in said for needle in _TRAP_ERRORS) and "tab character" not in said:
        # "value: [[id]] agrees" is a list followed by text to YAML: the fix is quotes, not indentation
        for candidate in (exc.problem_mark, exc.context_mark):
            if candidate is not None and candidate.line < len(lines):
                trap = quote_hint(lines[candidate.line])
                if trap:
                    return error(path, candidate.line + 1 + line_offset, trap[0] + 1, f"YAML syntax error: {trap[1]}")
    for needle, use_context, hint_text in _SYNTAX_HINTS:
        if needle in said:
            hint = hint_text
            if use_context and exc.context_mark is not None:
                mark = exc.context_mark
            break
    line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
    col = (mark.column + 1) if mark else 1
    message = f"YAML syntax error: {hint} ({said})" if hint else f"YAML syntax error: {said}"
    return error(path, line, col, message)


def _anchors(text: str, path: str, line_offset: int) -> list[Problem]:
    """An anchor ("&name") parses without error and vanishes from the value: "value: &co partners" is
    "partners". briefkit supports no anchors: an anchor with an alias was meant as one and is said to be
    unsupported; one without was text and needs quotes. (Scanned again only if the text has a "&".)"""
    if "&" not in text:
        return []
    events = list(yaml.parse(text, Loader=_CoreSchemaLoader))
    alias = next((e for e in events if isinstance(e, yaml.AliasEvent)), None)
    if alias is not None and alias.start_mark is not None:
        mark = alias.start_mark
        return [error(path, mark.line + 1 + line_offset, mark.column + 1, "YAML anchors and aliases (&name, *name) "
                      "are not supported: write the value out")]
    problems, lines = [], text.split("\n")
    for event in events:
        if getattr(event, "anchor", None) is not None and event.start_mark is not None:
            mark = event.start_mark
            trap = quote_hint(lines[mark.line]) if mark.line < len(lines) else None
            message = (f"YAML syntax error: {trap[1]}" if trap else
                       "YAML anchors and aliases (&name, *name) are not supported: write the value out")
            problems.append(error(path, mark.line + 1 + line_offset, (trap[0] if trap else mark.column) + 1, message))
    return problems


def parse_yaml(text: str, path: str, line_offset: int = 0) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one YAML document; problems carry file lines (text line 1 = file line 1 + offset)."""
    separator = _LINE_SEPARATOR.search(text)
    if separator:  # PyYAML (YAML 1.1) breaks lines there: every later line number would be wrong
        at = separator.start()
        line, col = text.count("\n", 0, at) + 1 + line_offset, at - (text.rfind("\n", 0, at) + 1) + 1
        return None, [error(path, line, col, f"U+{ord(separator.group()):04X} (a Unicode line or paragraph "
                            "separator) is not allowed in YAML: use a space, or a real line break")]
    try:
        node = yaml.compose(text, Loader=_CoreSchemaLoader)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, text, path, line_offset)]
    except yaml.YAMLError as exc:  # reader errors: bad characters, with an offset but no mark
        offset = getattr(exc, "position", None)
        line = text.count("\n", 0, offset) + 1 if isinstance(offset, int) else 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1 if isinstance(offset, int) else 1
        return None, [error(path, line + line_offset, col, f"YAML cannot be read: {exc}".replace("\n", " "))]
    except RecursionError:
        return None, [error(path, 1 + line_offset, 1, f"YAML nested too deeply (limit {MAX_DEPTH} levels)")]
    if node is None:
        return YamlDocument(None, {(): (1 + line_offset, 1)}), []
    builder = _Builder(path, line_offset, text)
    try:
        data = builder.build(node, (), 0)
    except RecursionError:
        return None, [error(path, 1 + line_offset, 1, f"YAML nested too deeply (limit {MAX_DEPTH} levels)")]
    # an anchor used by an alias was meant as one, and is reported as not supported; one never used was text
    problems = builder.problems + ([] if builder.alias_reported else _anchors(text, path, line_offset))
    return (YamlDocument(data, builder.positions, builder.key_positions, builder.number_text,
                         builder.content_positions), problems)
