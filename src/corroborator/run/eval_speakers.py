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

A second part (``"corpus": "wire"``) annotates 40 sentences of real wire copy from
``shared/data/real/cameo_penta_train.tsv`` (``"line"``: the 1-based line; offsets into that
line's sentence); it was annotated before the rules were run on it, so its first score (0.89)
was an unseen-data figure.

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


def _documents(gold: list[dict], base: Path, shared_data: Path):
    """(corpus, document label, analyse() thunk, claims) per annotated document."""
    from .analyze import analyze_file, analyze_text

    by_doc: dict[tuple, list[dict]] = defaultdict(list)
    for rec in gold:
        corpus = rec.get("corpus", "multisource")
        by_doc[(corpus, rec["file"], rec.get("line"))].append(rec)
    rows_cache: dict[str, list[str]] = {}
    for (corpus, fname, line), claims in sorted(by_doc.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or 0)):
        if corpus == "multisource":
            fpath = base / fname
            if not fpath.exists():
                raise InputError("E101", source=str(fpath))
            yield corpus, fname, (lambda settings, fpath=fpath: analyze_file(str(fpath), **_kw(settings))), claims
        else:
            tsv = shared_data / fname
            if fname not in rows_cache:
                if not tsv.exists():
                    raise InputError("E101", source=str(tsv))
                rows_cache[fname] = [ln.rstrip("\n").split("\t")[0] for ln in tsv.open(encoding="utf-8")]
            text = rows_cache[fname][line - 1]
            yield corpus, f"{fname}:{line}", (lambda settings, text=text: analyze_text(text, **_kw(settings))), claims


def _kw(settings) -> dict:
    return {"settings": settings} if settings is not None else {}


class _Tally:
    def __init__(self) -> None:
        self.n_speaker = self.right = self.det_tp = self.det_pred = self.n_required = self.found_required = 0
        self.per_how: dict[str, list[int]] = defaultdict(lambda: [0, 0])

    def report(self) -> dict:
        return {
            "required": self.n_required,
            "speaker_accuracy": round(self.right / self.n_speaker, 3) if self.n_speaker else 0.0,
            "speaker_right": self.right,
            "speaker_n": self.n_speaker,
            "by_construction": {k: {"right": v[0], "n": v[1]} for k, v in sorted(self.per_how.items())},
            "detection": _prf(self.det_tp, self.det_pred, self.found_required, self.n_required),
        }


def evaluate(settings=None, path: Optional[str] = None, root: Optional[str] = None) -> dict:
    """Score speakers and attribution detection on the development set (see module docstring).

    ``path``: the annotation file (default ``tests/data/speakers_dev.jsonl``); ``root``: the folder
    the annotated articles are read from (default ``shared/data/multisource`` beside the
    repository; lines of ``"corpus": "wire"`` name a file under the folder above it, e.g.
    ``real/cameo_penta_train.tsv``, and a 1-based ``line``). The result has the totals at the top
    and one block per corpus under ``corpora``. Raises ``InputError`` (E101) when a file is missing."""
    gold = _read(Path(path) if path else DEV_SET)
    base = Path(root) if root else MULTISOURCE
    if not base.is_dir():
        raise InputError("E101", source=f"{base} (the multisource articles live in shared/data/ beside the repository)")
    shared_data = base.parent
    total = _Tally()
    per_corpus: dict[str, _Tally] = defaultdict(_Tally)
    errors: list[dict] = []
    files = 0
    for corpus, label, run, claims in _documents(gold, base, shared_data):
        files += 1
        analysis = run(settings)
        sents = [s for s in analysis.sentences if _CONTENT.search(s.text)]
        tallies = (total, per_corpus[corpus])
        for rec in claims:
            best = max(sents, key=lambda s: _overlap(s.start, s.end, rec["start"], rec["end"]), default=None)
            if best is None or _overlap(best.start, best.end, rec["start"], rec["end"]) == 0:
                raise InputError("E109", source=label, detail=f"no sentence at {rec['start']}-{rec['end']} ({rec['anchor']!r})")
            att = best.attribution
            if rec.get("optional"):
                continue
            for t in tallies:
                t.n_required += 1
                t.found_required += att is not None
            if rec.get("speaker") is None:
                continue
            ok_names = {normalise_name(rec["speaker"])} | {normalise_name(a) for a in rec.get("also", [])}
            ok = att is not None and normalise_name(att.speaker) in ok_names
            for t in tallies:
                t.n_speaker += 1
                t.right += ok
                t.per_how[rec.get("how", "?")][0] += ok
                t.per_how[rec.get("how", "?")][1] += 1
            if not ok:
                errors.append({"file": label, "anchor": rec["anchor"], "gold": rec["speaker"], "predicted": att.speaker if att is not None else None})
        for s in sents:
            if s.attribution is None:
                continue
            covering = [r for r in claims if _overlap(s.start, s.end, r["start"], r["end"])]
            if covering and all(r.get("optional") for r in covering):
                continue
            for t in tallies:
                t.det_pred += 1
                t.det_tp += bool(covering)
            if not covering:
                errors.append({"file": label, "anchor": " ".join(s.text.split()[:4]), "gold": None, "predicted": s.attribution.speaker})
    out = {"dataset": str(Path(path) if path else DEV_SET), "documents": files, "claims": len(gold)}
    out.update(total.report())
    out["corpora"] = {k: v.report() for k, v in sorted(per_corpus.items())}
    out["errors"] = errors
    return out
