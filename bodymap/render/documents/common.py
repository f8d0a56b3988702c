"""What the three documents share: the clinic's details, the letterhead, the patient's
facts, the running header and footer, and how values read on paper.

The clinic's name, address and telephone are a setting kept in the database
(``store.settings``, key ``clinic``, written by File > Preferences), so every computer
printing from one database prints the same letterhead. The paper size is the caller's
choice (a per-computer preference in the app, ``--paper`` on the command line).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt

from bodymap.domain.course_text import with_unit
from bodymap.domain.patient import Patient, Sex
from bodymap.render.report import style as st
from bodymap.render.report.blocks import Block, Column, Columns, Paragraph, Table
from bodymap.render.report.text import Span, Spans
from bodymap.render.report.units import Paper, pt
from bodymap.store import Store

CLINIC_SETTING = "clinic"  # {"name": str, "address": str (lines), "phone": str}
SEP = " · "
DASH = "–"  # not recorded / not assessed
NBSP = "\u00a0"  # between a number and its unit, which must not part at a line end


@dataclass(frozen=True, slots=True)
class Clinic:
    name: str = ""
    address: str = ""  # one or more lines
    phone: str = ""

    @classmethod
    def from_setting(cls, value: Any) -> Clinic:
        """Tolerant of a missing or odd setting: a report must still print."""
        if not isinstance(value, dict):
            return cls()
        return cls(**{k: str(value.get(k) or "").strip() for k in ("name", "address", "phone")})

    def lines(self) -> list[str]:
        lines = [line.strip() for line in self.address.splitlines() if line.strip()]
        if self.phone:
            lines.append(f"Telephone {self.phone}")
        return lines


@dataclass(frozen=True, slots=True)
class Context:
    """The settings and moment a document is made with."""

    clinic: Clinic
    paper: Paper
    printed_at: dt.datetime  # aware

    @classmethod
    def of(
        cls, store: Store, *, paper: Paper | None = None, printed_at: dt.datetime | None = None
    ) -> Context:
        return cls(
            clinic=Clinic.from_setting(store.settings.get(CLINIC_SETTING)),
            paper=paper or Paper.A4,
            printed_at=printed_at or dt.datetime.now().astimezone(),
        )

    def footer(self) -> str:
        printed = f"Printed {datetime_text(self.printed_at)}"
        return SEP.join(p for p in (printed, self.clinic.name) if p)


# --- words ---------------------------------------------------------------------------------


def date_text(day: dt.date | None) -> str:
    """ISO 8601: unambiguous in every country a report may be sent to."""
    return DASH if day is None else day.isoformat()


def datetime_text(moment: dt.datetime) -> str:
    """Local time with its UTC offset, e.g. '2026-11-06 17:00 (UTC+01:00)'."""
    local = moment.astimezone()
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M} (UTC{offset[:3]}:{offset[3:]})"


def number_text(value: float) -> str:
    return f"{round(value, 1):g}"


def value_text(value: float, unit: str) -> str:
    return with_unit(number_text(value), unit, NBSP)


def signed_change(delta: float, unit: str = "") -> str:
    if round(delta, 1) == 0:
        return "±0"
    sign = "+" if delta > 0 else "−"
    return sign + value_text(abs(delta), unit)


def yes_no(value: bool | None) -> str:
    return DASH if value is None else ("yes" if value else "no")


_SEX = {Sex.FEMALE: "female", Sex.MALE: "male", Sex.OTHER: "other", Sex.UNKNOWN: ""}


def age_on(patient: Patient, day: dt.date) -> int:
    return patient.age_on(day)


# --- blocks --------------------------------------------------------------------------------


def running_header(patient: Patient) -> str:
    return SEP.join(
        (
            patient.display_name,
            f"Chart {patient.chart_no}",
            f"born {date_text(patient.date_of_birth)}",
        )
    )


def letterhead(context: Context, title: str, subtitle: str = "") -> Block:
    """The clinic (when its name is set) on the left, the document's title on the right."""
    right: list[Block] = [
        Paragraph(title, st.TITLE, space_before=0, align=Qt.AlignmentFlag.AlignRight)
    ]
    if subtitle:
        right.append(Paragraph(subtitle, st.SMALL, align=Qt.AlignmentFlag.AlignRight))
    clinic = context.clinic
    if not clinic.name:
        return Columns([right], [1.0], space_before=0)
    left: list[Block] = [Paragraph(clinic.name, st.H2.with_(size_pt=12.0), space_before=0)]
    left += [Paragraph(line, st.SMALL, space_before=0) for line in clinic.lines()]
    return Columns([left, right], [1.0, 1.0], space_before=0)


def facts_table(pairs: Sequence[tuple[str, Spans]], *, columns: int = 2) -> Table:
    """Label-value pairs in ``columns`` pairs per row, without a header."""
    cells: list[list[Spans]] = []
    row: list[Spans] = []
    for label, value in pairs:
        row += [label, value]
        if len(row) == 2 * columns:
            cells.append(row)
            row = []
    if row:
        cells.append(row + [""] * (2 * columns - len(row)))
    spec = []
    for _ in range(columns):
        spec += [Column("", 0.8), Column("", 1.7)]
    return Table(
        spec,
        cells,
        header=False,
        zebra=False,
        grid=False,
        label_style=st.TABLE.with_(bold=True, color=st.MUTED),
        row_fills=(),
        pad_y=pt(1.4),
        space_before=pt(8),
    )


def patient_pairs(patient: Patient, on: dt.date) -> list[tuple[str, Spans]]:
    sex = _SEX[patient.sex]
    born = f"{date_text(patient.date_of_birth)} (age {age_on(patient, on)})"
    weight = DASH if patient.weight_kg is None else f"{number_text(patient.weight_kg)} kg"
    pairs: list[tuple[str, Spans]] = [
        ("Patient", [Span(patient.display_name, st.TABLE.with_(bold=True))]),
        ("Chart number", patient.chart_no),
        ("Date of birth", born),
        ("Sex", sex or DASH),
        ("Weight", weight),
    ]
    return pairs
