"""corroborator: evidence-linked event data from news and opinion articles.

Public API::

    from corroborator import analyze_file, analyze_text, Settings
    analysis = analyze_file("examples/lima_airport_report.txt")
    print(analysis.to_json())
"""

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

from .run.analyze import analyze_document, analyze_file, analyze_text  # noqa: E402
from .contract.records import ArticleAnalysis  # noqa: E402
from .contract.settings import Settings  # noqa: E402

__all__ = ["__version__", "analyze_file", "analyze_text", "analyze_document", "ArticleAnalysis", "Settings"]
