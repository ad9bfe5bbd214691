"""Editing a fact's true sentence: blank out its value (cloze) or swap in a wrong one.

Both find the value where the statement writes it (as a phrase for text, in any usual number
form for numbers) and edit only that span, keeping the rest of the sentence exactly as written:
"GPT-3 was trained on nearly a trillion words" becomes "... on nearly 500 billion words".
"""

from __future__ import annotations

import re
from typing import Any

from quizapp.content.bank import Fact
from quizapp.content.numbers import NumberSpan, close, find_numbers, format_like
from quizapp.content.text import contains_phrase, find_phrase, match_case

BLANK = "_____"


def _number_spans(fact: Fact) -> list[NumberSpan]:
    return [span for span in find_numbers(fact.statement) if close(float(span.value), float(fact.value))]


def _text_spans(sentence: str, value: str) -> list[tuple[int, int]]:
    spans = []
    offset = 0
    while True:
        found = find_phrase(sentence[offset:], value)
        if found is None:
            return spans
        start, end = found[0] + offset, found[1] + offset
        spans.append((start, end))
        offset = end


def cloze(fact: Fact) -> str | None:
    """The statement with its value blanked out, or None unless the value is found exactly once
    (two blanks with one answer would be a guessing game).

    For numbers the digits, scale, currency sign and percent sign are blanked ("$78 million" ->
    "_____"), while a word like "about" stays, since it says how exact the answer must be.
    """
    sentence = fact.statement
    if fact.is_numeric:
        spans = _number_spans(fact)
        if len(spans) != 1:
            return None
        for span in spans:
            start = span.value_start
            if span.currency and sentence[:start].rstrip().endswith(span.currency):
                start = sentence[:start].rstrip().rfind(span.currency)
            sentence = sentence[:start] + BLANK + sentence[span.end :]
        return sentence
    spans = _text_spans(sentence, str(fact.value))
    if len(spans) != 1:
        return None
    start, end = spans[0]
    return sentence[:start] + BLANK + sentence[end:]


def swap_value(fact: Fact, wrong: Any) -> str | None:
    """The statement with `wrong` in place of the value, or None when that cannot be done cleanly.

    Refused when the value is not found, or when the wrong value already appears in the sentence
    (swapping would make it say the same thing twice and maybe stay true).
    """
    sentence = fact.statement
    if fact.is_numeric:
        spans = _number_spans(fact)
        if not spans or any(close(float(span.value), float(wrong)) for span in find_numbers(sentence)):
            return None
        for span in reversed(spans):
            sentence = (
                sentence[: span.value_start] + format_like(float(wrong), span) + sentence[span.value_end :]
            )
        return sentence if sentence != fact.statement else None
    wrong_text = str(wrong)
    if contains_phrase(sentence, wrong_text):
        return None
    spans = _text_spans(sentence, str(fact.value))
    if not spans:
        return None
    for start, end in reversed(spans):
        original = sentence[start:end]
        replacement = wrong_text.rstrip(".") if not original.endswith(".") else wrong_text
        # Case follows the sentence only at its start ("Fine-tuning means ..."); mid-sentence a
        # capitalised value is a name ("a Discord bot"), which says nothing of the false value's case.
        if not sentence[:start].strip() or original[:1].islower():
            replacement = match_case(original, replacement)
        replacement = _drop_overlap(replacement, sentence[end:])
        before = _fix_article(sentence[:start], replacement)
        sentence = before + replacement + sentence[end:]
    if contains_phrase(sentence, str(fact.value)) or sentence == fact.statement:
        return None
    return sentence


def _drop_overlap(replacement: str, after: str) -> str:
    """Drop the replacement's last words when the sentence repeats them right after the span:
    "recurrent neural network" before "neural networks with ..." loses "neural network"."""
    words = replacement.split()
    following = after.split()
    for size in range(min(3, len(words) - 1), 0, -1):
        tail = [w.lower() for w in words[-size:]]
        head = [w.lower().strip(",.;:") for w in following[:size]]
        if len(head) == size and all(h in (t, t + "s", t + "es") for t, h in zip(tail, head, strict=True)):
            return " ".join(words[:-size])
    return replacement


CONSONANT_SOUND_STARTS = ("uni", "use", "usu", "uti", "eu", "one", "once")
VOWEL_SOUND_LETTERS = "AEFHILMNORSX"  # letters whose name starts with a vowel sound ("an NVIDIA")


def _vowel_sound(word: str) -> bool:
    """Whether `word` is said with a vowel sound first: "an IBM", "an NVIDIA", "a unimodal"."""
    first = word.split(" ", 1)[0].strip("\"'“(")
    if len(first) > 1 and first.isupper():
        return first[0] in VOWEL_SOUND_LETTERS
    lowered = first.lower()
    if lowered.startswith(CONSONANT_SOUND_STARTS):
        return False
    return lowered[:1] in ("a", "e", "i", "o", "u")


def _fix_article(before: str, replacement: str) -> str:
    """Make an "a"/"an" right before the span agree with the swapped-in word."""
    match = re.search(r"(?:^|(?<=\s))(a|an|A|An)\s+$", before)
    if match is None or not replacement:
        return before
    article = "an" if _vowel_sound(replacement) else "a"
    if match.group(1)[0].isupper():
        article = article.capitalize()
    return before[: match.start(1)] + article + before[match.end(1) :]
