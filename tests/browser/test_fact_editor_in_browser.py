"""A teacher writes a fact in Chromium: a new deck made by keyboard, the live preview following the
typing, a problem shown beside its field and gone once fixed, the fact saved and edited again; the
editor passes the accessibility check in light and dark at desktop and phone width."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quizapp.auth.accounts import create_account
from quizapp.extensions import db
from quizapp.models import Fact, Role
from tests.browser.conftest import SCREENSHOT_DIR, check_accessibility, focused_id

pytestmark = pytest.mark.browser

PASSWORD = "a long and memorable passphrase"


def sign_in(page, base: str) -> None:
    page.goto(base + "/signin")
    page.get_by_label("Email").fill("editor@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_selector(".flashes")


def shots(page, name: str) -> None:
    """The page as it is now, at desktop and phone width (the colour scheme the context has)."""
    scheme = page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") and "dark" or "light"
    for label, width in (("desktop", 1280), ("phone", 390)):
        page.set_viewport_size({"width": width, "height": 900 if width > 400 else 844})
        page.screenshot(path=str(SCREENSHOT_DIR / f"{name}-{label}-{scheme}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_teacher_writes_and_edits_a_fact(app, live_server, page, browser):
    with app.app_context():
        create_account("editor@example.org", PASSWORD, "Ms Editor", Role.TEACHER)
        db.session.commit()
    base = live_server
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    sign_in(page, base)

    # A new deck, by keyboard only: the link from the library, the title, Enter.
    page.goto(base + "/library/")
    page.get_by_role("link", name="New deck").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/library/decks/new")
    assert focused_id(page, "title") == "title"  # the title has the focus
    page.keyboard.type("Biology")
    page.keyboard.press("Enter")
    page.wait_for_url("**/facts/new")
    assert "Created “Biology”" in page.locator(".flashes").inner_text()

    # Only the fields of the chosen kind show; the preview follows the typing.
    assert page.get_by_label("Month").is_hidden() and page.get_by_label("Members", exact=True).is_hidden()
    page.get_by_label("Subject").fill("photosynthesis")
    page.get_by_label("Attribute").fill("product")
    page.get_by_label("Kind of answer").select_option("term")
    page.get_by_label("Answer (value)").fill("glucose")
    page.get_by_label("Question (prompt)").fill("Which sugar does photosynthesis make?")
    page.get_by_label("Statement", exact=True).fill(
        "Photosynthesis makes glucose from light, water and carbon dioxide."
    )
    page.get_by_label("Explanation").fill("Plants store the energy of light in the sugar they build.")
    page.get_by_label("Source paragraph").fill("2")
    preview = page.locator("#fact-preview")
    preview.get_by_text("Flashcard").wait_for()
    assert "Multiple choice" not in preview.inner_text()  # no false values yet
    page.get_by_label("False values (false_values)").fill("fructose\nstarch")
    preview.get_by_text("Multiple choice").wait_for()
    assert (
        "Photosynthesis makes glucose from light, water and carbon dioxide. (right)" in preview.inner_text()
    )

    # A problem appears beside its field as it is typed, and goes when fixed.
    page.get_by_label("Question (prompt)").fill("Which sugar, glucose or another, does photosynthesis make?")
    error = page.locator("#prompt-error")
    error.wait_for()
    assert "prompt gives away the answer" in error.inner_text()
    assert page.get_by_label("Question (prompt)").get_attribute("aria-invalid") == "true"
    assert "No questions yet" in preview.inner_text()
    shots(page, "editor-problem")
    page.get_by_label("Question (prompt)").fill("Which sugar does photosynthesis make?")
    error.wait_for(state="detached")
    preview.get_by_text("Multiple choice").wait_for()
    shots(page, "editor-preview")

    # Saved by keyboard: focus on the Save button, Enter.
    page.get_by_role("button", name="Save fact").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/library/decks/*")
    assert "Saved the fact about “photosynthesis”" in page.locator(".flashes").inner_text()
    with app.app_context():
        fact = db.session.scalar(select(Fact))
        assert fact.data["value"] == "glucose" and fact.data["false_values"] == ["fructose", "starch"]

    # Edited: the stored fact's questions show at once; a new explanation keeps progress.
    page.get_by_role("link", name="Edit: Photosynthesis makes glucose").click()
    assert page.get_by_label("Answer (value)").input_value() == "glucose"
    preview.get_by_text("Multiple choice").wait_for()
    edit_url = page.url
    page.get_by_label("Explanation").fill("Light's energy ends up in the sugar the plant builds.")
    preview.get_by_text("Light's energy ends up").first.wait_for()
    page.get_by_role("button", name="Save fact").click()
    page.wait_for_url(base + "/library/decks/*")
    assert "Learners keep their progress on it." in page.locator(".flashes").inner_text()
    with app.app_context():
        assert db.session.scalar(select(Fact)).explanation.startswith("Light's energy")

    cookies = page.context.cookies()
    check_accessibility(browser, edit_url, cookies, "editor-edit", phone_schemes=("light", "dark"))
    for scheme in ("light", "dark"):  # the live problem message, in both schemes
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, color_scheme=scheme, bypass_csp=True
        )
        context.add_cookies(cookies)
        checked = context.new_page()
        checked.goto(edit_url)
        checked.get_by_label("Question (prompt)").fill("Which sugar, glucose, does photosynthesis make?")
        checked.locator("#prompt-error").wait_for()
        checked.screenshot(
            path=str(SCREENSHOT_DIR / f"editor-problem-axe-desktop-{scheme}.png"), full_page=True
        )
        assert serious_violations(checked) == [], scheme
        context.close()
    check_accessibility(browser, base + "/library/decks/new", cookies, "editor-new-deck", ("light", "dark"))
    check_accessibility(browser, page.url, cookies, "editor-deck", phone_schemes=("light", "dark"))


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    return [
        f"{violation['id']}: {violation['help']}"
        for violation in Axe().run(page).response["violations"]
        if violation.get("impact") in {"serious", "critical"}
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_without_javascript_preview_and_problems_come_from_the_server(app, live_server, browser, scheme):
    """Without JavaScript every field shows, Preview shows the questions from the server and a
    refused save marks its field (the same marks the script puts: checked by axe in the journey)."""
    with app.app_context():
        create_account("editor@example.org", PASSWORD, "Ms Editor", Role.TEACHER)
        db.session.commit()
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        color_scheme=scheme,
        java_script_enabled=False,
        bypass_csp=True,
    )
    page = context.new_page()
    sign_in(page, live_server)
    page.goto(live_server + "/library/decks/new")
    page.get_by_label("Deck title").fill("Chemistry")
    page.get_by_role("button", name="Create the deck").click()
    assert page.get_by_label("Month").is_visible()  # without the script, every field shows
    page.get_by_label("Kind of answer").select_option("term")
    page.get_by_label("Subject").fill("water")
    page.get_by_label("Answer (value)").fill("H2O")
    page.get_by_label("Question (prompt)").fill("What is the chemical formula of water?")
    page.get_by_label("Statement", exact=True).fill("The formula of water is H2O.")
    page.get_by_label("Explanation").fill("Two hydrogen atoms and one oxygen atom.")
    page.get_by_label("Source paragraph").fill("1")
    page.get_by_role("button", name="Save fact").click()
    assert "Not saved" in page.get_by_role("alert").inner_text()
    assert page.locator("#attribute-error").inner_text() == "fact is missing the field 'attribute'"
    shots(page, "editor-refused-nojs")
    page.get_by_label("Attribute").fill("formula")
    page.get_by_role("button", name="Preview").click()
    assert "Flashcard" in page.locator("#fact-preview").text_content()
    assert page.locator("#attribute-error").count() == 0
    shots(page, "editor-preview-nojs")
    context.close()


def test_an_article_fact_is_copied_by_keyboard(loaded_app, loaded_live_server, loaded_page, browser):
    """The article's fact page offers the teacher's deck; the copy's form opens filled in, with its
    questions previewed, and the fact page passes the accessibility check."""
    with loaded_app.app_context():
        create_account("editor@example.org", PASSWORD, "Ms Editor", Role.TEACHER)
        db.session.commit()
        fact_id = db.session.scalar(
            select(Fact.id).where(Fact.kind == "organisation", Fact.retired_at.is_(None)).order_by(Fact.id)
        )
    base, page = loaded_live_server, loaded_page
    sign_in(page, base)
    page.goto(base + "/library/decks/new")
    page.get_by_label("Deck title").fill("My copies")
    page.get_by_label("Deck title").press("Enter")
    page.wait_for_url("**/facts/new")
    page.goto(f"{base}/library/facts/{fact_id}")
    check_accessibility(browser, page.url, page.context.cookies(), "editor-copy-source", ("light", "dark"))
    page.get_by_role("link", name="Copy into “My copies”").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/facts/new?copy=*")
    assert "Nothing is saved until you choose Save fact" in page.locator(".notice").inner_text()
    assert page.get_by_label("Answer (value)").input_value() != ""
    page.locator("#fact-preview").get_by_text("Flashcard").wait_for()
    shots(page, "editor-copy")
