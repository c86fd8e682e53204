"""Measure the event coder on real wire sentences coded in CAMEO's five broad classes.

Reads ``../shared/data/real/cameo_penta_train.tsv`` (text<TAB>label; see its README) at run
time, codes every sentence with the full pipeline (events stage), maps the first event's PLOVER
type to its five-class label (table in the README; no event = class 0) and prints accuracy and
the confusion matrix. ``--errors N`` prints N misclassified sentences with the coder's output, for
reading; ``--dump FILE`` writes every prediction as JSON Lines (kept outside the repository: the
sentences belong to their publishers).

A stop-gap until ``corroborator eval cameo`` lands in run/evaluate.py.

    .venv/bin/python scripts/eval_cameo_dev.py [--no-classifier] [--errors 100] [--lower]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CAMEO = ROOT / ".." / "shared" / "data" / "real" / "cameo_penta_train.tsv"

PLOVER_CLASS = {
    "REQUEST": 0, "NONE": 0,
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2, "CONCEDE": 2,
    "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "SANCTION": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}


DEMAND_STEMS = ("demand", "insist", "order", "require", "instruct", "direct", "press", "pressur", "clamo",
                "enjoin", "ultimat", "command")


def _demand_stems() -> tuple:
    """REQUEST triggers CAMEO codes as demands (class 3), from the scorer's codebook when present."""
    path = ROOT / "src" / "corroborator" / "lexicons" / "codebooks" / "cameo_classes.json"
    if path.exists():
        return tuple(json.loads(path.read_text(encoding="utf-8"))["request"]["demand_stems"])
    return DEMAND_STEMS


def class_of(ev: dict | None, stems: tuple) -> int:
    if ev is None:
        return 0
    if ev["type"] == "REQUEST" and any(w.startswith(stems) for w in ev["trigger"].lower().split()):
        return 3
    return PLOVER_CLASS[ev["type"]]


def read_cameo(path: Path = CAMEO) -> list[tuple[str, int]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            text, label = line.rsplit("\t", 1)
            rows.append((text.strip(), int(label)))
    return rows


def _fold(text: str) -> int:
    """The fold of scripts/train_event_model.py."""
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % 5


def code_out_of_fold(texts: list[str], keys: list[str], settings, models: Path) -> list[dict]:
    """Code each sentence with the classifier trained without its fold (``--cv-models`` of
    scripts/train_event_model.py), so that the whole coder is measured on unseen sentences."""
    from corroborator.nlp import _event_model

    out: list = [None] * len(texts)
    for k in range(5):
        idx = [i for i, key in enumerate(keys) if _fold(key) == k]
        _event_model.FEATURE_MODEL_FILE = models / f"fold{k}.npz"
        _event_model._feature_weights.cache_clear()
        for i, c in zip(idx, code([texts[i] for i in idx], settings)):
            out[i] = c
    return out


def code(texts: list[str], settings) -> list[dict]:
    from corroborator.run.analyze import analyze_text

    settings = settings.model_copy(update={"detect_language": False})
    out = []
    for text in texts:
        a = analyze_text(text, settings=settings, stages={"events"})
        evs = [{"type": e.plover.type, "trigger": e.trigger.text, "conf": e.confidence,
                "fact": e.factuality} for e in a.events]
        out.append({"first": evs[0]["type"] if evs else "NONE", "events": evs})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-classifier", action="store_true")
    ap.add_argument("--embeddings", action="store_true")
    ap.add_argument("--lower", action="store_true", help="code lower-cased copies of the sentences")
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--dump", default="")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--cv-models", default="", help="directory of fold models: measure out of fold")
    args = ap.parse_args()
    from corroborator.contract.settings import Settings

    if not CAMEO.exists():
        sys.exit(f"{CAMEO} not found")
    rows = read_cameo()
    if args.limit:
        rows = rows[: args.limit]
    texts = [t.lower() if args.lower else t for t, _ in rows]
    settings = Settings(use_classifier=not args.no_classifier, use_embeddings=args.embeddings)
    t0 = time.perf_counter()
    if args.cv_models:
        coded = code_out_of_fold(texts, [t for t, _ in rows], settings, Path(args.cv_models))
    else:
        coded = code(texts, settings)
    secs = time.perf_counter() - t0
    gold = [y for _, y in rows]
    stems = _demand_stems()
    pred = [class_of(c["events"][0] if c["events"] else None, stems) for c in coded]
    acc = sum(g == p for g, p in zip(gold, pred)) / len(rows)
    conf = Counter(zip(gold, pred))
    print(f"{len(rows)} sentences, {secs:.1f} s; five-class accuracy {acc:.4f}")
    print("gold\\pred " + " ".join(f"{p:>5}" for p in range(5)))
    for g in range(5):
        print(f"{g:>9} " + " ".join(f"{conf[(g, p)]:>5}" for p in range(5)))
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            for (t, y), c in zip(rows, coded):
                fh.write(json.dumps({"text": t, "label": y, **c}) + "\n")
    if args.errors:
        errs = [(t, y, c, p) for (t, y), c, p in zip(rows, coded, pred) if p != y]
        random.Random(1).shuffle(errs)
        for t, y, c, p in errs[: args.errors]:
            print(f"\n[{y} -> {p}] {t}\n   {c['events']}")


if __name__ == "__main__":
    main()
