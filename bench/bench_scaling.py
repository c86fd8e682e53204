"""Cost against input size and against pathological inputs (issue 13).

    .venv/bin/python bench/bench_scaling.py                  # the table
    .venv/bin/python bench/bench_scaling.py --json
    .venv/bin/python bench/bench_scaling.py --only seed --sizes 1 4 16 64
    .venv/bin/python bench/bench_scaling.py --timeout 300

Each case runs in a fresh interpreter (so peak memory is the case's own). The child loads the
pipeline and analyses a one-line text first (so the model load is not counted), then reads
and analyses the case's file once with the default settings. It reports the analysis's CPU
seconds (``time.process_time`` of the child: far less sensitive to other jobs on the machine
than wall-clock), wall seconds, microseconds of CPU per word, the peak resident memory
(VmHWM) and how much of it the analysis added over the loaded model (``+MB``).

Cases: a real article repeated 1x, 4x, 16x, 64x (the seed article when ../shared is present,
else the shipped example), many short lines, one very long sentence, deep nesting of
parentheses, runs of quotation marks and dashes, one word repeated, and an HTML page of
entities. What to look for: microseconds per word flat across sizes (the target: at 64x
within 1.5x of 1x) and memory growing no faster than the text. A case that does not finish
within ``--timeout`` seconds is reported as such and the next one runs.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seeds" / "000_6dad6b28b8236906.txt"
EXAMPLE = REPO / "examples" / "peru_juliaca_report.txt"

CHILD = r"""
import json, sys, time
sys.modules.setdefault("torch", None)  # as the CLI does when no embedding is asked for
from corroborator import analyze_file, analyze_text

def hwm():
    with open("/proc/self/status") as fh:
        return next(int(l.split()[1]) for l in fh if l.startswith("VmHWM:"))

path, fmt = sys.argv[1], sys.argv[2]
analyze_text("Police arrested 20 people in Lima on Monday.", published="2024-01-02")  # load and warm up
base = hwm()
c, t = time.process_time(), time.perf_counter()
a = analyze_file(path, fmt=None if fmt == "auto" else fmt)
cpu, secs = time.process_time() - c, time.perf_counter() - t
print(json.dumps({"cpu": cpu, "seconds": secs, "rss_kb": hwm(), "base_kb": base, "events": len(a.events),
                  "sentences": len(a.sentences), "warnings": sorted({w.code for w in a.warnings})}))
"""


def article() -> tuple[str, str]:
    if SEED.exists():
        return "seed", SEED.read_text(encoding="utf-8")
    return "example", EXAMPLE.read_text(encoding="utf-8")


def cases(sizes: list[int]) -> list[tuple[str, str, str]]:
    """(name, text, format) of every case."""
    name, text = article()
    head, body = text.split("\n", 1) if "\n" in text else ("", text)  # the title line once, not repeated
    out = [(f"{name} x{k}", head + "\n" + "\n\n".join([body] * k), "text") for k in sizes]
    out += [
        ("16,000 short lines", "\n".join(f"Line {i}: police arrested {i % 90 + 2} people in Lima." for i in range(16000)), "text"),
        ("100,000 short lines", "\n".join(f"Line {i}: police arrested {i % 90 + 2} people in Lima." for i in range(100000)), "text"),
        ("one 20,000-word sentence", "Protesters marched and " * 5000 + "the police watched.", "text"),
        ("10,000 nested parentheses", "(" * 10000 + "The army fired on the crowd." + ")" * 10000, "text"),
        ("10,000 nested brackets mixed", "([{" * 3333 + "The army fired on the crowd." + "}])" * 3333, "text"),
        ("50,000 quotation marks", "The minister said " + '"' * 50000 + " nothing.", "text"),
        ("50,000 spaced quotation marks", "The minister said " + '" ' * 50000 + "nothing.", "text"),
        ("50,000 dashes", "Clashes continued " + "\u2014" * 50000 + " overnight.", "text"),
        ("one word 50,000 times", "protest " * 50000, "text"),
        ("vote tallies x2,000", " ".join(
            f"The council voted {i % 50 + 1}-{i % 7 + 2} on 3 May to approve the budget; {i % 40 + 3} people were killed."
            for i in range(2000)), "text"),
        ("HTML of 200,000 entities", "<html><body><p>Police arrested 20 people. " + "&amp;" * 200000 + "</p></body></html>", "html"),
    ]
    return out


def run_case(name: str, text: str, fmt: str, timeout: float) -> dict:
    suffix = ".html" if fmt == "html" else ".txt"
    with tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False, encoding="utf-8") as fh:
        fh.write(text)
        path = fh.name
    words = len(text.split())
    row = {"case": name, "chars": len(text), "words": words}
    t0 = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-c", CHILD, path, fmt], capture_output=True, text=True, timeout=timeout, cwd=REPO)
    except subprocess.TimeoutExpired:
        return {**row, "status": f"timeout after {timeout:.0f} s"}
    finally:
        Path(path).unlink(missing_ok=True)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return {**row, "status": f"exit {proc.returncode}: {last[:120]}"}
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    return {
        **row,
        "status": "ok",
        "cpu_seconds": round(r["cpu"], 2),
        "seconds": round(r["seconds"], 2),
        "process_wall_seconds": round(time.perf_counter() - t0, 2),
        "cpu_us_per_word": round(r["cpu"] / max(words, 1) * 1e6, 1),
        "peak_rss_mb": round(r["rss_kb"] / 1024, 1),
        "added_mb": round((r["rss_kb"] - r["base_kb"]) / 1024, 1),
        "events": r["events"],
        "sentences": r["sentences"],
        "warnings": r["warnings"],
    }


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1, 4, 16, 64])
    ap.add_argument("--only", nargs="+", help="run only cases whose name contains one of these texts")
    ap.add_argument("--timeout", type=float, default=600.0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    rows = []
    if not args.json:
        print(f"{'case':30} {'words':>8} {'cpu s':>8} {'wall s':>8} {'us/word':>8} {'peak MB':>8} {'+MB':>7}  events warnings")
    for name, text, fmt in cases(args.sizes):
        if args.only and not any(o in name for o in args.only):
            continue
        rows.append(run_case(name, text, fmt, args.timeout))
        if not args.json:
            r = rows[-1]
            if r["status"] == "ok":
                print(f"{r['case']:30} {r['words']:>8} {r['cpu_seconds']:>8.2f} {r['seconds']:>8.2f} {r['cpu_us_per_word']:>8.1f} "
                      f"{r['peak_rss_mb']:>8.1f} {r['added_mb']:>7.1f}  {r['events']:>6} {','.join(r['warnings'])}", flush=True)
            else:
                print(f"{r['case']:30} {r['words']:>8}  {r['status']}", flush=True)
    if args.json:
        print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
