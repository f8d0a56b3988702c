"""The visit summary: what was found, done and planned at one visit, signed or marked
as an unsigned draft, with any amendments made after signing."""

from __future__ import annotations

from bodymap.domain.muscles import display_name
from bodymap.domain.visit import SIGNATURE_MEANING
from bodymap.render.body_map import MarkerSpec
from bodymap.render.documents.body_map_block import ACTIVITY_WORD, map_with_legend
from bodymap.render.documents.common import (
    DASH,
    Context,
    date_text,
    datetime_text,
    facts_table,
    letterhead,
    patient_pairs,
    running_header,
)
from bodymap.render.documents.records import VisitRecord, load_visit
from bodymap.render.documents.visit_sections import (
    AMENDED,
    amendment_blocks,
    findings_blocks,
    mark,
    measure_blocks,
    treatment_blocks,
)
from bodymap.render.report import style as st
from bodymap.render.report.blocks import Block, Box, Heading, Paragraph
from bodymap.render.report.document import Document
from bodymap.render.report.text import Span
from bodymap.render.report.units import PageSetup, pt
from bodymap.store import Store

TITLE = "Visit summary"
DRAFT_MARK = "DRAFT"
DRAFT_TEXT = (
    "UNSIGNED DRAFT: this visit has not been signed. Its content may still change and it "
    "is not a final clinical record."
)


def markers(record: VisitRecord) -> list[tuple[MarkerSpec, str]]:
    """Each point charted at the visit with the words the legend gives it."""
    out = []
    for point in record.points:
        finding = record.findings.get(point.id or 0)
        spec = MarkerSpec.of(point, finding)
        words = f"{display_name(point.muscle_id, point.side)}, {ACTIVITY_WORD[spec.activity]}"
        if point.is_resolved:
            words += ", resolved"
        out.append((spec, words))
    return out


def _status_blocks(record: VisitRecord) -> list[Block]:
    blocks: list[Block] = []
    if not record.visit.is_signed:
        blocks.append(
            Box(
                [Paragraph(DRAFT_TEXT, st.BODY.with_(bold=True, color=st.WARNING), space_before=0)],
                border=st.WARNING,
                fill=st.WARNING_FILL,
                border_width=pt(1.5),
                space_before=pt(8),
            )
        )
    if record.amendments:
        n = len(record.amendments)
        blocks.append(
            Box(
                [
                    Paragraph(
                        f"AMENDED after signing: {n} amendment{'s' if n != 1 else ''}, listed "
                        f"under Amendments; corrected values are marked {AMENDED}.",
                        st.BODY.with_(bold=True),
                        space_before=0,
                    )
                ],
                border=st.ACCENT,
                space_before=pt(8),
            )
        )
    return blocks


def _text_section(title: str, text: str, amended: bool) -> list[Block]:
    if not text.strip():
        return []
    return [
        Paragraph(title, st.LABEL, space_before=pt(6), keep_with_next=True),
        Paragraph(mark(text.strip(), amended), st.BODY, space_before=pt(1)),
    ]


def _plan_blocks(record: VisitRecord) -> list[Block]:
    visit = record.visit
    fields = record.amended_fields
    step = visit.escalation_step
    blocks: list[Block] = [
        Paragraph(
            [
                Span("Step of care: ", st.LABEL),
                Span(
                    mark(
                        step.label if step is not None else "not set",
                        (visit.uid, "escalation_step") in fields,
                    )
                ),
            ],
            st.BODY,
        ),
        Paragraph(
            [
                Span("Reassess on: ", st.LABEL),
                Span(
                    mark(
                        date_text(visit.reassess_on) if visit.reassess_on else "not set",
                        (visit.uid, "reassess_on") in fields,
                    )
                ),
            ],
            st.BODY,
        ),
    ]
    if visit.plan.strip():
        plan = mark(visit.plan.strip(), (visit.uid, "plan") in fields)
        blocks.append(Paragraph([Span("Plan: ", st.LABEL), Span(plan)], st.BODY))
    return blocks


def signature_block(record: VisitRecord) -> Block:
    visit = record.visit
    if not visit.is_signed or visit.signed_by is None or visit.signed_at is None:
        return Box(
            [
                Paragraph("Signature", st.LABEL, space_before=0),
                Paragraph(DRAFT_TEXT, st.BODY.with_(bold=True, color=st.WARNING)),
            ],
            border=st.WARNING,
            border_width=pt(1.5),
            space_before=pt(14),
        )
    return Box(
        [
            Paragraph("Signature", st.LABEL, space_before=0),
            Paragraph(
                [
                    Span("Signed electronically by "),
                    Span(visit.signed_by, st.LABEL),
                    Span(f" on {datetime_text(visit.signed_at)}."),
                ],
                st.BODY,
            ),
            Paragraph(
                [
                    Span("Meaning of this signature: ", st.BODY.with_(italic=True)),
                    Span(SIGNATURE_MEANING),
                ],
                st.BODY,
            ),
        ],
        space_before=pt(14),
    )


def build(store: Store, visit_id: int, context: Context) -> Document:
    record = load_visit(store, visit_id)
    visit, patient = record.visit, record.patient
    fields = record.amended_fields
    body_width = PageSetup.for_paper(context.paper).body_width
    previous = record.previous_visit
    pairs = [
        *patient_pairs(patient, visit.visit_date),
        ("Visit date", date_text(visit.visit_date)),
        ("Clinician", mark(visit.clinician, (visit.uid, "clinician") in fields)),
        (
            "Previous visit",
            date_text(previous.visit_date) if previous is not None else "none (first)",
        ),
        ("Status", "signed" if visit.is_signed else "UNSIGNED DRAFT"),
    ]
    blocks: list[Block] = [
        letterhead(context, TITLE, f"Visit of {date_text(visit.visit_date)}"),
        *_status_blocks(record),
        facts_table(pairs),
        *_text_section(
            "Chief complaint", visit.chief_complaint, (visit.uid, "chief_complaint") in fields
        ),
        *_text_section("Subjective", visit.subjective, (visit.uid, "subjective") in fields),
        Heading("Body map"),
        *map_with_legend(markers(record), record.zones, body_width=body_width),
        Heading("Findings"),
        *findings_blocks(record),
        Heading("Treatment"),
        *treatment_blocks(record),
        Heading("Outcome measures"),
        *measure_blocks(record),
        Heading("Plan"),
        *_plan_blocks(record),
        signature_block(record),
    ]
    if record.amendments:
        blocks += [Heading("Amendments"), *amendment_blocks(record.amendments, record)]
    return Document(
        title=f"{TITLE}: {patient.display_name}, {date_text(visit.visit_date)}",
        blocks=blocks,
        header_left=running_header(patient),
        header_right=f"{TITLE} · {date_text(visit.visit_date)}"
        + ("" if visit.is_signed else " · DRAFT"),
        footer_left=context.footer(),
        paper=context.paper,
        watermark=None if visit.is_signed else DRAFT_MARK,
        printed_at=context.printed_at,
    )


__all__ = ["DASH", "DRAFT_TEXT", "TITLE", "build", "markers", "signature_block"]
