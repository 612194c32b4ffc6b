from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from tidings.timex import TimeRef, find_times

PUBLISHED = date(2024, 1, 12)  # the seed article's date, a Friday
SEED = Path(__file__).resolve().parents[2] / "shared" / "samples" / "seed-article.txt"


def only(text: str, published: date | None = PUBLISHED, **kwargs: object) -> TimeRef:
    refs = find_times(text, published, **kwargs)  # type: ignore[arg-type]
    assert len(refs) == 1, refs
    return refs[0]


@pytest.mark.parametrize(
    ("sentence", "expected_text", "expected_date", "precision"),
    [
        # the seed article's phrases
        ("a meeting with a senior Chinese diplomat on Friday, as the", "on Friday", "2024-01-12", "day"),
        ("should prevail in Saturday's election.", "Saturday's", "2024-01-13", "day"),
        ("a state visit, possibly in early March, according to", "in early March", "2024-03", "month"),
        ("Earlier this week he said Beijing is serious", "Earlier this week", "2024-01-08", "week"),
        ("Liu's visit came nearly two months after President Joe Biden and Xi met",
         "nearly two months after", "2023-11", "month"),
        ("when the Chinese Congress convenes in March.", "in March", "2024-03", "month"),
        # deictic days
        ("Talks resume today.", "today", "2024-01-12", "day"),
        ("He arrived yesterday.", "yesterday", "2024-01-11", "day"),
        ("They vote tomorrow.", "tomorrow", "2024-01-13", "day"),
        ("He speaks tonight.", "tonight", "2024-01-12", "day"),
        ("Today, the island votes.", "Today", "2024-01-12", "day"),
        ("Fighting broke out last night.", "last night", "2024-01-11", "day"),
        ("He resigned this morning.", "this morning", "2024-01-12", "day"),
        # calendar periods
        ("He visited this week.", "this week", "2024-01-08", "week"),
        ("He visited last week.", "last week", "2024-01-01", "week"),
        ("He visits next week.", "next week", "2024-01-15", "week"),
        ("He is due later this week.", "later this week", "2024-01-08", "week"),
        ("He met them earlier in the week.", "earlier in the week", "2024-01-08", "week"),
        ("A rally this weekend.", "this weekend", "2024-01-08", "week"),
        ("Prices rose this month.", "this month", "2024-01", "month"),
        ("Prices rose last month.", "last month", "2023-12", "month"),
        ("Prices rise next month.", "next month", "2024-02", "month"),
        ("Exports fell last year.", "last year", "2023", "year"),
        ("Exports fall next year.", "next year", "2025", "year"),
        ("He was elected late last year.", "late last year", "2023", "year"),
        ("last year's election", "last year's", "2023", "year"),
        # months without a year: nearest to publication
        ("possibly in early March", "in early March", "2024-03", "month"),
        ("due in late March", "in late March", "2024-03", "month"),
        ("due by mid-March", "mid-March", "2024-03", "month"),
        ("talks planned for March are off", "March", "2024-03", "month"),
        ("the March talks", "March", "2024-03", "month"),
        ("In December, Biden and Xi met", "In December", "2023-12", "month"),
        ("elections held in May", "in May", "2024-05", "month"),
        ("since last March", "last March", "2023-03", "month"),
        ("by next January", "next January", "2025-01", "month"),
        # absolute dates
        ("He was born in 2023.", "in 2023", "2023", "year"),
        ("since 2019", "2019", "2019", "year"),
        ("in mid-2023", "in mid-2023", "2023", "year"),
        ("the 2024 election", "2024", "2024", "year"),
        ("Taiwan's 2024 election", "2024", "2024", "year"),
        ("He spoke on January 5 in Taipei.", "on January 5", "2024-01-05", "day"),
        ("He spoke on 5 January 2024 in Taipei.", "on 5 January 2024", "2024-01-05", "day"),
        ("He spoke Jan. 5 in Taipei.", "Jan. 5", "2024-01-05", "day"),
        ("He spoke on Jan 5 in Taipei.", "on Jan 5", "2024-01-05", "day"),
        ("filed 2024-01-05 in court", "2024-01-05", "2024-01-05", "day"),
        ("ended in December 2023", "in December 2023", "2023-12", "month"),
        ("signed on March 5, 2023, in Paris", "on March 5, 2023", "2023-03-05", "day"),
        ("on the 5th of January", "on the 5th of January", "2024-01-05", "day"),
        ("Friday, January 12, 2024", "Friday, January 12, 2024", "2024-01-12", "day"),
        ("Sat., Jan. 13", "Sat., Jan. 13", "2024-01-13", "day"),
        ("since December 28", "December 28", "2023-12-28", "day"),
        ("due May 5", "May 5", "2024-05-05", "day"),
        # counted from publication
        ("He left nearly two months ago.", "nearly two months ago", "2023-11", "month"),
        ("He left two weeks ago.", "two weeks ago", "2023-12-25", "week"),
        ("He left three days ago.", "three days ago", "2024-01-09", "day"),
        ("He left 3 days ago.", "3 days ago", "2024-01-09", "day"),
        ("He left a year ago.", "a year ago", "2023-01", "month"),
        ("He left more than a decade ago.", "more than a decade ago", "2014", "year"),
        ("He left a few days ago.", "a few days ago", "2024-01-08", "week"),  # vague: coarser
        ("a vote two weeks from now", "two weeks from now", "2024-01-22", "week"),
        # counted from the anchor (publication when none is given)
        ("Two months later, he resigned.", "Two months later", "2024-03", "month"),
        ("two days earlier", "two days earlier", "2024-01-10", "day"),
        ("the next day", "the next day", "2024-01-13", "day"),
        ("compared with 40 the previous night", "the previous night", "2024-01-11", "day"),
        ("a raid the day before killed two men", "the day before", "2024-01-11", "day"),
        ("The talks ended the day after.", "the day after", "2024-01-13", "day"),
        ("Earlier in the afternoon, the police left.", "Earlier in the afternoon", "2024-01-12", "day"),
        ("released in March last year", "in March last year", "2023-03", "month"),
        ("due in June next year", "in June next year", "2025-06", "month"),
        # weekdays
        ("He met Liu on Saturday.", "on Saturday", "2024-01-06", "day"),
        ("He spoke Tuesday.", "Tuesday", "2024-01-09", "day"),
        ("He left last Friday.", "last Friday", "2024-01-05", "day"),
        ("He leaves next Tuesday.", "next Tuesday", "2024-01-16", "day"),
        ("He leaves this Sunday.", "this Sunday", "2024-01-14", "day"),
        ("Friday's summit", "Friday's", "2024-01-12", "day"),
        ("Monday's results", "Monday's", "2024-01-08", "day"),  # no event noun: past
        ("Wednesday's talks", "Wednesday's", "2024-01-10", "day"),  # nearest: two days back
        ("He sat down on Sat. with Liu", "on Sat.", "2024-01-06", "day"),
    ],
)
def test_resolves_against_publication(sentence: str, expected_text: str, expected_date: str,
                                      precision: str) -> None:
    ref = only(sentence)
    assert (ref.text, ref.date, ref.precision) == (expected_text, expected_date, precision)
    assert sentence[ref.start:ref.end] == ref.text


@pytest.mark.parametrize(
    "sentence",
    [
        "Blinken sat down with Liu Jianchao.",
        "The deal may collapse.",
        "Troops march on the capital.",
        "An august body of scholars.",
        "The Sun reported the story.",
        "He resigned the day after the vote.",  # the day is the vote's, named after it
        "They fled the day before Christmas.",
        "as reported by The Sun.",
        "according to the news site Japan Today.",
        "as reported by Japan Today, citing Reuters.",
        "USA Today said.",
        "Theresa May said so.",
        "Macron met May in Paris.",
        "May God bless.",
        "March on, they cried.",
        "August institutions failed.",
        "Black Friday sales rose.",
        "Women's March organisers",
        "June Carter sang.",
        "over the last year",
        "in the past month",
        "over the next week",
        "the wed couple",
        "He paid $2024 for it.",
        "2024 people marched",
        "1,500 troops",
        "February 30",
        "He works on Fridays.",
        "Sun Yat-sen and Xi Jinping",
        "Hours later, he met Kamikawa.",
        "shortly after the election",
        "the Chinese Communist Party's international minister",
    ],
)
def test_traps_are_not_dates(sentence: str) -> None:
    assert find_times(sentence, PUBLISHED) == []


def test_future_tense_reads_weekdays_and_months_forward() -> None:
    assert only("He will fly there on Saturday.", future=True).date == "2024-01-13"
    assert only("He will fly there on Friday.", future=True).date == "2024-01-12"
    assert only("He will visit in December.", future=True).date == "2024-12"
    assert only("He will visit on Jan 5.", future=True).date == "2025-01-05"
    # a past reading of the same words
    assert only("He visited in December.").date == "2023-12"
    assert only("He flew there on Saturday.").date == "2024-01-06"


def test_past_tense_reads_months_and_days_backward() -> None:
    october = date(2024, 10, 15)
    assert only("They captured it in March.", october).date == "2025-03"  # nearest
    assert only("They captured it in March.", october, past=True).date == "2024-03"
    assert only("They captured it on March 3.", october, past=True).date == "2024-03-03"
    assert only("They captured it in October.", october, past=True).date == "2024-10"
    assert only("after Saturday's election", PUBLISHED, past=True).date == "2024-01-06"


def test_possessive_weekday_before_event_after_the_event() -> None:
    # written the Monday after, the same words point back to the election
    assert only("Saturday's election", published=date(2024, 1, 15)).date == "2024-01-13"


def test_anchor_moves_later_and_after() -> None:
    assert only("Two months later, he resigned.", anchor=date(2023, 5, 2)).date == "2023-07"
    assert only("three days after the vote", anchor=date(2023, 5, 2)).date == "2023-04-29"
    assert only("three days ago", anchor=date(2023, 5, 2)).date == "2024-01-09"  # ago: publication


def test_month_year_choice_is_nearest_with_ties_to_same_year() -> None:
    assert only("in July").date == "2024-07"  # six months either way: same year
    assert only("in August").date == "2023-08"  # five back beats seven ahead
    assert only("in January", published=date(2024, 12, 20)).date == "2025-01"


def test_stated_weekday_settles_the_year() -> None:
    # 13 January is a Saturday in 2024 only; a Monday in 2025
    assert only("Mon., Jan. 13", published=date(2024, 12, 20)).date == "2025-01-13"
    assert only("Sat., Jan. 13", published=date(2024, 12, 20)).date == "2024-01-13"


def test_without_publication_only_absolute_dates_resolve() -> None:
    refs = find_times("On Friday, in 2023, on 5 January 2024, in March, two days ago, December 2023", None)
    assert [(r.text, r.date, r.precision) for r in refs] == [
        ("On Friday", None, "unknown"),
        ("in 2023", "2023", "year"),
        ("on 5 January 2024", "2024-01-05", "day"),
        ("in March", None, "unknown"),
        ("two days ago", None, "unknown"),
        ("December 2023", "2023-12", "month"),
    ]


def test_datetime_publication_is_cut_to_its_day() -> None:
    ref = only("yesterday", published=datetime(2024, 1, 12, 23, 30))
    assert ref.date == "2024-01-11"


def test_several_times_in_order_with_offsets() -> None:
    text = "On Friday, nearly two months after they met in San Francisco, he said next week's talks"
    refs = find_times(text, PUBLISHED)
    assert [r.text for r in refs] == ["On Friday", "nearly two months after", "next week's"]
    assert all(text[r.start:r.end] == r.text for r in refs)
    assert [r.start for r in refs] == sorted(r.start for r in refs)


def test_longest_match_wins() -> None:
    assert [r.text for r in find_times("on Friday, January 12, 2024 and in early March 2024", PUBLISHED)] == [
        "on Friday, January 12, 2024", "in early March 2024"]


def test_seed_article() -> None:
    if not SEED.is_file():
        pytest.skip("../shared is absent")
    text = SEED.read_text()
    found = {(r.text, r.date, r.precision) for r in find_times(text, PUBLISHED)}
    assert found == {
        ("in early March", "2024-03", "month"),
        ("on Friday", "2024-01-12", "day"),
        ("Saturday's", "2024-01-13", "day"),
        ("Earlier this week", "2024-01-08", "week"),
        ("in March", "2024-03", "month"),
        ("nearly two months after", "2023-11", "month"),
    }


def test_timeref_is_frozen() -> None:
    ref = only("today")
    with pytest.raises(AttributeError):
        ref.date = "2000-01-01"  # type: ignore[misc]
