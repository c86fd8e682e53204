"""Batch event coding: JSON Lines of short texts in, one line of events per input out.

Input lines are JSON objects ``{"id": ..., "text": "...", "date": "2023-01-15"?}``;
output lines are ``{"id": ..., "events": [...]}`` (each event is an
:class:`~corroborator.records.Event` dumped as JSON), in input order, flushed every
``CHUNK_SIZE`` lines (parsed together with ``nlp.pipe``) so a pipe sees results as they come. A line that cannot be coded becomes
``{"id": <its id, or its line number>, "error": "<what is wrong and how to fix it>"}``
and the run goes on. Blank lines are skipped (they are not records).

Layers:

* :func:`code_record` / :func:`code_records` are pure: records (dicts) and settings in,
  result dicts out, nothing printed, picklable arguments; a process pool or a
  distributed engine can map :func:`code_records` over chunks of records.
* :func:`code_jsonl` reads a file (or standard input), writes the output lines and
  reports progress on standard error; the CLI command ``corroborator code --jsonl``
  is a thin wrapper around it.

Only the events stage runs (``stages={"events"}``), and language detection is off:
neither framing, claims, checks, coups nor the language reach the output lines.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
import time
from collections import deque
from concurrent.futures import Future
from typing import IO, Any, Iterable, Iterator, Optional

from ..contract.errors import CorroboratorError, InputError
from ..contract.records import Skipped
from ..contract.settings import Settings
from .workers import default_workers, process_pool

logger = logging.getLogger(__name__)

__all__ = ["code_record", "code_records", "code_jsonl", "BATCH_STAGES"]

BATCH_STAGES = frozenset({"events"})
CHUNK_SIZE = 32  # lines parsed together with nlp.pipe; output is written chunk by chunk
PROGRESS_MIN_LINES = 50  # progress is shown by default for inputs longer than this
_EXAMPLE = '{"id": "a1", "text": "Police arrested 45 protesters in Lima.", "date": "2023-01-15"}'


class _RecordError(ValueError):
    """A record that cannot be coded; ``message`` says what is wrong and how to fix it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _batch_settings(settings: Optional[Settings]) -> Settings:
    settings = settings or Settings()
    if settings.detect_language:
        settings = settings.model_copy(update={"detect_language": False})
    return settings


def _record_id(record: Any, fallback: Any) -> Any:
    if isinstance(record, dict):
        rid = record.get("id")
        if isinstance(rid, (str, int)) and not isinstance(rid, bool):
            return rid
    return fallback


def _validate(record: Any, where: str) -> tuple[str, Optional[str]]:
    """(text, ISO date or None) of a record, or a _RecordError naming the problem and the fix."""
    if not isinstance(record, dict):
        raise _RecordError(
            f"{where}: expected a JSON object, got {type(record).__name__}. Each line must look like {_EXAMPLE}"
        )
    rid = record.get("id")
    if rid is not None and (isinstance(rid, bool) or not isinstance(rid, (str, int))):
        raise _RecordError(f"{where}: 'id' must be a string or an integer, got {type(rid).__name__}.")
    if "text" not in record:
        raise _RecordError(f"{where}: no 'text' field. Add the text to code, e.g. {_EXAMPLE}")
    text = record["text"]
    if not isinstance(text, str):
        raise _RecordError(f"{where}: 'text' must be a string, got {type(text).__name__}.")
    if not text.strip():
        raise _RecordError(f"{where}: 'text' is empty. Give the text to code, or drop the line.")
    date = record.get("date")
    if date is None or date == "":
        return text, None
    if not isinstance(date, str):
        raise _RecordError(f"{where}: 'date' must be an ISO date string such as \"2023-01-15\", got {type(date).__name__}.")
    try:
        dt.date.fromisoformat(date.strip()[:10])
    except ValueError:
        raise _RecordError(
            f"{where}: 'date' {date!r} is not a date. Use ISO format such as \"2023-01-15\", or leave 'date' out."
        ) from None
    return text, date.strip()[:10]


def code_record(record: Any, settings: Optional[Settings] = None, *, where: str = "record", fallback_id: Any = None) -> dict:
    """Code one record: ``{"id", "events"}`` or ``{"id", "error"}``; never raises for bad data."""
    from ..text import ingest
    from .analyze import analyze_document

    settings = _batch_settings(settings)
    rid = _record_id(record, fallback_id)
    try:
        text, date = _validate(record, where)
        source = str(rid) if rid is not None else where
        raw = ingest.from_text(text, source=source, fmt="text")
        analysis = analyze_document(raw, settings=settings, published=date, stages=set(BATCH_STAGES))
    except _RecordError as exc:
        return {"id": rid, "error": exc.message}
    except CorroboratorError as exc:
        return {"id": rid, "error": f"{where}: {exc}"}
    except Exception as exc:  # a bug must not stop a long batch: report it on the line
        logger.exception("%s: internal error", where)
        return {"id": rid, "error": f"{where}: internal error ({type(exc).__name__}: {exc}). Please report it."}
    return {"id": rid, "events": [event.model_dump(mode="json") for event in analysis.events]}


def code_records(records: Iterable[Any], settings: Optional[Settings] = None) -> list[dict]:
    """The pure batch function: records in, one result dict per record out (same order).

    A record without an ``id`` gets its 1-based position as id. Texts are parsed together
    with ``nlp.pipe`` (about 2x faster than one at a time).
    """
    return _code_chunk([(record, f"record {n}", n) for n, record in enumerate(records, start=1)], settings)


def _code_chunk(items: list[tuple[Any, str, Any]], settings: Optional[Settings]) -> list[dict]:
    """Code ``(record, where, fallback_id)`` items in one ``nlp.pipe`` batch; results in order."""
    from ..text import ingest
    from .analyze import analyze_documents

    settings = _batch_settings(settings)
    results: list[Optional[dict]] = [None] * len(items)
    todo: list[tuple[int, Any, str, Any]] = []  # (position, raw, where, id)
    for pos, (record, where, fallback) in enumerate(items):
        rid = _record_id(record, fallback)
        try:
            text, date = _validate(record, where)
            raw = ingest.from_text(text, source=str(rid) if rid is not None else where, fmt="text")
        except _RecordError as exc:
            results[pos] = {"id": rid, "error": exc.message}
            continue
        except CorroboratorError as exc:
            results[pos] = {"id": rid, "error": f"{where}: {exc}"}
            continue
        todo.append((pos, (raw, {"published": date}), where, rid))
    if todo:
        try:
            outcomes = list(analyze_documents([t[1] for t in todo], settings=settings, stages=set(BATCH_STAGES)))
        except Exception:  # a bug in one text must not sink the chunk: fall back to one at a time
            logger.exception("batch parse failed; coding the chunk one record at a time")
            outcomes = None
        for n, (pos, _, where, rid) in enumerate(todo):
            if outcomes is None:
                results[pos] = code_record(items[pos][0], settings, where=where, fallback_id=items[pos][2])
                continue
            outcome = outcomes[n]
            if isinstance(outcome, Skipped):
                results[pos] = {"id": rid, "error": f"{where}: {outcome.detail}"}
            else:
                results[pos] = {"id": rid, "events": [e.model_dump(mode="json") for e in outcome.events]}
    return [r for r in results if r is not None]


# ------------------------------------------------------------------ JSON Lines


def _open_input(path: str) -> IO[bytes]:
    from ..text.ingest import open_binary

    return open_binary(path)


def _count_lines(path: str) -> Optional[int]:
    if path == "-":
        return None
    try:
        with open(path, "rb") as fh:
            return sum(1 for line in fh if line.strip())
    except OSError:
        return None


def _parse_lines(fh: IO[bytes], name: str) -> Iterator[tuple[int, Any, Optional[str]]]:
    """(line number, parsed record or None, error message or None) for each non-blank line."""
    for lineno, data in enumerate(fh, start=1):
        if lineno == 1 and data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        if not data.strip():
            continue
        where = f"{name}: line {lineno}"
        try:
            line = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield lineno, None, f"{where}: not UTF-8 (invalid byte at position {exc.start}). Save the file as UTF-8."
            continue
        try:
            yield lineno, json.loads(line), None
        except json.JSONDecodeError as exc:
            yield lineno, None, f"{where}: invalid JSON ({exc.msg} at column {exc.colno}). Each line must be one JSON object like {_EXAMPLE}"


class _Progress:
    """Progress on standard error: a rich bar on a terminal, a plain counter otherwise."""

    def __init__(self, total: Optional[int], enabled: Optional[bool], stream: Optional[IO[str]] = None) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.auto = enabled is None
        self.enabled = enabled if enabled is not None else (tty or (total is not None and total > PROGRESS_MIN_LINES))
        self.tty = tty
        self.done = 0
        self.failed = 0
        self._bar = None
        self._task = None
        self._last = 0.0
        self._t0 = time.monotonic()
        if self.enabled:
            self._start()

    def _start(self) -> None:
        if self.tty:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn("coding"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[failed]} failed"),
                TimeRemainingColumn(),
                console=Console(file=self.stream),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task("coding", total=self.total, failed=0)

    def tick(self, ok: bool) -> None:
        self.done += 1
        self.failed += 0 if ok else 1
        if not self.enabled and self.auto and self.done > PROGRESS_MIN_LINES:
            self.enabled = True  # standard input turned out long: start reporting
            self._start()
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(self._task, advance=1, failed=self.failed)
            return
        now = time.monotonic()
        if now - self._last >= 2.0 or (self.total and self.done == self.total):
            self._last = now
            of = f"/{self.total}" if self.total else ""
            self.stream.write(f"corroborator code: {self.done}{of} lines, {self.failed} failed\n")
            self.stream.flush()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
        if self.enabled:
            secs = time.monotonic() - self._t0
            rate = self.done / secs if secs > 0 else 0.0
            self.stream.write(
                f"corroborator code: done, {self.done} lines ({self.failed} failed) in {secs:.1f} s, {rate:.1f} lines/s\n"
            )
            self.stream.flush()


def _workers_for(workers: Optional[int], total: Optional[int]) -> int:
    """One process for short inputs (starting a worker costs a model load, ~2 s)."""
    n = default_workers() if workers is None else workers
    if n < 1:
        raise ValueError("workers must be at least 1")
    if workers is None and total is not None and total <= 4 * CHUNK_SIZE:
        return 1
    return n


def code_jsonl(
    path: str,
    output: Optional[str] = None,
    settings: Optional[Settings] = None,
    progress: Optional[bool] = None,
    *,
    workers: Optional[int] = None,
    out: Optional[IO[str]] = None,
    err: Optional[IO[str]] = None,
) -> tuple[int, int]:
    """Code every line of a JSON Lines file (``'-'``: standard input); returns (n_ok, n_failed).

    Output goes to ``output`` (a path), else ``out``, else standard output, one line per
    input line in order, flushed per chunk of lines. ``progress``: True/False, or None for "when
    standard error is a terminal or the input has more than 50 lines". ``workers``: processes
    that code chunks in parallel (default: the machine's cores; one for inputs of up to
    128 lines); the output is the same whatever the number.
    """
    settings = _batch_settings(settings)
    fh = _open_input(path)
    own_in = path != "-"
    name = "standard input" if path == "-" else path
    total = _count_lines(path)
    own_out = False
    if output:
        try:
            sink = open(output, "w", encoding="utf-8")
        except OSError as exc:
            if own_in:
                fh.close()
            raise InputError("E107", source=output, detail=exc.strerror or str(exc)) from exc
        own_out = True
    else:
        sink = out or sys.stdout
    bar = _Progress(total, progress, err)
    n_ok = n_failed = 0
    n_workers = _workers_for(workers, total)
    pool = None
    if n_workers > 1:
        pool = process_pool(n_workers, settings)
    pending: deque = deque()  # (chunk, Future | list of results), in input order

    def submit(chunk: list[tuple[int, Any, Optional[str]]]) -> None:
        parsed = [(rec, f"{name}: line {ln}", ln) for ln, rec, error in chunk if error is None]
        if pool is None or not parsed:
            pending.append((chunk, _code_chunk(parsed, settings) if parsed else []))
        else:
            pending.append((chunk, pool.submit(_code_chunk, parsed, settings)))
        while len(pending) > (2 * n_workers if pool else 0):
            write(*pending.popleft())

    def write(chunk: list[tuple[int, Any, Optional[str]]], results) -> None:
        nonlocal n_ok, n_failed
        coded = iter(results.result() if isinstance(results, Future) else results)
        for lineno, _, error in chunk:
            result = {"id": lineno, "error": error} if error is not None else next(coded)
            ok = "error" not in result
            n_ok += ok
            n_failed += not ok
            sink.write(json.dumps(result, ensure_ascii=False) + "\n")
            bar.tick(ok)
        sink.flush()

    try:
        chunk: list[tuple[int, Any, Optional[str]]] = []
        for item in _parse_lines(fh, name):
            chunk.append(item)
            if len(chunk) >= CHUNK_SIZE:
                submit(chunk)
                chunk = []
        if chunk:
            submit(chunk)
        while pending:
            write(*pending.popleft())
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        bar.close()
        if own_out:
            sink.close()
        if own_in:
            fh.close()
    return n_ok, n_failed
