"""Learning efficiency with simulated learners whose memory is not FSRS.

Usage: python bench/simulated_learners.py [--learners 4] [--days 365] [--practice 10] [path/to/real-review-log.csv]

Two memory models (bench/memory_models.py: exponential half-life, ACT-R with the spacing effect)
are fitted to the real review log, so each simulated learner forgets like the real one did. Each
learner studies the full bank (180 facts) for a year, one session a day at 09:00 UTC: reviews due
today first, then up to 20 new facts, then the short learning steps as they come due, 15 seconds
an answer. A fact is recalled with the probability its memory model gives; recalled answers are
rated Good, forgotten ones Again; a new fact's first showing is learning (rated Good, not scored).
Schedulers:
  quizapp 0.9 / 0.8  quizapp.srs.review (FSRS-6, default weights) at desired retention 0.9 and 0.8
  SM-2               as Anki applied it before FSRS: steps 1m 10m, graduating 1 d, ease 2.5,
                     Good x ease, lapse: ease -0.2 (at least 1.3), 10m relearning step, interval 1 d
  ladder 1-2-4-8     the interval doubles after each recall, back to 1 day after a lapse
Early practice (--practice N, default 10): quizapp 0.9 again, with N facts that are not due
answered after each day's session under each early-answer rule (EARLY_RULES); retention there is
measured on the due reviews only.
Figures, averaged over the learners of each (model, scheduler):
  retention  share of reviews a day or more after the fact's previous one that were recalled
  reviews/d  all answers (learning steps included) over the days simulated
  recall end mean recall probability of the 180 facts at the end
  mastered   facts whose recall is still >= 0.8 three weeks after the end (with no more study):
             FSRS's "stability of 21 days or more" in terms any memory model has, at 0.8 rather than
             0.9 because the fitted ACT-R learner, like the noisy real one, rarely gets that sure
  per mastered  answers per fact mastered
"""

from __future__ import annotations

import argparse
import heapq
import random
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from memory_models import ActRMemory, HalfLifeMemory, cards_from_log, constant_log_loss, fit  # noqa: E402
from report import print_summary, print_table, verdict  # noqa: E402

from quizapp import srs  # noqa: E402
from quizapp.srs.replay import read_review_log  # noqa: E402

DEFAULT_LOG = REPO / "tests" / "data" / "real-review-log.csv"
FACTS = 180
NEW_PER_DAY = 20
ANSWER_SECONDS = 15
SESSION_HOURS = 3
MASTERY_DAYS = 21
MASTERY_RECALL = 0.8
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
RETENTION_TOLERANCE = 0.03


def days(moment: datetime) -> float:
    return (moment - START).total_seconds() / 86400


class QuizappScheduler:
    """quizapp.srs as the app uses it: MemoryState in, ReviewOutcome out."""

    def __init__(self, desired_retention: float):
        self.settings = srs.SchedulerSettings(desired_retention=desired_retention)
        self.name = f"quizapp {desired_retention}"
        self.target = desired_retention

    def first(self, now: datetime):
        return self.answer(srs.MemoryState.new(now), True, now)

    def answer(self, state, recalled: bool, now: datetime):
        after = srs.review(state, 3 if recalled else 1, now, self.settings).after
        return after, after.due


@dataclass(frozen=True)
class Sm2Card:
    step: int | None  # index into the (re)learning steps, None once graduated
    relearning: bool
    interval_days: float
    ease: float


class Sm2Scheduler:
    """Anki's SM-2 with its default deck options (the scheduler before FSRS), Again/Good only."""

    name = "SM-2 (Anki)"
    target = None
    LEARNING = (timedelta(minutes=1), timedelta(minutes=10))
    RELEARNING = (timedelta(minutes=10),)

    def first(self, now: datetime):
        return self.answer(Sm2Card(0, False, 0.0, 2.5), True, now)

    def answer(self, card: Sm2Card, recalled: bool, now: datetime):
        if card.step is not None:
            steps = self.RELEARNING if card.relearning else self.LEARNING
            if not recalled:
                return Sm2Card(0, card.relearning, card.interval_days, card.ease), now + steps[0]
            if card.step + 1 < len(steps):
                return Sm2Card(card.step + 1, card.relearning, card.interval_days, card.ease), now + steps[
                    card.step + 1
                ]
            interval = max(1.0, card.interval_days) if card.relearning else 1.0
            return Sm2Card(None, False, interval, card.ease), now + timedelta(days=interval)
        if not recalled:
            ease = max(1.3, card.ease - 0.2)
            return Sm2Card(0, True, 1.0, ease), now + self.RELEARNING[0]
        interval = min(36500.0, max(card.interval_days + 1, round(card.interval_days * card.ease)))
        return Sm2Card(None, False, interval, card.ease), now + timedelta(days=interval)


class LadderScheduler:
    """A fixed ladder: 1, 2, 4, 8 … days; a lapse starts again at 1 day."""

    name = "ladder 1-2-4-8"
    target = None

    def first(self, now: datetime):
        return 1, now + timedelta(days=1)

    def answer(self, interval: int, recalled: bool, now: datetime):
        interval = min(interval * 2, 36500) if recalled else 1
        return interval, now + timedelta(days=interval)


@dataclass
class Outcome:
    retention: float
    reviews_per_day: float
    recall_at_end: float
    mastered: float
    reviews_per_mastered: float


EARLY_RULES = {
    "every answer": "each practice answer is a review at its real elapsed time (the app's rule)",
    "wrong only": "a wrong practice answer moves the schedule, a right one does not (the old rule)",
    "left out": "practice moves no schedule (it still trains the memory)",
}


def simulate(
    memory_model,
    scheduler,
    total_days: int,
    rng: random.Random,
    practice_per_day: int = 0,
    early_rule: str = "every answer",
) -> Outcome:
    """One learner's year. With `practice_per_day`, after each session the learner also answers
    that many facts that are not due (a practice test), applied to the schedule by `early_rule`;
    retention is then measured on the due reviews only, so the rules are compared on the figure
    the schedule aims at."""
    traces = [memory_model.trace() for _ in range(FACTS)]
    states: list = [None] * FACTS
    due: list[datetime | None] = [None] * FACTS
    last_answer: list[datetime | None] = [None] * FACTS
    introduced = 0
    answers = scored = recalled_scored = 0

    def answer(fact: int, now: datetime, early: bool = False) -> None:
        nonlocal answers, scored, recalled_scored
        at = days(now)
        recalled = rng.random() < traces[fact].recall(at)
        if not early and now - last_answer[fact] >= timedelta(days=1):
            scored += 1
            recalled_scored += recalled
        traces[fact].present(at, recalled)
        applies = not early or early_rule == "every answer" or (early_rule == "wrong only" and not recalled)
        if applies:
            states[fact], due[fact] = scheduler.answer(states[fact], recalled, now)
        last_answer[fact] = now
        answers += 1

    for day in range(total_days):
        now = START + timedelta(days=day)
        day_end = now + timedelta(hours=19)  # the study day rolls over at 4 a.m.
        session_end = now + timedelta(hours=SESSION_HOURS)
        steps: list[tuple[datetime, int]] = []
        due_today = sorted((due[f], f) for f in range(introduced) if due[f] < day_end)
        for _, fact in due_today:
            answer(fact, now)
            now += timedelta(seconds=ANSWER_SECONDS)
            if due[fact] < day_end:
                heapq.heappush(steps, (due[fact], fact))
        for fact in range(introduced, min(FACTS, introduced + NEW_PER_DAY)):
            traces[fact].present(days(now), True)
            states[fact], due[fact] = scheduler.first(now)
            last_answer[fact] = now
            answers += 1
            introduced += 1
            now += timedelta(seconds=ANSWER_SECONDS)
            if due[fact] < day_end:
                heapq.heappush(steps, (due[fact], fact))
        while steps and steps[0][0] < session_end:
            step_due, fact = heapq.heappop(steps)
            if due[fact] != step_due:
                continue
            now = max(now, step_due)
            answer(fact, now)
            now += timedelta(seconds=ANSWER_SECONDS)
            if due[fact] < day_end:
                heapq.heappush(steps, (due[fact], fact))
        if practice_per_day:
            now = max(now, session_end)
            not_due = [f for f in range(introduced) if due[f] >= day_end + timedelta(days=1)]
            for fact in rng.sample(not_due, min(practice_per_day, len(not_due))):
                answer(fact, now, early=True)
                now += timedelta(seconds=ANSWER_SECONDS)

    end = days(START + timedelta(days=total_days))
    recall_at_end = sum(trace.recall(end) for trace in traces) / FACTS
    mastered = sum(trace.recall(end + MASTERY_DAYS) >= MASTERY_RECALL for trace in traces)
    return Outcome(
        retention=recalled_scored / scored if scored else 0.0,
        reviews_per_day=answers / total_days,
        recall_at_end=recall_at_end,
        mastered=mastered,
        reviews_per_mastered=answers / mastered if mastered else float("inf"),
    )


def mean(values) -> float:
    values = list(values)
    return sum(values) / len(values)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", nargs="?", default=str(DEFAULT_LOG), help="the real review log (CSV)")
    parser.add_argument("--learners", type=int, default=4, help="simulated learners per model and scheduler")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument(
        "--practice", type=int, default=10, help="facts not due practised a day, for the early-answer rules"
    )
    args = parser.parse_args(argv[1:])
    if args.learners < 1 or args.days < 30 or args.practice < 1:
        parser.error("--learners and --practice must be at least 1 and --days at least 30")
    path = Path(args.log)
    if not path.is_file():
        print(f"simulated_learners: no review log at {path}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    cards = cards_from_log(read_review_log(path))
    baseline = constant_log_loss(cards)
    models = []
    fit_rows = []
    for start in (HalfLifeMemory(), ActRMemory()):
        fitted, loss = fit(start, cards)
        models.append(fitted)
        fit_rows.append([fitted.name, fitted.describe(), f"{loss:.4f}", f"{baseline:.4f}"])
    print(
        f"simulated learners: memory models fitted to {path.name} ({len(cards)} cards); "
        f"{args.learners} learners x {args.days} days x {FACTS} facts per model and scheduler"
    )
    print_table(
        "Memory models fitted to the real log (log loss on reviews a day or more apart)",
        ["model", "fitted parameters", "log loss", "constant"],
        fit_rows,
    )

    schedulers = [QuizappScheduler(0.9), QuizappScheduler(0.8), Sm2Scheduler(), LadderScheduler()]
    results: dict[tuple[str, str], Outcome] = {}
    rows = []
    for model in models:
        for scheduler in schedulers:
            outcomes = [
                simulate(model, scheduler, args.days, random.Random(f"{model.name}-{learner}"))
                for learner in range(args.learners)
            ]
            outcome = Outcome(
                *(mean(getattr(o, field) for o in outcomes) for field in Outcome.__dataclass_fields__)
            )
            results[(model.name, scheduler.name)] = outcome
            target = "-" if scheduler.target is None else f"{scheduler.target:.2f}"
            rows.append(
                [
                    model.name,
                    scheduler.name,
                    target,
                    f"{outcome.retention:.3f}",
                    f"{outcome.reviews_per_day:.1f}",
                    f"{outcome.recall_at_end:.3f}",
                    f"{outcome.mastered:.0f}",
                    f"{outcome.reviews_per_mastered:.1f}",
                ]
            )
    print_table(
        "A year of study (means over the simulated learners)",
        ["memory", "scheduler", "target", "retention", "reviews/d", "recall end", "mastered", "per mastered"],
        rows,
    )

    early_rows = []
    for model in models:
        for rule in EARLY_RULES:
            outcomes = [
                simulate(
                    model,
                    schedulers[0],
                    args.days,
                    random.Random(f"{model.name}-{learner}-practice"),
                    args.practice,
                    rule,
                )
                for learner in range(args.learners)
            ]
            outcome = Outcome(
                *(mean(getattr(o, field) for o in outcomes) for field in Outcome.__dataclass_fields__)
            )
            results[(model.name, f"practice {rule}")] = outcome
            early_rows.append(
                [
                    model.name,
                    rule,
                    f"{outcome.retention:.3f}",
                    f"{outcome.reviews_per_day:.1f}",
                    f"{outcome.recall_at_end:.3f}",
                    f"{outcome.mastered:.0f}",
                    f"{outcome.reviews_per_mastered:.1f}",
                ]
            )
    print_table(
        f"Early practice: {args.practice} facts not due practised a day, quizapp 0.9 "
        "(retention on due reviews; reviews/d counts practice too)",
        ["memory", "early-answer rule", "retention", "reviews/d", "recall end", "mastered", "per mastered"],
        early_rows,
    )
    for rule, meaning in EARLY_RULES.items():
        print(f"  {rule}: {meaning}")

    checks = []
    for model in models:
        sm2 = results[(model.name, "SM-2 (Anki)")].reviews_per_mastered
        for scheduler in schedulers[:2]:
            outcome = results[(model.name, scheduler.name)]
            checks.append(abs(outcome.retention - scheduler.target) <= RETENTION_TOLERANCE)
            checks.append(outcome.reviews_per_mastered < sm2)
    parts = []
    for model in models:
        q9, q8 = results[(model.name, "quizapp 0.9")], results[(model.name, "quizapp 0.8")]
        sm2 = results[(model.name, "SM-2 (Anki)")]
        parts.append(
            f"{model.name}: retention {q9.retention:.3f}/0.9 and {q8.retention:.3f}/0.8, "
            f"per mastered {q9.reviews_per_mastered:.1f} (0.9), {q8.reviews_per_mastered:.1f} (0.8) "
            f"vs SM-2 {sm2.reviews_per_mastered:.1f}"
        )
    print(
        f"\ntargets: retention within {RETENTION_TOLERANCE} of the desired retention, fewer answers per "
        f"fact mastered than SM-2; took {time.perf_counter() - started:.0f}s"
    )
    print_summary(
        "simulated learners",
        "; ".join(parts) + f"; {sum(checks)}/{len(checks)} checks {verdict(all(checks))}",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
