"""The core path end to end with the real spaCy pipeline: metadata, sentences,
citations and the offset invariant on the seed article, the shipped example and
articles written for these tests (plain text, Markdown, HTML)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from corroborator import analyze_file, analyze_text
from corroborator.contract.errors import InputError, Warnings
from corroborator.contract.records import ArticleAnalysis, ScareQuote

from .conftest import EXAMPLES, sentence_with

DATA = Path(__file__).parent / "data"
EXAMPLE = EXAMPLES / "peru_juliaca_report.txt"


# ---------------------------------------------------------------- helpers


def records_with_offsets(model, path="analysis"):
    """Every (path, record) in the analysis that quotes the input with offsets."""
    if isinstance(model, BaseModel):
        fields = type(model).model_fields
        if "start" in fields and "end" in fields and getattr(model, "start", None) is not None:
            yield path, model
        for name in fields:
            if name == "text" and path == "analysis.article":
                continue
            yield from records_with_offsets(getattr(model, name), f"{path}.{name}")
    elif isinstance(model, (list, tuple)):
        for i, item in enumerate(model):
            yield from records_with_offsets(item, f"{path}[{i}]")
    elif isinstance(model, dict):
        for key, item in model.items():
            yield from records_with_offsets(item, f"{path}[{key!r}]")


def assert_offsets_quote_input(analysis: ArticleAnalysis) -> int:
    """``article.text[start:end]`` is the record's text, for every record with offsets."""
    text = analysis.article.text
    n = 0
    for path, rec in records_with_offsets(analysis):
        assert 0 <= rec.start <= rec.end <= len(text), path
        quoted = text[rec.start : rec.end]
        if isinstance(rec, ScareQuote):  # offsets include the quote marks, text does not
            assert rec.text in quoted, path
        elif hasattr(rec, "text"):
            assert quoted == rec.text, (path, quoted, rec.text)
        elif getattr(rec, "speaker_text", None) is not None:  # Attribution
            assert quoted == rec.speaker_text, (path, quoted, rec.speaker_text)
        elif getattr(rec, "label", None) is not None:  # UsedLabel
            assert quoted.casefold() == rec.label.casefold() or rec.label.casefold() in quoted.casefold(), path
        n += 1
    return n


def words_before(text: str, pos: int, n: int = 3) -> str:
    """The last ``n`` words of text[:pos], footnote markers left out."""
    head = re.sub(r"\[\d{1,3}\]", "", text[:pos])
    return " ".join(head.split()[-n:])


def assert_citations_on_their_sentences(analysis: ArticleAnalysis) -> None:
    text = analysis.article.text
    for c in analysis.article.citations:
        assert c.sentence_index is not None, c
        sent = analysis.sentences[c.sentence_index]
        assert sent.start <= c.start and c.end <= sent.end, (c, sent)
        assert c.marker in sent.citations
        before = words_before(text, c.start)
        assert before in sent.text, (c.marker, before, sent.text)


# ------------------------------------------------------------ seed article


def test_seed_metadata(seed_analysis):
    art = seed_analysis.article
    assert art.published == "2023-01-15"
    assert art.published_source == "dateline"
    assert art.title is not None and art.title.startswith("Peru:") and art.title.endswith("Coup?")
    assert "W101" not in [w.code for w in seed_analysis.warnings]
    assert art.format == "text"
    assert len(art.id) == 16


def test_seed_title_and_dateline_are_not_sentences(seed_analysis):
    first = seed_analysis.sentences[0]
    assert first.text.startswith("Coups, protests")
    assert first.start == seed_analysis.article.text.index("Coups, protests")
    for s in seed_analysis.sentences:
        assert "15-01-2023" not in s.text
        assert "Left Wing Coup?" not in s.text


def test_seed_citations(seed_analysis, seed_text):
    cites = seed_analysis.article.citations
    assert [c.marker for c in cites] == [str(i) for i in range(1, 25)]
    for c in cites:
        assert seed_text[c.start : c.end] == f"[{c.marker}]"
    assert_citations_on_their_sentences(seed_analysis)
    by_marker = {c.marker: c for c in cites}
    sents = seed_analysis.sentences

    def sentence_of(marker):
        return sents[by_marker[marker].sentence_index]

    # [1] closes the sentence with the vote shares
    assert sentence_of("1").text.endswith("49.875%.[1]")
    # [2] sits in mid-sentence after "party": the sentence goes on after it
    s2 = sentence_of("2")
    assert "of his party[2]" in s2.text and s2.end > by_marker["2"].end
    assert "67 ballots" in s2.text
    assert sentence_of("5").text.endswith("President of Peru.[5]")
    assert "10 abstentions.[7]" in sentence_of("7").text
    assert "100 injured police.[8]" in sentence_of("8").text
    # [12] in mid-sentence after "ANP"
    s12 = sentence_of("12")
    assert "the ANP[12]" in s12.text and s12.end > by_marker["12"].end
    assert "met with the ANP" in s12.text
    s24 = sentence_of("24")
    assert "another Venezuela”,[24]" in s24.text
    # one sentence each, in order
    indexes = [c.sentence_index for c in cites]
    assert indexes == sorted(indexes)


def test_seed_sentences_quote_the_input(seed_analysis, seed_text):
    assert seed_analysis.article.text == seed_text
    n = assert_offsets_quote_input(seed_analysis)
    assert n >= len(seed_analysis.sentences) + 24
    starts = [s.start for s in seed_analysis.sentences]
    assert starts == sorted(starts)
    assert [s.index for s in seed_analysis.sentences] == list(range(len(seed_analysis.sentences)))
    for a, b in zip(seed_analysis.sentences, seed_analysis.sentences[1:]):
        assert a.end <= b.start


def test_seed_headings_are_their_own_sentences(seed_analysis):
    headings = [s.text for s in seed_analysis.sentences if s.heading]
    assert headings == ["Electoral fraud", "Riots in response", "Mayhem continues", "Upside down politics"]
    for h in headings:
        s = sentence_with(seed_analysis, h)
        assert s.text == h and s.heading


def test_seed_no_sentence_crosses_a_paragraph(seed_analysis, seed_text):
    for s in seed_analysis.sentences:
        assert "\n" not in s.text, s.text
    # every paragraph after the dateline's starts a sentence
    starts = {s.start for s in seed_analysis.sentences}
    paragraphs = [m.end() for m in re.finditer(r"\n\n+(?=\S)", seed_text)]
    assert len(paragraphs) > 15
    for pos in paragraphs[1:]:
        assert pos in starts, seed_text[pos : pos + 30]


def test_seed_entities(seed_analysis):
    ents = seed_analysis.mentions.entities
    assert any(e.text == "Pedro Castillo" and e.label == "PERSON" for e in ents)
    assert any(e.text == "Peru" and e.label == "GPE" for e in ents)
    for e in ents:
        assert e.sentence_index is not None
        s = seed_analysis.sentences[e.sentence_index]
        assert s.start <= e.start < s.end


# ------------------------------------------------------- shipped example


@pytest.fixture(scope="module")
def example_analysis():
    return analyze_file(str(EXAMPLE))


def test_example_from_the_readme(example_analysis):
    art = example_analysis.article
    assert art.published == "2023-01-10" and art.published_source == "dateline"
    assert art.title == EXAMPLE.read_text(encoding="utf-8").splitlines()[0].strip()
    assert art.title.startswith("Peru protests")
    assert [c.marker for c in art.citations] == ["1", "2", "3", "4"]
    refs = [c.reference for c in art.citations]
    assert all(refs) and refs[0].startswith("Ombudsman") and refs[3].startswith("Congress of the Republic")
    assert_citations_on_their_sentences(example_analysis)
    assert_offsets_quote_input(example_analysis)
    assert example_analysis.warnings == []


def test_example_sources_list_is_not_prose(example_analysis):
    sources_at = example_analysis.article.text.index("\nSources\n")
    assert all(s.end <= sources_at for s in example_analysis.sentences)
    assert not any("LIMA, January" in s.text for s in example_analysis.sentences)
    assert example_analysis.sentences[0].text.startswith("At least 17 people")


# ------------------------------------------------------- other inputs


def test_markdown_article():
    a = analyze_file(str(DATA / "assembly_notes.md"))
    art = a.article
    assert art.format == "markdown"
    assert art.title == "Valdoria assembly suspends its sitting"
    assert art.published == "2024-03-03" and art.published_source == "dateline"
    assert [(c.marker, c.text) for c in art.citations] == [("1", "[^1]"), ("2", "[^2]")]
    assert art.citations[1].reference.startswith("Interview with Marta Quiroga")
    assert_citations_on_their_sentences(a)
    assert_offsets_quote_input(a)
    first = a.sentences[0]
    assert first.text.startswith("The *interim* council")  # original text, Markdown and all
    assert [s.text for s in a.sentences if s.heading] == ["What comes next"]
    for s in a.sentences:
        assert not s.text.startswith(("#", "- ", "**")), s.text
        assert "[^1]:" not in s.text and "---" not in s.text
    # NLP saw the text without the syntax: the speaker is one entity
    assert any(e.text == "Marta Quiroga" and e.label == "PERSON" for e in a.mentions.entities)


def test_html_article():
    a = analyze_file(str(DATA / "council_page.html"))
    art = a.article
    assert art.format == "html"
    assert (art.title, art.published, art.published_source) == ("Council dissolved in Valdoria", "2024-05-02", "html")
    assert art.outlet == "The Harbour Ledger"
    assert art.url == "https://ledger.example.com/2024/05/council-dissolved"
    assert "<p>" not in art.text
    # the headline line that trafilatura keeps is the title, not a sentence
    assert not any(s.text == art.title for s in a.sentences)
    assert a.sentences[0].text.startswith("The governor of Valdoria dissolved")
    assert [s.text for s in a.sentences if s.heading] == ["Elections promised"]
    assert_offsets_quote_input(a)


def test_hard_wrapped_text_keeps_sentences_whole():
    a = analyze_file(str(DATA / "wrapped_bulletin.txt"))
    s = sentence_with(a, "Dock workers in Northport")
    assert s.text.endswith("union leaders said.[1]")
    assert s.citations == ["1"]
    s2 = sentence_with(a, "offered a pay rise")
    assert s2.text.endswith("without putting it to a\nvote.")
    assert a.article.published == "2024-06-03"
    assert_offsets_quote_input(a)


def test_flags_override_document_metadata():
    a = analyze_file(
        str(EXAMPLE), published="2023-01-11", title="Given title", outlet="Example Post", url="https://example.org/x"
    )
    art = a.article
    assert (art.published, art.published_source) == ("2023-01-11", "flag")
    assert (art.title, art.outlet, art.url) == ("Given title", "Example Post", "https://example.org/x")


def test_bad_date_flag_is_a_usage_error():
    from corroborator.contract.errors import UsageError

    with pytest.raises(UsageError) as info:
        analyze_text("The mayor resigned on Friday.", published="15/01/2023")
    assert info.value.code == "E108"


# ------------------------------------------------- no publication date


def test_no_date_says_so(analyze):
    a = analyze("The mayor resigned on Friday. Crowds gathered outside the town hall yesterday.")
    assert a.article.published is None and a.article.published_source is None
    assert "W101" in [w.code for w in a.warnings]
    assert len(a.sentences) == 2
    assert_offsets_quote_input(a)


def test_agency_dateline_without_year(analyze):
    text = "LIMA, Jan. 15 (Reuters) - Peru's congress voted on Friday to hold early elections."
    a = analyze(text)
    assert a.article.published is None
    assert "W101" in [w.code for w in a.warnings]
    assert a.sentences[0].text.startswith("Peru's congress voted")
    assert a.sentences[0].start == text.index("Peru's")


@pytest.mark.parametrize(
    "dateline, iso",
    [("15-01-2023: ", "2023-01-15"), ("January 15, 2023 — ", "2023-01-15"), ("LIMA, Jan. 15, 2023 (Reuters) - ", "2023-01-15")],
)
def test_dateline_gives_the_publication_date(analyze, dateline, iso):
    a = analyze(dateline + "Peru's congress voted on Friday to hold early elections.")
    assert (a.article.published, a.article.published_source) == (iso, "dateline")
    assert "W101" not in [w.code for w in a.warnings]
    assert a.sentences[0].start == len(dateline)


def test_only_a_title_is_empty_input(analyze):
    with pytest.raises(InputError) as info:
        analyze("Just a headline\n\n[1] A note.\n[2] Another note.\n")
    assert info.value.code == "E104"


def test_html_with_only_a_headline_has_no_article_text(analyze):
    html = "<html><head><title>Curfew lifted in the capital</title></head><body><h1>Curfew lifted in the capital</h1></body></html>"
    with pytest.raises(InputError) as info:
        analyze(html, source="headline.html")
    assert info.value.code == "E106"


def test_json_round_trip(example_analysis):
    again = ArticleAnalysis.model_validate_json(example_analysis.to_json())
    assert again == example_analysis


def test_bench_script_runs():
    """bench/bench_analyze.py still matches the pipeline it wraps (numbers not judged here)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_analyze", Path(__file__).parents[1] / "bench" / "bench_analyze.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    data = bench.bench(reps=1, warmup=0, concat=0, memory=False, rss=False, steps=True, only={"example"})
    rows = {r["article"]: r for r in data["articles"]}
    assert set(rows) == {"example"}
    row = rows["example"]
    assert row["words"] > 200 and row["full_s"] > 0 and row["bare_s"] > 0 and row["ratio"] > 0
    # every step that analyze_document calls was seen by the breakdown
    assert {"normalise", "sentences", "dates", "attribution", "claims", "coups"} <= set(row["steps_ms"])


def test_marker_before_a_quote_without_space(analyze):
    a = analyze('The strike ended in May.[1]"Nobody won," the union said.')
    (cit,) = a.article.citations
    assert a.sentences[cit.sentence_index].text == "The strike ended in May.[1]"
    assert a.sentences[1].citations == []


def test_numeric_dateline_follows_the_date_order_setting(analyze):
    from corroborator import Settings

    text = "05-01-2023: The strike ended on Friday."
    assert analyze(text).article.published == "2023-01-05"
    assert analyze(text, settings=Settings(date_order="MDY")).article.published == "2023-05-01"


def test_unreadable_html_date_falls_back_to_the_dateline():
    from corroborator import analyze_document
    from corroborator.text.ingest import RawDocument

    raw = RawDocument(
        text="15-01-2023: The strike ended on Friday.", source="page.html", format="html", published="2023-13-45"
    )
    art = analyze_document(raw).article
    assert (art.published, art.published_source) == ("2023-01-15", "dateline")


def test_windows_line_endings_in_a_string(analyze):
    a = analyze("Vote held\r\n\r\nLIMA, Jan 5, 2024 — The vote was held.[1]\r\nIt passed.\r\n")
    assert a.article.title == "Vote held"
    assert a.article.published == "2024-01-05"
    assert "\r" not in a.article.text
    assert [s.text for s in a.sentences] == ["The vote was held.[1]", "It passed."]


def test_markers_before_any_sentence_cite_nothing(analyze):
    a = analyze("[1] [2]\n\nThe vote was held on Sunday.[3]")
    by_marker = {c.marker: c.sentence_index for c in a.article.citations}
    assert by_marker == {"1": None, "2": None, "3": 0}
    assert a.sentences[0].citations == ["3"]


def test_html_list_items_are_sentences_without_bullets(analyze):
    html = (
        "<html><body><article><h1>Demands</h1>"
        "<p>Protesters listed their demands on Monday in the main square of the city.</p>"
        "<ul><li>Early elections in the country</li><li>A new constitution for all</li></ul>"
        "</article></body></html>"
    )
    a = analyze(html, source="demands.html")
    texts = [s.text for s in a.sentences]
    assert "Early elections in the country" in texts and "A new constitution for all" in texts
    assert not any(t.startswith("-") for t in texts)
    assert_offsets_quote_input(a)


def test_text_longer_than_spacy_takes_is_analysed_in_pieces(analyze, nlp, monkeypatch):
    """Issue 13: a long text is cut at paragraph breaks, each piece parsed on its own, and the
    results stitched: offsets quote the whole input, sentences are numbered through, and what lies
    inside one paragraph comes out as it does for the paragraph alone."""
    para = (
        "Police arrested 12 protesters in Cusco on Monday, the interior ministry said. "
        "Demonstrators later blocked the main road to the airport."
    )
    text = "\n\n".join([para] * 5) + "\n"
    whole = analyze(para, source="one.txt", published="2024-02-06")
    monkeypatch.setattr(nlp, "max_length", len(para) + 40)  # about one paragraph a piece
    long = analyze(text, source="long.txt", published="2024-02-06")
    assert "W104" in [w.code for w in long.warnings]
    assert [s.index for s in long.sentences] == list(range(len(long.sentences)))
    assert len(long.sentences) == 5 * len(whole.sentences)
    assert len(long.events) == 5 * len(whole.events)
    for ev in long.events:
        assert long.article.text[ev.trigger.start : ev.trigger.end] == ev.trigger.text
        sent = long.sentences[ev.evidence.sentence_index]
        assert sent.start <= ev.trigger.start < sent.end
    per_piece = [[(e.plover.type, e.trigger.text, e.arrested.value if e.arrested else None) for e in long.events if long.sentences[e.evidence.sentence_index].start // (len(para) + 2) == k] for k in range(5)]
    assert all(p == [(e.plover.type, e.trigger.text, e.arrested.value if e.arrested else None) for e in whole.events] for p in per_piece)


def test_an_input_limit_exists_only_when_asked_for(analyze):
    from corroborator import Settings

    text = "The strike went on for another day in the port. " * 4
    with pytest.raises(InputError) as info:
        analyze(text, source="long.txt", settings=Settings(max_chars=100))
    assert info.value.code == "E110"
    assert "long.txt" in str(info.value) and "--max-chars" in str(info.value)
    assert analyze(text, source="long.txt").sentences  # no limit by default


def test_pipeline_is_loaded_once_per_name():
    from corroborator.nlp.model import DEFAULT_PIPELINE, load_pipeline

    assert load_pipeline() is load_pipeline(DEFAULT_PIPELINE)
    assert load_pipeline().has_pipe("corroborator_line_breaks")
