"""tidings.tables: widths that fit the terminal without breaking a word that must stay whole."""

from __future__ import annotations

from tidings.tables import fit_widths, short_key


def test_the_widest_columns_give_way_first_and_never_below_their_least():
    assert fit_widths([10, 40, 30], [10, 5, 5], 60) == [10, 25, 25]
    assert fit_widths([10, 40, 30], [10, 38, 5], 60) == [10, 38, 12]


def test_widths_that_fit_are_kept():
    assert fit_widths([10, 20], [3, 3], 80) == [10, 20]


def test_least_widths_are_kept_when_nothing_fits():
    assert fit_widths([19, 10], [19, 10], 20) == [19, 10]


def test_a_short_key_keeps_the_item_and_eight_characters_of_the_article():
    assert short_key("d93bea38fb406ec1:e12") == "d93bea38:e12"
    assert short_key("e12") == "e12"
