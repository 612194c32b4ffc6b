from __future__ import annotations

from tidings.dedupe import NearDuplicateIndex, article_id, serialize

STORY = (
    "Finance ministers of the Group of Seven agreed on Saturday to tighten sanctions on Russian oil "
    "exports, two years after Moscow launched its full-scale invasion of Ukraine. The ministers said "
    "they would target tankers that carry Russian crude above the price cap, and they pledged to keep "
    "Russian central bank assets frozen until Moscow pays for the damage it has caused. Italy, which "
    "holds the rotating presidency of the group this year, said leaders would discuss the assets again."
)


def test_article_id_is_a_stable_content_hash() -> None:
    assert article_id(STORY) == article_id(str(STORY))
    assert article_id(STORY) != article_id(STORY + " ")
    assert len(article_id(STORY)) == 16


def test_a_lightly_edited_copy_is_a_near_duplicate() -> None:
    index = NearDuplicateIndex(threshold=0.8, shingle_size=5)
    index.add("first", index.signature(STORY))
    copy = STORY.replace("on Saturday", "on Saturday in Sao Paulo")
    found = index.find(index.signature(copy))
    assert found is not None and found[0] == "first" and found[1] >= 0.8


def test_a_different_story_is_not_a_near_duplicate() -> None:
    index = NearDuplicateIndex(threshold=0.8, shingle_size=5)
    index.add("first", index.signature(STORY))
    other = "Finland said on Tuesday that it would close the last open crossing on its border with Russia."
    assert index.find(index.signature(other * 3)) is None


def test_signatures_survive_serialisation() -> None:
    index = NearDuplicateIndex(threshold=0.9, shingle_size=5)
    signature = index.signature(STORY)
    reloaded = NearDuplicateIndex(threshold=0.9, shingle_size=5)
    reloaded.add_serialized("stored", serialize(signature))
    assert reloaded.find(signature) == ("stored", 1.0)
    assert len(reloaded) == 1


def test_a_threshold_near_one_still_works() -> None:
    index = NearDuplicateIndex(threshold=0.99, shingle_size=5)
    index.add("first", index.signature(STORY))
    assert index.find(index.signature(STORY)) == ("first", 1.0)
    assert index.find(index.signature(STORY.replace("Italy", "France"))) is None
