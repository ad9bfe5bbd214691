"""Loading and checking the fact bank: a directory of section files, or one uploaded file.

`check_bank` and `load_bank` share one pass, so the checker reports exactly what would stop the
loader. The rules of each field live in `validate`; this module adds what needs more than one fact
or one file: file names, the article's fixed list of sections, ids unique across files, and that
every fact really yields the questions it should.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from quizapp.content.bank import Bank, Fact, Section
from quizapp.content.bank_checks import check_generation
from quizapp.content.nodes import MAX_BYTES, BankError, Node, Problem, parse_yaml
from quizapp.content.reader import Reader
from quizapp.content.validate import read_fact, read_section

MAX_FACTS_PER_FILE = 2000
FILE_NAME = re.compile(r"^(?P<order>\d\d)-(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)\.ya?ml$")


@dataclass(frozen=True)
class SectionSpec:
    """A section the bank must contain, as SCHEMA.md's table fixes it."""

    id: str
    title: str
    order: int


ARTICLE_SECTIONS: tuple[SectionSpec, ...] = tuple(
    SectionSpec(id_, title, order)
    for order, (id_, title) in enumerate(
        [
            ("introduction", "What foundation models are"),
            ("history", "History of foundation models"),
            ("characteristics", "Key characteristics"),
            ("how-they-work", "How foundation models work"),
            ("examples", "Examples of foundation models"),
            ("llm-vs-fm", "Foundation models and LLMs"),
            ("applications", "Applications"),
            ("benefits", "Benefits"),
            ("risks", "Challenges and risks"),
            ("future", "The future (and conclusion)"),
        ],
        start=1,
    )
)


@dataclass(frozen=True)
class ParsedFile:
    """One file's section and facts (either may be missing when the file has problems)."""

    file: str
    section: Section | None
    facts: tuple[Fact, ...]


def read_document(name: str, root: Node, problems: list[Problem]) -> ParsedFile:
    """A parsed YAML document (or CSV rows in the same shape) as a section and its facts."""
    reader = Reader(name, problems)
    if not isinstance(root.value, dict):
        reader.add(root.line, "the top level must be a mapping with 'section' and 'facts'")
        return ParsedFile(name, None, ())
    for key, child in root.value.items():
        if key not in ("section", "facts"):
            reader.add(child.key_line, f"unknown top-level field '{key}' (expected 'section' and 'facts')")
    section = None
    if "section" in root.value:
        section = read_section(reader, root.value["section"])
    else:
        reader.add(root.line, "the file has no 'section'")
    facts: list[Fact] = []
    facts_node = root.value.get("facts")
    if facts_node is None:
        reader.add(root.line, "the file has no 'facts'")
    elif not isinstance(facts_node.value, list):
        reader.add(facts_node.line, "'facts' must be a list of facts")
    elif not facts_node.value:
        reader.add(facts_node.line, "'facts' is empty")
    elif len(facts_node.value) > MAX_FACTS_PER_FILE:
        reader.add(
            facts_node.line,
            f"too many facts ({len(facts_node.value)}; at most {MAX_FACTS_PER_FILE} per file)",
        )
    else:
        section_id = section.id if section else ""
        for item in facts_node.value:
            fact = read_fact(reader, item, section_id)
            if fact is not None:
                facts.append(fact)
    return ParsedFile(name, section, tuple(facts))


def parse_file(
    name: str, text: str | bytes, problems: list[Problem], max_bytes: int = MAX_BYTES
) -> list[ParsedFile]:
    """One file's text read into sections and facts: YAML (one section), or CSV when `name` ends
    in .csv (any number of sections, named in its `section` column)."""
    if name.lower().endswith(".csv"):
        from quizapp.content.csvform import read_csv

        return [
            ParsedFile(name, section, tuple(facts))
            for section, facts in read_csv(name, text, problems, max_bytes)
        ]
    root = parse_yaml(name, text, problems, max_bytes=max_bytes)
    if root is None:
        return [ParsedFile(name, None, ())]
    return [read_document(name, root, problems)]


def check_files(
    files: list[ParsedFile],
    problems: list[Problem],
    *,
    sections: tuple[SectionSpec, ...] | None = ARTICLE_SECTIONS,
    directory: str = "",
    check_names: bool = True,
) -> Bank:
    """Cross-file rules: names, the fixed section list, unique ids; then the bank as it stands."""
    specs = {spec.id: spec for spec in sections or ()}
    seen_sections: dict[str, Section] = {}
    for parsed in files:
        section = parsed.section
        if section is None:
            continue
        base = Path(parsed.file).name
        match = FILE_NAME.match(base)
        if check_names and match is None:
            problems.append(Problem(parsed.file, 0, "file names must look like NN-<section-id>.yaml"))
        elif check_names and match is not None:
            if match["id"] != section.id:
                problems.append(
                    Problem(
                        parsed.file,
                        section.line,
                        f"section id '{section.id}' does not match the file name (expected '{match['id']}')",
                    )
                )
            if int(match["order"]) != section.order:
                problems.append(
                    Problem(
                        parsed.file,
                        section.line,
                        f"section order {section.order} does not match the file name (expected {int(match['order'])})",
                    )
                )
        if specs:
            spec = specs.get(section.id)
            if spec is None:
                problems.append(
                    Problem(
                        parsed.file,
                        section.line,
                        f"unknown section id '{section.id}' (expected one of {', '.join(specs)})",
                    )
                )
            else:
                if spec.order != section.order:
                    problems.append(
                        Problem(
                            parsed.file,
                            section.line,
                            f"section '{section.id}' has order {spec.order}, not {section.order}",
                        )
                    )
                if spec.title != section.title:
                    problems.append(
                        Problem(
                            parsed.file,
                            section.line,
                            f"section '{section.id}' is titled '{spec.title}', not '{section.title}'",
                        )
                    )
        if section.id in seen_sections:
            other = seen_sections[section.id]
            problems.append(
                Problem(
                    parsed.file,
                    section.line,
                    f"section '{section.id}' is also defined in {other.file}:{other.line}",
                )
            )
            continue
        seen_sections[section.id] = section
    for spec in specs.values():
        if spec.id not in seen_sections and not _file_failed(files, spec):
            problems.append(
                Problem(
                    directory or "bank",
                    0,
                    f"missing section '{spec.id}' (expected a file {spec.order:02d}-{spec.id}.yaml)",
                )
            )
    first_place: dict[str, Fact] = {}
    duplicated: set[str] = set()
    facts: list[Fact] = []
    for parsed in files:
        for fact in parsed.facts:
            if fact.id in first_place:
                other = first_place[fact.id]
                problems.append(
                    Problem(
                        fact.file, fact.line, f"duplicate id '{fact.id}' (also at {other.file}:{other.line})"
                    )
                )
                if fact.id not in duplicated:
                    problems.append(
                        Problem(
                            other.file,
                            other.line,
                            f"duplicate id '{fact.id}' (also at {fact.file}:{fact.line})",
                        )
                    )
                    duplicated.add(fact.id)
                continue
            first_place[fact.id] = fact
            facts.append(fact)
    return Bank.build(seen_sections.values(), facts)


def _file_failed(files: list[ParsedFile], spec: SectionSpec) -> bool:
    """A section whose file exists but could not be read is not also reported as missing."""
    return any(
        parsed.section is None and Path(parsed.file).name.startswith(f"{spec.order:02d}-") for parsed in files
    )


def _directory_files(directory: Path) -> list[Path]:
    return sorted(
        path for path in directory.iterdir() if path.is_file() and path.suffix.lower() in (".yaml", ".yml")
    )


def check_bank(
    directory: str | Path, *, sections: tuple[SectionSpec, ...] | None = ARTICLE_SECTIONS
) -> list[Problem]:
    """Every problem in the bank at `directory`, sorted by file and line; [] when it is sound."""
    return _load(directory, sections)[1]


def load_bank(directory: str | Path, *, sections: tuple[SectionSpec, ...] | None = ARTICLE_SECTIONS) -> Bank:
    """The bank at `directory`; raises BankError listing every problem when anything is wrong."""
    bank, problems = _load(directory, sections)
    if problems:
        raise BankError(problems)
    return bank


def _load(directory: str | Path, sections: tuple[SectionSpec, ...] | None) -> tuple[Bank, list[Problem]]:
    directory = Path(directory)
    name = str(directory)
    problems: list[Problem] = []
    if not directory.is_dir():
        return Bank((), ()), [Problem(name, 0, "not a directory")]
    files = []
    for path in _directory_files(directory):
        label = str(path)
        try:
            data = path.read_bytes()
        except OSError as error:
            problems.append(Problem(label, 0, f"cannot read the file: {error.strerror or error}"))
            continue
        files.extend(parse_file(label, data, problems))
    if not files:
        problems.append(Problem(name, 0, "no fact files (NN-<section-id>.yaml) here"))
    bank = check_files(files, problems, sections=sections, directory=name)
    check_generation(bank, problems)
    return bank, sorted(set(problems), key=lambda p: (p.file, p.line, p.message))


def check_text(name: str, text: str | bytes, *, max_bytes: int = MAX_BYTES) -> list[Problem]:
    """Problems in one uploaded file (YAML or .csv), checked on its own: any section id goes."""
    return _load_text(name, text, max_bytes)[1]


def load_bank_from_text(name: str, text: str | bytes, *, max_bytes: int = MAX_BYTES) -> Bank:
    """One uploaded file (YAML, or CSV when `name` ends in .csv) as a bank of its own.

    The text is untrusted: whatever it holds, the result is a Bank or a BankError, never another
    exception. A YAML file has the usual `section:` and `facts:`; its file name is not checked,
    nor is its section one of the article's.
    """
    bank, problems = _load_text(name, text, max_bytes)
    if problems:
        raise BankError(problems)
    return bank


def _load_text(name: str, text: str | bytes, max_bytes: int) -> tuple[Bank, list[Problem]]:
    problems: list[Problem] = []
    try:
        parsed = parse_file(name, text, problems, max_bytes=max_bytes)
        bank = check_files(parsed, problems, sections=None, directory=name, check_names=False)
        check_generation(bank, problems)
    except (
        RecursionError,
        MemoryError,
        ValueError,
        TypeError,
    ) as error:  # pragma: no cover - defence in depth
        problems.append(Problem(name, 0, f"the file could not be read ({type(error).__name__})"))
        bank = Bank((), ())
    return bank, sorted(set(problems), key=lambda p: (p.line, p.message))


def load_banks(texts: Mapping[str, str | bytes]) -> Bank:
    """Several uploaded files read together as one bank (ids unique across them)."""
    problems: list[Problem] = []
    files = [parsed for name, text in sorted(texts.items()) for parsed in parse_file(name, text, problems)]
    bank = check_files(files, problems, sections=None, check_names=False)
    check_generation(bank, problems)
    if problems:
        raise BankError(sorted(set(problems), key=lambda p: (p.file, p.line, p.message)))
    return bank
