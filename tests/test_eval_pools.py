"""The eval page generator's name pools: each set of items draws names no other set shows.

Why: the held-apart and fresh pages measure the segmenter on paper, source and agency names it was
never tuned on; a name shared between pools would let a tuned rule see it.
"""

from __future__ import annotations

import itertools

import pytest
from summarizer.evals import pagegen, split

SETS = (*pagegen.HALVES, *split.LATER_SETS)
NAME_POOLS = ("PAPERS", "SECTIONS", "SOURCES", "STATIONS", "PHOTO_AGENCIES")


@pytest.mark.parametrize("pool", NAME_POOLS)
def test_name_pools_are_disjoint_between_sets(pool: str) -> None:
    table = getattr(pagegen, pool)
    for a, b in itertools.combinations(SETS, 2):
        assert not set(table[a]) & set(table[b]), (pool, a, b)


def test_agencies_share_only_the_papers_own_byline() -> None:
    for a, b in itertools.combinations(SETS, 2):
        assert set(pagegen.AGENCIES[a]) & set(pagegen.AGENCIES[b]) == {"本报"}, (a, b)


@pytest.mark.parametrize("pool", ["SURNAMES", "GIVEN"])
def test_person_name_characters_are_disjoint_between_sets(pool: str) -> None:
    table = getattr(pagegen, pool)
    for a, b in itertools.combinations(SETS, 2):
        assert not set(table[a]) & set(table[b]), (pool, a, b)


@pytest.mark.parametrize("name", [*pagegen.HALVES, *split.later_sets()])
def test_page_datasets_are_regenerated_identically(name: str) -> None:
    path = pagegen.path_for(name, 1)
    assert path.read_text(encoding="utf-8") == pagegen.dump(pagegen.build(name, 1)), (
        f"{path.name}: rerun python -m summarizer.evals.pagegen"
    )
