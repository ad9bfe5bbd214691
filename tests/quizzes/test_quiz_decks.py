"""A teacher's own decks in class quizzes: offered by the builder and hand-pick, answered by the
class, and read back in results, answer sheets, item analysis and CSVs like the article's questions.
The builder gives the kind mix asked, and says on the page what the material could not give."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Deck, Fact, LiveAnswer, Question, QuestionReport, Quiz, QuizAnswer, Role
from quizapp.quizzes import service as quizzes
from tests.conftest import post_form
from tests.library.test_uploads import VALID, upload
from tests.live.helpers import Host, Player, live_row, start_live
from tests.quizzes.helpers import Taker, account, assign, build_quiz, join, make_class, quiz_row, signed_in


@pytest.fixture
def room(loaded_app):
    """A teacher with a deck of their own and a class of one learner; another teacher with a deck."""
    app = loaded_app
    teacher = signed_in(app, account(app, "teacher@example.org", Role.TEACHER))
    other = signed_in(app, account(app, "other@example.org", Role.TEACHER))
    assert upload(teacher, VALID, title="Ms Rivera's facts").status_code == 302
    assert upload(other, VALID.replace(b"BERT", b"ERNIE"), title="Other facts").status_code == 302
    classroom = make_class(app, teacher)
    learner = Taker(app, signed_in(app, account(app, "ann@example.org")))
    join(learner.client, classroom.join_code)
    return app, teacher, other, classroom, learner


def deck_id(app, title: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Deck.id).where(Deck.title == title))


def deck_of_questions(app, question_ids) -> set[int]:
    with app.app_context():
        return set(
            db.session.scalars(
                select(Fact.deck_id)
                .join(Question, Question.fact_id == Fact.id)
                .where(Question.id.in_(question_ids))
            )
        )


def test_builder_offers_own_decks_and_quizzes_only_on_a_chosen_deck(room):
    app, teacher, _other, classroom, _learner = room
    page = teacher.get(f"/classes/{classroom.id}/quizzes").get_data(as_text=True)
    assert "Ms Rivera&#39;s facts" in page or "Ms Rivera's facts" in page
    assert "Other facts" not in page
    mine = deck_id(app, "Ms Rivera's facts")
    quiz_id = build_quiz(app, teacher, classroom.id, count=5, kinds=[], decks=[str(mine)])
    assert deck_of_questions(app, quiz_row(app, quiz_id).question_ids) == {mine}


def test_sections_and_a_deck_together(room):
    app, teacher, _other, classroom, _learner = room
    mine = deck_id(app, "Ms Rivera's facts")
    with app.app_context():
        section = db.session.scalar(
            select(Fact.section_id).join(Deck, Fact.deck_id == Deck.id).where(Deck.owner_id.is_(None))
        )
    quiz_id = build_quiz(
        app, teacher, classroom.id, count=50, kinds=[], decks=[str(mine)], sections=[section]
    )
    decks = deck_of_questions(app, quiz_row(app, quiz_id).question_ids)
    assert mine in decks and len(decks) == 2


def test_another_teachers_deck_or_an_unknown_one_is_refused_without_a_quiz(room):
    app, teacher, _other, classroom, _learner = room
    for bad in (str(deck_id(app, "Other facts")), "999999", "not-a-number"):
        response = post_form(
            teacher, f"/classes/{classroom.id}/quizzes", {"title": "Sneaky", "count": "3", "decks": [bad]}
        )
        assert response.status_code == 400, bad
        assert re.search(r'<p class="error">[^<]*(choice|coerced)', response.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalar(select(Quiz.id).where(Quiz.title == "Sneaky")) is None


def test_learner_answers_deck_questions_and_results_read_them(room):
    app, teacher, _other, classroom, learner = room
    mine = deck_id(app, "Ms Rivera's facts")
    quiz_id = build_quiz(app, teacher, classroom.id, count=3, kinds=["true_false"], decks=[str(mine)])
    assign(teacher, quiz_id)
    attempt_id = learner.start(quiz_id)
    prompts = []
    for right in (True, False, True):
        question, response, _data = learner.answer(attempt_id, right)
        assert response.status_code == 302, response.status_code
        prompts.append(question.prompt)
    learner.submit(attempt_id)
    with app.app_context():
        marks = [a.correct for a in db.session.scalars(select(QuizAnswer).order_by(QuizAnswer.position))]
    assert marks == [True, False, True]
    review = learner.client.get(f"/attempts/{attempt_id}/review").get_data(as_text=True)
    assert "From Ms Rivera" in review
    # The learner sees the quiz's questions, not the teacher's deck in the library.
    assert learner.client.get(f"/library/decks/{mine}").status_code == 404
    assert f"/library/decks/{mine}" not in review and "/library/facts/d" not in review
    results = teacher.get(f"/quizzes/{quiz_id}/results").get_data(as_text=True)
    sheet = teacher.get(f"/quizzes/{quiz_id}/attempts/{attempt_id}").get_data(as_text=True)
    items = teacher.get(f"/quizzes/{quiz_id}/items.csv").get_data(as_text=True)
    scores = teacher.get(f"/quizzes/{quiz_id}/results.csv").get_data(as_text=True)
    for prompt in prompts:
        assert prompt.split('"')[0][:30] in results.replace("&#34;", '"').replace("&quot;", '"')
        assert prompt.split('"')[0][:30] in sheet.replace("&#34;", '"').replace("&quot;", '"')
        assert prompt.split('"')[0][:30] in items
    assert "ann@example.org" in scores or "Ann" in scores


def test_hand_pick_lists_deck_sections_and_adds_their_questions(room):
    app, teacher, other, classroom, _learner = room
    quiz_id = build_quiz(app, teacher, classroom.id, count=2)
    mine, theirs = deck_id(app, "Ms Rivera's facts"), deck_id(app, "Other facts")
    with app.app_context():
        section = db.session.scalar(select(Fact.section_id).where(Fact.deck_id == mine))
        question = db.session.scalar(
            select(Question.id)
            .join(Fact, Question.fact_id == Fact.id)
            .where(Fact.deck_id == mine, Question.kind == "true_false")
        )
        foreign = db.session.scalar(
            select(Question.id)
            .join(Fact, Question.fact_id == Fact.id)
            .where(Fact.deck_id == theirs, Question.kind == "true_false")
        )
    pick = teacher.get(f"/quizzes/{quiz_id}/pick").get_data(as_text=True)
    assert f'value="{section}"' in pick and 'label="Ms Rivera' in pick
    assert "Other facts" not in pick
    assert teacher.get(f"/quizzes/{quiz_id}/pick?section={section}").status_code == 200
    added = post_form(teacher, f"/quizzes/{quiz_id}/pick", {"question_id": question})
    assert added.status_code == 302
    assert quiz_row(app, quiz_id).question_ids[-1] == question
    refused = post_form(teacher, f"/quizzes/{quiz_id}/pick", {"question_id": foreign})
    assert refused.status_code == 404
    assert foreign not in quiz_row(app, quiz_id).question_ids


# ---------------------------------------------------------------- the kind mix


def test_quotas_share_the_count_evenly():
    assert quizzes.kind_quotas(["a", "b", "c"], 7) == {"a": 3, "b": 2, "c": 2}
    assert quizzes.kind_quotas(["a", "b"], 1) == {"a": 1, "b": 0}


def test_mix_gives_each_kind_its_share_scarcest_first():
    # Every fact offers every kind except "rare", which only two facts offer.
    pool = {f"f{i}": {"common": [f"f{i}-c"], "other": [f"f{i}-o"]} for i in range(10)}
    pool["f0"]["rare"] = ["f0-r"]
    pool["f1"]["rare"] = ["f1-r"]
    picked = quizzes.mix_questions(pool, ["common", "other", "rare"], 6, {}, random.Random(3))
    kinds = Counter(question_id.split("-")[1] for question_id in picked.question_ids)
    assert kinds == {"c": 2, "o": 2, "r": 2}
    assert picked.notes == []


def test_mix_says_which_kind_fell_short_and_fills_the_places():
    pool = {f"f{i}": {"common": [f"f{i}-c"]} for i in range(10)}
    pool["f0"]["rare"] = ["f0-r"]
    picked = quizzes.mix_questions(pool, ["common", "rare"], 6, {}, random.Random(1))
    assert len(picked.question_ids) == 6
    assert len(picked.notes) == 1 and "3 asked, 1 given" in picked.notes[0]
    assert "2 places went to other kinds" in picked.notes[0]


def test_builder_honours_six_kinds_on_the_article(room):
    app, teacher, _other, classroom, _learner = room
    kinds = ["multiple_choice", "true_false", "typed", "numeric", "multi_select", "ordering"]
    response = post_form(
        teacher, f"/classes/{classroom.id}/quizzes", {"title": "Mix", "count": "12", "kinds": kinds}
    )
    assert response.status_code == 302
    page = teacher.get(response.headers["Location"]).get_data(as_text=True)
    quiz = quiz_row(app, int(re.search(r"/quizzes/(\d+)/edit", response.headers["Location"]).group(1)))
    with app.app_context():
        given = Counter(db.session.get(Question, qid).kind for qid in quiz.question_ids)
    shortfalls = re.findall(r"flash-warning\">([^<]*)", page)
    # Each kind has its two places, or the page says why it has fewer.
    for kind in kinds:
        if given[kind] < 2:
            assert any("asked" in note for note in shortfalls), (kind, given)
    assert sum(given.values()) == 12
    if not shortfalls:
        assert all(given[kind] == 2 for kind in kinds), given


def test_a_kind_the_material_lacks_is_named_on_the_page(room):
    app, teacher, _other, classroom, _learner = room
    mine = deck_id(app, "Ms Rivera's facts")
    response = post_form(
        teacher,
        f"/classes/{classroom.id}/quizzes",
        {"title": "Short", "count": "10", "kinds": ["true_false", "numeric"], "decks": [str(mine)]},
    )
    assert response.status_code == 302
    page = teacher.get(response.headers["Location"]).get_data(as_text=True)
    assert "Number or year: 5 asked, 1 given" in page
    assert "You asked for 10 questions" in page and "cover 5 facts" in page


def test_learner_reports_a_deck_question_from_their_own_attempt_only(room):
    app, teacher, other, classroom, learner = room
    mine = deck_id(app, "Ms Rivera's facts")
    quiz_id = build_quiz(app, teacher, classroom.id, count=2, kinds=["true_false"], decks=[str(mine)])
    assign(teacher, quiz_id)
    attempt_id = learner.start(quiz_id)
    question, _response, _data = learner.answer(attempt_id, True)
    learner.submit(attempt_id)
    review = learner.client.get(f"/attempts/{attempt_id}/review").get_data(as_text=True)
    assert f'name="attempt" value="{attempt_id}"' in review
    url = f"/library/questions/{question.id}/report"
    page = f"/attempts/{attempt_id}/review"
    message = {"message": "The statement reads oddly."}
    assert post_form(learner.client, url, message, form_page=page).status_code == 404
    outsider = signed_in(app, account(app, "zed@example.org"))
    for client, attempt in ((outsider, str(attempt_id)), (learner.client, "99999"), (learner.client, "x")):
        form_page = "/settings"
        assert post_form(client, url, {**message, "attempt": attempt}, form_page=form_page).status_code == 404
    sent = post_form(learner.client, url, {**message, "attempt": str(attempt_id)}, form_page=page)
    assert sent.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(QuestionReport.question_id)) == question.id
    assert "The statement reads oddly." in teacher.get(f"/quizzes/{quiz_id}/results").get_data(as_text=True)


def test_a_live_game_on_deck_questions_takes_a_nickname_players_answer(room):
    app, teacher, _other, classroom, _learner = room
    mine = deck_id(app, "Ms Rivera's facts")
    quiz_id = build_quiz(app, teacher, classroom.id, count=2, kinds=["true_false"], decks=[str(mine)])
    live_id = start_live(teacher, quiz_id)
    player = Player(app, app.test_client())
    assert player.join(live_row(app, live_id).join_code, "Nick").status_code == 302
    Host(teacher, live_id).press("next", -1)
    response = player.answer(True)
    assert response.status_code in {200, 302}, response.status_code
    with app.app_context():
        answer = db.session.scalar(select(LiveAnswer))
        assert answer is not None and answer.correct
        assert db.session.get(Question, answer.question_id).fact.deck_id == mine
