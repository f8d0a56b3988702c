"""A visit (encounter): what was found, done and planned on one day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

from bodymap.domain.ids import is_uid, new_uid
from bodymap.domain.validation import Checker

TEXT_MAX = 20_000
CLINICIAN_MAX = 100
REASSESS_DEFAULT_DAYS = 21  # DOMAIN.md section 6: reassess after 2-4 weeks
REASSESS_RANGE_DAYS = (14, 28)
SIGNATURE_MEANING = (
    "I performed or supervised this assessment and treatment, and this record is complete "
    "and accurate to the best of my knowledge."
)


class VisitStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"


class EscalationStep(IntEnum):
    """The three steps of care in DOMAIN.md section 6, least invasive first."""

    SELF_CARE = 1
    HANDS_ON_AND_EXERCISE = 2
    NEEDLING_AND_INJECTION = 3

    @property
    def label(self) -> str:
        return {
            1: "Step 1: self-care, heat, education, motor control",
            2: "Step 2: trigger point massage, supervised exercise, manipulation",
            3: "Step 3: dry needling or injection, multidisciplinary care",
        }[int(self)]


@dataclass(frozen=True, slots=True, kw_only=True)
class Visit:
    patient_id: int
    visit_date: dt.date
    clinician: str
    chief_complaint: str = ""
    subjective: str = ""
    escalation_step: EscalationStep | None = None
    plan: str = ""
    reassess_on: dt.date | None = None
    status: VisitStatus = VisitStatus.DRAFT
    signed_by: str | None = None
    signed_at: dt.datetime | None = None
    id: int | None = None
    uid: str = field(default_factory=new_uid)

    def __post_init__(self) -> None:
        check = Checker("visit")
        check.date("visit_date", self.visit_date)
        check.text("clinician", self.clinician, max_len=CLINICIAN_MAX, required=True)
        check.text("chief_complaint", self.chief_complaint, max_len=TEXT_MAX)
        check.text("subjective", self.subjective, max_len=TEXT_MAX)
        check.choice("escalation_step", self.escalation_step, EscalationStep, optional=True)
        check.text("plan", self.plan, max_len=TEXT_MAX)
        check.date("reassess_on", self.reassess_on, optional=True)
        if (
            isinstance(self.reassess_on, dt.date)
            and isinstance(self.visit_date, dt.date)
            and self.reassess_on <= self.visit_date
        ):
            check.fail("reassess_on", "must be after the visit date")
        check.choice("status", self.status, VisitStatus)
        if self.status is VisitStatus.SIGNED:
            if not self.signed_by or not isinstance(self.signed_at, dt.datetime):
                check.fail("signed_by", "a signed visit needs the signer's name and time")
            elif self.signed_at.tzinfo is None:
                check.fail("signed_at", "must carry a UTC offset")
        elif self.signed_by is not None or self.signed_at is not None:
            check.fail("status", "a draft visit has no signer")
        if self.signed_by is not None:
            check.text("signed_by", self.signed_by, max_len=CLINICIAN_MAX, required=True)
        if not is_uid(self.uid):
            check.fail("uid", "must be 32 lowercase hex digits")
        check.done()

    @property
    def is_signed(self) -> bool:
        return self.status is VisitStatus.SIGNED


def default_reassessment(visit_date: dt.date) -> dt.date:
    return visit_date + dt.timedelta(days=REASSESS_DEFAULT_DAYS)
