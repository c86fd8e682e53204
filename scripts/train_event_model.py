"""Train the optional event-type classifier (MiniLM sentence embeddings + logistic regression).

Training data, all written for corroborator (never the PLOVER gold records, never the held-out
``events_gold.jsonl``):

* the development sentences ``eval_data/events_dev*.jsonl``, labelled with the PLOVER type of
  their first gold event (or NONE);
* short sentences generated from the trigger lexicon itself: for each typed rule of a verb, an
  actor, the verb in the past tense and an object named by the rule ("The army shelled the
  positions"); for each noun rule with light verbs, "The opposition staged a protest". They teach
  the classifier the lexicon's vocabulary so that it can map unseen near-synonyms to a type.

The model is a second opinion used only when ``Settings.use_embeddings`` is on and the trigger
lexicon finds no event in a sentence. Output: ``src/corroborator/models/event_type_lr.npz``.

    .venv/bin/python scripts/train_event_model.py
"""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "corroborator" / "eval_data"
LEXICON = ROOT / "src" / "corroborator" / "codebooks" / "event_lexicon.json"
OUT = ROOT / "src" / "corroborator" / "models" / "event_type_lr.npz"
TRAIN_FILES = ["events_dev.jsonl", "events_dev2.jsonl", "events_dev3.jsonl", "events_dev4.jsonl", "events_dev5.jsonl", "events_dev6.jsonl"]
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


def load_examples() -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for name in TRAIN_FILES:
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            texts.append(r["text"])
            labels.append(r["events"][0]["type"] if r["events"] else "NONE")
    return texts, labels


def _past(lemma: str, irregular_past: dict) -> str:
    if lemma in irregular_past:
        return irregular_past[lemma]
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return lemma[:-1] + "ied"
    return lemma + "ed"


def generated_examples(rng: random.Random) -> tuple[list[str], list[str]]:
    lex = json.loads(LEXICON.read_text(encoding="utf-8"))
    irregular_past = {}
    for form, base in lex["irregular_forms"].items():
        irregular_past.setdefault(base, form)
    subjects = itertools.cycle(SUBJECTS)
    texts, labels = [], []
    for lemma, rules in lex["verbs"].items():
        for r in rules:
            t = r.get("type")
            if r.get("skip") or not t or t.startswith("@"):
                continue
            cond = r.get("if", {})
            words = [w for w in cond.get("obj", []) if not w.startswith("@")]
            obj = f"the {words[0]}" if words else FALLBACK_OBJECT[t]
            prt = " " + cond["prt"][0] if cond.get("prt") else ""
            texts.append(f"{next(subjects)} {_past(lemma, irregular_past)}{prt} {obj} on Tuesday.")
            labels.append(t)
    for noun, rules in lex["nouns"].items():
        for r in rules:
            t = r.get("type")
            if r.get("skip") or not t:
                continue
            light = (r.get("if", {}).get("light") or ["stage", "hold", "launch"])[0]
            texts.append(f"{next(subjects)} {_past(light, irregular_past)} a {noun} in the capital.")
            labels.append(t)
    order = list(range(len(texts)))
    rng.shuffle(order)
    return [texts[i] for i in order], [labels[i] for i in order]


def main() -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score

    from corroborator.extract._event_model import embed

    rng = random.Random(7)
    own_texts, own_labels = load_examples()
    gen_texts, gen_labels = generated_examples(rng)
    X_own = embed(own_texts)
    X_gen = embed(gen_texts)
    # cross-validation on the written sentences only, with all generated ones in every training fold
    y_own = np.array(own_labels)
    folds = np.arange(len(own_texts)) % 5
    accs = []
    for k in range(5):
        tr, te = folds != k, folds == k
        clf = LogisticRegression(C=4.0, max_iter=3000)
        clf.fit(np.vstack([X_own[tr], X_gen]), np.concatenate([y_own[tr], gen_labels]))
        accs.append(float((clf.predict(X_own[te]) == y_own[te]).mean()))
    clf = LogisticRegression(C=4.0, max_iter=3000)
    clf.fit(np.vstack([X_own, X_gen]), np.concatenate([y_own, gen_labels]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        OUT,
        classes=np.array([str(c) for c in clf.classes_]),
        coef=clf.coef_.astype(np.float32),
        intercept=clf.intercept_.astype(np.float32),
    )
    print(
        f"{len(own_texts)} written + {len(gen_texts)} generated sentences, {len(set(own_labels))} classes, "
        f"5-fold accuracy on written sentences {np.mean(accs):.3f}; wrote {OUT}"
    )


if __name__ == "__main__":
    main()
