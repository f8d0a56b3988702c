import datetime as dt

import pytest

from bodymap.domain.validation import ValidationError
from bodymap.domain.visit import EscalationStep, Visit, VisitStatus, default_reassessment

DAY = dt.date(2026, 3, 2)


def test_draft_visit_with_defaults() -> None:
    v = Visit(patient_id=1, visit_date=DAY, clinician="J. Rivera")
    assert v.status is VisitStatus.DRAFT and not v.is_signed
    assert default_reassessment(DAY) == dt.date(2026, 3, 23)


def test_reassessment_must_follow_the_visit() -> None:
    with pytest.raises(ValidationError, match="reassess_on: must be after the visit date"):
        Visit(patient_id=1, visit_date=DAY, clinician="J", reassess_on=DAY)


def test_escalation_step_is_one_to_three() -> None:
    assert Visit(patient_id=1, visit_date=DAY, clinician="J", escalation_step=EscalationStep(3))
    with pytest.raises(ValueError, match="4"):
        EscalationStep(4)
    with pytest.raises(ValidationError, match="escalation_step: must be one of 1, 2, 3"):
        Visit(patient_id=1, visit_date=DAY, clinician="J", escalation_step=4)  # type: ignore[arg-type]


def test_signed_visit_needs_signer_and_aware_time() -> None:
    at = dt.datetime(2026, 3, 2, 15, 30, tzinfo=dt.UTC)
    signed = Visit(
        patient_id=1, visit_date=DAY, clinician="J", status=VisitStatus.SIGNED, signed_by="J",
        signed_at=at,
    )  # fmt: skip
    assert signed.is_signed
    with pytest.raises(ValidationError, match="signer"):
        Visit(patient_id=1, visit_date=DAY, clinician="J", status=VisitStatus.SIGNED)
    with pytest.raises(ValidationError, match="signed_at: must carry a UTC offset"):
        Visit(
            patient_id=1, visit_date=DAY, clinician="J", status=VisitStatus.SIGNED,
            signed_by="J", signed_at=at.replace(tzinfo=None),
        )  # fmt: skip
    with pytest.raises(ValidationError, match="a draft visit has no signer"):
        Visit(patient_id=1, visit_date=DAY, clinician="J", signed_by="J")


def test_clinician_is_required() -> None:
    with pytest.raises(ValidationError, match="visit.clinician: is required"):
        Visit(patient_id=1, visit_date=DAY, clinician=" ")
