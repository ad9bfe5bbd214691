"""Checks that need the whole bank: false values against every fact's answers and types, the facts
each one builds on, and that each fact yields its questions, each kind in its own words.

Run by the loader after every file has been read, so a problem names the fact and its line.
"""

from __future__ import annotations

from quizapp.content.bank import Bank, Fact
from quizapp.content.distractors import is_true_for
from quizapp.content.nodes import Problem
from quizapp.content.prerequisites import check_prerequisites
from quizapp.content.text import contains_phrase, normalise


def check_generation(bank: Bank, problems: list[Problem]) -> None:
    """Every fact must yield a flashcard and at least one auto-graded question, each kind in its
    own words; and its false values must really be false, of its type, and give nothing away."""
    from quizapp.content.generator import generate_for_fact, repeated_prompts

    check_false_values(bank, problems)
    check_prerequisites(bank, problems)
    for fact in bank.facts:
        questions = generate_for_fact(fact, bank)
        for _, prompt, kinds in repeated_prompts(questions):
            problems.append(
                Problem(
                    fact.file,
                    fact.line,
                    f"fact '{fact.id}': {' and '.join(kinds)} ask in the same words ('{prompt}')",
                )
            )
        made = {question.kind for question in questions}
        if "flashcard" not in made or len(made) < 2:
            problems.append(
                Problem(
                    fact.file,
                    fact.line,
                    f"fact '{fact.id}' yields too few questions ({', '.join(sorted(made)) or 'none'}); check its prompt and statement",
                )
            )


def value_types(bank: Bank) -> dict[str, dict[str, str]]:
    """Every text the bank accepts as an answer (value, alias, also_true, a typed list's members,
    a defined term), normalised, with the types it is an answer of and one fact id for each: the
    bank's own typed vocabulary."""
    types: dict[str, dict[str, str]] = {}
    for fact in bank.facts:
        if fact.kind == "definition":  # the term a definition defines is a term
            types.setdefault(normalise(fact.subject), {}).setdefault("term", fact.id)
        if fact.is_numeric or not fact.value_type:
            continue
        for text in fact.accepted_texts() or fact.members:
            types.setdefault(normalise(text), {}).setdefault(fact.value_type, fact.id)
    return types


def check_false_values(bank: Bank, problems: list[Problem]) -> None:
    """False values are of the fact's type, are no right answer to it (nor to a fact asking the
    same), are clearly off an approximate number, and do not let a prompt that names a maker
    give the answer away; a typed list's members and non-members are of the list's type."""
    types = value_types(bank)
    makers = {normalise(f.subject): str(f.value) for f in bank.facts if f.attribute == "maker"}
    for fact in bank.facts:

        def report(message: str, fact: Fact = fact) -> None:
            problems.append(Problem(fact.file, fact.line, f"fact '{fact.id}': {message}"))

        if fact.kind == "list" and fact.value_type:
            items = [*(("member", m) for m in fact.members), *(("non-member", n) for n in fact.non_members)]
            for label, item in items:
                known = types.get(normalise(item), {})
                if known and fact.value_type not in known:
                    other_type, other_id = next(iter(known.items()))
                    report(
                        f"{label} '{item}' is a {other_type.replace('_', ' ')} (fact '{other_id}'), "
                        f"not a {fact.value_type.replace('_', ' ')} like this list's items"
                    )
        for wrong in fact.false_values:
            if is_true_for(fact, bank, wrong):
                report(f"false value '{wrong}' is a right answer to it (or to a fact asking the same)")
                continue
            if fact.is_numeric:
                continue
            # A text the bank answers with elsewhere must be of this fact's type there too (IBM is
            # an organisation and a source; "EU AI Act" is a law, never a group of models).
            known = types.get(normalise(str(wrong)), {})
            if known and fact.value_type not in known:
                other_type, other_id = next(iter(known.items()))
                report(
                    f"false value '{wrong}' is a {other_type.replace('_', ' ')} (fact '{other_id}'), "
                    f"not a {fact.value_type.replace('_', ' ')} like the answer"
                )
            maker = makers.get(normalise(str(fact.value)))
            wrong_maker = makers.get(normalise(str(wrong)))
            if maker and wrong_maker and normalise(wrong_maker) != normalise(maker):
                named = contains_phrase(fact.prompt, maker) or contains_phrase(fact.statement, maker)
                if named:
                    report(
                        f"false value '{wrong}' is made by {wrong_maker}, but the question names "
                        f"{maker}: it gives the answer away"
                    )
