"""What every command of the command line shares: the error console, failing with a message and
an exit code, the settings and the store, and the options several commands take.

    fail(message, code=1)          print `error: message` to stderr and exit
    load(db)                       the settings (exit 1 with the message on a bad one)
    open_db(db)                    with open_db(db) as (store, settings): ... (exit 1 on an error, and
                                   on a database that does not exist unless create=True)
    filter_option(type, name)      a Typer option whose help is the filter's (tidings.filters)

Exit codes: 0 success, 1 bad input (nothing usable, or a bad value), 2 usage error,
130 interrupted.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console

from tidings.errors import TidingsError
from tidings.filters import LIMIT_HELP, help_of
from tidings.render import ListFormat
from tidings.settings import Settings, load_settings

if TYPE_CHECKING:
    from _typeshed import DataclassInstance
    from typer.models import OptionInfo

    from tidings.store import Store

err = Console(stderr=True, soft_wrap=True)  # soft wrap: one message, one greppable line

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite database file, or a PostgreSQL URL postgresql://user@host/dbname "
                 "(default: TIDINGS_DB or per-user path)."),
]
LimitOption = Annotated[int, typer.Option(min=1, help=LIMIT_HELP)]
ListFormatOption = Annotated[ListFormat, typer.Option("--format", "-f")]


def fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def load(db: str | None = None) -> Settings:
    """The settings, with --db over the file and the environment; a bad one exits 1."""
    try:
        return load_settings(db=db)
    except TidingsError as exc:
        fail(str(exc))


@contextmanager
def open_db(db: str | None, *, create: bool = False) -> Iterator[tuple[Store, Settings]]:
    """The store the settings name, and the settings; any tidings error (or a bad filter value)
    becomes a message and exit code 1. Only the commands that store articles (ingest, watch) pass
    `create`: a reader given a database that does not exist stops with NoDatabase's message."""
    from tidings.store import open_store

    settings = load(db)
    try:
        with open_store(settings.db_target, create=create) as store:
            yield store, settings
    except (TidingsError, ValueError) as exc:
        fail(str(exc))


def filter_option(filters_type: type[DataclassInstance], name: str, *flags: str) -> OptionInfo:
    """The option for the filter `name` of `filters_type`, with the help declared there."""
    option: OptionInfo = typer.Option(*flags, help=help_of(filters_type, name))
    return option
