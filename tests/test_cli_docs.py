"""Every command is documented: help text, and a mention in the README (datasette habit)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from igokit.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_cli_command_has_help_text(name: str) -> None:
    command = main.commands[name]
    assert command.help and len(command.help.strip()) > 20, name
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help or (param.is_flag and param.name in ("as_json", "as_csv")), \
                f"{name} {param.opts} has no help"


@pytest.mark.parametrize("name", COMMANDS)
def test_cli_command_is_in_the_readme(name: str) -> None:
    assert f"igokit {name}" in README, f"`igokit {name}` is not shown in README.md"
