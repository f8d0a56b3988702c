"""The sections of a visit summary: findings, treatments, measures and amendments.

Values corrected after signing carry a dagger (†) where they are printed; the
Amendments section says what each was before, who changed it, when and why.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt

from bodymap.domain.amendment import (
    Amendment,
    AmendmentTarget,
    JsonScalar,
    field_label,
    render_value,
)
from bodymap.domain.course import normal_lower_limit
from bodymap.domain.dose_summary import InjectionDose, number_text, summarize_visit
from bodymap.domain.finding import TENDERNESS_GRADES, Finding
from bodymap.domain.measures import MEASURE_KINDS, important_change
from bodymap.domain.muscles import display_name
from bodymap.domain.treatment import NeedleRecord, Treatment
from bodymap.domain.treatment_catalog import CATALOG
from bodymap.render.documents.common import (
    DASH,
    NBSP,
    SEP,
    date_text,
    datetime_text,
    signed_change,
    value_text,
    yes_no,
)
from bodymap.render.documents.records import VisitRecord
from bodymap.render.report import style as st
from bodymap.render.report.blocks import Block, Box, Column, Paragraph, Table
from bodymap.render.report.text import Span, Spans
from bodymap.render.report.units import pt

AMENDED = "†"
RIGHT = Qt.AlignmentFlag.AlignRight
CENTER = Qt.AlignmentFlag.AlignHCenter
_TEXT_FIELDS = frozenset({"clinician", "chief_complaint", "subjective", "plan", "notes"})


def mark(text: str, amended: bool) -> str:
    return f"{text} {AMENDED}" if amended else text


# --- findings ------------------------------------------------------------------------------

FINDING_COLUMNS = (
    Column("#", 0.45, RIGHT),
    Column("Trigger point", 2.5),
    Column("Status", 1.05),
    Column("Band", 0.75, CENTER),
    Column("Tender", 1.0, CENTER),
    Column("Referral", 1.1, CENTER),
    Column("Familiar", 0.95, CENTER),
    Column("Twitch", 0.85, CENTER),
    Column("Jump", 0.7, CENTER),
    Column("NRS", 0.7, CENTER),
    Column("PPT", 1.25, RIGHT),
)
FINDINGS_KEY = (
    "Status: active or latent as the clinician judged it, else from pain recognition. "
    "Band: taut band palpable. Tender: spot tenderness, 0 none to 3 severe. Referral: "
    "compression refers pain (its quality). Familiar: pressure reproduces the patient's "
    "own pain, which makes the point active. NRS: pain on compression, 0-10. PPT: pressure "
    "pain threshold, mean of the trials. Criteria: how many of taut band, tender spot and "
    "referred pain are present (two or more meet the diagnostic consensus)."
)


def _ppt_text(finding: Finding) -> str:
    ppt = finding.ppt
    if ppt is None:
        return DASH
    return f"{ppt.mean:.2f}".rstrip("0").rstrip(".") + f"{NBSP}{ppt.unit.symbol}"


def findings_blocks(record: VisitRecord) -> list[Block]:
    if not record.points:
        return [Paragraph("No trigger points were examined at this visit.", st.BODY)]
    amended = record.amended_fields
    rows: list[list[Spans]] = []
    notes: list[Block] = []
    trials: list[str] = []
    for point in record.points:
        finding = record.findings.get(point.id or 0)
        if finding is None:
            continue

        def m(name: str, text: str, f: Finding = finding) -> str:
            return mark(text, (f.uid, name) in amended)

        activity = finding.effective_activity
        status = activity.value if activity is not None else "not judged"
        tender = DASH if finding.tenderness is None else str(finding.tenderness)
        referral = yes_no(finding.referred_pain)
        if finding.referred_pain and finding.sensation is not None:
            referral = f"yes, {finding.sensation.value}"
        nrs = DASH if finding.nrs_on_compression is None else f"{finding.nrs_on_compression}"
        rows.append(
            [
                str(point.label),
                [
                    Span(display_name(point.muscle_id, point.side)),
                    Span(f"\ncriteria {finding.criteria_met} of 3", st.SMALL.with_(size_pt=8.0)),
                ],
                m("activity", status),
                m("taut_band", yes_no(finding.taut_band)),
                m("tenderness", tender),
                m("referred_pain", referral),
                m("pain_recognition", yes_no(finding.pain_recognition)),
                m("twitch_response", yes_no(finding.twitch_response)),
                m("jump_sign", yes_no(finding.jump_sign)),
                m("nrs_on_compression", nrs),
                _ppt_text(finding),
            ]
        )
        if finding.notes.strip():
            notes.append(
                Paragraph(
                    [
                        Span(f"Point {point.label}: ", st.LABEL),
                        Span(mark(finding.notes.strip(), (finding.uid, "notes") in amended)),
                    ],
                    st.BODY,
                )
            )
        if finding.ppt is not None:
            ppt = finding.ppt
            rate = (
                "" if ppt.rate_per_s is None else f", {ppt.rate_per_s:g}{NBSP}{ppt.unit.symbol}/s"
            )
            values = ", ".join(f"{round(t, 2):g}" for t in ppt.trials)
            trials.append(
                f"point {point.label}: {values}{NBSP}{ppt.unit.symbol} "
                f"(probe {ppt.probe_area_cm2:g}{NBSP}cm²{rate})"
            )
    tender_key = ", ".join(f"{k} {v}" for k, v in TENDERNESS_GRADES.items())
    blocks: list[Block] = [
        Table(FINDING_COLUMNS, rows),
        Paragraph(f"{FINDINGS_KEY} Tenderness grades: {tender_key}.", st.SMALL, space_before=pt(4)),
    ]
    if trials:
        blocks.append(
            Paragraph("PPT trials, " + "; ".join(trials) + ".", st.SMALL, space_before=pt(2))
        )
    return blocks + notes


# --- treatments ----------------------------------------------------------------------------


def _needle_text(needle: NeedleRecord) -> str:
    parts = [
        f"needle {needle.needle_gauge} G × {needle.needle_length_mm:g} mm",
        f"{needle.points_count} point{'s' if needle.points_count != 1 else ''}",
        "sterile skin preparation " + ("confirmed" if needle.sterile_prep else "NOT confirmed"),
    ]
    if needle.agent is not None:
        aspiration = {True: "confirmed", False: "NOT confirmed", None: "not recorded"}
        parts.append(f"aspiration before injecting {aspiration[needle.aspiration_confirmed]}")
    if needle.twitch_responses is not None:
        parts.append(f"{needle.twitch_responses} local twitch responses")
    if needle.post_nrs is not None:
        parts.append(f"pain straight after {needle.post_nrs}/10")
    return SEP.join(parts)


def _details_text(treatment: Treatment) -> str:
    labels = {d.name: d.label for d in CATALOG[treatment.kind].details}
    parts = []
    for name, value in treatment.details.items():
        shown = value if isinstance(value, str) else f"{value:g}"
        parts.append(f"{labels.get(name, name)}: {shown}")
    return SEP.join(parts)


def treatment_blocks(record: VisitRecord) -> list[Block]:
    if not record.treatments:
        return [Paragraph("No treatment was recorded at this visit.", st.BODY)]
    amended = record.amended_fields
    blocks: list[Block] = []
    for treatment in record.treatments:
        labels = record.point_labels(treatment.trigger_point_ids)
        where = ""
        if labels:
            where = f" to point{'s' if len(labels) > 1 else ''} {', '.join(map(str, labels))}"
        spans = [Span(treatment.label, st.LABEL), Span(where)]
        details = _details_text(treatment)
        if details:
            spans.append(Span(f"{SEP}{details}"))
        blocks.append(Paragraph(spans, st.BODY, bullet="•", space_before=pt(4)))
        extra: list[str] = []
        if treatment.needle is not None:
            extra.append(_needle_text(treatment.needle))
            dose = InjectionDose.of(treatment.needle)
            if dose is not None:
                extra.append(dose.describe())
        if treatment.notes.strip():
            extra.append(
                "Notes: " + mark(treatment.notes.strip(), (treatment.uid, "notes") in amended)
            )
        for text in extra:
            blocks.append(Paragraph(text, st.BODY, indent=pt(12), space_before=pt(1)))
    blocks += dose_blocks(record)
    return blocks


def dose_blocks(record: VisitRecord) -> list[Block]:
    if not any(t.needle is not None and t.needle.agent is not None for t in record.treatments):
        return []
    summary = (
        summarize_visit(record.treatments, record.patient.weight_kg, record.dose_limits)
        if record.dose_limits is not None
        else summarize_visit(record.treatments, record.patient.weight_kg)
    )
    warnings = set(summary.warnings())
    lines: list[Block] = [Paragraph("Dose totals for this visit", st.LABEL, space_before=0)]
    for line in summary.lines():
        color = st.WARNING if line in warnings else st.INK
        lines.append(Paragraph(line, st.BODY.with_(color=color, bold=line in warnings)))
    weight = record.patient.weight_kg
    lines.append(
        Paragraph(
            f"Patient's weight: {DASH if weight is None else f'{number_text(weight)} kg'}.",
            st.SMALL,
        )
    )
    fill = st.WARNING_FILL if warnings else None
    border = st.WARNING if warnings else st.RULE
    return [Box(lines, border=border, fill=fill, space_before=pt(8))]


# --- measures ------------------------------------------------------------------------------

MEASURE_COLUMNS = (
    Column("Measure", 2.6),
    Column("This visit", 1.0, RIGHT),
    Column("Previous", 1.0, RIGHT),
    Column("Change", 0.9, RIGHT),
    Column("Baseline", 1.0, RIGHT),
    Column("Since baseline", 1.5, RIGHT),
    Column("Adult normal", 1.0, RIGHT),
)


def measure_blocks(record: VisitRecord) -> list[Block]:
    if not record.measures:
        return [Paragraph("No outcome measures were recorded at this visit.", st.BODY)]
    amended = record.amended_fields
    rows = []
    fills: list[str | None] = []
    for kind in MEASURE_KINDS:
        value = record.measures.get(kind.id)
        if value is None:
            continue
        previous = record.previous.get(kind.id)
        baseline = record.baseline.get(kind.id)
        since = DASH
        fill = None
        if baseline is not None:
            since = signed_change(value - baseline.value)
            if important_change(kind, baseline.value, value):
                since += " (MCID met)"
                fill = st.GOOD_FILL
        lower = normal_lower_limit(kind)
        normal = DASH
        if lower is not None and kind.normal is not None:
            normal = (
                f"≥ {lower:g}{kind.unit}" if lower != kind.normal else f"{kind.normal:g}{kind.unit}"
            )
        rows.append(
            [
                kind.label,
                mark(value_text(value, kind.unit), (record.visit.uid, kind.id) in amended),
                DASH if previous is None else value_text(previous.value, kind.unit),
                DASH if previous is None else signed_change(value - previous.value),
                DASH if baseline is None else value_text(baseline.value, kind.unit),
                since,
                normal,
            ]
        )
        fills.append(fill)
    notes = []
    if record.previous_visit is None:
        notes.append("This is the patient's first visit: its values are the baseline.")
    else:
        notes.append(f"Previous: the visit of {date_text(record.previous_visit.visit_date)}.")
        dates = sorted({b.visit_date for b in record.baseline.values()})
        if len(dates) == 1:
            notes.append(
                f"Baseline: the first value recorded, at the visit of {date_text(dates[0])}."
            )
        elif dates:
            notes.append("Baseline: the first value recorded of each measure.")
        notes.append(
            "MCID: the smallest change that matters to patients (pain: 2 points or 30 %); "
            "rows reaching it are shaded."
        )
    return [
        Table(MEASURE_COLUMNS, rows, row_fills=fills, zebra=False),
        Paragraph(" ".join(notes), st.SMALL, space_before=pt(4)),
    ]


# --- amendments ----------------------------------------------------------------------------


def _full_value(a: Amendment, value: JsonScalar) -> str:
    """Like ``render_value`` but never shortened: the signed original must stay readable."""
    if isinstance(value, str) and a.field in _TEXT_FIELDS:
        return f"“{value}”" if value.strip() else "blank"
    return render_value(a.target, a.field, value)


def _what(a: Amendment, record: VisitRecord) -> str:
    if a.target is AmendmentTarget.NOTE:
        return f"Addendum: {_full_value(a, a.new_value) if isinstance(a.new_value, str) else ''}"
    where = ""
    if a.target is AmendmentTarget.FINDING:
        for point in record.points:
            finding = record.findings.get(point.id or 0)
            if finding is not None and finding.uid == a.target_uid:
                where = f" (point {point.label})"
    elif a.target is AmendmentTarget.TREATMENT:
        for treatment in record.treatments:
            if treatment.uid == a.target_uid:
                where = f" ({treatment.label})"
    return (
        f"{field_label(a.target, a.field)}{where} changed from {_full_value(a, a.old_value)} "
        f"to {_full_value(a, a.new_value)}"
    )


def amendment_blocks(amendments: Sequence[Amendment], record: VisitRecord) -> list[Block]:
    blocks: list[Block] = [
        Paragraph(
            "Made after the visit was signed. The record above shows the values as amended "
            f"(marked {AMENDED}); each line below keeps the signed value it replaced.",
            st.SMALL,
            space_before=pt(2),
        )
    ]
    for a in amendments:
        blocks.append(
            Paragraph(
                [
                    Span(f"{datetime_text(a.created_at)}, {a.author}: ", st.LABEL),
                    Span(_what(a, record) + ". "),
                    Span("Reason: ", st.BODY.with_(italic=True)),
                    Span(a.reason, st.BODY.with_(italic=True)),
                ],
                st.BODY,
                bullet="•",
                space_before=pt(4),
            )
        )
    return blocks
