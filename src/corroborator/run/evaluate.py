"""Score the event coder on gold data.

``eval_plover(path)``
    The PLOVER gold-standard records (``shared/data/plover_gsr.jsonl``: one news-style sentence,
    one coded event each). Each sentence is analysed on its own with the full pipeline; the
    prediction is the PLOVER type of the FIRST event the coder returns for it (events are in
    text order), or ``"NONE"`` when it finds none, which counts as wrong. Reported: accuracy,
    per-type precision/recall/F1 and their macro average over the gold types.

    Duplicated texts: a few sentences occur twice in the file with different records (some with
    two different event types). They are scored once per distinct text, as multi-label items:
    the prediction is correct if it equals the type of ANY record of that text; for the per-type
    counts the matched type is the gold label (else the first record's type). So ``n`` is the
    number of distinct texts and ``n_records`` the number of lines.

``eval_events(path=None)``
    corroborator's own annotated wire-style sentences (default: the packaged
    ``eval_data/events_gold.jsonl``): each with zero or more gold events (trigger word or
    acceptable alternatives, PLOVER type and mode, ACLED type). A predicted event matches a
    gold event when their trigger spans overlap (one-to-one, greedy in text order).
    Reported for the coder and for a keyword baseline (the type of the first word of a flat
    keyword list found in the sentence, one event per sentence at most): detection P/R/F1
    (trigger overlap only), typed P/R/F1 (overlap and same PLOVER type), ACLED agreement on
    typed matches, and false events on the sentences that have none.

``eval_cameo(path=None)``
    Real wire sentences with CAMEO five-class labels (default: ``shared/data/real/
    cameo_penta_train.tsv`` beside the repository, ``text<TAB>label``). A sentence's class is the
    class of the PLOVER type of its first event (codebook ``cameo_classes``: the table of the data's
    README; REQUEST is an appeal, class 0, unless its trigger is a demand or an order, class 3; no
    event is class 0). Reported for the coder and the keyword baseline: accuracy, macro-F1,
    per-class P/R/F1, confusion matrix.

``eval_multisource(directory=None)``
    The 19 real articles of ``shared/data/multisource`` analysed one by one (with the publication
    date a file states), scored against the answer key ``ANSWERS.md`` as transcribed, ids and
    numbers only, in ``tests/data/multisource_events.jsonl``: recall of key events of a compatible
    PLOVER type in each file that reports them, and recall/precision of the figures (dead, injured,
    arrested, participants) on each file's events.

``eval_all()``
    One summary of every set above that is present, plus every ``corroborator.run.eval_*`` module
    exposing ``evaluate(settings=None) -> dict`` (found with pkgutil), with their top-line numbers.

All read the files given; nothing here trains on evaluation data. Texts are parsed in batches
with ``nlp.pipe`` (events stage only).
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable, Optional

from ..contract.errors import InputError

logger = logging.getLogger(__name__)

EVENTS_GOLD = Path(__file__).resolve().parent.parent / "eval_data" / "events_gold.jsonl"

PLOVER_TYPES = [
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
    "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]

# A flat keyword list: the baseline a newcomer would write first. Word stems, first hit decides.
BASELINE_KEYWORDS = [
    ("agree", "AGREE"), ("promise", "AGREE"), ("pledge", "AGREE"),
    ("meet", "CONSULT"), ("met ", "CONSULT"), ("talks", "CONSULT"), ("visit", "CONSULT"),
    ("praise", "SUPPORT"), ("sign", "SUPPORT"), ("welcome", "SUPPORT"),
    ("pardon", "CONCEDE"), ("apolog", "CONCEDE"), ("lift", "CONCEDE"),
    ("cooperat", "COOPERATE"), ("extradit", "COOPERATE"),
    ("aid", "AID"), ("donat", "AID"), ("provide", "AID"),
    ("release", "RETREAT"), ("withdr", "RETREAT"), ("resign", "RETREAT"),
    ("urge", "REQUEST"), ("demand", "REQUEST"), ("call", "REQUEST"), ("appeal", "REQUEST"),
    ("accus", "ACCUSE"), ("condemn", "ACCUSE"), ("criticis", "ACCUSE"), ("investigat", "ACCUSE"),
    ("reject", "REJECT"), ("refus", "REJECT"), ("den", "REJECT"),
    ("threat", "THREATEN"), ("warn", "THREATEN"),
    ("protest", "PROTEST"), ("demonstrat", "PROTEST"), ("strike", "PROTEST"), ("march", "PROTEST"), ("riot", "PROTEST"), ("rall", "PROTEST"),
    ("sanction", "SANCTION"), ("expel", "SANCTION"),
    ("deploy", "MOBILIZE"), ("troops", "MOBILIZE"),
    ("arrest", "COERCE"), ("detain", "COERCE"), ("ban", "COERCE"), ("curfew", "COERCE"),
    ("attack", "ASSAULT"), ("kill", "ASSAULT"), ("bomb", "ASSAULT"), ("shot", "ASSAULT"), ("fire", "ASSAULT"), ("clash", "ASSAULT"),
]
_KW_RE = re.compile(r"\b(" + "|".join(re.escape(k.strip()) for k, _ in BASELINE_KEYWORDS) + r")\w*", re.IGNORECASE)
_KW_TYPE = {k.strip(): t for k, t in BASELINE_KEYWORDS}


def _read_jsonl(path) -> list[dict]:
    p = Path(path)
    if not p.exists():
        raise InputError("E101", source=str(path))
    out = []
    with p.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError("E109", source=str(path), detail=f"{n}: not JSON ({exc})") from exc
    return out


def _code_texts(texts: Iterable[str], settings=None) -> list[list]:
    """Events of each text, analysed alone with the full pipeline (events stage only), parsed in
    batches with ``nlp.pipe``; a text the pipeline skips counts as "no event"."""
    return [list(a.events) if a is not None else [] for a in _code_batch(list(texts), settings)]


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "predicted": n_pred, "gold": n_gold}


# ------------------------------------------------------------------ PLOVER gold

_ACTOR_STOP = {"the", "of", "and", "a", "an", "in", "for", "on", "to", "its", "his", "her", "their", "s"}


def _content_words(text: str) -> set:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _ACTOR_STOP and len(w) > 1}


def _actor_overlap(gold_texts: list, ours: list) -> bool:
    """Lenient match: a gold actor text shares a content word with one of our actors' text or name
    ("Israeli Prime Minister" ~ "Prime Minister Ehud Barak")."""
    ours_words = set()
    for a in ours:
        ours_words |= _content_words(a.text) | _content_words(a.name or "")
    return any(_content_words(g) & ours_words for g in gold_texts)



def eval_plover(path, settings=None) -> dict:
    """Accuracy and per-type P/R/F1 of the first event's PLOVER type (see module docstring).
    ``settings`` (default: the defaults) decides e.g. whether the embedding second opinion runs."""
    records = _read_jsonl(path)
    by_text: dict[str, list[str]] = defaultdict(list)
    recs_of: dict[str, list[dict]] = defaultdict(list)
    order: list[str] = []
    for r in records:
        if r["text"] not in by_text:
            order.append(r["text"])
        by_text[r["text"]].append(r["event"])
        recs_of[r["text"]].append(r)
    t0 = time.perf_counter()
    coded = _code_texts(order, settings)
    elapsed = time.perf_counter() - t0
    pairs = []  # (gold label used for counting, predicted)
    items = []
    correct = 0
    roles = Counter()
    for text, events in zip(order, coded):
        golds = by_text[text]
        pred = events[0].plover.type if events else "NONE"
        ok = pred in golds
        correct += ok
        if ok:
            rec = next(r for r in recs_of[text] if r["event"] == pred)
            for role, gold_key, ours in (("source", "source", events[0].actors), ("target", "target", events[0].targets)):
                if rec.get(gold_key):
                    roles[f"{role}_gold"] += 1
                    roles[f"{role}_found"] += _actor_overlap(rec[gold_key], ours)
        gold = pred if ok else golds[0]
        pairs.append((gold, pred))
        items.append({"text": text, "gold": golds, "predicted": pred, "correct": ok})
    per_type = {}
    types = [t for t in PLOVER_TYPES if any(g == t for g, _ in pairs)]
    for t in types:
        tp = sum(1 for g, p in pairs if g == t and p == t)
        n_pred = sum(1 for _, p in pairs if p == t)
        n_gold = sum(1 for g, _ in pairs if g == t)
        per_type[t] = _prf(tp, n_pred, n_gold)
    macro = sum(v["f1"] for v in per_type.values()) / len(per_type) if per_type else 0.0
    confusion = Counter(f"{g}->{p}" for g, p in pairs if g != p)
    return {
        "kind": "plover",
        "path": str(path),
        "embeddings": bool(settings and settings.use_embeddings),
        "classifier": bool(settings is None or settings.use_classifier),
        "n": len(order),
        "n_records": len(records),
        "accuracy": round(correct / len(order), 4) if order else 0.0,
        "macro_f1": round(macro, 4),
        "no_event": sum(1 for _, p in pairs if p == "NONE"),
        "per_type": per_type,
        "confusions": dict(confusion.most_common(15)),
        # on correctly typed sentences: share of gold source / target actors our first event names
        "actors": {
            role: {"gold": roles[f"{role}_gold"], "found": roles[f"{role}_found"],
                   "rate": round(roles[f"{role}_found"] / roles[f"{role}_gold"], 4) if roles[f"{role}_gold"] else None}
            for role in ("source", "target")
        },
        "seconds": round(elapsed, 2),
        "items": items,
    }


# ------------------------------------------------------------------ own annotated sentences


def _gold_spans(text: str, ev: dict) -> list[tuple[int, int]]:
    spans = []
    for trig in [ev["trigger"], *ev.get("alternatives", [])]:
        i = text.find(trig)
        if i >= 0:
            spans.append((i, i + len(trig)))
    return spans


def _baseline(text: str) -> list[dict]:
    m = _KW_RE.search(text)
    if not m:
        return []
    return [{"type": _KW_TYPE[m.group(1).lower()] if m.group(1).lower() in _KW_TYPE else _KW_TYPE.get(m.group(1).lower().strip(), "ASSAULT"), "start": m.start(), "end": m.end(), "acled": None}]


def _match(gold: list[dict], pred: list[dict], text: str, typed: bool) -> list[tuple[int, int]]:
    used = set()
    pairs = []
    for gi, g in enumerate(gold):
        spans = _gold_spans(text, g)
        for pi, p in enumerate(pred):
            if pi in used:
                continue
            if typed and p["type"] != g["type"]:
                continue
            if any(p["start"] < e and s < p["end"] for s, e in spans):
                used.add(pi)
                pairs.append((gi, pi))
                break
    return pairs


def _score(items: list[dict], key: str) -> dict:
    n_gold = sum(len(it["gold"]) for it in items)
    n_pred = sum(len(it[key]) for it in items)
    det = typed = 0
    acled_n = acled_type = acled_sub = 0
    false_on_empty = 0
    empty = 0
    for it in items:
        text, gold, pred = it["text"], it["gold"], it[key]
        det += len(_match(gold, pred, text, typed=False))
        tpairs = _match(gold, pred, text, typed=True)
        typed += len(tpairs)
        for gi, pi in tpairs:
            ga, pa = gold[gi].get("acled"), pred[pi].get("acled")
            if ga is None and pa is None:
                continue
            acled_n += 1
            if ga and pa and ga["event_type"] == pa["event_type"]:
                acled_type += 1
                if ga.get("sub_event_type") == pa.get("sub_event_type"):
                    acled_sub += 1
        if not gold:
            empty += 1
            false_on_empty += bool(pred)
    return {
        "detection": _prf(det, n_pred, n_gold),
        "typed": _prf(typed, n_pred, n_gold),
        "acled": {
            "compared": acled_n,
            "event_type_accuracy": round(acled_type / acled_n, 4) if acled_n else 0.0,
            "sub_event_type_accuracy": round(acled_sub / acled_n, 4) if acled_n else 0.0,
        },
        "no_event_sentences": empty,
        "false_event_sentences": false_on_empty,
    }


def eval_events(path: Optional[str] = None, settings=None) -> dict:
    """Event detection and typing on annotated sentences, for the coder and the keyword baseline."""
    path = path or EVENTS_GOLD
    records = _read_jsonl(path)
    t0 = time.perf_counter()
    coded = _code_texts((r["text"] for r in records), settings)
    elapsed = time.perf_counter() - t0
    items = []
    for r, events in zip(records, coded):
        pred = [
            {
                "type": e.plover.type,
                "mode": e.plover.mode,
                "trigger": e.trigger.text,
                "start": e.trigger.start,
                "end": e.trigger.end,
                "acled": e.acled.model_dump() if e.acled else None,
                "factuality": e.factuality,
            }
            for e in events
        ]
        items.append({"id": r.get("id"), "text": r["text"], "gold": r.get("events", []), "coder": pred, "baseline": _baseline(r["text"])})
    return {
        "kind": "events",
        "path": str(path),
        "embeddings": bool(settings and settings.use_embeddings),
        "classifier": bool(settings is None or settings.use_classifier),
        "n": len(records),
        "coder": _score(items, "coder"),
        "baseline": _score(items, "baseline"),
        "seconds": round(elapsed, 2),
        "items": items,
    }


# ------------------------------------------------------------------ real data: CAMEO five classes

# The development data lives next to the repository (../shared/data), never inside it.
SHARED_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
CAMEO_DEV = SHARED_DATA / "real" / "cameo_penta_train.tsv"
CAMEO_CLASSES = [0, 1, 2, 3, 4]


def _cameo_codebook() -> dict:
    from ..lexicons import codebook

    return codebook.load("cameo_classes")


def _is_demand(trigger: str) -> bool:
    stems = _cameo_codebook()["request"]["demand_stems"]
    words = re.findall(r"[a-z]+", trigger.lower())
    return any(w.startswith(st) for w in words for st in stems)


def cameo_class(plover_type: Optional[str], trigger: str = "") -> int:
    """The CAMEO five-class label of a PLOVER type (``None``: no event). REQUEST is an appeal
    (class 0) unless its trigger is a demand or an order (class 3); see codebook cameo_classes."""
    cb = _cameo_codebook()
    if plover_type is None or plover_type == "NONE":
        return int(cb["no_event_class"])
    if plover_type == "REQUEST":
        req = cb["request"]
        return int(req["demand_class"] if _is_demand(trigger) else req["appeal_class"])
    return int(cb["plover_to_class"][plover_type])


def _read_cameo(path) -> list[tuple[str, int]]:
    p = Path(path)
    if not p.exists():
        raise InputError("E101", source=f"{path} (CAMEO five-class file 'text<TAB>label'; the development copy lives in shared/data/real/ beside the repository)")
    if p.is_dir():
        raise InputError("E102", source=str(path))
    rows = []
    with p.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            text, sep, label = line.rpartition("\t")
            if not sep or label.strip() not in {"0", "1", "2", "3", "4"}:
                raise InputError("E109", source=str(path), detail=f"{n}: expected 'text<TAB>label' with a label 0-4")
            rows.append((text, int(label)))
    return rows


def _code_batch(texts: list[str], settings=None, published: Optional[list] = None, titles: Optional[list] = None) -> list:
    """Analyses (events stage only) of many texts, parsed together with ``nlp.pipe``; a text the
    pipeline skips gives ``None``."""
    from ..contract.records import Skipped
    from ..contract.settings import Settings
    from ..text import ingest
    from .analyze import analyze_documents

    settings = (settings or Settings()).model_copy(update={"detect_language": False})
    items = []
    for i, text in enumerate(texts):
        meta = {}
        if published and published[i]:
            meta["published"] = published[i]
        if titles and titles[i]:
            meta["title"] = titles[i]
        items.append((ingest.from_text(text, source=f"item {i + 1}", fmt="text"), meta))
    out = []
    for res in analyze_documents(items, settings=settings, stages={"events"}, batch_size=64):
        if isinstance(res, Skipped):
            logger.warning("evaluate: %s skipped (%s)", res.id, res.detail)
            out.append(None)
        else:
            out.append(res)
    return out


def _class_scores(pairs: list[tuple[int, int]]) -> dict:
    per_class = {}
    for c in CAMEO_CLASSES:
        tp = sum(1 for g, p in pairs if g == c and p == c)
        per_class[str(c)] = _prf(tp, sum(1 for _, p in pairs if p == c), sum(1 for g, _ in pairs if g == c))
    n = len(pairs)
    return {
        "accuracy": round(sum(g == p for g, p in pairs) / n, 4) if n else 0.0,
        "macro_f1": round(sum(v["f1"] for v in per_class.values()) / len(per_class), 4),
        "per_class": per_class,
        # confusion[gold][predicted]
        "confusion": [[sum(1 for g, p in pairs if g == gc and p == pc) for pc in CAMEO_CLASSES] for gc in CAMEO_CLASSES],
    }


def _trained_on() -> list[str]:
    from ..nlp._event_model import trained_on

    return trained_on()


def eval_cameo(path=None, settings=None, limit: Optional[int] = None, every: int = 1) -> dict:
    """Five-class CAMEO accuracy of the first event's type on real wire sentences (default: the
    shared development file), for the coder and for the keyword baseline mapped the same way.
    ``every``: score every k-th sentence only (a spread-out sample; the test suite's guard)."""
    path = Path(path) if path else CAMEO_DEV
    rows = _read_cameo(path)[::every]
    if limit:
        rows = rows[:limit]
    t0 = time.perf_counter()
    analyses = _code_batch([t for t, _ in rows], settings)
    elapsed = time.perf_counter() - t0
    coder_pairs, base_pairs, items = [], [], []
    for (text, gold), analysis in zip(rows, analyses):
        events = list(analysis.events) if analysis is not None else []
        first = events[0] if events else None
        pred = cameo_class(first.plover.type, first.trigger.text) if first else cameo_class(None)
        base = _baseline(text)
        bpred = cameo_class(base[0]["type"], text[base[0]["start"]:base[0]["end"]]) if base else cameo_class(None)
        coder_pairs.append((gold, pred))
        base_pairs.append((gold, bpred))
        items.append({
            "text": text, "gold": gold, "predicted": pred, "baseline": bpred,
            "plover": first.plover.type if first else "NONE", "trigger": first.trigger.text if first else None,
        })
    type_counts = Counter(it["plover"] for it in items)
    # for each first-event PLOVER type, how its sentences are labelled (gold class counts 0-4): where
    # the type-to-class mapping or the coder's typing disagrees with CAMEO coders
    by_type = {t: [sum(1 for it in items if it["plover"] == t and it["gold"] == c) for c in CAMEO_CLASSES]
               for t, _ in type_counts.most_common()}
    return {
        "kind": "cameo",
        "path": str(path),
        "embeddings": bool(settings and settings.use_embeddings),
        "classifier": bool(settings is None or settings.use_classifier),
        "n": len(rows),
        "every": every,
        "gold_distribution": {str(c): sum(1 for _, g in rows if g == c) for c in CAMEO_CLASSES},
        "coder": _class_scores(coder_pairs),
        "baseline": _class_scores(base_pairs),
        "first_event_types": dict(type_counts.most_common()),
        "gold_classes_by_type": by_type,
        # the parse-feature classifier is trained on the CAMEO development file: scored on that file
        # the coder is measured in sample; scripts/eval_cameo_dev.py --cv-models gives out-of-fold figures
        "in_sample": Path(path).name in _trained_on() and bool(settings is None or settings.use_classifier),
        "seconds": round(elapsed, 2),
        "items": items,
    }


# ------------------------------------------------------------------ real data: multi-source articles

MULTISOURCE_DIR = SHARED_DATA / "multisource"
# The answer key of multisource/ANSWERS.md, hand-transcribed as ids and numbers only (no text): one line
# per (key event, file that reports it) with the PLOVER types a single-article coder may give it
# ("plover": null for acts PLOVER has no type for: flight into exile, elections, appointments, returns)
# and the figures the key lists for that file (numbers stated in the file; "dozens" and the like are left out).
# Compatible types follow the decisions of codebook plover: resignations RETREAT (a promise to resign also
# CONCEDE/AGREE), dissolving a cabinet or sacking officials COERCE, storming or overrunning buildings PROTEST
# (ASSAULT accepted), curfews, states of emergency, shutdowns and detentions COERCE, police force against
# crowds COERCE or ASSAULT, orders and calls REQUEST, foreign troops sent in AID or MOBILIZE, a government's
# claim about attackers ACCUSE. Aggregates accept PROTEST, ASSAULT or COERCE (their tolls). "uncertain": the
# key marks the link as a judgement call; those pairs are reported apart. "date": [first, last] day when the
# file itself states it (with a year the file or its publication date gives).
MULTISOURCE_KEY = Path(__file__).resolve().parents[3] / "tests" / "data" / "multisource_events.jsonl"
FIGURE_FIELDS = {"dead": "fatalities", "injured": "injured", "arrested": "arrested", "participants": "participants"}
_HEADER_RE = re.compile(r"^(date|outlet|url|licence):\s*(.*)$")


def _read_multisource_file(path: Path) -> dict:
    """Title, header fields and body of one corpus file (layout in multisource/README.md)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines:
        raise InputError("E104", source=str(path))
    meta = {"title": lines[0].strip()}
    i = 1
    while i < len(lines) and lines[i].strip():
        m = _HEADER_RE.match(lines[i].strip())
        if m:
            meta[m.group(1)] = m.group(2).strip()
        i += 1
    date = meta.get("date")
    meta["published"] = date if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else None
    meta["body"] = "\n".join(lines[i:]).strip()
    return meta


def _figure_value(v: float):
    return int(v) if float(v).is_integer() else round(float(v), 3)


def eval_multisource(directory=None, settings=None, key=None) -> dict:
    """Score single-article coding of the multi-source corpus against its answer key.

    Each article is analysed alone (events stage, its publication date when the file states it).
    ``events``: for each (key event, file) pair with PLOVER types, is there an event of one of those
    types in that file's output (recall; main figure over the pairs the key does not mark uncertain).
    The keyword baseline (first keyword of each sentence) is scored the same way.
    ``coder_dated``: on the pairs whose file states the day (key field ``date``), an event of a
    compatible type dated within it.
    ``figures``: per file, the (field, value) pairs the key lists against the (field, value) pairs on
    the file's events (dead = fatalities); recall and precision, strict (same field) and lenient
    (the number on any of the four fields)."""
    directory = Path(directory) if directory else MULTISOURCE_DIR
    if not directory.is_dir():
        raise InputError("E101", source=f"{directory} (the multi-source corpus directory with sri-lanka-2022/ and kazakhstan-2022/; the development copy lives in shared/data/multisource/ beside the repository)")
    key_path = Path(key) if key else MULTISOURCE_KEY
    pairs = _read_jsonl(key_path)
    files: dict[tuple[str, str], Path] = {}
    for crisis, num in sorted({(r["crisis"], r["file"]) for r in pairs}):
        found = sorted((directory / crisis).glob(f"{num}-*.txt"))
        if not found:
            raise InputError("E101", source=f"{directory / crisis}/{num}-*.txt (named by the answer key {key_path})")
        files[(crisis, num)] = found[0]
    order = list(files)
    metas = [_read_multisource_file(files[k]) for k in order]
    t0 = time.perf_counter()
    analyses = _code_batch([m["body"] for m in metas], settings, [m["published"] for m in metas], [m["title"] for m in metas])
    elapsed = time.perf_counter() - t0

    out_files = {}
    for k, meta, analysis in zip(order, metas, analyses):
        events = list(analysis.events) if analysis is not None else []
        figs = set()
        for e in events:
            for name, field in FIGURE_FIELDS.items():
                c = getattr(e, field)
                if c is not None and c.value is not None:
                    figs.add((name, _figure_value(c.value)))
        base = [b for sent in (analysis.sentences if analysis is not None else []) for b in _baseline(sent.text)]
        base_types = {b["type"] for b in base}
        out_files[k] = {
            "file": files[k].name, "crisis": k[0], "published": meta["published"],
            "types": Counter(e.plover.type for e in events), "baseline_types": base_types,
            "dated": [(e.plover.type, e.date.value[:10]) for e in events if e.date is not None and e.date.value], "baseline_n": len(base), "figures": figs,
        }

    ev_items = []
    for r in pairs:
        if not r.get("plover"):
            continue
        f = out_files[(r["crisis"], r["file"])]
        ev_items.append({
            "event": r["event"], "crisis": r["crisis"], "file": f["file"], "kind": r["kind"], "uncertain": bool(r.get("uncertain")),
            "accepted": r["plover"],
            "found": any(t in f["types"] for t in r["plover"]),
            "baseline_found": any(t in f["baseline_types"] for t in r["plover"]),
        })
        if r.get("date"):  # the file itself states the day: an event of a compatible type on that day
            lo, hi = r["date"][0], r["date"][-1]
            ev_items[-1]["date"] = [lo, hi]
            ev_items[-1]["found_dated"] = any(t in r["plover"] and lo <= d <= hi for t, d in f["dated"])

    def recall(items, key_name):
        n = len(items)
        hit = sum(1 for it in items if it[key_name])
        return {"found": hit, "pairs": n, "recall": round(hit / n, 4) if n else 0.0}

    certain = [it for it in ev_items if not it["uncertain"]]
    events_report = {
        "coder": recall(certain, "found"),
        "baseline": recall(certain, "baseline_found"),
        "coder_all_pairs": recall(ev_items, "found"),
        "baseline_all_pairs": recall(ev_items, "baseline_found"),
        # pairs whose file states the day: an event of a compatible type dated that day
        "coder_dated": recall([it for it in certain if "date" in it], "found_dated"),
        "by_kind": {kind: recall([it for it in certain if it["kind"] == kind], "found") for kind in sorted({it["kind"] for it in certain})},
        "not_scored": sorted({r["event"] for r in pairs if not r.get("plover")}),
    }
    # recall alone favours whoever codes more: the number of events each system returns
    events_report["coder"]["events_returned"] = sum(sum(f["types"].values()) for f in out_files.values())
    events_report["baseline"]["events_returned"] = sum(f["baseline_n"] for f in out_files.values())

    key_figs: dict[tuple, set] = defaultdict(set)
    for r in pairs:
        for name, values in (r.get("figures") or {}).items():
            for v in values:
                key_figs[(r["crisis"], r["file"])].add((name, _figure_value(v)))
    tp = n_key = n_pred = tp_l = tp_lp = 0
    per_file = []
    for k in order:
        kf, pf = key_figs.get(k, set()), out_files[k]["figures"]
        hit = kf & pf
        key_vals, pred_vals = {v for _, v in kf}, {v for _, v in pf}
        tp += len(hit)
        n_key += len(kf)
        n_pred += len(pf)
        tp_l += sum(1 for _, v in kf if v in pred_vals)  # key figure found on any field
        tp_lp += sum(1 for _, v in pf if v in key_vals)  # predicted figure the key lists on any field
        per_file.append({
            "file": f"{k[0]}/{out_files[k]['file']}", "published": out_files[k]["published"],
            "events": sum(out_files[k]["types"].values()), "types": dict(out_files[k]["types"].most_common()),
            "key_figures": sorted(map(list, kf)), "found": sorted(map(list, hit)),
            "missed": sorted(map(list, kf - pf)), "not_in_key": sorted(map(list, pf - kf)),
            "baseline_events": out_files[k]["baseline_n"],
            "events_missed": [it["event"] for it in ev_items
                              if (it["crisis"], it["file"]) == (k[0], out_files[k]["file"]) and not it["found"] and not it["uncertain"]],
        })
    figures_report = {
        "strict": _prf(tp, n_pred, n_key),
        "lenient": {"recall": round(tp_l / n_key, 4) if n_key else 0.0, "precision": round(tp_lp / n_pred, 4) if n_pred else 0.0},
    }
    return {
        "kind": "multisource",
        "path": str(directory),
        "key": str(key_path),
        "embeddings": bool(settings and settings.use_embeddings),
        "classifier": bool(settings is None or settings.use_classifier),
        "n": len(order),
        "events": events_report,
        "figures": figures_report,
        "seconds": round(elapsed, 2),
        "files": per_file,
        "items": ev_items,
    }


# ------------------------------------------------------------------ every set at once

EVAL_DATA = Path(__file__).resolve().parent.parent / "eval_data"
PLOVER_GOLD = SHARED_DATA / "plover_gsr.jsonl"
PLOVER_HELDOUT = EVAL_DATA / "plover_style_heldout.jsonl"


def _headline_plover(r: dict) -> dict:
    return {"n": r["n"], "accuracy": r["accuracy"], "macro_f1": r["macro_f1"]}


def _headline_events(r: dict) -> dict:
    t = r["coder"]["typed"]
    return {"n": r["n"], "typed_precision": t["precision"], "typed_recall": t["recall"], "typed_f1": t["f1"],
            "baseline_typed_f1": r["baseline"]["typed"]["f1"]}


def _headline_cameo(r: dict) -> dict:
    return {"n": r["n"], "accuracy": r["coder"]["accuracy"], "macro_f1": r["coder"]["macro_f1"],
            "baseline_accuracy": r["baseline"]["accuracy"], "baseline_macro_f1": r["baseline"]["macro_f1"],
            "in_sample": r.get("in_sample", False)}


def _headline_multisource(r: dict) -> dict:
    ev, st = r["events"], r["figures"]["strict"]
    return {"n": r["n"], "event_recall": ev["coder"]["recall"], "baseline_event_recall": ev["baseline"]["recall"],
            "dated_event_recall": ev["coder_dated"]["recall"], "figure_recall": st["recall"], "figure_precision": st["precision"]}


# name -> (what it is, default data path, run(path, settings), headline)
BUILTIN_SETS = {
    "plover_gold": ("PLOVER gold records (shared/data/plover_gsr.jsonl), first event type", lambda: PLOVER_GOLD,
                    lambda path, st: eval_plover(path, st), _headline_plover),
    "plover_style_heldout": ("own held-out PLOVER-style sentences, first event type", lambda: PLOVER_HELDOUT,
                             lambda path, st: eval_plover(path, st), _headline_plover),
    "own_events": ("own annotated event sentences, typed trigger match", lambda: EVENTS_GOLD,
                   lambda path, st: eval_events(str(path), st), _headline_events),
    "cameo_dev": ("real wire sentences, CAMEO five classes (shared/data/real)", lambda: CAMEO_DEV,
                  lambda path, st: eval_cameo(path, st), _headline_cameo),
    "multisource": ("real multi-source articles vs the answer key (shared/data/multisource)", lambda: MULTISOURCE_DIR,
                    lambda path, st: eval_multisource(path, st), _headline_multisource),
}


def discover_evaluators(package: str = "corroborator.run") -> dict:
    """``eval_<name>`` modules of ``package`` that expose ``evaluate(settings=None) -> dict``,
    by module name; new ones appear without code changes here."""
    import importlib
    import pkgutil

    pkg = importlib.import_module(package)
    found = {}
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        if not info.name.startswith("eval_"):
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        fn = getattr(module, "evaluate", None)
        if callable(fn):
            found[info.name] = module
        else:
            logger.warning("eval all: %s.%s has no evaluate(settings=None); left out", package, info.name)
    return found


_RATE_KEYS = ("accuracy", "macro_f1", "precision", "recall", "f1")


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _is_rate(key: str) -> bool:
    return key in _RATE_KEYS or key.endswith(tuple("_" + k for k in _RATE_KEYS)) or key.endswith("_rate")


def _numbers(report: dict, limit: int = 10) -> dict:
    """Top-line numbers of a report of unknown shape: its size (``n`` or ``files``), then its rates
    (accuracy, precision, recall, F1) at the top level and one level down ("loaded_terms.recall");
    a report without rates gives its scalar numbers."""
    out = {k: report[k] for k in ("n", "files") if _is_number(report.get(k))}
    rates = {}
    for k, v in report.items():
        if _is_number(v) and _is_rate(k):
            rates[k] = v
        elif isinstance(v, dict):
            for k2, v2 in v.items():
                if _is_number(v2) and _is_rate(k2):
                    rates[f"{k}.{k2}"] = v2
    if not rates:
        rates = {k: v for k, v in report.items() if _is_number(v) and k not in out and k != "seconds"}
    out.update(rates)
    return dict(list(out.items())[:limit])


def eval_all(settings=None, only: Optional[Iterable[str]] = None, paths: Optional[dict] = None,
             package: str = "corroborator.run") -> dict:
    """One summary of every evaluation set that is available: the built-in sets (data absent ->
    ``skipped``) and every ``eval_*`` module of ``package`` (its ``evaluate(settings)``; a module
    that raises a :class:`CorroboratorError` or returns ``{"skipped": reason}`` is skipped, one that
    fails otherwise is listed with status ``error`` and logged). ``only`` limits the sets by name;
    ``paths`` overrides the data path of built-in sets. Each entry: name, status, headline numbers,
    seconds; the full reports are not kept."""
    from ..contract.errors import CorroboratorError

    wanted = set(only) if only else None
    paths = paths or {}
    rows = []
    t_all = time.perf_counter()
    for name, (about, default, run, headline) in BUILTIN_SETS.items():
        if wanted is not None and name not in wanted:
            continue
        path = Path(paths.get(name) or default())
        row = {"name": name, "about": about, "path": str(path)}
        if not path.exists():
            rows.append({**row, "status": "skipped", "reason": f"data absent: {path}"})
            continue
        t0 = time.perf_counter()
        try:
            report = run(path, settings)
        except CorroboratorError as exc:
            rows.append({**row, "status": "skipped", "reason": str(exc)})
            continue
        rows.append({**row, "status": "ok", "numbers": headline(report), "seconds": round(time.perf_counter() - t0, 2)})
    for name, module in discover_evaluators(package).items():
        if wanted is not None and name not in wanted and name.removeprefix("eval_") not in wanted:
            continue
        row = {"name": name, "about": ((module.__doc__ or "").strip().splitlines() or [""])[0], "path": None}
        t0 = time.perf_counter()
        try:
            report = module.evaluate(settings=settings)
        except CorroboratorError as exc:
            rows.append({**row, "status": "skipped", "reason": str(exc)})
            continue
        except Exception as exc:  # another team's evaluator must not sink the summary: list it as failed
            logger.exception("eval all: %s failed", name)
            rows.append({**row, "status": "error", "reason": f"{type(exc).__name__}: {exc}"})
            continue
        if not isinstance(report, dict):
            rows.append({**row, "status": "error", "reason": f"evaluate() returned {type(report).__name__}, not a dict"})
        elif report.get("skipped"):
            rows.append({**row, "status": "skipped", "reason": str(report["skipped"])})
        else:
            rows.append({**row, "status": "ok", "numbers": _numbers(report), "seconds": round(time.perf_counter() - t0, 2)})
    return {
        "kind": "all",
        "embeddings": bool(settings and settings.use_embeddings),
        "classifier": bool(settings is None or settings.use_classifier),
        "sets": rows,
        "seconds": round(time.perf_counter() - t_all, 2),
    }


# ------------------------------------------------------------------ report


def print_report(report: dict, console=None) -> None:
    """Print a report from :func:`eval_plover` or :func:`eval_events` as rich tables."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    models = ["lexicon"] + (["parse-feature classifier"] if report.get("classifier") else []) + (
        ["embedding classifier"] if report.get("embeddings") else []
    )
    console.print("coder: " + " + ".join(models))
    if report.get("kind") == "cameo":
        _print_cameo(report, console)
        return
    if report.get("kind") == "multisource":
        _print_multisource(report, console)
        return
    if report.get("kind") == "all":
        _print_all(report, console)
        return
    if report.get("kind") == "plover":
        console.print(
            f"[bold]PLOVER gold[/bold] {report['path']}: {report['n']} distinct sentences ({report['n_records']} records), "
            f"accuracy [bold]{report['accuracy']:.3f}[/bold], macro-F1 [bold]{report['macro_f1']:.3f}[/bold], "
            f"no event found in {report['no_event']}, {report['seconds']} s"
        )
        table = Table("type", "precision", "recall", "F1", "gold", "predicted")
        for t, v in report["per_type"].items():
            table.add_row(t, f"{v['precision']:.2f}", f"{v['recall']:.2f}", f"{v['f1']:.2f}", str(v["gold"]), str(v["predicted"]))
        console.print(table)
        act = report.get("actors") or {}
        if act:
            console.print(
                "on correctly typed sentences, the first event names the gold "
                + ", ".join(f"{role} in {v['found']} of {v['gold']}" for role, v in act.items())
                + " (lenient word overlap)"
            )
        if report.get("confusions"):
            conf = Table("gold -> predicted", "count", title="most frequent confusions")
            for k, v in report["confusions"].items():
                conf.add_row(k, str(v))
            console.print(conf)
        return
    console.print(f"[bold]Event sentences[/bold] {report['path']}: {report['n']} sentences, {report['seconds']} s")
    table = Table("system", "measure", "precision", "recall", "F1", "tp", "predicted", "gold")
    for system in ("coder", "baseline"):
        s = report[system]
        for measure in ("detection", "typed"):
            v = s[measure]
            table.add_row(system, measure, f"{v['precision']:.2f}", f"{v['recall']:.2f}", f"{v['f1']:.2f}", str(v["tp"]), str(v["predicted"]), str(v["gold"]))
    console.print(table)
    for system in ("coder", "baseline"):
        s = report[system]
        console.print(
            f"{system}: ACLED on {s['acled']['compared']} typed matches: event type {s['acled']['event_type_accuracy']:.2f}, "
            f"sub-event type {s['acled']['sub_event_type_accuracy']:.2f}; events on {s['false_event_sentences']} of "
            f"{s['no_event_sentences']} sentences without one"
        )


def _print_cameo(report: dict, console) -> None:
    from rich.table import Table

    c, b = report["coder"], report["baseline"]
    if report.get("in_sample"):
        console.print(
            "[yellow]in sample:[/] the event classifier was trained on this file, so these figures measure fit; "
            "`python scripts/eval_cameo_dev.py --cv-models DIR` measures the coder out of fold."
        )
    console.print(
        f"[bold]CAMEO five classes[/bold] {report['path']}: {report['n']} real sentences, {report['seconds']} s; "
        f"coder accuracy [bold]{c['accuracy']:.3f}[/bold], macro-F1 [bold]{c['macro_f1']:.3f}[/bold]; "
        f"keyword baseline accuracy {b['accuracy']:.3f}, macro-F1 {b['macro_f1']:.3f}"
    )
    names = _cameo_codebook()["classes"]
    table = Table("class", "precision", "recall", "F1", "gold", "predicted", "baseline F1")
    for k, v in c["per_class"].items():
        table.add_row(f"{k} {names[k].split(' (')[0]}", f"{v['precision']:.2f}", f"{v['recall']:.2f}", f"{v['f1']:.2f}",
                      str(v["gold"]), str(v["predicted"]), f"{b['per_class'][k]['f1']:.2f}")
    console.print(table)
    conf = Table("gold \\ predicted", *[str(k) for k in CAMEO_CLASSES], title="coder confusion (rows gold, columns predicted)")
    for k, row in zip(CAMEO_CLASSES, c["confusion"]):
        conf.add_row(str(k), *[str(x) for x in row])
    console.print(conf)
    by_type = report.get("gold_classes_by_type") or {}
    if by_type:
        bt = Table("first event", "class", *[f"gold {k}" for k in CAMEO_CLASSES], title="gold classes of the sentences by the coder's first event type")
        for t, row in by_type.items():
            mapped = "" if t == "REQUEST" else str(cameo_class(t if t != "NONE" else None))
            bt.add_row(t, mapped or "0/3", *[str(x) for x in row])
        console.print(bt)


def _print_multisource(report: dict, console) -> None:
    from rich.table import Table

    ev, fig = report["events"], report["figures"]
    c, b = ev["coder"], ev["baseline"]
    console.print(
        f"[bold]Multi-source articles[/bold] {report['path']}: {report['n']} articles, {report['seconds']} s; key {report['key']}"
    )
    console.print(
        f"key events found in the files that report them: coder [bold]{c['found']}/{c['pairs']} = {c['recall']:.3f}[/bold] "
        f"({c['events_returned']} events returned), keyword baseline {b['found']}/{b['pairs']} = {b['recall']:.3f} "
        f"({b['events_returned']} returned); with the key's uncertain links {ev['coder_all_pairs']['recall']:.3f}; "
        f"not scored (no PLOVER type): {', '.join(ev['not_scored'])}"
    )
    if ev.get("coder_dated"):
        d = ev["coder_dated"]
        console.print(f"of the {d['pairs']} pairs whose file states the day, found with that date: {d['found']} = {d['recall']:.3f}")
    st, le = fig["strict"], fig["lenient"]
    console.print(
        f"figures (dead, injured, arrested, participants): recall [bold]{st['recall']:.3f}[/bold] ({st['tp']}/{st['gold']}), "
        f"precision [bold]{st['precision']:.3f}[/bold] ({st['tp']}/{st['predicted']}); on any field: recall {le['recall']:.3f}, "
        f"precision {le['precision']:.3f}"
    )
    table = Table("file", "events", "key events missed", "figures found", "figures missed", "figures not in key")
    fmt = lambda xs: ", ".join(f"{n} {v:,}" for n, v in xs)  # noqa: E731
    for f in report["files"]:
        table.add_row(f["file"].split("-")[0] + "/" + f["file"].split("/")[-1][:2], str(f["events"]), ", ".join(f["events_missed"]), fmt(f["found"]), fmt(f["missed"]), fmt(f["not_in_key"]))
    console.print(table)


def _print_all(report: dict, console) -> None:
    from rich.table import Table

    table = Table("set", "status", "n", "top-line numbers", "s", title=f"every evaluation set ({report['seconds']} s)")
    for row in report["sets"]:
        if row["status"] != "ok":
            table.add_row(row["name"], row["status"], "", row.get("reason", ""), "")
            continue
        nums = dict(row["numbers"])
        n = nums.pop("n", nums.pop("files", ""))
        text = ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in nums.items())
        table.add_row(row["name"], "ok", str(n), text, str(row.get("seconds", "")))
    console.print(table)
