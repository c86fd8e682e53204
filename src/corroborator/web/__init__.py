"""The web interface (``corroborator serve``): the annotated article and, with a store, the corpus pages.

Public API::

    from corroborator.web import WebConfig, create_app
    app = create_app(WebConfig(db=None, allow_fetch=False))

Every page has a JSON twin at the same path + ``.json``; the helpers every route uses are in
:mod:`corroborator.web.pages`. See ``docs/web.md``. The names load on first use, so that the
command line starts without importing FastAPI.
"""

__all__ = ["WebConfig", "create_app"]


def __getattr__(name: str):
    if name in __all__:
        from . import app

        return getattr(app, name)
    raise AttributeError(f"module 'corroborator.web' has no attribute {name!r}")
