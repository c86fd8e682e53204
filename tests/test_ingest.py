"""ingest: reading files and standard input, decoding, refusing binary data, HTML extraction."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from corroborator.text import ingest
from corroborator.contract.errors import InputError

DATA = Path(__file__).parent / "data"
LATIN1_BYTES = "Le maire a démissionné à Lyon après la grève.\n".encode("latin-1")

# the first bytes of real files of each kind
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
PDF_HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xcb\x48\xcd\xc9\xc9\x07\x00"
ZIP_HEADER = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00"


def error_of(fn, *args, **kwargs) -> InputError:
    with pytest.raises(InputError) as info:
        fn(*args, **kwargs)
    return info.value


# ---------------------------------------------------------------- reading


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.txt"
    err = error_of(ingest.load, str(path))
    assert err.code == "E101"
    assert str(path) in str(err) and "Check the path" in str(err)


def test_directory(tmp_path):
    err = error_of(ingest.load, str(tmp_path))
    assert err.code == "E102"
    assert str(tmp_path) in str(err)


def test_reads_standard_input(monkeypatch):
    data = "Dock workers stayed out on Monday.\n".encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    raw = ingest.load("-")
    assert raw.text == "Dock workers stayed out on Monday.\n"
    assert raw.source == "-" and raw.format == "text"


def test_empty_standard_input_names_standard_input(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b" \n\t\n")))
    err = error_of(ingest.load, "-")
    assert err.code == "E104"
    assert str(err).startswith("[E104] standard input:")


# --------------------------------------------------------------- decoding


def test_invalid_utf8_says_which_byte_and_how_to_fix(tmp_path):
    path = tmp_path / "lyon.txt"
    path.write_bytes(LATIN1_BYTES)
    err = error_of(ingest.load, str(path))
    assert err.code == "E103"
    assert "UTF-8" in str(err) and "--encoding" in str(err) and str(path) in str(err)
    raw = ingest.load(str(path), encoding="latin-1")
    assert "démissionné" in raw.text


def test_unknown_encoding_is_an_input_error():
    err = error_of(ingest.decode, b"text", "x.txt", "no-such-codec")
    assert err.code == "E103" and "no-such-codec" in str(err)


@pytest.mark.parametrize(
    "data, detail",
    [
        (b"Some words\x00\x00\x01 and more words", "NUL"),
        (PNG_HEADER, "signature"),
        (PDF_HEADER, "signature"),
        (GZIP_HEADER, "signature"),
        (ZIP_HEADER, "signature"),
        (bytes(range(1, 32)) * 20, "control characters"),
    ],
    ids=["nul", "png", "pdf", "gzip", "zip", "controls"],
)
def test_binary_data_is_refused(tmp_path, data, detail):
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    err = error_of(ingest.load, str(path))
    assert err.code == "E105"
    assert detail in str(err) and "Pass a plain-text, Markdown or HTML article" in str(err)


def test_byte_order_marks_and_line_endings(tmp_path):
    text = "First line.\r\nSecond line.\rThird line.\n"
    assert ingest.decode(("\ufeff" + text).encode("utf-8"), "x") == text
    assert ingest.decode(text.encode("utf-16"), "x") == text
    assert ingest.decode(text.encode("utf-16-le"), "x", "utf-16-le") == text
    # one newline convention, for files and for strings
    assert ingest.from_text("\ufeff" + text).text == "First line.\nSecond line.\nThird line.\n"
    path = tmp_path / "crlf.txt"
    path.write_bytes(("\ufeff" + text).encode("utf-8"))
    assert ingest.load(str(path)).text == "First line.\nSecond line.\nThird line.\n"


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t \n"])
def test_empty_or_whitespace_text(text):
    err = error_of(ingest.from_text, text, source="blank.txt")
    assert err.code == "E104" and "blank.txt" in str(err)


# ------------------------------------------------------------------ formats


@pytest.mark.parametrize(
    "source, text, declared, expected",
    [
        ("a.txt", "Plain words.", None, "text"),
        ("a.md", "# Heading\n\nWords.", None, "markdown"),
        ("a.markdown", "Words.", None, "markdown"),
        ("a.HTML", "no tags at all", None, "html"),
        ("a.txt", "<!DOCTYPE html><html><body><p>x</p></body></html>", None, "html"),
        ("-", "  <html><body>x</body></html>", None, "html"),
        ("a.txt", "Text that mentions <html> later.", None, "text"),
        ("a.html", "<p>x</p>", "text", "text"),
        ("a.txt", "Words.", "auto", "text"),
    ],
)
def test_detect_format(source, text, declared, expected):
    assert ingest.detect_format(text, source, declared) == expected


# --------------------------------------------------------------------- HTML


def test_html_main_text_and_metadata():
    raw = ingest.load(str(DATA / "council_page.html"))
    assert raw.format == "html"
    assert raw.title == "Council dissolved in Valdoria"
    assert raw.published == "2024-05-02"
    assert raw.outlet == "The Harbour Ledger"
    assert raw.url == "https://ledger.example.com/2024/05/council-dissolved"
    assert "dissolved the regional council on Wednesday" in raw.text
    assert "respect the courts." in raw.text
    # navigation and footer are not article text, and no markup is left
    for boilerplate in ("Sport", "All rights reserved", "<p>", "</"):
        assert boilerplate not in raw.text


def test_short_html_page_still_gives_its_text():
    html = "<html><body><p>The curfew was lifted on Sunday, the army said.</p></body></html>"
    raw = ingest.from_text(html, source="short.html")
    assert "The curfew was lifted on Sunday" in raw.text


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>x</title></head><body></body></html>",
        "<html><body><script>var a = 1;</script><nav><a href='/'>Home</a></nav></body></html>",
        "<!DOCTYPE html><html><body>   </body></html>",
    ],
)
def test_html_without_article_text(html):
    err = error_of(ingest.from_text, html, source="empty.html")
    assert err.code == "E106"
    assert "empty.html" in str(err) and "save its text as a .txt file" in str(err)


# ---------------------------------------------------------------- issue 13: hostile HTML


def test_html_entity_flood_is_read_shortened_not_expanded():
    """Issue 13: a page of 100,000 ``&amp;`` became a run of ``&`` that spaCy's tokenizer splits
    one mark at a time (134 s, 5.9 GB). Extraction stays linear and normalisation reads the run
    shortened (W105 in the analysis); the map still quotes the whole run."""
    import time

    from corroborator.text.normalise import MAX_PUNCT_RUN, normalise

    html = "<html><body><p>Police arrested 20 people in Lima on Monday, officials said. " + "&amp;" * 100_000 + "</p></body></html>"
    t = time.process_time()
    raw = ingest.from_text(html, fmt="html")
    assert time.process_time() - t < 10
    assert raw.text.count("&") == 100_000
    norm = normalise(raw.text, raw.format)
    assert len(norm.text) < 200 and norm.text.count("&") == MAX_PUNCT_RUN
    (start, end), = norm.shortened_runs
    assert raw.text[start:end] == "&" * 100_000


def test_internal_entity_definitions_are_never_expanded():
    """A 'billion laughs' page (entities defined in terms of each other) must not expand: the
    HTML parser ignores the definitions, so the page has no text (a coded error) or its text."""
    defs = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {n} "{("&" + p + ";") * 10}">' for p, n in zip("abcdefgh", "bcdefghi")
    )
    html = f'<?xml version="1.0"?><!DOCTYPE p [{defs}]><html><body><p>Police arrested 20 people. &i;</p></body></html>'
    try:
        raw = ingest.from_text(html, fmt="html")
    except InputError as exc:
        assert exc.code == "E106"
        return
    assert len(raw.text) < 10_000
