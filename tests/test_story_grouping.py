"""Grouping articles into stories, on articles written by hand (tidings.stories)."""

from __future__ import annotations

from tidings.stories import StoryArticle, group_stories

TALKS = "The foreign ministers of Chile and Peru met in Lima to settle a fishing dispute over anchovy quotas."
TALKS_AGAIN = "Chile and Peru settled their anchovy fishing dispute when their foreign ministers met in Lima."
QUAKE = "A strong earthquake shook northern Japan, cutting power to thousands of homes near Sendai."


def article(article_id: str, text: str, published: str, outlet: str, *events: str) -> StoryArticle:
    return StoryArticle(article_id, text.split(",")[0], text, published, outlet, frozenset(events))


def test_reports_in_the_same_words_are_one_story_and_others_stay_apart() -> None:
    stories = group_stories([
        article("a", TALKS, "2024-03-05T10:00:00+00:00", "Wire A"),
        article("b", TALKS_AGAIN, "2024-03-06T08:00:00+00:00", "Daily Example"),
        article("c", QUAKE, "2024-03-05T11:00:00+00:00", "Wire A"),
    ], similarity=0.3)
    assert sorted(story.articles for story in stories) == [("a", "b"), ("c",)]
    talks, = [story for story in stories if len(story.articles) == 2]
    assert talks.id == "a" and talks.outlets == ("Wire A", "Daily Example")
    assert (talks.first_seen, talks.last_seen) == ("2024-03-05T10:00:00+00:00", "2024-03-06T08:00:00+00:00")


def test_a_shared_lede_event_joins_reports_in_other_words() -> None:
    other_words = "Two Andean neighbours ended a quarrel at sea, diplomats in Lima said."
    stories = group_stories([article("a", TALKS, "2024-03-05T10:00:00+00:00", "Wire A", "a:e1"),
                             article("b", other_words, "2024-03-05T12:00:00+00:00", "Wire B", "a:e1")])
    assert [story.articles for story in stories] == [("a", "b")]
    assert stories[0].events == ("a:e1",)


def test_the_same_words_a_week_later_are_another_story() -> None:
    stories = group_stories([article("a", TALKS, "2024-03-05T10:00:00+00:00", "Wire A"),
                             article("b", TALKS_AGAIN, "2024-03-06T08:00:00+00:00", "Daily Example"),
                             article("c", QUAKE, "2024-03-05T11:00:00+00:00", "Wire A"),
                             article("d", TALKS, "2024-03-12T10:00:00+00:00", "Wire A")], similarity=0.3)
    assert sorted(story.articles for story in stories) == [("a", "b"), ("c",), ("d",)]
