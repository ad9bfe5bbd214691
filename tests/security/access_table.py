"""Who may use which route: one entry per endpoint of the app, read by the access, CSRF and fuzz tests.

A new route needs an entry here, or `test_every_route_has_an_entry` fails naming it. An entry is a
tuple of `Case`s, one per concrete URL and method. Paths are templates filled from the scenario's ids
(`tests/security/scenario.py`), so `{class_id}` is the teacher's class, `{attempt_id}` the class
learner's attempt, `{deck_id}` the teacher's private deck, and so on.

Adding a route, for example a teacher-only page and a learner's form:

    "live.host": (get("/live/{live_id}/host", CLASS_TEACHER),),
    "live.answer": (post("/live/{live_id}/answer", CLASS_LEARNER, lambda ids: ids["live_answer"]),),

If the URL needs a new object, create it in `scenario.build_world` and add its id to `ids`.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.conftest import STRONG_PASSWORD
from tests.library.test_uploads import VALID

EVERYONE = frozenset(
    {"anonymous", "guest", "learner", "outsider", "teacher", "other_teacher", "colleague", "admin"}
)
SIGNED_IN = EVERYONE - {"anonymous"}
TEACHERS = frozenset({"teacher", "other_teacher", "colleague", "admin"})
# The teacher who owns the class (its quizzes, roster, private deck), and admins.
CLASS_TEACHER = frozenset({"teacher", "admin"})
# ... and the teacher they shared the private deck and the quiz with (read and copy only).
SHARED = CLASS_TEACHER | {"colleague"}
# The learner in the teacher's class, who owns the attempt, the study answer and the practice test.
CLASS_LEARNER = frozenset({"learner"})
ADMIN = frozenset({"admin"})

# Cases run in stages so that a request that changes who may do what runs after the others.
NORMAL, CHANGES_ACCESS, ENDS_SESSION = 0, 1, 2

Body = dict | Callable[[dict], dict]


@dataclass(frozen=True)
class Case:
    """One request: `method` on `path`, allowed for `allowed`; the others are refused."""

    method: str
    path: str
    allowed: frozenset[str]
    body: Body = field(default_factory=dict)
    ok: frozenset[int] = frozenset({200, 302})
    stage: int = NORMAL

    def form(self, ids: dict) -> dict:
        """The request's fields (without a CSRF token), built fresh so files and keys are new."""
        return dict(self.body(ids) if callable(self.body) else self.body)


def get(path: str, allowed: frozenset[str], **kwargs) -> Case:
    return Case("GET", path, allowed, **kwargs)


def post(path: str, allowed: frozenset[str], body: Body | None = None, **kwargs) -> Case:
    return Case("POST", path, allowed, body=body or {}, **kwargs)


def _study_answer(ids: dict) -> dict:
    return {"question_id": ids["question_id"], "submission_key": uuid.uuid4().hex, "choice": "0"}


def _private_study_answer(ids: dict) -> dict:
    return {**_study_answer(ids), "question_id": ids["private_question_id"]}


def _practice_answer(ids: dict) -> dict:
    return {
        "question_id": ids["practice_question_id"],
        "submission_key": uuid.uuid4().hex,
        "position": "0",
        "choice": "0",
    }


def _upload(ids: dict) -> dict:
    return {"title": "Another deck", "facts_file": (io.BytesIO(VALID), "facts.yaml")}


def _import(ids: dict) -> dict:
    cards = b"What is the capital of France?\tParis\nWhich planet is red?\tMars\n"
    return {"title": "Imported", "cards_file": (io.BytesIO(cards), "quizlet.txt")}


# The editor's fields: a new fact for the teacher's private deck, and its first fact ({private_fact_id},
# BERT's maker) in other words; its Stable Diffusion fact is removed.
NEW_FACT = {
    "section": "introduction",
    "kind": "organisation",
    "subject": "Gemini",
    "attribute": "maker",
    "value": "Google",
    "prompt": "Which company built Gemini?",
    "statement": "Gemini was built by Google.",
    "explanation": "Gemini is a family of multimodal models.",
    "paragraph": "4",
    "false_values": "OpenAI\nAnthropic",
}
EDITED_FACT = {
    **NEW_FACT,
    "subject": "BERT",
    "prompt": "Which company built BERT?",
    "statement": "BERT was built by Google.",
    "explanation": "An early language model, now explained in other words.",
}
# Only the deck's owner edits it: admins see it but may not change it (403), others never see it.
DECK_OWNER = frozenset({"teacher"})

SETTINGS = {
    "display_name": "Renamed",
    "time_zone": "Europe/Berlin",
    "desired_retention": "0.85",
    "new_facts_per_day": "7",
    "reviews_per_day": "70",
    "slow_answer_percent": "150",
}
QUIZ_SETTINGS = {"title": "Renamed", "attempts_allowed": "2", "show_answers": "after_submit"}

ACCESS: dict[str, tuple[Case, ...]] = {
    # main, auth, account, admin
    "main.home": (get("/", EVERYONE),),
    "main.healthz": (get("/healthz", EVERYONE),),
    "auth.sign_in": (
        get("/signin", EVERYONE),
        post(
            "/signin",
            EVERYONE,
            {"email": "nobody@example.org", "password": "not the password"},
            ok=frozenset({400}),
        ),
    ),
    "auth.sign_up": (
        get("/signup", EVERYONE),
        post(
            "/signup",
            EVERYONE,
            {
                "display_name": "New",
                "email": "new@example.org",
                "password": STRONG_PASSWORD,
                "confirm": STRONG_PASSWORD,
            },
            stage=CHANGES_ACCESS,
        ),
    ),
    "auth.try_as_guest": (post("/guest", EVERYONE, stage=CHANGES_ACCESS),),
    "auth.sign_out": (post("/signout", EVERYONE, stage=ENDS_SESSION),),
    "auth.forgot_password": (
        get("/password/forgot", EVERYONE),
        post("/password/forgot", EVERYONE, {"email": "nobody@example.org"}, ok=frozenset({200})),
    ),
    # Whoever holds a valid link may use it, signed in or not; here with a password that is refused.
    "auth.reset_password": (
        get("/password/reset/{reset_token}", EVERYONE),
        post(
            "/password/reset/{reset_token}",
            EVERYONE,
            {"password": "short", "confirm": "short"},
            ok=frozenset({400}),
        ),
    ),
    "account.settings": (get("/settings", SIGNED_IN), post("/settings", SIGNED_IN, SETTINGS)),
    # Guests have no password: they are sent to sign up (302); a wrong current password is a 400.
    "account.change_password": (
        get("/settings/password", SIGNED_IN),
        post(
            "/settings/password",
            SIGNED_IN,
            {
                "current": "not the password",
                "password": "another long passphrase",
                "confirm": "another long passphrase",
            },
            ok=frozenset({302, 400}),
        ),
    ),
    "admin.users": (get("/admin/users", ADMIN),),
    "admin.reset_link_page": (
        post("/admin/users/reset-link", ADMIN, {"user_id": "{outsider_id}"}, ok=frozenset({200})),
    ),
    "admin.change_role": (post("/admin/users/role", ADMIN, {"user_id": "{outsider_id}", "role": "teacher"}),),
    # study and practice
    "study.study": (get("/study/", SIGNED_IN),),
    "study.answer": (
        post("/study/answer", SIGNED_IN, _study_answer),
        # Answering shows the question's answer and explanation: the deck's owner only.
        post("/study/answer", SHARED, _private_study_answer),
    ),
    "study.result": (get("/study/answers/{log_id}", CLASS_LEARNER),),
    "study.rerate": (post("/study/answers/{log_id}/rating", CLASS_LEARNER, {"rating": "3"}),),
    "study.undo": (post("/study/undo", SIGNED_IN),),
    "study.mark_fact": (
        post("/study/facts/{fact_id}/mark", SIGNED_IN, {"mark": "flag-1", "next": "/study/"}),
        post("/study/facts/{private_fact_id}/mark", SHARED, {"mark": "bury", "next": "/study/"}),
    ),
    "study.marked": (get("/study/marked", SIGNED_IN), get("/study/marked?show=flagged&flag=2", SIGNED_IN)),
    "study.practice": (get("/study/practice", SIGNED_IN), post("/study/practice", SIGNED_IN, {"count": "3"})),
    "study.practice_test": (get("/study/practice/{test_id}", CLASS_LEARNER),),
    "study.practice_answer": (post("/study/practice/{test_id}/answer", CLASS_LEARNER, _practice_answer),),
    "study.practice_results": (get("/study/practice/{test_id}/results", CLASS_LEARNER),),
    # history
    "history.index": (get("/history/", SIGNED_IN),),
    "history.reviews_csv": (get("/history/reviews.csv", SIGNED_IN),),
    "history.deck": (get("/history/deck.apkg", SIGNED_IN),),
    "history.optimize": (post("/history/optimize", SIGNED_IN),),
    "history.default_parameters": (post("/history/parameters/default", SIGNED_IN),),
    # A package with no quizapp notes: reaching the import is a 400 that names the file.
    "history.import_anki": (
        post(
            "/history/anki",
            SIGNED_IN,
            lambda ids: {"anki_file": (io.BytesIO(b"not a zip"), "a.apkg")},
            ok=frozenset({400}),
        ),
    ),
    # library: the article's deck is public, a teacher's upload is theirs
    "library.index": (get("/library/", EVERYONE),),
    "library.section": (
        get("/library/sections/{section_id}", EVERYONE),
        get("/library/sections/{private_section_id}", SHARED),
    ),
    "library.search": (get("/library/search?q=model", EVERYONE), get("/library/search?q=secret", EVERYONE)),
    "library.fact": (
        get("/library/facts/{fact_id}", EVERYONE),
        get("/library/facts/{private_fact_id}", SHARED),
    ),
    "library.deck": (get("/library/decks/{deck_id}", SHARED),),
    # Sharing the private deck: its owner shares, unshares and deletes it; the colleague (and admins,
    # who see every deck) may copy it.
    "library.share": (
        post("/library/decks/{deck_id}/shares", DECK_OWNER, {"email": "colleague@example.org"}),
    ),
    "library.copy": (post("/library/decks/{deck_id}/copy", SHARED),),
    "library.unshare": (
        post("/library/decks/{deck_id}/shares/{deck_share_id}/remove", DECK_OWNER, stage=CHANGES_ACCESS),
    ),
    "library.delete_deck_route": (post("/library/decks/{deck_id}/delete", DECK_OWNER, stage=CHANGES_ACCESS),),
    "library.upload": (get("/library/upload", TEACHERS), post("/library/upload", TEACHERS, _upload)),
    "library.import_deck": (get("/library/import", TEACHERS), post("/library/import", TEACHERS, _import)),
    "library.export_deck": tuple(
        get(f"/library/decks/{{deck_id}}/export/{fmt}", SHARED)
        for fmt in ("json", "gift", "moodle-xml", "apkg")
    ),
    # the question editor: a teacher's own deck, by its owner alone
    "editor.new_deck": (
        get("/library/decks/new", TEACHERS),
        post("/library/decks/new", TEACHERS, {"title": "Written here"}),
    ),
    "editor.new_fact": (
        get("/library/decks/{deck_id}/facts/new", DECK_OWNER),
        post("/library/decks/{deck_id}/facts/new", DECK_OWNER, {**NEW_FACT, "save": "1"}),
    ),
    "editor.edit_fact": (
        get("/library/decks/{deck_id}/facts/{private_fact_id}/edit", DECK_OWNER),
        post(
            "/library/decks/{deck_id}/facts/{private_fact_id}/edit", DECK_OWNER, {**EDITED_FACT, "save": "1"}
        ),
    ),
    "editor.preview": (
        post("/library/decks/{deck_id}/preview", DECK_OWNER, NEW_FACT),
        post("/library/decks/{deck_id}/preview", DECK_OWNER, {**EDITED_FACT, "fact_id": "{private_fact_id}"}),
    ),
    "editor.remove": (
        get("/library/decks/{deck_id}/facts/{private_fact_id}/remove", DECK_OWNER),
        post("/library/decks/{deck_id}/facts/d{deck_id}~sd-maker/remove", DECK_OWNER),
    ),
    "library.report_question": (
        post("/library/questions/{question_id}/report", SIGNED_IN, {"message": "The answer looks wrong."}),
        post("/library/questions/{private_question_id}/report", SHARED, {"message": "Typo."}),
    ),
    # progress
    "progress.index": (get("/progress/", SIGNED_IN),),
    "progress.fact": (
        get("/progress/facts/{fact_id}", SIGNED_IN),
        get("/progress/facts/{private_fact_id}", SHARED),
    ),
    "progress.class_page": (get("/progress/classes/{class_id}", CLASS_TEACHER),),
    "progress.class_learner": (get("/progress/classes/{class_id}/learners/{learner_id}", CLASS_TEACHER),),
    "progress.class_csv": (get("/progress/classes/{class_id}/mastery.csv", CLASS_TEACHER),),
    "progress.class_scores_csv": (get("/progress/classes/{class_id}/scores.csv", CLASS_TEACHER),),
    # classes
    "classes.index": (get("/classes/", SIGNED_IN), post("/classes/", TEACHERS, {"name": "New class"})),
    "classes.detail": (get("/classes/{class_id}", CLASS_TEACHER),),
    "classes.new_code": (post("/classes/{class_id}/code", CLASS_TEACHER),),
    "classes.join": (post("/join", SIGNED_IN, {"code": "{join_code}"}, stage=CHANGES_ACCESS),),
    "classes.join_link": (
        get("/join/{join_code}", SIGNED_IN),
        post("/join/{join_code}", SIGNED_IN, stage=CHANGES_ACCESS),
    ),
    "classes.remove": (
        post("/classes/{class_id}/learners/{learner_id}/remove", CLASS_TEACHER, stage=CHANGES_ACCESS),
    ),
    "classes.archive": (post("/classes/{class_id}/archive", CLASS_TEACHER, stage=CHANGES_ACCESS),),
    # quizzes: the teacher's side
    "quizzes.class_quizzes": (
        get("/classes/{class_id}/quizzes", CLASS_TEACHER),
        post("/classes/{class_id}/quizzes", CLASS_TEACHER, {"title": "Another", "count": "3"}),
    ),
    "quizzes.edit": (
        get("/quizzes/{quiz_id}/edit", CLASS_TEACHER),
        post("/quizzes/{quiz_id}/edit", CLASS_TEACHER, QUIZ_SETTINGS),
    ),
    "quizzes.pick": (
        get("/quizzes/{quiz_id}/pick", CLASS_TEACHER),
        get("/quizzes/{quiz_id}/pick?section={private_section_id}", CLASS_TEACHER),
        post("/quizzes/{quiz_id}/pick", CLASS_TEACHER, {"question_id": "{typed_question_id}"}),
    ),
    "quizzes.preview": (get("/quizzes/{quiz_id}/preview", CLASS_TEACHER),),
    "quizzes.print_view": (get("/quizzes/{quiz_id}/print", CLASS_TEACHER),),
    "quizzes.change_question": tuple(
        post(f"/quizzes/{{quiz_id}}/questions/{position}/{action}", CLASS_TEACHER)
        for position, action in ((1, "up"), (0, "down"), (2, "remove"))
    ),
    "quizzes.quiz_action": (
        post("/quizzes/{quiz_id}/duplicate", CLASS_TEACHER),
        post("/quizzes/{quiz_id}/assign", CLASS_TEACHER),
        post("/quizzes/{quiz_id}/unassign", CLASS_TEACHER, stage=CHANGES_ACCESS),
    ),
    # Reuse: copy into the teacher's other class; share with the colleague, who reads it and copies it.
    "quizzes.copy_to_class": (
        post("/quizzes/{quiz_id}/copy", CLASS_TEACHER, {"class_id": "{second_class_id}"}),
    ),
    "quizzes.share": (post("/quizzes/{quiz_id}/shares", CLASS_TEACHER, {"email": "colleague@example.org"}),),
    "quizzes.unshare": (
        post("/quizzes/{quiz_id}/shares/{quiz_share_id}/remove", CLASS_TEACHER, stage=CHANGES_ACCESS),
    ),
    "quizzes.shared": (get("/quizzes/{quiz_id}/shared", SHARED),),
    "quizzes.copy_shared": (
        post("/quizzes/{quiz_id}/shared/copy", SHARED, {"class_id": "{colleague_class_id}"}),
    ),
    "quizzes.results": (get("/quizzes/{quiz_id}/results", CLASS_TEACHER),),
    "quizzes.answer_sheet": (get("/quizzes/{quiz_id}/attempts/{attempt_id}", CLASS_TEACHER),),
    "quizzes.override_mark": (
        post(
            "/quizzes/{quiz_id}/attempts/{attempt_id}/answers/0/mark",
            CLASS_TEACHER,
            {"points": "0.5", "reason": "Half right: the spelling was close"},
        ),
    ),
    "quizzes.results_csv": (
        get("/quizzes/{quiz_id}/results.csv", CLASS_TEACHER),
        get("/quizzes/{quiz_id}/items.csv", CLASS_TEACHER),
        get("/quizzes/{quiz_id}/answers.csv", CLASS_TEACHER),
    ),
    "quizzes.regrade": (
        get("/quizzes/{quiz_id}/questions/0/regrade", CLASS_TEACHER),
        # The scenario's question may be of any kind: a fix it can't take is a 400 with a message.
        post(
            "/quizzes/{quiz_id}/questions/0/regrade",
            CLASS_TEACHER,
            {"fix": "key", "key": "0"},
            ok=frozenset({200, 400}),
        ),
    ),
    # quizzes: the learner's side
    "quizzes.mine": (get("/quizzes/mine", SIGNED_IN),),
    "quizzes.show": (get("/quizzes/{quiz_id}", CLASS_LEARNER),),
    "quizzes.start": (post("/quizzes/{quiz_id}/start", CLASS_LEARNER),),
    "quizzes.attempt": (get("/attempts/{attempt_id}", CLASS_LEARNER),),
    "quizzes.answer": (post("/attempts/{attempt_id}/answer", CLASS_LEARNER, lambda ids: ids["quiz_answer"]),),
    "quizzes.review": (get("/attempts/{attempt_id}/review", CLASS_LEARNER),),
    "quizzes.submit": (post("/attempts/{attempt_id}/submit", CLASS_LEARNER, stage=CHANGES_ACCESS),),
    # live quizzes: the class's teacher hosts; the class learner has joined as a player
    "live.start": (post("/quizzes/{live_quiz_id}/live", CLASS_TEACHER, {"seconds_per_question": "20"}),),
    "live.host": (get("/live/{live_id}/host", CLASS_TEACHER),),
    "live.host_state": (get("/live/{live_id}/host/state", CLASS_TEACHER),),
    "live.step": (
        post("/live/{live_id}/host/reveal", CLASS_TEACHER, {"position": "0"}),
        post("/live/{live_id}/host/next", CLASS_TEACHER, {"position": "0"}),
        post("/live/{live_id}/host/finish", CLASS_TEACHER, {"position": "1"}, stage=CHANGES_ACCESS),
    ),
    "live.results": (get("/live/{live_id}/results", CLASS_TEACHER),),
    "live.results_csv": (
        get("/live/{live_id}/players.csv", CLASS_TEACHER),
        get("/live/{live_id}/questions.csv", CLASS_TEACHER),
    ),
    # Anyone with the code may join (a nickname without an account); a host can't play their own game (400).
    "live.join": (
        get("/play", EVERYONE),
        post(
            "/play",
            EVERYONE,
            {"code": "{live_code}", "nickname": "Nick"},
            ok=frozenset({302, 400}),
            stage=CHANGES_ACCESS,
        ),
    ),
    "live.join_link": (get("/play/{live_code}", EVERYONE),),
    "live.play": (get("/live/{live_id}/play", CLASS_LEARNER),),
    "live.state": (get("/live/{live_id}/state", CLASS_LEARNER),),
    "live.answer": (post("/live/{live_id}/answer", CLASS_LEARNER, lambda ids: ids["live_answer"]),),
}

# Routes no person uses through a form or page of their own.
NOT_ROUTES = {"static"}


def all_cases() -> list[tuple[str, Case]]:
    return [(endpoint, case) for endpoint, cases in ACCESS.items() for case in cases]


def fill(value, ids: dict):
    """Fill `{name}` placeholders in a form value (or each item of a list) from the scenario's ids."""
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, list):
        return [fill(item, ids) for item in value]
    return value
