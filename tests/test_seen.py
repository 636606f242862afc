"""SeenIds: the compact set of id hashes behind the runner's repeated-id count."""

from __future__ import annotations

import random

from presse.seen import SeenIds


def test_add_tells_whether_an_id_is_new():
    seen = SeenIds()
    assert seen.add(hash("AFP-1")) is True
    assert seen.add(hash("AFP-2")) is True
    assert seen.add(hash("AFP-1")) is False
    assert len(seen) == 2


def test_negative_zero_and_small_keys_are_kept_apart():
    keys = (-1, -(2**63), 0, 2, 3, 2**64 - 2)  # not 1: 0 marks an empty slot, stored as 1
    seen = SeenIds()
    assert all(seen.add(key) for key in keys)
    assert not any(seen.add(key) for key in keys)


def test_agrees_with_a_set_through_many_resizes():
    rng = random.Random(7)
    keys = [rng.getrandbits(64) - 2**63 for _ in range(20_000)]
    keys += rng.sample(keys, 5_000)  # repeats, in a shuffled order
    keys += list(range(1, 3_000))  # consecutive integers probe neighbouring slots
    rng.shuffle(keys)
    seen, expected = SeenIds(), set()
    for key in keys:
        assert seen.add(key) == (key not in expected)
        expected.add(key)
    assert len(seen) == len(expected)
