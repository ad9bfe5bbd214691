"""Replay the real review log through quizapp's FSRS adapter and print its figures beside the published ones.

Usage: python bench/replay_real_log.py [path/to/real-review-log.csv]

Without a path it reads tests/data/real-review-log.csv (kept in the repository,
with its LICENSE and SOURCE.md). The method (which reviews are
predicted and scored, how RMSE(bins) is binned) is documented in quizapp/srs/replay.py.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_LOG = REPO / "tests" / "data" / "real-review-log.csv"
if str(REPO) not in sys.path:  # run as a script from anywhere, without installing the package
    sys.path.insert(0, str(REPO))

from quizapp.srs.replay import read_review_log, replay_and_score  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import print_summary, print_table  # noqa: E402

# tests/data/SOURCE.md: FSRS-6 with default parameters, scored on the second half in time order.
PUBLISHED = {"log_loss": 0.440, "rmse_bins": 0.067, "auc": 0.662}
PUBLISHED_CONSTANT = {"log_loss": 0.482, "auc": 0.500}
TOLERANCE = 0.005


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_LOG
    if not path.is_file():
        print(f"replay: no review log at {path}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    reviews = read_review_log(path)
    report = replay_and_score(reviews)
    seconds = time.perf_counter() - started

    print(
        f"replay: {path.name}, {report.review_count} reviews, {report.prediction_count} predicted "
        f"(a day or more after the card's previous review), {report.fsrs.count} scored "
        f"(second half in time order); replay took {seconds:.1f}s"
    )
    rows = []
    for metric in ("log_loss", "rmse_bins", "auc"):
        published_constant = PUBLISHED_CONSTANT.get(metric)
        rows.append(
            [
                metric,
                f"{getattr(report.fsrs, metric):.4f}",
                f"{PUBLISHED[metric]:.3f}",
                f"{getattr(report.constant, metric):.4f}",
                f"{published_constant:.3f}" if published_constant is not None else "-",
            ]
        )
    print_table(
        "Calibration of quizapp's FSRS-6 adapter on the real log",
        ["metric", "quizapp", "published", "constant", "published constant"],
        rows,
    )
    within = all(abs(getattr(report.fsrs, metric) - PUBLISHED[metric]) <= TOLERANCE for metric in PUBLISHED)
    verdict = f"within {TOLERANCE} of the published figures" if within else "OFF the published figures"
    print_summary(
        "replay",
        (
            f"log loss {report.fsrs.log_loss:.4f} (published {PUBLISHED['log_loss']:.3f}), "
            f"RMSE(bins) {report.fsrs.rmse_bins:.4f} ({PUBLISHED['rmse_bins']:.3f}), "
            f"AUC {report.fsrs.auc:.4f} ({PUBLISHED['auc']:.3f}): {verdict}"
        ),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
