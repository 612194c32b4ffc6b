"""The README cannot drift from the commands the CLI offers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer

from tidings.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_readme_starts_with_the_two_commands() -> None:
    head = README[:400]
    assert "make demo" in head and "make test" in head


def test_every_command_is_shown_in_the_readme() -> None:
    names = [command.name or (command.callback.__name__ if command.callback else "") for command in
             app.registered_commands]
    assert names, "no commands registered"
    for name in names:
        assert f"tidings {name}" in README, f"README never shows `tidings {name}`"


def _click_commands() -> dict[str, Any]:
    """Each command the CLI offers by its name, as click (Typer's own copy) sees it."""
    commands: dict[str, Any] = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    return dict(commands)


def _options(command: Any) -> set[str]:
    return {option for param in command.params for option in (*param.opts, *param.secondary_opts)}


def _inline_code() -> list[str]:
    """The `code spans` of the README's prose (fenced blocks left out: tests/test_readme.py runs those)."""
    prose = re.sub(r"^```.*?^```", "", README, flags=re.S | re.M)
    return re.findall(r"`([^`\n]+)`", prose)


def test_every_command_the_readme_names_exists_with_its_options() -> None:
    # The README once sent readers to `tidings failures`, which never existed (issue 19).
    commands = _click_commands()
    named = [span for span in _inline_code() if span.startswith("tidings ")]
    assert named, "the README's prose names no tidings command"
    for span in named:
        words = span.split()[1:]
        name = words[0]
        assert name in commands, f"the README names `{span}`, but tidings has no command {name!r}"
        flags = {word.split("=")[0] for word in words if word.startswith("--")}
        unknown = flags - _options(commands[name])
        assert not unknown, f"`{span}`: tidings {name} has no option {sorted(unknown)}"


def test_every_option_the_readme_names_belongs_to_a_command() -> None:
    every = set().union(*(_options(command) for command in _click_commands().values()))
    flags = {span.split()[0].split("=")[0] for span in _inline_code() if re.match(r"--[a-z]", span)}
    assert flags, "the README's prose names no option"
    assert not flags - every, f"the README names options no command has: {sorted(flags - every)}"
