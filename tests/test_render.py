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


def test_terminal_report_reads_at_80_columns():
    """Issue 13: no column squeezes words letter by letter; a summary comes first; each event
    shows its evidence sentence."""
    from pathlib import Path

    from corroborator import analyze_file

    example_analysis = analyze_file(str(Path(__file__).resolve().parents[1] / "examples" / "peru_juliaca_report.txt"))
    console = Console(record=True, width=80, file=io.StringIO())
    print_terminal(example_analysis, console=console)
    out = console.export_text()
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines.index("Summary") < next(i for i, line in enumerate(lines) if line.startswith("Events"))
    for ev in example_analysis.events:
        assert f"trigger: {ev.trigger.text}" in out  # whole words, not folded into a narrow column
    first = example_analysis.events[0]
    assert " ".join(first.evidence.text.split()[:6]) in " ".join(out.split())
    assert len(lines) < 25 * max(len(example_analysis.events), 1)
