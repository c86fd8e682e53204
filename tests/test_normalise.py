"""normalise: title, dateline, footnote markers, notes list and Markdown taken out,
with an offset map back to the original text. No spaCy here: these tests are fast."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from corroborator.text.normalise import Normalised, normalise


def assert_map_quotes_original(norm: Normalised) -> None:
    """Every normalised character comes from the original character it maps to.

    The only substitution allowed is a wrapped line's newline read as a space.
    """
    assert len(norm.norm2orig) == len(norm.text) + 1
    assert norm.norm2orig[-1] == len(norm.original)
    previous = -1
    for i, ch in enumerate(norm.text):
        o = norm.norm2orig[i]
        assert o > previous, f"map not increasing at {i}"
        previous = o
        orig_ch = norm.original[o]
        assert ch == orig_ch or (ch == " " and orig_ch == "\n"), (i, ch, orig_ch)


def norm_span(norm: Normalised, needle: str) -> tuple[int, int]:
    start = norm.text.index(needle)
    return start, start + len(needle)


def quoted(norm: Normalised, needle: str) -> str:
    """The original text under the normalised occurrence of ``needle``."""
    s, e = norm.to_orig(*norm_span(norm, needle))
    return norm.original[s:e]


# ------------------------------------------------------------------ footnotes


def test_bracket_markers_are_removed_and_kept_as_citations():
    text = "The council met on Monday.[1] It approved the budget of the province[12] by a wide margin.\n"
    norm = normalise(text)
    assert "[1]" not in norm.text and "[12]" not in norm.text
    assert "Monday. It approved" in norm.text
    assert "province by a wide" in norm.text
    assert [c.marker for c in norm.citations] == ["1", "12"]
    for c in norm.citations:
        assert text[c.start : c.end] == c.text
        assert c.sentence_index is None  # filled by the pipeline
    assert_map_quotes_original(norm)
    # a span over the removed marker quotes the marker too
    assert quoted(norm, "province by") == "province[12] by"


def test_marker_position_is_the_character_after_it():
    text = "Crowds gathered in the square[3] before noon."
    norm = normalise(text)
    (pos,) = norm.citation_norm_pos
    assert norm.text[:pos].endswith("square")
    assert norm.text[pos:].startswith(" before")


def test_years_and_letters_in_brackets_are_not_markers():
    text = "The report [2021] cites a survey [a] of voters.\n"
    norm = normalise(text)
    assert norm.citations == []
    assert norm.text == text


def test_superscript_markers_but_not_unit_powers():
    text = "Turnout was low.¹ The flooded area covered 40 km² and 3 m³ of mud, officials said.²\n"
    norm = normalise(text)
    assert [(c.marker, c.text) for c in norm.citations] == [("1", "¹"), ("2", "²")]
    assert "km²" in norm.text and "m³" in norm.text
    assert "low. The" in norm.text
    assert_map_quotes_original(norm)


def test_markdown_style_footnotes():
    text = "Ministers resigned on Friday.[^4] Nobody else did.\n\n[^4]: Cabinet office notice.\n"
    norm = normalise(text, "markdown")
    (cit,) = norm.citations
    assert (cit.marker, cit.text, cit.reference) == ("4", "[^4]", "Cabinet office notice.")
    assert "[^" not in norm.text and "Cabinet office" not in norm.text


# ---------------------------------------------------------------- notes list


def test_sources_heading_list_becomes_references_and_leaves_the_text():
    text = (
        "Officials counted the ballots twice.[1] The result stood.[2]\n\n"
        "Sources\n[1] Electoral board bulletin, May 2.\n[2] Court ruling of May 9.\n"
    )
    norm = normalise(text)
    assert {c.marker: c.reference for c in norm.citations} == {
        "1": "Electoral board bulletin, May 2.",
        "2": "Court ruling of May 9.",
    }
    assert "Sources" not in norm.text and "bulletin" not in norm.text
    assert_map_quotes_original(norm)


def test_closing_bracket_lines_without_heading_are_notes():
    text = "The strike ended.[1] Workers returned.[2]\n\n[1] Union statement.\n[2] Employer statement.\n"
    norm = normalise(text)
    assert [c.reference for c in norm.citations] == ["Union statement.", "Employer statement."]
    assert "Union statement" not in norm.text


def test_closing_superscript_notes_cited_in_the_text():
    text = "He said so.¹ Then he left.²\n\n¹ First note.\n² Second note.\n"
    norm = normalise(text)
    assert norm.title is None  # a prose line with markers is not a title
    assert [c.reference for c in norm.citations] == ["First note.", "Second note."]
    assert "First note" not in norm.text


def test_closing_numbered_list_that_nobody_cites_stays_prose():
    text = "The protesters listed their demands.\n\n1. Early elections.\n2. A new constitution.\n"
    norm = normalise(text)
    assert "Early elections." in norm.text and "A new constitution." in norm.text
    assert norm.citations == []


# --------------------------------------------------------------------- title


def test_title_line_is_taken_out():
    text = "Harbour strike enters its second week\n\nDock workers stayed out on Monday.\n"
    norm = normalise(text)
    assert norm.title == "Harbour strike enters its second week"
    assert norm.text.startswith("Dock workers")
    s, e = norm.title_span
    assert text[s:e] == norm.title


@pytest.mark.parametrize(
    "first_line",
    [
        "Dock workers stayed out on Monday.",  # a sentence
        "Dock workers stayed out. Talks failed",  # two sentences
        "Dock workers stayed out[1]",  # carries a marker
    ],
)
def test_prose_first_line_is_not_a_title(first_line):
    norm = normalise(first_line + "\n\nTalks resumed on Tuesday.\n")
    assert norm.title is None
    assert norm.text.startswith(first_line.replace("[1]", ""))


def test_title_followed_directly_by_a_dateline():
    text = "Mayor quits\nLIMA, January 10, 2023 — The mayor resigned.\n"
    norm = normalise(text)
    assert norm.title == "Mayor quits"
    assert norm.dateline.date == dt.date(2023, 1, 10)
    assert norm.text.strip() == "The mayor resigned."


def test_repeated_html_title_line_is_taken_out():
    text = "Council dissolved in Valdoria\nThe governor dissolved the council.\n"
    norm = normalise(text, "html", title="Council  dissolved in valdoria")
    assert norm.text.startswith("The governor")
    assert norm.title_span == (0, len("Council dissolved in Valdoria"))
    other = normalise(text, "html", title="Another headline")
    assert other.text == text


# ------------------------------------------------------------------ datelines


@pytest.mark.parametrize(
    "dateline, expected",
    [
        ("15-01-2023: ", dt.date(2023, 1, 15)),
        ("15/01/2023 - ", dt.date(2023, 1, 15)),
        ("01-15-2023: ", dt.date(2023, 1, 15)),  # month first, day > 12
        ("2023-01-15: ", dt.date(2023, 1, 15)),
        ("January 15, 2023 — ", dt.date(2023, 1, 15)),
        ("15 January 2023 – ", dt.date(2023, 1, 15)),
        ("LIMA, January 15, 2023 — ", dt.date(2023, 1, 15)),
        ("LIMA, Peru, Jan. 15, 2023 (Reuters) - ", dt.date(2023, 1, 15)),
        ("January 15, 2023\n\n", dt.date(2023, 1, 15)),  # alone on its line
    ],
)
def test_leading_dateline_gives_the_date_and_leaves_the_text(dateline, expected):
    body = "The mayor resigned on Friday. Crowds gathered outside."
    norm = normalise(dateline + body)
    assert norm.dateline is not None
    assert norm.dateline.date == expected
    assert norm.text == body
    assert norm.to_orig(0, 3) == (len(dateline), len(dateline) + 3)


def test_agency_dateline_without_year_is_removed_but_gives_no_date():
    norm = normalise("LIMA, Jan. 15 (Reuters) - The mayor resigned on Friday.")
    assert norm.dateline is not None and norm.dateline.date is None
    assert norm.dateline.place == "LIMA"
    assert norm.text == "The mayor resigned on Friday."


def test_dates_later_in_the_text_are_not_datelines():
    text = "The vote was held on January 15, 2023 — a Sunday. Results came later.\n"
    norm = normalise(text)
    assert norm.dateline is None
    assert norm.text == text


def test_dateline_after_title_with_blank_lines():
    text = "A quiet election\n\n\n15-01-2023: Polls closed at six.\n"
    norm = normalise(text)
    assert norm.title == "A quiet election"
    assert norm.dateline.date == dt.date(2023, 1, 15)
    assert norm.text == "Polls closed at six.\n"


# ------------------------------------------------------------------- Markdown


MARKDOWN = """# Assembly suspended

**PORT ELLIS, March 3, 2024 —** The *interim* council adjourned, said [the spokesperson](https://example.org/a).

## What comes next

- The assembly meets __again__ in April.
- Observers were not invited to the_session_room.

![district map](map.png) shows the area.

---

> Quoted words from a member.
"""


def test_markdown_syntax_is_removed_with_offsets_kept():
    norm = normalise(MARKDOWN, "markdown")
    assert norm.title == "Assembly suspended"
    assert norm.dateline is not None and norm.dateline.date == dt.date(2024, 3, 3)
    text = norm.text
    assert text.startswith("The interim council adjourned, said the spokesperson.")
    for gone in ("#", "**", "__", "](", "https://", "![", "---", "> "):
        assert gone not in text, gone
    assert "the_session_room" in text  # underscores inside a word are not emphasis
    assert "district map shows the area." in text
    assert "Quoted words from a member." in text
    assert_map_quotes_original(norm)
    assert quoted(norm, "interim council") == "interim* council"
    assert quoted(norm, "said the spokesperson.") == "said [the spokesperson](https://example.org/a)."


def test_markdown_headings_and_lists_keep_their_own_lines():
    norm = normalise(MARKDOWN, "markdown")
    headings = [norm.text[s:e] for s, e in norm.headings]
    assert headings == ["What comes next"]
    # the blank line before the list is kept: list items never join the heading
    assert "What comes next\n\nThe assembly meets again in April.\nObservers" in norm.text


def test_markdown_heading_without_blank_line_after_is_a_heading():
    text = "Opening paragraph of the story.\n\n### Reaction abroad\nEmbassies asked for calm.\n"
    norm = normalise(text, "markdown")
    assert [norm.text[s:e] for s, e in norm.headings] == ["Reaction abroad"]


def test_plain_text_headings_are_short_lines_between_blank_lines():
    text = (
        "First paragraph of the article, long enough to be prose.\n\n"
        "Riots in response\n\n"
        "Second paragraph starts here.\n\n"
        "Not a heading because it ends with a period.\n\n"
        "Last words.\n"
    )
    norm = normalise(text)
    assert [norm.text[s:e] for s, e in norm.headings] == ["Riots in response"]


# ------------------------------------------------------------------ wrapping


def test_hard_wrapped_lines_are_joined_without_moving_offsets():
    text = (
        "Dock workers in Northport extended their strike on\n"
        "Monday after talks with the port authority broke down,\n"
        "union leaders said.\n"
        "A second line that is a new sentence.\n\n"
        "Short line\n"
        "Another short line\n\n"
        "- a list item that is long enough to look like wrapped prose\n"
        "- and a second item\n"
    )
    norm = normalise(text)
    assert "strike on Monday after" in norm.text
    assert "broke down, union leaders said.\nA second line" in norm.text
    assert "Short line\nAnother short line" in norm.text
    assert "wrapped prose\n- and a second" in norm.text
    assert len(norm.text) == len(text)
    assert_map_quotes_original(norm)


def test_html_text_is_never_unwrapped():
    # trafilatura writes one paragraph per line: a line break there is a paragraph break
    text = "Fresh elections within ninety days were promised by the governor on\nmonday night.\n"
    assert normalise(text, "html").text == text


# ------------------------------------------------------------------- offsets


def test_to_orig_and_orig_to_norm_round_trip():
    text = "Title of it\n\n15-01-2023: One[1] two³ three.\n\nNotes\n[1] A note.\n³ Another.\n"
    norm = normalise(text)
    assert norm.text.rstrip() == "One two three."
    assert_map_quotes_original(norm)
    for word in ("One", "two", "three."):
        s, e = norm_span(norm, word)
        os_, oe = norm.to_orig(s, e)
        assert text[os_:oe] == word
        assert norm.orig_to_norm(os_) == s
    # the empty span maps to a point
    assert norm.to_orig(3, 3) == (norm.norm2orig[3],) * 2
    assert quoted(norm, "One two") == "One[1] two"


def test_text_without_anything_to_remove_is_unchanged():
    text = "Nothing special here. Just two sentences.\n"
    norm = normalise(text)
    assert norm.text == text
    assert norm.norm2orig == list(range(len(text) + 1))
    assert norm.title is None and norm.dateline is None and norm.citations == []


def test_seed_markers_are_all_removed(seed_text):
    norm = normalise(seed_text)
    assert not re.search(r"\[\d{1,3}\]", norm.text)
    assert [c.marker for c in norm.citations] == [str(i) for i in range(1, 25)]
    assert norm.dateline.date == dt.date(2023, 1, 15)
    assert_map_quotes_original(norm)


def test_markdown_code_fences_are_removed():
    text = "Intro text here.\n\n```\nprint(1)\n```\n\nMore text.\n"
    norm = normalise(text, "markdown")
    assert "```" not in norm.text and "print(1)" in norm.text


def test_headings_at_the_start_and_in_a_row():
    text = "Main title\n\nBackground\n\nThe first paragraph is prose.\n\nFirst head\n\nSecond head\n\nMore prose here.\n\nClosing line\n"
    norm = normalise(text)
    assert norm.title == "Main title"
    assert [norm.text[s:e] for s, e in norm.headings] == ["Background", "First head", "Second head"]
    assert normalise("the mayor resigned\n").headings == []


def test_html_headings_are_short_lines_but_not_list_items_or_the_last_line():
    text = "Council dissolved\nElections promised\nThe governor spoke.\n- Early elections\n- New constitution\nFollow us\n"
    norm = normalise(text, "html", title="Council dissolved")
    assert norm.text.startswith("Elections promised\n")
    assert "\nEarly elections\nNew constitution\n" in norm.text  # bullets out
    assert [norm.text[s:e] for s, e in norm.headings] == ["Elections promised"]


def test_markdown_list_items_are_not_joined_as_wrapped_lines():
    text = (
        "Intro paragraph.\n\n"
        "- The assembly will meet again in April, said the long-winded spokesperson\n"
        "- Observers were not invited to the session, members of the bloc complained\n"
        "* A third item that is long enough to look like a wrapped line of prose\n"
        "1. And a numbered one\n"
    )
    norm = normalise(text, "markdown")
    assert "spokesperson\nObservers" in norm.text
    assert "complained\nA third" in norm.text
    assert "prose\n1. And" in norm.text


@pytest.mark.parametrize(
    "first_line, title",
    [("# **Bold title**", "Bold title"), ("**Bold title**", "Bold title"), ("## Title with [a link](http://x.org)", "Title with a link")],
)
def test_markdown_title_without_syntax(first_line, title):
    norm = normalise(first_line + "\n\nBody text of the article.\n", "markdown")
    assert norm.title == title
    assert norm.text == "Body text of the article.\n"


# ---------------------------------------------------------------- issue 13: runs of marks


def _runs(text: str) -> list[int]:
    return [len(m.group(0)) for m in re.finditer(r"[^\w\s]+", text)]


@pytest.mark.parametrize(
    "run",
    ['"' * 5000, "(" * 3000, "\u2014" * 4000, "!" * 2000, "([{" * 1000, "\U0001F600" * 1500, "&" * 10000],
)
def test_long_runs_of_marks_are_read_shortened_and_quoted_whole(run):
    """Issue 13: spaCy's tokenizer costs the square of a run of marks written without a space;
    the normalised text keeps its first and last few, the map still quotes the whole run."""
    from corroborator.text.normalise import MAX_PUNCT_RUN

    original = f"The minister said {run} nothing at all."
    norm = normalise(original)
    assert max(_runs(norm.text)) <= MAX_PUNCT_RUN
    assert norm.text.startswith("The minister said " + run[: MAX_PUNCT_RUN // 2])
    assert norm.text.endswith(run[-(MAX_PUNCT_RUN // 2) :] + " nothing at all.")
    assert norm.shortened_runs == [(18, 18 + len(run))]
    assert norm.original[slice(*norm.to_orig(0, len(norm.text)))] == original  # the evidence quotes it all
    assert_map_quotes_original(norm)


def test_runs_joined_by_deleted_markers_are_bounded_too():
    """Deleting footnote markers between short runs must not leave one long run behind."""
    from corroborator.text.normalise import MAX_PUNCT_RUN

    original = "Police fired " + ")" * 10 + "[1]" + ")" * 10 + "[2]" + ")" * 10 + " at the crowd."
    norm = normalise(original)
    assert max(_runs(norm.text)) <= MAX_PUNCT_RUN
    assert len(norm.shortened_runs) == 1
    assert_map_quotes_original(norm)


@pytest.mark.parametrize(
    "text",
    [
        'He asked: "Who ordered it?!" (Nobody answered.)...',
        "The count — 1,200 (or 1,300?) — was disputed.\u201d",
        "Figures: 10%-15%; see [1].\n\nSources\n[1] A ministry report.",
    ],
)
def test_prose_punctuation_is_never_shortened(text):
    norm = normalise(text)
    assert norm.shortened_runs == []
    assert normalise(text).text == norm.text


@pytest.mark.parametrize("atom", ["[", "](", "![", "[a]", "(["])
def test_markdown_syntax_is_found_in_linear_time(atom):
    """Issue 13: Markdown link syntax was found by regular expressions that looked ahead from
    every ``[`` (and ``](``) to the next ``]`` (or space): quadratic on a text of ``[`` alone
    (80,000 took 2 s). 8x the input must cost well under 64x the time (linear: about 8x)."""
    import gc
    import time

    from corroborator.text.normalise import _markdown_deletions

    def once(text: str) -> float:
        t = time.process_time()
        _markdown_deletions(text)
        return time.process_time() - t

    small, large = atom * (25_000 // len(atom)), atom * (200_000 // len(atom))
    enabled = gc.isenabled()
    gc.disable()
    try:
        base = max(min(once(small) for _ in range(3)), 1e-4)
        best = float("inf")
        for _ in range(3):  # the large input again only while the ratio is in doubt
            best = min(best, once(large))
            if best / base < 20 or best / base > 60:
                break
    finally:
        if enabled:
            gc.enable()
    assert best / base < 20, f"{atom!r} x8 cost x{best / base:.1f} ({base:.4f} s, {best:.4f} s)"


def test_link_syntax_found_in_one_pass_is_what_the_patterns_found():
    from corroborator.text.normalise import _markdown_deletions

    text = "See [the report](http://x.y/a) and ![a photo](p.jpg), not [1] nor [^2] nor [x] (y) nor [z](no target."
    got = {text[s:e] for s, e in _markdown_deletions(text)}
    assert {"[", "](http://x.y/a)", "![", "](p.jpg)"} <= got
    assert not any("[1]" in g or "[^2" in g or "[x]" in g or "[z" in g for g in got)
    norm = normalise(text, "markdown")
    assert "See the report and a photo, not" in norm.text
