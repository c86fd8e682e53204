"""Shared response helpers of the web interface: every route (article and corpus pages) uses them.

Contract for page authors (also in ``docs/web.md``)
---------------------------------------------------
- ``corroborator.web.app.create_app(config: WebConfig) -> FastAPI``. ``WebConfig`` holds ``db``
  (``Optional[Path]``, the corpus store), ``allow_fetch``, ``max_upload_bytes`` and ``settings``
  (:class:`~corroborator.contract.settings.Settings`). Read it in a route with :func:`config`.
- When ``config.db`` is set, ``create_app`` includes ``corroborator.web.corpus.router`` (an
  ``APIRouter``), if that module exists.
- Every HTML page at path ``P`` has a JSON twin at ``P + ".json"`` with the same data. Register
  both with :func:`twin` and answer with :func:`respond`::

      router = APIRouter()

      @twin(router, "/incident/{incident_id}")
      def incident(request: Request, incident_id: str):
          data = ...                                  # a dict or a pydantic model
          return respond(request, "incident.html", data)

  ``respond`` renders the template with ``data`` (plus ``json_url``, ``has_store``,
  ``version``) for the HTML path, and ``data`` as JSON for the ``.json`` path.
- Errors: raise :class:`WebError` (``code`` from ``contract/errors.py``, HTTP ``status``,
  message parameters). JSON paths get ``{"error": {"code", "message", "status"}}``; HTML paths
  get ``error.html`` with the same fields. Unknown paths and unexpected failures take the same
  shape (E501, E507).
- Templates extend ``base.html`` and fill ``{% block title %}`` and ``{% block main %}`` (and
  ``{% block scripts %}`` for a script of ``/static/``). Jinja2 autoescaping is on: never mark
  untrusted text ``|safe``; embed data for scripts with ``{{ value|tojson }}`` inside
  ``<script type="application/json">`` and read it with ``textContent`` + ``JSON.parse``.
- No external URL anywhere (no CDN, no web fonts): static files are served from the package at
  ``/static/`` (``web/static/``); the Content-Security-Policy header allows only ``'self'``.
- The store: ``with open_store(request) as store:`` (a fresh read connection per request;
  :class:`~corroborator.corpus.store.Store`); a route that needs it and gets ``None`` from
  ``config(request).db`` answers E501 (404).
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any, Callable, Iterator, Optional

from fastapi import APIRouter, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from .. import __version__
from ..contract.errors import Errors

logger = logging.getLogger(__name__)

JSON_SUFFIX = ".json"


class WebError(Exception):
    """An error answered with the one error shape: ``code`` from ``contract/errors.py``, HTTP ``status``.

    The message is the code's template filled with ``params`` (``detail=...`` etc.).
    """

    def __init__(self, code: str, status: int, **params: object) -> None:
        template = getattr(Errors, code, "{detail}")
        self.code = code
        self.status = status
        self.message = template.format(**params)
        super().__init__(f"[{code}] {self.message}")


def config(request: Request):
    """The app's :class:`~corroborator.web.app.WebConfig`."""
    return request.app.state.config


def wants_json(request: Request) -> bool:
    """JSON for a ``.json`` path, or when the client asks for JSON and not HTML."""
    if request.url.path.endswith(JSON_SUFFIX):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def twin(router: APIRouter, path: str, **kwargs: Any) -> Callable:
    """Register a GET route at ``path`` and its JSON twin at ``path + ".json"``.

    The ``.json`` route is added first so that ``/x/{id}.json`` is not taken for ``id = "x.json"``.
    """

    def decorate(fn: Callable) -> Callable:
        twin_path = (path.rstrip("/") or "/index") + JSON_SUFFIX
        router.add_api_route(twin_path, fn, methods=["GET"], include_in_schema=False, **kwargs)
        router.add_api_route(path, fn, methods=["GET"], include_in_schema=False, **kwargs)
        return fn

    return decorate


def json_url(request: Request) -> str:
    path = request.url.path
    if path.endswith(JSON_SUFFIX):
        return path
    return (path.rstrip("/") or "/index") + JSON_SUFFIX


def context(request: Request, **extra: Any) -> dict:
    """What every template gets besides its data."""
    cfg = config(request)
    return {
        "json_url": json_url(request),
        "has_store": cfg.db is not None,
        "allow_fetch": cfg.allow_fetch,
        "version": __version__,
        **extra,
    }


def respond(request: Request, template: str, data: Any, *, status: int = 200, **extra: Any) -> Response:
    """The page: ``data`` as JSON on a ``.json`` path, else ``template`` rendered with ``data``.

    ``extra`` values go to the template only (things derived for display, such as marked-up text);
    the JSON twin carries ``data`` alone.
    """
    if request.url.path.endswith(JSON_SUFFIX):
        return JSONResponse(jsonable_encoder(data), status_code=status)
    if isinstance(data, BaseModel):
        data = data.model_dump()
    templates = request.app.state.templates
    return templates.TemplateResponse(request, template, context(request, data=data, **extra), status_code=status)


def error_response(request: Request, code: str, status: int, message: str) -> Response:
    """The one error shape, as JSON or as ``error.html``."""
    body = {"error": {"code": code, "message": message, "status": status}}
    if wants_json(request):
        return JSONResponse(body, status_code=status)
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html", context(request, error=body["error"], json_url=None), status_code=status
    )


@contextlib.contextmanager
def open_store(request: Request) -> Iterator[Optional[Any]]:
    """A read connection to the corpus store for this request, or ``None`` without ``--db``."""
    db = config(request).db
    if db is None:
        yield None
        return
    from ..corpus.store import Store

    with Store(db) as store:
        yield store


__all__ = [
    "WebError",
    "config",
    "context",
    "error_response",
    "json_url",
    "open_store",
    "respond",
    "twin",
    "wants_json",
]
