"""Score the attribution stage (who said it) on real reporting.

``evaluate(settings=None, path=None, root=None) -> dict``

The development set ``tests/data/speakers_dev.jsonl`` annotates every quoted or reported
claim in the real articles of ``shared/data/multisource/`` (the texts are read at run time
from beside the repository; the annotations hold only the file name, character offsets of the
claim sentence and of the speaker as written, the canonical speaker name and a few anchor
words). One line per claim::

    {"file": "sri-lanka-2022/04-voa.txt", "start": 436, "end": 516, "anchor": "...",
     "speaker_text": "Officials", "speaker": "officials", "how": "reported",
     "also": [...], "optional": true?}

``speaker`` is the canonical speaker (``null`` for a quotation whose speaker the text never
gives); ``also`` lists other acceptable names (a surname, a nested source: for a sentence of
X's quotation that cites "sources", X and "sources" are both right); ``how`` says which
construction carries the claim (quote, quote_cont, colon, according, reported, label, slogan,
tweet, passive, nested). ``optional`` claims are judgement calls (a reported demand, a
participial "accused of", "reportedly" in a subordinate clause): attributing them or not is
neither rewarded nor punished.

Each article is analysed whole with the real pipeline; the predicted sentence for a claim is the
one that overlaps the claim's offsets most. Reported:

* ``speaker_accuracy``: required claims with a known speaker whose sentence is attributed to an
  acceptable name (an unattributed sentence counts as wrong);
* ``detection``: precision and recall of "this sentence is attributed", where every content
  sentence of the articles that no claim covers is a negative (sentences with no letters or
  digits, such as a lone closing quote mark, are ignored);
* ``errors``: the claims missed or given the wrong speaker, and the false attributions, with the
  anchor words only.

Speaker names are compared after folding case, curly apostrophes, hyphens, a leading article
("the", "a", "one") and a possessive ending.
"""

from __future__ import annotations

import json
import logging
import re
from collections import defaultdict
from pathlib import Path
from typing import Optional

from ..contract.errors import InputError

logger = logging.getLogger(__name__)

_REPO = Path(__file__).resolve().parents[3]
DEV_SET = _REPO / "tests" / "data" / "speakers_dev.jsonl"
MULTISOURCE = _REPO.parent / "shared" / "data" / "multisource"

_LEAD = re.compile(r"^(?:the|a|an|one)\s+")
_POSS = re.compile(r"(?:'s|')$")
_CONTENT = re.compile(r"[^\W_]")


def normalise_name(name: Optional[str]) -> str:
    """Fold a speaker name for comparison ("The Kazakh Interior Ministry's" -> "kazakh interior ministry")."""
    if not name:
        return ""
    low = name.lower().replace("’", "'").replace("‘", "'").replace("-", " ")
    low = re.sub(r"\s+", " ", low).strip(" ,.:;\"'“”")
    low = _LEAD.sub("", low)
    return _POSS.sub("", low).strip()


def _read(path: Path) -> list[dict]:
    if not path.exists():
        raise InputError("E101", source=str(path))
    out = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError("E109", source=str(path), detail=f"{n}: not JSON ({exc})") from exc
    return out


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "predicted": n_pred, "gold": n_gold}


def evaluate(settings=None, path: Optional[str] = None, root: Optional[str] = None) -> dict:
    """Score speakers and attribution detection on the development set (see module docstring).

    ``path``: the annotation file (default ``tests/data/speakers_dev.jsonl``); ``root``: the folder
    the annotated files are read from (default ``shared/data/multisource`` beside the repository).
    Raises ``InputError`` (E101) when either is missing."""
    from .analyze import analyze_file

    gold = _read(Path(path) if path else DEV_SET)
    base = Path(root) if root else MULTISOURCE
    if not base.is_dir():
        raise InputError("E101", source=f"{base} (the multisource articles live in shared/data/ beside the repository)")
    by_file: dict[str, list[dict]] = defaultdict(list)
    for rec in gold:
        by_file[rec["file"]].append(rec)

    n_speaker = right = 0
    det_tp = det_pred = 0
    n_required = found_required = 0
    errors: list[dict] = []
    per_how: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for fname in sorted(by_file):
        fpath = base / fname
        if not fpath.exists():
            raise InputError("E101", source=str(fpath))
        kwargs = {"settings": settings} if settings is not None else {}
        analysis = analyze_file(str(fpath), **kwargs)
        sents = [s for s in analysis.sentences if _CONTENT.search(s.text)]
        claims = by_file[fname]
        for rec in claims:
            best = max(sents, key=lambda s: _overlap(s.start, s.end, rec["start"], rec["end"]), default=None)
            if best is None or _overlap(best.start, best.end, rec["start"], rec["end"]) == 0:
                raise InputError("E109", source=str(fpath), detail=f"no sentence at {rec['start']}-{rec['end']} ({rec['anchor']!r})")
            att = best.attribution
            if rec.get("optional"):
                continue
            n_required += 1
            found_required += att is not None
            if rec.get("speaker") is None:
                continue
            n_speaker += 1
            ok_names = {normalise_name(rec["speaker"])} | {normalise_name(a) for a in rec.get("also", [])}
            ok = att is not None and normalise_name(att.speaker) in ok_names
            right += ok
            counts = per_how[rec.get("how", "?")]
            counts[0] += ok
            counts[1] += 1
            if not ok:
                errors.append({
                    "file": fname, "anchor": rec["anchor"], "gold": rec["speaker"],
                    "predicted": att.speaker if att is not None else None,
                })
        for s in sents:
            if s.attribution is None:
                continue
            covering = [r for r in claims if _overlap(s.start, s.end, r["start"], r["end"])]
            if covering and all(r.get("optional") for r in covering):
                continue
            det_pred += 1
            if covering:
                det_tp += 1
            else:
                errors.append({
                    "file": fname, "anchor": " ".join(s.text.split()[:4]), "gold": None,
                    "predicted": s.attribution.speaker,
                })
    det = _prf(det_tp, det_pred, found_required, n_required)
    return {
        "dataset": str(Path(path) if path else DEV_SET),
        "files": len(by_file),
        "claims": len(gold),
        "required": n_required,
        "speaker_accuracy": round(right / n_speaker, 3) if n_speaker else 0.0,
        "speaker_right": right,
        "speaker_n": n_speaker,
        "by_construction": {k: {"right": v[0], "n": v[1]} for k, v in sorted(per_how.items())},
        "detection": det,
        "errors": errors,
    }
