"""Learning efficiency with simulated learners whose memory is not FSRS.

Usage: python bench/simulated_learners.py [--learners 4] [--days 365] [--practice 10] [path/to/real-review-log.csv]
(--practice 0 leaves the early-practice table out.)

Two memory models (bench/memory_models.py: exponential half-life, ACT-R with the spacing effect)
are fitted to the real review log, so each simulated learner forgets like the real one did. Each
learner studies the full bank (180 facts) for a year, one session a day at 09:00 UTC: reviews due
today first, then up to 20 new facts, then the short learning steps as they come due, 15 seconds
an answer. A fact is recalled with the probability its memory model gives; recalled answers are
rated Good, forgotten ones Again; a new fact's first showing is learning (rated Good, not scored).
Schedulers (bench/app_scheduler.py), each at desired retention 0.9 and 0.8:
  quizapp defaults   quizapp.srs.review with FSRS-6's default weights, never personalised (before)
  quizapp personal   personalised as the app does (fits by srs.personalise's rule after each day's
                     session, applied only when better on the held-out latest reviews; at each fit
                     the recall delivered since the last one against the retention aimed at sets
                     the aim from then on, srs.calibration), no balancing
  quizapp personal + balanced   what the app does now: personal schedules and load balancing
  SM-2               as Anki applied it before FSRS: steps 1m 10m, graduating 1 d, ease 2.5,
                     Good x ease, lapse: ease -0.2 (at least 1.3), 10m relearning step, interval 1 d
  ladder 1-2-4-8     the interval doubles after each recall, back to 1 day after a lapse
At SM-2's own retention: the app (personal + balanced) once more, aimed at the retention SM-2
reached with each memory, so answers per fact mastered are compared at equal retention too.
Early practice (--practice N, default 10): quizapp 0.9 again, with N facts that are not due
answered after each day's session under each early-answer rule (EARLY_RULES); retention there is
measured on the due reviews only.
Figures, averaged over the learners of each (model, scheduler):
  retention  share of reviews a day or more after the fact's previous one that were recalled
  after fit  the same, counting only reviews after the learner's first fit (personal schedules)
  >=2 d after fit / 1-day share  the same for reviews 2 days or more after the previous one, and
             the share of reviews after the fit that came a day after the previous answer (the
             shortest interval FSRS gives, mostly just after a lapse, when recall is below target)
  sd/day     standard deviation of the reviews due per day (facts on day-long intervals shown at
             the day's session), days 31 to the end (all facts are introduced by day 9)
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
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app_scheduler import AppScheduler  # noqa: E402
from memory_models import ActRMemory, HalfLifeMemory, cards_from_log, constant_log_loss, fit  # noqa: E402
from report import print_summary, print_table, verdict  # noqa: E402

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

    def first(self, now: datetime, fact: int):
        return self.answer(Sm2Card(0, False, 0.0, 2.5), True, now, fact)

    def answer(self, card: Sm2Card, recalled: bool, now: datetime, fact: int):
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

    def first(self, now: datetime, fact: int):
        return 1, now + timedelta(days=1)

    def answer(self, interval: int, recalled: bool, now: datetime, fact: int):
        interval = min(interval * 2, 36500) if recalled else 1
        return interval, now + timedelta(days=interval)


@dataclass
class Outcome:
    retention: float
    reviews_per_day: float
    recall_at_end: float
    mastered: float
    reviews_per_mastered: float
    retention_after_fit: float = float("nan")
    spaced_retention_after_fit: float = float("nan")
    one_day_share_after_fit: float = float("nan")
    daily_sd: float = 0.0
    fits_tried: float = 0.0
    fits_applied: float = 0.0


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
    if isinstance(scheduler, AppScheduler):
        scheduler = scheduler.for_learner(due)
    fits = getattr(scheduler, "fits", None)
    introduced = 0
    answers = scored = recalled_scored = scored_after_fit = recalled_after_fit = 0
    spaced_after_fit = recalled_spaced_after_fit = 0  # reviews 2 days or more apart
    due_per_day: list[int] = []

    def answer(fact: int, now: datetime, early: bool = False) -> None:
        nonlocal answers, scored, recalled_scored, scored_after_fit, recalled_after_fit
        nonlocal spaced_after_fit, recalled_spaced_after_fit
        at = days(now)
        recalled = rng.random() < traces[fact].recall(at)
        if not early and now - last_answer[fact] >= timedelta(days=1):
            scored += 1
            recalled_scored += recalled
            if fits is not None and fits.first_fit_at is not None:
                scored_after_fit += 1
                recalled_after_fit += recalled
                if now - last_answer[fact] >= timedelta(days=2):
                    spaced_after_fit += 1
                    recalled_spaced_after_fit += recalled
        traces[fact].present(at, recalled)
        applies = not early or early_rule == "every answer" or (early_rule == "wrong only" and not recalled)
        if applies:
            states[fact], due[fact] = scheduler.answer(states[fact], recalled, now, fact)
        last_answer[fact] = now
        answers += 1

    for day in range(total_days):
        now = START + timedelta(days=day)
        day_end = now + timedelta(hours=19)  # the study day rolls over at 4 a.m.
        session_end = now + timedelta(hours=SESSION_HOURS)
        steps: list[tuple[datetime, int]] = []
        due_today = sorted((due[f], f) for f in range(introduced) if due[f] < day_end)
        due_per_day.append(len(due_today))
        for _, fact in due_today:
            answer(fact, now)
            now += timedelta(seconds=ANSWER_SECONDS)
            if due[fact] < day_end:
                heapq.heappush(steps, (due[fact], fact))
        for fact in range(introduced, min(FACTS, introduced + NEW_PER_DAY)):
            traces[fact].present(days(now), True)
            states[fact], due[fact] = scheduler.first(now, fact)
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
        if isinstance(scheduler, AppScheduler):
            scheduler.end_of_day(max(now, session_end))

    end = days(START + timedelta(days=total_days))
    recall_at_end = sum(trace.recall(end) for trace in traces) / FACTS
    mastered = sum(trace.recall(end + MASTERY_DAYS) >= MASTERY_RECALL for trace in traces)
    return Outcome(
        retention=recalled_scored / scored if scored else 0.0,
        reviews_per_day=answers / total_days,
        recall_at_end=recall_at_end,
        mastered=mastered,
        reviews_per_mastered=answers / mastered if mastered else float("inf"),
        retention_after_fit=recalled_after_fit / scored_after_fit if scored_after_fit else float("nan"),
        spaced_retention_after_fit=(
            recalled_spaced_after_fit / spaced_after_fit if spaced_after_fit else float("nan")
        ),
        one_day_share_after_fit=1 - spaced_after_fit / scored_after_fit if scored_after_fit else float("nan"),
        daily_sd=statistics.pstdev(due_per_day[30:]) if len(due_per_day) > 31 else 0.0,
        fits_tried=fits.tried if fits else 0,
        fits_applied=fits.applied if fits else 0,
    ), (fits.parameters if fits else None)


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
    if args.learners < 1 or args.days < 30 or args.practice < 0:
        parser.error("--learners must be at least 1, --practice 0 or more and --days at least 30")
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

    app_schedulers = [
        AppScheduler(retention, personalise, balanced)
        for personalise, balanced in ((False, False), (True, False), (True, True))
        for retention in (0.9, 0.8)
    ]
    schedulers = [*app_schedulers, Sm2Scheduler(), LadderScheduler()]
    results: dict[tuple[str, str], Outcome] = {}
    parameters: dict[tuple[str, str], list[tuple[float, ...]]] = {}
    rows = []
    for model in models:
        for scheduler in schedulers:
            runs = [
                simulate(model, scheduler, args.days, random.Random(f"{model.name}-{learner}"))
                for learner in range(args.learners)
            ]
            outcome = mean_outcome([run for run, _fitted in runs])
            results[(model.name, scheduler.name)] = outcome
            parameters[(model.name, scheduler.name)] = [fitted for _run, fitted in runs if fitted]
            personal = getattr(scheduler, "personalise", False)
            rows.append(
                [
                    model.name,
                    scheduler.name,
                    "-" if scheduler.target is None else f"{scheduler.target:.2f}",
                    f"{outcome.retention:.3f}",
                    f"{outcome.retention_after_fit:.3f}" if personal else "-",
                    f"{outcome.spaced_retention_after_fit:.3f}" if personal else "-",
                    f"{outcome.one_day_share_after_fit:.0%}" if personal else "-",
                    f"{outcome.reviews_per_day:.1f}",
                    f"{outcome.daily_sd:.2f}",
                    f"{outcome.mastered:.0f}",
                    f"{outcome.reviews_per_mastered:.1f}",
                    f"{outcome.fits_applied:.1f}/{outcome.fits_tried:.1f}" if personal else "-",
                ]
            )
            print(f"  ({model.name}, {scheduler.name}: {time.perf_counter() - started:.0f}s)", flush=True)
    print_table(
        "A year of study (means over the simulated learners)",
        [
            "memory",
            "scheduler",
            "target",
            "retention",
            "after fit",
            "≥2 d after fit",
            "1-day share",
            "reviews/d",
            "sd/day",
            "mastered",
            "per mastered",
            "fits applied/tried",
        ],
        rows,
    )
    checks, target_rows = target_table(models, results)
    print_table(
        "Targets, as the app schedules now (personal + balanced)",
        ["memory", "target", "retention after fit", "", "per mastered vs SM-2", "", "sd/day balanced vs not"],
        target_rows,
    )
    equal_retention_table(models, args, results)
    print_table(
        "Fitted parameters at the end of the year (mean over the learners; FSRS-6 w0-w20)",
        ["memory", "scheduler", "learners", "w0-w20"],
        [
            [model, name, len(fitted), " ".join(f"{mean(w[i] for w in fitted):.3f}" for i in range(21))]
            for (model, name), fitted in parameters.items()
            if fitted and "balanced" in name
        ],
    )

    if args.practice:
        practice_table(models, schedulers[0], args, results)

    parts = []
    for model in models:
        app9 = results[(model.name, "quizapp 0.9 personal + balanced")]
        app8 = results[(model.name, "quizapp 0.8 personal + balanced")]
        sm2 = results[(model.name, "SM-2 (Anki)")]
        parts.append(
            f"{model.name}: retention after fit {app9.retention_after_fit:.3f}/0.9 and "
            f"{app8.retention_after_fit:.3f}/0.8, per mastered {app9.reviews_per_mastered:.1f} (0.9), "
            f"{app8.reviews_per_mastered:.1f} (0.8) vs SM-2 {sm2.reviews_per_mastered:.1f}"
        )
    print(
        f"\ntargets: retention after the first fit within {RETENTION_TOLERANCE} of the desired retention, "
        f"fewer answers per fact mastered than SM-2; took {time.perf_counter() - started:.0f}s"
    )
    print_summary(
        "simulated learners",
        "; ".join(parts) + f"; {sum(checks)}/{len(checks)} checks {verdict(all(checks))}",
    )
    return 0


def mean_outcome(outcomes: list[Outcome]) -> Outcome:
    return Outcome(*(mean(getattr(o, name) for o in outcomes) for name in Outcome.__dataclass_fields__))


def target_table(models, results) -> tuple[list[bool], list[list[str]]]:
    """Each (memory, retention) cell of the app's scheduling beside its targets."""
    checks, rows = [], []
    for model in models:
        sm2 = results[(model.name, "SM-2 (Anki)")].reviews_per_mastered
        for retention in (0.9, 0.8):
            app = results[(model.name, f"quizapp {retention} personal + balanced")]
            unbalanced = results[(model.name, f"quizapp {retention} personal")]
            near = abs(app.retention_after_fit - retention) <= RETENTION_TOLERANCE
            fewer = app.reviews_per_mastered < sm2
            checks += [near, fewer]
            rows.append(
                [
                    model.name,
                    f"{retention:.2f}",
                    f"{app.retention_after_fit:.3f}",
                    verdict(near),
                    f"{app.reviews_per_mastered:.1f} vs {sm2:.1f}",
                    verdict(fewer),
                    f"{app.daily_sd:.2f} vs {unbalanced.daily_sd:.2f}",
                ]
            )
    return checks, rows


def equal_retention_table(models, args, results) -> None:
    """The app aimed at the retention SM-2 reached with each memory, so that answers per fact
    mastered are compared at the same retention (SM-2 lets recall slide below 0.9)."""
    rows = []
    for model in models:
        sm2 = results[(model.name, "SM-2 (Anki)")]
        scheduler = AppScheduler(round(sm2.retention, 3), personalise=True, balance=True)
        runs = [
            simulate(model, scheduler, args.days, random.Random(f"{model.name}-{learner}"))
            for learner in range(args.learners)
        ]
        app = mean_outcome([run for run, _fitted in runs])
        results[(model.name, "quizapp at SM-2's retention")] = app
        rows.append(
            [
                model.name,
                f"{scheduler.desired_retention:.3f}",
                f"{app.retention:.3f} / {app.retention_after_fit:.3f} vs {sm2.retention:.3f}",
                f"{app.reviews_per_day:.1f} vs {sm2.reviews_per_day:.1f}",
                f"{app.mastered:.0f} vs {sm2.mastered:.0f}",
                f"{app.reviews_per_mastered:.1f} vs {sm2.reviews_per_mastered:.1f}",
            ]
        )
    print_table(
        "At SM-2's own retention: quizapp (personal + balanced) aimed at the retention SM-2 reached",
        ["memory", "target", "retention / after fit vs SM-2", "reviews/d", "mastered", "per mastered"],
        rows,
    )


def practice_table(models, scheduler, args, results) -> None:
    early_rows = []
    for model in models:
        for rule in EARLY_RULES:
            outcomes = [
                simulate(
                    model,
                    scheduler,
                    args.days,
                    random.Random(f"{model.name}-{learner}-practice"),
                    args.practice,
                    rule,
                )
                for learner in range(args.learners)
            ]
            outcome = mean_outcome([run for run, _fitted in outcomes])
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


if __name__ == "__main__":
    sys.exit(main(sys.argv))
