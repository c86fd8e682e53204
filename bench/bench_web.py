"""Article page render time once the analysis is cached (issue 14: target < 300 ms for 2,000 words).

    .venv/bin/python bench/bench_web.py              # table
    .venv/bin/python bench/bench_web.py --json       # the same numbers as JSON
    .venv/bin/python bench/bench_web.py --words 4000 --reps 30

The article: the seed article (when present) and the shipped example
(examples/peru_juliaca_report.txt), their bodies without the lists of notes, repeated paragraph
by paragraph until it has --words words. It is analysed once (that is the cache); then, through
the app in-process (FastAPI's test client, so routing, middleware, the template and the response
are all counted, the network is not):

- first page: GET /article/{id} right after the analysis, which builds the marks, the events
  table and the timeline (then kept with the analysis) and renders the template;
- page: GET /article/{id} again (the view is cached: template and response only);
- JSON twin: GET /article/{id}.json;
- view: building the marks, records, table and timeline alone (build_view).

Medians of --reps runs, in CPU seconds of this process (the machine is shared, wall-clock time
is noisy) with wall-clock beside. It is a measurement, not a test: nothing fails.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
EXAMPLE = REPO / "examples" / "peru_juliaca_report.txt"
SEED = REPO.parent / "shared" / "seeds" / "000_6dad6b28b8236906.txt"
TARGET_MS = 300


def article(words: int) -> str:
    sources = ([SEED.read_text(encoding="utf-8")] if SEED.exists() else []) + [EXAMPLE.read_text(encoding="utf-8")]
    paragraphs = []
    for text in sources:
        # the article's body only: a list of notes in the middle would make the rest read as notes
        body = re.split(r"\n\s*(?:Sources|Notes|References)\s*\n", text)[0]
        paragraphs += [p for p in body.split("\n\n") if p.strip()]
    out, n, i = [], 0, 0
    while n < words:
        p = paragraphs[i % len(paragraphs)]
        out.append(p)
        n += len(p.split())
        i += 1
    return "\n\n".join(out) + "\n"


def timed(fn, reps: int) -> tuple[float, float]:
    cpu, wall = [], []
    for _ in range(reps):
        c0, w0 = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return statistics.median(cpu), statistics.median(wall)


def main(argv: list[str]) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--words", type=int, default=2000)
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    from fastapi.testclient import TestClient

    from corroborator import analyze_text
    from corroborator.web import WebConfig, create_app
    from corroborator.web.article import build_view

    text = article(args.words)
    t0 = time.perf_counter()
    analysis = analyze_text(text)
    analyse_s = time.perf_counter() - t0
    app = create_app(WebConfig())
    client = TestClient(app)
    url = f"/article/{analysis.article.id}"
    entry = app.state.analyses.put(analysis)

    def first_page():
        entry.view = None
        assert client.get(url).status_code == 200

    def page():
        assert client.get(url).status_code == 200

    def twin():
        assert client.get(url + ".json").status_code == 200

    page()  # warm-up: template compiled, view built
    rows = {
        "first page (view built)": timed(first_page, args.reps),
        "page (view cached)": timed(page, args.reps),
        "JSON twin": timed(twin, args.reps),
        "view alone (build_view)": timed(lambda: build_view(analysis), args.reps),
    }
    html = client.get(url).text
    result = {
        "words": len(text.split()),
        "events": len(analysis.events),
        "marks": html.count("tabindex=\"0\" role=\"button\""),
        "page_kib": round(len(html.encode("utf-8")) / 1024, 1),
        "analysis_s": round(analyse_s, 2),
        "target_ms": TARGET_MS,
        "timings_ms": {k: {"cpu": round(c * 1000, 1), "wall": round(w * 1000, 1)} for k, (c, w) in rows.items()},
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{result['words']} words, {result['events']} events, {result['marks']} marks, page {result['page_kib']} KiB "
              f"(analysis {result['analysis_s']} s, not counted)")
        print(f"{'':26} {'CPU ms':>8} {'wall ms':>8}   (median of {args.reps}; target < {TARGET_MS} ms)")
        for k, v in result["timings_ms"].items():
            print(f"{k:26} {v['cpu']:8.1f} {v['wall']:8.1f}")
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
