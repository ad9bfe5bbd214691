"""Taking a learner's answer, wherever they give it: the study page, a practice test, an assigned
quiz or a live game.

One path for all of them (`service.take_answer`): grade the response with its kind, rate it (one
rule per source, in `rating.rate`), store it once under its submission key and move the fact's
schedule. The places that ask questions keep only what is theirs: which question comes next, the
test, attempt or game row the answer belongs to. Functions here only flush; the request commits.
"""
