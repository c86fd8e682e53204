"""One settings table, honoured end to end: every Settings field is a CLI option and reaches the library."""

from __future__ import annotations

import json

import pytest
import typer.main
from typer.testing import CliRunner

from corroborator.cli import app
from corroborator.contract.errors import EXIT_USAGE
from corroborator.contract.settings import Settings

ANALYSING_COMMANDS = ["analyze", "code"]


def _options(command_name: str) -> set[str]:
    group = typer.main.get_command(app)
    command = group.commands[command_name]
    return {opt for p in command.params for opt in p.opts}


@pytest.mark.parametrize("command", ANALYSING_COMMANDS)
def test_every_setting_is_an_option(command):
    opts = _options(command)
    missing = ["--" + name.replace("_", "-") for name in Settings.model_fields if "--" + name.replace("_", "-") not in opts]
    assert missing == []


def test_every_setting_has_help_text():
    assert all(f.description for f in Settings.model_fields.values())


def test_cli_settings_reach_the_analysis(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("05-01-2023: Police arrested 20 protesters in the capital on Monday after a march against the new tax law.\n", encoding="utf-8")
    runner = CliRunner()

    def run(*flags):
        result = runner.invoke(app, ["analyze", str(article), "-f", "json", *flags])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    default = run()
    assert default["article"]["published"] == "2023-01-05"  # day first by default
    assert run("--date-order", "MDY")["article"]["published"] == "2023-05-01"
    assert default["article"]["language"] == "en"
    assert run("--no-detect-language")["article"]["language"] is None


def test_a_bad_setting_is_a_usage_error(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Police arrested 20 protesters.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(article), "--date-order", "YMD"])
    assert result.exit_code == EXIT_USAGE
    assert "--date-order" in result.output
