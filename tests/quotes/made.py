"""Hand-made events for tests of quote linking, which reads only an event's trigger offsets."""

from __future__ import annotations

from tidings.records import Event, Evidence


def event_at(event_id: str, trigger_span: tuple[int, int]) -> Event:
    """An event whose trigger is at `trigger_span`; its other fields are placeholders."""
    return Event(id=event_id, source="a1", target=None, cameo="010", root="01", quad_class=1, goldstein=0.0,
                 plover="OTHER", date=None, date_precision="unknown", date_text=None, location=None, geo=None,
                 tone=0.0, modality="asserted", topics=(), quote=None,
                 evidence=Evidence(sentence="", span=(0, 0), trigger="", trigger_span=trigger_span),
                 confidence=0.9, coder="test")
