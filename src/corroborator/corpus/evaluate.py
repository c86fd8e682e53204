"""Score cross-article event linking (and figure comparison) against the multisource answer key.

The key (``tests/data/multisource_key.jsonl``, ids and dates only) lists each distinct
event of the two crises with its kind, date window, the files that report it, and the
files whose link the key calls uncertain. Gold links are the pairs of files that both
report one event (``(event, file, file)``); pairs that involve an uncertain file are
neither required nor counted against us.

Our side: every file of the folder is ingested into a fresh store (publication dates
from the files' headers), incidents are linked, and each member of an incident is mapped
to the key events that its file reports, whose date window overlaps the member's (an
undated member matches any date) and whose kind fits the member's type family
(``kinds`` in ``corpus/linking.json``; a member with a casualty or arrest figure may
also stand for an aggregate). A predicted link is a pair of files inside one incident;
it is correct when the two members map to one key event that links those files.

Figures: ``tests/data/multisource_figures.jsonl`` transcribes the key's figure
disagreements (event, field, the value each file gives); :func:`score_figures` counts the
pairs of files with different values that end up side by side in one incident.

Claims: ``tests/data/multisource_claims.jsonl`` holds pairs of sentences (file, offsets,
anchor words) that assert the same thing, and hard negatives; :func:`evaluate_claims_key`
gives the claims linker's precision and recall per threshold on it, and ``eval linking``
reports them at the thresholds in use.

These are development numbers: the linker's thresholds were chosen with this folder in
view, so they say nothing about held-out text.
"""

from __future__ import annotations

import itertools
import json
import logging
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Optional

from .dates import ordinal

logger = logging.getLogger(__name__)

KEY = Path(__file__).resolve().parents[3] / "tests" / "data" / "multisource_key.jsonl"
FIGURES_KEY = KEY.with_name("multisource_figures.jsonl")


def load_key(path: Optional[Path] = None) -> list[dict]:
    path = Path(path) if path else KEY
    if not path.exists():
        raise FileNotFoundError(f"answer key not found: {path}")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _file_id(source: str) -> tuple[str, str]:
    p = Path(source)
    return p.parent.name, p.name[:2]


def _kinds_for(fam: Optional[str], has_figure: bool) -> set[str]:
    from .link import rules

    kinds = {k for k, fams in rules()["kinds"].items() if fam in fams and k != "aggregate"}
    if has_figure and fam in rules()["kinds"]["aggregate"]:
        kinds.add("aggregate")
    return kinds


def evaluate_linking(
    folder: str, *, embeddings: bool = False, key: Optional[Path] = None, db: Optional[str] = None, details: bool = False
) -> dict:
    """Pairwise precision, recall and F1 of same-event links between files."""
    from .ingest import ingest
    from .link import family, load_mentions
    from .store import Store

    events = load_key(key)
    folder_path = Path(folder)
    crises = sorted({e["crisis"] for e in events if (folder_path / e["crisis"]).is_dir()})
    if not crises:
        raise FileNotFoundError(f"no crisis folder of the key under {folder}")
    gold: set[tuple] = set()
    maybe: set[tuple] = set()
    by_file: dict[tuple, list[dict]] = defaultdict(list)
    for e in events:
        if e["crisis"] not in crises:
            continue
        for f in e["files"]:
            by_file[(e["crisis"], f)].append(e)
        for f in e["uncertain_files"]:
            by_file[(e["crisis"], f)].append(e)
        for a, b in itertools.combinations(sorted(e["files"]), 2):
            gold.add((e["crisis"], e["event"], a, b))
        for a in e["uncertain_files"]:
            for b in e["files"] + e["uncertain_files"]:
                if a != b:
                    maybe.add((e["crisis"], e["event"], *sorted((a, b))))

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(db or str(Path(tmp) / "eval.db"))
        try:
            ingest([str(folder_path / c) for c in crises], store, embeddings=embeddings)
            rows = store.conn.execute(
                "SELECT m.incident_id, e.mention_id, e.plover_type, e.acled_event_type, e.date_lo, e.date_hi, "
                "e.fatalities IS NOT NULL OR e.injured IS NOT NULL OR e.arrested IS NOT NULL AS fig, a.source "
                "FROM incident_members m JOIN events e ON e.mention_id = m.mention_id JOIN articles a ON a.id = e.article_id"
            ).fetchall()
            figure_rows = store.conn.execute(
                "SELECT m.incident_id, a.source, e.fatalities, e.injured, e.arrested, e.participants "
                "FROM incident_members m JOIN events e ON e.mention_id = m.mention_id JOIN articles a ON a.id = e.article_id"
            ).fetchall()
            all_rows = store.conn.execute(
                "SELECT m.incident_id, e.mention_id, e.plover_type, e.acled_event_type, e.date_lo, e.date_hi, "
                "e.fatalities IS NOT NULL OR e.injured IS NOT NULL OR e.arrested IS NOT NULL AS fig, a.source "
                "FROM events e JOIN articles a ON a.id = e.article_id "
                "LEFT JOIN incident_members m ON m.mention_id = e.mention_id"
            ).fetchall()
            mentions, _ = load_mentions(store)
        finally:
            store.close()

    def mapped(r) -> set[str]:
        crisis, f = _file_id(r["source"])
        kinds = _kinds_for(family(r["plover_type"], r["acled_event_type"]), bool(r["fig"]))
        lo, hi = ordinal(r["date_lo"]), ordinal(r["date_hi"])
        out = set()
        for e in by_file.get((crisis, f), []):
            if e["kind"] not in kinds:
                continue
            if lo is not None and (lo > ordinal(e["date_hi"]) or hi < ordinal(e["date_lo"])):
                continue
            out.add(e["event"])
        return out

    members: dict[str, list[tuple[tuple, set]]] = defaultdict(list)
    for r in rows:
        members[r["incident_id"]].append((_file_id(r["source"]), mapped(r)))
    predicted: dict[tuple, bool] = {}  # (crisis, incident, file a, file b) -> correct
    found: set[tuple] = set()
    ignored = 0
    for inc, ms in members.items():
        for (fa, ea), (fb, eb) in itertools.combinations(ms, 2):
            if fa == fb or fa[0] != fb[0]:
                continue
            a, b = sorted((fa[1], fb[1]))
            hits = {(fa[0], ev, a, b) for ev in ea & eb}
            pair = (fa[0], inc, a, b)
            correct = bool(hits & gold)
            found |= hits & gold
            if correct:
                predicted[pair] = True
            elif hits & maybe:
                predicted.setdefault(pair, None)
            else:
                predicted.setdefault(pair, False)
    ignored = sum(1 for v in predicted.values() if v is None)
    tp = sum(1 for v in predicted.values() if v)
    fp = sum(1 for v in predicted.values() if v is False)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = len(found) / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    causes = _missed_causes(sorted(gold - found), mentions, {r["mention_id"]: r for r in all_rows}, mapped)
    extra = {"figures": score_figures(figure_rows, crises), "claims": _claims_summary(folder_path, embeddings),
             "missed_by_cause": dict(Counter(c for *_, c in causes).most_common())}
    if details:
        extra |= {
            "predicted": [{"crisis": c, "incident": i, "files": [a, b], "correct": v} for (c, i, a, b), v in sorted(predicted.items())],
            "found": [list(t) for t in sorted(found)],
            "missed": [list(t) for t in causes],
        }
    return {
        **extra,
        "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
        "predicted_links": tp + fp, "correct_links": tp, "uncertain_links": ignored,
        "gold_links": len(gold), "gold_found": len(found), "mentions": len(rows),
        "incidents_across_files": sum(1 for ms in members.values() if len({f for f, _ in ms}) > 1),
        "embeddings": embeddings, "note": "development numbers (thresholds chosen with this folder in view)",
    }


CAUSES = ("no_event", "not_asserted", "undated", "type", "dates", "place", "toll_vs_incident", "evidence",
          "merge")


def _missed_causes(missed: list[tuple], mentions: list, rows: dict, mapped) -> list[tuple]:
    """Each missed gold link with the first rule that kept it out, for the closest pair of
    candidate mentions (the furthest any pair of the two files' mentions of that key event got):
    ``no_event`` (no mention of one file maps to the key event), ``not_asserted`` (only negated,
    hypothetical or predicted ones), ``undated`` (no date window at all), ``type`` (incompatible
    families), ``dates`` (windows do not overlap), ``place`` (other country or city),
    ``toll_vs_incident`` (a running total and an incident never link), ``evidence`` (below the
    evidence floor or the score threshold), ``merge`` (the pair scored, but joining it would have
    made an incident inconsistent). An automatic first cut: an undated mention counts as a
    candidate for every key event of its file, where a reader might say the file has no event."""
    from .link import THRESHOLD, rules, score, toll_score

    by_file: dict[tuple, list] = defaultdict(list)
    for m in mentions:
        r = rows.get(m.id)
        if r is not None:
            by_file[_file_id(r["source"])].append((m, mapped(r), r["incident_id"]))
    linkable, compatible = rules()["linkable"], rules()["compatible"]

    def stage(a, b) -> int:
        if a.fam is None or b.fam is None or not (
            a.plover_type == b.plover_type or a.fam == b.fam or frozenset((a.fam, b.fam)) in compatible
        ):
            return 3
        if max(a.lo, b.lo) > min(a.hi, b.hi):
            return 4
        if a.country and b.country and a.country != b.country or a.place and b.place and a.place != b.place:
            return 5
        if a.toll != b.toll:
            return 6
        s = toll_score(a, b) if a.toll else score(a, b)
        if s is None or (not a.toll and s < THRESHOLD):
            return 7
        return 8

    out = []
    for crisis, ev, fa, fb in missed:
        ca = [m for m, evs, _ in by_file[(crisis, fa)] if ev in evs]
        cb = [m for m, evs, _ in by_file[(crisis, fb)] if ev in evs]
        if not ca or not cb:
            best = 0
        else:
            ca2 = [m for m in ca if m.factuality in linkable]
            cb2 = [m for m in cb if m.factuality in linkable]
            if not ca2 or not cb2:
                best = 1
            else:
                ca3, cb3 = [m for m in ca2 if m.lo is not None], [m for m in cb2 if m.lo is not None]
                best = 2 if not ca3 or not cb3 else max(stage(a, b) for a in ca3 for b in cb3)
        out.append((crisis, ev, fa, fb, CAUSES[best]))
    return out


def score_figures(rows, crises: list[str], key: Optional[Path] = None) -> dict:
    """Recall of the key's figure disagreements between files: a pair of files that give
    different values for one event's figure is found when one incident holds a mention of
    each file carrying its value (the comparison then shows the pair side by side)."""
    path = Path(key) if key else FIGURES_KEY
    entries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    held: dict[str, dict[tuple, set]] = defaultdict(lambda: defaultdict(set))  # incident -> (crisis, file) -> values
    for r in rows:
        crisis, f = _file_id(r["source"])
        for field in ("fatalities", "injured", "arrested", "participants"):
            if r[field] is not None:
                held[r["incident_id"]][(crisis, f, field)].add(float(r[field]))
    total = found = 0
    pairs = []
    for e in entries:
        if e["crisis"] not in crises:
            continue
        for a, b in itertools.combinations(sorted(e["values"]), 2):
            va, vb = set(map(float, e["values"][a])), set(map(float, e["values"][b]))
            if va == vb:
                continue
            total += 1
            hit = any(
                held_a & va and held_b & vb
                for inc in held.values()
                for held_a, held_b in [(inc.get((e["crisis"], a, e["field"]), set()), inc.get((e["crisis"], b, e["field"]), set()))]
            )
            found += hit
            if hit:
                pairs.append([e["event"], e["field"], a, b])
    return {"disagreements": total, "found": found, "recall": round(found / total, 3) if total else 0.0, "found_pairs": pairs}


CLAIMS_KEY = KEY.with_name("multisource_claims.jsonl")


def _key_sentence(folder: Path, side: dict) -> str:
    """The key's sentence, read from the folder at run time (the key holds offsets, never text)."""
    path = next((folder / side["crisis"]).glob(side["file"] + "-*.txt"))
    text = path.read_text(encoding="utf-8")[side["start"] : side["end"]]
    if not all(w in text for w in side["anchor"].split()):
        raise ValueError(f"claims key: offsets of {path.name} no longer hold {side['anchor']!r}")
    return text


def _claims_summary(folder: Path, embeddings: bool) -> dict:
    """The claims key scored at the thresholds in use (part of ``eval linking``), or why not."""
    from .claims import EMBED_THRESHOLD, WORD_THRESHOLD

    entries = [json.loads(line) for line in CLAIMS_KEY.read_text(encoding="utf-8").splitlines() if line.strip()]
    crises = {e[side]["crisis"] for e in entries for side in ("a", "b")}
    if not all((folder / c).is_dir() for c in crises):
        return {"skipped": f"the claims key's folders ({', '.join(sorted(crises))}) are not all under {folder}"}
    try:
        result = evaluate_claims_key(str(folder), embeddings=embeddings)
    except (StopIteration, ValueError) as exc:  # other files than the key's: report, do not score
        logger.warning("claims key not scored: %s", exc)
        return {"skipped": f"the claims key does not match the files under {folder}: {exc}"}
    at = lambda curve, t: next(c for c in curve if abs(c["threshold"] - t) < 1e-9)  # noqa: E731
    out = {"pairs": result["pairs"], "same": result["same"], "words": at(result["jaccard"], WORD_THRESHOLD)}
    if embeddings:
        out["embeddings"] = at(result["cosine"], EMBED_THRESHOLD)
    return out


def _curve(scores: list[tuple[float, bool]], thresholds: list[float]) -> list[dict]:
    """Precision and recall of 'score >= threshold' against the labels, per threshold."""
    positives = sum(1 for _, same in scores if same)
    out = []
    for t in thresholds:
        tp = sum(1 for s, same in scores if s >= t and same)
        fp = sum(1 for s, same in scores if s >= t and not same)
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / positives if positives else 0.0
        out.append({"threshold": t, "precision": round(p, 3), "recall": round(r, 3),
                    "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0, "tp": tp, "fp": fp})
    return out


def evaluate_claims_key(folder: str, *, embeddings: bool = False, key: Optional[Path] = None) -> dict:
    """How well the claims-linking similarity separates the key's pairs that assert the same thing
    from its hard negatives: precision and recall per threshold, for word Jaccard (what
    ``claims.link_claims`` uses by default) and, with ``embeddings``, MiniLM cosine.

    The key (``tests/data/multisource_claims.jsonl``) gives each sentence as file, character
    offsets and a few anchor words; the labels were set by reading the articles, before any
    score was computed.
    """
    from .claims import MIN_SHARED
    from .link import content_words

    path = Path(key) if key else CLAIMS_KEY
    entries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    folder_path = Path(folder)
    pairs = [(e, _key_sentence(folder_path, e["a"]), _key_sentence(folder_path, e["b"])) for e in entries]
    rows = []
    for e, ta, tb in pairs:
        wa, wb = content_words(ta), content_words(tb)
        shared = len(wa & wb)
        jac = shared / len(wa | wb) if wa and wb else 0.0
        rows.append({"id": e["id"], "same": e["label"] == "same", "jaccard": round(jac, 3), "shared": shared})
    if embeddings:
        import numpy as np

        from ..nlp._event_model import embed

        va = np.asarray(embed([ta for _, ta, _ in pairs]), dtype=np.float32)
        vb = np.asarray(embed([tb for _, _, tb in pairs]), dtype=np.float32)
        va /= np.maximum(np.linalg.norm(va, axis=1, keepdims=True), 1e-9)
        vb /= np.maximum(np.linalg.norm(vb, axis=1, keepdims=True), 1e-9)
        for row, cos in zip(rows, (va * vb).sum(axis=1)):
            row["cosine"] = round(float(cos), 3)
    # the word rule also needs MIN_SHARED shared content words before it looks at Jaccard
    word = [(r["jaccard"] if r["shared"] >= MIN_SHARED else 0.0, r["same"]) for r in rows]
    result = {
        "pairs": len(rows), "same": sum(r["same"] for r in rows), "different": sum(not r["same"] for r in rows),
        "jaccard": _curve(word, [round(0.05 * i, 2) for i in range(1, 11)]),
        "rows": rows,
    }
    if embeddings:
        cos = [(r["cosine"], r["same"]) for r in rows]
        result["cosine"] = _curve(cos, [round(0.05 * i, 2) for i in range(8, 19)])
    return result
