"""A constructed history shows that answers given before a fact is due count right and wrong alike
(srs.EARLY_ANSWER_RULE), in true retention and in the optimizer's training data.

The learner learns seven facts by flashcard, rated Easy (straight to day-long intervals, next due
about eight days later), then two days later takes a practice test on exactly those seven facts,
none of them due: five answered right, two wrong. By hand:

- true retention: 7 answers to facts on day-long intervals, a day or more after their last review;
  5 not rated Again: 5/7 = 71 %. (The earlier rule kept right early answers out of the schedule and
  wrong ones in, so the page said "0 % · 0 of 2".)
- the optimizer and the replay: every answer moved the schedule (10 first answers, of which 7 are
  the seven facts, + 7 early ones); the 7 early ones come two days after the first and are the ones
  predicted, 5 recalled and 2 forgotten: the same 5 of 7 the page shows, so the fitted model sees
  the practice as it happened.
- the day's review allowance: none of the 7 early answers was one of the day's due reviews, so none
  uses it up.
"""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.history.service import schedule_review_records
from quizapp.models import Card, PracticeTest, Question, ReviewLog, User
from quizapp.srs.replay import LoggedReview, predict_recall
from quizapp.study.service import answers_today
from tests.study.test_practice import answer_all


def test_practice_before_due_counts_right_and_wrong_in_retention_and_optimizer(learner, loaded_app, clock):
    answered = [learner.answer_current(rating=4)[0].fact_id for _ in range(10)]
    with loaded_app.app_context():
        cards = {c.fact_id: c.memory for c in db.session.scalars(select(Card))}
    # Flashcards rated Easy went straight to day-long intervals (a fact without a flashcard was
    # answered right instead, and is still in its learning steps: not one of the seven).
    learned = [fact_id for fact_id in answered if cards[fact_id]["state"] == "review"][:7]
    assert len(learned) == 7
    with loaded_app.app_context():
        user = db.session.scalar(select(User))
        question_ids = [
            db.session.scalar(
                select(Question.id)
                .where(
                    Question.fact_id == fact_id, Question.kind != "flashcard", Question.retired_at.is_(None)
                )
                .order_by(Question.id)
                .limit(1)
            )
            for fact_id in learned
        ]
        test = PracticeTest(
            user_id=user.id, section_ids=[], kinds=[], question_ids=question_ids, correct_count=0
        )
        db.session.add(test)
        db.session.commit()
        path = f"/study/practice/{test.id}"
    clock.advance(days=2)
    with loaded_app.app_context():
        due = db.session.scalars(select(Card.due).where(Card.fact_id.in_(learned))).all()
        assert min(due) > clock.now + timedelta(days=1)  # none of the seven is due, even tomorrow
    answer_all(learner, path, right_positions={0, 1, 2, 3, 4})

    with loaded_app.app_context():
        practice = db.session.scalars(select(ReviewLog).where(ReviewLog.source == "practice")).all()
        assert len(practice) == 7 and all(log.affects_schedule for log in practice)
        assert all(log.state_before["state"] == "review" for log in practice)
        assert sorted(log.rating > 1 for log in practice) == [False, False, True, True, True, True, True]
        user = db.session.scalar(select(User))
        assert answers_today(user, clock.now) == (0, 0)  # early answers leave the allowance alone
        records = schedule_review_records(user.id)
    assert len(records) == 17  # 10 first answers + 7 early ones
    predictions = predict_recall(LoggedReview(r.fact_id, r.rating, r.reviewed_at) for r in records)
    assert len(predictions) == 7 and all(p.elapsed_days == 2 for p in predictions)
    assert sum(p.recalled for p in predictions) == 5

    page = learner.page("/progress/")
    rows = re.findall(
        r'<th scope="row">Last (\d+) days</th>\s*<td class="retention-rate[^"]*">(\d+)%</td>\s*<td>(\d+) of (\d+)</td>',
        page,
    )
    assert rows == [("7", "71", "5", "7"), ("30", "71", "5", "7"), ("365", "71", "5", "7")]
