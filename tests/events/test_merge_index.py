"""Event merging by index finds exactly what comparing with every event finds (tidings.events.merge).

Random mentions from a small world of names, countries, sectors, kinds, modalities and days, so
that sides agree, contradict, and go unnamed in every combination; links with the index and
without it must be the same, link for link."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tidings.events import merge
from tidings.events.merge import Mention, Side

NAMES = [None, "police", "protesters", "kenya", "joe biden", "xi jinping"]
COUNTRIES = [None, "KEN", "USA", "CHN"]
SECTORS = [None, "GOV", "COP", "OPP"]
ROOTS = ["04", "17", "18", "19", "036", "01"]


@st.composite
def sides(draw: st.DrawFn) -> Side | None:
    if draw(st.integers(0, 5)) == 0:
        return None
    return Side(draw(st.sampled_from(NAMES)), draw(st.sampled_from(COUNTRIES)),
                draw(st.sampled_from(SECTORS)))


@st.composite
def mentions(draw: st.DrawFn) -> list[Mention]:
    found = []
    for n in range(draw(st.integers(1, 40))):
        root = draw(st.sampled_from(ROOTS))
        cameo = root + draw(st.sampled_from(["", "0", "1"]))
        first = draw(st.one_of(st.none(), st.integers(0, 4)))
        day = None if first is None else date(2024, 3, 1) + timedelta(days=first)
        found.append(Mention(f"a{n % 3}:e{n}", f"a{n % 3}", cameo, root[:2],
                             draw(st.sampled_from(["asserted", "asserted", "denied", "intended"])),
                             day, day, draw(sides()), draw(sides())))
    return found


@settings(max_examples=300, deadline=None)
@given(mentions(), st.sampled_from([0.56, 0.6, 0.75, 0.9]), st.integers(0, 10))
def test_the_index_links_exactly_as_comparing_with_every_event(found: list[Mention], threshold: float,
                                                                 known_count: int) -> None:
    known: dict[str, list[Mention]] = {}
    for mention in found[:known_count]:
        known.setdefault(f"k{len(known) % 4}", []).append(mention)
    new = found[known_count:]
    indexed = merge.link_mentions(new, known, threshold=threshold)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(merge, "_Candidates", partial(merge._Candidates, indexed=False))
        everywhere = merge.link_mentions(new, known, threshold=threshold)
    assert indexed == everywhere
