"""The editor's forms. The fact form has no checks of its own: every field goes to the upload's
validator (content.drafts), so the browser and a file are held to the same rules, in the same words."""

from __future__ import annotations

import calendar
from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from quizapp.content.bank import PRECISIONS, VALUE_TYPES, Section
from quizapp.content.drafts import FIELDS

# The kinds the editor writes, in the teacher's words. A comparison of two concepts (concept_pair)
# needs its items paired with concepts: written in a file.
KIND_CHOICES = [
    SelectChoice(kind, label)
    for kind, label in (
        ("organisation", "Organisation (a company, lab or institution)"),
        ("person", "Person or group"),
        ("model", "Model name"),
        ("term", "Term (1-5 words)"),
        ("definition", "Definition (under 20 words)"),
        ("year", "Year"),
        ("number", "Number"),
        ("percent", "Percent"),
        ("money", "Amount of money"),
        ("list", "List (which of these belong?)"),
    )
]
EDITOR_KINDS = frozenset(choice.value for choice in KIND_CHOICES)
NUMBER_KINDS = "year number percent money"
TEXT_KINDS = "organisation person model term definition"
PRECISION_WORDS = {
    "exact": "Exact",
    "approx": "About (the source rounds it)",
    "more_than": "More than",
    "at_least": "At least",
    "less_than": "Less than",
    "at_most": "At most",
}


def _lines(label: str, description: str) -> TextAreaField:
    return TextAreaField(label, description=description, render_kw={"rows": 3})


class FactForm(FlaskForm):
    """A fact as the editor shows it; `fields()` hands the typed text to the validator."""

    section = SelectField("Section", validate_choice=False)
    kind = SelectField("Kind of answer", choices=KIND_CHOICES, validate_choice=False)
    subject = StringField("Subject", description="What the fact is about: a name, term or topic (BERT).")
    attribute = StringField(
        "Attribute",
        description="What the fact says about the subject, in snake_case (maker, release_year). "
        "Two facts with the same subject and attribute ask the same question.",
    )
    value = StringField(
        "Answer (value)", description="For a year or number, digits only (2018, 175000000000)."
    )
    prompt = TextAreaField(
        "Question (prompt)", description="Asks for the answer without giving it away.", render_kw={"rows": 2}
    )
    statement = TextAreaField(
        "Statement", description="The true sentence, with the answer in it as written.", render_kw={"rows": 2}
    )
    explanation = TextAreaField(
        "Explanation", description="Why, or the context: 1-3 sentences.", render_kw={"rows": 3}
    )
    paragraph = StringField(
        "Source paragraph",
        description="Where the source says it: the paragraph's number in its section, from 1.",
        render_kw={"inputmode": "numeric"},
    )
    aliases = _lines("Other spellings (aliases)", "Also accepted when typed, one a line (GPT3).")
    also_true = _lines("Also right (also_true)", "Other values that are right too, one a line.")
    false_values = _lines(
        "False values (false_values)",
        "Values of the same type the source rules out, one a line. Two make a multiple-choice "
        "question, one a false statement.",
    )
    members = _lines("Members", "Everything the source lists, one a line (at least 2).")
    non_members = _lines(
        "Non-members (non_members)", "Plausible items the source does not list, one a line (at least 3)."
    )
    tags = _lines("Tags", "Free labels, one a line; a year tagged milestone joins the timeline.")
    builds_on = _lines(
        "Builds on (builds_on)", "Ids of facts of this deck a learner should know first, one a line."
    )
    type = SelectField(
        "Type of the answer",
        choices=[SelectChoice("", "The kind's own")]
        + [SelectChoice(name, name.replace("_", " ")) for name in sorted(VALUE_TYPES)],
        validate_choice=False,
        description="Finer than the kind (a model's output is a modality): false values must be of it.",
    )
    unit = StringField("Unit", description="What is counted (parameters); money: the currency (USD).")
    precision = SelectField(
        "How exact",
        choices=[SelectChoice(name, PRECISION_WORDS[name]) for name in PRECISIONS],
        validate_choice=False,
    )
    month = SelectField(
        "Month",
        choices=[SelectChoice("", "Not given")]
        + [SelectChoice(str(n), calendar.month_name[n]) for n in range(1, 13)],
        validate_choice=False,
        description="When the source gives the month of the year.",
    )
    preview = SubmitField("Preview")
    save = SubmitField("Save fact")

    def fields(self) -> dict[str, str]:
        """The typed text of every field the validator reads, by its name in the fact format."""
        typed = {name: getattr(self, name).data for name in ("section", *FIELDS)}
        return {name: value if isinstance(value, str) else "" for name, value in typed.items()}


def fact_form(sections: Iterable[Section]) -> FactForm:
    """The fact form offering `sections` (the deck's) to put the fact in."""
    form = FactForm()
    form.section.choices = [SelectChoice(section.id, section.title) for section in sections]
    return form


class DeckForm(FlaskForm):
    title = StringField(
        "Deck title",
        validators=[
            DataRequired(message="Give the deck a title."),
            Length(max=200, message="Use at most 200 characters."),
        ],
    )
    submit = SubmitField("Create the deck")


class RemoveFactForm(FlaskForm):
    submit = SubmitField("Remove the fact")
