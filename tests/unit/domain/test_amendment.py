"""Amendments: what may be corrected, how, and the record as amended."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from bodymap.domain.amendment import (
    ALLOWED_FIELDS,
    FINDING_FIELDS,
    MEASUREMENT_FIELDS,
    VISIT_FIELDS,
    Amendment,
    AmendmentTarget,
    addenda,
    addendum,
    amend,
    amend_measure,
    amended_finding,
    amended_measures,
    amended_treatment,
    amended_visit,
    check_applies,
    decode_value,
    describe,
    encode_value,
    field_history,
    in_order,
)
from bodymap.domain.finding import Activity, Finding, SensationQuality
from bodymap.domain.measures import MEASURE_KINDS_BY_ID
from bodymap.domain.treatment import Treatment
from bodymap.domain.treatment_catalog import TreatmentKind
from bodymap.domain.validation import ValidationError
from bodymap.domain.visit import EscalationStep, Visit, VisitStatus

SIGNED_AT = dt.datetime(2026, 3, 2, 17, 30, tzinfo=dt.UTC)
LATER = SIGNED_AT + dt.timedelta(days=1)
VISIT = Visit(
    id=7,
    patient_id=1,
    visit_date=dt.date(2026, 3, 2),
    clinician="J. Rivera",
    plan="Heat and stretches.",
    escalation_step=EscalationStep.SELF_CARE,
    reassess_on=dt.date(2026, 3, 23),
    status=VisitStatus.SIGNED,
    signed_by="J. Rivera",
    signed_at=SIGNED_AT,
)
FINDING = Finding(id=3, visit_id=7, trigger_point_id=2, tenderness=2, taut_band=True)
TREATMENT = Treatment(id=4, visit_id=7, kind=TreatmentKind.HEAT, notes="15 min")


def change(**kw: Any) -> Amendment:
    fields: dict[str, Any] = {
        "visit_id": 7,
        "author": "J. Rivera",
        "reason": "Typing error",
        "created_at": LATER,
        "target": AmendmentTarget.VISIT,
        "target_uid": VISIT.uid,
        "field": "plan",
        "old_value": "Heat and stretches.",
        "new_value": "Heat, stretches and a posture break every 40 min.",
    }
    fields.update(kw)
    return Amendment(**fields)


def messages(exc: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [str(e) for e in exc.value.errors]


# --- the record itself -------------------------------------------------------------------


def test_a_valid_amendment_is_frozen_and_keyword_only() -> None:
    a = change()
    assert len(a.uid) == 32
    assert a.id is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.reason = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Amendment(7, "J", "r", LATER, AmendmentTarget.VISIT, VISIT.uid, "plan", "a", "b")  # type: ignore[misc]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"reason": "   \n\t"}, "amendment.reason: is required"),
        ({"reason": "x" * 2001}, "amendment.reason: must be at most 2000 characters, not 2001"),
        ({"author": ""}, "amendment.author: is required"),
        ({"author": "a" * 201}, "amendment.author: must be at most 200 characters, not 201"),
        ({"created_at": dt.datetime(2026, 3, 3, 9)}, "amendment.created_at: must carry a UTC"),
        ({"created_at": dt.date(2026, 3, 3)}, "amendment.created_at: must be a date and time"),
        ({"target": "patient"}, "amendment.target: must be one of visit, finding, measurement"),
        ({"target_uid": "visit-7"}, "amendment.target_uid: must be the uid"),
        ({"field": "signed_by"}, "amendment.field: 'signed_by' cannot be amended on a visit"),
        ({"field": "status"}, "amendment.field: 'status' cannot be amended on a visit"),
        ({"new_value": "Heat and stretches."}, "amendment.new_value: is the same as the old"),
        ({"new_value": [1, 2]}, "amendment.new_value: must be text, a number, yes/no or null"),
        ({"old_value": float("nan")}, "amendment.old_value: must be a finite number"),
        ({"visit_id": True}, "amendment.visit_id: must be the row id of a visit"),
        ({"uid": "ABC"}, "amendment.uid: must be 32 lowercase hex digits"),
    ],
)
def test_bad_amendments_name_the_field(changes: dict[str, Any], expected: str) -> None:
    with pytest.raises(ValidationError) as info:
        change(**changes)
    assert any(m.startswith(expected) for m in messages(info)), messages(info)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ValidationError) as info:
        change(reason="", author="", field="tenderness")
    fields = {e.field for e in info.value.errors}
    assert fields == {"amendment.reason", "amendment.author", "amendment.field"}


@pytest.mark.parametrize(
    ("target", "field", "old", "new", "expected"),
    [
        ("visit", "escalation_step", 1, 4, "escalation_step must be one of 1, 2, 3, not 4"),
        ("visit", "escalation_step", 1, True, "escalation_step must be one of 1, 2, 3, not True"),
        ("visit", "reassess_on", None, "next week", "reassess_on must be a date (YYYY-MM-DD)"),
        ("visit", "reassess_on", None, "2026-02-30", "reassess_on must be a date"),
        ("visit", "clinician", "J. Rivera", " ", "clinician is required"),
        ("finding", "tenderness", 2, 7, "tenderness must be from 0 to 3, not 7"),
        ("finding", "taut_band", True, 1, "taut_band must be yes or no"),
        ("finding", "activity", None, "dormant", "activity must be one of active, latent"),
        ("finding", "nrs_on_compression", 4, 10.5, "nrs_on_compression must be a whole number"),
        ("measurement", "nrs_now", 5, 11, "nrs_now must be from 0 to 10, not 11"),
        ("measurement", "nrs_now", 5, "six", "nrs_now must be a whole number"),
        ("measurement", "cervical_rotation_l", 60, -3.5, "cervical_rotation_l must be from 0"),
        ("treatment", "notes", "", "\x00", "notes contains control characters"),
    ],
)
def test_a_value_the_record_could_not_hold_is_refused(
    target: str, field: str, old: Any, new: Any, expected: str
) -> None:
    with pytest.raises(ValidationError) as info:
        change(target=AmendmentTarget(target), field=field, old_value=old, new_value=new)
    assert any(m.startswith(f"amendment.new_value: {expected}") for m in messages(info)), messages(
        info
    )


@pytest.mark.parametrize(
    ("target", "field"),
    [
        ("finding", "ppt"),
        ("finding", "trigger_point_id"),
        ("measurement", "grip_strength"),
        ("treatment", "kind"),
        ("treatment", "details"),
        ("visit", "visit_date"),
    ],
)
def test_only_the_listed_fields_can_be_amended(target: str, field: str) -> None:
    with pytest.raises(ValidationError, match="amendment.field: .* cannot be amended"):
        change(target=AmendmentTarget(target), field=field, old_value=None, new_value=1)


def test_the_allowed_fields_follow_the_domain() -> None:
    assert set(VISIT_FIELDS) <= {f.name for f in dataclasses.fields(Visit)}
    assert set(FINDING_FIELDS) <= {f.name for f in dataclasses.fields(Finding)}
    assert set(MEASUREMENT_FIELDS) == set(MEASURE_KINDS_BY_ID)
    assert set(ALLOWED_FIELDS) == set(AmendmentTarget)


def test_an_addendum_is_a_non_blank_note_with_no_old_value() -> None:
    note = change(target=AmendmentTarget.NOTE, field="", old_value=None, new_value="Phoned: ok.")
    assert note.is_addendum
    with pytest.raises(ValidationError, match="amendment.new_value: is required"):
        change(target=AmendmentTarget.NOTE, field="", old_value=None, new_value="  ")
    with pytest.raises(ValidationError, match="amendment.old_value: must be null"):
        change(target=AmendmentTarget.NOTE, field="", old_value="x", new_value="y")
    with pytest.raises(ValidationError, match='amendment.field: must be ""'):
        change(target=AmendmentTarget.NOTE, field="plan", old_value=None, new_value="y")
    with pytest.raises(ValidationError, match="amendment.new_value: must be text"):
        change(target=AmendmentTarget.NOTE, field="", old_value=None, new_value=3)


def test_measurement_none_means_not_recorded_and_six_equals_six_point_oh() -> None:
    cleared = change(
        target=AmendmentTarget.MEASUREMENT, field="nrs_now", old_value=5, new_value=None
    )
    assert cleared.new_value is None
    with pytest.raises(ValidationError, match="same as the old value"):
        change(target=AmendmentTarget.MEASUREMENT, field="vas", old_value=6, new_value=6.0)
    # A flag and a number are never the same value.
    assert change(target=AmendmentTarget.FINDING, field="tenderness", old_value=1, new_value=0)


# --- values ------------------------------------------------------------------------------


def test_values_are_encoded_once_and_decoded_back() -> None:
    pairs = [
        (EscalationStep.NEEDLING_AND_INJECTION, 3, "visit", "escalation_step"),
        (dt.date(2026, 4, 1), "2026-04-01", "visit", "reassess_on"),
        (Activity.LATENT, "latent", "finding", "activity"),
        (SensationQuality.TINGLING, "tingling", "finding", "sensation"),
        (True, True, "finding", "taut_band"),
        (None, None, "finding", "tenderness"),
        (62.5, 62.5, "measurement", "cervical_rotation_l"),
        ("text", "text", "visit", "plan"),
    ]
    for value, encoded, target, field in pairs:
        assert encode_value(value) == encoded
        decoded = decode_value(AmendmentTarget(target), field, encoded)
        assert decoded == value
        assert type(decoded) is type(value)
    # true is not escalation step 1: it is left for the visit to refuse.
    assert decode_value(AmendmentTarget.VISIT, "escalation_step", True) is True
    with pytest.raises(TypeError):
        encode_value(object())


# --- the record as amended ---------------------------------------------------------------


def test_amended_visit_applies_later_amendments_over_earlier_ones() -> None:
    first = change(new_value="First fix", created_at=LATER, id=2)
    second = change(old_value="First fix", new_value="Second fix", created_at=LATER, id=5)
    third = change(
        field="escalation_step", old_value=1, new_value=2, created_at=LATER + dt.timedelta(hours=1)
    )
    for given in ([first, second, third], [third, second, first]):
        result = amended_visit(VISIT, given)
        assert result.plan == "Second fix"  # same time: the higher row id is later
        assert result.escalation_step is EscalationStep.HANDS_ON_AND_EXERCISE
    assert VISIT.plan == "Heat and stretches."  # the signed record is untouched
    assert amended_visit(VISIT, []) is VISIT
    other = change(target_uid="f" * 32, new_value="Someone else's")
    assert amended_visit(VISIT, [other]).plan == VISIT.plan


def test_amended_visit_with_a_date_before_the_visit_names_the_field() -> None:
    bad = change(field="reassess_on", old_value="2026-03-23", new_value="2026-02-01")
    with pytest.raises(ValidationError, match="visit.reassess_on: must be after the visit date"):
        amended_visit(VISIT, [bad])
    good = change(field="reassess_on", old_value="2026-03-23", new_value="2026-03-30")
    assert amended_visit(VISIT, [good]).reassess_on == dt.date(2026, 3, 30)


def test_amended_finding_and_treatment() -> None:
    a = change(
        target=AmendmentTarget.FINDING, target_uid=FINDING.uid, field="tenderness",
        old_value=2, new_value=3,
    )  # fmt: skip
    b = change(
        target=AmendmentTarget.FINDING, target_uid=FINDING.uid, field="activity",
        old_value=None, new_value="active", created_at=LATER + dt.timedelta(minutes=1),
    )  # fmt: skip
    c = change(
        target=AmendmentTarget.FINDING, target_uid=FINDING.uid, field="tenderness",
        old_value=3, new_value=1, created_at=LATER + dt.timedelta(minutes=2),
    )  # fmt: skip
    result = amended_finding(FINDING, [c, a, b])
    assert (result.tenderness, result.activity) == (1, Activity.ACTIVE)
    assert result.taut_band is True  # untouched fields stay
    t = change(
        target=AmendmentTarget.TREATMENT, target_uid=TREATMENT.uid, field="notes",
        old_value="15 min", new_value="20 min",
    )  # fmt: skip
    assert amended_treatment(TREATMENT, [t, a]).notes == "20 min"


def test_amended_measures_replace_add_and_clear() -> None:
    values = {"nrs_now": 5, "vas": 40.0}

    def m(kind: str, old: Any, new: Any, minutes: int) -> Amendment:
        return change(
            target=AmendmentTarget.MEASUREMENT, field=kind, old_value=old, new_value=new,
            created_at=LATER + dt.timedelta(minutes=minutes),
        )  # fmt: skip

    amendments = [
        m("nrs_now", 5, 6, 2),
        m("nrs_now", 6, 4, 3),
        m("vas", 40.0, None, 1),
        m("ndi", None, 12, 1),
    ]
    assert amended_measures(VISIT.uid, values, amendments) == {"nrs_now": 4, "ndi": 12}
    assert values == {"nrs_now": 5, "vas": 40.0}
    assert amended_measures("f" * 32, values, amendments) == values


def test_field_history_and_addenda_are_in_order() -> None:
    late = change(old_value="A", new_value="B", created_at=LATER + dt.timedelta(days=2))
    early = change(new_value="A")
    note = change(
        target=AmendmentTarget.NOTE, field="", old_value=None, new_value="Phoned.",
    )  # fmt: skip
    both = [late, note, early]
    assert field_history(both, AmendmentTarget.VISIT, VISIT.uid, "plan") == [early, late]
    assert field_history(both, AmendmentTarget.VISIT, VISIT.uid, "clinician") == []
    assert addenda(VISIT.uid, both) == [note]
    assert in_order(both)[-1] is late


# --- applying in order -------------------------------------------------------------------


def test_check_applies_wants_the_current_old_value_and_a_signed_visit() -> None:
    first = change(id=1)
    check_applies(first, visit=VISIT, existing=[])
    stale = change(old_value="Heat and stretches.", new_value="Another", created_at=LATER)
    with pytest.raises(ValidationError, match="amendment.old_value: is 'Heat and stretches.'"):
        check_applies(stale, visit=VISIT, existing=[first])
    draft = dataclasses.replace(VISIT, status=VisitStatus.DRAFT, signed_by=None, signed_at=None)
    with pytest.raises(ValidationError, match="amendment.visit_id: the visit is a draft"):
        check_applies(first, visit=draft, existing=[])
    before_signing = change(created_at=SIGNED_AT - dt.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="amendment.created_at: is before the visit was"):
        check_applies(before_signing, visit=VISIT, existing=[])
    back_dated = change(created_at=LATER - dt.timedelta(hours=1))
    with pytest.raises(ValidationError, match="before a later amendment of plan"):
        check_applies(back_dated, visit=VISIT, existing=[first])


def test_check_applies_knows_the_target_record() -> None:
    a = change(
        target=AmendmentTarget.FINDING, target_uid=FINDING.uid, field="tenderness",
        old_value=2, new_value=3,
    )  # fmt: skip
    check_applies(a, visit=VISIT, existing=[], finding=FINDING)
    with pytest.raises(ValidationError, match="amendment.target_uid: names no finding"):
        check_applies(a, visit=VISIT, existing=[])
    m = change(target=AmendmentTarget.MEASUREMENT, field="nrs_now", old_value=None, new_value=4)
    with pytest.raises(ValidationError, match="is not recorded, but the record now says 5/10"):
        check_applies(m, visit=VISIT, existing=[], measures={"nrs_now": 5})
    check_applies(m, visit=VISIT, existing=[], measures={})


# --- making amendments -------------------------------------------------------------------


def test_helpers_take_the_old_value_from_the_record() -> None:
    a = amend(VISIT, "reassess_on", dt.date(2026, 3, 30), author="J", reason="Moved", at=LATER)
    assert (a.target, a.target_uid, a.old_value, a.new_value, a.visit_id) == (
        AmendmentTarget.VISIT, VISIT.uid, "2026-03-23", "2026-03-30", 7,
    )  # fmt: skip
    f = amend(FINDING, "activity", Activity.LATENT, author="J", reason="Misread")
    assert (f.target, f.target_uid, f.old_value, f.new_value) == (
        AmendmentTarget.FINDING, FINDING.uid, None, "latent",
    )  # fmt: skip
    assert f.created_at.tzinfo is not None
    t = amend(TREATMENT, "notes", "20 min", author="J", reason="Timer")
    assert (t.target, t.old_value) == (AmendmentTarget.TREATMENT, "15 min")
    m = amend_measure(VISIT, {"nrs_now": 5}, "nrs_now", 6, author="J", reason="Misheard")
    assert (m.target, m.target_uid, m.field, m.old_value, m.new_value) == (
        AmendmentTarget.MEASUREMENT, VISIT.uid, "nrs_now", 5, 6,
    )  # fmt: skip
    n = addendum(VISIT, "Called: better.", author="J", reason="Follow-up call")
    assert (n.target, n.field, n.old_value) == (AmendmentTarget.NOTE, "", None)
    draft = dataclasses.replace(VISIT, status=VisitStatus.DRAFT, signed_by=None, signed_at=None)
    with pytest.raises(ValidationError, match="the visit is a draft"):
        amend(draft, "plan", "x", author="J", reason="r")
    with pytest.raises(ValidationError, match="amendment.field: 'status' cannot be amended"):
        amend(VISIT, "status", "draft", author="J", reason="r")


# --- words -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "field", "old", "new", "expected"),
    [
        ("visit", "plan", "x", "y", "Plan changed from 'x' to 'y'"),
        ("visit", "plan", "", "Rest", "Plan changed from blank to 'Rest'"),
        ("visit", "escalation_step", 1, 2, "Escalation step changed from step 1 to step 2"),
        ("visit", "reassess_on", None, "2026-04-01", "Reassessment date changed from not "
         "recorded to 2026-04-01"),
        ("finding", "taut_band", True, False, "Taut band changed from yes to no"),
        ("finding", "tenderness", 2, 3, "Tenderness changed from 2 (moderate) to 3 (severe, "
         "withdraws)"),
        ("finding", "activity", "latent", "active", "Activity changed from latent to active"),
        ("measurement", "nrs_now", 6, None, "Pain now (NRS) changed from 6/10 to not recorded"),
        ("measurement", "cervical_rotation_r", 58.5, 60.0, "Cervical rotation R changed from "
         "58.5° to 60°"),
        ("measurement", "vas", 40.5, 35, "Pain (VAS) changed from 40.5 mm to 35 mm"),
        ("treatment", "notes", "a", "b", "Treatment notes changed from 'a' to 'b'"),
    ],
)  # fmt: skip
def test_describe_in_plain_words(
    target: str, field: str, old: Any, new: Any, expected: str
) -> None:
    a = change(target=AmendmentTarget(target), field=field, old_value=old, new_value=new)
    assert describe(a) == expected


def test_describe_an_addendum_and_long_text() -> None:
    note = change(target=AmendmentTarget.NOTE, field="", old_value=None, new_value="Called.\nOk")
    assert describe(note) == "Addendum: 'Called. Ok'"
    long = change(new_value="word " * 40)
    text = describe(long)
    assert text.endswith("…'")
    assert len(text) < 120
