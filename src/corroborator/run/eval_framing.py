"""Score the framing stage (loaded terms, scare quotes) and the genre on annotated data.

``evaluate(settings=None, path=None, corpus=None) -> dict``
    The development set ``tests/data/framing_dev.jsonl``: hand annotations of the 19 openly
    licensed articles in ``shared/data/multisource/`` (news, encyclopedia, opinion, advocacy,
    interview). The texts are read at run time from ``shared/``; each line names a file and
    gives character offsets into it (plus a few words of anchor), never the text itself:

    - ``loaded_terms``: evaluative or loaded wording in the author's voice that a reader should
      be shown (core items, counted for recall);
    - ``loaded_optional``: borderline wording (legal evaluations such as "unlawful force",
      intensifiers, event words with a slant, loaded words of a short quote from a speaker):
      a prediction on them is neither right nor wrong;
    - ``scare_quotes``: quote marks the author uses to distance themself from a word;
    - ``other_quotes``: quote marks that are not scare quotes (direct speech, partial
      quotations, slogans, names, glosses), for reading the errors;
    - ``genre``: ``reporting`` or ``opinion`` (advocacy and interviews with advocates count as
      opinion, news and encyclopedia text as reporting), ``kind`` as the corpus README has it.

    Only the body is analysed (the text after the first blank line; the title goes in as
    metadata). A predicted loaded term is right when it overlaps a core item, neutral when it
    overlaps only an optional one, wrong otherwise; each core item is found when a prediction
    overlaps it. A predicted scare quote is right when its quote marks overlap a gold scare
    quote. Reported: totals, precision of loaded terms on reporting texts (and wrong terms per
    1,000 words), recall on opinion texts, scare quotes found on reporting texts, genre
    accuracy and every item per file.

``evaluate_gold(path) -> dict``
    The project's own short passages (``tests/data/framing_gold.jsonl``, dev and held-out
    splits), matched by text.

This is development data: rules were written while looking at it. Nothing here trains.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from pathlib import Path
from typing import Optional

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[3]
DEV_SET = REPO / "tests" / "data" / "framing_dev.jsonl"
GOLD_SET = REPO / "tests" / "data" / "framing_gold.jsonl"
CORPUS = REPO.parent / "shared" / "data" / "multisource"

__all__ = ["evaluate", "evaluate_gold", "wire_rate", "DEV_SET", "GOLD_SET", "CORPUS"]


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp, "predicted": n_pred, "gold": n_gold}


def _overlaps(a: tuple[int, int], b: dict) -> bool:
    return a[0] < b["end"] and b["start"] < a[1]


def _split(text: str) -> tuple[str, dict, int]:
    """(body, metadata, body offset) of a corpus file: title line, ``key: value`` lines, blank line, body."""
    head, sep, _ = text.partition("\n\n")
    if not sep:
        return text, {}, 0
    lines = head.split("\n")
    meta = {"title": lines[0].strip()}
    for line in lines[1:]:
        key, _, value = line.partition(":")
        if key.strip() in ("date", "outlet", "url"):
            meta[key.strip()] = value.strip()
    return text[len(head) + 2 :], meta, len(head) + 2


def _score_file(item: dict, text: str, analysis, offset: int) -> dict:
    """Per-file result: loaded terms and scare quotes matched against the annotation."""
    core, optional = item.get("loaded_terms", []), item.get("loaded_optional", [])
    found = [False] * len(core)
    right, wrong, neutral = [], [], []
    for t in analysis.framing.loaded_terms:
        span = (t.start + offset, t.end + offset)
        hits = [i for i, g in enumerate(core) if _overlaps(span, g)]
        if hits:
            for i in hits:
                found[i] = True
            right.append(t.text)
        elif any(_overlaps(span, g) for g in optional):
            neutral.append(t.text)
        else:
            wrong.append(f"{t.text} ({t.category})")
    gold_sq = item.get("scare_quotes", [])
    sq_found = [False] * len(gold_sq)
    sq_right, sq_wrong = [], []
    for q in analysis.framing.scare_quotes:
        span = (q.start + offset, q.end + offset)
        hits = [i for i, g in enumerate(gold_sq) if _overlaps(span, g)]
        for i in hits:
            sq_found[i] = True
        (sq_right if hits else sq_wrong).append(f"{q.text} ({q.reason})" if not hits else q.text)
    return {
        "file": item["file"],
        "genre": {"gold": item.get("genre"), "predicted": analysis.article.genre, "signals": analysis.article.genre_signals},
        "loaded_terms": {
            "right": right,
            "wrong": wrong,
            "neutral": neutral,
            "missed": [g["anchor"] for g, f in zip(core, found) if not f],
            "found": sum(found),
            "gold": len(core),
        },
        "scare_quotes": {
            "right": sq_right,
            "wrong": sq_wrong,
            "missed": [g["anchor"] for g, f in zip(gold_sq, sq_found) if not f],
            "found": sum(sq_found),
            "gold": len(gold_sq),
        },
        "words": item.get("words") or len(text.split()),
    }


def evaluate(settings=None, path: Optional[Path] = None, corpus: Optional[Path] = None) -> dict:
    """Precision/recall of loaded terms and scare quotes, and genre accuracy, on the dev set.

    Returns ``{"skipped": reason}`` when the annotation file or the corpus is absent."""
    from .analyze import analyze_text  # the pipeline; this module is not imported by any stage

    path = Path(path or DEV_SET)
    corpus = Path(corpus or CORPUS)
    if not path.exists():
        return {"skipped": f"annotation file not found: {path}"}
    if not corpus.exists():
        return {"skipped": f"corpus not found: {corpus}"}
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    files = []
    for item in items:
        f = corpus / item["file"]
        if not f.exists():
            logger.warning("framing dev set: %s not found, skipped", f)
            continue
        text = f.read_text(encoding="utf-8")
        body, meta, offset = _split(text)
        kwargs = {k: meta[k] for k in ("title", "outlet", "url") if meta.get(k)}
        if meta.get("date") and meta["date"] != "unknown":
            kwargs["published"] = meta["date"]
        analysis = analyze_text(body, source=item["file"], settings=settings, **kwargs)
        files.append(_score_file(item, text, analysis, offset))

    def totals(rows: list[dict], key: str) -> dict:
        right = sum(len(r[key]["right"]) for r in rows)
        wrong = sum(len(r[key]["wrong"]) for r in rows)
        found = sum(r[key]["found"] for r in rows)
        gold = sum(r[key]["gold"] for r in rows)
        p = right / (right + wrong) if right + wrong else 1.0
        rec = found / gold if gold else 1.0
        return {"precision": round(p, 3), "recall": round(rec, 3), "right": right, "wrong": wrong, "found": found, "gold": gold}

    reporting = [r for r in files if r["genre"]["gold"] == "reporting"]
    opinion = [r for r in files if r["genre"]["gold"] == "opinion"]
    rep_words = sum(r["words"] for r in reporting) or 1
    genre_ok = sum(1 for r in files if r["genre"]["gold"] == r["genre"]["predicted"])
    out = {
        "files": len(files),
        "loaded_terms": totals(files, "loaded_terms"),
        "loaded_terms_reporting": {
            **totals(reporting, "loaded_terms"),
            "wrong_per_1000_words": round(1000 * sum(len(r["loaded_terms"]["wrong"]) for r in reporting) / rep_words, 2),
        },
        "loaded_terms_opinion": totals(opinion, "loaded_terms"),
        "scare_quotes": totals(files, "scare_quotes"),
        "scare_quotes_on_reporting": sum(len(r["scare_quotes"]["wrong"]) + len(r["scare_quotes"]["right"]) for r in reporting),
        "genre": {
            "accuracy": round(genre_ok / len(files), 3) if files else 0.0,
            "confusion": dict(Counter(f"{r['genre']['gold']}->{r['genre']['predicted']}" for r in files)),
        },
        "per_file": files,
    }
    return out


def evaluate_gold(path: Optional[Path] = None) -> dict:
    """Precision and recall of the scare-quote and loaded-term detectors on the project's own passages.

    Each line: ``{"id", "split", "text", "scare_quotes": [inner words...], "loaded_terms": [words...]}``;
    a prediction counts as correct when its text matches a gold item of the same passage
    (case-insensitive, each gold item used once). Returns ``{"scare_quotes": {precision, recall,
    f1, ...}, "loaded_terms": {...}, "splits": {"dev": {...}, "heldout": {...}}, "passages": n,
    "errors": [...]}``. The "dev" passages were used while writing the rules; the "heldout" ones
    were scored once after the rules were frozen.
    """
    from .analyze import analyze_text

    keys = ("scare_quotes", "loaded_terms")
    totals: dict[str, dict[str, list[int]]] = {}  # split -> key -> [tp, predicted, gold]
    errors = []
    n = 0
    for line in Path(path or GOLD_SET).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        n += 1
        analysis = analyze_text(item["text"], source=item.get("id", "gold"), stages={"framing"})
        pred = {
            "scare_quotes": [q.text.strip().lower() for q in analysis.framing.scare_quotes],
            "loaded_terms": [t.text.strip().lower() for t in analysis.framing.loaded_terms],
        }
        for split in ("all", item.get("split", "dev")):
            totals.setdefault(split, {k: [0, 0, 0] for k in keys})
        for key in keys:
            gold = Counter(x.strip().lower() for x in item.get(key, []))
            got = Counter(pred[key])
            tp = sum((gold & got).values())
            for split in ("all", item.get("split", "dev")):
                t = totals[split][key]
                t[0] += tp
                t[1] += sum(got.values())
                t[2] += sum(gold.values())
            missed = list((gold - got).elements())
            extra = list((got - gold).elements())
            if missed or extra:
                errors.append({"id": item.get("id"), "kind": key, "missed": missed, "spurious": extra})
    out: dict = {key: _prf(*vals) for key, vals in totals.get("all", {k: [0, 0, 0] for k in keys}).items()}
    out["splits"] = {split: {key: _prf(*vals) for key, vals in t.items()} for split, t in totals.items() if split != "all"}
    out["passages"] = n
    out["errors"] = errors
    return out


PLOVER_GOLD = REPO.parent / "shared" / "data" / "plover_gsr.jsonl"
CAMEO_WIRE = REPO.parent / "shared" / "data" / "real" / "cameo_penta_train.tsv"


def wire_rate(path: Optional[Path] = None, limit: Optional[int] = None) -> dict:
    """Loaded terms and scare quotes the stage reports on single news sentences (wire copy).

    ``path``: a JSONL file with a ``text`` field (default: the PLOVER gold sentences, which are
    only measured on, never fitted to) or a TSV file whose first column is the sentence (the
    CAMEO wire sentences; the framing codebook's news-register list was drawn from them, so
    the rate there is not an independent measurement). Every hit counts as a false positive
    on wire copy unless a reader judges it; the listing is there for that."""
    from ..contract.records import Skipped
    from ..text import ingest
    from .analyze import analyze_documents

    path = Path(path or PLOVER_GOLD)
    if not path.exists():
        return {"skipped": f"file not found: {path}"}
    texts: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        text = json.loads(line)["text"] if path.suffix == ".jsonl" else line.split("\t")[0]
        if text not in texts:
            texts.append(text)
    texts = texts[:limit] if limit else texts
    words = 0
    loaded: Counter = Counter()
    scare: list[str] = []
    skipped = 0
    items = ((ingest.from_text(text, source="wire", fmt="text"), {}) for text in texts)
    for text, a in zip(texts, analyze_documents(items, stages={"framing"})):  # parsed in batches
        words += len(text.split())
        if isinstance(a, Skipped):
            skipped += 1
            continue
        loaded.update(f"{t.text.lower()} ({t.category})" for t in a.framing.loaded_terms)
        scare += [q.text for q in a.framing.scare_quotes]
    n_loaded = sum(loaded.values())
    return {
        "sentences": len(texts),
        "not_analysed": skipped,  # refused by the pipeline (language, length): not counted
        "words": words,
        "loaded_terms": n_loaded,
        "loaded_per_1000_words": round(1000 * n_loaded / words, 2) if words else 0.0,
        "scare_quotes": len(scare),
        "loaded": dict(loaded.most_common()),
        "scare": scare,
    }
