"""Patients: rows <-> :class:`Patient`."""

from __future__ import annotations

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


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}%"


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

    def search(self, text: str = "", limit: int | None = None) -> list[Patient]:
        """Patients whose family or given name, chart number or date of birth starts with
        each word of ``text`` (case-insensitive), ordered by name. Empty text lists all."""
        where, params = ["1"], []
        for word in text.split():
            where.append(
                "(family_name LIKE ? ESCAPE '\\' OR given_names LIKE ? ESCAPE '\\' "
                "OR chart_no LIKE ? ESCAPE '\\' OR date_of_birth LIKE ? ESCAPE '\\')"
            )
            params.extend([_like(word)] * 4)
        return self._select(" AND ".join(where), params, limit=limit)
