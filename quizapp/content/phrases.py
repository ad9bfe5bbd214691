"""Grading typed phrases as a fair teacher would: generous about form, strict about meaning.

The rules, tried in order (the grade's reason names the one that decided):

1. The same letters and digits as the answer, an alias or another true answer (case, spacing,
   accents and punctuation never matter; digits always do, so "GPT-4" is not "GPT-3").
2. The same after what a teacher ignores: articles ("the", "a"), company suffixes ("Inc", "& Co",
   "Corp", "Ltd"), joining words ("and", "or"), singular/plural ("transformers"), the long form of an
   abbreviation ("European AI Act" for "EU AI Act") and generic head nouns the learner added
   ("BERT model", "transformer architecture", "zero-shot learning"). A head noun is only ignored
   when the learner added it: "world" alone is not "world models".
3. A list ("BigScience/Hugging Face", "GPT-3.5 and GPT-4", "chat, translation") is right when every
   item is a right answer (or the items are the parts of the answer in any order); one wrong item
   makes it wrong, and naming only part of a two-part answer is wrong too.
4. One slip of the keyboard (one letter missing, extra, wrong or two swapped, measured with
   rapidfuzz) in a word of 5+ letters without digits, unless the slip makes another real English
   word: "tranformer" is a typo, "slope" for "scope" is a different word (wordfreq's bundled word
   frequencies say so; no network).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from quizapp.content.question import Grade
from quizapp.content.text import normalise, tokens
from quizapp.content.text import words as split_words

MAX_ANSWER_LENGTH = 500
# A word at least this common (wordfreq's Zipf scale: 3 = once per million words) is a real word,
# so a one-letter change that makes it is a different answer, not a typo.
REAL_WORD_ZIPF = 3.0
TYPO_MIN_LETTERS = 5


ARTICLES = frozenset({"the", "a", "an"})
JOINERS = frozenset({"and", "or"})
COMPANY_SUFFIXES = frozenset(
    {"inc", "incorporated", "co", "corp", "corporation", "ltd", "limited", "llc", "plc", "gmbh", "company"}
)
# Words a learner adds after a name without changing what it names.
GENERIC_HEADS = frozenset(
    (
        "model architecture network neural learning training pretraining approach method technique "
        "framework system paradigm algorithm family series version university lab laboratory "
        "researcher research team group firm report risk issue benefit trend characteristic concept "
        "process strategy task tool area field domain application technology type kind"
    ).split()
)
# Long forms a learner may write for an abbreviation the bank uses (or the other way round): both
# sides are reduced to the abbreviation. Longest first, so "artificial general intelligence" is AGI.
ABBREVIATIONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("center", "for", "research", "on", "foundation", "model"), "crfm"),
    (("centre", "for", "research", "on", "foundation", "model"), "crfm"),
    (("generative", "pre", "trained", "transformer"), "gpt"),
    (("generative", "pretrained", "transformer"), "gpt"),
    (("artificial", "general", "intelligence"), "agi"),
    (("international", "business", "machine"), "ibm"),
    (("natural", "language", "processing"), "nlp"),
    (("retrieval", "augmented", "generation"), "rag"),
    (("large", "language", "model"), "llm"),
    (("vision", "language", "model"), "vlm"),
    (("mixture", "of", "expert"), "moe"),
    (("artificial", "intelligence"), "ai"),
    (("european", "union"), "eu"),
    (("business", "intelligence"), "bi"),
    (("intellectual", "property"), "ip"),
    (("machine", "learning"), "ml"),
    (("united", "state"), "us"),
    (("european",), "eu"),
)
_SEPARATORS = re.compile(r"\s*(?:/|,|;|\+|&|\band\b|\bor\b|\bas well as\b|\bplus\b)\s*", re.IGNORECASE)


_BRITISH = re.compile(r"is(e|ed|es|ing|ation|ations)$")


def _american(word: str) -> str:
    """British -ise/-isation spellings as -ize/-ization ("specialised" -> "specialized"), so the two
    spellings of one word are one answer and never a typo of each other."""
    return _BRITISH.sub(r"iz\1", word) if len(word) > 6 else word


def _singular(word: str) -> str:
    """A plural English noun as its singular, roughly ("models" -> "model", "abilities" -> "ability").

    Only used to compare two answers, so both sides are reduced the same way.
    """
    if len(word) <= 3 or word[-1] != "s" or word.endswith(("ss", "us", "is")) or word[-2].isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    return word[:-1]


@dataclass(frozen=True)
class _Words:
    """An answer reduced to what a teacher compares, with notes on what was set aside."""

    words: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def key(self) -> str:
        return "".join(self.words)


def _reduce(text: str) -> _Words:
    """`text` as words with articles, suffixes and joiners dropped, plurals singular and long forms
    abbreviated. The notes say what was changed, for the grade's reason."""
    # A lone "s" is a possessive ("Stanford's" -> "stanford", "s"): it names nothing.
    raw = [_singular(_american(word)) for word in split_words(text) if word != "s"]
    notes: list[str] = []
    words: list[str] = []
    index = 0
    while index < len(raw):
        for long_form, short in ABBREVIATIONS:
            if tuple(raw[index : index + len(long_form)]) == long_form:
                words.append(short)
                notes.append(f"'{' '.join(long_form)}' is the long form of {short.upper()}")
                index += len(long_form)
                break
        else:
            word = raw[index]
            if word in ARTICLES or word in JOINERS:
                pass
            elif word in COMPANY_SUFFIXES and words:
                notes.append(f"'{word}' is a company suffix")
            else:
                words.append(word)
            index += 1
    if any(_singular(word) != word for word in split_words(text)):
        notes.append("singular and plural are the same answer")
    return _Words(tuple(words), tuple(notes))


def _without_added_heads(answer: _Words, target: _Words) -> _Words:
    """The answer without generic head nouns that the target does not have."""
    kept = tuple(word for word in answer.words if word not in GENERIC_HEADS or word in target.words)
    dropped = [word for word in answer.words if word not in kept]
    if not kept or not dropped:
        return answer
    return _Words(kept, (*answer.notes, "generic word " + ", ".join(f"'{word}'" for word in dropped)))


@lru_cache(maxsize=4096)
def is_real_word(word: str) -> bool:
    """Whether `word` is a common English word (wordfreq's bundled list, no network)."""
    from wordfreq import zipf_frequency

    # The "small" list holds the words at Zipf 3 or more: it loads in a fraction of the full list's
    # time (a web worker's first typo check), and differs only for words right at the threshold.
    return bool(zipf_frequency(word, "en", wordlist="small") >= REAL_WORD_ZIPF)


def _typo_of(typed: tuple[str, ...], target: tuple[str, ...]) -> tuple[str, str] | None:
    """The (typed, meant) word pair when `typed` is `target` with one keyboard slip in one word.

    The slip must be one letter (missing, extra, wrong, or two swapped), in a word of 5+ letters
    without digits; and the typed word must not be another real word.
    """
    from rapidfuzz.distance import OSA

    if len(typed) != len(target) or typed == target:
        return None
    pairs = [(a, b) for a, b in zip(typed, target) if a != b]
    if len(pairs) != 1:
        return None
    wrote, meant = pairs[0]
    if len(meant) < TYPO_MIN_LETTERS or any(ch.isdigit() for ch in wrote + meant):
        return None
    if OSA.distance(wrote, meant) != 1:
        return None
    return wrote, meant


@dataclass(frozen=True)
class _Match:
    """How one answer (or one item of a list answer) matched a target, or why it did not."""

    target: str
    reason: str
    correct: bool = True
    label: str = ""


def _match_one(response: str, targets: Sequence[tuple[str, str]]) -> _Match | None:
    """The first rule that accepts `response` as one of `targets` (text, label); else a refusal
    that explains a near miss (a real-word slip), else None."""
    typed_key = normalise(response)
    for target, label in targets:
        if normalise(target) and typed_key == normalise(target):
            return _Match(target, label, label=label)
    typed = _reduce(response)
    if not typed.words:
        return None
    for target, label in targets:
        meant = _reduce(target)
        if not meant.words:
            continue
        answer = _without_added_heads(typed, meant)
        if answer.key != meant.key and _coordinated(target) and sorted(answer.words) == sorted(meant.words):
            return _Match(
                target, f"accepted as {target} ({label}): the same items in another order", label=label
            )
        if answer.key == meant.key:
            if not answer.notes:  # only articles or joining words differ: the same answer
                return _Match(target, label, label=label)
            notes = "; ".join(dict.fromkeys(answer.notes))
            return _Match(target, f"accepted as {target} ({label}): {notes}", label=label)
    near_miss: _Match | None = None
    for target, label in targets:
        meant = _reduce(target)
        answer = _without_added_heads(typed, meant)
        # Also word by word before abbreviating: "business intelligance" is a slip, not "BI".
        slip = _typo_of(answer.words, meant.words) or _typo_of(
            tuple(split_words(response)), tuple(split_words(target))
        )
        if slip is None:
            continue
        wrote, word = slip
        if is_real_word(wrote):
            near_miss = near_miss or _Match(
                target, f"'{wrote}' is a different word, not a typo of '{word}'", correct=False
            )
            continue
        return _Match(
            target, f"accepted with one typo: '{response.strip()}' for '{target}' ({label})", label=label
        )
    return near_miss


def _coordinated(text: str) -> bool:
    """Whether `text` joins items ("regulatory and ethical issues"), so their order is free."""
    return any(word in JOINERS for word in tokens(text)) or "&" in text


def _parts(text: str) -> list[str]:
    return [part for part in _SEPARATORS.split(text) if normalise(part)]


def grade_text(expected: str, aliases: Sequence[str], response: Any, also_true: Sequence[str] = ()) -> Grade:
    """Grade a typed text answer against `expected`, its `aliases` and the `also_true` answers."""
    if not isinstance(response, str) or not response.strip():
        return Grade(False, 0.0, "no answer given", expected)
    if len(response) > MAX_ANSWER_LENGTH:
        return Grade(False, 0.0, "the answer is too long to be this one", expected)
    if not normalise(response):
        return Grade(False, 0.0, "no letters or digits in the answer", expected)
    targets = [(expected, "the answer")]
    targets += [(alias, f"alias {alias}") for alias in aliases]
    targets += [(other, f"also correct: {other}") for other in also_true]

    whole = _match_one(response, targets)
    if whole is not None and whole.correct:
        if whole.reason == "the answer":
            return Grade(True, 1.0, "correct", expected)
        if whole.reason == whole.label and whole.label.startswith("alias "):
            return Grade(True, 1.0, f"matched {whole.reason}", expected)
        return Grade(True, 1.0, whole.reason, expected)

    listed = _grade_list(response, targets, expected)
    if listed is not None:
        return listed
    if whole is not None:
        return Grade(False, 0.0, f"{whole.reason}; expected {expected}", expected)
    return Grade(False, 0.0, f"not the answer; expected {expected}", expected)


def _grade_list(response: str, targets: Sequence[tuple[str, str]], expected: str) -> Grade | None:
    """A verdict on an answer that names several items, or on one item of a several-part answer;
    None when neither applies."""
    items = _parts(response)
    # The pieces of multi-part answers ("translation and chat"): right only all together.
    pieces = [(piece, target) for target, _ in targets for piece in _parts(target) if len(_parts(target)) > 1]
    if len(items) < 2:
        for piece, target in pieces:
            if _match_one(response, [(piece, target)]) is not None:
                return Grade(False, 0.0, f"only part of the answer: expected {target}", expected)
        return None
    whole_hits, piece_hits = [], []
    for item in items:
        hit = _match_one(item, targets)
        if hit is not None and hit.correct:
            whole_hits.append(hit.target)
            continue
        # A piece's "label" is the whole answer it belongs to.
        part = _match_one(item, pieces)
        if part is not None and part.correct:
            piece_hits.append((part.target, part.label))
            continue
        return Grade(False, 0.0, f"names a wrong answer: '{item.strip()}'; expected {expected}", expected)
    for whole_answer in {whole_answer for _, whole_answer in piece_hits}:
        wanted = {normalise(piece) for piece in _parts(whole_answer)}
        named = {normalise(piece) for piece, owner in piece_hits if owner == whole_answer}
        if named != wanted:
            return Grade(False, 0.0, f"only part of the answer: expected {whole_answer}", expected)
    named_all = [*whole_hits, *(owner for _, owner in piece_hits)]
    return Grade(True, 1.0, "names only right answers: " + ", ".join(dict.fromkeys(named_all)), expected)
