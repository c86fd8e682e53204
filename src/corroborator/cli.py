"""The ``corroborator`` command line: thin typer wrappers over library functions.

Exit codes: ``contract.errors.EXIT_CODES`` (0 ok; 1 some inputs of a batch failed; 2 usage
error; 3 bad input; 4 configuration; 5 every input of a batch failed). Every field of
:class:`~corroborator.contract.settings.Settings` is an option of every command that analyses
text (:func:`with_settings`), named after the field (``use_embeddings`` -> ``--use-embeddings``).
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import json
import logging
import sys
from enum import Enum
from typing import Optional

import typer

from . import __version__
from .contract.errors import (
    EXIT_ALL_FAILED,
    EXIT_CONFIG,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    CodebookError,
    ConfigError,
    CorroboratorError,
    InputError,
    UsageError,
)
from .contract.settings import Settings

app = typer.Typer(
    name="corroborator",
    help="Evidence-linked event data from news and opinion articles about political crises.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Score the coder on gold data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


def _register_corpus_commands() -> None:
    from .corpus.cli import register

    register(app)


class OutFormat(str, Enum):
    terminal = "terminal"
    json = "json"
    md = "md"


class InFormat(str, Enum):
    auto = "auto"
    text = "text"
    markdown = "markdown"
    html = "html"


def _fail(exc: CorroboratorError) -> "typer.Exit":
    typer.echo(f"corroborator: error: {exc}", err=True)
    code = EXIT_USAGE if isinstance(exc, UsageError) else EXIT_INPUT if isinstance(exc, InputError) else EXIT_CONFIG
    return typer.Exit(code)


def _settings(pipeline: Optional[str], date_order: Optional[str] = None):
    kwargs = {}
    if pipeline:
        kwargs["pipeline"] = pipeline
    if date_order:
        kwargs["date_order"] = date_order
    return Settings(**kwargs)


def _setting_option(name: str, field) -> inspect.Parameter:
    flag = "--" + name.replace("_", "-")
    if field.annotation is bool:
        option = typer.Option(None, f"{flag}/--no-{name.replace('_', '-')}", help=f"{field.description} [setting {name}, default: {'on' if field.default else 'off'}]")
        annotation = Optional[bool]
    else:
        option = typer.Option(None, flag, help=f"{field.description} [setting {name}, default: {field.default}]")
        annotation = Optional[str]
    return inspect.Parameter(f"setting__{name}", inspect.Parameter.KEYWORD_ONLY, default=option, annotation=annotation)


def with_settings(fn):
    """Give a command one option per Settings field; the command receives ``settings: Settings``.

    An option left out keeps the setting's default. A value the Settings model rejects is a
    usage error (exit 2) naming the option.
    """
    sig = inspect.signature(fn)
    own = [p for p in sig.parameters.values() if p.name != "settings"]
    extra = [_setting_option(name, field) for name, field in Settings.model_fields.items()]

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from pydantic import ValidationError

        values = {k.removeprefix("setting__"): kwargs.pop(k) for k in list(kwargs) if k.startswith("setting__")}
        try:
            settings = Settings(**{k: v for k, v in values.items() if v is not None})
        except ValidationError as exc:
            bad = ", ".join("--" + str(e["loc"][0]).replace("_", "-") + f" ({e['msg']})" for e in exc.errors())
            typer.echo(f"corroborator: error: invalid setting: {bad}. See --help.", err=True)
            raise typer.Exit(EXIT_USAGE) from None
        return fn(*args, settings=settings, **kwargs)

    wrapper.__signature__ = sig.replace(parameters=own + extra)
    wrapper.__annotations__ = {**{p.name: p.annotation for p in own + extra}, "return": None}
    return wrapper


@app.command()
@with_settings
def analyze(
    sources: list[str] = typer.Argument(..., help="Article files (.txt, .md, .html), or '-' for standard input."),
    format: OutFormat = typer.Option(OutFormat.terminal, "--format", "-f", help="Output: terminal view, json (JSON Lines for several files) or md."),
    input_format: InFormat = typer.Option(InFormat.auto, "--input-format", help="Force the input format."),
    date: Optional[str] = typer.Option(None, "--date", help="Publication date (ISO, e.g. 2023-01-15)."),
    title: Optional[str] = typer.Option(None, "--title", help="Article title."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="Publishing outlet."),
    url: Optional[str] = typer.Option(None, "--url", help="Article URL."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Text encoding of the input (default UTF-8)."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write to this file instead of standard output."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="Processes analysing several files in parallel (default: the machine's cores). Output order and content are the same for any number."),
    settings: Settings = None,
) -> None:
    """Analyse articles: events, coups, claims, framing and checks, with evidence."""
    from .contract.records import Skipped
    from .export.render import print_terminal, to_markdown
    from .run.analyze import analyze_files

    fmt = None if input_format == InFormat.auto else input_format.value
    meta = dict(encoding=encoding, fmt=fmt, title=title, published=date, outlet=outlet, url=url)
    if len(sources) == 1:
        results = analyze_files(sources, settings=settings, workers=1, **meta)
        result = next(results)
        if isinstance(result, Skipped):
            typer.echo(f"corroborator: error: {result.detail}", err=True)
            raise typer.Exit(EXIT_USAGE if result.code == "E108" else EXIT_CONFIG if result.code.startswith(("E2", "E3")) else EXIT_INPUT)
        items = [result]
    else:
        items = analyze_files(sources, settings=settings, workers=workers, **meta)
    n_ok = n_failed = 0
    with (_open_output(output) if output else contextlib.nullcontext(sys.stdout)) as fh:
        for n, result in enumerate(items):
            if isinstance(result, Skipped):
                n_failed += 1
                typer.echo(f"corroborator: error: {result.detail}", err=True)
                if format == OutFormat.json:
                    fh.write(json.dumps({"source": result.id, "error": result.detail, "code": result.code}) + "\n")
                continue
            n_ok += 1
            if format == OutFormat.json:
                fh.write(result.to_json(indent=2 if len(sources) == 1 else None) + "\n")
            elif format == OutFormat.md:
                fh.write(("\n---\n\n" if n else "") + to_markdown(result))
            elif output:
                from rich.console import Console

                print_terminal(result, Console(file=fh, width=100))
            else:
                print_terminal(result)
    if n_failed and not n_ok:
        raise typer.Exit(EXIT_ALL_FAILED)
    if n_failed:
        raise typer.Exit(EXIT_SOME_FAILED)


@contextlib.contextmanager
def _open_output(path: str):
    """The output file, or a one-line error (exit 2) when it cannot be written."""
    try:
        fh = open(path, "w", encoding="utf-8")
    except OSError as exc:
        typer.echo(f"corroborator: error: cannot write {path} ({exc.strerror or exc}). Check the -o path.", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    with fh:
        yield fh


@app.command()
def info(
    format: OutFormat = typer.Option(OutFormat.terminal, "--format", "-f", help="terminal or json."),
    pipeline: Optional[str] = typer.Option(None, "--pipeline", help="Installed spaCy pipeline to report on."),
) -> None:
    """Package version, spaCy pipeline and codebook versions."""
    from .run.analyze import pipeline_info

    try:
        data = pipeline_info(_settings(pipeline)).model_dump()
    except CorroboratorError as exc:
        raise _fail(exc) from None
    data["version"] = __version__
    if format == OutFormat.json:
        typer.echo(json.dumps(data, indent=2))
        return
    typer.echo(f"corroborator {__version__}")
    typer.echo(f"spaCy {data['spacy']}, pipeline {data['spacy_pipeline']}")
    for name, version in data["codebooks"].items():
        typer.echo(f"codebook {name}: {version}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the analysis output (the versioned contract)."""
    from .contract.records import ArticleAnalysis

    typer.echo(json.dumps(ArticleAnalysis.model_json_schema(), indent=2))


@app.command()
@with_settings
def code(
    jsonl: str = typer.Option(..., "--jsonl", help="JSON Lines file of {\"id\", \"text\", \"date\"?}; '-' for stdin."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write output lines here (default stdout)."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Progress on stderr (default: when stderr is a terminal or input is long)."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="Processes coding in parallel (default: the machine's cores; 1 for inputs of up to 128 lines). Output is the same for any number."),
    settings: Settings = None,
) -> None:
    """Code the events of many short texts: one output line per input line, in order."""
    from .run.batch import code_jsonl

    try:
        n_ok, n_failed = code_jsonl(jsonl, output=output, settings=settings, progress=progress, workers=workers)
    except CorroboratorError as exc:
        raise _fail(exc) from None
    if n_failed and not n_ok:
        raise typer.Exit(EXIT_ALL_FAILED)
    if n_failed:
        raise typer.Exit(EXIT_SOME_FAILED)


def _eval_settings(classifier: bool, embeddings: bool) -> Settings:
    return Settings(use_classifier=classifier, use_embeddings=embeddings)


def _eval_report(format: OutFormat, compute) -> None:
    """Run one evaluation and print its report as tables or JSON (one shape for every eval command)."""
    from .run.evaluate import print_report

    try:
        report = compute()
    except CorroboratorError as exc:
        raise _fail(exc) from None
    if format == OutFormat.json:
        typer.echo(json.dumps(report, indent=2))
    else:
        print_report(report)


@eval_app.command("plover")
def eval_plover(
    gold: str = typer.Argument(..., help="PLOVER gold JSON Lines (e.g. ../shared/data/plover_gsr.jsonl)."),
    format: OutFormat = typer.Option(OutFormat.terminal, "--format", "-f", help="terminal or json."),
    classifier: bool = typer.Option(True, "--classifier/--no-classifier", help="Use the parse-feature classifier behind the lexicon."),
    embeddings: bool = typer.Option(False, "--embeddings", help="Also use the MiniLM embedding classifier (needs torch; slower)."),
) -> None:
    """Accuracy and per-type precision/recall/F1 of the event type (first event per sentence)."""
    from .run.evaluate import eval_plover as run

    _eval_report(format, lambda: run(gold, _eval_settings(classifier, embeddings)))


@eval_app.command("events")
def eval_events(
    gold: Optional[str] = typer.Argument(None, help="Annotated event sentences (default: the packaged evaluation set)."),
    format: OutFormat = typer.Option(OutFormat.terminal, "--format", "-f", help="terminal or json."),
    classifier: bool = typer.Option(True, "--classifier/--no-classifier", help="Use the parse-feature classifier behind the lexicon."),
    embeddings: bool = typer.Option(False, "--embeddings", help="Also use the MiniLM embedding classifier (needs torch; slower)."),
) -> None:
    """Precision/recall of event detection and typing on annotated news sentences, against a keyword baseline."""
    from .run.evaluate import eval_events as run

    _eval_report(format, lambda: run(gold, _eval_settings(classifier, embeddings)))


@eval_app.command("cameo")
def eval_cameo(
    path: Optional[str] = typer.Argument(None, help="text<TAB>label file (default: ../shared/data/real/cameo_penta_train.tsv next to the repository)."),
    format: OutFormat = typer.Option(OutFormat.terminal, "--format", "-f", help="terminal or json."),
    classifier: bool = typer.Option(True, "--classifier/--no-classifier", help="Use the parse-feature classifier behind the lexicon."),
    embeddings: bool = typer.Option(False, "--embeddings", help="Also use the MiniLM embedding classifier (needs torch; slower)."),
) -> None:
    """CAMEO five-class accuracy, macro-F1 and confusion of the first event on real wire sentences, against a keyword baseline."""
    from .run.evaluate import eval_cameo as run

    _eval_report(format, lambda: run(path, _eval_settings(classifier, embeddings)))


@eval_app.command("multisource")
def eval_multisource(
    directory: Optional[str] = typer.Argument(None, help="The multi-source corpus directory (default: ../shared/data/multisource next to the repository)."),
    key: Optional[str] = typer.Option(None, "--key", help="Answer key as JSON Lines (default: tests/data/multisource_events.jsonl)."),
    format: OutFormat = typer.Option(OutFormat.terminal, "--format", "-f", help="terminal or json."),
    classifier: bool = typer.Option(True, "--classifier/--no-classifier", help="Use the parse-feature classifier behind the lexicon."),
    embeddings: bool = typer.Option(False, "--embeddings", help="Also use the MiniLM embedding classifier (needs torch; slower)."),
) -> None:
    """Per article of the multi-source corpus: key events of a compatible type found, figures found (recall, precision)."""
    from .run.evaluate import eval_multisource as run

    _eval_report(format, lambda: run(directory, _eval_settings(classifier, embeddings), key=key))


@eval_app.command("all")
def eval_all(
    only: Optional[list[str]] = typer.Option(None, "--set", help="Only this set (repeatable): plover_gold, plover_style_heldout, own_events, cameo_dev, multisource, or an eval_* module."),
    format: OutFormat = typer.Option(OutFormat.terminal, "--format", "-f", help="terminal or json."),
    classifier: bool = typer.Option(True, "--classifier/--no-classifier", help="Use the parse-feature classifier behind the lexicon."),
    embeddings: bool = typer.Option(False, "--embeddings", help="Also use the MiniLM embedding classifier (needs torch; slower)."),
) -> None:
    """One summary table of every available evaluation set (absent data: skipped), and of every corroborator.run.eval_* module."""
    from .run.evaluate import eval_all as run

    _eval_report(format, lambda: run(_eval_settings(classifier, embeddings), only=only or None))


_register_corpus_commands()
from .web.cli import register as register_web  # noqa: E402 - corroborator serve (issue 14)
register_web(app, with_settings)


# Third-party loggers whose messages become our own coded errors and warnings (E106 for a page
# trafilatura rejects, W-codes for dates): their lines never reach the user.
QUIET_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "readability", "charset_normalizer", "urllib3")


def _block_torch_unless_needed(argv: list[str]) -> None:
    """thinc imports torch whenever it is installed (1.4 s and ~180 MiB at every start). Only the
    MiniLM embeddings need it: when no command line option asks for embeddings and the settings'
    default does not either, make `import torch` fail fast in this process so thinc skips it."""
    if Settings().use_embeddings or any("embedding" in a for a in argv):
        return
    sys.modules.setdefault("torch", None)  # type: ignore[assignment]


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="corroborator: %(levelname)s %(name)s: %(message)s")
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)
    _block_torch_unless_needed(sys.argv[1:])
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
