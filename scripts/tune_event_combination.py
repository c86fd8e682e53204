"""Choose how the event-type classifier is combined with the trigger lexicon, out of fold.

Reads the out-of-fold classifier probabilities written by ``scripts/train_event_model.py``
(``training/event_type/oof.jsonl``): our own written sentences (PLOVER type labels) and the real
CAMEO-coded wire sentences (five-class labels, with the lexicon's first event stored by the
training script). It codes the written sentences with the lexicon alone and prints, for each
combination policy over a grid of thresholds, the PLOVER-type accuracy on the written sentences
and the five-class accuracy on the CAMEO sentences:

* ``fallback``: the classifier's type when the lexicon finds no event and its probability >= t;
* ``override``: also, when the lexicon found an event, the classifier's own class gives the
  lexicon type's five-class group a total probability < v and its top type has probability >= u,
  the classifier's type replaces the lexicon's (NONE: the event is vetoed).

Never the PLOVER gold set or the held-out sets. The chosen thresholds go into ``nlp/events.py``
(``MODEL_*`` constants).

    .venv/bin/python scripts/tune_event_combination.py [--model features|embeddings|both]
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OOF = ROOT / "training" / "event_type" / "oof.jsonl"
CACHE = Path("/tmp/corroborator_rules_cache.json")
CLASS_OF = {
    "NONE": 0, "REQUEST": 0, "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "CONCEDE": 2, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "SANCTION": 3, "PROTEST": 4, "MOBILIZE": 4,
    "COERCE": 4, "ASSAULT": 4,
}


def rule_codes(texts: list[str]) -> list[dict]:
    """Lexicon-only first event of each written sentence, cached in /tmp between runs."""
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from train_event_model import lexicon_codes

    cache = json.loads(CACHE.read_text()) if CACHE.exists() else {}
    todo = [t for t in texts if t not in cache or not isinstance(cache[t], dict)]
    if todo:
        for t, c in zip(todo, lexicon_codes(todo)):
            cache[t] = c
        CACHE.write_text(json.dumps(cache))
    return [cache[t] for t in texts]


def _demand(trigger: str) -> bool:
    from corroborator.lexicons import codebook

    stems = tuple(codebook.load("cameo_classes")["request"]["demand_stems"])
    return any(w.startswith(stems) for w in trigger.lower().split())


def combine(lex: dict, probs: dict, t: float, u: float, v: float) -> tuple[str, bool]:
    """(type, keeps the lexicon trigger) under the policy (t, u, v); see the module docstring."""
    mt = max(probs, key=probs.get)
    mp = probs[mt]
    lt = lex["type"]
    if lt == "NONE":
        return (mt, False) if mp >= t else ("NONE", False)
    mass = sum(p for k, p in probs.items() if CLASS_OF[k] == CLASS_OF[lt])
    if mass < v and mp >= u and mt != lt:
        return mt, False
    return lt, True


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="features", choices=["features", "embeddings", "both"])
    args = ap.parse_args()
    rows = [json.loads(x) for x in OOF.read_text().splitlines() if x.strip()]
    for r in rows:
        if "embeddings" in r:  # the average the coder uses when both classifiers are on
            r["both"] = {k: (r["features"][k] + r["embeddings"][k]) / 2 for k in r["features"]}
    rows = [r for r in rows if args.model in r]
    written = [r for r in rows if r["source"] != "cameo"]
    cameo = [r for r in rows if r["source"] == "cameo"]
    for r, lx in zip(written, rule_codes([r["text"] for r in written])):
        r["lexicon"] = lx

    def score(t, u, v) -> tuple[float, float]:
        ok_w = sum(combine(r["lexicon"], r[args.model], t, u, v)[0] == r["label"] for r in written)
        ok_c = 0
        for r in cameo:
            typ, keep = combine(r["lexicon"], r[args.model], t, u, v)
            trig = r["lexicon"]["trigger"] if keep else ""
            k = (3 if _demand(trig) else 0) if typ == "REQUEST" else CLASS_OF[typ]
            ok_c += k == r["cls"]
        return ok_w / max(1, len(written)), ok_c / max(1, len(cameo))

    print(f"{len(written)} written, {len(cameo)} CAMEO sentences (written type accuracy / CAMEO five-class)")
    w, c = score(2.0, 2.0, 0.0)
    print(f"lexicon alone {w:.3f} / {c:.3f}")
    w, c = score(0.0, 0.0, 2.0)
    print(f"classifier alone {w:.3f} / {c:.3f}")
    results = []
    for t in (0.3, 0.4, 0.5):
        results.append((*score(t, 2.0, 0.0), f"fallback t={t}"))
    for t, u, v in itertools.product((0.3, 0.4, 0.5), (0.3, 0.4, 0.5, 0.6, 0.7, 0.8), (0.1, 0.2, 0.3, 0.4, 0.5)):
        results.append((*score(t, u, v), f"override t={t} u={u} v={v}"))
    print("best by CAMEO five-class accuracy:")
    for w, c, name in sorted(results, key=lambda x: -x[1])[:12]:
        print(f"{w:.3f} / {c:.3f}  {name}")
    print("best by the mean of both:")
    for w, c, name in sorted(results, key=lambda x: -(x[0] + x[1]))[:12]:
        print(f"{w:.3f} / {c:.3f}  {name}")


if __name__ == "__main__":
    main()
