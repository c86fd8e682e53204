"""Property tests (hypothesis) and a short fuzz of the text path (issue 13): the offset map,
cutting long texts, and normalising arbitrary plain text, Markdown and HTML never crash and
always quote the input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corroborator.contract.errors import InputError
from corroborator.text import ingest
from corroborator.text.normalise import normalise, split_points

# text built from the pieces normalisation cares about: footnote markers, superscripts, Markdown
# syntax, datelines, headings, line breaks, quotes and plain words
ATOMS = st.sampled_from(
    [
        "word", "Lima", " ", "  ", "\n", "\n\n", "[1]", "[12]", "¹", "²", "km²", "# ", "## ", "*", "_", "**", "[link](http://x.y)",
        "15-01-2023: ", "LIMA, January 10, 2023 — ", "Sources\n", "[1] A source.\n", "“", "”", "\"", "'", ".", ",", "—", "(", ")",
        "The army said.", "2.000", "1.300,5", "9999", "é", "中文", "\t",
        '"' * 9, "(" * 12, "—" * 7, "!?", "\U0001F600" * 5, "[", "](", "](x)",
    ]
)
TEXTS = st.lists(ATOMS, max_size=40).map("".join)


def _check_map(original: str, fmt: str) -> None:
    norm = normalise(original, fmt)
    assert norm.original == original
    assert norm.offset_problem() is None, norm.offset_problem()
    for s in range(0, len(norm.text) + 1, 3):
        a, b = norm.to_orig(s, min(len(norm.text), s + 5))
        assert 0 <= a <= b <= len(original)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.sampled_from(["text", "markdown"]))
def test_offset_map_quotes_the_input(original, fmt):
    _check_map(original, fmt)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.sampled_from(["text", "markdown", "html"]))
def test_no_long_run_of_marks_reaches_the_tokenizer(original, fmt):
    """Issue 13: whatever the deletions join, the normalised text has no run of punctuation marks
    or symbols longer than MAX_PUNCT_RUN (the tokenizer's cost per run is its square)."""
    import re

    from corroborator.text.normalise import MAX_PUNCT_RUN

    norm = normalise(original, fmt)
    assert all(len(m.group(0)) <= MAX_PUNCT_RUN for m in re.finditer(r"[^\w\s]+", norm.text))
    for s, e in norm.shortened_runs:
        assert 0 <= s < e <= len(original)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300), st.integers(min_value=2, max_value=80))
def test_pieces_cover_the_text_and_respect_the_limit(text, limit):
    points = split_points(text, limit)
    assert points[0] == 0 and points[-1] == len(text)
    assert all(0 < b - a <= limit for a, b in zip(points, points[1:])) or text == ""


@settings(max_examples=60, deadline=None)
@given(TEXTS, st.integers(min_value=10, max_value=60))
def test_pieces_keep_offsets_into_the_whole_input(original, limit):
    norm = normalise(original, "text")
    pieces = norm.pieces(limit) if norm.text else []
    assert "".join(p.text for p in pieces) == norm.text
    for p in pieces:
        for i, ch in enumerate(p.text):
            assert ch == original[p.norm2orig[i]] or ch.isspace()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["<p>", "</p>", "<h1>", "</h1>", "<script>x()</script>", "<div>", "</div>", "&amp;", "&lt;", "&#9999999;",
                                 "&nbsp;", "<br>", "Police arrested 20 people.", "<a href='x'>", "</a>", "<!--", "-->", "<html>", "<body>"]), max_size=30).map("".join))
def test_html_path_never_crashes(html):
    try:
        raw = ingest.from_text(html, fmt="html")
    except InputError:
        return  # no article text: a clean coded error is the expected outcome
    _check_map(raw.text, "html")
