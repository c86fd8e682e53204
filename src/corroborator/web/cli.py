"""``corroborator serve``: the web interface, registered on the main typer app by :func:`register`."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, Optional

import typer

logger = logging.getLogger(__name__)


def register(app: typer.Typer, with_settings: Callable) -> None:
    """Add ``serve`` to ``app`` (called once by ``corroborator.cli``, which hands over its
    settings decorator so that every analysis setting is an option here too)."""

    @app.command()
    @with_settings
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (default: this machine only)."),
        port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on (0: any free port)."),
        db: Optional[Path] = typer.Option(None, "--db", help="A corpus store (from 'corroborator ingest') to browse: incidents, actors, timeline, map."),
        allow_fetch: bool = typer.Option(False, "--allow-fetch", help="Let the home page fetch an article from a URL (off: the server never fetches anything)."),
        max_upload_mb: float = typer.Option(5.0, "--max-upload-mb", min=0.001, help="Largest pasted text or uploaded file, in megabytes."),
        settings=None,
    ) -> None:
        """Serve the web interface: paste or upload an article and read it annotated; browse a store."""
        import uvicorn

        from .app import WebConfig, create_app

        if db is not None and not db.is_file():
            typer.echo(f"corroborator: error: --db {db}: no such store. Create it with 'corroborator ingest FILES --db {db}'.", err=True)
            raise typer.Exit(2)
        config = WebConfig(db=db, allow_fetch=allow_fetch, max_upload_bytes=int(max_upload_mb * 1024 * 1024), settings=settings)
        typer.echo(f"corroborator: serving on http://{host}:{port}/ (Ctrl+C to stop)", err=True)
        uvicorn.run(create_app(config), host=host, port=port, log_level="warning")
