"""The web application: ``create_app(WebConfig(...))`` returns a FastAPI app.

    corroborator serve [--db corpus.db] [--allow-fetch]   # the command line (web/cli.py)
    uvicorn --factory ...                                  # or any ASGI server, given create_app

Pages (HTML, each with a JSON twin at the same path + ``.json``): the home page (paste, upload,
or a URL when fetching is allowed), the article page (``web/article.py``) and, with a store, the
corpus pages (``web/corpus.py``). Helpers shared by every route are in ``web/pages.py``.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..contract.errors import ConfigError, CorroboratorError, UsageError
from ..contract.settings import Settings
from .pages import WebError, error_response

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
DEFAULT_MAX_UPLOAD_BYTES = 5 * 1024 * 1024
FORM_OVERHEAD = 64 * 1024  # multipart boundaries and the small form fields, on top of the article itself
CORPUS_ROUTER = "corroborator.web.corpus"

# Defence in depth: pages load only their own scripts and styles (nothing inline, nothing external).
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     b"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


@dataclass(frozen=True)
class WebConfig:
    """What ``corroborator serve`` was started with."""

    db: Optional[Path] = None  # the corpus store (SQLite); None: article pages only
    allow_fetch: bool = False  # fetch a URL given on the home page (never otherwise)
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES  # largest pasted text or uploaded file
    settings: Settings = field(default_factory=Settings)  # analysis settings
    cache_size: int = 64  # analyses kept in memory (least recently used dropped first)
    # the Content-Security-Policy header (only 'self'); the safety tests turn it off to show that
    # escaping alone keeps an article's payloads inert
    content_security_policy: bool = True


class _Limits:
    """ASGI middleware: request bodies larger than the upload limit are refused with E502 (413),
    before they are read when the length is declared, as soon as they pass it otherwise; every
    response gets the security headers."""

    def __init__(self, app, limit: int, csp: bool = True) -> None:
        self.app = app
        self.limit = limit
        self.headers = SECURITY_HEADERS if csp else [h for h in SECURITY_HEADERS if h[0] != b"content-security-policy"]

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + self.headers
            await send(message)

        cap = self.limit + FORM_OVERHEAD
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > cap:
            request = Request(scope)
            response = error_response(request, *_too_large(f"{int(declared):,}", self.limit))
            await response(scope, receive, send_with_headers)
            return
        received = 0

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap:
                    raise WebError("E502", 413, detail=f"more than {received:,}", limit=self.limit)
            return message

        await self.app(scope, limited_receive, send_with_headers)


def _too_large(size: str, limit: int) -> tuple[str, int, str]:
    err = WebError("E502", 413, detail=size, limit=limit)
    return err.code, err.status, err.message


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # article text is untrusted: every value is escaped unless built as Markup by our code
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = _num
    env.tests["web_url"] = is_web_url
    return Jinja2Templates(env=env)


def is_web_url(value) -> bool:
    """Only http(s) addresses become links (never ``javascript:`` or ``data:`` from an article's metadata)."""
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def _num(value) -> str:
    """12.0 -> '12', 2.5 -> '2.5', None -> ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError):
        return error_response(request, exc.code, exc.status, exc.message)

    @app.exception_handler(CorroboratorError)
    async def analysis_error(request: Request, exc: CorroboratorError):
        status = 500 if isinstance(exc, ConfigError) else 400 if isinstance(exc, UsageError) else 422
        message = str(exc).removeprefix(f"[{exc.code}] ")
        return error_response(request, exc.code, status, message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 404:
            err = WebError("E501", 404, detail=request.url.path)
        else:
            err = WebError("E504", exc.status_code, detail=f"{request.method} {request.url.path}: {exc.detail}")
        return error_response(request, err.code, err.status, err.message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        err = WebError("E504", 422, detail=f"{request.url.path}: {problems}")
        return error_response(request, err.code, err.status, err.message)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception):
        logger.exception("internal error serving %s", request.url.path)
        err = WebError("E507", 500, detail=request.url.path)
        return error_response(request, err.code, err.status, err.message)


def create_app(config: Optional[WebConfig] = None) -> FastAPI:
    """The web app for ``config`` (defaults: no store, no fetching, 5 MB uploads)."""
    from . import article

    config = config or WebConfig()
    app = FastAPI(
        title="corroborator",
        version=__version__,
        docs_url=None,  # the interactive docs load scripts from a CDN: not offered
        redoc_url=None,
        openapi_url=None,
    )
    app.state.config = config
    app.state.templates = _templates()
    app.state.analyses = article.AnalysisCache(config.cache_size)
    app.add_middleware(_Limits, limit=config.max_upload_bytes, csp=config.content_security_policy)
    _handlers(app)
    app.mount("/static", StaticFiles(directory=str(STATIC), follow_symlink=False), name="static")
    app.include_router(article.router)
    if config.db is not None and importlib.util.find_spec(CORPUS_ROUTER) is not None:
        app.include_router(importlib.import_module(CORPUS_ROUTER).router)
    return app
