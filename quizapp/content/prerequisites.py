"""Which facts a fact builds on (`builds_on:` in the fact base), checked across the whole bank.

A fact names the ids of the facts a learner should know first (a term's definition before the
comparison that uses it, the transformer before the models built on it). Every named id must be a
fact of the same bank, and the chain may not lead back to where it started: a cycle would keep
every fact in it waiting for the others for ever.
"""

from __future__ import annotations

from quizapp.content.bank import Bank, Fact
from quizapp.content.nodes import Problem


def check_prerequisites(bank: Bank, problems: list[Problem]) -> None:
    """Unknown ids and cycles in `builds_on`, each reported once at the fact that names them."""
    known = {fact.id: fact for fact in bank.facts}
    for fact in bank.facts:
        for other in fact.builds_on:
            if other == fact.id:
                problems.append(Problem(fact.file, fact.line, f"fact '{fact.id}' builds on itself"))
            elif other not in known:
                problems.append(
                    Problem(
                        fact.file,
                        fact.line,
                        f"fact '{fact.id}' builds on '{other}', which is no fact of this bank",
                    )
                )
    reported: set[frozenset[str]] = set()
    for fact in bank.facts:
        cycle = _cycle_from(fact, known)
        if cycle and frozenset(cycle) not in reported:
            reported.add(frozenset(cycle))
            path = " → ".join([*cycle, cycle[0]])
            problems.append(Problem(fact.file, fact.line, f"facts build on each other in a circle: {path}"))


def _cycle_from(start: Fact, known: dict[str, Fact]) -> list[str]:
    """The ids of a cycle through `start` (in order), or [] when following builds_on never returns."""
    stack: list[tuple[str, list[str]]] = [(start.id, [start.id])]
    seen: set[str] = set()
    while stack:
        fact_id, path = stack.pop()
        for other in known[fact_id].builds_on:
            if other == start.id and other != fact_id:
                return path
            if other in known and other not in seen and other != fact_id:
                seen.add(other)
                stack.append((other, [*path, other]))
    return []


def prerequisites_of(bank: Bank) -> dict[str, tuple[str, ...]]:
    """Each fact that builds on others, with the ids it names (for the study queue)."""
    return {fact.id: fact.builds_on for fact in bank.facts if fact.builds_on}
