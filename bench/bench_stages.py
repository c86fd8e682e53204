"""CPU seconds per pipeline component at two sizes of ordinary and pathological inputs (issue 13).

    .venv/bin/python bench/bench_stages.py                      # every input, 1,000 and 4,000 units
    .venv/bin/python bench/bench_stages.py lines tallies --sizes 500 2000

For each input and size it prints the components that took more than 0.05 s, then the ratio
of the larger size's seconds to the smaller's for each component: a linear stage stays near
the size ratio (4 by default); a quadratic one near its square. The real article (``seed``)
is the seed article when ../shared is present, else the shipped example, repeated ``k // 1000``
times (so 1 and 4 copies at the default sizes).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.modules.setdefault("torch", None)  # as the CLI does when no embedding is asked for

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seeds" / "000_6dad6b28b8236906.txt"
EXAMPLE = REPO / "examples" / "peru_juliaca_report.txt"


def _article(k: int) -> str:
    text = (SEED if SEED.exists() else EXAMPLE).read_text(encoding="utf-8")
    head, body = text.split("\n", 1)
    return head + "\n" + "\n\n".join([body] * max(1, k // 1000))


GEN = {
    "seed": _article,
    "parens": lambda k: "(" * k + "The army fired on the crowd." + ")" * k,
    "quotes": lambda k: "The minister said " + '"' * k + " nothing.",
    "sentence": lambda k: "Protesters marched and " * (k // 4) + "the police watched.",
    "lines": lambda k: "\n".join(f"Line {i}: police arrested {i % 90 + 2} people in Lima." for i in range(k // 10)),
    "word": lambda k: "protest " * k,
    "dashes": lambda k: "Clashes continued " + "\u2014" * k + " overnight.",
    "tallies": lambda k: " ".join(
        f"The council voted {i % 50 + 1}-{i % 7 + 2} on 3 May to approve the budget; {i % 40 + 3} people were killed." for i in range(k // 20)
    ),
}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="*", default=list(GEN), choices=list(GEN) + [[]], metavar="INPUT")
    ap.add_argument("--sizes", nargs=2, type=int, default=[1000, 4000])
    args = ap.parse_args(argv)
    from corroborator.contract.settings import Settings
    from corroborator.nlp.docstate import prepare_doc
    from corroborator.nlp.model import load_pipeline
    from corroborator.run.analyze import _prepare
    from corroborator.text import ingest

    nlp = load_pipeline()
    s = Settings()
    # warm up: every stage loads its codebooks and models on first use, which is not per-size cost
    from corroborator import analyze_text

    analyze_text(_article(1000), published="2023-01-16")
    for label in args.inputs or list(GEN):
        secs: list[dict[str, float]] = []
        for k in args.sizes:
            prep = _prepare(ingest.from_text(GEN[label](k)), s)
            doc = prepare_doc(nlp.make_doc(prep.norm.text), prep.norm, s, None, {})
            row: dict[str, float] = {}
            for name, proc in nlp.pipeline:
                t0 = time.process_time()
                doc = proc(doc)
                row[name.replace("corroborator_", "c.")] = time.process_time() - t0
            secs.append(row)
            shown = " | ".join(f"{n} {v:.2f}" for n, v in row.items() if v > 0.05)
            print(f"{label:9} {k:6} {len(doc):6} tokens  {shown}", flush=True)
        ratios = [
            f"{n} x{secs[1][n] / secs[0][n]:.1f}" for n in secs[1] if n.startswith("c.") and secs[1][n] > 0.05 and secs[0][n] > 0
        ]
        print(f"{label:9} ratio   " + (" | ".join(ratios) or "(no corroborator stage above 0.05 s)"), flush=True)


if __name__ == "__main__":
    main()
