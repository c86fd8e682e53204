"""Throughput of ``--workers N`` against one worker, on the same input (issue 13).

    .venv/bin/python bench/bench_workers.py                     # code --jsonl, 1 and 2 workers
    .venv/bin/python bench/bench_workers.py --workers 1 2 4 --lines 4000
    .venv/bin/python bench/bench_workers.py --mode files        # analyze of several article files
    .venv/bin/python bench/bench_workers.py --json

Run it on a quiet machine: with other jobs on the cores, two workers cannot go faster than one.

``--mode jsonl`` (default) codes JSON Lines of real news sentences (``../shared/data/real/
cameo_penta_train.tsv``, 1,349 wire sentences, taken in order and cycled up to ``--lines``,
default 2,698: every sentence twice, with distinct ids) with :func:`corroborator.run.batch.code_jsonl`,
the function behind ``corroborator code --jsonl``. ``--mode files`` analyses article files (the
seed article, the shipped example and the multisource articles when ``../shared`` is present,
cycled up to ``--files``) with :func:`corroborator.run.analyze.analyze_files`, the function behind
``corroborator analyze A B C``.

Each worker count runs in a fresh interpreter. The output is timed as it is written: the
**steady** rate counts the lines (or files) written after the first chunk, over the time since
that chunk, so the start of the workers (each loads the model, several seconds) is left out for
every worker count alike; the **total** rate includes it. CPU seconds are those of the parent and
its worker processes (``resource.getrusage``). The output of every worker count is compared with
the first's: order and content must be identical.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REAL = SHARED / "data" / "real" / "cameo_penta_train.tsv"

CHILD = r"""
import hashlib, io, json, resource, sys, time
sys.modules.setdefault("torch", None)  # as the CLI does when no embedding is asked for
mode, src, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
stamps = []
digest = hashlib.sha256()


class Sink(io.StringIO):
    def write(self, s):
        digest.update(s.encode("utf-8"))
        stamps.append((time.perf_counter(), s.count("\n")))
        return len(s)


t0 = time.perf_counter()
if mode == "jsonl":
    from corroborator.run.batch import code_jsonl
    code_jsonl(src, out=Sink(), workers=workers, progress=False)
else:
    from corroborator.run.analyze import analyze_files
    sink = Sink()
    for a in analyze_files(json.loads(open(src).read()), workers=workers):
        sink.write(a.model_dump_json() + "\n")
t1 = time.perf_counter()
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
# steady state: from the first write (the first chunk, after the workers loaded the model) to the end
first_t, first_n = stamps[0]
n = sum(k for _, k in stamps)
print(json.dumps({
    "units": n, "total_s": t1 - t0, "startup_s": first_t - t0, "steady_s": t1 - first_t, "steady_units": n - first_n,
    "cpu_s": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime, "digest": digest.hexdigest(),
}))
"""


def jsonl_input(lines: int, path: Path) -> int:
    if not REAL.exists():
        raise SystemExit(f"{REAL} is missing: the jsonl mode needs the real news sentences")
    texts = [line.split("\t")[0] for line in REAL.read_text(encoding="utf-8").splitlines() if line.strip()]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(lines):
            fh.write(json.dumps({"id": f"s{i}", "text": texts[i % len(texts)], "date": "2019-06-01"}) + "\n")
    return len(texts)


def files_input(files: int, path: Path) -> int:
    pool = sorted(str(p) for p in (SHARED / "seeds").glob("*.txt")) + sorted(str(p) for p in (REPO / "examples").glob("*.txt"))
    pool += sorted(str(p) for p in (SHARED / "data" / "multisource").glob("*/*.txt"))
    path.write_text(json.dumps([pool[i % len(pool)] for i in range(files)]), encoding="utf-8")
    return len(pool)


def run(mode: str, src: Path, workers: int, timeout: float) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, mode, str(src), str(workers)], capture_output=True, text=True,
                          timeout=timeout, cwd=REPO)
    if proc.returncode != 0:
        raise SystemExit(f"{workers} worker(s) failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mode", choices=["jsonl", "files"], default="jsonl")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--lines", type=int, default=2698, help="JSON lines to code (jsonl mode)")
    ap.add_argument("--files", type=int, default=84, help="article files to analyse (files mode)")
    ap.add_argument("--timeout", type=float, default=3600.0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / ("input.jsonl" if args.mode == "jsonl" else "files.json")
        distinct = jsonl_input(args.lines, src) if args.mode == "jsonl" else files_input(args.files, src)
        rows = []
        for w in args.workers:
            r = run(args.mode, src, w, args.timeout)
            r["workers"] = w
            rows.append(r)
            if not args.json:
                base = rows[0]
                speed = (r["steady_units"] / r["steady_s"]) / (base["steady_units"] / base["steady_s"])
                same = "identical" if r["digest"] == base["digest"] else "DIFFERENT"
                if w == args.workers[0]:
                    unit = "lines" if args.mode == "jsonl" else "files"
                    print(f"{r['units']} {unit} ({distinct} distinct); steady = after the first output is written")
                    print(f"{'workers':>7} {'total s':>8} {'start s':>8} {'steady/s':>9} {'total/s':>8} {'cpu s':>8} {'speed-up':>8}  output")
                print(f"{w:>7} {r['total_s']:>8.1f} {r['startup_s']:>8.1f} {r['steady_units'] / r['steady_s']:>9.1f} "
                      f"{r['units'] / r['total_s']:>8.1f} {r['cpu_s']:>8.1f} {speed:>8.2f}  {same}", flush=True)
    if args.json:
        print(json.dumps(rows, indent=2))
    if any(r["digest"] != rows[0]["digest"] for r in rows):
        raise SystemExit("the output differs between worker counts")


if __name__ == "__main__":
    main(sys.argv[1:])
