"""Strict readers of Moodle's two question formats, for tests: what Moodle would import, or why not.

GIFT follows Moodle's own importer (question/format/gift/format.php) step by step: comments,
$CATEGORY lines, ::names::, escapes, general feedback after the last ####, the type decided from
the answer block exactly as Moodle decides it. It is stricter than Moodle where Moodle would
import something other than what was meant: a stray brace, an unknown [format], a grade Moodle's
grade list does not have, a choose-all whose right grades do not add up to 100%, a matching with
fewer than two pairs. Moodle XML is parsed with the standard library and checked element by
element against what Moodle's XML importer reads for each question type.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

# question_bank::fraction_options_full(), as percentages.
MOODLE_GRADES = {
    100.0, 90.0, 83.33333, 80.0, 75.0, 70.0, 66.66667, 60.0, 50.0, 40.0, 33.33333, 30.0, 25.0, 20.0,
    16.66667, 14.28571, 12.5, 11.11111, 10.0, 5.0, 0.0,
}  # fmt: skip
_WEIGHT = re.compile(r"^%(-?)([0-9]{1,3}(?:\.[0-9]+)?)%")
_ESCAPES = {"\\:": ":", "\\#": "#", "\\=": "=", "\\{": "{", "\\}": "}", "\\~": "~", "\\n": "\n"}
_PLACEHOLDER = {escaped: f"\x00{i}\x00" for i, escaped in enumerate(_ESCAPES)}
_FORMATS = ("moodle", "html", "plain", "markdown")


class MoodleFormatError(ValueError):
    """A question Moodle would refuse or misread; says which and why."""


@dataclass
class ParsedAnswer:
    text: str
    grade: float
    feedback: str = ""


@dataclass
class ParsedQuestion:
    """What Moodle would create: its type, name, category, text, general feedback and answers."""

    qtype: str
    name: str
    category: str
    text: str
    general_feedback: str
    answers: list[ParsedAnswer] = field(default_factory=list)
    single: bool = True
    pairs: list[tuple[str, str]] = field(default_factory=list)
    number: float | None = None
    margin: float = 0.0
    true_feedback: str = ""
    false_feedback: str = ""
    correct: bool | None = None


def _protect(text: str) -> str:
    text = text.replace("\\\\", "\x00bs\x00")
    for escaped, placeholder in _PLACEHOLDER.items():
        text = text.replace(escaped, placeholder)
    return text


def _restore(text: str) -> str:
    for escaped, placeholder in _PLACEHOLDER.items():
        text = text.replace(placeholder, _ESCAPES[escaped])
    return text.replace("\x00bs\x00", "\\").strip()


def _with_format(text: str, where: str) -> str:
    text = text.strip()
    if text.startswith("["):
        name = text[1 : text.index("]")]
        if name not in _FORMATS:
            raise MoodleFormatError(f"{where}: unknown text format [{name}]")
        text = text[text.index("]") + 1 :]
    if "{" in text or "}" in text:
        raise MoodleFormatError(f"{where}: unescaped brace in {text!r}")
    return _restore(text)


def _grade(answer: str, where: str) -> tuple[float, str]:
    match = _WEIGHT.match(answer)
    if not match:
        raise MoodleFormatError(f"{where}: malformed weight in {answer!r}")
    grade = float(match.group(2)) * (-1 if match.group(1) else 1)
    if abs(grade) not in MOODLE_GRADES:
        raise MoodleFormatError(f"{where}: grade {grade}% is not in Moodle's grade list")
    return grade, answer[match.end() :]


def _comment(answer: str, where: str) -> tuple[str, str]:
    text, _, feedback = answer.partition("#")
    return _with_format(text, where), _with_format(feedback, where)


def parse_gift(source: str) -> list[ParsedQuestion]:
    """Every question of a GIFT file, or MoodleFormatError naming the first bad one."""
    questions: list[ParsedQuestion] = []
    category = ""
    blocks = re.split(r"\n\s*\n", source.replace("\r\n", "\n"))
    for number, block in enumerate(blocks, start=1):
        lines = [" " if line.strip().startswith("//") else line for line in block.split("\n")]
        text = _protect("\n".join(lines).strip())
        if not text:
            continue
        where = f"block {number}"
        if text.startswith("$CATEGORY:"):
            category = text[len("$CATEGORY:") :].strip()
            if "\x00" in category:
                raise MoodleFormatError(f"{where}: an escape in a category line is read literally")
            continue
        name = ""
        if text.startswith("::"):
            end = text.find("::", 2)
            if end < 0:
                raise MoodleFormatError(f"{where}: unterminated ::name::")
            name, text = _restore(text[2:end]), text[end + 2 :].strip()
            where = f"{where} ({name})"
        if text.count("{") != 1 or text.count("}") != 1 or text.index("{") > text.index("}"):
            raise MoodleFormatError(f"{where}: expected exactly one {{...}} answer block")
        start, finish = text.index("{"), text.index("}")
        if text[finish + 1 :].strip():
            raise MoodleFormatError(f"{where}: text after the answer block (missing-word format)")
        answer_text = text[start + 1 : finish].strip()
        general = ""
        if "####" in answer_text:
            cut = answer_text.rindex("####")
            general, answer_text = answer_text[cut + 4 :], answer_text[:cut].strip()
        question = ParsedQuestion(
            qtype="",
            name=name,
            category=category,
            text=_with_format(text[:start], where),
            general_feedback=_with_format(general, where),
        )
        if not question.text:
            raise MoodleFormatError(f"{where}: empty question text")
        _read_answers(question, answer_text, where)
        questions.append(question)
    return questions


def _read_answers(question: ParsedQuestion, answer_text: str, where: str) -> None:
    if not answer_text:
        raise MoodleFormatError(f"{where}: empty answer block (Moodle would make an essay)")
    if answer_text[0] == "#":
        _read_numerical(question, answer_text[1:], where)
    elif "~" in answer_text:
        _read_multichoice(question, answer_text, where)
    elif "=" in answer_text and "->" in answer_text:
        question.qtype = "matching"
        for part in [p for p in answer_text.split("=") if p.strip()]:
            if "->" not in part:
                raise MoodleFormatError(f"{where}: matching row without -> in {part!r}")
            left, right = part.split("->", 1)
            question.pairs.append((_with_format(left, where), _restore(right)))
        if len(question.pairs) < 2:
            raise MoodleFormatError(f"{where}: a matching question needs at least two pairs")
    elif answer_text.split("#")[0].strip() in ("T", "TRUE", "F", "FALSE"):
        question.qtype = "truefalse"
        parts = answer_text.split("#")
        if len(parts) > 3:
            raise MoodleFormatError(f"{where}: true/false takes at most two feedbacks")
        key, wrong, right = [*parts, "", ""][:3]
        question.correct = key.strip() in ("T", "TRUE")
        wrong, right = _with_format(wrong, where), _with_format(right, where)
        question.true_feedback, question.false_feedback = (
            (right, wrong) if question.correct else (wrong, right)
        )
    else:
        question.qtype = "shortanswer"
        for part in [p for p in answer_text.split("=") if p.strip()]:
            grade, part = _grade(part.strip(), where) if part.strip().startswith("%") else (100.0, part)
            text, feedback = _comment(part, where)
            question.answers.append(ParsedAnswer(text, grade, feedback))
        if not any(answer.grade == 100 for answer in question.answers):
            raise MoodleFormatError(f"{where}: no full-mark short answer")


def _read_multichoice(question: ParsedQuestion, answer_text: str, where: str) -> None:
    question.qtype = "multichoice"
    question.single = "=" in answer_text
    for part in [p for p in answer_text.replace("=", "~=").split("~") if p.strip()]:
        part = part.strip()
        if part.startswith("="):
            grade, part = 100.0, part[1:]
        elif part.startswith("%"):
            grade, part = _grade(part, where)
        else:
            grade = 0.0
        text, feedback = _comment(part, where)
        if not text:
            raise MoodleFormatError(f"{where}: empty choice")
        question.answers.append(ParsedAnswer(text, grade, feedback))
    if len(question.answers) < 2:
        raise MoodleFormatError(f"{where}: a multiple-choice question needs two choices")
    _check_choice_grades(question, where)


def _check_choice_grades(question: ParsedQuestion, where: str) -> None:
    grades = [answer.grade for answer in question.answers]
    if question.single:
        if grades.count(100.0) != 1 or any(g < 0 for g in grades):
            raise MoodleFormatError(f"{where}: a single-answer question needs exactly one 100% choice")
    elif abs(sum(g for g in grades if g > 0) - 100) > 0.01:
        raise MoodleFormatError(
            f"{where}: the right choices' grades add up to {sum(g for g in grades if g > 0)}%"
        )


def _read_numerical(question: ParsedQuestion, answer_text: str, where: str) -> None:
    question.qtype = "numerical"
    if "~" in answer_text:
        answer_text = answer_text[: answer_text.index("~")]
    parts = [p for p in answer_text.split("=") if p.strip()] or [answer_text]
    if len(parts) != 1:
        raise MoodleFormatError(f"{where}: expected one numerical answer, got {len(parts)}")
    value, feedback = _comment(parts[0], where)
    try:
        if ".." in value:
            low, high = (float(v) for v in value.split(".."))
            question.number, question.margin = (low + high) / 2, (high - low) / 2
        elif ":" in value:
            centre, margin = value.split(":")
            question.number, question.margin = float(centre), float(margin)
        else:
            question.number = float(value)
    except ValueError:
        raise MoodleFormatError(f"{where}: not a number: {value!r}") from None
    if question.margin < 0:
        raise MoodleFormatError(f"{where}: negative margin")
    question.answers.append(ParsedAnswer(value, 100.0, feedback))


def moodle_mark(question: ParsedQuestion, picks: set[str]) -> float:
    """The mark Moodle gives a choose-all answer picking the choices named `picks` (0 to 1)."""
    total = sum(answer.grade for answer in question.answers if answer.text in picks) / 100
    return min(1.0, max(0.0, total))


# ---- Moodle XML -------------------------------------------------------------------------------

_QUESTION_CHILDREN = (
    "name",
    "questiontext",
    "generalfeedback",
    "defaultgrade",
    "penalty",
    "hidden",
    "idnumber",
)


def _child(element: ET.Element, tag: str, where: str) -> ET.Element:
    found = element.findall(tag)
    if len(found) != 1:
        raise MoodleFormatError(f"{where}: expected one <{tag}>, found {len(found)}")
    return found[0]


def _child_text(element: ET.Element, tag: str, where: str) -> str:
    node = _child(element, tag, where)
    text = _child(node, "text", f"{where} <{tag}>")
    return text.text or ""


def _grade_attribute(answer: ET.Element, where: str) -> float:
    grade = float(answer.get("fraction", "nan"))
    if abs(grade) not in MOODLE_GRADES:
        raise MoodleFormatError(f"{where}: fraction {answer.get('fraction')} is not in Moodle's grade list")
    return grade


def parse_moodle_xml(source: str) -> list[ParsedQuestion]:
    """Every question of a Moodle XML file, checked as Moodle's importer reads each type."""
    import html

    root = ET.fromstring(source)
    if root.tag != "quiz":
        raise MoodleFormatError(f"root element is <{root.tag}>, not <quiz>")
    questions: list[ParsedQuestion] = []
    category = ""
    for number, element in enumerate(root, start=1):
        where = f"question {number}"
        if element.tag != "question":
            raise MoodleFormatError(f"{where}: unexpected <{element.tag}>")
        qtype = element.get("type")
        if qtype == "category":
            category = _child_text(element, "category", where)
            if not category.startswith("$course$/top/"):
                raise MoodleFormatError(f"{where}: category {category!r} is not under the course")
            continue
        if qtype not in ("multichoice", "truefalse", "shortanswer", "numerical", "matching"):
            raise MoodleFormatError(f"{where}: unsupported type {qtype!r}")
        for tag in _QUESTION_CHILDREN:
            _child(element, tag, where)
        where = f"{where} ({_child_text(element, 'name', where)})"
        for tag in ("questiontext", "generalfeedback"):
            if _child(element, tag, where).get("format") != "html":
                raise MoodleFormatError(f"{where}: <{tag}> must say format=html")
        question = ParsedQuestion(
            qtype=qtype,
            name=_child_text(element, "name", where),
            category=category,
            text=html.unescape(_child_text(element, "questiontext", where)),
            general_feedback=html.unescape(_child_text(element, "generalfeedback", where)),
        )
        if not question.name or not question.text:
            raise MoodleFormatError(f"{where}: empty name or question text")
        if qtype == "matching":
            for sub in element.findall("subquestion"):
                question.pairs.append(
                    (html.unescape(_child_text(sub, ".", where)), _child_text(sub, "answer", where))
                )
            if len(question.pairs) < 2:
                raise MoodleFormatError(f"{where}: a matching question needs at least two subquestions")
        else:
            for answer in element.findall("answer"):
                text = _child(answer, "text", where).text or ""
                question.answers.append(
                    ParsedAnswer(
                        html.unescape(text),
                        _grade_attribute(answer, where),
                        html.unescape(_child_text(answer, "feedback", where)),
                    )
                )
                if qtype == "numerical":
                    question.number = float(text)
                    question.margin = float(_child(answer, "tolerance", where).text or "0")
            if not question.answers:
                raise MoodleFormatError(f"{where}: no answers")
        if qtype == "multichoice":
            single = _child(element, "single", where).text
            if single not in ("true", "false"):
                raise MoodleFormatError(f"{where}: <single> must be true or false")
            question.single = single == "true"
            _check_choice_grades(question, where)
        if qtype == "truefalse":
            texts = sorted(answer.text for answer in question.answers)
            grades = sorted(answer.grade for answer in question.answers)
            if texts != ["false", "true"] or grades != [0.0, 100.0]:
                raise MoodleFormatError(f"{where}: true/false needs a true and a false answer, one right")
            by_text = {answer.text: answer for answer in question.answers}
            question.correct = by_text["true"].grade == 100
            question.true_feedback, question.false_feedback = (
                by_text["true"].feedback,
                by_text["false"].feedback,
            )
        questions.append(question)
    return questions
