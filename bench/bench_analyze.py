"""Speed and memory of ``analyze`` against bare spaCy, on the same text, in the same run.

    .venv/bin/python bench/bench_analyze.py            # table
    .venv/bin/python bench/bench_analyze.py --json     # machine-readable
    .venv/bin/python bench/bench_analyze.py --reps 9 --concat 4 --no-rss

For each article (the seed article from ../shared when present, the shipped example,
and a longer text made by concatenating them) it measures, after warm-up runs:

* ``full``: ``corroborator.analyze_text`` on the article text (ingest, normalise,
  spaCy, every extract stage, language detection, building the records);
* ``bare``: ``nlp(text)`` with the same loaded spaCy pipeline on the same
  normalised text (what spaCy alone costs for these words);

and reports median wall-clock times, words per second of each and their ratio
(full / bare; the project's floor is 0.5), a per-stage breakdown of the full run,
the peak of Python allocations (tracemalloc) during one full and one bare run, and
the peak resident memory (ru_maxrss) of a fresh process that analyses one article,
since spaCy and numpy allocate outside tracemalloc's view.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seeds" / "000_6dad6b28b8236906.txt"
EXAMPLE = REPO / "examples" / "peru_juliaca_report.txt"

# (module, attribute) of each step analyze_document calls, in order, for the breakdown
STEPS = [
    ("corroborator.run.analyze", "normalise"),
    ("corroborator.nlp.components", "sentences"),
    ("corroborator.nlp.components", "mention_layer"),
    ("corroborator.nlp.dates", "extract"),
    ("corroborator.nlp.quantities", "extract"),
    ("corroborator.nlp.attribution", "extract"),
    ("corroborator.nlp.events", "extract"),
    ("corroborator.nlp.framing", "extract"),
    ("corroborator.nlp.claims", "classify"),
    ("corroborator.nlp.checks", "run"),
    ("corroborator.nlp.coups", "assess"),
    ("corroborator.run.analyze", "detect_language"),
]


def articles(concat: int) -> list[tuple[str, str, str]]:
    """(name, source, text) of each benchmark article."""
    out = []
    if SEED.exists():
        out.append(("seed", str(SEED), SEED.read_text(encoding="utf-8")))
    out.append(("example", str(EXAMPLE), EXAMPLE.read_text(encoding="utf-8")))
    if concat > 0:
        body = "\n\n".join(text for _, _, text in out)
        out.append((f"concat x{concat}", "concat.txt", "\n\n".join([body] * concat)))
    return out


def median_time(fn, reps: int) -> float:
    times = []
    for _ in range(reps):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def python_peak(fn) -> int:
    """Peak bytes of Python allocations while ``fn`` runs."""
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@contextmanager
def timed_steps(totals: dict[str, float]):
    """Wrap each step of analyze_document so that its time adds up in ``totals``."""
    import importlib

    saved = []
    for module_name, attr in STEPS:
        module = importlib.import_module(module_name)
        original = getattr(module, attr)
        label = attr if module_name in ("corroborator.run.analyze", "corroborator.nlp.components") else module_name.rsplit(".", 1)[1]

        def wrapper(*args, _fn=original, _label=label, **kwargs):
            t0 = time.perf_counter()
            try:
                return _fn(*args, **kwargs)
            finally:
                totals[_label] = totals.get(_label, 0.0) + time.perf_counter() - t0

        setattr(module, attr, wrapper)
        saved.append((module, attr, original))
    try:
        yield totals
    finally:
        for module, attr, original in saved:
            setattr(module, attr, original)


def step_breakdown(run, reps: int) -> dict[str, float]:
    """Median seconds per step over ``reps`` runs."""
    per_run: list[dict[str, float]] = []
    for _ in range(reps):
        totals: dict[str, float] = {}
        with timed_steps(totals):
            run()
        per_run.append(totals)
    labels = list(dict.fromkeys(label for totals in per_run for label in totals))
    return {label: statistics.median(t.get(label, 0.0) for t in per_run) for label in labels}


RSS_SCRIPT = """
import resource, sys
mode, path = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
if mode in ("full", "full-embeddings"):
    from corroborator import Settings, analyze_text
    analyze_text(text, source=path, settings=Settings(use_embeddings=mode == "full-embeddings"))
elif mode == "import":
    import spacy  # imports thinc, which imports torch when it is installed
else:
    from corroborator.nlp.model import load_pipeline
    from corroborator.text.normalise import normalise
    nlp = load_pipeline()
    nlp(normalise(text).text)  # our components pass a plain Doc through untouched
# VmHWM is this process's own peak; ru_maxrss can carry the parent's peak over fork+exec
try:
    with open("/proc/self/status") as fh:
        print(next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")))
except (OSError, StopIteration):
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def fresh_process_rss_mb(mode: str, path: str) -> float | None:
    """Peak RSS (MiB) of a new interpreter that analyses ``path`` once (``full``, ``bare``, or ``import`` spaCy only)."""
    proc = subprocess.run(
        [sys.executable, "-c", RSS_SCRIPT, mode, path], capture_output=True, text=True, cwd=REPO, timeout=600
    )
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        return None
    return int(proc.stdout.strip().splitlines()[-1]) / 1024  # Linux reports KiB


def bench(
    reps: int, warmup: int, concat: int, memory: bool, rss: bool, steps: bool, only: set[str] | None = None,
    embeddings: bool = False,
) -> dict:
    """Run the benchmark; ``only`` restricts it to the named articles (seed, example); ``embeddings``
    turns on the MiniLM event-type classifier in the full run."""
    import spacy

    from corroborator import Settings, __version__, analyze_text
    from corroborator.nlp.model import load_pipeline, pipeline_name
    from corroborator.text.normalise import normalise

    rss_result = None
    if rss:  # first, while this process is small
        target = str(SEED if SEED.exists() else EXAMPLE)
        rss_result = {
            "article": Path(target).name,
            "full_mb": fresh_process_rss_mb("full-embeddings" if embeddings else "full", target),
            "bare_mb": fresh_process_rss_mb("bare", target),
            "import_spacy_mb": fresh_process_rss_mb("import", target),
        }
    settings = Settings(use_embeddings=embeddings)
    t0 = time.perf_counter()
    nlp = load_pipeline()
    load_s = time.perf_counter() - t0
    results = []
    for name, source, text in articles(concat):
        if only is not None and name not in only:
            continue
        fmt = "markdown" if source.endswith(".md") else "text"
        norm_text = normalise(text, fmt).text
        words = len(norm_text.split())

        def full():
            return analyze_text(text, source=source, settings=settings)

        def bare():
            return nlp(norm_text)

        for _ in range(warmup):
            full()
            bare()
        # interleave so that drift in machine load hits both alike
        full_times, bare_times = [], []
        for _ in range(reps):
            full_times.append(median_time(full, 1))
            bare_times.append(median_time(bare, 1))
        full_s, bare_s = statistics.median(full_times), statistics.median(bare_times)
        row = {
            "article": name,
            "words": words,
            "chars": len(text),
            "full_s": round(full_s, 4),
            "bare_s": round(bare_s, 4),
            "full_min_s": round(min(full_times), 4),
            "bare_min_s": round(min(bare_times), 4),
            "full_wps": round(words / full_s),
            "bare_wps": round(words / bare_s),
            "ratio": round(bare_s / full_s, 3),  # (full words/s) / (bare words/s)
            "ratio_min": round(min(bare_times) / min(full_times), 3),  # same from the fastest runs
            "overhead_ms": round((full_s - bare_s) * 1000, 1),
        }
        if steps:
            row["steps_ms"] = {k: round(v * 1000, 2) for k, v in step_breakdown(full, reps).items()}
        if memory:
            row["python_peak_full_mb"] = round(python_peak(full) / 2**20, 1)
            row["python_peak_bare_mb"] = round(python_peak(bare) / 2**20, 1)
        results.append(row)

    out = {
        "corroborator": __version__,
        "spacy": spacy.__version__,
        "pipeline": pipeline_name(nlp),
        "python": sys.version.split()[0],
        "reps": reps,
        "warmup": warmup,
        "pipeline_load_s": round(load_s, 2),
        "articles": results,
    }
    if rss_result:
        out["rss"] = rss_result
    return out


def print_table(data: dict) -> None:
    print(
        f"corroborator {data['corroborator']}  spaCy {data['spacy']}  pipeline {data['pipeline']}  "
        f"python {data['python']}  (median of {data['reps']} runs after {data['warmup']} warm-up; "
        f"pipeline load {data['pipeline_load_s']} s)"
    )
    head = f"{'article':<12} {'words':>6} {'full s':>8} {'bare s':>8} {'full w/s':>9} {'bare w/s':>9} {'ratio':>6} {'r(min)':>6} {'extra ms':>9}"
    mem = "python_peak_full_mb" in data["articles"][0]
    if mem:
        head += f" {'py peak full MB':>16} {'bare MB':>8}"
    print(head)
    print("-" * len(head))
    for r in data["articles"]:
        line = (
            f"{r['article']:<12} {r['words']:>6} {r['full_s']:>8.3f} {r['bare_s']:>8.3f} {r['full_wps']:>9} "
            f"{r['bare_wps']:>9} {r['ratio']:>6.2f} {r['ratio_min']:>6.2f} {r['overhead_ms']:>9.1f}"
        )
        if mem:
            line += f" {r['python_peak_full_mb']:>16.1f} {r['python_peak_bare_mb']:>8.1f}"
        print(line)
    print(
        "ratio = full words/s ÷ bare spaCy words/s from the medians (floor 0.50); r(min) = the same from the "
        "fastest runs; extra ms = full − bare"
    )
    if "steps_ms" in data["articles"][0]:
        print("\nper-step median ms of the full run:")
        labels = list(dict.fromkeys(k for r in data["articles"] for k in r["steps_ms"]))
        print(f"{'step':<18}" + "".join(f"{r['article']:>14}" for r in data["articles"]))
        for label in labels:
            print(f"{label:<18}" + "".join(f"{r['steps_ms'].get(label, 0.0):>14.2f}" for r in data["articles"]))
    if data.get("rss"):
        rss = data["rss"]
        print(
            f"\npeak RSS of a fresh process on {rss['article']}: full analyze {rss['full_mb']:.0f} MiB, "
            f"bare spaCy {rss['bare_mb']:.0f} MiB (import spacy alone: {rss['import_spacy_mb']:.0f} MiB)"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=5, help="timed runs per article (median reported)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs first")
    ap.add_argument("--concat", type=int, default=3, help="repeat the articles N times as a longer text (0: skip)")
    ap.add_argument("--only", nargs="+", help="articles to run: seed, example, 'concat xN'")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument("--no-memory", dest="memory", action="store_false", help="skip tracemalloc peaks")
    ap.add_argument("--no-rss", dest="rss", action="store_false", help="skip the fresh-process RSS runs")
    ap.add_argument("--no-steps", dest="steps", action="store_false", help="skip the per-step breakdown")
    ap.add_argument("--embeddings", action="store_true", help="full run with the MiniLM event-type classifier on")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(REPO / "src"))
    only = set(args.only) if args.only else None
    data = bench(args.reps, args.warmup, args.concat, args.memory, args.rss, args.steps, only, args.embeddings)
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        print_table(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
