"""PLOVER JSON records, with the field names of the PLOVER manual's Data Fields chapter.

`plover_record(row)` gives one event as a PLOVER record: id, date, actor, recipient, event,
event_loc, event_text, quad_code, event_scale, mode, context, text, cite_info, coder; plus
tidings' own fields (cameo, modality, date_text for a date coarser than a day).

- `mode`: the mode CAMEO2PLOVER-2021 gives the event's CAMEO code (cameo.tsv's plover_mode:
  "visit", "phone", "restrict", ...), then the PLOVER auxiliary mode of its modality (negated ->
  "negation", intended -> "future", hypothetical -> "hypothetical").
- `context`: the PLOVER contexts of the event's topics (trade -> "economic", war -> "military", ...).
  Both mappings are data/plover_map.tsv, whose header names the manual's sections they come from.
  Either list is empty when nothing maps; the manual leaves both fields optional.
- `event_loc`: the PLOVER location object: extracted_place (the words naming the place),
  resolved_place, lat, lon, country_code (ISO alpha-3), resolution (1 country, 2 province, 4 city),
  and how the place was chosen (`geo.how`: clause, sentence, dateline, article) when it is known.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from tidings.events.codebook import UnknownCode, load_codebook
from tidings.export_gdelt import COUNTRY, US_STATE, place_type
from tidings.rows import EventRow, EventSide
from tidings.tsv import table_rows

if TYPE_CHECKING:
    from tidings.records import Geo, Json

MAP_FILE = "plover_map.tsv"
# The manual's auxiliary modes and general contexts (PLOVER_MANUAL.tex): a mapping to anything else
# is a typo in the data file.
AUXILIARY_MODES = frozenset({"historical", "future", "hypothetical", "negation"})
_CONTEXTS_TEXT = (
    "military intelligence executive legislative election political_institutions pro_democracy "
    "pro_autocracy economic legal reparations human_rights rights_freedoms repression human_security "
    "gender lgbt religion_ethnicity inequality diplomatic territory peacekeeping health asylum migration "
    "disasters natural_resource environment technology terrorism cbrn cyber misinformation crime "
    "corruption illegal_drugs trafficking")
CONTEXTS = frozenset(_CONTEXTS_TEXT.split())
_RESOLUTION = {COUNTRY: 1, US_STATE: 2}  # else a city: 4


@lru_cache(maxsize=1)
def plover_map() -> dict[tuple[str, str], tuple[str, ...]]:
    """(field, tidings value) -> PLOVER values, from data/plover_map.tsv; ValueError naming the line
    for a field or PLOVER value the manual does not have."""
    text = resources.files("tidings.data").joinpath(MAP_FILE).read_text(encoding="utf-8")
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for number, cells in table_rows(text, source=MAP_FILE, columns=("field", "ours", "plover")):
        field, ours, plover = cells
        allowed = {"mode": AUXILIARY_MODES, "context": CONTEXTS}.get(field)
        if allowed is None or plover not in allowed:
            raise ValueError(f"{MAP_FILE}:{number}: {field} {plover!r} is not in the PLOVER manual")
        found[(field, ours)].append(plover)
    return {key: tuple(values) for key, values in found.items()}


def plover_mode(row: EventRow) -> list[str]:
    """The event's PLOVER modes: its CAMEO code's, then its modality's auxiliary mode."""
    modes: list[str] = []
    try:
        code_mode = load_codebook().get(row.cameo).plover_mode
    except UnknownCode:
        code_mode = ""
    if code_mode:
        modes.append(code_mode)
    if row.modality is not None:
        modes += plover_map().get(("mode", row.modality), ())
    return list(dict.fromkeys(modes))


def plover_context(row: EventRow) -> list[str]:
    """The event's PLOVER contexts, from its topics, each once in the order its topics give them."""
    mapping = plover_map()
    return list(dict.fromkeys(context for topic in row.topics or ()
                              for context in mapping.get(("context", topic), ())))


def _entity(actor: EventSide) -> list[Json]:
    if actor.id is None:
        return []
    entity: dict[str, Json] = {"code": actor.cameo or actor.country, "name": actor.name,
                               "country": actor.country, "sector": actor.sector}
    return [{key: value for key, value in entity.items() if value is not None}]


def _location(place: str | None, geo: Geo | None) -> Json:
    """The PLOVER location object (the manual's Location object table) of an event's place."""
    if geo is None:
        return None
    kind, _ = place_type(geo)
    # `how` the place was chosen (clause, sentence, dateline, article) where the store keeps it:
    # a field of tidings' own, which the manual allows beside its names.
    how = getattr(geo, "how", None)
    location: dict[str, Json] = {"extracted_place": place, "resolved_place": geo.name, "lat": geo.lat,
                                 "lon": geo.lon, "country_code": geo.country,
                                 "resolution": _RESOLUTION.get(kind, 4),
                                 "how": how if isinstance(how, str) else None}
    return {key: value for key, value in location.items() if value is not None}


def plover_record(row: EventRow) -> dict[str, Json]:
    """One event as a PLOVER JSON record (module docstring), plus tidings' own fields."""
    record: dict[str, Json] = {
        "id": row.key, "date": row.date if row.date_precision == "day" else None,
        "actor": _entity(row.side("source")), "recipient": _entity(row.side("target")),
        "event": [row.plover] if row.plover and row.plover != "OTHER" else [],
        "mode": list(plover_mode(row)), "context": list(plover_context(row)),
        "quad_code": row.quad_class, "event_scale": row.goldstein,
        "event_text": [row.trigger] if row.trigger else [], "text": row.sentence,
        "event_loc": _location(row.location, row.geo), "coder": row.coder,
        "cite_info": {"url": row.url, "title": row.title, "published": row.published},
        "cameo": row.cameo, "modality": row.modality,
    }
    if record["date"] is None and row.date:
        record["date_text"] = row.date  # a month or year: PLOVER's date wants a whole day
    return record
