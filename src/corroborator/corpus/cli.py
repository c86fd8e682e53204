"""Corpus commands (``ingest``, ``link``, ``incidents``, ``incident``, ``events``, ``actors``,
``claims``, ``omissions``, ``eval linking``), registered on the main typer app by :func:`register`."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..contract.errors import EXIT_ALL_FAILED, EXIT_CONFIG, EXIT_INPUT, EXIT_SOME_FAILED, EXIT_USAGE

DB_HELP = "SQLite store (created if missing)."


class QueryFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    parquet = "parquet"


class Engine(str, Enum):
    local = "local"
    ray = "ray"


class SummaryFormat(str, Enum):
    text = "text"
    json = "json"


def _store(db: str):
    from .store import Store

    return Store(db)


def _ensure_linked(store) -> None:
    if store.incidents_stale:
        from .actors import rebuild_actors
        from .link import relink

        relink(store)
        rebuild_actors(store)


def emit(
    rows: list[dict],
    columns: list[str],
    fmt: QueryFormat,
    out: Optional[str] = None,
    *,
    title: str = "",
    json_value=None,
    types: Optional[dict] = None,
) -> None:
    """Print or write a listing: the one output path of every corpus listing command.

    ``rows`` are flat dicts (``columns`` in order) for the table, CSV and Parquet; JSON prints
    ``json_value`` when given (a command's nested detail: incidents' comparisons, actors'
    variants, claims' sentences), else the rows. ``-o FILE`` writes JSON and CSV to a file;
    Parquet always needs it."""
    from . import export

    if fmt == QueryFormat.json:
        text = export.to_json(rows if json_value is None else json_value)
        if out:
            Path(out).write_text(text + "\n", encoding="utf-8")
        else:
            typer.echo(text)
    elif fmt == QueryFormat.csv:
        text = export.to_csv(rows, columns, out)
        if text is not None:
            typer.echo(text, nl=False)
    elif fmt == QueryFormat.parquet:
        if not out:
            typer.echo("corroborator: error: --format parquet needs -o FILE.", err=True)
            raise typer.Exit(EXIT_USAGE)
        export.to_parquet(rows, columns, out, types)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"{title} ({len(rows)})", show_lines=False)
        for c in columns:
            table.add_column(c, overflow="fold")
        for r in rows:
            table.add_row(*["" if r.get(c) is None else str(export.cell(r.get(c))) for c in columns])
        Console(file=sys.stdout, width=200).print(table)


def _format_option(default: QueryFormat = QueryFormat.table):
    return typer.Option(default, "--format", "-f", help="table, json, csv or parquet (parquet needs -o FILE).")


def _out_option():
    return typer.Option(None, "-o", "--output", help="Write to this file (json, csv, parquet).")


def _filters(since, until, country, type_, outlet, text):
    from .export import Filters

    return Filters(since=since, until=until, country=country, type=type_, outlet=outlet, text=text)


def _run_ingest(run, paths, db, progress, console, kwargs):
    """The ingest run, with a progress bar on standard error when ``progress``."""
    with _store(db) as store:
        if not progress:
            return run(paths, store, **kwargs)
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        from .sources import count_documents

        bar = Progress(
            SpinnerColumn(), TextColumn("[bold]ingest"), BarColumn(),
            TextColumn("{task.fields[docs]} documents, {task.fields[events]} events, {task.fields[fails]} failures"),
            TimeElapsedColumn(), console=console, transient=False,
        )
        with bar:
            task = bar.add_task("ingest", total=count_documents(paths), docs=0, events=0, fails=0)

            def tick(s):
                bar.update(task, completed=s.stored + s.failed + s.already_stored,
                           docs=s.stored, events=s.events, fails=s.failed)

            return run(paths, store, progress=tick, **kwargs)


def register(app: typer.Typer) -> None:
    """Add the corpus commands to ``app`` (called once by ``corroborator.cli``)."""

    @app.command()
    def ingest(
        paths: list[str] = typer.Argument(..., help="Files or folders (.txt, .md, .html, .htm, .jsonl)."),
        db: str = typer.Option("corroborator.db", "--db", help=DB_HELP),
        format: SummaryFormat = typer.Option(SummaryFormat.text, "--format", "-f", help="Summary as text or json."),
        batch_size: int = typer.Option(16, "--batch-size", min=1, help="Documents parsed together with nlp.pipe (one Ray task with --engine ray)."),
        embeddings: bool = typer.Option(False, "--embeddings", help="Compare evidence sentences with MiniLM embeddings when linking."),
        no_link: bool = typer.Option(False, "--no-link", help="Store only; link incidents later."),
        progress: bool = typer.Option(True, "--progress/--no-progress", help="Progress bar on standard error."),
        retry_skips: bool = typer.Option(False, "--retry-skips", help="Analyse again the documents that failed before."),
        engine: Engine = typer.Option(Engine.local, "--engine", help="local: analyse here; ray: map the batches on Ray workers that write Parquet shards, loaded here."),
        address: Optional[str] = typer.Option(None, "--address", help="With --engine ray: join this Ray cluster (default: start a local one)."),
        workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="With --engine ray: worker processes (default: the machine's cores)."),
        shard_dir: Optional[str] = typer.Option(None, "--shard-dir", help="With --engine ray: folder of the Parquet shards (default: <db>.shards; shared storage when joining a cluster)."),
        keep_shards: bool = typer.Option(False, "--keep-shards", help="With --engine ray: keep the shards after loading them."),
    ) -> None:
        """Analyse documents and store them; resumable, idempotent (content hash)."""
        from rich.console import Console

        from .engine import EngineOptions
        from .ingest import ingest as run

        if engine == Engine.local and (address or workers or shard_dir or keep_shards):
            typer.echo("corroborator: error: --address, --workers, --shard-dir and --keep-shards need --engine ray.", err=True)
            raise typer.Exit(EXIT_USAGE)
        if engine == Engine.ray:
            import importlib.util

            if importlib.util.find_spec("ray") is None:
                typer.echo("corroborator: error: --engine ray needs the ray package (pip install ray==2.60.0, "
                           "as in requirements.txt).", err=True)
                raise typer.Exit(EXIT_CONFIG)
        opts = EngineOptions(name=engine.value, address=address, workers=workers, shard_dir=shard_dir,
                             keep_shards=keep_shards)
        kwargs = dict(batch_size=batch_size, link=not no_link, embeddings=embeddings, retry_skips=retry_skips, engine=opts)
        console = Console(file=sys.stderr)
        try:
            summary = _run_ingest(run, paths, db, progress, console, kwargs)
        except ConnectionError as exc:  # --address: no Ray cluster there
            typer.echo(f"corroborator: error: cannot join the Ray cluster at {address or 'the local address'}: {exc}", err=True)
            raise typer.Exit(EXIT_CONFIG)
        if format == SummaryFormat.json:
            typer.echo(json.dumps(summary.as_dict(), ensure_ascii=False))
        else:
            inc = f", {summary.incidents} incidents ({summary.linked_incidents} across articles)" if summary.incidents is not None else ""
            resumed = f", {summary.resumed} from an interrupted run's shards" if summary.resumed else ""
            typer.echo(
                f"{summary.stored} stored, {summary.already_stored} already stored{resumed}, {summary.failed} failed, "
                f"{summary.events} events, {summary.duplicates} near-duplicates{inc} in {summary.seconds}s -> {summary.db}",
                err=True,
            )
        if summary.failed and summary.failed == summary.documents - summary.already_stored:
            raise typer.Exit(EXIT_ALL_FAILED)
        if summary.failed:
            raise typer.Exit(EXIT_SOME_FAILED)

    @app.command()
    def link(
        db: str = typer.Option("corroborator.db", "--db", help=DB_HELP),
        embeddings: bool = typer.Option(False, "--embeddings", help="Compare evidence sentences with MiniLM embeddings."),
    ) -> None:
        """Recompute incidents (event mentions linked across articles) and actors."""
        from .actors import rebuild_actors
        from .link import relink

        with _store(db) as store:
            counts = relink(store, embeddings=embeddings)
            counts["actors"] = rebuild_actors(store)
        typer.echo(json.dumps(counts))

    @app.command()
    def events(
        db: str = typer.Option("corroborator.db", "--db", help=DB_HELP),
        since: Optional[str] = typer.Option(None, "--since", help="ISO date."),
        until: Optional[str] = typer.Option(None, "--until", help="ISO date."),
        country: Optional[str] = typer.Option(None, "--country", help="ISO code or country name."),
        type_: Optional[str] = typer.Option(None, "--type", help="PLOVER type or ACLED event type."),
        outlet: Optional[str] = typer.Option(None, "--outlet", help="Part of the outlet name."),
        text: Optional[str] = typer.Option(None, "--text", help="Words in the evidence sentence."),
        format: QueryFormat = _format_option(),
        out: Optional[str] = _out_option(),
        limit: Optional[int] = typer.Option(None, "--limit"),
    ) -> None:
        """Event mentions with ACLED's core columns, PLOVER fields, incident id and evidence."""
        from . import export

        with _store(db) as store:
            _ensure_linked(store)
            rows = export.events(store, _filters(since, until, country, type_, outlet, text), limit)
        cols = export.EVENT_COLUMNS if format != QueryFormat.table else [
            "event_id_cnty", "event_date", "plover_type", "event_type", "actor1", "actor2", "country", "admin1",
            "location", "fatalities", "source", "incident_id", "notes"]
        emit(rows, cols, format, out, title="events")

    @app.command()
    def incidents(
        db: str = typer.Option("corroborator.db", "--db", help=DB_HELP),
        since: Optional[str] = typer.Option(None, "--since"),
        until: Optional[str] = typer.Option(None, "--until"),
        country: Optional[str] = typer.Option(None, "--country"),
        type_: Optional[str] = typer.Option(None, "--type"),
        outlet: Optional[str] = typer.Option(None, "--outlet"),
        text: Optional[str] = typer.Option(None, "--text"),
        min_articles: int = typer.Option(1, "--min-articles", help="Only incidents reported by this many articles."),
        format: QueryFormat = _format_option(),
        out: Optional[str] = _out_option(),
        limit: Optional[int] = typer.Option(None, "--limit"),
    ) -> None:
        """Incidents: one real event and every article that reports it (json adds the comparison)."""
        from . import export
        from .compare import compare_incident

        with _store(db) as store:
            _ensure_linked(store)
            rows = export.incidents(store, _filters(since, until, country, type_, outlet, text), min_articles, limit)
            detail = None
            if format == QueryFormat.json:
                detail = [{**r, **{k: v for k, v in compare_incident(store, r["incident_id"]).items()
                                   if k in ("sources", "findings")}} for r in rows]
        emit(rows, export.INCIDENT_COLUMNS, format, out, title="incidents", json_value=detail)

    @app.command()
    def incident(
        incident_id: str = typer.Argument(..., help="Incident id (from 'corroborator incidents')."),
        db: str = typer.Option("corroborator.db", "--db", help=DB_HELP),
    ) -> None:
        """Every source's figures, dates, places and perpetrators for one incident, with updates and contradictions (JSON)."""
        from .compare import compare_incident

        with _store(db) as store:
            _ensure_linked(store)
            try:
                result = compare_incident(store, incident_id)
            except KeyError:
                typer.echo(f"corroborator: error: no incident {incident_id!r} in {db}.", err=True)
                raise typer.Exit(EXIT_INPUT)
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))

    @app.command()
    def actors(
        db: str = typer.Option("corroborator.db", "--db", help=DB_HELP),
        country: Optional[str] = typer.Option(None, "--country"),
        text: Optional[str] = typer.Option(None, "--text", help="Part of a name variant."),
        format: QueryFormat = _format_option(),
        out: Optional[str] = _out_option(),
        limit: Optional[int] = typer.Option(None, "--limit"),
    ) -> None:
        """Actors across sources with their name variants, counts and articles."""
        from . import export

        with _store(db) as store:
            _ensure_linked(store)
            detail = export.actors(store, _filters(None, None, country, None, None, text), limit)
        rows = [{**r, "variants": "; ".join(f"{v['variant']} ({v['count']})" for v in r["variants"])} for r in detail]
        emit(rows, ACTOR_COLUMNS, format, out, title="actors", json_value=detail)

    @app.command()
    def claims(
        db: str = typer.Option("corroborator.db", "--db", help=DB_HELP),
        outlet: Optional[str] = typer.Option(None, "--outlet"),
        text: Optional[str] = typer.Option(None, "--text", help="Words in one of the linked sentences."),
        min_sources: int = typer.Option(2, "--min-sources", help="Independent sources (duplicate groups) backing a claim."),
        embeddings: bool = typer.Option(False, "--embeddings", help="Compare sentences with MiniLM embeddings."),
        format: QueryFormat = _format_option(),
        out: Optional[str] = _out_option(),
    ) -> None:
        """Sentences that several sources assert, with how many back them and whether their figures differ."""
        from .claims import link_claims

        with _store(db) as store:
            detail = link_claims(store, embeddings=embeddings, min_sources=min_sources, text=text, outlet=outlet)
        rows = [{**r, "outlets": "; ".join(sorted({m["outlet"] or "?" for m in r["members"]})),
                 "members": len(r["members"])} for r in detail]
        emit(rows, CLAIM_COLUMNS, format, out, title="claims", json_value=detail,
             types={"n_sources": "int64", "n_outlets": "int64", "members": "int64", "figures_differ": "bool_"})

    @app.command()
    def omissions(
        article: str = typer.Argument(..., help="Article id (or prefix), source path or URL."),
        db: str = typer.Option("corroborator.db", "--db", help=DB_HELP),
        format: QueryFormat = _format_option(),
        out: Optional[str] = _out_option(),
    ) -> None:
        """What other sources report about the incidents an article mentions that it leaves out."""
        from .compare import omissions as find

        with _store(db) as store:
            _ensure_linked(store)
            row = store.find_article(article)
            if row is None:
                typer.echo(f"corroborator: error: no single article matches {article!r} in {db}.", err=True)
                raise typer.Exit(EXIT_INPUT)
            detail = find(store, row["id"])
        flat = [
            {"incident": o["incident"], "field": o["field"], "outlet": by.get("outlet"), "published": by.get("published"),
             "value": by.get("value", "; ".join(str(v.get("name") or v.get("value")) for v in by.get("values", []))),
             "evidence": by.get("evidence") or "; ".join(v.get("evidence") or "" for v in by.get("values", [])[:1])}
            for o in detail for by in o["reported_by"]
        ]
        emit(flat, OMISSION_COLUMNS, format, out, title="omissions", json_value=detail,
             types={c: "string" for c in OMISSION_COLUMNS})

    _register_eval()


ACTOR_COLUMNS = ["id", "actor", "kind", "country", "n_mentions", "n_articles", "variants"]
CLAIM_COLUMNS = ["claim", "n_sources", "n_outlets", "figures_differ", "outlets", "members"]
OMISSION_COLUMNS = ["incident", "field", "outlet", "published", "value", "evidence"]
LINKING_COLUMNS = [
    "precision", "recall", "f1", "predicted_links", "correct_links", "uncertain_links", "gold_links", "gold_found",
    "mentions", "incidents_across_files", "figure_disagreements", "figures_found", "figures_recall", "embeddings",
]


def linking_row(report: dict) -> dict:
    """The scalar figures of an ``eval linking`` report as one row."""
    figures = report.get("figures") or {}
    return {**{c: report.get(c) for c in LINKING_COLUMNS}, "figure_disagreements": figures.get("disagreements"),
            "figures_found": figures.get("found"), "figures_recall": figures.get("recall")}


def _register_eval() -> None:
    main_cli = sys.modules.get("corroborator.cli")
    eval_app = getattr(main_cli, "eval_app", None)
    if eval_app is None:
        return

    @eval_app.command("linking")
    def eval_linking(
        folder: str = typer.Argument(..., help="The multisource folder (README.md, ANSWERS.md, one folder per crisis)."),
        embeddings: bool = typer.Option(False, "--embeddings", help="Compare evidence with MiniLM embeddings."),
        format: QueryFormat = _format_option(QueryFormat.json),
        out: Optional[str] = _out_option(),
    ) -> None:
        """Pairwise precision/recall/F1 of cross-article event links against the multisource key (json: the whole report)."""
        from .evaluate import evaluate_linking

        report = evaluate_linking(folder, embeddings=embeddings)
        emit([linking_row(report)], LINKING_COLUMNS, format, out, title="linking", json_value=report,
             types={"embeddings": "bool_"})
