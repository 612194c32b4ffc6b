from __future__ import annotations

from pathlib import Path

import pytest

from tidings.errors import SettingsError
from tidings.settings import SETTINGS, Settings, load_settings


def test_defaults_match_the_declared_table() -> None:
    defaults = Settings()
    for setting in SETTINGS:
        assert getattr(defaults, setting.name) == setting.default, setting.name


def test_precedence_file_then_environment_then_flags(tmp_path: Path) -> None:
    config = tmp_path / "tidings.toml"
    config.write_text('min_words = 10\nmax_redirects = 2\nlanguages = "en,fr"\n')
    env = {"TIDINGS_MAX_REDIRECTS": "3", "TIDINGS_ALLOW_PRIVATE_NETWORKS": "yes"}
    settings = load_settings(config=config, environ=env, min_words=None, languages="en")
    assert settings.min_words == 10  # file; the unset flag (None) does not mask it
    assert settings.max_redirects == 3  # environment beats file
    assert settings.allow_private_networks is True
    assert settings.languages == "en"  # flag beats file
    assert settings.language_codes == frozenset({"en"})


def test_db_path_defaults_to_a_per_user_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert load_settings(environ={}).db_path == tmp_path / "tidings" / "tidings.db"
    assert load_settings(environ={"TIDINGS_DB": "/x/y.db"}).db_path == Path("/x/y.db")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("min_words = 'many'", "expected a int"),
        ("colour = 1", "unknown setting"),
        ("min_words = ", "not valid TOML"),
        # No setting is a date; a TOML date, possible or not, is refused with what was expected.
        ("db = 2024-02-30", "not valid TOML: Invalid date"),
        ("languages = 2024-03-01", "expected a str"),
    ],
)
def test_bad_config_says_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "tidings.toml"
    config.write_text(text)
    with pytest.raises(SettingsError, match=message):
        load_settings(config=config, environ={})


def test_readme_documents_every_setting() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    for setting in SETTINGS:
        assert f"| `{setting.name}` |" in readme, f"README lacks setting {setting.name}"


def test_a_postgresql_url_stays_a_url_and_is_shown_without_its_password() -> None:
    url = "postgresql://news:s3cret@db.example.org:5432/tidings?sslmode=require"
    settings = load_settings(environ={"TIDINGS_DB": url})
    assert settings.db == url  # not a Path: that would fold the "//"
    assert settings.db_target == url
    assert settings.db_label == "postgresql://news:***@db.example.org:5432/tidings?sslmode=require"
    assert "s3cret" not in load_settings(environ={}, db=f"{url}&password=s3cret").db_label
    with pytest.raises(SettingsError, match="PostgreSQL URL, not a file"):
        _ = settings.db_path
    assert load_settings(environ={}, db="postgres://h/d").db_target == "postgres://h/d"
    assert load_settings(environ={}, db="~/x.db").db_target == Path("~/x.db").expanduser()


def test_dask_results_go_beside_a_sqlite_file_or_into_the_data_folder_for_postgresql(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    on_file = load_settings(db=tmp_path / "news.db", environ={})
    assert on_file.parts_path == tmp_path / "news.db.parts"
    on_server = load_settings(db="postgresql://ana:secret@db.example.org:5432/news", environ={})
    assert on_server.parts_path == tmp_path / "data" / "tidings" / "parts" / "db.example.org_news"
