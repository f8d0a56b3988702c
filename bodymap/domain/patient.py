"""The patient."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum

from bodymap.domain.ids import is_uid, new_uid
from bodymap.domain.validation import Checker

CHART_NO_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/._-]{0,31}$")
NAME_MAX = 100
NOTES_MAX = 20_000
WEIGHT_KG = (2.0, 400.0)


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True, kw_only=True)
class Patient:
    chart_no: str
    family_name: str
    given_names: str
    date_of_birth: dt.date
    sex: Sex = Sex.UNKNOWN
    weight_kg: float | None = None
    notes: str = ""
    id: int | None = None
    uid: str = field(default_factory=new_uid)

    def __post_init__(self) -> None:
        check = Checker("patient")
        if not isinstance(self.chart_no, str) or not CHART_NO_PATTERN.match(self.chart_no):
            check.fail(
                "chart_no",
                "must be 1-32 letters, digits or / . _ - starting with a letter or digit",
            )
        check.text("family_name", self.family_name, max_len=NAME_MAX, required=True)
        check.text("given_names", self.given_names, max_len=NAME_MAX)
        check.date("date_of_birth", self.date_of_birth, not_after=dt.date.today())
        check.choice("sex", self.sex, Sex)
        check.number_range("weight_kg", self.weight_kg, *WEIGHT_KG, optional=True, unit="kg")
        check.text("notes", self.notes, max_len=NOTES_MAX)
        if not is_uid(self.uid):
            check.fail("uid", "must be 32 lowercase hex digits")
        check.done()

    @property
    def display_name(self) -> str:
        """'Family, Given' as charts are filed."""
        return f"{self.family_name}, {self.given_names}" if self.given_names else self.family_name

    def age_on(self, day: dt.date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
