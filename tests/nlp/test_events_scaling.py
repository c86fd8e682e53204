"""Cost of the event coder against input size (issue 13): the per-sentence candidate search and the
ACLED cues of a trigger's clause grow linearly with the text. Each test times the same function on
an input and on one four times larger, within one run, and bounds the ratio (linear ~4x, quadratic
~16x); the clause cues are also checked against the clause's definition, token by token."""

from __future__ import annotations


import pytest

from corroborator.nlp import acled, events
from tests.timing import cpu_ratio

RATIO = 7.0  # for 4x the input: linear ~4, quadratic ~16 (CPU time; room for a loaded machine)


def _ratio(small, large) -> float:
    return cpu_ratio(small, large, RATIO)


def _reference_near(tok) -> frozenset:
    """The clause cues by their definition: the subtree of the clause's top verb without the
    conjoined clauses the trigger is not in, each token's cue names united (one walk per trigger)."""
    head = acled._clause_head(tok)
    while head.dep_ == "conj" and head.head.pos_ in ("VERB", "AUX") and not any(c.dep_ in ("nsubj", "csubj", "nsubjpass") for c in head.children):
        head = head.head
    skip = set()
    for ch in head.children:
        if ch.dep_ == "conj" and ch.pos_ in ("VERB", "AUX") and ch.i != tok.i and tok not in ch.subtree:
            skip.update(x.i for x in ch.subtree)
    per_token = acled.DocCues().sentence(tok.sent)[2]
    return frozenset().union(*(per_token.get(t.i, frozenset()) for t in head.subtree if t.i not in skip))


CLAUSES = [
    "Rebels fired rockets at the base, burned trucks and looted shops, and soldiers shot three of them.",
    "Protesters blocked roads, seized the airport and attacked police with stones, while troops opened fire.",
    "The army said it had bombed the camp and that militants detonated a car bomb near the market.",
    "Police arrested the leader, who had called a strike and urged workers to occupy the factory.",
]


def test_clause_cues_match_the_clause_definition(nlp):
    """Every token of sentences with coordinated and embedded clauses: the memoised clause cues
    equal the union over the clause's tokens (and some clause has cues, so the check bites)."""
    seen = 0
    for text in CLAUSES:
        doc = nlp(text)
        cues = acled.DocCues()
        for tok in doc:
            got = cues.near(tok)
            assert got == _reference_near(tok), (text, tok.text)
            seen += bool(got)
    assert seen >= 10


def test_coordinated_clauses_keep_their_own_cues(nlp):
    """'rebels fired rockets ... and soldiers shot ...': the second clause has its own subject, so the
    first trigger's clause does not see its words, and the other way round."""
    doc = nlp("Rebels fired rockets at the base and soldiers shot three protesters in the square.")
    cues = acled.DocCues()
    fire = next(t for t in doc if t.lemma_ == "fire")
    shoot = next(t for t in doc if t.lemma_ == "shoot")
    assert cues.near(fire) != cues.near(shoot)
    assert cues.near(fire) == _reference_near(fire) and cues.near(shoot) == _reference_near(shoot)


VERBS = [("burned", "burn", "tyres", "tyre"), ("looted", "loot", "shops", "shop"), ("attacked", "attack", "police", "police"), ("blocked", "block", "roads", "road")]


def _coordination(nlp, k: int, flat: bool = False) -> list:
    """One sentence of ``k`` coordinated verb phrases, parsed by hand ('Protesters burned tyres and
    looted shops and ...'): each verb conjoined to the one before (``flat``: to the first), as a
    parser hangs long coordinations. The pipeline cuts sentences at 256 tokens; ``cues_for`` takes
    any parse, so its cost is measured on one sentence of any length."""
    from spacy.tokens import Doc

    words, heads, deps, pos, lemmas = ["Protesters"], [1], ["nsubj"], ["NOUN"], ["protester"]
    verb_at = []
    for n in range(k):
        form, lemma, obj, obj_lemma = VERBS[n % len(VERBS)]
        if n:
            words.append("and"), heads.append(verb_at[-1]), deps.append("cc"), pos.append("CCONJ"), lemmas.append("and")
        v = len(words)
        words.append(form), heads.append(v if not n else (verb_at[0] if flat else verb_at[-1])), deps.append("ROOT" if not n else "conj")
        pos.append("VERB"), lemmas.append(lemma)
        words.append(obj), heads.append(v), deps.append("dobj"), pos.append("NOUN"), lemmas.append(obj_lemma)
        verb_at.append(v)
    words.append("."), heads.append(verb_at[0]), deps.append("punct"), pos.append("PUNCT"), lemmas.append(".")
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas, sent_starts=[True] + [False] * (len(words) - 1))
    assert len(list(doc.sents)) == 1
    return [doc[i] for i in verb_at]


@pytest.mark.parametrize("flat", [False, True])
def test_clause_cues_of_a_hand_parsed_coordination_match_the_definition(nlp, flat):
    verbs = _coordination(nlp, 12, flat)
    cues = acled.DocCues()
    got = [cues.near(v) for v in verbs]
    assert got == [_reference_near(v) for v in verbs]
    assert all(got)


@pytest.mark.parametrize("flat", [False, True])
def test_clause_cues_are_linear_in_a_long_coordination(nlp, flat):
    """One sentence of 200 vs 800 coordinated verbs: the clause cues of every verb take about 4x the
    time, not 16x (each trigger used to walk its clause's whole subtree: the definition's walk,
    ``_reference_near``, takes about 16x here)."""
    small, large = _coordination(nlp, 200, flat), _coordination(nlp, 800, flat)

    def run(verbs):
        def go():
            cues = acled.DocCues()
            return [cues.near(v) for v in verbs]
        return go

    ratio = _ratio(run(small), run(large))
    assert ratio < RATIO, f"clause cues: {ratio:.1f}x the time for 4x the verbs"


def _lines(k: int) -> str:
    rows = [
        "Police arrested {n} people in Lima.",
        "They blocked the road to the airport.",
        "Soldiers fired tear gas at the crowd on Monday.",
        "The minister said {n} protesters were injured.",
        "Talks between the unions and the government resumed.",
    ]
    return "\n".join(rows[i % len(rows)].format(n=i % 90 + 2) for i in range(k))


@pytest.mark.slow
def test_sentence_candidates_are_linear_in_short_lines():
    """100 vs 400 short lines: finding the candidates of every sentence takes about 4x the time."""
    from corroborator.run.analyze import state_for

    states = [state_for(_lines(k), published="2024-06-01", stages={"attribution", "quantities", "dates", "mentions"}) for k in (100, 400)]
    assert [len(s.sents) for s in states] == [100, 400]

    def run(state):
        def go():
            d = events._Doc(state)
            found = [events._sentence_cands(d, si) for si in range(len(state.sents))]
            assert sum(map(bool, found)) >= len(state.sents) // 2
        return go

    ratio = _ratio(run(states[0]), run(states[1]))
    assert ratio < RATIO, f"_sentence_cands: {ratio:.1f}x the time for 4x the lines"
