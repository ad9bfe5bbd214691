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
    if q.kind == "flashcard" and q.answer != fact.display_value():
        bad.append(f"flashcard back {q.answer!r}")
    elif q.kind == "multiple_choice":
        wanted = fact.subject if q.variant == 1 else fact.display_value()
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
    """Wrong choices that are in fact right, or repeated."""
    bad = []
    if q.kind == "multiple_choice":
        wrong = [c for i, c in enumerate(q.choices) if i != q.answer]
        if len({key(c) for c in q.choices}) != len(q.choices):
            bad.append("repeated choice")
        forbidden = true_keys(fact, bank) if q.variant == 0 else {key(fact.subject)}
        for choice in wrong:
            if key(choice) in forbidden:
                bad.append(f"distractor {choice!r} is a right answer")
            if fact.is_numeric and q.variant == 0:
                number = parse_number(choice)
                truths = [parse_number(str(t)) for t in (fact.value, *fact.also_true)]
                if number is None or any(
                    t and abs(t.value - number.value) <= 1e-9 * abs(t.value) for t in truths
                ):
                    bad.append(f"numeric distractor {choice!r} equals a true value")
    if q.kind == "true_false" and q.variant == 1:
        sentence = q.prompt.removeprefix("True or false? ")
        if sentence == fact.statement or (not fact.is_numeric and mentions(sentence, str(fact.value))):
            bad.append("false statement still contains the value")
    return bad


def leak_problems(q: Question, fact: Fact) -> list[str]:
    """The prompt gives the answer away."""
    if q.kind in ("flashcard", "typed", "numeric") or (q.kind == "multiple_choice" and q.variant == 0):
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


def all_problems(questions: list[Question], bank: Bank) -> list[str]:
    found = []
    for q in questions:
        fact = bank.fact(q.fact_id)
        for problem in (
            answer_problems(q, fact, bank) + distractor_problems(q, fact, bank) + leak_problems(q, fact)
        ):
            found.append(f"{q.id}: {problem}")
    return found
