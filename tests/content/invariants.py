"""Checks every generated question must pass, written independently of the generator's own code
(plain regular expressions, not the generator's phrase matcher) so a bug there cannot hide."""

from __future__ import annotations

import re

from quizapp.content import Bank, Fact, Question
from quizapp.content.numbers import parse_number


def key(text: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text).lower())


def mentions(prompt: str, text: str) -> bool:
    pattern = (
        r"(?<![A-Za-z0-9])"
        + r"[\W_]*".join(map(re.escape, re.findall(r"[A-Za-z0-9]+", text)))
        + r"(?![A-Za-z0-9])(?!\.\d)"
    )
    return bool(re.findall(r"[A-Za-z0-9]+", text)) and re.search(pattern, prompt, re.IGNORECASE) is not None


def true_keys(fact: Fact, bank: Bank) -> set[str]:
    keys = {key(t) for t in fact.accepted_texts()}
    for other in bank.facts:
        if (
            other.id != fact.id
            and other.attribute == fact.attribute
            and key(other.subject) == key(fact.subject)
        ):
            keys |= {key(t) for t in other.accepted_texts()}
    return keys - {""}


def answer_problems(q: Question, fact: Fact, bank: Bank) -> list[str]:
    """Why `q`'s answer does not match its fact (empty when it does)."""
    bad = []
    if q.id != f"{fact.id}:{q.kind}:{q.variant}" or q.section_id != fact.section_id:
        bad.append("id or section does not follow the fact")
    if q.kind == "flashcard" and q.answer != fact.answer_in_words():
        bad.append(f"flashcard back {q.answer!r}")
    elif q.kind == "multiple_choice":
        wanted = fact.subject if q.variant == 1 else fact.statement
        if q.choices[q.answer] != wanted or q.answer_text != wanted:
            bad.append(f"choice {q.choices[q.answer]!r} is not {wanted!r}")
    elif q.kind == "true_false":
        if q.variant == 0 and not (q.answer is True and fact.statement in q.prompt):
            bad.append("true variant does not state the fact")
        if q.variant == 1 and not (q.answer is False and fact.statement not in q.prompt):
            bad.append("false variant still states the fact")
    elif q.kind == "typed":
        if q.answer != str(fact.value) or set(q.accepted) != {*fact.aliases, *map(str, fact.also_true)}:
            bad.append("typed answer or accepted answers differ from the fact")
    elif q.kind == "numeric":
        if q.answer != fact.value or q.answer_text != fact.display_value():
            bad.append("numeric answer differs from the fact")
    elif q.kind == "ordering":
        by_subject = {f.subject: f for f in bank.milestones()}
        years = [by_subject[q.choices[i]].value for i in q.answer]
        if years != sorted(years) or len(set(years)) != len(years) or fact.subject not in q.choices:
            bad.append(f"ordering answer gives years {years}")
        if list(q.answer) == list(range(len(q.choices))):
            bad.append("ordering choices start in the right order")
    elif q.kind == "matching":
        pool = {(f.subject, str(f.value)) for f in bank.pool(fact.kind, fact.attribute)}
        pairs = {(q.items[i], q.choices[c]) for i, c in q.answer}
        if not pairs <= pool or fact.subject not in q.items or len(pairs) != len(q.items):
            bad.append("matching pairs are not facts of the pool")
        if len(set(map(key, q.choices))) != len(q.choices) or len({c for _, c in q.answer}) != len(q.answer):
            bad.append("matching is not one-to-one")
    elif q.kind == "multi_select":
        picked = {q.choices[i] for i in q.answer}
        rest = set(q.choices) - picked
        if not picked or not picked <= set(fact.members) or not rest or not rest <= set(fact.non_members):
            bad.append("multi_select picks are not the members shown")
    elif q.kind == "comparison":
        truth = {(item.text, item.concept) for item in fact.items}
        if {(q.items[i], q.choices[c]) for i, c in q.answer} - truth or tuple(q.choices) != fact.concepts:
            bad.append("comparison pairs are wrong")
    return bad


def distractor_problems(q: Question, fact: Fact, bank: Bank) -> list[str]:
    """Wrong choices that are in fact right, or repeated, or not made from the fact's own false
    values (the only values the fact base says are false for it)."""
    bad = []
    if q.kind == "multiple_choice":
        wrong = [c for i, c in enumerate(q.choices) if i != q.answer]
        # Sentences differ by a number's decimal point ("17.5" and "175"), so they are compared
        # as written; single terms by their letters and digits.
        same = (lambda c: c.lower()) if q.variant == 0 else key
        if len({same(c) for c in q.choices}) != len(q.choices):
            bad.append("repeated choice")
        if q.variant == 1:
            defined = {key(f.subject) for f in bank.pool("definition")}
            for choice in wrong:
                if key(choice) == key(fact.subject) or key(choice) not in defined:
                    bad.append(f"distractor {choice!r} is not another defined term")
        else:
            bad += [problem for choice in wrong for problem in _false_sentence_problems(choice, fact)]
    if q.kind == "true_false" and q.variant == 1:
        bad += _false_sentence_problems(q.prompt.removeprefix("True or false? "), fact)
    return bad


def _false_sentence_problems(sentence: str, fact: Fact) -> list[str]:
    if sentence == fact.statement or (not fact.is_numeric and mentions(sentence, str(fact.value))):
        return [f"false sentence {sentence!r} still contains the value"]
    if fact.is_numeric:
        numbers = [parse_number(str(v)) for v in fact.false_values]
        shown = {round(n.value, 6) for n in numbers if n}
        found = {round(v, 6) for v in _numbers_in(sentence)}
        if not shown & found:
            return [f"false sentence {sentence!r} has none of the false values"]
        return []
    if not any(mentions(sentence, str(v)) or mentions(sentence, f"{v}s") for v in fact.false_values):
        return [f"false sentence {sentence!r} has none of the false values"]
    return []


def _numbers_in(sentence: str) -> list[float]:
    found = []
    for match in re.finditer(r"\$?\d[\d,.]*(?:\s*(?:billion|million|trillion|thousand))?%?", sentence):
        number = parse_number(match.group(0).rstrip(".,"))
        if number is not None:
            found.append(number.value)
    return found


def leak_problems(q: Question, fact: Fact) -> list[str]:
    """The prompt gives the answer away."""
    if q.kind in ("flashcard", "typed", "numeric") or (q.kind == "multiple_choice" and q.variant == 0):
        if q.kind in ("typed", "numeric") and q.prompt.count("_____") != 1:
            return ["a cloze must have exactly one blank"]
        if fact.value is None:
            return []
        texts = [str(t) for t in fact.accepted_texts()]
        if fact.is_numeric:
            texts = [t for t in texts if parse_number(t) is None] + [fact.display_value()]
            if re.search(rf"(?<![\d,.]){re.escape(str(fact.value))}(?![\d])", q.prompt):
                return [f"prompt contains {fact.value}"]
        return [f"prompt contains {t!r}" for t in texts if mentions(q.prompt, t)]
    if q.kind == "multiple_choice" and q.variant == 1 and mentions(q.prompt, fact.subject):
        return [f"prompt contains {fact.subject!r}"]
    return []


def repeated_wordings(questions: list[Question]) -> list[str]:
    """Two kinds of one fact asking in the same words."""
    seen: dict[tuple[str, str], str] = {}
    found = []
    for q in questions:
        other = seen.setdefault((q.fact_id, q.prompt), q.kind)
        if other != q.kind:
            found.append(f"{q.id}: same prompt as its {other}")
    return found


def all_problems(questions: list[Question], bank: Bank) -> list[str]:
    found = repeated_wordings(questions)
    for q in questions:
        fact = bank.fact(q.fact_id)
        for problem in (
            answer_problems(q, fact, bank) + distractor_problems(q, fact, bank) + leak_problems(q, fact)
        ):
            found.append(f"{q.id}: {problem}")
    return found
