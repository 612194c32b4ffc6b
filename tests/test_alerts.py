"""Alert rules (tidings.alerts) on hand-built analyses: each kind fires exactly on what matches, once,
and reaches the console, the JSON Lines log and a webhook (a real HTTP server on 127.0.0.1, which
the webhook reaches only when private networks are allowed, as every fetch does)."""

from __future__ import annotations

import io
import json
import logging
import socket
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TextIO

import pytest

from tests.analyses import analysis_of
from tests.store.test_event_store import actor, event
from tests.store.test_quote_store import quote
from tidings.alerts import Alert, AlertRuleError, evaluate, parse_outputs, parse_rules, run_alerts
from tidings.errors import SettingsError, TidingsError
from tidings.events.linking import link_article_events
from tidings.model import Article
from tidings.settings import Settings
from tidings.store import Store, open_store

NOW = datetime(2024, 3, 11, 8, 0, tzinfo=UTC)
QUIET: dict = {"console": False}
# The test webhook listens on 127.0.0.1, which tidings refuses unless private networks are allowed.
LOCAL = Settings(allow_private_networks=True, user_agent="tidings-test/9 (+me)")

TAIPEI = ('Chinese forces attacked Taiwan on Sunday. Liu Jianchao said: "Taiwan is part of China." '
          'Liu Jianchao added: "We want peace." Liu Jianchao said: "Taiwanese people are welcome." '
          'Wang Yi said: "Taiwan will return."')
TAIPEI_2 = "Chinese forces attacked Taiwan on Sunday, officials in Taipei said."
TAIPEI_3 = "Chinese forces attacked Taiwan on Sunday, the ministry said."
MANILA = ("China rammed a Philippine boat on Sunday. China criticised Taiwan on Sunday. "
          "Beijing did not attack Taiwan, officials said.")

RULES = [
    {"name": "Conflict with Taiwan", "kind": "event", "quad_class": 4, "actors": ["TWN"]},
    {"name": "Liu on Taiwan", "kind": "quote", "speakers": ["Liu Jianchao"], "words": ["Taiwan"]},
    {"name": "Big story", "kind": "story", "min_outlets": 3},
]


def attack(text: str, *, negated: bool = False) -> dict:
    return event("e1", "a1", "a2", "190", "ASSAULT", text, "Chinese" if not negated else "Beijing",
                 "attacked" if not negated else "attack", date="2024-03-10", quad_class=4, goldstein=-10.0,
                 modality="negated" if negated else "asserted")


def save(store: Store, article_id: str, text: str, outlet: str, actors: list[dict], events: list[dict],
         quotes: list[dict] = (), published: str = "2024-03-10T12:00:00Z") -> None:
    article = Article(id=article_id, text=text, title=f"{outlet}: {text[:30]}", source=outlet,
                      url=f"https://example.com/{article_id}", published=published)
    store.upsert_article(article)
    store.save_analysis(article_id, analysis_of(article, actors=actors, events=events, quotes=quotes))
    link_article_events(store, article_id, threshold=0.6)


def china_taiwan(text: str) -> list[dict]:
    return [actor("a1", "China", "country", "CHN", None, text, "Chinese forces"),
            actor("a2", "Taiwan", "country", "TWN", None, text)]


def save_taipei(store: Store) -> None:
    t = TAIPEI
    save(store, "taipei", t, "Wire A",
         [*china_taiwan(t), actor("a3", "Liu Jianchao", "person", "CHN", "GOV", t),
          actor("a4", "Wang Yi", "person", "CHN", "GOV", t)],
         [attack(t)],
         [quote("q1", t, "Taiwan is part of China.", "direct", "a3", "Liu Jianchao", "said"),
          quote("q2", t, "We want peace.", "direct", "a3", None, "added"),
          quote("q3", t, "Taiwanese people are welcome.", "direct", "a3", None, "said"),
          quote("q4", t, "Taiwan will return.", "direct", "a4", "Wang Yi", "said")])


def save_manila(store: Store) -> None:
    m = MANILA
    save(store, "manila", m, "Daily B",
         [actor("a1", "China", "country", "CHN", None, m, "China"),
          actor("a2", "Philippines", "country", "PHL", None, m, "Philippine"),
          actor("a3", "Taiwan", "country", "TWN", None, m)],
         [event("e1", "a1", "a2", "190", "ASSAULT", m, "China rammed", "rammed", date="2024-03-10",
                quad_class=4, goldstein=-10.0),
          event("e2", "a1", "a3", "111", "DISAPPROVE", m, "China criticised", "criticised",
                date="2024-03-10"),
          {**attack(m, negated=True), "id": "e3", "source": "a1", "target": "a3"}])


@pytest.fixture
def store(store_target: Path | str) -> Iterator[Store]:
    with open_store(store_target, create=True) as opened:
        save_taipei(opened)
        save_manila(opened)
        yield opened


def fire(store: Store, rules: Sequence[Mapping[str, object]], outputs: Mapping[str, object], *,
         new_article_ids: list[str], now: datetime, stream: TextIO | None = None,
         settings: Settings = LOCAL) -> list[Alert]:
    """run_alerts on the rules and outputs as the watch configuration's TOML gives them."""
    return run_alerts(store, parse_rules(rules), parse_outputs(outputs), settings=settings,
                      new_article_ids=new_article_ids, now=now, stream=stream)


def keys(alerts: list[Alert], rule: str) -> list[str]:
    return [alert.key for alert in alerts if alert.rule == rule]


# -- matching ---------------------------------------------------------------------------------------

def test_each_rule_fires_exactly_on_what_matches(store: Store) -> None:
    alerts = evaluate(store, parse_rules(RULES), new_article_ids=["taipei", "manila"], now=NOW)
    # Not China ramming a Philippine boat (another actor), not the criticism (QuadClass 3), not the
    # attack Beijing did not make (negated).
    assert keys(alerts, "Conflict with Taiwan") == ["taipei:e1"]
    # Not "We want peace" (no word), not "Taiwanese" (not the whole word), not Wang Yi (another speaker).
    assert keys(alerts, "Liu on Taiwan") == ["taipei:q1"]
    assert keys(alerts, "Big story") == []  # one outlet so far


def test_an_alert_names_its_evidence(store: Store) -> None:
    alerts = evaluate(store, parse_rules(RULES), new_article_ids=["taipei"], now=NOW)
    conflict = next(alert for alert in alerts if alert.kind == "event")
    assert conflict.sentence == "Chinese forces attacked Taiwan on Sunday."
    assert conflict.url == "https://example.com/taipei" and conflict.published == "2024-03-10T12:00:00Z"
    assert (conflict.mentions, conflict.articles, conflict.outlets) == (1, 1, 1)
    assert "China -> Taiwan" in conflict.message and "QuadClass 4" in conflict.message
    assert conflict.fired_at == "2024-03-11T08:00:00Z"
    said = next(alert for alert in alerts if alert.kind == "quote")
    assert said.sentence == "Taiwan is part of China." and "Liu Jianchao" in said.message


def test_only_what_the_new_articles_bring_is_evaluated(store: Store) -> None:
    assert evaluate(store, parse_rules(RULES), new_article_ids=["manila"], now=NOW) == []


def test_a_second_telling_fires_nothing_new_and_a_third_outlet_makes_a_story(store: Store) -> None:
    assert len(fire(store, RULES, QUIET, new_article_ids=["taipei", "manila"], now=NOW)) == 2
    save(store, "taipei2", TAIPEI_2, "Daily C", china_taiwan(TAIPEI_2), [attack(TAIPEI_2)])
    assert fire(store, RULES, QUIET, new_article_ids=["taipei2"], now=NOW) == []
    assert store.merged_events(article_id="taipei2")[0].key == "taipei:e1"
    save(store, "taipei3", TAIPEI_3, "Post D", china_taiwan(TAIPEI_3), [attack(TAIPEI_3)])
    story, = fire(store, RULES, QUIET, new_article_ids=["taipei3"], now=NOW)
    assert (story.kind, story.key, story.outlets, story.articles) == ("story", "taipei", 3, 3)
    assert story.sentence == "Chinese forces attacked Taiwan on Sunday."
    save(store, "taipei4", TAIPEI_3 + " More.", "Herald E", china_taiwan(TAIPEI_3), [attack(TAIPEI_3)])
    assert fire(store, RULES, QUIET, new_article_ids=["taipei4"], now=NOW) == []


def test_running_again_or_after_reopening_fires_nothing_new(store_target: Path | str) -> None:
    with open_store(store_target, create=True) as opened:
        save_taipei(opened)
        first = fire(opened, RULES, QUIET, new_article_ids=["taipei"], now=NOW)
        assert [alert.key for alert in first] == ["taipei:e1", "taipei:q1"]
        assert fire(opened, RULES, QUIET, new_article_ids=["taipei"], now=NOW) == []
    with open_store(store_target, create=True) as reopened:
        assert fire(reopened, RULES, QUIET, new_article_ids=["taipei"], now=NOW) == []
        logged = reopened.fired_alerts()
        assert sorted(row.alert.key for row in logged) == ["taipei:e1", "taipei:q1"]
        assert logged[0].alert.sentence and logged[0].webhook_pending is False


# -- goldstein --------------------------------------------------------------------------------------

def day_event(store: Store, day: str, goldstein: float) -> None:
    text = f"China and Taiwan met on {day}."
    save(store, f"day{day}", text, "Wire A",
         [actor("a1", "China", "country", "CHN", None, text),
          actor("a2", "Taiwan", "country", "TWN", None, text)],
         [event("e1", "a1", "a2", "190" if goldstein < 0 else "040", "X", text, "China", "met", date=day,
                goldstein=goldstein)], published=f"{day}T12:00:00Z")


def at(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T20:00:00+00:00")


SOUR = [{"name": "Relations sour", "kind": "goldstein", "dyad": ["CHN", "TWN"], "days": 7, "below": -2.0}]


def test_the_goldstein_rule_fires_once_per_crossing(store_target: Path | str) -> None:
    with open_store(store_target, create=True) as store:
        def run(day: str) -> list[str]:
            return [alert.key for alert in fire(store, SOUR, QUIET, new_article_ids=[], now=at(day))]

        day_event(store, "2024-03-01", 3.0)
        assert run("2024-03-01") == []  # mean +3
        day_event(store, "2024-03-03", -10.0)
        assert run("2024-03-03") == ["CHN/TWN 7d since 2024-03-03"]  # mean -3.5
        assert run("2024-03-04") == []  # still below: the same crossing
        day_event(store, "2024-03-02", -5.0)  # a late report moves the crossing earlier
        assert run("2024-03-04") == []
        day_event(store, "2024-03-05", 9.0)
        assert run("2024-03-05") == []  # back above
        day_event(store, "2024-03-10", -15.0)
        fired = fire(store, SOUR, QUIET, new_article_ids=[], now=at("2024-03-10"))
        assert [alert.key for alert in fired] == ["CHN/TWN 7d since 2024-03-10"]  # (9 - 15) / 2: again
        assert fired[0].sentence == "China and Taiwan met on 2024-03-10." and "-3.00" in fired[0].message


# -- outputs ----------------------------------------------------------------------------------------

@dataclass
class Hook:
    """A local webhook: its URL, the JSON bodies POSTed to it and the User-Agent each came with;
    it answers `status` (a 3xx with a Location)."""

    url: str = ""
    status: int = 204
    bodies: list[dict] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)


@pytest.fixture
def webhook() -> Iterator[Hook]:
    """A local HTTP server on 127.0.0.1 that records what is POSTed to it."""
    hook = Hook()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            hook.bodies.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            hook.user_agents.append(self.headers["User-Agent"])
            self.send_response(hook.status)
            if 300 <= hook.status < 400:
                self.send_header("Location", "/moved")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    hook.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    yield hook
    server.shutdown()
    server.server_close()


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/hook"


def test_alerts_reach_console_jsonl_and_webhook(tmp_path: Path, webhook: Hook) -> None:
    log_path = tmp_path / "alerts.jsonl"
    console = io.StringIO()
    with open_store(tmp_path / "t.db", create=True) as store:
        save_taipei(store)
        fired = fire(store, RULES, {"console": True, "jsonl": str(log_path), "webhook": webhook.url},
                     new_article_ids=["taipei"], now=NOW, stream=console)
        assert store.fired_alerts(pending=True) == []
    lines = console.getvalue().splitlines()
    assert lines[0].startswith("ALERT Conflict with Taiwan: China -> Taiwan")
    assert "<https://example.com/taipei>" in lines[0]
    assert len(lines) == 2
    logged = [json.loads(line) for line in log_path.read_text().splitlines()]
    assert logged == [alert.to_dict() for alert in fired]
    assert webhook.bodies == logged
    assert webhook.user_agents == ["tidings-test/9 (+me)"] * 2  # the fetch layer's client and user agent


def test_a_failing_webhook_is_logged_does_not_stop_the_others_and_is_retried(
        tmp_path: Path, webhook: Hook, caplog: pytest.LogCaptureFixture) -> None:
    log_path = tmp_path / "alerts.jsonl"
    console = io.StringIO()
    with open_store(tmp_path / "t.db", create=True) as store, \
            caplog.at_level(logging.WARNING, logger="tidings.alerts"):
        save_taipei(store)
        failing = {"jsonl": str(log_path), "webhook": closed_port_url(), "webhook_timeout": 2}
        fired = fire(store, RULES, failing, new_article_ids=["taipei"], now=NOW, stream=console)
        assert len(fired) == 2 and len(console.getvalue().splitlines()) == 2
        assert len(log_path.read_text().splitlines()) == 2
        assert "unreachable" in caplog.text and "retried" in caplog.text
        assert len(store.fired_alerts(pending=True)) == 2
        # The next pass brings nothing new but delivers what is pending, oldest first.
        assert fire(store, RULES, {"webhook": webhook.url}, new_article_ids=[], now=NOW, stream=console) == []
        assert sorted(body["key"] for body in webhook.bodies) == ["taipei:e1", "taipei:q1"]
        assert store.fired_alerts(pending=True) == []


def test_a_webhook_on_a_private_address_is_refused_logged_and_kept_for_later(
        tmp_path: Path, webhook: Hook, caplog: pytest.LogCaptureFixture) -> None:
    console = io.StringIO()
    with open_store(tmp_path / "t.db", create=True) as store, \
            caplog.at_level(logging.WARNING, logger="tidings.alerts"):
        save_taipei(store)
        fired = fire(store, RULES, {"webhook": webhook.url}, new_article_ids=["taipei"], now=NOW,
                     stream=console, settings=Settings())
        assert len(fired) == 2 and len(console.getvalue().splitlines()) == 2  # the console still has them
        assert webhook.bodies == []  # nothing was sent to 127.0.0.1
        assert "refused" in caplog.text and "allow_private_networks" in caplog.text
        assert len(store.fired_alerts(pending=True)) == 2
        # Once private networks are allowed, the pending alerts go out.
        fire(store, RULES, {"webhook": webhook.url}, new_article_ids=[], now=NOW, stream=console)
        assert len(webhook.bodies) == 2 and store.fired_alerts(pending=True) == []


def test_a_redirecting_webhook_is_not_followed_and_the_log_names_the_url(
        tmp_path: Path, webhook: Hook, caplog: pytest.LogCaptureFixture) -> None:
    webhook.status = 308
    with open_store(tmp_path / "t.db", create=True) as store, \
            caplog.at_level(logging.WARNING, logger="tidings.alerts"):
        save_taipei(store)
        fire(store, RULES, {"console": False, "webhook": webhook.url}, new_article_ids=["taipei"], now=NOW)
        assert len(webhook.bodies) == 2  # one POST each, none resent to /moved
        assert f"a redirect to {webhook.url.removesuffix('/hook')}/moved" in caplog.text
        assert "set webhook to that URL" in caplog.text
        assert len(store.fired_alerts(pending=True)) == 2


def test_a_log_that_cannot_be_written_is_logged_and_the_console_still_gets_the_alerts(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    console = io.StringIO()
    with open_store(tmp_path / "t.db", create=True) as store, \
            caplog.at_level(logging.ERROR, logger="tidings.alerts"):
        save_taipei(store)
        fired = fire(store, RULES, {"jsonl": str(tmp_path / "missing" / "alerts.jsonl")},
                           new_article_ids=["taipei"], now=NOW, stream=console)
    assert len(fired) == 2 and len(console.getvalue().splitlines()) == 2
    assert "cannot append" in caplog.text


# -- validation -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("rules", "says"), [
    ([{"name": "x", "kind": "earthquake"}], "kind 'earthquake' is not one of"),
    ([{"kind": "event", "quad_class": 4}], "has no name"),
    ([{"name": "x", "kind": "goldstein", "dyad": ["USA", "CHN"]}], "missing 'below'"),
    ([{"name": "x", "kind": "event", "quad_class": "4"}], "quad_class = '4' will not do; give a whole"),
    ([{"name": "x", "kind": "event", "quad_class": 5}], "from 1 to 4"),
    ([{"name": "x", "kind": "event", "root": 19}], 'in quotes, such as "19"'),
    ([{"name": "x", "kind": "event", "quadclass": 4}], "unknown field 'quadclass'"),
    ([{"name": "x", "kind": "event"}], "needs a filter"),
    ([{"name": "x", "kind": "goldstein", "dyad": ["USA"], "below": -2}], "two actors"),
    ([{"name": "x", "kind": "quote"}], "speakers, words or both"),
    ([{"name": "x", "kind": "story", "min_outlets": 3}, {"name": "x", "kind": "story", "min_outlets": 2}],
     "same name"),
])
def test_bad_rules_say_which_rule_and_how_to_fix_it(rules: list[dict], says: str) -> None:
    with pytest.raises(AlertRuleError, match=None) as raised:
        parse_rules(rules)
    assert says in str(raised.value)
    assert isinstance(raised.value, SettingsError) and isinstance(raised.value, TidingsError)
    if rules[0].get("name"):
        assert "alert rule 'x'" in str(raised.value)


def test_the_issue_example_rules_parse() -> None:
    rules = parse_rules([
        {"name": "Material conflict involving China or Taiwan", "kind": "event", "quad_class": 4,
         "actors": ["CHN", "TWN"]},
        {"name": "US-China relations sour", "kind": "goldstein", "dyad": ["USA", "CHN"], "days": 7,
         "below": -2.0},
        {"name": "Liu on Taiwan", "kind": "quote", "speakers": ["Liu Jianchao"], "words": ["Taiwan"]},
        {"name": "Big story", "kind": "story", "min_outlets": 3},
    ])
    assert [rule.kind for rule in rules] == ["event", "goldstein", "quote", "story"]
    assert rules[1].dyad == ("USA", "CHN") and rules[1].below == -2.0


@pytest.mark.parametrize(("outputs", "says"), [
    ({"console": "yes"}, "true or false"),
    ({"webhook": "127.0.0.1:9000"}, "http:// or https://"),
    ({"jsonl": 3}, "file path"),
    ({"email": "a@b"}, "unknown field 'email'"),
])
def test_bad_outputs_say_what_to_fix(outputs: dict, says: str) -> None:
    with pytest.raises(AlertRuleError) as raised:
        parse_outputs(outputs)
    assert says in str(raised.value)


def test_the_cli_lists_fired_alerts(tmp_path: Path) -> None:
    from tests.cli_run import run_on

    db = tmp_path / "t.db"
    with open_store(db, create=True) as store:
        save_taipei(store)
        fire(store, RULES, QUIET, new_article_ids=["taipei"], now=NOW)
    listed = run_on(db, "alerts", "--since", "2024-03-11", "-f", "json")
    assert listed.returncode == 0, listed.stderr
    assert sorted(row["key"] for row in json.loads(listed.stdout)) == ["taipei:e1", "taipei:q1"]
    assert json.loads(run_on(db, "alerts", "--since", "2024-03-12", "-f", "json").stdout) == []
    table = run_on(db, "alerts")
    assert "Conflict with Taiwan" in table.stdout and "2 alerts" in table.stdout


def test_the_web_page_and_api_show_fired_alerts_with_their_evidence(tmp_path: Path) -> None:
    import warnings

    from tidings.web import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Starlette's test client prefers httpx2 and warns
        from fastapi.testclient import TestClient

    db = tmp_path / "t.db"
    with open_store(db, create=True) as store:
        empty = TestClient(create_app(db)).get("/alerts").text
        save_taipei(store)
        fire(store, RULES, QUIET, new_article_ids=["taipei"], now=NOW)
    assert "No alert has fired" in empty
    client = TestClient(create_app(db))
    page = client.get("/alerts").text
    assert "Conflict with Taiwan" in page and 'href="/events/taipei%3Ae1"' in page
    assert sorted(row["key"] for row in client.get("/api/alerts").json()) == ["taipei:e1", "taipei:q1"]
