"""Load the versioned codebook and lexicon files shipped in ``corroborator/codebooks``.

Each file is JSON with a header: ``name``, ``version``, ``source`` (where the
definitions come from) and ``license``. Code asks for a codebook by name and
never reads data files relative to the working directory.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from ..contract.errors import CodebookError

CODEBOOK_DIR = Path(__file__).resolve().parent / "codebooks"
REQUIRED_KEYS = ("name", "version", "source", "license")


@functools.lru_cache(maxsize=None)
def load(name: str) -> dict:
    """The parsed codebook ``name`` (file ``codebooks/<name>.json``)."""
    path = CODEBOOK_DIR / f"{name}.json"
    if not path.exists():
        raise CodebookError("E301", name=name, path=str(CODEBOOK_DIR))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise CodebookError("E302", name=name, detail=str(exc)) from exc
    missing = [k for k in REQUIRED_KEYS if k not in data]
    if missing:
        raise CodebookError("E302", name=name, detail=f"missing header keys {missing}")
    return data


def version(name: str) -> str:
    return load(name)["version"]


def versions() -> dict[str, str]:
    """Name -> version of every codebook file shipped."""
    return {p.stem: load(p.stem)["version"] for p in sorted(CODEBOOK_DIR.glob("*.json"))}
