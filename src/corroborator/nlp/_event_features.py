"""Parse features of one sentence for the linear event-type classifier (:mod:`._event_model`).

The features describe what a coder looks at: the main predicate (the content verb under a
reporting verb: "said it would withdraw" -> withdraw), its particle, object, complement verb and
prepositional objects, negation, future or modal marking and voice, plus the sentence's content
lemmas. Names are left out (``PROPN`` tokens become their entity label), so that the classifier
learns acts, not actors. Computing them costs a walk over the sentence's tokens; no model is
loaded.
"""

from __future__ import annotations

from typing import Iterable

from ._event_lexicon import rule_words as _rule_words

CONTENT_POS = {"VERB", "NOUN", "ADJ", "ADV", "AUX"}
REPORTING = _rule_words("reporting")
FUTURE_AUX = _rule_words("future_aux")
MODALS = _rule_words("modals")
COMPLEMENT_DEPS = ("xcomp", "ccomp")
STOP_LEMMAS = _rule_words("stop_lemmas")


def _lemma(tok) -> str:
    if tok.pos_ == "PROPN":
        return "<" + (tok.ent_type_ or "PROPN") + ">"
    if tok.like_num:
        return "<NUM>"
    return tok.lemma_.lower()


def _obj(tok):
    for c in tok.children:
        if c.dep_ in ("dobj", "obj", "dative", "attr", "oprd") or (c.dep_ == "nsubjpass"):
            return c
    return None


def main_predicate(sent, reporting=REPORTING):
    """(root, main predicate): the root, or the content verb a reporting root governs
    ("said it would withdraw" -> withdraw)."""
    root = sent.root
    main = root
    if root.lemma_.lower() in reporting:
        for c in root.children:
            if c.dep_ in COMPLEMENT_DEPS and c.pos_ in ("VERB", "AUX", "ADJ"):
                main = c
                break
    return root, main


def _verb_features(v, tag: str) -> Iterable[str]:
    lem = _lemma(v)
    yield f"{tag}={lem}"
    prt = [c.lower_ for c in v.children if c.dep_ == "prt"]
    for p in prt:
        yield f"{tag}={lem}_{p}"
    o = _obj(v)
    if o is not None:
        yield f"{tag}o={lem}|{_lemma(o)}"
        yield f"{tag}O={_lemma(o)}"
    for c in v.children:
        if c.dep_ == "neg":
            yield f"{tag}:neg"
        elif c.dep_ in ("aux", "auxpass"):
            low = c.lower_
            if low in FUTURE_AUX or (c.lemma_ == "go" and any(x.dep_ == "xcomp" for x in v.children)):
                yield f"{tag}:fut"
            elif low in MODALS:
                yield f"{tag}:modal"
            if c.dep_ == "auxpass":
                yield f"{tag}:pass"
        elif c.dep_ == "prep":
            yield f"{tag}p={lem}|{c.lower_}"
            for g in c.children:
                if g.dep_ == "pobj":
                    yield f"{tag}po={lem}|{c.lower_}|{_lemma(g)}"
        elif c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX"):
            xl = _lemma(c)
            yield f"{tag}x={lem}|{xl}"
            yield f"{tag}X={xl}"
            xo = _obj(c)
            if xo is not None:
                yield f"{tag}Xo={xl}|{_lemma(xo)}"
            if any(g.dep_ == "neg" for g in c.children):
                yield f"{tag}X:neg"
        elif c.dep_ == "dobj" and c.pos_ == "NOUN":
            for g in c.children:
                if g.dep_ == "acl" and g.pos_ == "VERB":  # "called on X to release"
                    yield f"{tag}x={lem}|{_lemma(g)}"


def sentence_features(sent) -> list[str]:
    """Sparse binary features of a spaCy sentence span (deduplicated, in a stable order)."""
    feats: list[str] = []
    root, main = main_predicate(sent)
    feats.extend(_verb_features(main, "m"))
    if main is not root:
        feats.append(f"rep={root.lemma_.lower()}")
    for c in main.children:
        if c.dep_ == "conj" and c.pos_ == "VERB":
            feats.extend(_verb_features(c, "c"))
    prev = None
    for tok in sent:
        if tok.is_punct or tok.is_space:
            continue
        lem = _lemma(tok)
        if tok.pos_ in CONTENT_POS and lem not in STOP_LEMMAS:
            feats.append(f"w={lem}")
            if prev is not None:
                feats.append(f"b={prev}_{lem}")
            prev = lem
        elif tok.pos_ == "PART" and tok.dep_ == "neg":
            feats.append("w=<neg>")
    seen = set()
    out = []
    for f in feats:
        if f not in seen:
            seen.add(f)
            out.append(f)
    return out
