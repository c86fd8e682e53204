"""Choose how the event-type classifier is combined with the trigger lexicon, on our own sentences.

Reads the out-of-fold classifier probabilities written by ``scripts/train_event_model.py``
(``training/event_type/oof.jsonl``), codes the same sentences with the lexicon alone, and prints
the accuracy of each combination policy over a grid of thresholds:

* ``fallback``: the classifier's type when the lexicon finds no event and its probability >= t;
* ``override``: also replace a lexicon type when the classifier gives another type with
  probability >= u and the lexicon rule's confidence is <= c.

Only sentences written for corroborator are used (never the PLOVER gold set or the held-out
sets). The chosen thresholds go into ``extract/events.py`` (``MODEL_*`` constants).

    .venv/bin/python scripts/tune_event_combination.py [--model features|embeddings] [--sources train_]
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OOF = ROOT / "training" / "event_type" / "oof.jsonl"
CACHE = Path("/tmp/corroborator_rules_cache.json")


def rule_codes(texts: list[str]) -> list[tuple[str, float]]:
    from corroborator.run.evaluate import _code_texts
    from corroborator.contract.settings import Settings

    cache = json.loads(CACHE.read_text()) if CACHE.exists() else {}
    todo = [t for t in texts if t not in cache]
    if todo:
        coded = _code_texts(todo, Settings(use_classifier=False))
        for t, evs in zip(todo, coded):
            cache[t] = [evs[0].plover.type, evs[0].confidence] if evs else ["NONE", 0.0]
        CACHE.write_text(json.dumps(cache))
    return [tuple(cache[t]) for t in texts]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="features", choices=["features", "embeddings", "both"])
    ap.add_argument("--sources", default="", help="only rows whose source file name starts with this")
    args = ap.parse_args()
    rows = [json.loads(x) for x in OOF.read_text().splitlines() if x.strip()]
    rows = [r for r in rows if r["source"].startswith(args.sources)]
    for r in rows:
        if "embeddings" in r:  # the average the coder uses when both classifiers are on
            r["both"] = {k: (r["features"][k] + r["embeddings"][k]) / 2 for k in r["features"]}
    rows = [r for r in rows if args.model in r]
    rules = rule_codes([r["text"] for r in rows])
    n = len(rows)

    def score(policy) -> float:
        ok = 0
        for r, (rt, rc) in zip(rows, rules):
            probs = r[args.model]
            mt = max(probs, key=probs.get)
            ok += policy(rt, rc, mt, probs[mt]) == r["label"]
        return ok / n

    print(f"{n} sentences; lexicon alone {score(lambda rt, rc, mt, mp: rt):.3f}; "
          f"classifier alone {score(lambda rt, rc, mt, mp: mt):.3f}")
    best = []
    for t in (0.2, 0.3, 0.4, 0.5, 0.6):
        acc = score(lambda rt, rc, mt, mp: mt if rt == "NONE" and mp >= t else rt)
        best.append((acc, f"fallback t={t}"))
    for t, u, c in itertools.product((0.2, 0.3, 0.4), (0.5, 0.6, 0.7, 0.8, 0.9), (0.4, 0.6, 0.8, 1.0)):
        def pol(rt, rc, mt, mp, t=t, u=u, c=c):
            if rt == "NONE":
                return mt if mp >= t else rt
            if mt != rt and mt != "NONE" and mp >= u and rc <= c:
                return mt
            return rt
        best.append((score(pol), f"override t={t} u={u} c={c}"))
    for acc, name in sorted(best, reverse=True)[:12]:
        print(f"{acc:.3f}  {name}")
    print("fallback only:")
    for acc, name in best:
        if name.startswith("fallback"):
            print(f"{acc:.3f}  {name}")


if __name__ == "__main__":
    main()
