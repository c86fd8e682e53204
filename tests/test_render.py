"""Reports show, per sentence, its kind, support and framing (issue 5)."""

from __future__ import annotations

import io

from rich.console import Console

from corroborator.export.render import print_terminal, sentence_framing, to_markdown

OPINION = (
    "The so-called “reform” is a disgrace. The regime's thugs unleashed an orgy of violence on Tuesday, "
    "police said. Everyone should resist this nefarious agenda."
)


def test_sentence_rows_carry_framing(analyze):
    a = analyze(OPINION, published="2024-05-02")
    per_sentence = sentence_framing(a)
    assert any("“reform” (scare quote)" in item for item in per_sentence.get(0, []))
    assert any("orgy of violence" in item for item in per_sentence.get(1, []))
    md = to_markdown(a)
    row0 = next(line for line in md.splitlines() if line.startswith("| 0 |"))
    assert "scare quote" in row0
    buf = io.StringIO()
    print_terminal(a, Console(file=buf, width=220))
    assert "orgy of violence" in buf.getvalue()
