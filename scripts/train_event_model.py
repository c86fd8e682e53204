"""Train the optional event-type classifier (MiniLM sentence embeddings + logistic regression).

Training data: corroborator's own development sentences (``eval_data/events_dev*.jsonl``), each
labelled with the PLOVER type of its first gold event, or NONE. The held-out evaluation set
(``events_gold.jsonl``) and the PLOVER gold records are never used here.

The model is a second opinion used only when ``Settings.use_embeddings`` is on and the trigger
lexicon finds no event in a sentence. Output: ``src/corroborator/models/event_type_lr.npz``
(classes, coefficients, intercepts: a few tens of KB).

    .venv/bin/python scripts/train_event_model.py
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "corroborator" / "eval_data"
OUT = ROOT / "src" / "corroborator" / "models" / "event_type_lr.npz"
TRAIN_FILES = ["events_dev.jsonl", "events_dev2.jsonl", "events_dev3.jsonl", "events_dev4.jsonl"]


def load_examples() -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for name in TRAIN_FILES:
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            texts.append(r["text"])
            labels.append(r["events"][0]["type"] if r["events"] else "NONE")
    return texts, labels


def main() -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score

    from corroborator.extract._event_model import embed

    texts, labels = load_examples()
    X = embed(texts)
    y = np.array(labels)
    clf = LogisticRegression(C=4.0, max_iter=2000)
    scores = cross_val_score(clf, X, y, cv=5)
    clf.fit(X, y)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT, classes=np.array([str(c) for c in clf.classes_]), coef=clf.coef_.astype(np.float32), intercept=clf.intercept_.astype(np.float32))
    print(f"{len(texts)} sentences, {len(set(labels))} classes, 5-fold accuracy {scores.mean():.3f}; wrote {OUT}")


if __name__ == "__main__":
    main()
