"""The question editor through the test client: a teacher writes and changes facts of their own
deck in the browser, checked by the upload's validator, previewed without saving, and saved by
the re-upload's sync (progress kept, a changed answer relearned, a removed fact retired)."""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Card, Deck, Fact, Question, ReviewLog, Role
from tests.conftest import csrf_token
from tests.library.conftest import REAL_BANK
from tests.library.test_uploads import VALID, upload

GOOD = {
    "kind": "organisation",
    "subject": "AlphaFold",
    "attribute": "maker",
    "value": "DeepMind",
    "prompt": "Which lab built AlphaFold?",
    "statement": "AlphaFold was built by DeepMind.",
    "explanation": "DeepMind's protein model predicts how proteins fold.",
    "paragraph": "2",
    "aliases": "Google DeepMind",
    "false_values": "OpenAI\nAnthropic",
}
YEAR = {
    "kind": "year",
    "subject": "the Origin of Species",
    "attribute": "published_year",
    "value": "1859",
    "prompt": "In which year was On the Origin of Species published?",
    "statement": "On the Origin of Species was published in 1859.",
    "explanation": "Darwin's book set out evolution by natural selection.",
    "paragraph": "1",
    "month": "11",
    "false_values": "1901\n1802",
}


@pytest.fixture
def teacher(client, auth, make_user):
    user = make_user(Role.TEACHER)
    auth.sign_in(email=user.email)
    return user


def new_deck(client, title="Biology") -> int:
    token = csrf_token(client, "/library/decks/new")
    response = client.post("/library/decks/new", data={"csrf_token": token, "title": title})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].split("/")[3])


def post_fact(client, deck_id: int, fields: dict, fact_id: str | None = None, button="save"):
    path = f"/library/decks/{deck_id}/facts/" + (f"d{deck_id}~{fact_id}/edit" if fact_id else "new")
    token = csrf_token(client, path)
    return client.post(path, data={"csrf_token": token, button: "1", **fields})


def preview(client, deck_id: int, fields: dict, fact_id: str | None = None):
    token = csrf_token(client, f"/library/decks/{deck_id}/facts/new")
    data = {"csrf_token": token, **fields, **({"fact_id": f"d{deck_id}~{fact_id}"} if fact_id else {})}
    return client.post(f"/library/decks/{deck_id}/preview", data=data)


def facts_of(app, deck_id: int) -> list[Fact]:
    with app.app_context():
        rows = db.session.scalars(select(Fact).where(Fact.deck_id == deck_id).order_by(Fact.id)).all()
        db.session.expunge_all()
        return list(rows)


def test_a_teacher_makes_an_empty_deck_and_adds_a_fact(client, app, teacher):
    deck_id = new_deck(client)
    page = client.get(f"/library/decks/{deck_id}").get_data(as_text=True)
    assert "No facts yet" in page and "Add a fact" in page
    assert "has not been loaded yet" not in page

    response = post_fact(client, deck_id, GOOD)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Saved the fact about “AlphaFold”" in page
    assert "AlphaFold was built by DeepMind." in page
    [fact] = facts_of(app, deck_id)
    assert fact.id == f"d{deck_id}~alphafold-maker"
    assert fact.data["aliases"] == ["Google DeepMind"] and fact.data["false_values"] == [
        "OpenAI",
        "Anthropic",
    ]
    with app.app_context():
        kinds = set(db.session.scalars(select(Question.kind).where(Question.fact_id == fact.id)))
    assert {"flashcard", "multiple_choice", "true_false"} <= kinds


def test_years_carry_month_and_any_date(client, app, teacher):
    deck_id = new_deck(client)
    assert post_fact(client, deck_id, YEAR).status_code == 302
    [fact] = facts_of(app, deck_id)
    assert fact.data["value"] == 1859 and fact.data["month"] == 11
    assert fact.data["false_values"] == [1901, 1802]  # numbers, as a YAML file writes them


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"prompt": "Which lab, DeepMind or not, built AlphaFold?"},
            "prompt",
            "prompt gives away the answer",
        ),
        (
            {"statement": "AlphaFold predicts protein shapes."},
            "statement",
            "statement must contain the value",
        ),
        ({"prompt": ""}, "prompt", "fact is missing the field &#39;prompt&#39;"),
        ({"paragraph": "first"}, "paragraph", "source paragraph must be a whole number"),
        ({"paragraph": ""}, "paragraph", "missing the field &#39;source&#39;"),
        ({"false_values": "DeepMind\nOpenAI"}, "false_values", "false_values contains the value itself"),
        ({"attribute": "Made By"}, "attribute", "must be snake_case"),
        ({"kind": "spaceship"}, "kind", "unknown kind"),
        ({"explanation": "x" * 5000}, "explanation", "explanation is too long"),
        ({"kind": "year", "value": "nineteen"}, "value", "must be a number"),
        ({"kind": "term", "value": "a b c d e f g h i j k l m"}, "value", "a term is 1-5 words"),
        ({"type": "spaceship"}, "type", "unknown type"),
    ],
)
def test_a_refused_fact_is_not_saved_and_the_problem_is_next_to_its_field(
    client, app, teacher, change, field, message
):
    deck_id = new_deck(client)
    response = post_fact(client, deck_id, {**GOOD, **change})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page, page
    assert message in page.split(f'id="{field}-error"')[1].split("</p>")[0]
    assert 'role="alert"' in page and "Not saved" in page
    assert facts_of(app, deck_id) == []


def test_the_upload_and_the_editor_give_the_same_message(client, app, teacher):
    """One validator: the same mistake in a file and in the form is refused in the same words."""
    bad_file = VALID.replace(
        b"prompt: Which company built BERT?", b"prompt: Which company, Google, built BERT?"
    )
    refused = upload(client, bad_file).get_data(as_text=True)
    assert "prompt gives away the answer: it contains the value &#39;Google&#39;" in refused
    deck_id = new_deck(client)
    bert = {
        **GOOD,
        "subject": "BERT",
        "value": "Google",
        "aliases": "",
        "statement": "BERT was built by Google.",
    }
    page = post_fact(client, deck_id, {**bert, "prompt": "Which company, Google, built BERT?"})
    assert "prompt gives away the answer: it contains the value &#39;Google&#39;" in page.get_data(
        as_text=True
    )


def test_preview_shows_every_question_and_saves_nothing(client, app, teacher):
    deck_id = new_deck(client)
    response = preview(client, deck_id, GOOD)
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["fields"] == {} and answer["other"] == []
    html = answer["preview"]
    for label in ("Flashcard", "Multiple choice", "True or false"):
        assert label in html
    assert "Which lab built AlphaFold?" in html
    assert 'AlphaFold was built by DeepMind. <span class="key-mark">(right)</span>' in html
    assert "Also accepted:</strong> Google DeepMind" in html
    assert "predicts how proteins fold" in html
    assert facts_of(app, deck_id) == []

    refused = preview(client, deck_id, {**GOOD, "statement": "It folds proteins."}).get_json()
    assert "statement must contain the value" in refused["fields"]["statement"][0]
    assert "No questions yet" in refused["preview"]


def test_the_preview_button_works_without_javascript(client, app, teacher):
    deck_id = new_deck(client)
    response = post_fact(client, deck_id, GOOD, button="preview")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Multiple choice" in page and "from the form as it stands" in page
    assert 'value="AlphaFold"' in page  # the form keeps what was typed
    assert facts_of(app, deck_id) == []


def test_the_edit_form_shows_the_fact_as_stored(client, app, teacher):
    deck_id = new_deck(client)
    post_fact(client, deck_id, YEAR)
    page = client.get(f"/library/decks/{deck_id}/facts/d{deck_id}~the-origin-of-species-published-year/edit")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'value="1859"' in html and '<option selected value="11">November</option>' in html
    assert "1901\n1802</textarea>" in html


def answer_as(client, question_id: str) -> None:
    token = csrf_token(client, "/study/")
    client.post(
        "/study/answer",
        data={
            "csrf_token": token,
            "question_id": question_id,
            "submission_key": uuid.uuid4().hex,
            "rating": "3",
        },
    )


def test_edits_keep_progress_and_a_changed_answer_is_relearned(client, app, teacher):
    deck_id = new_deck(client)
    post_fact(client, deck_id, GOOD)
    fact_id = f"d{deck_id}~alphafold-maker"
    answer_as(client, f"{fact_id}:flashcard:0")
    with app.app_context():
        card = db.session.scalar(select(Card).where(Card.fact_id == fact_id))
        assert card is not None, "the owner's answer made a card"
        card_id, memory = card.id, card.memory

    response = post_fact(
        client, deck_id, {**GOOD, "explanation": "A protein model from DeepMind."}, "alphafold-maker"
    )
    assert response.status_code == 302
    assert "Learners keep their progress on it." in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    with app.app_context():
        fact = db.session.get(Fact, fact_id)
        assert fact.explanation == "A protein model from DeepMind." and fact.answer_changed_at is None
        card = db.session.get(Card, card_id)
        assert card.memory == memory

    changed = {
        **GOOD,
        "value": "Google DeepMind",
        "aliases": "DeepMind",
        "statement": "AlphaFold was built by Google DeepMind.",
    }
    response = post_fact(client, deck_id, changed, "alphafold-maker")
    assert response.status_code == 302
    flashed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Its answer changed, so learners will relearn it." in flashed
    with app.app_context():
        fact = db.session.get(Fact, fact_id)
        assert fact.answer_changed_at is not None and fact.data["value"] == "Google DeepMind"
        assert db.session.get(Card, card_id) is not None  # kept; the scheduler relearns it


def test_removing_a_fact_retires_it_and_keeps_the_answers(client, app, teacher):
    deck_id = new_deck(client)
    post_fact(client, deck_id, GOOD)
    post_fact(client, deck_id, YEAR)
    fact_id = f"d{deck_id}~alphafold-maker"
    answer_as(client, f"{fact_id}:flashcard:0")
    path = f"/library/decks/{deck_id}/facts/{fact_id}/remove"
    page = client.get(path)
    assert page.status_code == 200 and "Remove this fact?" in page.get_data(as_text=True)
    response = client.post(path, data={"csrf_token": csrf_token(client, path)})
    assert response.status_code == 302
    with app.app_context():
        fact = db.session.get(Fact, fact_id)
        assert fact.retired_at is not None
        live = db.session.scalar(
            select(func.count())
            .select_from(Question)
            .where(Question.fact_id == fact_id, Question.retired_at.is_(None))
        )
        assert live == 0
        assert (
            db.session.scalar(select(func.count()).select_from(ReviewLog).where(ReviewLog.fact_id == fact_id))
            == 1
        )
        other = db.session.get(Fact, f"d{deck_id}~the-origin-of-species-published-year")
        assert other.retired_at is None
    listed = client.get(f"/library/decks/{deck_id}").get_data(as_text=True).split('class="fact-list"')[1]
    assert "AlphaFold was built" not in listed and "Origin of Species" in listed
    # The removed fact's id is never given to a new fact: its answers keep their meaning.
    post_fact(client, deck_id, GOOD)
    ids = {fact.id for fact in facts_of(app, deck_id)}
    assert f"d{deck_id}~alphafold-maker-2" in ids


def test_an_uploaded_deck_is_edited_without_changing_its_other_facts(client, app, teacher):
    response = upload(client, VALID)
    deck_id = int(response.headers["Location"].split("/")[-1])
    before = {fact.id: (fact.data, fact.updated_at) for fact in facts_of(app, deck_id)}
    page = client.get(f"/library/decks/{deck_id}/facts/d{deck_id}~bert-maker/edit").get_data(as_text=True)
    assert 'value="Google"' in page
    fields = {
        "section": "introduction",
        "kind": "organisation",
        "subject": "BERT",
        "attribute": "maker",
        "value": "Google",
        "prompt": "Which company built BERT?",
        "statement": "BERT was built by Google.",
        "explanation": "Google released BERT as an early language model.",
        "paragraph": "4",
    }
    assert post_fact(client, deck_id, fields, "bert-maker").status_code == 302
    after = {fact.id: (fact.data, fact.updated_at) for fact in facts_of(app, deck_id)}
    changed = {fact_id for fact_id in before if before[fact_id] != after[fact_id]}
    assert changed == {f"d{deck_id}~bert-maker"}


def test_a_new_fact_is_checked_against_the_rest_of_the_deck(client, app, teacher):
    """Whole-deck rules apply: a false value that is another fact's answer to the same question."""
    response = upload(client, VALID)
    deck_id = int(response.headers["Location"].split("/")[-1])
    again = {
        "section": "introduction",
        "kind": "organisation",
        "subject": "BERT",
        "attribute": "maker",
        "value": "Alphabet",
        "prompt": "Which firm made BERT?",
        "statement": "BERT was made by Alphabet.",
        "explanation": "Alphabet is Google's parent company.",
        "paragraph": "4",
        "false_values": "Google\nMeta",
    }
    page = post_fact(client, deck_id, again)
    assert page.status_code == 400
    assert "false value &#39;Google&#39; is a right answer" in page.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "/library/decks/{deck}/facts/d{deck}~no-such-fact/edit",
        "/library/decks/{deck}/facts/no-such-fact/remove",
        "/library/decks/{deck}/facts/d1~alphafold-maker/edit",
    ],
)
def test_unknown_facts_are_not_found(client, teacher, path):
    deck_id = new_deck(client)
    assert client.get(path.format(deck=deck_id)).status_code == 404


def test_odd_posts_get_a_clear_answer_never_a_500(client, app, teacher):
    deck_id = new_deck(client)
    path = f"/library/decks/{deck_id}/facts/new"
    token = csrf_token(client, path)
    # no CSRF token
    assert client.post(path, data={"save": "1", **GOOD}).status_code == 400
    assert client.post(f"/library/decks/{deck_id}/preview", data=GOOD).status_code == 400
    # a section that is not the deck's, a fact id that is not the deck's
    odd = client.post(path, data={"csrf_token": token, "save": "1", **GOOD, "section": "d1~elsewhere"})
    assert odd.status_code == 400 and "choose one of the deck" in odd.get_data(as_text=True)
    stray = client.post(
        f"/library/decks/{deck_id}/preview", data={"csrf_token": token, **GOOD, "fact_id": "x"}
    )
    assert stray.status_code == 404
    # repeated fields, control characters, a huge list
    weird = client.post(
        path,
        data={
            "csrf_token": token,
            "save": "1",
            **GOOD,
            "aliases": "a\x00b\n" * 3000,
            "kind": ["year", "model"],
        },
    )
    assert weird.status_code == 400
    assert facts_of(app, deck_id) == []
    assert client.get("/library/decks/99999999999999999999/facts/new").status_code == 404


def test_other_peoples_decks_are_not_found(client, app, auth, teacher, make_user):
    deck_id = new_deck(client)
    other = make_user(Role.TEACHER)
    auth.sign_out()
    auth.sign_in(email=other.email)
    assert client.get(f"/library/decks/{deck_id}/facts/new").status_code == 404
    token = csrf_token(client, "/library/decks/new")
    assert (
        client.post(f"/library/decks/{deck_id}/preview", data={"csrf_token": token, **GOOD}).status_code
        == 404
    )
    assert (
        client.post(f"/library/decks/{deck_id}/facts/new", data={"csrf_token": token, **GOOD}).status_code
        == 404
    )


def test_the_article_is_read_only_in_the_browser(loaded_app, make_user):
    """The article's facts are the repository's fact base: its deck page offers no editing, and the
    editor's pages refuse with a reason."""
    client = loaded_app.test_client()
    with loaded_app.app_context():
        from quizapp.auth.accounts import create_account

        create_account("head@example.org", "a long and memorable passphrase", "Head", Role.TEACHER)
        db.session.commit()
        article = db.session.scalar(select(Deck.id).where(Deck.owner_id.is_(None)))
        some_fact = db.session.scalar(select(Fact.id).where(Fact.deck_id == article))
    token = csrf_token(client, "/signin")
    client.post(
        "/signin",
        data={
            "csrf_token": token,
            "email": "head@example.org",
            "password": "a long and memorable passphrase",
        },
    )
    index = client.get("/library/").get_data(as_text=True)
    assert "New deck" in index and "the repository" in index
    refused = client.get(f"/library/decks/{article}/facts/new")
    assert refused.status_code == 403 and "the repository" in refused.get_data(as_text=True)
    assert client.get(f"/library/decks/{article}/facts/{some_fact}/edit").status_code == 403
    assert "Add a fact" not in client.get(f"/library/decks/{article}").get_data(as_text=True)


def test_a_concept_pair_is_shown_not_edited(client, app, teacher):
    """The editor has no fields for a comparison's paired statements: its page says so and where
    to change it, and a post to it saves nothing."""
    # One file of the article alone: what it builds on lives in other files, so that goes.
    section = re.sub(rb"\n    builds_on: \[[^\]]*\]", b"", (REAL_BANK / "06-llm-vs-fm.yaml").read_bytes())
    deck_id = int(upload(client, section).headers["Location"].split("/")[-1])
    with app.app_context():
        pair = db.session.scalar(select(Fact).where(Fact.deck_id == deck_id, Fact.kind == "concept_pair"))
        pair_id, before = pair.id, pair.data
    path = f"/library/decks/{deck_id}/facts/{pair_id}/edit"
    page = client.get(path)
    assert page.status_code == 200 and "compares two concepts" in page.get_data(as_text=True)
    client.post(
        path, data={"csrf_token": csrf_token(client, f"/library/decks/{deck_id}/facts/new"), "save": "1"}
    )
    with app.app_context():
        assert db.session.get(Fact, pair_id).data == before


def test_the_editor_writes_and_checks_what_a_fact_builds_on(client, app, teacher):
    deck_id = new_deck(client)
    assert post_fact(client, deck_id, GOOD).status_code == 302
    refused = post_fact(client, deck_id, {**YEAR, "builds_on": "no-such-fact"})
    assert refused.status_code == 400
    assert "builds on &#39;no-such-fact&#39;, which is no fact of this bank" in refused.get_data(as_text=True)
    assert post_fact(client, deck_id, {**YEAR, "builds_on": "alphafold-maker"}).status_code == 302
    year = next(fact for fact in facts_of(app, deck_id) if fact.kind == "year")
    assert year.data["builds_on"] == ["alphafold-maker"]
    # Shown back in its field, and on the library page under the deck's own ids.
    form = client.get(f"/library/decks/{deck_id}/facts/{year.id}/edit").get_data(as_text=True)
    assert "alphafold-maker</textarea>" in form
    page = client.get(f"/library/facts/{year.id}").get_data(as_text=True)
    assert f"/library/facts/d{deck_id}~alphafold-maker" in page and "Builds on:" in page


def test_an_article_fact_is_copied_into_ones_own_deck(loaded_app, make_user):
    """The article's fact page offers the teacher's decks; the copy starts a new fact there, saved
    only when the teacher saves it, and the article's fact is left as it was."""
    client = loaded_app.test_client()
    with loaded_app.app_context():
        from quizapp.auth.accounts import create_account

        create_account("copier@example.org", "a long and memorable passphrase", "Copier", Role.TEACHER)
        db.session.commit()
        source = db.session.scalar(
            select(Fact).where(Fact.kind == "organisation", Fact.retired_at.is_(None)).order_by(Fact.id)
        )
        source_id, source_data = source.id, source.data
    token = csrf_token(client, "/signin")
    client.post(
        "/signin",
        data={
            "csrf_token": token,
            "email": "copier@example.org",
            "password": "a long and memorable passphrase",
        },
    )
    deck_id = new_deck(client, "My copies")
    page = client.get(f"/library/facts/{source_id}").get_data(as_text=True)
    assert "Copy into “My copies”" in page and f'href="/library/decks/{deck_id}/facts/new?copy=' in page

    form = client.get(f"/library/decks/{deck_id}/facts/new", query_string={"copy": source_id})
    html = form.get_data(as_text=True)
    assert form.status_code == 200 and "Nothing is saved until you choose Save fact" in html
    assert f'value="{source_data["value"]}"' in html and "Flashcard" in html
    assert facts_of(loaded_app, deck_id) == []

    fields = {
        name: source_data.get(name, "")
        for name in ("kind", "subject", "attribute", "value", "prompt", "statement", "explanation")
    }
    fields.update(
        paragraph=str(source_data["source"]["paragraph"]),
        false_values="\n".join(source_data.get("false_values", [])),
    )
    assert post_fact(client, deck_id, fields).status_code == 302
    [copy] = facts_of(loaded_app, deck_id)
    assert copy.data["value"] == source_data["value"]
    with loaded_app.app_context():
        assert db.session.get(Fact, source_id).data == source_data
    outsider = client.get(f"/library/decks/{deck_id}/facts/new", query_string={"copy": "d999~nothing"})
    assert outsider.status_code == 404
