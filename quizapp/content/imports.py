"""Cards from elsewhere as facts: an Anki package (.apkg) or a text export from Anki or Quizlet.

Each note becomes one fact of the CSV form (`csvform`), so an import goes through exactly the
checks and the storing path of a teacher's CSV upload; a problem the checks find is reported
against the note it came from, not the CSV line nobody sees. Basic notes give a question (front)
and its answer (back); a cloze note gives one fact per cloze number. HTML is cleaned to text;
media (images, sound) is refused, since a deck of facts holds text only.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

from quizapp.content.csvform import COLUMNS, MAX_ROWS
from quizapp.content.nodes import Problem

_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.S)
_SOUND = re.compile(r"\[sound:([^\]]+)\]")
_MEDIA_TAGS = {"img": "image", "audio": "sound", "video": "video", "source": "media", "object": "media"}
_BLOCK_TAGS = {"br", "div", "p", "li", "tr", "h1", "h2", "h3", "h4", "hr"}
# A term is 1-5 words (the checker's rule); a longer answer is a definition to recall.
_TERM_WORDS = 5


class ImportRefused(ValueError):
    """The file cannot be imported; `problems` say what and where."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ImportedCard:
    """One card to become a fact: where it came from (for messages), its deck, and its text."""

    where: str
    deck: str
    key: str
    prompt: str
    answer: str
    statement: str
    extra: str = ""


class _TextOnly(HTMLParser):
    """HTML to plain text; records any media it meets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.media: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _MEDIA_TAGS:
            source = dict(attrs).get("src") or tag
            self.media.append(f"{_MEDIA_TAGS[tag]} {source}")
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


def clean_html(text: str) -> tuple[str, list[str]]:
    """(plain text, media it refers to) of a field: tags dropped, entities decoded, spaces folded."""
    media = [f"sound {name}" for name in _SOUND.findall(text)]
    parser = _TextOnly()
    parser.feed(_SOUND.sub(" ", text))
    parser.close()
    return " ".join("".join(parser.parts).split()), media + parser.media


def _field(raw: str, where: str, problems: list[str]) -> str:
    text, media = clean_html(raw)
    for item in media:
        problems.append(
            f"{where}: uses media ({item}); quizapp decks hold text only, so remove it and export again"
        )
    return text


def _cards_of_note(
    where: str, deck: str, key: str, fields: list[str], problems: list[str]
) -> list[ImportedCard]:
    cleaned = [_field(raw, where, problems) for raw in fields]
    if not cleaned or not cleaned[0]:
        problems.append(f"{where}: the first field is empty")
        return []
    numbers = sorted({int(n) for n, _, _ in _CLOZE.findall(cleaned[0])})
    if numbers:
        text, extra = cleaned[0], " ".join(cleaned[1:2])
        cards = []
        for number in numbers:

            def blank(match, number=number):
                if int(match.group(1)) == number:
                    return "_____"
                return match.group(2)

            answers = [m.group(2) for m in _CLOZE.finditer(text) if int(m.group(1)) == number]
            cards.append(
                ImportedCard(
                    where=f"{where}, cloze {number}",
                    deck=deck,
                    key=f"{key}-c{number}",
                    prompt=f"What goes in the gap? {_CLOZE.sub(blank, text)}",
                    answer=" / ".join(answers),
                    statement=_CLOZE.sub(lambda m: m.group(2), text),
                    extra=extra,
                )
            )
        return cards
    if len(cleaned) < 2 or not cleaned[1]:
        problems.append(f"{where}: no answer on the back")
        return []
    front, back = cleaned[0], cleaned[1]
    return [
        ImportedCard(
            where=where,
            deck=deck,
            key=key,
            prompt=front,
            answer=back,
            statement=f"{front.rstrip(' ?:.')}: {back.rstrip('.')}.",
            extra=" ".join(cleaned[2:3]),
        )
    ]


# ---- Anki package ------------------------------------------------------------------------------


def _open_collection(archive: zipfile.ZipFile, folder: Path) -> sqlite3.Connection:
    names = set(archive.namelist())
    path = folder / "collection.db"
    if "collection.anki21b" in names:
        import zstandard

        compressed = archive.read("collection.anki21b")
        with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(compressed)) as reader:
            path.write_bytes(reader.read())
    elif "collection.anki21" in names:
        path.write_bytes(archive.read("collection.anki21"))
    elif "collection.anki2" in names:
        path.write_bytes(archive.read("collection.anki2"))
    else:
        raise ImportRefused(["this zip file holds no Anki collection (is it an .apkg exported by Anki?)"])
    return sqlite3.connect(path)


def _deck_names(connection: sqlite3.Connection) -> dict[int, str]:
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "decks" in tables:  # Anki 2.1.28+ schema: one row per deck, levels joined by \x1f
        return {
            did: name.replace("\x1f", "::") for did, name in connection.execute("SELECT id, name FROM decks")
        }
    (decks,) = connection.execute("SELECT decks FROM col").fetchone()
    return {int(did): deck["name"] for did, deck in json.loads(decks).items()}


def read_anki_package(data: bytes, filename: str) -> list[ImportedCard]:
    """The cards of an Anki package, one per basic note and one per cloze number."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ImportRefused([f"{filename}: not an Anki package (.apkg files are zip archives)"]) from None
    problems: list[str] = []
    cards: list[ImportedCard] = []
    with archive, tempfile.TemporaryDirectory() as folder:
        try:
            connection = _open_collection(archive, Path(folder))
        except ImportRefused as refused:
            raise ImportRefused([f"{filename}: {p}" for p in refused.problems]) from None
        except Exception:  # a corrupt member or a bad zstd frame
            raise ImportRefused([f"{filename}: the package's collection could not be read"]) from None
        try:
            decks = _deck_names(connection)
            rows = connection.execute(
                "SELECT notes.id, notes.guid, notes.flds, MIN(cards.did) FROM notes"
                " LEFT JOIN cards ON cards.nid = notes.id GROUP BY notes.id ORDER BY notes.id"
            ).fetchall()
        except (sqlite3.DatabaseError, ValueError, KeyError, TypeError):
            raise ImportRefused([f"{filename}: the package's collection could not be read"]) from None
        finally:
            connection.close()
    if not rows:
        raise ImportRefused([f"{filename}: the package has no notes"])
    for number, (_note_id, guid, fields, deck_id) in enumerate(rows, start=1):
        deck = decks.get(deck_id, "Default")
        where = f"{filename}: note {number} in deck “{deck}”"
        cards += _cards_of_note(where, deck, f"n{guid}", fields.split("\x1f"), problems)
    if problems:
        raise ImportRefused(problems)
    return cards


@dataclass(frozen=True)
class AnkiAnswer:
    """One answer from Anki's review log, with the guid of the note its card belongs to."""

    guid: str
    reviewed_at: datetime
    rating: int
    seconds: float


# Anki's revlog types that are answers: learning, review, relearning, filtered-deck review.
_ANSWER_TYPES = (0, 1, 2, 3)


def read_anki_answers(data: bytes, filename: str) -> tuple[list[str], list[AnkiAnswer]]:
    """(every note's guid, every answer of the review log, oldest first) of an Anki package or
    collection export. Manual reschedules and "set due date" rows are not answers and are left out."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ImportRefused(
            [f"{filename}: not an Anki package (.apkg and .colpkg files are zip archives)"]
        ) from None
    with archive, tempfile.TemporaryDirectory() as folder:
        try:
            connection = _open_collection(archive, Path(folder))
        except ImportRefused as refused:
            raise ImportRefused([f"{filename}: {p}" for p in refused.problems]) from None
        except Exception:
            raise ImportRefused([f"{filename}: the package's collection could not be read"]) from None
        try:
            notes = [guid for (guid,) in connection.execute("SELECT guid FROM notes")]
            rows = connection.execute(
                "SELECT notes.guid, revlog.id, revlog.ease, revlog.time FROM revlog"
                " JOIN cards ON cards.id = revlog.cid JOIN notes ON notes.id = cards.nid"
                f" WHERE revlog.type IN {_ANSWER_TYPES} AND revlog.ease BETWEEN 1 AND 4"
                " ORDER BY revlog.id"
            ).fetchall()
        except sqlite3.DatabaseError:
            raise ImportRefused([f"{filename}: the package's collection could not be read"]) from None
        finally:
            connection.close()
    answers = [
        AnkiAnswer(guid, datetime.fromtimestamp(stamp / 1000, UTC), int(ease), max(0, int(time)) / 1000)
        for guid, stamp, ease, time in rows
    ]
    return notes, answers


# ---- Anki and Quizlet text exports ---------------------------------------------------------------

_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}


def read_text_export(text: str, filename: str, deck: str) -> list[ImportedCard]:
    """Cards of a text export: Anki's "Notes in Plain Text" (with or without its #headers) or
    Quizlet's export (term and definition separated by a tab, one card per line)."""
    headers: dict[str, str] = {}
    lines = text.replace("\r\n", "\n").split("\n")
    body_start = 0
    for index, line in enumerate(lines):
        if line.startswith("#") and ":" in line:
            key, _, value = line[1:].partition(":")
            headers[key.strip().lower()] = value.strip()
            body_start = index + 1
        else:
            break
    separator = _SEPARATORS.get(headers.get("separator", "tab").lower(), headers.get("separator", "\t"))
    body = "\n".join(lines[body_start:])
    if separator == "\t" and "\t" not in body:
        raise ImportRefused(
            [
                f"{filename}: expected one card per line with the question and the answer separated by a tab"
                " (Anki: File › Export › Notes in Plain Text; Quizlet: Export with Tab between term and definition)"
            ]
        )
    skip = {
        int(headers[name]) - 1
        for name in ("guid column", "notetype column", "deck column", "tags column")
        if headers.get(name, "").isdigit()
    }
    problems: list[str] = []
    cards: list[ImportedCard] = []
    reader = csv.reader(io.StringIO(body), delimiter=separator)
    try:
        for row in reader:
            line_number = body_start + reader.line_num
            fields = [value for column, value in enumerate(row) if column not in skip]
            if not any(value.strip() for value in fields):
                continue
            key = f"l{hashlib.sha256(fields[0].encode()).hexdigest()[:10]}"
            cards += _cards_of_note(f"{filename}:{line_number}", deck, key, fields, problems)
    except csv.Error as error:
        problems.append(f"{filename}: {error}")
    if problems:
        raise ImportRefused(problems)
    if not cards:
        raise ImportRefused([f"{filename}: no cards found"])
    return cards


# ---- to facts ------------------------------------------------------------------------------------


def _slug(text: str, limit: int = 40) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:limit].strip("-") or "card"


def cards_to_csv(cards: list[ImportedCard], source: str) -> tuple[str, dict[int, str]]:
    """The cards as the CSV form of facts, and which card each CSV line came from."""
    if len(cards) > MAX_ROWS:
        raise ImportRefused([f"{source}: {len(cards)} cards; at most {MAX_ROWS} can be imported at once"])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    lines: dict[int, str] = {}
    seen: dict[str, str] = {}
    duplicates: list[str] = []
    for card in cards:
        fact_id = f"{_slug(card.prompt)}-{hashlib.sha256(card.key.encode()).hexdigest()[:8]}"
        if fact_id in seen:
            duplicates.append(f"{card.where}: the same question as {seen[fact_id]}")
            continue
        seen[fact_id] = card.where
        kind = "term" if len(card.answer.split()) <= _TERM_WORDS else "definition"
        explanation = card.extra or f"From the deck “{card.deck}”."
        writer.writerow(
            [
                fact_id,
                _slug(card.deck.split("::")[-1], 60),
                kind,
                card.prompt[:200],
                "answer",
                card.answer,
                card.prompt,
                card.statement,
                explanation,
                1,
                "",
                "",
            ]
        )
        lines[len(lines) + 2] = card.where
    if duplicates:
        raise ImportRefused(duplicates)
    return buffer.getvalue(), lines


def problems_by_card(problems: list[Problem], lines: dict[int, str]) -> list[str]:
    """The checker's problems, each said against the card it is about."""
    return [f"{lines.get(p.line, p.file)}: {p.message}" for p in problems]
