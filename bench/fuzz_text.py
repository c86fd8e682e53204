"""A longer fuzz run of the text path than the test suite's (issue 13): normalisation of plain
text, Markdown and HTML, and HTML extraction, on generated inputs.

    .venv/bin/python bench/fuzz_text.py                      # 5,000 examples per target
    .venv/bin/python bench/fuzz_text.py --examples 50000 --seed 7

For every input it checks what ``tests/test_properties.py`` checks on fewer examples: nothing
raises except a coded ``InputError``; the offset map has one entry per character plus one,
increases, and maps every kept character to the same (or a wrapped newline to a space);
citations quote the input; no run of punctuation marks longer than ``MAX_PUNCT_RUN`` is left
for the tokenizer. It also times each call and reports the slowest per character, so that a
quadratic path shows up as an outlier on long generated inputs. Exit status 1 on a failure.
"""

from __future__ import annotations

import argparse
import re
import sys
import time

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from corroborator.contract.errors import InputError
from corroborator.text import ingest
from corroborator.text.normalise import MAX_PUNCT_RUN, normalise

ATOMS = [
    "word", "Lima", " ", "  ", "\n", "\n\n", "[1]", "[12]", "[^3]", "¹", "²", "km²", "# ", "## ", "*", "_", "**", "__",
    "[link](http://x.y)", "[", "]", "](", "![", "(", ")", "15-01-2023: ", "LIMA, January 10, 2023 — ", "Sources\n",
    "[1] A source.\n", "“", "”", '"', "'", ".", ",", "—", "–", "-", "> ", "- ", "1. ", "```\n", "The army said.", "2.000",
    "1.300,5", "é", "中文", "\t", "\U0001F600", '"' * 9, "(" * 12, "&", "!?", "...",
]
HTML_ATOMS = [
    "<p>", "</p>", "<h1>", "</h1>", "<script>x()</script>", "<div>", "</div>", "&amp;", "&lt;", "&#9999999;", "&nbsp;",
    "<br>", "Police arrested 20 people in Lima on Monday.", "<a href='x'>", "</a>", "<!--", "-->", "<html>", "<body>",
    "<li>", "<ul>", "&quot;" * 20, "<title>Strike</title>", '<meta property="article:published_time" content="2024-01-02">',
]
_RUN = re.compile(r"[^\w\s]+")


class Stats:
    def __init__(self) -> None:
        self.n = 0
        self.worst = (0.0, "")
        self.failures: list[str] = []

    def timed(self, label: str, text: str, fn):
        t = time.perf_counter()
        out = fn()
        per_kchar = (time.perf_counter() - t) / max(len(text), 1) * 1000
        self.n += 1
        if per_kchar > self.worst[0]:
            self.worst = (per_kchar, f"{label}: {len(text)} chars {text[:60]!r}")
        return out


def check_norm(original: str, fmt: str, stats: Stats) -> None:
    norm = stats.timed(f"normalise {fmt}", original, lambda: normalise(original, fmt))
    assert norm.original == original
    assert norm.offset_problem() is None, norm.offset_problem()
    assert all(len(m.group(0)) <= MAX_PUNCT_RUN for m in _RUN.finditer(norm.text))


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--examples", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-atoms", type=int, default=400)
    args = ap.parse_args(argv)
    stats = Stats()
    cfg = settings(max_examples=args.examples, deadline=None, database=None,
                   suppress_health_check=list(HealthCheck))

    @seed(args.seed)
    @cfg
    @given(st.lists(st.sampled_from(ATOMS), max_size=args.max_atoms).map("".join), st.sampled_from(["text", "markdown"]))
    def fuzz_text(original, fmt):
        check_norm(original, fmt, stats)

    @seed(args.seed)
    @cfg
    @given(st.lists(st.sampled_from(HTML_ATOMS), max_size=args.max_atoms // 4).map("".join))
    def fuzz_html(html):
        try:
            raw = stats.timed("extract html", html, lambda: ingest.from_text(html, fmt="html"))
        except InputError:
            return
        check_norm(raw.text, "html", stats)

    status = 0
    for name, fn in (("text and Markdown", fuzz_text), ("HTML", fuzz_html)):
        try:
            fn()
            print(f"{name}: ok")
        except Exception as exc:  # noqa: BLE001 - report the falsifying example and go on
            print(f"{name}: FAILED: {type(exc).__name__}: {exc}")
            status = 1
    print(f"{stats.n} calls; slowest per 1,000 characters: {stats.worst[0]:.3f} ms ({stats.worst[1]})")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
