"""Score the coup and consistency-check stages on the development annotations.

``evaluate(settings=None) -> dict``
    Reads ``tests/data/coups_dev.jsonl`` (annotations made by the team of real
    articles nobody here wrote: the 19 texts of ``shared/data/multisource/`` and the
    seed article), analyses each named file from ``../shared/`` with the full
    pipeline and compares:

    * **coup records**: a predicted record matches an expected one when outcome and
      type are equal and the record names the expected perpetrator (in its summary
      or criteria notes) or cites the expected evidence offset; one-to-one, greedy.
    * **coup labels**: an expected label ({start, end, used_by}) is found when a
      label of any record overlaps its offsets and its ``used_by`` contains the
      expected source.
    * **checks**: a predicted check with evidence matches an expected one when kind
      and status are equal and its evidence sentences cover every expected figure
      offset. Summary checks without evidence ("10 names, each spelled one way")
      are not counted.

    Precision and recall are micro-averaged over files; ``errors`` lists the
    unmatched predictions and expectations (file, kind, message) for reading.

The texts are read at run time and never copied; when ``../shared`` is absent the
result says so (``{"skipped": ...}``). Development data: report numbers, do not
tune thresholds on it and call them held-out.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Optional

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[3]
DEV = REPO / "tests" / "data" / "coups_dev.jsonl"
SHARED = REPO.parent / "shared"


def _load(path: Path) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if "_header" in row:
            continue
        rows.append(row)
    return rows


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp, "predicted": n_pred, "expected": n_gold}


def _record_text(c) -> str:
    parts = [c.summary or ""] + [cr.note or "" for cr in c.criteria]
    return " ".join(parts).lower()


def _cites(c, start: int) -> bool:
    return any(cr.evidence is not None and cr.evidence.start <= start < cr.evidence.end for cr in c.criteria)


def _coup_matches(c, g: dict) -> bool:
    if c.outcome != g["outcome"] or (c.type or None) != (g.get("type") or None):
        return False
    perp = g.get("perpetrator")
    ev = g.get("evidence")
    if perp is None and ev is None:
        return True
    return bool((perp and perp.lower() in _record_text(c)) or (ev and _cites(c, ev["start"])))


def _label_found(coups, g: dict) -> bool:
    for c in coups:
        for lb in c.labels:
            if lb.start is None or lb.end is None:
                continue
            if lb.start < g["end"] and g["start"] < lb.end and g["used_by"].lower() in lb.used_by.lower():
                return True
    return False


def _check_matches(chk, g: dict) -> bool:
    if chk.kind != g["kind"] or chk.status != g["status"]:
        return False
    return all(any(e.start <= f["start"] < e.end for e in chk.evidence) for f in g["figures"])


def evaluate(settings=None, path: Optional[Path] = None) -> dict:
    """Precision/recall of coup records, coup labels and checks on the dev annotations."""
    from .analyze import analyze_file

    path = Path(path) if path else DEV
    if not path.exists():
        return {"skipped": f"no annotations at {path}"}
    rows = _load(path)
    missing = [r["file"] for r in rows if not (SHARED / r["file"]).exists()]
    if missing:
        return {"skipped": f"{len(missing)} annotated files not found under {SHARED}"}
    kw = {"settings": settings} if settings is not None else {}
    coup_tp = coup_pred = coup_gold = 0
    lab_tp = lab_gold = 0
    chk_tp = chk_pred = chk_gold = 0
    errors: list[dict] = []
    t0 = time.perf_counter()
    for row in rows:
        a = analyze_file(str(SHARED / row["file"]), **kw)
        # coup records
        preds = list(a.coups)
        coup_pred += len(preds)
        coup_gold += len(row["coups"])
        used = set()
        for g in row["coups"]:
            hit = next((i for i, c in enumerate(preds) if i not in used and _coup_matches(c, g)), None)
            if hit is None:
                errors.append({"file": row["file"], "kind": "coup missed", "expected": f"{g.get('type')} {g['outcome']} ({g.get('perpetrator')})"})
            else:
                used.add(hit)
                coup_tp += 1
            for lg in g.get("labels", []):
                lab_gold += 1
                if _label_found(preds, lg):
                    lab_tp += 1
                else:
                    errors.append({"file": row["file"], "kind": "label missed", "expected": f"{lg['anchor']!r} used by {lg['used_by']}"})
        for i, c in enumerate(preds):
            if i not in used:
                errors.append({"file": row["file"], "kind": "coup invented", "predicted": f"{c.type} {c.outcome}: {c.summary}"})
        # checks
        found = [c for c in a.checks if c.evidence]
        chk_pred += len(found)
        chk_gold += len(row["checks"])
        used = set()
        for g in row["checks"]:
            hit = next((i for i, c in enumerate(found) if i not in used and _check_matches(c, g)), None)
            if hit is None:
                errors.append({"file": row["file"], "kind": "check missed", "expected": f"{g['kind']} {g['status']}: {g.get('why', '')}"})
            else:
                used.add(hit)
                chk_tp += 1
        for i, c in enumerate(found):
            if i not in used:
                errors.append({"file": row["file"], "kind": "check unexpected", "predicted": f"{c.kind} {c.status}: {c.message}"})
    return {
        "data": str(path),
        "files": len(rows),
        "coups": _prf(coup_tp, coup_pred, coup_gold),
        "coup_labels": {"recall": round(lab_tp / lab_gold, 3) if lab_gold else 1.0, "found": lab_tp, "expected": lab_gold},
        "checks": _prf(chk_tp, chk_pred, chk_gold),
        "seconds": round(time.perf_counter() - t0, 2),
        "errors": errors,
    }
