"""Offsets are mapped back to the input in export/ only (issue 9).

Inside the pipeline every record carries offsets into the normalised text and quotes it;
``export/records.py`` maps them to the input as written. The inputs in ``tests/data/offsets/``
(our own sentences) are built so that normalisation moves offsets: a title line, datelines,
Markdown links, emphasis and bullets, footnote markers and superscripts, HTML entities and tags,
curly quotes, CRLF line ends, hard-wrapped lines and a long run of marks.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corroborator.contract.records import Attribution, Record, ScareQuote

DATA = Path(__file__).resolve().parent / "data" / "offsets"
FILES = sorted(DATA.iterdir())


def spans_of(rec, path: str = "") -> list[tuple[str, Record]]:
    """Every record under ``rec`` with integer start and end (the article's citations excluded)."""
    out = []
    if isinstance(rec, Record):
        if isinstance(getattr(rec, "start", None), int) and isinstance(getattr(rec, "end", None), int):
            out.append((path, rec))
        for name in type(rec).model_fields:
            if name != "article":
                out += spans_of(getattr(rec, name), f"{path}.{name}")
    elif isinstance(rec, (list, tuple)):
        for i, x in enumerate(rec):
            out += spans_of(x, f"{path}[{i}]")
    elif isinstance(rec, dict):
        for k, x in rec.items():
            out += spans_of(x, f"{path}[{k}]")
    return out


def quote_problems(analysis) -> list[str]:
    """Records whose quote is not the input at their offsets."""
    text = analysis.article.text
    bad = []
    for path, r in spans_of(analysis):
        if not 0 <= r.start <= r.end <= len(text):
            bad.append(f"{path}: {r.start}-{r.end} outside the text")
            continue
        written = text[r.start : r.end]
        if isinstance(r, ScareQuote):
            written = written[1:-1]
        quoted = r.speaker_text if isinstance(r, Attribution) else getattr(r, "text", None)
        if quoted is not None and quoted != written:
            bad.append(f"{path}: {quoted!r} != input {written!r}")
    return bad


@pytest.fixture(scope="module")
def analyses():
    from corroborator import analyze_file

    return {p.name: analyze_file(str(p)) for p in FILES}


@pytest.mark.slow
def test_every_span_quotes_the_input(analyses):
    for name, a in analyses.items():
        found = spans_of(a)
        assert len(found) > 40 and a.events, f"{name}: the stages found too little to test offsets on"
        assert quote_problems(a) == [], name


@pytest.mark.slow
def test_the_inputs_move_offsets_and_the_records_follow(analyses):
    """Each input is one where normalisation moved offsets: a sentence's input offsets are not
    its offsets in the Doc, yet it quotes the input."""
    from corroborator.run.analyze import state_for

    for p in FILES:
        raw = p.read_text(encoding="utf-8")
        fmt = {".md": "markdown", ".html": "html"}.get(p.suffix, "text")
        state = state_for(raw, stages={"sentences"}, fmt=fmt)
        out = analyses[p.name].sentences
        assert [s.index for s in state.sentences] == [s.index for s in out]
        moved = 0
        for inner, outer, sp in zip(state.sentences, out, state.sents):
            # inside the pipeline: the Doc's offsets and the normalised text
            assert (inner.start, inner.end, inner.text) == (sp.start_char, sp.end_char, state.text[sp.start_char : sp.end_char])
            moved += (inner.start, inner.end) != (outer.start, outer.end)
        assert moved, f"{p.name}: no offset moved; the input does not test the mapping"


@pytest.mark.slow
def test_a_sentence_runs_over_its_footnote_markers(analyses):
    a = analyses["footnotes_superscripts.txt"]
    cited = {c.sentence_index: c for c in a.article.citations if c.sentence_index is not None}
    assert len(cited) >= 4
    for i, c in cited.items():
        s = a.sentences[i]
        assert s.start < c.start and c.end <= s.end and s.text == a.article.text[s.start : s.end]
        assert s.text.rstrip().endswith(c.text) or c.end < s.end
    for e in a.events:  # evidence is the sentence as output, markers included
        s = a.sentences[e.evidence.sentence_index]
        assert (e.evidence.start, e.evidence.end, e.evidence.text) == (s.start, s.end, s.text)


@pytest.mark.slow
def test_event_ids_derive_from_input_offsets_and_coups_follow(analyses):
    from corroborator.nlp.events import event_id
    from corroborator.run.analyze import state_for

    raw = (DATA / "markdown_links.md").read_text(encoding="utf-8")
    a = analyses["markdown_links.md"]
    state = state_for(raw, stages={"events"}, fmt="markdown")
    text_hash = hashlib.sha256(state.text.encode("utf-8")).hexdigest()
    inner = state.events  # in the pipeline: the Doc's offsets
    assert [e.plover for e in inner] == [e.plover for e in a.events]
    assert [e.id for e in inner] == [event_id(text_hash, e.trigger.start, e.trigger.end) for e in inner]
    assert [e.id for e in a.events] == [event_id(text_hash, e.trigger.start, e.trigger.end) for e in a.events]
    assert all(i.trigger.start != o.trigger.start and i.id != o.id for i, o in zip(inner, a.events))
    ids = {e.id for e in a.events}
    assert a.coups and all(c.event_ids for c in a.coups)
    assert all(i in ids for c in a.coups for i in c.event_ids)


# text built from what moves offsets (markers, Markdown, entities, quotes, wraps) around sentences
# that the stages read (dates, figures, speakers, events, scare quotes)
MARKS = st.sampled_from(
    [" ", "\n", "\n\n", "[2]", "³", "**", "*", "_", "[the army](http://x.y/z)", "# ", "- ", "“", "”", "‘", "’", "&amp;", "—", "LUNDA, June 12, 2023 (Reuters) - "]
)
SENTENCES = st.sampled_from(
    [
        "Troops fired on protesters in Varenna on 3 March 2025, killing 12 people.",
        "Police arrested 40 students on Monday, the ministry said.",
        "The opposition called it a “coup”.",
        "About 2,000 miners went on strike\nin the north on June 12.",
        "President Mara Kelvin said the army had seized the broadcaster.",
    ]
)
TEXTS = st.lists(st.tuples(st.lists(MARKS, max_size=3).map("".join), SENTENCES), min_size=1, max_size=6).map(
    lambda parts: "".join(m + s for m, s in parts)
)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(TEXTS, st.sampled_from(["text", "markdown"]))
def test_any_span_of_the_output_quotes_the_input(analyze, text, fmt):
    a = analyze(text, fmt=fmt)
    assert quote_problems(a) == []


def test_texts_without_offsets_quote_what_the_stages_read(analyze):
    """An event's date text has no offsets for export to map: it quotes the normalised text, so
    Markdown syntax and a hard wrap inside it do not show ("4 March 2025", not "4** March\\n2025")."""
    a = analyze("Soldiers detained the prime minister in a military coup on **4** March\n2025 in the capital.", fmt="markdown")
    dated = [e for e in a.events if e.date is not None and e.date.value == "2025-03-04"]
    assert dated and all(e.date.text == "4 March 2025" for e in dated)
    assert quote_problems(a) == []
