"""YAML text to a tree of values that remember their line, safely.

Every complaint about a fact file must point at the line to fix, so values are kept with the line
they came from. Teachers upload their own files, so the text is untrusted: only plain YAML
(mappings, lists, text, numbers, booleans, null) is accepted; any tag that would build an object,
anchors and aliases (the "billion laughs"), deep nesting and huge inputs become Problems, never
exceptions and never code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

MAX_BYTES = 1_000_000
MAX_DEPTH = 12
MAX_EVENTS = 50_000

_TAG = "tag:yaml.org,2002:"
SCALAR_TAGS = {_TAG + "str", _TAG + "int", _TAG + "float", _TAG + "bool", _TAG + "null"}


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong in a fact file, at the line to fix (0 when it is about a whole file)."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


class BankError(Exception):
    """Raised by the loaders when the bank has problems; `problems` lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass
class Node:
    """A value with the line it was written on.

    `value` is a scalar, a list of Nodes or a dict of str -> Node. `key_line` is the line of the
    key when the node is a mapping's value (where an unknown field is reported).
    """

    value: Any
    line: int
    key_line: int = 0
    duplicate_keys: list[tuple[str, int]] = field(default_factory=list)

    def get(self, key: str) -> Node | None:
        return self.value.get(key) if isinstance(self.value, dict) else None

    def plain(self) -> Any:
        """The value with all line information dropped."""
        if isinstance(self.value, list):
            return [item.plain() for item in self.value]
        if isinstance(self.value, dict):
            return {key: item.plain() for key, item in self.value.items()}
        return self.value


def parse_yaml(
    name: str, text: str | bytes, problems: list[Problem], max_bytes: int = MAX_BYTES
) -> Node | None:
    """The YAML document in `text` as a Node tree, or None with the reasons added to `problems`."""
    if isinstance(text, bytes):
        if len(text) > max_bytes:
            problems.append(
                Problem(name, 0, f"file is too large ({len(text)} bytes; the limit is {max_bytes})")
            )
            return None
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            problems.append(Problem(name, 0, f"file is not UTF-8 text (byte {error.start})"))
            return None
    if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        problems.append(Problem(name, 0, f"file is too large (the limit is {max_bytes} bytes)"))
        return None
    if not _scan(name, text, problems):
        return None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        problems.append(_syntax_problem(name, error))
        return None
    except RecursionError:  # pragma: no cover - _scan caps the depth first
        problems.append(Problem(name, 0, "the document is nested too deeply"))
        return None
    if root is None:
        problems.append(Problem(name, 1, "the file is empty"))
        return None
    before = len(problems)
    converted = _convert(name, root, problems, SafeConstructor())
    return converted if len(problems) == before else None


def _syntax_problem(name: str, error: yaml.YAMLError) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 1 if mark is not None else 0
    what = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    message = f"YAML syntax error: {what}" + (f" ({context})" if context else "")
    return Problem(name, line, message)


def _scan(name: str, text: str, problems: list[Problem]) -> bool:
    """Walk the event stream (iterative, no recursion) to refuse hostile shapes before composing."""
    depth = 0
    events = 0
    documents = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            events += 1
            line = (event.start_mark.line if event.start_mark else 0) + 1
            if events > MAX_EVENTS:
                problems.append(
                    Problem(name, line, f"the document is too large (more than {MAX_EVENTS} values)")
                )
                return False
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    problems.append(Problem(name, line, "only one YAML document is allowed per file"))
                    return False
            elif isinstance(event, yaml.AliasEvent):
                problems.append(Problem(name, line, f"YAML aliases (*{event.anchor}) are not allowed"))
                return False
            elif isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    problems.append(
                        Problem(
                            name, line, f"the document is nested too deeply (more than {MAX_DEPTH} levels)"
                        )
                    )
                    return False
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as error:
        problems.append(_syntax_problem(name, error))
        return False
    return True


def _convert(name: str, node: yaml.Node, problems: list[Problem], constructor: SafeConstructor) -> Node:
    line = node.start_mark.line + 1
    tag = node.tag or ""
    if isinstance(node, yaml.ScalarNode):
        if tag not in SCALAR_TAGS:
            hint = " (write dates and times as quoted text)" if tag.endswith(":timestamp") else ""
            problems.append(Problem(name, line, f"the tag {_short_tag(tag)} is not allowed here{hint}"))
            return Node(None, line)
        try:
            value = constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError) as error:
            problems.append(Problem(name, line, f"unreadable value {node.value!r}: {error}"))
            return Node(None, line)
        return Node(value, line)
    if isinstance(node, yaml.SequenceNode):
        if tag != _TAG + "seq":
            problems.append(Problem(name, line, f"the tag {_short_tag(tag)} is not allowed here"))
        return Node([_convert(name, item, problems, constructor) for item in node.value], line)
    if tag != _TAG + "map":
        problems.append(Problem(name, line, f"the tag {_short_tag(tag)} is not allowed here"))
    mapping: dict[str, Node] = {}
    result = Node(mapping, line)
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _TAG + "str":
            shown = key_node.value if isinstance(key_node, yaml.ScalarNode) else "a list or mapping"
            problems.append(Problem(name, key_line, f"field names must be plain text, not {shown!r}"))
            continue
        child = _convert(name, value_node, problems, constructor)
        child.key_line = key_line
        if key_node.value in mapping:
            problems.append(Problem(name, key_line, f"duplicate field '{key_node.value}'"))
            continue
        mapping[key_node.value] = child
    return result


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
