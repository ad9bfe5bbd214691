"""Kinds with several parts to one answer: ordering, matching, multi_select, comparison.

Each gives partial credit (`Grade.score`) but counts as correct only when every part is right.
The anchor fact is always the question's own fact; the other parts come from the bank (other
milestones, other facts of the same kind and attribute) or from the fact itself (list members,
concept items).
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

from quizapp.content.asking import Asked, Fields, read_choices, read_matches, read_places, reordered
from quizapp.content.bank import Bank, Fact
from quizapp.content.kinds import QuestionKind, register
from quizapp.content.question import Grade, Question, rng_for
from quizapp.content.text import contains_phrase, normalise

ORDERING_SIZE = 4
MATCHING_MAX = 4
MULTI_MEMBERS = 5
MULTI_NON_MEMBERS = 3
COMPARISON_MAX = 6


def read_indices(response: Any, size: int) -> list[int] | None:
    """A list of choice indices (ints or digit strings, or "0,2,3"), each within range."""
    if isinstance(response, str):
        response = [part for part in response.replace(" ", ",").split(",") if part]
    if not isinstance(response, list | tuple | set | frozenset):
        return None
    out = []
    for item in response if not isinstance(response, set | frozenset) else sorted(response, key=str):
        if isinstance(item, bool):
            return None
        if isinstance(item, str) and item.strip().isdecimal():
            item = int(item.strip())
        if not isinstance(item, int) or not 0 <= item < size:
            return None
        out.append(item)
    return out


def read_pairs(response: Any, items: int, choices: int) -> dict[int, int] | None:
    """A pairing response as {item: choice}; None when it is not one (see kinds' docstring)."""
    pairs: list[Any]
    if isinstance(response, dict):
        pairs = list(response.items())
    elif isinstance(response, list | tuple):
        if all(isinstance(x, list | tuple) for x in response):
            pairs = list(response)
        else:
            pairs = list(enumerate(response))
    else:
        return None
    out: dict[int, int] = {}
    for pair in pairs:
        if len(pair) != 2:
            return None
        item, choice = (int(x) if isinstance(x, str) and x.strip().isdecimal() else x for x in pair)
        if any(isinstance(x, bool) or not isinstance(x, int) for x in (item, choice)):
            return None
        if not (0 <= item < items and 0 <= choice < choices) or item in out:
            return None
        out[item] = choice
    return out


def _pairs_grade(question: Question, response: Any) -> Grade:
    expected = question.answer_text
    # The item count comes from the answer, so a question stored without its items still grades.
    got = read_pairs(response, len(question.answer), len(question.choices))
    if got is None:
        return Grade(False, 0.0, "the pairs could not be read", expected)
    right = {item: choice for item, choice in question.answer}
    hits = sum(1 for item, choice in right.items() if got.get(item) == choice)
    score = hits / len(right)
    if hits == len(right):
        return Grade(True, 1.0, "all pairs correct", expected)
    return Grade(False, score, f"{hits} of {len(right)} pairs correct", expected)


class MatchesPairs(Asked):
    """Asked with one select per item, offering every choice; the response is [item, choice] pairs."""

    template = "selects"

    def parse(self, question: Question, fields: Fields) -> list[list[int]]:
        return read_matches(fields, len(question.items), len(question.choices))

    def describe(self, question: Question, response: Any) -> str:
        return "; ".join(f"{question.items[i]} → {question.choices[j]}" for i, j in response)

    def view(self, question: Question) -> dict[str, Any]:
        return {
            "hint": "",
            "rows": [(label, f"pair-{i}") for i, label in enumerate(question.items)],
            "options": [(str(i), label) for i, label in enumerate(question.choices)],
            "placeholder": "Choose…",
        }

    def shuffle(self, question: Question, order: list[int]) -> Question:
        return reordered(question, order, lambda moved: tuple((i, moved[j]) for i, j in question.answer))


@register
class Ordering(QuestionKind):
    """Put four milestones in chronological order: the fact's own and three others, all with
    different years. Only `milestone` year facts; needs at least four distinct years."""

    name = "ordering"
    label = "Put in order"
    template = "selects"

    def build(self, fact: Fact, bank: Bank) -> list[Question]:
        if not fact.is_milestone:
            return []
        rng = rng_for(fact.id, self.name, 0)
        others = [f for f in bank.milestones() if f.id != fact.id]
        rng.shuffle(others)
        chosen = [fact]
        for other in others:
            if len(chosen) == ORDERING_SIZE:
                break
            if other.value not in {f.value for f in chosen} and normalise(other.subject) not in {
                normalise(f.subject) for f in chosen
            }:
                chosen.append(other)
        if len(chosen) < ORDERING_SIZE:
            return []
        shown = list(chosen)
        rng.shuffle(shown)
        timeline = sorted(chosen, key=lambda f: f.value)
        if shown == timeline:  # never hand out the answer as the starting order
            shown = shown[1:] + shown[:1]
        choices = tuple(f.subject for f in shown)
        answer = tuple(shown.index(f) for f in timeline)
        text = " → ".join(f"{f.subject} ({f.value})" for f in timeline)
        return [
            self.question(
                fact,
                0,
                "Put these milestones in chronological order, earliest first.",
                choices=choices,
                answer=answer,
                answer_text=text,
            )
        ]

    def leaks(self, question: Question, fact: Fact) -> bool:
        return False

    def grade(self, question: Question, response: Any) -> Grade:
        expected = question.answer_text
        order = read_indices(response, len(question.choices))
        if order is None or sorted(order) != list(range(len(question.choices))):
            return Grade(False, 0.0, "put every item in order exactly once", expected)
        if list(order) == list(question.answer):
            return Grade(True, 1.0, "correct order", expected)
        rank = {choice: position for position, choice in enumerate(question.answer)}
        pairs = list(combinations(order, 2))
        agree = sum(1 for a, b in pairs if rank[a] < rank[b])
        return Grade(False, agree / len(pairs), f"{agree} of {len(pairs)} pairs in the right order", expected)

    def parse(self, question: Question, fields: Fields) -> list[int]:
        return read_places(fields, len(question.choices))

    def describe(self, question: Question, response: Any) -> str:
        return " → ".join(question.choices[i] for i in response)

    def view(self, question: Question) -> dict[str, Any]:
        return {
            "hint": "Give each a place, 1 for the first.",
            "rows": [(label, f"place-{i}") for i, label in enumerate(question.choices)],
            "options": [(str(n), str(n)) for n in range(1, len(question.choices) + 1)],
            "placeholder": "Place…",
        }

    def shuffle(self, question: Question, order: list[int]) -> Question:
        return reordered(question, order, lambda moved: tuple(moved[i] for i in question.answer))


@register
class Matching(MatchesPairs, QuestionKind):
    """Match 3-4 subjects to their values (e.g. model -> maker): the fact and other facts of the
    same kind, attribute and value type. Pairs are chosen so each subject has exactly one right choice."""

    name = "matching"
    label = "Match them up"
    kinds = frozenset({"organisation", "person", "model"})

    def build(self, fact: Fact, bank: Bank) -> list[Question]:
        if fact.kind not in self.kinds:
            return []
        rng = rng_for(fact.id, self.name, 0)
        others = [
            f
            for f in bank.pool(fact.kind, fact.attribute)
            if f.id != fact.id and f.value_type == fact.value_type
        ]
        rng.shuffle(others)
        chosen = [fact]
        if _names_itself(fact):
            return []
        for other in others:
            if len(chosen) == MATCHING_MAX:
                break
            if not _names_itself(other) and _unambiguous([*chosen, other]):
                chosen.append(other)
        if len(chosen) < 3:
            return []
        rng.shuffle(chosen)
        values: list[str] = []
        for f in chosen:
            if normalise(str(f.value)) not in {normalise(v) for v in values}:
                values.append(str(f.value))
        rng.shuffle(values)
        keys = [normalise(v) for v in values]
        answer = tuple((i, keys.index(normalise(str(f.value)))) for i, f in enumerate(chosen))
        text = "; ".join(f"{f.subject} → {f.value}" for f in chosen)
        prompt = matching_prompt(fact.kind, fact.attribute)
        return [
            self.question(
                fact,
                0,
                prompt,
                items=tuple(f.subject for f in chosen),
                choices=tuple(values),
                answer=answer,
                answer_text=text,
            )
        ]

    def leaks(self, question: Question, fact: Fact) -> bool:
        return False

    def grade(self, question: Question, response: Any) -> Grade:
        return _pairs_grade(question, response)


PREPOSITIONS = ("by", "on", "in", "for", "from", "of", "with", "to")


def matching_prompt(kind: str, attribute: str) -> str:
    """The instruction of a matching question, worded from the kind and attribute:
    maker -> "Match each item with its maker."; reported_by -> "... with the organisation it was
    reported by."; model -> "Match each description with the model it describes."."""
    words = attribute.split("_")
    if attribute == "reported_by":
        return "Match each claim with the source the article gives for it."
    if attribute == kind or attribute in ("name", "model", "organisation", "person"):
        return f"Match each description with the {kind} it describes."
    if len(words) > 1 and words[-1] in PREPOSITIONS:
        verb = "was" if words[-1] == "by" else "is"
        return f"Match each item with the {kind} it {verb} {' '.join(words)}."
    return f"Match each item with its {' '.join(words)}."


def _names_itself(fact: Fact) -> bool:
    """A pair whose answer spells out its item ("Midjourney" → "Midjourney Inc.") asks nothing."""
    value, subject = str(fact.value), fact.subject
    return contains_phrase(value, subject) or contains_phrase(subject, value)


def _unambiguous(facts: list[Fact]) -> bool:
    """Subjects distinct, values distinct (one-to-one), and each subject's right answers meet the
    offered values only in its own value (so "Stanford" is not offered where "Stanford CRFM" is also right)."""
    subjects = [normalise(f.subject) for f in facts]
    values = [normalise(str(f.value)) for f in facts]
    if len(set(subjects)) != len(subjects) or len(set(values)) != len(values):
        return False
    offered = {normalise(str(f.value)) for f in facts}
    for f in facts:
        right = {normalise(t) for t in f.accepted_texts()} & offered
        if right != {normalise(str(f.value))}:
            return False
        if normalise(f.subject) in offered:
            return False
    return True


@register
class MultiSelect(QuestionKind):
    """Pick every item the article lists: up to five members mixed with up to three
    non-members. Needs at least two of each."""

    name = "multi_select"
    label = "Choose all that apply"
    template = "options"
    picks_choices = True

    def build(self, fact: Fact, bank: Bank) -> list[Question]:
        if fact.kind != "list" or len(fact.members) < 2 or len(fact.non_members) < 2:
            return []
        rng = rng_for(fact.id, self.name, 0)
        members = list(fact.members)
        rng.shuffle(members)
        members = members[:MULTI_MEMBERS]
        wrong = list(fact.non_members)
        rng.shuffle(wrong)
        wrong = wrong[:MULTI_NON_MEMBERS]
        choices = members + wrong
        rng.shuffle(choices)
        answer = tuple(sorted(choices.index(m) for m in members))
        prompt = f"{fact.prompt} (Select all that apply.)"
        return [
            self.question(
                fact,
                0,
                prompt,
                choices=tuple(choices),
                answer=answer,
                answer_text=", ".join(choices[i] for i in answer),
            )
        ]

    def leaks(self, question: Question, fact: Fact) -> bool:
        return False

    def grade(self, question: Question, response: Any) -> Grade:
        expected = question.answer_text
        picked = read_indices(response, len(question.choices))
        if picked is None:
            return Grade(False, 0.0, "the selection could not be read", expected)
        right, got = set(question.answer), set(picked)
        if got == right:
            return Grade(True, 1.0, "all correct", expected)
        score = len(right & got) / len(right | got) if right | got else 0.0
        missed, extra = len(right - got), len(got - right)
        parts = [f"{missed} missed" if missed else "", f"{extra} wrongly picked" if extra else ""]
        return Grade(False, score, ", ".join(p for p in parts if p), expected)

    def parse(self, question: Question, fields: Fields) -> list[int]:
        return read_choices(fields, len(question.choices))

    def describe(self, question: Question, response: Any) -> str:
        return ", ".join(question.choices[i] for i in response) or "(none)"

    def view(self, question: Question) -> dict[str, Any]:
        return {"input_type": "checkbox", "hint": "Choose every one that applies."}

    def shuffle(self, question: Question, order: list[int]) -> Question:
        return reordered(question, order, lambda moved: tuple(sorted(moved[i] for i in question.answer)))

    def right_choices(self, question: Question) -> list[str]:
        return [question.choices[i] for i in question.answer]

    def picked(self, question: Question, response: Any) -> list[str]:
        return [question.choices[i] for i in response]


@register
class Comparison(MatchesPairs, QuestionKind):
    """For each statement of a concept_pair, pick which of the two concepts it describes."""

    name = "comparison"
    label = "Which concept?"

    def build(self, fact: Fact, bank: Bank) -> list[Question]:
        if fact.kind != "concept_pair" or len(fact.items) < 2:
            return []
        rng = rng_for(fact.id, self.name, 0)
        items = list(fact.items)
        rng.shuffle(items)
        items = items[:COMPARISON_MAX]
        concepts = tuple(fact.concepts)
        answer = tuple((i, concepts.index(item.concept)) for i, item in enumerate(items))
        prompt = (
            fact.prompt or f"For each statement, pick whether it describes {concepts[0]} or {concepts[1]}."
        )
        text = "; ".join(f"{item.text} → {item.concept}" for item in items)
        return [
            self.question(
                fact,
                0,
                prompt,
                items=tuple(item.text for item in items),
                choices=concepts,
                answer=answer,
                answer_text=text,
            )
        ]

    def leaks(self, question: Question, fact: Fact) -> bool:
        return False

    def grade(self, question: Question, response: Any) -> Grade:
        return _pairs_grade(question, response)
