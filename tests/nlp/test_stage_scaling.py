"""Cost of the extract stages against input size (issue 13): each stage reads the Doc and the
earlier stages' records through indexes built once, never by rescanning them per sentence or
per item. Two kinds of test: the number of passes a stage makes over another stage's records
must not grow with the number of sentences, and helpers whose cost was once quadratic must take
well under 64x the time for 8x the input (a linear helper takes about 8x; the bound of 20x leaves
room for a loaded machine)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from spacy.tokens import Doc

from tests.timing import cpu_best, cpu_ratio

RATIO = 20.0  # for 8x the input: linear ~8, n log n ~9, quadratic ~64


class _CountingList(list):
    """A list that counts full passes over it (iterations started)."""

    passes = 0

    def __iter__(self):
        type(self).passes += 1
        return super().__iter__()


def _best_of(fn, reps: int = 3) -> float:
    return cpu_best(fn, reps)


def _ratio(fn_small, fn_large) -> float:
    return cpu_ratio(fn_small, fn_large, RATIO)


# ------------------------------------------------------------------------ claims


def test_claims_reads_each_record_list_a_bounded_number_of_times():
    """claims.classify looks up a sentence's events, quantities and dates in an index; a
    per-sentence scan of state.events (quadratic on long texts) makes the pass count grow
    with the number of sentences."""
    from corroborator.nlp import claims
    from corroborator.run.analyze import state_for

    lines = [f"Police arrested {k + 2} protesters in Lima on {k + 1} May 2024." for k in range(12)]
    state = state_for("\n".join(lines), published="2024-06-01", stages={"claims"})
    assert len(state.sentences) >= 12
    assert len(state.events) >= 6 and len(state.quantities) >= 6 and len(state.dates) >= 6
    counted = {}
    for name in ("events", "quantities", "dates"):
        cls = type(f"Counting_{name}", (_CountingList,), {"passes": 0})
        state.__dict__[name] = cls(getattr(state, name))
        counted[name] = cls
    sentences, _genre, _signals = claims.classify(state)
    # the classification still sees the records through the index
    assert any(s.kind in ("event", "statistic") for s in sentences)
    for name, cls in counted.items():
        assert cls.passes <= 3, f"claims passes over state.{name} {cls.passes} times for {len(state.sentences)} sentences"


def test_doc_quoted_is_linear_in_closing_quotes(nlp):
    """Closing quotation marks with no opening one in their paragraph each close a quotation
    that began at the paragraph's start: adding that whole range again for every mark was
    quadratic (10,000 marks took seconds)."""
    from corroborator.nlp import claims

    def doc(k: int):
        return nlp.make_doc("The minister said " + "\u201d " * k + "nothing.")

    # (from 6,000 tokens up: below, the set of indices fits a smaller allocation and is faster per item)
    small, large = doc(6000), doc(48000)
    inside = claims._doc_quoted(large)
    assert len(inside) == len(large) - 2  # everything up to the last closing mark, not "nothing."
    assert claims._doc_quoted(small) == set(range(len(small) - 2))
    assert _ratio(lambda: claims._doc_quoted(small), lambda: claims._doc_quoted(large)) < RATIO


# ------------------------------------------------------------------------- dates


def _plain_state(nlp, text: str):
    """A stand-in for DocState on a tokenised Doc (no tagger or parser: fast at any size)."""
    doc = nlp.make_doc(text)
    return SimpleNamespace(doc=doc, sents=None, text=doc.text, memo=lambda name, build: build())


def _line_state(nlp, lines: list[list[str]]):
    """A stand-in for DocState whose sentences are the given lines of words (built without the
    tokenizer, so past spaCy's length limit)."""
    words, starts = [], []
    for k, line in enumerate(lines):
        words += line + (["\n"] if k < len(lines) - 1 else [])
        starts += [True] + [False] * (len(line) - 1) + ([False] if k < len(lines) - 1 else [])
    spaces = [w != "\n" and j + 1 < len(words) and words[j + 1] not in (".", "\n") for j, w in enumerate(words)]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=starts)
    return SimpleNamespace(doc=doc, sents=list(doc.sents), text=doc.text, memo=lambda name, build: build())


def test_date_candidates_overlap_check_is_linear(nlp):
    """The longest-match-wins pass checked each candidate against every date already taken."""
    from corroborator.nlp import dates

    def state(k: int):
        text = " ".join(f"They met on {k % 28 + 1} March 2021." for k in range(k))
        return _plain_state(nlp, text), text

    (s1, t1), (s2, t2) = state(250), state(2000)
    found = dates._candidates(s2, t2)
    assert len(found) == 2000
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))  # no two overlap
    assert _ratio(lambda: dates._candidates(s1, t1), lambda: dates._candidates(s2, t2)) < RATIO


def test_furniture_sentences_is_linear_in_lines(nlp):
    """Whether a sentence stands on a line of its own was read by slicing the whole text before
    and after it, for every sentence."""
    from corroborator.nlp import dates

    def state(k: int):
        # few tokens and many characters a line: the cost of slicing the text shows over the per-token work
        lines = [["Police", "arrested", str(i % 90 + 2), "people", "in", "Lima" * 250, "."] for i in range(k)]
        lines[0] = "Protesters outside the palace on 9 July 2024".split()  # a caption: alone, no final stop, dated
        return _line_state(nlp, lines)

    small, large = state(250), state(2000)

    def run(s):
        s.__dict__.pop("_furniture_sentences", None)
        return dates.furniture_sentences(s)

    assert run(large) == {0}
    assert _ratio(lambda: run(small), lambda: run(large)) < RATIO


def test_sentence_end_strip_is_linear_and_matches_the_regex():
    """A sentence's closing quotes and brackets were stripped by the regex ``[...]+$``, which
    retries from every mark of a long run that does not end the text (10,000 quotation marks
    inside one sentence took seconds)."""
    import re

    from corroborator.nlp import claims

    rx = re.compile(r"[\s\"”’'»)\]]+$")
    for text in ('He said "go."', "Is it? ” ) ", "Stop!»", "plain", "", ' " ', 'a "" b'):
        assert claims._strip_trailing(text) == rx.sub("", text)

    def text(k: int) -> str:
        return "The minister said " + '" ' * k + "nothing."

    small, large = text(2500), text(20000)
    assert claims._strip_trailing(large).endswith("nothing.")
    assert _ratio(lambda: claims._strip_trailing(small), lambda: claims._strip_trailing(large)) < RATIO


# ----------------------------------------------------------------------- framing


def test_ranges_membership_matches_a_scan():
    from corroborator.nlp.framing import _Ranges

    ranges = [(0, 5), (3, 4), (10, 30), (12, 14), (40, 41), (29, 35)]
    r = _Ranges(ranges)
    for pos in range(-1, 50):
        assert (pos in r) == any(s <= pos < e for s, e in ranges), pos
    assert not _Ranges([]) and 3 not in _Ranges([])


def test_quote_spans_is_linear_in_quotes():
    """Each single-quoted span was checked against every double-quoted one."""
    from corroborator.nlp import framing

    def text(k: int) -> str:
        return " ".join(f"They called it \u201ca plot\u201d and \u2018a farce\u2019 {i}." for i in range(k))

    small, large = text(500), text(4000)
    spans = framing._quote_spans(large)
    assert len(spans) == 8000
    assert sum(1 for s, e, inner in spans if inner == "a farce") == 4000
    assert _ratio(lambda: framing._quote_spans(small), lambda: framing._quote_spans(large)) < RATIO


def test_entity_of_token_matches_a_scan(nlp):
    from corroborator.nlp import framing

    doc = nlp("Pedro Castillo met Dina Boluarte in Lima on Monday. She said the army of Peru would stay.")
    assert doc.ents
    for tok in doc:
        scan = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
        got = framing._ent_of(doc, tok.i)
        assert (got.start, got.end, got.label_) == (scan.start, scan.end, scan.label_) if scan is not None else got is None


# ------------------------------------------------------------------------ checks


def _person_state(names: list[str]):
    ents = [SimpleNamespace(label="PERSON", text=n, sentence_index=k) for k, n in enumerate(names)]
    return SimpleNamespace(entities=ents, sentences=[], sents=[], evidence=lambda i: None)


def _distinct_word(i: int) -> str:
    """A capitalised made-up word, different enough from its neighbours not to look like a variant."""
    letters = "bcdfghjklmnpqrstvwxz"
    out = ""
    for _ in range(4):
        i, r = divmod(i * 7919 + 13, len(letters))
        out += letters[r] + "aeiou"[r % 5]
    return out.capitalize()


def test_name_variants_is_linear_in_names_sharing_a_word():
    """Full names sharing a first word were each compared after sorting every name with that
    word: quadratic when thousands of people share one given name."""
    from corroborator.nlp import checks

    def state(k: int):
        return _person_state([f"John {_distinct_word(i)}" for i in range(k)])

    small, large = state(300), state(2400)
    found = checks._name_variants(large)
    assert all(c.kind == "name_variant" for c in found)
    assert _ratio(lambda: checks._name_variants(small), lambda: checks._name_variants(large)) < RATIO


# --------------------------------------------------- sentence length bound, spaCy in pieces


def test_long_stretches_without_a_sentence_end_are_cut_before_the_parser(nlp):
    """Issue 13: several stages cost the square of a sentence's length, so a stretch of more than
    MAX_SENTENCE_TOKENS tokens without a line break or a sentence-final mark is cut (after a
    punctuation mark where there is one in reach); ordinary prose is never cut."""
    from corroborator.nlp.components import MAX_SENTENCE_TOKENS, sentence_bounds

    limit = MAX_SENTENCE_TOKENS
    prose = nlp.make_doc("Police arrested 12 people in Lima. Protesters, who had marched, went home!\nNext line here")
    lines, forced, cut = sentence_bounds(prose)
    assert forced == [] and cut == []
    assert [prose[i].text for i in lines] == ["Next"]

    run_on = nlp.make_doc("Protesters marched and " * 300 + "the police watched.")  # 902 tokens, no end
    lines, forced, cut = sentence_bounds(run_on)
    assert lines == [] and cut == [len(run_on)]
    bounds = [0, *forced, len(run_on)]
    assert all(0 < b - a <= limit for a, b in zip(bounds, bounds[1:]))

    commas = nlp.make_doc("They came from the north, " * 150 + "and stayed.")
    _, forced, _ = sentence_bounds(commas)
    assert forced and all(commas[i - 1].text == "," for i in forced)  # cut after a comma

    # the bound costs one pass: linear in the tokens
    small, large = nlp.make_doc("word " * 5000), nlp.make_doc("word " * 40000)
    assert _ratio(lambda: sentence_bounds(small), lambda: sentence_bounds(large)) < RATIO


def test_a_run_on_sentence_is_cut_and_reported(analyze):
    from corroborator.nlp.components import MAX_SENTENCE_TOKENS

    text = "Protesters marched and chanted and " * 90 + "the police watched."
    a = analyze(text, published="2024-03-01")
    notices = [w for w in a.warnings if w.code == "W106"]
    assert len(notices) == 1 and str(MAX_SENTENCE_TOKENS) in notices[0].message
    assert len(a.sentences) >= 2
    assert all(len(s.text.split()) <= MAX_SENTENCE_TOKENS for s in a.sentences)
    assert "".join(a.article.text[s.start : s.end] for s in a.sentences).replace(" ", "") == text.replace(" ", "")


def _paragraphs() -> str:
    """A text of short paragraphs written for this test (figures, dates, places, a quote)."""
    paras = [
        "Police arrested {n} protesters in Cusco on Monday, the interior ministry said.",
        "Demonstrators blocked the road to the airport for {n} hours, according to local radio.",
        '"We will not leave," said Ana Quispe, a teacher who joined the march on {d} March.',
        "Clashes in Puno left {n} people injured, the ombudsman's office reported on Tuesday.",
        "The government declared a state of emergency in three regions and sent troops to Juliaca.",
    ]
    return "Strikes spread in southern Peru\n\n" + "\n\n".join(
        p.format(n=k % 40 + 3, d=k % 27 + 1) for k in range(12) for p in paras
    ) + "\n"


def test_spacy_in_pieces_gives_the_analysis_of_the_whole_text(analyze, monkeypatch):
    """Issue 13: a long text goes through spaCy's own components in pieces (bounded memory), with
    some context around each piece, and the stages read the joined Doc: the analysis is the one
    of the whole text, wherever the cuts fall."""
    from corroborator.run import analyze as run_analyze

    text = _paragraphs()
    whole = analyze(text, source="t.txt", published="2024-03-20").model_dump()
    for piece in (1_200, 500):
        monkeypatch.setattr(run_analyze, "PIECE_CHARS", piece)
        assert len(text) > 4 * piece
        made = []
        nlp = run_analyze.load_pipeline()
        real = nlp.make_doc
        monkeypatch.setattr(nlp, "make_doc", lambda t, _real=real: made.append(len(t)) or _real(t))
        cut = analyze(text, source="t.txt", published="2024-03-20").model_dump()
        monkeypatch.setattr(nlp, "make_doc", real)
        assert len(made) >= 4 and max(made) <= piece + 2 * run_analyze.CONTEXT_CHARS
        assert cut == whole


@pytest.mark.slow
def test_pieces_of_a_real_article_read_as_the_whole(seed_text, analyze, monkeypatch):
    """The seed article twice, parsed in pieces of 3,000 characters: the same analysis as the
    whole text (without the context around each piece, spaCy splits a sentence at a paragraph's
    start differently)."""
    from corroborator.run import analyze as run_analyze

    head, body = seed_text.split("\n", 1)
    text = head + "\n" + "\n\n".join([body, body])
    whole = analyze(text, source="seed2.txt").model_dump()
    monkeypatch.setattr(run_analyze, "PIECE_CHARS", 3_000)
    assert analyze(text, source="seed2.txt").model_dump() == whole


# ------------------------------------------------------------- mentions and coups


def test_surname_index_matches_a_scan_and_compares_few_names(monkeypatch):
    """The mention layer finds a surname's persons (spelling variants included) through an index
    by first letter and length: the same persons as comparing the word with every surname, but
    a lookup among 2,000 persons compares it with a handful of them, not with all."""
    from corroborator.nlp import mentions

    names = ["boluarte", "boularte", "castillo", "otarola", "ota", "tokayev", "tokaev", "nazarbayev", "rajapaksa", "rajapakse"]
    names += [f"{chr(97 + k % 26)}{'x' * (k % 7)}name{k}" for k in range(2000)]
    index = mentions._Surnames()
    for pi, s in enumerate(names):
        index.add(s, pi)
    for word in ["boluarte", "boularte", "castilo", "ota", "tokayev", "rajapaksa", "bxxname27", "zzz", "nameless"]:
        assert index.persons(word) == {pi for pi, s in enumerate(names) if mentions._same_surname(s, word)}, word
    assert index.persons("boularte") == {0, 1} and index.persons("tokaev") == {5, 6}
    calls = []
    real = mentions._same_surname
    monkeypatch.setattr(mentions, "_same_surname", lambda a, b: calls.append(a) or real(a, b))
    index.persons("kname10")
    assert 0 < len(calls) < 200, f"{len(calls)} comparisons for one lookup among {len(names)} surnames"


@pytest.fixture(scope="module")
def seed_states(seed_text) -> list:
    """The seed article once and four times over, analysed up to the coup stage (every stage of
    the call-count tests): [(1, state), (4, state)], built once for the tests below."""
    from corroborator.run.analyze import state_for

    head, body = seed_text.split("\n", 1)
    return [(k, state_for(head + "\n" + "\n\n".join([body] * k), stages={"coups"})) for k in (1, 4)]


@pytest.mark.slow
def test_coups_person_lookups_do_not_rescan_every_mention(seed_states):
    """The coup stage finds a pronoun's person's last mention, the recent person before a word and
    the one person with a role through indexes built once: scanning every person mention per
    pronoun compared persons ~16x as often for 4x the article (325 -> 5,200 on the seed)."""
    from corroborator.nlp import coups

    real_eq = coups._Who.__eq__
    counts = []
    try:
        for _k, state in seed_states:
            calls = [0]

            def eq(a, b, calls=calls):
                calls[0] += 1
                return real_eq(a, b)

            coups._Who.__eq__ = eq
            found = coups.assess(state)
            coups._Who.__eq__ = real_eq
            assert found, "the seed's coup is assessed"
            counts.append(calls[0])
    finally:
        coups._Who.__eq__ = real_eq
    assert counts[1] <= 8 * max(counts[0], 1), f"person comparisons {counts[0]} -> {counts[1]} for 4x the article"


@pytest.mark.slow
def test_no_function_of_the_extract_stages_is_called_faster_than_the_text_grows(seed_states):
    """Every function the mention, attribution, framing, claims, checks and coup stages call is
    called at most ~6x as often for 4x the article (linear ~4x; an all-pairs loop over two
    growing lists ~16x). Call counts do not depend on the machine's load, unlike timings; the old
    coup stage's rescans of every person mention (~16x) fail here."""
    import cProfile
    import pstats

    from corroborator.nlp.components import STAGES

    names = ("mentions", "attribution", "framing", "claims", "checks", "coups")
    counts = []
    for _k, state in seed_states:
        per: dict[tuple, int] = {}
        for stage in STAGES:
            if stage.name in names:
                prof = cProfile.Profile()
                prof.enable()
                stage.run(state)
                prof.disable()
                for (path, _line, func), row in pstats.Stats(prof).stats.items():
                    key = (stage.name, Path(path).name, func)
                    per[key] = per.get(key, 0) + row[1]
        counts.append(per)
    small, large = counts
    assert sum(v for k, v in large.items() if k[0] == "coups") > 1000  # the stages did run
    grown = sorted((n, key, small.get(key, 0)) for key, n in large.items() if n > 500 and n > 6 * max(small.get(key, 0), 1))
    assert not grown, f"call counts growing faster than the text (calls at 4x, function, calls at 1x): {grown[-5:]}"


def _roles_index(n: int):
    from corroborator.nlp.mentions import PersonIndex

    offices = ["president", "prime minister", "interior minister", "defence minister", "army chief"]
    roles = sorted((10 * k, offices[k % 5], f"Name{k % 7} Surname{k % 3}") for k in range(n))
    return PersonIndex(roles=roles)


def test_holder_of_matches_a_scan_and_is_looked_up_not_scanned():
    """'the president' -> the president named last before it, and a one-word office -> the one
    person holding an office ending with it: through an index of the roles by office, the same
    answers as filtering every role (the scan made n lookups among n roles quadratic)."""
    idx = _roles_index(60)

    def scan(role, pos):
        exact = [n for p, r, n in idx.roles if p < pos and r == role]
        if exact:
            return exact[-1]
        loose = {n for p, r, n in idx.roles if p < pos and r.split()[-1] == role}
        return next(iter(loose)) if len(loose) == 1 and " " not in role else None

    asked = 0
    for role in ["president", "prime minister", "minister", "chief", "general", "army chief"]:
        for pos in range(0, 620, 5):
            assert idx.holder_of(role, pos) == scan(role, pos), (role, pos)
            asked += idx.holder_of(role, pos) is not None
    assert asked > 300
    from corroborator.nlp.mentions import PersonIndex

    one = PersonIndex(roles=[(5, "foreign minister", "Ana Ruiz"), (50, "interior minister", "Ana Ruiz"), (90, "finance minister", "Jon Pike")])
    assert one.holder_of("minister", 60) == "Ana Ruiz" and one.holder_of("minister", 100) is None

    small, large = _roles_index(1000), _roles_index(8000)

    def ask(index, n):
        return lambda: [index.holder_of("minister", 10 * k + 1) for k in range(n)]

    assert _ratio(ask(small, 1000), ask(large, 8000)) < RATIO


def test_coups_reads_the_events_a_bounded_number_of_times():
    """Each coup episode links the coded events of its own sentences, found in an index of the
    events by sentence built once: scanning state.events once per episode made a text reporting
    many seizures quadratic."""
    from corroborator.nlp import coups
    from corroborator.run.analyze import state_for

    names = ["Abara", "Belov", "Cruz", "Duarte", "Eze", "Faye", "Haidar", "Ivanov", "Juma", "Kone", "Musa", "Ortiz"]
    text = "\n\n".join(f"General Omar {n} seized power in the capital on {k + 1} June and dissolved parliament. Critics called it a coup."
                       for k, n in enumerate(names))
    state = state_for(text, published="2024-07-01", stages={"coups"})
    assert len(state.events) >= len(names)
    counting = type("CountingEvents", (_CountingList,), {"passes": 0})
    state.__dict__["events"] = counting(state.events)
    found = coups.assess(state)
    assert len(found) >= len(names) // 2 and sum(len(c.event_ids) for c in found) >= len(names) // 2
    assert counting.passes <= 4, f"coups passes over state.events {counting.passes} times for {len(found)} episodes"


def test_person_named_compares_a_word_with_the_surnames_once(monkeypatch):
    """A spelling variant ('Boularte' for 'Boluarte') is matched against the surnames once per
    document; asking again for the same word (the coup stage asks for every proper noun) is a
    dictionary look-up."""
    from corroborator.nlp import mentions
    from corroborator.run.analyze import state_for

    state = state_for("President Dina Boluarte spoke in Lima. Pedro Castillo was arrested. Brenda Bolaños left.", stages={"mentions"})
    calls = []
    real = mentions._same_surname
    monkeypatch.setattr(mentions, "_same_surname", lambda a, b: calls.append(a) or real(a, b))
    layer = state.mentions
    first = layer.person_named("Boularte")
    assert first is not None and first.name == "Dina Boluarte"
    compared = len(calls)
    assert compared > 0
    assert layer.person_named("Boularte") == first and layer.person_named("Boularte's") == first
    assert len(calls) == compared
