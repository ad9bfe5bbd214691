"""Uploaded files are untrusted: hostile YAML or CSV gives Problems, never exceptions or code."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.content import BankError, check_text, load_bank_from_text
from quizapp.content.nodes import MAX_BYTES

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
"""

HOSTILE = {
    "python object": (
        "!!python/object/apply:os.system ['echo pwned']\n",
        "the tag !!python/object/apply:os.system is not allowed",
    ),
    "python name": ("section: !!python/name:os.system\n", "the tag !!python/name:os.system is not allowed"),
    "custom tag": ("section: !include /etc/passwd\n", "the tag !include is not allowed"),
    "set tag": ("section: !!set {a, b}\n", "the tag !!set is not allowed"),
    "billion laughs": (BILLION_LAUGHS, "YAML aliases (*a) are not allowed"),
    "deep flow nesting": ("[" * 5000 + "]" * 5000, "nested too deeply"),
    "deep block nesting": "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v: 1\n",
    "unclosed quote": ('section: "open\n', "YAML syntax error"),
    "tab indentation": ("section:\n\tid: x\n", "YAML syntax error"),
    "binary": (b"\x00\xff\xfe\x00garbage", "not UTF-8"),
    "null bytes in text": ("section: a\x00b\n", "YAML syntax error"),
    "non-string keys": ("? [1, 2]\n: 3\n", "field names must be plain text"),
    "number keys": ("2018: year\n", "field names must be plain text, not '2018'"),
    "huge integer": ("section:\n  order: " + "9" * 5000 + "\n", ""),
    "scalar document": ("just a string\n", "the top level must be a mapping"),
}


@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
def test_hostile_yaml_gives_problems_not_exceptions(case):
    entry = HOSTILE[case]
    text, fragment = entry if isinstance(entry, tuple) else (entry, "nested too deeply")
    problems = check_text("upload.yaml", text)
    assert problems, case
    assert any(fragment in str(problem) for problem in problems), [str(p) for p in problems]
    with pytest.raises(BankError):
        load_bank_from_text("upload.yaml", text)


def test_no_code_runs(tmp_path: Path):
    marker = tmp_path / "pwned"
    text = f"section: !!python/object/apply:os.system ['touch {marker}']\nfacts: []\n"
    assert check_text("upload.yaml", text)
    assert not marker.exists()


def test_huge_files_are_refused_before_parsing():
    text = "section:\n  notes: " + "x" * (MAX_BYTES + 10) + "\n"
    problems = check_text("upload.yaml", text)
    assert [p.message.split(" (")[0] for p in problems] == ["file is too large"]
    assert check_text("upload.yaml", text, max_bytes=10_000_000) != problems


def test_many_values_are_refused():
    text = "facts: [" + ", ".join(["1"] * 60_000) + "]\n"
    assert any("too large" in str(p) for p in check_text("upload.yaml", text, max_bytes=10_000_000))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_a_bank_or_problems(text):
    problems = check_text("upload.yaml", text)
    assert all(problem.file == "upload.yaml" and isinstance(problem.line, int) for problem in problems)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_problems_never_exceptions(data):
    check_text("upload.yaml", data)
    check_text("upload.csv", data)


YAMLISH = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20)),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None)
@given(YAMLISH)
def test_any_yaml_shape_gives_problems_never_exceptions(value):
    import yaml

    check_text("upload.yaml", yaml.safe_dump({"section": value, "facts": [value]}))
    check_text(
        "upload.yaml",
        yaml.safe_dump(
            {
                "section": {"id": "s", "title": "t", "order": 1, "notes": "n"},
                "facts": [value, {"kind": "year", "value": value}],
            }
        ),
    )
