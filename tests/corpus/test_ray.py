"""``ingest --engine ray`` on a real Ray cluster: the same rows as a local run, and a driver killed
mid-run and run again (issue 12). One local cluster serves both tests (module fixture): this
process starts it as the engine does, and the drivers the tests start join it with ``--address``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .test_engine import dump
from .test_resume import _kill_and_resume



@pytest.fixture(scope="module")
def ray_cluster():
    """A real local Ray cluster of two CPUs, started in this process the way ``ingest --engine
    ray`` starts one (:func:`corroborator.corpus.engine.start_ray`), and its address, which other
    drivers join with ``--address``. One cluster for the tests of this module (one test process
    runs a whole file: ``--dist loadfile``), shut down after them."""
    pytest.importorskip("ray")
    from corroborator.corpus.engine import EngineOptions, start_ray

    # token authentication (on by default) off: drivers started by the tests join without a token
    old = os.environ.get("RAY_AUTH_MODE")
    os.environ["RAY_AUTH_MODE"] = "disabled"
    ray, started = start_ray(EngineOptions(name="ray", workers=2))
    assert started and ray.cluster_resources().get("CPU") == 2
    try:
        yield ray.get_runtime_context().gcs_address
    finally:
        ray.shutdown()
        if old is None:
            os.environ.pop("RAY_AUTH_MODE", None)
        else:
            os.environ["RAY_AUTH_MODE"] = old


@pytest.mark.slow
def test_ray_engine_stores_the_same_rows_as_local(ray_cluster, ingested, corpus_dir, tmp_path):
    """A real local Ray cluster of 2 workers through the CLI (the module's cluster: this process is
    connected to it already, so ingest uses it and leaves it running; each worker loads spaCy)."""
    import json

    from typer.testing import CliRunner

    from corroborator.cli import app

    db = tmp_path / "ray.db"
    res = CliRunner().invoke(app, ["ingest", str(corpus_dir), "--db", str(db), "--engine", "ray", "--workers", "2",
                                   "--batch-size", "3", "--no-progress", "--format", "json"])
    assert res.exit_code == 1, res.output  # two documents of the corpus fail on purpose
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert summary["stored"] == 8 and summary["failed"] == 2 and summary["resumed"] == 0
    assert dump(db) == dump(ingested[0])
    assert not any(Path(str(db) + ".shards").iterdir())  # loaded shards are removed
    import ray

    assert ray.is_initialized() and ray.get_runtime_context().gcs_address == ray_cluster  # left running


@pytest.mark.slow
def test_kill_and_resume_with_ray(tmp_path, ray_cluster):
    """The driver of --engine ray, joined to a running cluster (``--address``), killed mid-run: the
    store keeps what it loaded, the next run (on the same cluster, from this process) loads the
    finished shards first and analyses only the rest."""
    from corroborator.corpus.engine import EngineOptions
    from corroborator.corpus.ingest import ingest
    from corroborator.corpus.store import Store

    engine = EngineOptions(name="ray", workers=1)

    def rerun(docs, db) -> dict:  # here, on the cluster this process is connected to
        with Store(db) as store:
            return ingest([str(docs)], store, batch_size=1, engine=engine).as_dict()

    summary = _kill_and_resume(tmp_path, ["--engine", "ray", "--address", ray_cluster, "--workers", "1"], rerun)
    assert not [p for p in (tmp_path / "c.db.shards").iterdir() if not p.name.startswith(".")]
    assert engine.stats.shards == summary["stored"] > 0  # each batch analysed on the cluster, once
