"""Finding a patient by name, chart number or date of birth, as typed."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from bodymap.store import Store
from bodymap.store.patients import search_query


@pytest.fixture
def people(store: Store, make) -> dict[str, int]:
    rows = {
        "zoe": make.patient("C-0001", family_name="Achterberg-Nwosu", given_names="Zoë",
                            date_of_birth=dt.date(1963, 9, 5)),
        "maren": make.patient("C-0002", family_name="Lindqvist", given_names="Maren",
                              date_of_birth=dt.date(1979, 4, 2)),
        "marek": make.patient("X/77", family_name="Marek", given_names="Lin",
                              date_of_birth=dt.date(1990, 12, 24)),
    }  # fmt: skip
    return {key: p.id for key, p in rows.items()}


def _found(store: Store, text: str) -> set[int]:
    return {p.id for p in store.patients.search(text)}


def test_each_word_must_start_a_name_chart_number_or_birth_date(
    store: Store, people: dict[str, int]
) -> None:
    assert _found(store, "lin") == {people["maren"], people["marek"]}
    assert _found(store, "mar lin") == {people["maren"], people["marek"]}
    assert _found(store, "lind mar") == {people["maren"]}
    assert _found(store, "nwosu") == {people["zoe"]}  # the second part of a double name
    assert _found(store, "zoe") == {people["zoe"]}  # accents ignored
    assert _found(store, "ZOË") == {people["zoe"]}
    assert _found(store, "c-000") == {people["zoe"], people["maren"]}
    assert _found(store, "x/77") == {people["marek"]}
    assert _found(store, "1979-04") == {people["maren"]}
    assert _found(store, "qvist") == set()  # prefixes, not substrings
    assert _found(store, "") == set(people.values())
    assert _found(store, '" * ( - :') == set(people.values())  # no words: everyone


def test_results_are_in_filing_order_and_page(store: Store, people: dict[str, int]) -> None:
    names = [p.family_name for p in store.patients.search("")]
    assert names == ["Achterberg-Nwosu", "Lindqvist", "Marek"]
    assert [p.family_name for p in store.patients.search("", limit=2, offset=1)] == [
        "Lindqvist",
        "Marek",
    ]


def test_the_index_follows_edits_and_deletes(store: Store, people: dict[str, int]) -> None:
    maren = store.patients.get(people["maren"])
    store.patients.update(dataclasses.replace(maren, family_name="Oduya"))
    assert _found(store, "lindqvist") == set()
    assert _found(store, "oduya") == {people["maren"]}
    store.patients.delete(people["marek"])
    assert _found(store, "lin") == set()


def test_query_text_cannot_inject_search_syntax() -> None:
    assert search_query('lin" OR "x') == '"lin"* "OR"* "x"*'
    assert search_query("") == ""
