"""PLOVER JSON records, with the field names of the PLOVER manual's Data Fields chapter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tidings.rows import EventRow, EventSide, stored_geo

if TYPE_CHECKING:
    from tidings.records import Json


def _entity(actor: EventSide) -> list[Json]:
    if actor.id is None:
        return []
    entity: dict[str, Json] = {"code": actor.cameo or actor.country, "name": actor.name,
                               "country": actor.country, "sector": actor.sector}
    return [{key: value for key, value in entity.items() if value is not None}]


def plover_record(row: EventRow) -> dict[str, Json]:
    """One event as a PLOVER JSON record (PLOVER manual, Data Fields), plus tidings' own fields."""
    record: dict[str, Json] = {
        "id": row.key, "date": row.date if row.date_precision == "day" else None,
        "actor": _entity(row.side("source")), "recipient": _entity(row.side("target")),
        "event": [row.plover] if row.plover and row.plover != "OTHER" else [],
        "quad_code": row.quad_class, "event_scale": row.goldstein,
        "event_text": [row.trigger] if row.trigger else [], "text": row.sentence,
        "event_loc": stored_geo(row.geo), "coder": row.coder,
        "cite_info": {"url": row.url, "title": row.title, "published": row.published},
        "cameo": row.cameo, "modality": row.modality,
    }
    if record["date"] is None and row.date:
        record["date_text"] = row.date  # a month or year: PLOVER's date wants a whole day
    return record
