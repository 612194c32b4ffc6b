"""One settings object, declared once as data.

Precedence, lowest first: the defaults below < `tidings.toml` (in the working directory, or the
file named by TIDINGS_CONFIG) < `TIDINGS_*` environment variables < flags the CLI passes to
`load_settings(**overrides)`. Every setting is listed in `SETTINGS`, which feeds the README's
table and the test that keeps the two in step.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, TypeAlias
from urllib.parse import urlsplit, urlunsplit

from tidings.errors import SettingsError

# A `db` starting with one of these is a PostgreSQL URL (tidings.store.postgres), not a file path.
DB_URL_SCHEMES = ("postgresql://", "postgres://")
USER_AGENT = "tidings/0.1 (+https://github.com/tidings-news/tidings; news analysis)"

# The value of one setting, as `Settings` holds it.
SettingValue: TypeAlias = str | int | float | bool | Path | None


def redact(url: str) -> str:
    """`url` with its password (in the user part or a password= parameter) replaced by ***."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        user, host = netloc.rsplit("@", 1)
        if ":" in user:
            user = user.split(":", 1)[0] + ":***"
        netloc = f"{user}@{host}"
    query = re.sub(r"(?i)(^|&)(password=)[^&]*", r"\1\2***", parts.query)
    return urlunsplit(parts._replace(netloc=netloc, query=query))


def default_db_path() -> Path:
    """The per-user database: $XDG_DATA_HOME/tidings/tidings.db (~/.local/share/... by default)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "tidings" / "tidings.db"


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: SettingValue
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", None, "SQLite database path, or a PostgreSQL URL (postgresql://user:password@host/dbname); "
            "default $XDG_DATA_HOME/tidings/tidings.db."),
    Setting("user_agent", USER_AGENT, "User-Agent sent with every HTTP request."),
    Setting("fetch_timeout", 20.0, "Seconds before an HTTP request gives up."),
    Setting("max_bytes", 10 * 1024 * 1024, "Largest body, in bytes, read from a URL or a file."),
    Setting("max_redirects", 5, "Most HTTP redirects followed."),
    Setting("max_feed_entries", 1000,
            "Most entries read from one feed; later ones are skipped with one 'too-large' record."),
    Setting("allow_private_networks", False,
            "Fetch URLs on private, loopback or link-local addresses (off: refuse them)."),
    Setting("min_words", 25,
            "Web pages with fewer words of article text after cleaning are skipped as 'no-text'."),
    Setting("languages", "en", "Comma-separated ISO 639-1 codes of languages to analyse."),
    Setting("near_duplicate_threshold", 0.9,
            "Estimated Jaccard similarity of word shingles above which an article is a near-duplicate."),
    Setting("shingle_size", 5, "Words per shingle for near-duplicate detection."),
    Setting("event_merge_threshold", 0.6,
            "How sure (0-1) tidings must be that two event mentions tell one real-world event to merge "
            "them: higher splits more, lower merges more."),
    Setting("actor_overrides", None,
            "TOML file of actor codes that win over learned and built-in knowledge; "
            "default tidings-actors.toml in the working directory, when present."),
)


@dataclass(frozen=True, slots=True)
class Settings:
    db: Path | str | None = None  # a str only for a PostgreSQL URL (see `_coerce`)
    user_agent: str = USER_AGENT
    fetch_timeout: float = 20.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    max_feed_entries: int = 1000
    allow_private_networks: bool = False
    min_words: int = 25
    languages: str = "en"
    near_duplicate_threshold: float = 0.9
    shingle_size: int = 5
    event_merge_threshold: float = 0.6
    actor_overrides: Path | None = None

    @property
    def actor_overrides_path(self) -> Path | None:
        if self.actor_overrides is not None:
            return self.actor_overrides
        default = Path("tidings-actors.toml")
        return default if default.is_file() else None

    @property
    def db_target(self) -> Path | str:
        """What to open the store with (`tidings.store.open_store`): a SQLite path or a PostgreSQL URL."""
        return self.db if self.db is not None else default_db_path()

    @property
    def db_label(self) -> str:
        """The database as messages show it: the path, or the URL without its password."""
        target = self.db_target
        if isinstance(target, Path):
            return str(target)
        return redact(target)

    @property
    def parts_path(self) -> Path:
        """Where `ingest --workers` keeps its Parquet results by default: beside a SQLite file, or
        for a PostgreSQL database in the per-user data folder, named after its host and database."""
        target = self.db_target
        if isinstance(target, Path):
            return target.with_name(target.name + ".parts")
        where = urlsplit(target)
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{where.hostname or 'local'}_{where.path.strip('/')}")
        return default_db_path().parent / "parts" / name

    @property
    def db_path(self) -> Path:
        """The SQLite database file; SettingsError when the database is a PostgreSQL URL."""
        target = self.db_target
        if isinstance(target, str):
            raise SettingsError(f"the database {self.db_label} is a PostgreSQL URL, not a file; give the "
                                "paths that would otherwise go beside the database file explicitly")
        return target

    @property
    def language_codes(self) -> frozenset[str]:
        return frozenset(code.strip().lower() for code in self.languages.split(",") if code.strip())


def _coerce(name: str, value: object, like: SettingValue) -> SettingValue:
    """Turn a TOML or environment value into the type of the setting's default."""
    if name == "db" and isinstance(value, str) and value.strip().lower().startswith(DB_URL_SCHEMES):
        return value.strip()  # a URL: Path would fold its "//"
    if name in ("db", "actor_overrides"):
        if value is None or value == "":
            return None
        if isinstance(value, str | os.PathLike):
            return Path(value).expanduser()
        raise SettingsError(f"setting {name!r} got {value!r}; expected a path")
    try:
        if isinstance(like, bool):
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off"}:
                return False
            raise ValueError(value)
        if not isinstance(value, str | int | float):  # a TOML table, list or date
            raise TypeError(value)
        if isinstance(like, int):
            return int(value)
        if isinstance(like, float):
            return float(value)
    except (TypeError, ValueError):
        raise SettingsError(
            f"setting {name!r} got {value!r}; expected a {type(like).__name__} like {like!r}"
        ) from None
    return str(value)


def load_settings(*, config: Path | None = None, environ: dict[str, str] | None = None,
                  **overrides: object) -> Settings:
    """Build the Settings: defaults < tidings.toml < TIDINGS_* environment < `overrides`.

    `overrides` whose value is None are ignored, so CLI flags left unset do not mask the file or
    the environment.
    """
    env = os.environ if environ is None else environ
    defaults = Settings()
    known = {f.name: getattr(defaults, f.name) for f in fields(Settings)}
    # Each value has its own field's type (`_coerce` makes it the default's); mypy cannot follow
    # that per key, so `replace` gets them untyped.
    values: dict[str, Any] = {}

    path = config or (Path(env["TIDINGS_CONFIG"]) if env.get("TIDINGS_CONFIG") else Path("tidings.toml"))
    if path.is_file():
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"{path} is not valid TOML: {exc}; fix or remove the file") from None
        for key, value in table.items():
            if key not in known:
                raise SettingsError(f"{path}: unknown setting {key!r}; known: {', '.join(known)}")
            values[key] = _coerce(key, value, known[key])

    for key, like in known.items():
        env_value = env.get(f"TIDINGS_{key.upper()}")
        if env_value is not None:
            values[key] = _coerce(key, env_value, like)

    for key, value in overrides.items():
        if key not in known:
            raise SettingsError(f"unknown setting {key!r}")
        if value is not None:
            values[key] = _coerce(key, value, known[key])

    return replace(defaults, **values)
