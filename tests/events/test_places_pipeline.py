"""The places stage in the real pipeline (the English model): a text of my own, end to end."""

from __future__ import annotations

from tidings.api import analyze

TEXT = ("KYIV, Ukraine (AP) — Russian missiles struck Kharkiv on Saturday, killing three people, "
        "Ukrainian officials said.\n\nThe White House condemned the attack and said Washington would send "
        "more air defence systems.")


def test_every_event_is_placed_and_says_how() -> None:
    events = analyze(TEXT, published="2024-05-25").events
    assert events and all(event.geo is not None and event.geo.how is not None for event in events)
    struck = next(event for event in events if event.evidence.trigger == "struck")
    assert struck.geo is not None and (struck.location, struck.geo.country, struck.geo.how) == (
        "Kharkiv", "UKR", "clause")
    condemned = next(event for event in events if event.evidence.trigger.startswith("condemned"))
    # the White House is in Washington, not Casablanca
    assert condemned.geo is not None and (condemned.geo.name, condemned.geo.country) == ("Washington", "USA")
