"""corroborator: evidence-linked event data from news and opinion articles.

Public API::

    from corroborator import analyze_file, analyze_text, Settings
    analysis = analyze_file("examples/peru_juliaca_report.txt")
    print(analysis.to_json())

The names below load on first use, so that importing the package (or its command line)
does not load spaCy before it is needed.
"""

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["__version__", "analyze_file", "analyze_text", "analyze_document", "ArticleAnalysis", "Settings"]

_LAZY = {
    "analyze_file": ("corroborator.run.analyze", "analyze_file"),
    "analyze_text": ("corroborator.run.analyze", "analyze_text"),
    "analyze_document": ("corroborator.run.analyze", "analyze_document"),
    "ArticleAnalysis": ("corroborator.contract.records", "ArticleAnalysis"),
    "Settings": ("corroborator.contract.settings", "Settings"),
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'corroborator' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_LAZY))
