"""The web side of asking a question: what a kind's template gets, and a form read into a response.

Everything about a kind is its own (quizapp.content.kinds); this only adds what belongs to the page
(element id prefixes, focus, the button's words) and hands the kind the submitted fields.
"""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from quizapp import content


def question_view(
    question: content.Question, prefix: str = "", autofocus: bool = True, submit_label: str = ""
) -> dict[str, Any]:
    """What a kind's template needs beyond the question.

    `prefix` keeps element ids apart when several questions share a page; only one of them
    should take the focus.
    """
    kind = content.KINDS[question.kind]
    return {
        "template": kind.template,
        "numeric": False,
        "prefix": prefix,
        "autofocus": autofocus,
        "submit_label": submit_label,
        **kind.view(question),
    }


def read_response(question: content.Question, form: MultiDict) -> Any:
    """The submitted form as the question's kind reads a response; raises content.BadAnswer."""
    return content.KINDS[question.kind].parse(question, form.to_dict(flat=False))


def kind_label(kind: str) -> str:
    return content.KINDS[kind].label
