"""Merging event mentions into real-world events: the rules, on mentions built by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tidings.events.merge import (
    Mention,
    Side,
    StoredMention,
    StoredSide,
    compare,
    days_of,
    link_mentions,
    load_rules,
    mention_from_stored,
)

BLINKEN = Side("antony blinken", "USA", "GOV")
WANG = Side("wang yi", "CHN", "GOV")
USA = Side("united states", "USA", None)
CHINA = Side("china", "CHN", None)
JAPAN = Side("japan", "JPN", None)
FRIDAY = date(2024, 1, 12)


def mention(key: str, cameo: str = "040", source: Side | None = BLINKEN, target: Side | None = WANG, *,
            day: date | None = FRIDAY, last: date | None = None, modality: str = "asserted") -> Mention:
    article = key.split(":")[0]
    return Mention(key, article, cameo, cameo[:2], modality, day, last or day, source, target)


def test_the_same_meeting_from_two_outlets_is_one_event() -> None:
    score, reason = compare(mention("a:e1"), mention("b:e3", "043"))
    assert score is not None and score >= 0.6
    assert "actors agree 1.0/1.0" in reason


def test_a_meeting_told_from_the_other_side_is_the_same_meeting() -> None:
    score, reason = compare(mention("a:e1"), mention("b:e1", source=WANG, target=BLINKEN))
    assert score is not None and score >= 0.9 and "sides swapped" in reason


def test_a_directed_act_is_not_reversed() -> None:
    score, _ = compare(mention("a:e1", "111"), mention("b:e1", "111", source=WANG, target=BLINKEN))
    assert score is None


def test_countries_stand_for_their_officials_but_less_surely() -> None:
    score, _ = compare(mention("a:e1"), mention("b:e1", source=USA, target=CHINA))
    assert score == pytest.approx(0.6)


@pytest.mark.parametrize(("other", "why"), [
    (mention("b:e1", day=date(2024, 1, 19)), "different days"),
    (mention("b:e1", "172"), "different kinds"),
    (mention("b:e1", target=JAPAN), "different actors"),
    (mention("b:e1", modality="intended"), "intended"),
])
def test_what_rules_a_merge_out(other: Mention, why: str) -> None:
    score, reason = compare(mention("a:e1"), other)
    assert score is None and why in reason


def test_a_reported_event_is_the_event() -> None:
    assert compare(mention("a:e1"), mention("b:e1", modality="reported"))[0] is not None


def test_bombing_and_attack_can_be_one_happening_but_less_surely() -> None:
    score, _ = compare(mention("a:e1", "183"), mention("b:e1", "190"))
    assert score == pytest.approx(0.8)


def test_a_coarse_date_holds_the_day_inside_it() -> None:
    month = mention("b:e1", day=date(2024, 1, 1), last=date(2024, 1, 31))
    assert compare(mention("a:e1"), month)[0] is not None


def test_dates_become_day_ranges_by_precision_else_the_days_before_publication() -> None:
    rules = load_rules()
    assert days_of("2024-01-12", "day", None, rules) == (FRIDAY, FRIDAY)
    assert days_of("2024-01-08", "week", None, rules) == (date(2024, 1, 8), date(2024, 1, 14))
    assert days_of("2024-02", "month", None, rules) == (date(2024, 2, 1), date(2024, 2, 29))
    assert days_of("2024", "year", None, rules) == (date(2024, 1, 1), date(2024, 12, 31))
    assert days_of(None, None, "2024-01-12T09:00:00+00:00", rules) == (date(2024, 1, 10), FRIDAY)
    assert days_of(None, None, None, rules) == (None, None)


def test_a_second_telling_in_the_same_article_joins_its_first() -> None:
    unnamed_partner = mention("a:e4", "040", target=None)  # "the two sides met for two hours"
    score, reason = compare(mention("a:e1"), unnamed_partner)
    assert score is not None and score >= 0.75 and reason.startswith("same article")
    assert compare(mention("a:e1"), mention("b:e4", "040", target=None))[0] == pytest.approx(0.7)


def test_an_event_in_the_same_article_with_another_named_partner_stays_apart() -> None:
    other_partner = Side("ministry of finance", None, None)
    score, _ = compare(mention("a:e1"), mention("a:e5", "040", target=other_partner))
    assert score is not None and score < 0.6


def test_linking_joins_the_best_event_and_starts_new_ones() -> None:
    known = {"a:e1": [mention("a:e1")], "x:e1": [mention("x:e1", "111", source=CHINA, target=USA)]}
    new = [mention("b:e1", source=WANG, target=BLINKEN), mention("b:e2", "111", source=CHINA, target=JAPAN),
           mention("b:e3", "111", source=CHINA, target=JAPAN, modality="reported")]
    links = link_mentions(new, known, threshold=0.6)
    assert [(link.key, link.canonical, link.anchor) for link in links] == [
        ("b:e1", "a:e1", "a:e1"),
        ("b:e2", "b:e2", None),          # China criticised Japan: not the event against the US
        ("b:e3", "b:e2", "b:e2"),        # the same criticism, told again
    ]
    assert links[1].reason == "first telling"


def test_one_member_that_rules_it_out_keeps_a_mention_out_of_an_event() -> None:
    known = {"a:e1": [mention("a:e1"), mention("c:e1", day=date(2024, 1, 1), last=date(2024, 1, 31))]}
    late = mention("b:e1", day=date(2024, 1, 20))  # inside January, but not the 12th
    assert link_mentions([late], known, threshold=0.6)[0].canonical == "b:e1"


def test_a_higher_threshold_splits_what_a_lower_one_merges() -> None:
    known = {"a:e1": [mention("a:e1")]}
    country_level = mention("b:e1", source=USA, target=CHINA)
    assert link_mentions([country_level], known, threshold=0.6)[0].canonical == "a:e1"
    assert link_mentions([country_level], known, threshold=0.7)[0].canonical == "b:e1"


def test_a_stored_mention_becomes_a_mention() -> None:
    stored = StoredMention("a", "e2", "a:e2", "043", "04", "asserted", "2024-01-12", "day", "2024-01-13",
                           StoredSide("Antony Blinken", "USA", "GOV"), None)
    made = mention_from_stored(stored)
    assert made == Mention("a:e2", "a", "043", "04", "asserted", FRIDAY, FRIDAY, BLINKEN, None)


def test_a_stored_mention_without_root_modality_date_or_actor_gets_the_defaults() -> None:
    stored = StoredMention("a", "e3", "a:e1", "112", None, None, None, None, "2024-01-13T07:00:00",
                           StoredSide(None, None, None), None)
    made = mention_from_stored(stored)
    first = FRIDAY - timedelta(days=load_rules().undated_window_days - 1)
    assert made == Mention("a:e3", "a", "112", "11", "asserted", first, date(2024, 1, 13),
                           Side(None, None, None), None)


def test_two_tellings_of_one_meeting_merge_whatever_the_trigger_word() -> None:
    # Wire A: "The US secretary of state met China's foreign minister in Beijing on Friday." (040)
    # Daily B: "China hosted the United States for talks on Friday, the ministry said." (043, the
    # host as source, countries only, told as reported)
    first = mention("a:e1", "040")
    second = mention("b:e2", "043", source=CHINA, target=USA, modality="reported")
    score, reason = compare(first, second)
    assert score == pytest.approx(0.6) and "sides swapped" in reason
    assert link_mentions([second], {"a:e1": [first]}, threshold=0.6)[0].canonical == "a:e1"
    # A visit (042) and the talks held at it (046), officials named on both sides
    assert compare(mention("a:e1", "042"), mention("b:e1", "046"))[0] == pytest.approx(1.0)


def test_a_code_within_another_root_still_costs_some_doubt() -> None:
    # "imposed sanctions" (163) and "cut aid" (164) may be two acts of one day
    assert compare(mention("a:e1", "163"), mention("b:e1", "164"))[0] == pytest.approx(0.9)


NORTHLAND_ARMY = Side("northland army", "NTH", "MIL")
VELL = Side("vell", "NTH", "GOV")
VELL_CIVILIANS = Side("three civilians", "NTH", "CVL")
NORTHLAND_REBELS = Side("northern front", "NTH", "REB")
EASTMARK = Side("eastmark", "EST", "GOV")


def test_a_city_and_its_civilians_hit_by_one_strike_are_one_target() -> None:
    # "Eastmark shelled Vell" and "Eastmark shelling killed three civilians" on the same day
    score, _ = compare(mention("a:e1", "190", EASTMARK, VELL),
                       mention("b:e1", "190", EASTMARK, VELL_CIVILIANS))
    assert score is not None and score >= 0.6


def test_the_state_and_the_rebels_it_fights_are_two_sides() -> None:
    # "Eastmark shelled the Northland army" is not "Eastmark shelled the Northern Front"
    score, reason = compare(mention("a:e1", "190", EASTMARK, NORTHLAND_ARMY),
                            mention("b:e1", "190", EASTMARK, NORTHLAND_REBELS))
    assert score is None and "different actors" in reason
