from __future__ import annotations

import pytest
from datasketch import MinHashLSH

from tidings.dedupe import (
    LSH_MAX_THRESHOLD,
    NUM_PERM,
    SIGNATURE_BYTES,
    Banding,
    article_id,
    closest,
    jaccard,
    minhash,
    signature_of,
)

STORY = (
    "Finance ministers of the Group of Seven agreed on Saturday to tighten sanctions on Russian oil "
    "exports, two years after Moscow launched its full-scale invasion of Ukraine. The ministers said "
    "they would target tankers that carry Russian crude above the price cap, and they pledged to keep "
    "Russian central bank assets frozen until Moscow pays for the damage it has caused. Italy, which "
    "holds the rotating presidency of the group this year, said leaders would discuss the assets again."
)
COPY = STORY.replace("on Saturday", "on Saturday in Sao Paulo")
OTHER = "Finland said on Tuesday that it would close the last open crossing on its border with Russia. " * 3


def signature(text: str) -> bytes:
    return signature_of(text, shingle_size=5)


def test_article_id_is_a_stable_content_hash() -> None:
    assert article_id(STORY) == article_id(str(STORY))
    assert article_id(STORY) != article_id(STORY + " ")
    assert len(article_id(STORY)) == 16


@pytest.mark.parametrize("threshold", [n / 20 for n in range(1, 19)] + [0.33, 0.72, 0.85, 0.88])
def test_the_banding_is_the_one_datasketch_chooses(threshold: float) -> None:
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    assert Banding.for_threshold(threshold) == Banding(lsh.b, lsh.r)


def test_thresholds_above_the_cap_are_banded_as_the_cap() -> None:
    assert Banding.for_threshold(0.99) == Banding.for_threshold(LSH_MAX_THRESHOLD) == Banding(5, 25)


def test_a_stored_signature_is_the_minhash_as_uint32_bytes() -> None:
    made = signature(STORY)
    assert len(made) == SIGNATURE_BYTES
    expected = minhash(STORY, shingle_size=5).jaccard(minhash(COPY, shingle_size=5))
    assert jaccard(made, signature(COPY)) == expected


def test_signatures_share_the_band_keys_of_the_bands_they_agree_on() -> None:
    banding = Banding(5, 25)
    keys = banding.keys(signature(STORY))
    assert len(keys) == len(set(keys)) == 5
    assert all(-(2**63) <= key < 2**63 for key in keys)
    assert banding.keys(signature(STORY)) == keys
    changed = bytearray(signature(STORY))
    changed[0] ^= 1  # the first value of the first band
    assert banding.keys(bytes(changed)) == [banding.keys(bytes(changed))[0], *keys[1:]]
    assert banding.keys(bytes(changed))[0] != keys[0]
    same_values_other_band = bytes(changed[100:200] + changed[0:100] + changed[200:])
    assert set(banding.keys(same_values_other_band)).isdisjoint(keys[:2])  # the band number counts


def test_a_signature_of_another_length_has_no_band_keys() -> None:
    with pytest.raises(ValueError, match="512 bytes"):
        Banding(5, 25).keys(b"\x01" * 16)


def test_a_lightly_edited_copy_is_a_near_duplicate() -> None:
    found = closest(signature(COPY), [("first", signature(STORY))], 0.8)
    assert found is not None and found[0] == "first" and found[1] >= 0.8
    assert set(Banding.for_threshold(0.8).keys(signature(COPY))) & set(Banding.for_threshold(0.8).keys(
        signature(STORY)))  # and a candidate: it shares a band


def test_a_different_story_is_not_a_near_duplicate() -> None:
    assert closest(signature(OTHER), [("first", signature(STORY))], 0.8) is None


def test_the_most_similar_wins_and_of_equals_the_first_stored() -> None:
    made = signature(STORY)
    assert closest(made, [("copy", signature(COPY)), ("same", made)], 0.8) == ("same", 1.0)
    assert closest(made, [("one", made), ("two", made)], 0.8) == ("one", 1.0)
    assert closest(made, [], 0.8) is None


def test_a_threshold_near_one_still_works() -> None:
    stored = [("first", signature(STORY))]
    assert closest(signature(STORY), stored, 0.99) == ("first", 1.0)
    assert closest(signature(STORY.replace("Italy", "France")), stored, 0.99) is None
