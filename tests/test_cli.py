"""The command line: output formats, metadata flags, and bad input turned into one
line on stderr with a meaningful exit code (never a traceback).

A few tests run the real command in a subprocess (``python -m corroborator``);
the rest use typer's CliRunner in this process, which reuses the loaded pipeline.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corroborator.lexicons import codebook
from corroborator.cli import EXIT_CONFIG, EXIT_INPUT, EXIT_USAGE, app
from corroborator.contract.records import ArticleAnalysis

from .conftest import EXAMPLES, REPO

DATA = Path(__file__).parent / "data"
EXAMPLE = EXAMPLES / "peru_juliaca_report.txt"
CONTRACT_KEYS = {"article", "mentions", "sentences", "events", "coups", "framing", "checks"}


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COLUMNS")}
    return subprocess.run(
        [sys.executable, "-m", "corroborator", *args],
        input=stdin,
        capture_output=True,
        cwd=REPO,
        env=env,
        timeout=300,
    )


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str, **kwargs):
    return runner.invoke(app, list(args), env={"COLUMNS": "200"}, **kwargs)


def assert_one_line_error(stderr: str, *needles: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("corroborator: error: [E"), lines[0]
    assert "Traceback" not in stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


# ----------------------------------------------------- real subprocesses


def test_subprocess_json_of_the_example():
    """The installed entry point, reading the example from a real pipe (the one run that loads the
    model in a subprocess; the in-process tests below cover the options)."""
    proc = run_cli("analyze", "-", "--format", "json", stdin=EXAMPLE.read_bytes())
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stderr == b""
    data = json.loads(proc.stdout)
    assert CONTRACT_KEYS <= set(data)
    analysis = ArticleAnalysis.model_validate_json(proc.stdout)
    assert analysis.article.published == "2023-01-10"
    assert len(analysis.article.citations) == 4
    assert analysis.article.source == "-" and analysis.article.text == EXAMPLE.read_text(encoding="utf-8")


def test_subprocess_pipeline_not_installed():
    proc = run_cli("analyze", str(EXAMPLE), "--pipeline", "not_installed_pipeline")
    assert proc.returncode == EXIT_CONFIG
    assert_one_line_error(proc.stderr.decode(), "not_installed_pipeline", "is not installed", "--pipeline")


def test_stdin_with_metadata_flags(runner):
    text = "The mayor of Northport resigned on Friday after a week of protests."
    result = invoke(
        runner, "analyze", "-", "--format", "json", "--date", "2024-06-07", "--title", "Mayor quits",
        "--outlet", "Northport Daily", "--url", "https://example.org/mayor", input=text,
    )
    assert result.exit_code == 0, result.stderr
    art = ArticleAnalysis.model_validate_json(result.stdout).article
    assert art.text == text
    assert (art.source, art.published, art.published_source) == ("-", "2024-06-07", "flag")
    assert (art.title, art.outlet, art.url) == ("Mayor quits", "Northport Daily", "https://example.org/mayor")
    result = invoke(runner, "analyze", "-", "--format", "md", "--date", "2024-06-07", "--title", "Mayor quits",
                    "--outlet", "Northport Daily", input=text)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Mayor quits\n")
    assert "**Published:** 2024-06-07 (from flag)" in result.stdout and "**Outlet:** Northport Daily" in result.stdout


# ------------------------------------------------------------ bad input


LATIN1 = "Le maire de Lyon a démissionné vendredi après la grève générale.\n".encode("latin-1")


@pytest.mark.parametrize(
    "name, data, code",
    [
        ("latin1.txt", LATIN1, "E103"),
        ("nul.txt", b"Words and \x00\x00 more words", "E105"),
        ("scan.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "E105"),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "E105"),
        ("empty.txt", b"", "E104"),
        ("blank.txt", b"  \n\t\n   \n", "E104"),
        ("menu.html", b"<html><body><nav><a href='/'>Home</a></nav><script>x()</script></body></html>", "E106"),
    ],
    ids=["latin1", "nul", "pdf", "png", "empty", "blank", "menu-html"],
)
def test_bad_input_files(runner, tmp_path, name, data, code):
    path = tmp_path / name
    path.write_bytes(data)
    result = invoke(runner, "analyze", str(path))
    assert result.exit_code == EXIT_INPUT, result.output
    assert result.stdout == ""
    assert_one_line_error(result.stderr, f"[{code}]", str(path))


def test_missing_file_and_directory(runner, tmp_path):
    result = invoke(runner, "analyze", str(tmp_path / "gone.md"))
    assert result.exit_code == EXIT_INPUT
    assert_one_line_error(result.stderr, "[E101]", "gone.md")
    result = invoke(runner, "analyze", str(tmp_path))
    assert result.exit_code == EXIT_INPUT
    assert_one_line_error(result.stderr, "[E102]", str(tmp_path), "is a directory")


def test_encoding_flag_reads_latin1(runner, tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(LATIN1)
    result = invoke(runner, "analyze", str(path), "--encoding", "latin-1", "--format", "json", "--no-detect-language")  # French text
    assert result.exit_code == 0, result.stderr
    analysis = ArticleAnalysis.model_validate_json(result.stdout)
    assert "démissionné" in analysis.article.text
    result = invoke(runner, "analyze", str(path), "--encoding", "klingon-8")
    assert result.exit_code == EXIT_INPUT
    assert_one_line_error(result.stderr, "[E103]", "klingon-8")


def test_bad_date_flag(runner):
    """A bad option value is a usage error (exit 2), as the exit-code table says (issue 13)."""
    result = invoke(runner, "analyze", str(EXAMPLE), "--date", "last Tuesday")
    assert result.exit_code == EXIT_USAGE
    assert_one_line_error(result.stderr, "[E108]", "last Tuesday", "2023-01-15")


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01"])
def test_dates_arithmetic_cannot_reach_are_refused(runner, date):
    result = invoke(runner, "analyze", str(EXAMPLE), "--date", date)
    assert result.exit_code == EXIT_USAGE
    assert_one_line_error(result.stderr, "[E108]", date)


def test_a_dateline_out_of_range_is_a_warning_not_a_traceback(runner, tmp_path):
    path = tmp_path / "old.txt"
    path.write_text("LIMA, January 3, 0001 — Police arrested 20 people on Monday. The next day they were freed.\n", encoding="utf-8")
    result = invoke(runner, "analyze", str(path), "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["article"]["published"] is None
    assert "W103" in [w["code"] for w in data["warnings"]]
    assert "Traceback" not in result.stderr


def test_empty_stdin(runner):
    result = invoke(runner, "analyze", "-", input="")
    assert result.exit_code == EXIT_INPUT
    assert_one_line_error(result.stderr, "[E104]", "standard input")


def test_pipeline_not_installed_in_process(runner):
    result = invoke(runner, "info", "--pipeline", "not_installed_pipeline")
    assert result.exit_code == EXIT_CONFIG
    assert_one_line_error(result.stderr, "[E201]", "not_installed_pipeline")


def test_usage_error_exit_code(runner):
    result = invoke(runner, "analyze", str(EXAMPLE), "--format", "yaml")
    assert result.exit_code == 2


# ------------------------------------------------------------------ output


def test_json_output_contract(runner):
    result = invoke(runner, "analyze", str(DATA / "council_page.html"), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert CONTRACT_KEYS <= set(data)
    assert {"id", "title", "published", "outlet", "url", "language", "genre", "text", "citations"} <= set(data["article"])
    assert {"dates", "quantities", "entities"} <= set(data["mentions"])
    analysis = ArticleAnalysis.model_validate(data)
    assert analysis.article.outlet == "The Harbour Ledger"
    assert analysis.pipeline is not None and "core_web_sm" in analysis.pipeline.spacy_pipeline


def test_markdown_output_to_file(runner, tmp_path):
    out = tmp_path / "report.md"
    result = invoke(runner, "analyze", str(EXAMPLE), "--format", "md", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    report = out.read_text(encoding="utf-8")
    assert report.startswith("# Peru protests")
    assert "- **Published:** 2023-01-10 (from dateline)" in report
    assert "- **Citations:** 4" in report
    assert "## Sentences" in report
    assert "cites [1]" in report
    assert "At least 17 people were killed" in report


def test_markdown_without_date_says_so(runner, tmp_path):
    path = tmp_path / "nodate.txt"
    path.write_text("The mayor resigned on Friday. Crowds gathered outside.\n", encoding="utf-8")
    result = invoke(runner, "analyze", str(path), "--format", "md")
    assert result.exit_code == 0
    assert "not known" in result.stdout
    assert "No publication date found" in result.stdout


def test_json_output_to_file(runner, tmp_path):
    out = tmp_path / "analysis.json"
    result = invoke(runner, "analyze", str(DATA / "assembly_notes.md"), "-f", "json", "--output", str(out))
    assert result.exit_code == 0, result.stderr
    analysis = ArticleAnalysis.model_validate_json(out.read_text(encoding="utf-8"))
    assert analysis.article.format == "markdown"
    assert analysis.article.title == "Valdoria assembly suspends its sitting"


def test_terminal_view(runner):
    result = invoke(runner, "analyze", str(EXAMPLE))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Peru protests" in out
    assert "published: 2023-01-10 (from dateline)" in out
    assert "citations: 4" in out
    assert "Sentences" in out
    assert "At least 17 people" in out


def test_terminal_view_to_file(runner, tmp_path):
    out = tmp_path / "view.txt"
    result = invoke(runner, "analyze", str(DATA / "wrapped_bulletin.txt"), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    view = out.read_text(encoding="utf-8")
    assert "Harbour strike enters its second week" in view
    assert "published: 2024-06-03" in view
    assert "\x1b[" not in view  # no colour codes in a file


def test_input_format_flag(runner, tmp_path):
    path = tmp_path / "article.txt"
    path.write_text("# Curfew lifted\n\nThe army lifted the *night* curfew on Sunday.\n", encoding="utf-8")
    result = invoke(runner, "analyze", str(path), "--input-format", "markdown", "-f", "json")
    assert result.exit_code == 0, result.stderr
    analysis = ArticleAnalysis.model_validate_json(result.stdout)
    assert analysis.article.format == "markdown"
    assert analysis.article.title == "Curfew lifted"


# -------------------------------------------------------------------- info


def test_info_json(runner):
    result = invoke(runner, "info", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    from corroborator import __version__

    assert data["version"] == __version__
    assert "core_web_sm" in data["spacy_pipeline"]
    assert isinstance(data["codebooks"], dict)
    shipped = {p.stem for p in codebook.CODEBOOK_DIR.glob("*.json")}
    assert set(data["codebooks"]) == shipped
    for name, version in data["codebooks"].items():
        assert version == codebook.load(name)["version"]


def test_info_terminal(runner):
    result = invoke(runner, "info")
    assert result.exit_code == 0
    assert "corroborator" in result.stdout and "core_web_sm" in result.stdout


def test_unwritable_output_is_a_usage_error(runner, tmp_path):
    target = tmp_path / "missing-dir" / "out.json"
    result = invoke(runner, "analyze", str(EXAMPLE), "-f", "json", "-o", str(target))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and str(target) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    result = invoke(runner, "analyze", str(EXAMPLE), "-o", str(tmp_path))
    assert result.exit_code == 2 and "Is a directory" in result.stderr


def test_cli_does_not_import_torch_unless_embeddings_are_asked_for():
    """Issue 13: thinc imports torch whenever it is installed; the CLI skips it when no embedding is used."""
    from corroborator.cli import _block_torch_unless_needed

    code = (
        "import sys; from corroborator.cli import _block_torch_unless_needed as b; "
        "b(sys.argv[1:]); import spacy; m = sys.modules.get('torch'); print('torch' if m is not None else 'none')"
    )
    plain = subprocess.run([sys.executable, "-c", code, "analyze", "x.txt"], capture_output=True, text=True, cwd=REPO)
    assert plain.stdout.strip() == "none", plain.stderr  # spaCy (and thinc) imported without torch
    # asked for: torch is left alone (not imported here, where it is loaded already)
    missing = object()
    before = sys.modules.pop("torch", missing)
    try:
        _block_torch_unless_needed(["analyze", "x.txt", "--use-embeddings"])
        assert "torch" not in sys.modules
        _block_torch_unless_needed(["analyze", "x.txt"])
        assert "torch" in sys.modules and sys.modules["torch"] is None
    finally:
        sys.modules.pop("torch", None)
        if before is not missing:
            sys.modules["torch"] = before


@pytest.mark.parametrize(
    "text, language",
    [
        ("El presidente fue detenido por la policía en Lima el miércoles por la noche, informó el gobierno.", "Spanish"),
        ("警方周一在利马逮捕了二十名抗议者，政府在声明中表示局势已经得到控制。", "Chinese"),
        ("اعتقلت الشرطة عشرين متظاهرا في العاصمة يوم الاثنين بعد اشتباكات عنيفة قرب البرلمان", "Arabic"),
    ],
)
def test_text_in_another_language_is_refused_before_the_model_loads(runner, tmp_path, text, language):
    """Issue 13: not coded as if it were English; exit 3 with the fix, or analysed on request."""
    path = tmp_path / "foreign.txt"
    path.write_text(text + "\n", encoding="utf-8")
    result = invoke(runner, "analyze", str(path))
    assert result.exit_code == EXIT_INPUT
    assert_one_line_error(result.stderr, "[E111]", language, "--no-detect-language")
    assert invoke(runner, "analyze", str(path), "--no-detect-language", "-f", "json").exit_code == 0


@pytest.mark.slow
def test_several_files_in_parallel_give_json_lines_in_order(runner, tmp_path):
    """Issue 13: analyze A B C --workers 2 = the same lines as one worker; a bad file is a line
    with its error and exit 1."""
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    files = [str(EXAMPLE), str(DATA / "wrapped_bulletin.txt"), str(empty)]
    outs = []
    for workers in ("1", "2"):
        result = invoke(runner, "analyze", *files, "-f", "json", "--workers", workers)
        assert result.exit_code == 1
        outs.append(result.stdout)
    assert outs[0] == outs[1]
    lines = [json.loads(l) for l in outs[0].splitlines()]
    assert lines[0]["article"]["title"].startswith("Peru protests")
    assert "Harbour strike" in lines[1]["article"]["title"]
    assert lines[2]["code"] == "E104" and lines[2]["source"] == str(empty)
