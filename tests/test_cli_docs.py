"""Every command is documented: help text, and a mention in the README (datasette habit)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from igokit.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
_CTX = click.Context(main)
COMMANDS = main.list_commands(_CTX)  # the lazily loaded commands too


@pytest.mark.parametrize("name", COMMANDS)
def test_cli_command_has_help_text(name: str) -> None:
    command = main.get_command(_CTX, name)
    assert command is not None, name
    assert command.help and len(command.help.strip()) > 20, name
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help or (param.is_flag and param.name in ("as_json", "as_csv")), \
                f"{name} {param.opts} has no help"


@pytest.mark.parametrize("name", COMMANDS)
def test_cli_command_is_in_the_readme(name: str) -> None:
    assert f"igokit {name}" in README, f"`igokit {name}` is not shown in README.md"


def test_every_listed_command_loads_and_runs_its_help() -> None:
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in ("members", "import", "serve", "export", "kwic"):
        assert name in result.output
    assert CliRunner().invoke(main, ["trade", "--help"]).exit_code == 0
