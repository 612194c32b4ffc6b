"""The README cannot drift from the commands the CLI offers."""

from __future__ import annotations

from pathlib import Path

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
