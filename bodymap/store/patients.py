"""Patients: rows <-> :class:`Patient`."""

from __future__ import annotations

import re
from typing import Any

from bodymap.domain.patient import Patient, Sex
from bodymap.store.repository import Repository
from bodymap.store.rows import date_or_none


def _from_row(row: dict[str, Any]) -> Patient:
    born = date_or_none(row["date_of_birth"])
    assert born is not None  # NOT NULL in the schema
    return Patient(
        id=row["id"],
        uid=row["uid"],
        chart_no=row["chart_no"],
        family_name=row["family_name"],
        given_names=row["given_names"],
        date_of_birth=born,
        sex=Sex(row["sex"]),
        weight_kg=row["weight_kg"],
        notes=row["notes"],
    )


def _to_row(p: Patient) -> dict[str, Any]:
    return {
        "uid": p.uid,
        "chart_no": p.chart_no,
        "family_name": p.family_name,
        "given_names": p.given_names,
        "date_of_birth": p.date_of_birth.isoformat(),
        "sex": p.sex.value,
        "weight_kg": p.weight_kg,
        "notes": p.notes,
    }


# The tokens of a search word as the search index's tokenizer (unicode61) splits them:
# runs of letters and digits; everything else separates.
_TOKEN = re.compile(r"[^\W_]+")


def search_query(text: str) -> str:
    """An FTS5 query matching records where every token of ``text`` starts a token of
    the name, chart number or date of birth ("mar lin" finds "Lindqvist, Maren")."""
    tokens = _TOKEN.findall(text)
    return " ".join(f'"{token}"*' for token in tokens)


class PatientRepository(Repository[Patient]):
    table = "patient"
    what = "patient"
    columns = (
        "id",
        "uid",
        "chart_no",
        "family_name",
        "given_names",
        "date_of_birth",
        "sex",
        "weight_kg",
        "notes",
    )
    order_by = "family_name COLLATE NOCASE, given_names COLLATE NOCASE, id"

    def _from_row(self, row: dict[str, Any]) -> Patient:
        return _from_row(row)

    def _to_row(self, record: Patient) -> dict[str, Any]:
        return _to_row(record)

    def by_chart_no(self, chart_no: str) -> Patient | None:
        rows = self._select("chart_no = ?", [chart_no])
        return rows[0] if rows else None

    def search(self, text: str = "", limit: int | None = None, offset: int = 0) -> list[Patient]:
        """Patients with a name, chart number or date of birth that has a token starting
        with each token of ``text`` (case and accents ignored), ordered by name. Empty
        text lists all. ``limit`` and ``offset`` page through the matches.

        The full-text index (``patient_search``, kept by triggers) answers a keystroke
        without reading every patient."""
        query = search_query(text)
        if not query:
            return self._select("1", [], limit=limit, offset=offset)
        return self._select(
            "id IN (SELECT rowid FROM patient_search WHERE patient_search MATCH ?)",
            [query],
            limit=limit,
            offset=offset,
        )
