"""CSV exports of a live session: one row per player, one row per question."""

from __future__ import annotations

from quizapp.live.service import Standing, Tally
from quizapp.spreadsheet import csv_text


def players_csv(standings: list[Standing]) -> str:
    header = ["rank", "nickname", "account", "email", "points", "correct", "answered", "seconds"]
    rows = [
        [
            s.rank,
            s.player.nickname,
            "yes" if s.player.user_id else "no",
            s.player.user.email or "" if s.player.user else "",
            s.points,
            s.correct,
            s.answered,
            f"{s.seconds:.1f}",
        ]
        for s in standings
    ]
    return csv_text(header, rows)


def questions_csv(tallies: list[Tally]) -> str:
    header = [
        "position",
        "question_id",
        "kind",
        "prompt",
        "answer",
        "answered",
        "correct",
        "share_correct_percent",
        "choice_picks",
    ]
    rows = []
    for t in tallies:
        share = f"{t.share_correct * 100:.1f}" if t.share_correct is not None else ""
        picks = "; ".join(f"{choice}: {count}" for choice, count, _right in t.picks)
        rows.append(
            [
                t.position + 1,
                t.row.id,
                t.question.kind,
                t.question.prompt,
                t.question.answer_text,
                t.answered,
                t.correct,
                share,
                picks,
            ]
        )
    return csv_text(header, rows)
