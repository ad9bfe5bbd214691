"""The CSV form of simple facts: same rules, problems at the row's line."""

from __future__ import annotations

from quizapp.content import BankError, check_text, generate_questions, load_bank_from_text

HEADER = "id,section,kind,subject,attribute,value,prompt,statement,explanation,paragraph,aliases\n"
GOOD = HEADER + (
    "bert-year,ml-basics,year,BERT,release_year,2018,When did Google release BERT?,Google released BERT in 2018.,Early model.,1,\n"
    "gpt3-maker,ml-basics,organisation,GPT-3,maker,OpenAI,Which lab made GPT-3?,GPT-3 was made by OpenAI.,Yes.,2,Open AI Inc|OAI\n"
    'gpt3-params,ml-basics,number,GPT-3,parameter_count,"175,000,000,000",How many parameters does GPT-3 have?,GPT-3 has 175 billion parameters.,Big.,3,175B\n'
    "share,later,percent,open models in 2023,open_source_share,65.7,What share of 2023's new models were open?,65.7% of them were open-source.,Up.,1,\n"
)


def test_a_good_csv_loads_with_its_sections():
    bank = load_bank_from_text("facts.csv", GOOD)
    assert [s.id for s in bank.sections] == ["ml-basics", "later"]
    assert bank.fact("gpt3-maker").aliases == ("Open AI Inc", "OAI")
    assert bank.fact("gpt3-params").value == 175_000_000_000
    assert bank.fact("share").value == 65.7 and bank.fact("share").line == 5
    kinds = {q.kind for q in generate_questions(bank) if q.fact_id == "bert-year"}
    assert {"flashcard", "numeric", "true_false"} <= kinds


def test_problems_point_at_the_row():
    text = GOOD.replace("2018,When", "20x8,When").replace("Which lab made GPT-3?", "Did OpenAI make GPT-3?")
    shown = [str(p) for p in check_text("facts.csv", text)]
    assert "facts.csv:2: the value of a year must be a number, not '20x8'" in shown
    assert any(s.startswith("facts.csv:3: prompt gives away the answer") for s in shown), shown


def test_line_numbers_count_multi_line_cells():
    text = HEADER + (
        '"gpt3-maker",ml-basics,organisation,GPT-3,maker,OpenAI,Which lab made GPT-3?,"GPT-3 was made\nby OpenAI.",Yes.,2,\n'
        "bad,ml-basics,year,BERT,release_year,3050,When did Google release BERT?,Google released BERT in 3050.,x,1,\n"
    )
    shown = [str(p) for p in check_text("facts.csv", text)]
    assert shown == ["facts.csv:4: a year must be a whole number between 1 and 2999, not 3050"]


def test_header_and_shape_problems():
    assert any(
        str(p).startswith("f.csv:1: unknown column colour")
        for p in check_text("f.csv", "id,section,colour\n")
    )
    assert any("missing columns" in str(p) for p in check_text("f.csv", "id,section\n"))
    ragged = HEADER + "only,three,cells\n"
    assert [str(p) for p in check_text("f.csv", ragged)] == [
        "f.csv:2: the row has 3 cells; the header has 11"
    ]
    listed = HEADER + "l,s,list,things,named,x,p,s,e,1,\n"
    assert [str(p) for p in check_text("f.csv", listed)] == [
        "f.csv:2: a list fact needs the YAML form (it has several answers)"
    ]
    assert [str(p) for p in check_text("f.csv", "")] == ["f.csv:1: the file is empty"]


def test_duplicate_ids_in_a_csv():
    text = (
        GOOD
        + "bert-year,ml-basics,year,BERT,release_year,2018,When did Google release BERT?,Google released BERT in 2018.,Again.,1,\n"
    )
    try:
        load_bank_from_text("facts.csv", text)
    except BankError as error:
        assert [str(p) for p in error.problems] == [
            "facts.csv:2: duplicate id 'bert-year' (also at facts.csv:6)",
            "facts.csv:6: duplicate id 'bert-year' (also at facts.csv:2)",
        ]
    else:
        raise AssertionError("duplicate ids were accepted")


def test_false_values_column_gives_the_wrong_answers():
    header, *rows = GOOD.splitlines()
    rows = [row + (",Google|Meta|Anthropic" if row.startswith("gpt3-maker") else ",") for row in rows]
    text = "\n".join([header + ",false_values", *rows]) + "\n"
    bank = load_bank_from_text("facts.csv", text)
    assert bank.fact("gpt3-maker").false_values == ("Google", "Meta", "Anthropic")
    mc = [q for q in generate_questions(bank) if q.id == "gpt3-maker:multiple_choice:0"]
    assert len(mc) == 1 and "GPT-3 was made by Meta." in mc[0].choices
