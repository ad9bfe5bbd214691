"""The question kinds: each one class that builds its questions from a fact and grades responses.

A kind is registered once in `KINDS` (in the order questions are listed); the generator asks each
kind for its questions and the grader dispatches on `question.kind`, so nothing else ever branches
on kind names. Building needs the bank only for distractors and partners (other facts to order or
match against). Grading needs the question alone and never raises: a response of the wrong shape
is simply wrong, with a reason.

A kind also owns how it is asked and answered (`asking.Asked`), so adding a kind is one class and
its template in templates/study/kinds/.

Response shapes (what `grade` takes):
- flashcard: not graded here (self-rated); `grade` returns None.
- multiple_choice: the chosen index (int), or the choice's text (str; a digit string that is no
  choice's text is read as an index).
- true_false: a bool, or "true"/"false" (also "t"/"f", "yes"/"no", "1"/"0"), any case.
- typed, numeric: the typed text (str); numeric also takes an int/float.
- ordering: a list of choice indices in the learner's order, earliest first.
- multi_select: a list of the chosen indices (any order).
- matching, comparison: a list of [item_index, choice_index] pairs, or a dict
  {item_index: choice_index}, or a list with one choice index per item in item order.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar

from quizapp.content import distractors
from quizapp.content.asking import NUMBER_HINT, Asked, Fields, PicksOne, TypesAnswer, read_rating, reordered
from quizapp.content.bank import Bank, Fact
from quizapp.content.grading import grade_number, tolerance_for
from quizapp.content.numbers import mentions_value, to_number
from quizapp.content.phrases import grade_text
from quizapp.content.question import Grade, Question, rng_for
from quizapp.content.sentences import cloze, swap_value
from quizapp.content.text import contains_phrase, normalise

MAX_CHOICES = 4


class QuestionKind(Asked, ABC):
    """One kind of question. Subclasses set `name`, implement `build` and `grade`, and how they are
    asked and answered (`Asked`: label, template, `parse`)."""

    name: ClassVar[str]
    auto_graded: ClassVar[bool] = True

    @abstractmethod
    def build(self, fact: Fact, bank: Bank) -> list[Question]:
        """Every variant of this kind for `fact` (possibly none)."""

    @abstractmethod
    def grade(self, question: Question, response: Any) -> Grade | None:
        """The verdict on `response`; None for self-rated kinds."""

    def leaks(self, question: Question, fact: Fact) -> bool:
        """Whether the prompt gives the answer away. By default: it contains the value, an alias
        or an also_true value (numbers in any written form)."""
        return prompt_gives_away(question.prompt, fact)

    def question(self, fact: Fact, variant: int, prompt: str, **fields: Any) -> Question:
        fields.setdefault("explanation", fact.explanation)
        return Question(
            id=f"{fact.id}:{self.name}:{variant}",
            fact_id=fact.id,
            section_id=fact.section_id,
            kind=self.name,
            variant=variant,
            prompt=prompt,
            **fields,
        )


KINDS: dict[str, QuestionKind] = {}


def register(cls: type[QuestionKind]) -> type[QuestionKind]:
    """Class decorator: add one instance of the kind to the registry."""
    KINDS[cls.name] = cls()
    return cls


def grade(question: Question, response: Any) -> Grade | None:
    """Grade `response` to `question` with its kind; None for self-rated kinds (flashcards)."""
    kind = KINDS.get(question.kind)
    if kind is None:
        return Grade(False, 0.0, f"unknown question kind '{question.kind}'", question.answer_text)
    try:
        return kind.grade(question, response)
    except (TypeError, ValueError, IndexError, KeyError, AttributeError, OverflowError, RecursionError):
        return Grade(False, 0.0, "the answer could not be read", question.answer_text)


def prompt_gives_away(prompt: str, fact: Fact) -> bool:
    """Whether `prompt` contains the fact's value, an alias or an also_true value."""
    for candidate in fact.accepted_texts():
        number = to_number(candidate) if fact.is_numeric else None
        if number is not None and mentions_value(prompt, float(number)):
            return True
        if contains_phrase(prompt, candidate):
            return True
    return False


def shuffle_in(answer: str, wrong: list[str], seed: tuple[object, ...]) -> tuple[tuple[str, ...], int]:
    """The choices in a fixed random order and the index of the answer among them."""
    choices = [answer, *wrong]
    rng_for(*seed).shuffle(choices)
    return tuple(choices), choices.index(answer)


def read_index(response: Any, choices: tuple[str, ...]) -> int | None:
    """A multiple-choice response as an index: an int, a choice's text, or a digit string."""
    if isinstance(response, bool):
        return None
    if isinstance(response, int):
        return response if 0 <= response < len(choices) else None
    if isinstance(response, str):
        key = normalise(response)
        matches = [i for i, choice in enumerate(choices) if normalise(choice) == key and key]
        if len(matches) == 1:
            return matches[0]
        text = response.strip()
        if text.isdecimal() and int(text) < len(choices):
            return int(text)
    return None


def list_front(subject: str, count: int) -> str:
    """The front of a list fact's card: "Name the benefits of foundation models (7 in the
    article)."; a subject that is already a clause ("what policymakers ...") takes no "the"."""
    first = subject.split(" ", 1)[0].lower()
    article = "" if first in ("what", "how", "which", "who", "where", "why", "the") else "the "
    return f"Name {article}{subject} ({count} in the article)."


@register
class Flashcard(QuestionKind):
    """Front: the prompt. Back: the answer and the true sentence. The learner rates themself."""

    name = "flashcard"
    label = "Flashcard"
    template = "flashcard"
    auto_graded = False

    def build(self, fact: Fact, bank: Bank) -> list[Question]:
        if fact.kind == "list":
            prompt = list_front(fact.subject, len(fact.members))
        elif fact.kind == "concept_pair":
            prompt = f"{fact.subject[:1].upper()}{fact.subject[1:]}: what is the difference?"
        else:
            prompt = fact.prompt
        answer = fact.answer_in_words()
        return [self.question(fact, 0, prompt, answer=answer, answer_text=fact.statement)]

    def leaks(self, question: Question, fact: Fact) -> bool:
        return fact.value is not None and prompt_gives_away(question.prompt, fact)

    def grade(self, question: Question, response: Any) -> Grade | None:
        return None

    def parse(self, question: Question, fields: Fields) -> int:
        return read_rating(fields)

    def describe(self, question: Question, response: Any) -> str:
        return ""

    def view(self, question: Question) -> dict[str, Any]:
        return {"answer_text": question.answer_text or str(question.answer)}


@register
class MultipleChoice(PicksOne, QuestionKind):
    """Pick the one sentence that agrees with the article among the fact's true sentence and the
    same sentence with false values swapped in (variant 0); a definition instead gets variant 1:
    given the definition, pick the term. Variant 0 is worded as sentences, not as the fact's
    prompt, so that it never repeats the flashcard's wording."""

    name = "multiple_choice"
    label = "Multiple choice"
    prompt_text = "Which of these sentences agrees with the article?"

    def build(self, fact: Fact, bank: Bank) -> list[Question]:
        if fact.value is None:
            return []
        questions = []
        if fact.kind != "definition":
            wrong = false_sentences(fact, bank, rng_for(fact.id, self.name, 0))[: MAX_CHOICES - 1]
            if len(wrong) >= 2:
                choices, index = shuffle_in(fact.statement, wrong, (fact.id, self.name, 0, "order"))
                questions.append(
                    self.question(
                        fact, 0, self.prompt_text, choices=choices, answer=index, answer_text=choices[index]
                    )
                )
        else:
            wrong_terms = distractors.subject_candidates(fact, bank, rng_for(fact.id, self.name, 1))[
                : MAX_CHOICES - 1
            ]
            if len(wrong_terms) >= 2:
                choices, index = shuffle_in(fact.subject, wrong_terms, (fact.id, self.name, 1, "order"))
                prompt = f"Which term does the article define as: “{str(fact.value).rstrip('.')}”?"
                questions.append(
                    self.question(fact, 1, prompt, choices=choices, answer=index, answer_text=choices[index])
                )
        return questions

    def leaks(self, question: Question, fact: Fact) -> bool:
        if question.variant == 1:
            return contains_phrase(question.prompt, fact.subject)
        return prompt_gives_away(question.prompt, fact)

    def grade(self, question: Question, response: Any) -> Grade:
        expected = question.choices[question.answer]
        chosen = read_index(response, question.choices)
        if chosen is None:
            return Grade(False, 0.0, "no choice made", expected)
        if chosen == question.answer:
            return Grade(True, 1.0, "correct", expected)
        return Grade(
            False, 0.0, f"you chose '{question.choices[chosen]}'; the answer is '{expected}'", expected
        )

    def shuffle(self, question: Question, order: list[int]) -> Question:
        return reordered(question, order, lambda moved: moved[question.answer])

    def right_choices(self, question: Question) -> list[str]:
        return [question.choices[question.answer]]


def false_sentences(fact: Fact, bank: Bank, rng: Any) -> list[str]:
    """The fact's statement with each of its false values in place of the value, where the swap
    is clean: sentences the article contradicts."""
    out = []
    for wrong in distractors.candidates(fact, bank, rng):
        sentence = swap_value(fact, wrong)
        if sentence is not None and sentence not in out:
            out.append(sentence)
    return out


TRUE_WORDS = {
    "true": True,
    "t": True,
    "yes": True,
    "y": True,
    "1": True,
    "false": False,
    "f": False,
    "no": False,
    "n": False,
    "0": False,
}


# Only facts with a false value the article contradicts can have a false statement, so those pick
# it more often than not: across the bank about as many statements are false as true, and
# answering "True" every time does not pay.
FALSE_SHARE = 0.75


@register
class TrueFalse(PicksOne, QuestionKind):
    """One statement per fact: the true one (variant 0) or, where the fact has a false value the
    article contradicts, that sentence with the false value swapped in (variant 1). Never both,
    so one twin can never give the other away; which one is fixed by the fact id (see
    FALSE_SHARE)."""

    name = "true_false"
    label = "True or false"  # graded by the chosen word, so its choices are never shuffled

    def build(self, fact: Fact, bank: Bank) -> list[Question]:
        if fact.value is None:
            return []
        choices = ("True", "False")
        rng = rng_for(fact.id, self.name, 1)
        wrong = false_sentences(fact, bank, rng)
        if wrong and rng.random() < FALSE_SHARE:
            return [
                self.question(
                    fact,
                    1,
                    f"True or false? {wrong[0]}",
                    choices=choices,
                    answer=False,
                    answer_text="False",
                    explanation=f"False: {fact.statement} {fact.explanation}",
                )
            ]
        return [
            self.question(
                fact, 0, f"True or false? {fact.statement}", choices=choices, answer=True, answer_text="True"
            )
        ]

    def leaks(self, question: Question, fact: Fact) -> bool:
        return False  # The sentence carries a value by design; the answer is true or false.

    def grade(self, question: Question, response: Any) -> Grade:
        expected = "True" if question.answer else "False"
        if isinstance(response, bool):
            said: bool | None = response
        elif isinstance(response, str):
            said = TRUE_WORDS.get(response.strip().lower())
        elif isinstance(response, int) and response in (0, 1):
            said = bool(response)
        else:
            said = None
        if said is None:
            return Grade(False, 0.0, "answer true or false", expected)
        if said == question.answer:
            return Grade(True, 1.0, f"correct: the statement is {expected.lower()}", expected)
        return Grade(False, 0.0, f"the statement is {expected.lower()}", expected)

    def parse(self, question: Question, fields: Fields) -> str:
        return str(question.choices[super().parse(question, fields)])  # the word: it is what is graded

    def right_choices(self, question: Question) -> list[str]:
        return ["True" if question.answer else "False"]


@register
class Typed(TypesAnswer, QuestionKind):
    """Type the answer (text kinds except definitions, which are too long to type), as a cloze:
    the statement with the answer blanked out (variant 1). The fact's prompt is the flashcard's
    wording, so it is not asked again here; no cloze, no typed question."""

    name = "typed"
    label = "Type the answer"
    kinds = frozenset({"organisation", "model", "person", "term"})

    def build(self, fact: Fact, bank: Bank) -> list[Question]:
        if fact.kind not in self.kinds:
            return []
        fields = dict(
            answer=str(fact.value),
            accepted=(*fact.aliases, *map(str, fact.also_true)),
            answer_text=str(fact.value),
        )
        blanked = cloze(fact)
        if blanked is None:
            return []
        return [self.question(fact, 1, f"Fill in the blank: {blanked}", **fields)]

    def grade(self, question: Question, response: Any) -> Grade:
        return grade_text(str(question.answer), question.accepted, response)


@register
class Numeric(TypesAnswer, QuestionKind):
    """Type a number or a year, in any usual form, as a cloze of the statement (variant 1; the
    prompt is the flashcard's wording). A bound's words ("more than") stay in the sentence. How
    close an answer must be follows the fact's precision (see grading)."""

    name = "numeric"
    label = "Number or year"

    def build(self, fact: Fact, bank: Bank) -> list[Question]:
        if not fact.is_numeric or not isinstance(fact.value, int | float):
            return []
        fields = dict(
            answer=fact.value,
            accepted=tuple(str(x) for x in (*fact.aliases, *fact.also_true)),
            tolerance=tolerance_for(float(fact.value), fact.precision),
            answer_text=fact.display_value(),
            precision=fact.precision,
            unit=fact.unit,
            month=fact.month,
        )
        blanked = cloze(fact)
        if blanked is None:
            return []
        return [self.question(fact, 1, f"Fill in the blank: {blanked}", **fields)]

    def grade(self, question: Question, response: Any) -> Grade:
        year = (
            isinstance(question.answer, int)
            and question.answer_text == str(question.answer)
            and 1900 <= question.answer <= 2100
        )
        return grade_number(
            question.answer,
            question.accepted,
            question.tolerance,
            response,
            display=question.answer_text,
            year=year,
            precision=question.precision,
            unit=question.unit,
            month=question.month,
        )

    def view(self, question: Question) -> dict[str, Any]:
        return {"numeric": True, "number_hint": NUMBER_HINT}


# The kinds that combine several facts or items live in their own module; importing it
# registers them after the single-answer kinds above.
from quizapp.content import kinds_multi  # noqa: E402,F401
