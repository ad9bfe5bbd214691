"""Text normalisation shared by the checker, the generator and the grader.

One definition of "the same words" everywhere, so that what the checker calls a leak is what the
generator drops and what the grader accepts. Case, accents, spacing and punctuation never matter;
letters and digits always do, so "GPT-3" and "GPT 3" are one answer and "GPT-3" and "GPT-4" are two.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case, accents stripped, compatibility forms unified ("ﬁ" -> "fi", "²" -> "2")."""
    text = str(text)
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def tokens(text: str) -> list[str]:
    """The words of `text`: runs of ASCII letters and digits after folding, in order."""
    return _WORD.findall(fold(text))


# Words with a decimal point kept where it stands between digits: "3.5" is not "35".
_WORD_WITH_DECIMALS = re.compile(r"[a-z0-9]+(?:(?<=[0-9])\.[0-9]+)*")


def words(text: str) -> list[str]:
    """Like `tokens`, but a decimal point between digits stays in its word ("gpt3.5", "7.8"), so
    answers that differ only by where the point is ("$7.8 million", "$78 million") stay apart."""
    return _WORD_WITH_DECIMALS.findall(fold(text))


def normalise(text: str) -> str:
    """The comparison key of an answer: its letters and digits only ("GPT-3" -> "gpt3"), with a
    decimal point kept between digits ("GPT-3.5" -> "gpt3.5").

    Dropping the spaces too lets "Stable Diffusion" equal "StableDiffusion" and "GPT 3" equal
    "GPT-3"; digits survive, so versions still differ, and so does "7.8" from "78".
    """
    return "".join(words(text))


def contains_phrase(haystack: str, needle: str) -> bool:
    """Whether `needle` occurs in `haystack` as whole words, ignoring case and punctuation.

    Whole words, because "AI" inside "OpenAI" is not a leak of the answer "AI"; but word breaks
    themselves are ignored, so "GPT 3" is found in "the GPT-3 paper".
    """
    return find_phrase(haystack, needle) is not None


def find_phrase(haystack: str, needle: str) -> tuple[int, int] | None:
    """The (start, end) of the first whole-word occurrence of `needle` in `haystack`, or None.

    Matching works on the original text, so callers can cut or replace the span. A version number
    is not split: "GPT-3" is not found inside "GPT-3.5".
    """
    parts = tokens(needle)
    if not parts:
        return None
    pattern = _phrase_pattern(parts)
    match = pattern.search(_ascii_view(haystack))
    return (match.start(), match.end()) if match else None


def _phrase_pattern(parts: list[str]) -> re.Pattern[str]:
    body = r"[^a-z0-9]*".join(re.escape(part) for part in parts)
    return re.compile(r"(?<![a-z0-9])" + body + r"(?![a-z0-9])(?!\.[0-9])")


def _ascii_view(text: str) -> str:
    """`text` lower-cased character by character, keeping offsets: each character maps to one.

    Letters and digits are folded to ASCII lower case, ASCII punctuation stays (so "GPT-3.5" keeps
    its ".5"), anything else becomes a space: spans found in the view are spans of the original.
    """
    text = str(text)
    if text.isascii():
        return text.lower()
    out = []
    for ch in text:
        first = fold(ch)[:1]
        if first.isascii() and first.isalnum():
            out.append(first)
        else:
            out.append(ch if ch.isascii() and ch.isprintable() else " ")
    return "".join(out)


def match_case(template: str, replacement: str) -> str:
    """`replacement` with its first letter's case made to follow `template`'s first letter.

    Used when a value is swapped into a sentence: at the start of a sentence the swapped-in value
    is capitalised, mid-sentence a plain word is lower-cased; names like "GPT-4" or "OpenAI" that
    carry capitals beyond the first letter are never lower-cased.
    """
    if not template or not replacement:
        return replacement
    first = replacement[0]
    if template[0].isupper():
        return first.upper() + replacement[1:]
    word = replacement.split(" ", 1)[0]
    if template[0].islower() and word[1:] == word[1:].lower():
        return first.lower() + replacement[1:]
    return replacement


def same_answer(a: str, b: str) -> bool:
    """Whether two answers are the same after normalisation (and neither is empty)."""
    na, nb = normalise(a), normalise(b)
    return bool(na) and na == nb


_BLANK_LINE = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[str]:
    """Prose split at blank lines, each paragraph's hard line breaks joined into one flowing line:
    the bank's YAML wraps its notes at a fixed width, which reads ragged on a narrow screen."""
    return [" ".join(block.split()) for block in _BLANK_LINE.split(str(text).strip()) if block.strip()]
