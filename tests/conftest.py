"""Shared fixtures. Heavy fixtures (the real spaCy pipeline, the analysed seed
article) are session-scoped and only built by the tests that ask for them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# As the CLI does (cli._block_torch_unless_needed): thinc imports torch whenever it is installed,
# a second per test process; only the tests that ask for the ``torch`` fixture (sentence
# embeddings) import it.
sys.modules.setdefault("torch", None)  # type: ignore[arg-type]

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_6dad6b28b8236906.txt"
PLOVER_GOLD = SHARED / "data" / "plover_gsr.jsonl"
EXAMPLES = REPO / "examples"


# files that take 10 s or more (measured with --durations): with -n 2 and --dist loadfile they go
# first, so that the short files fill the gaps instead of one long file running alone at the end
LONG_FILES = ("corpus/test_ray.py", "nlp/test_stage_scaling.py", "test_evaluate.py")


def pytest_collection_modifyitems(items) -> None:
    """The long files first, each file's tests still together and in order."""

    def rank(item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return next((i for i, name in enumerate(LONG_FILES) if path.endswith(name)), len(LONG_FILES))

    items.sort(key=rank)


@pytest.fixture
def torch():
    """torch importable in this test (the sentence-embedding model needs it)."""
    if sys.modules.get("torch", False) is None:
        del sys.modules["torch"]
    return pytest.importorskip("torch")


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED}")
    return SEED


@pytest.fixture(scope="session")
def seed_text(seed_path) -> str:
    return seed_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_analysis(seed_path):
    from corroborator import analyze_file

    return analyze_file(str(seed_path))


@pytest.fixture(scope="session")
def nlp():
    from corroborator.nlp.model import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def analyze():
    """analyze(text, **kwargs) -> ArticleAnalysis on a string, with the real pipeline."""
    from corroborator import analyze_text

    def run(text: str, **kwargs):
        return analyze_text(text, **kwargs)

    return run


def sentence_with(analysis, needle: str):
    """The first sentence whose text contains ``needle``."""
    for s in analysis.sentences:
        if needle in s.text:
            return s
    raise AssertionError(f"no sentence contains {needle!r}")
