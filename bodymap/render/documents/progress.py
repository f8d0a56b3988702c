"""The progress report over a date range: the change since baseline, then the progress
charts (vector), for a referral letter or the patient's file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Qt

from bodymap.domain.course import ChangeRow, Group, PatientCourse, change_table
from bodymap.domain.course_text import COLUMNS, ChangeWording
from bodymap.domain.patient import Patient
from bodymap.render.documents.common import (
    DASH,
    NBSP,
    Context,
    date_text,
    facts_table,
    letterhead,
    number_text,
    patient_pairs,
    running_header,
)
from bodymap.render.documents.records import ReportError
from bodymap.render.report import style as st
from bodymap.render.report.blocks import Block, Column, Heading, Paragraph, Table
from bodymap.render.report.document import Document
from bodymap.render.report.text import Span
from bodymap.render.report.units import PageSetup, pt
from bodymap.store import Store
from bodymap.store.course import load_course
from bodymap.store.errors import NotFound

TITLE = "Progress report"
RIGHT = Qt.AlignmentFlag.AlignRight
# The screen's columns: the measure's widest, the numbers and verdicts right-aligned.
CHANGE_COLUMNS = (
    Column(COLUMNS[0], 2.7),
    *(
        Column(title, weight, RIGHT)
        for title, weight in zip(COLUMNS[1:], (1.15, 1.15, 0.9, 0.75, 1.05, 1.0), strict=True)
    ),
)
# The table's words are the screen's; on paper a dash fills an empty cell and a number
# keeps its unit on the same line.
PAPER = ChangeWording(number=number_text, space=NBSP, blank=DASH, alone=DASH)
GROUP_TITLES = {
    Group.PAIN: "Pain and disability",
    Group.MOVEMENT: "Range of motion",
    Group.POINTS: "Trigger points",
}
TABLE_KEY = (
    "Baseline: the first value of the whole course. Latest: the last value in this report's "
    "dates. MCID: whether the improvement reaches the smallest change that matters to "
    "patients. MDC: whether the change is larger than measurement noise ('noise': it is "
    "not). A dash: no established threshold. Shaded green: MCID reached; shaded red: worse "
    "and beyond noise."
)
NO_VISITS = "No visits are recorded for this patient yet."


def patient_by_chart(store: Store, chart_no: str) -> Patient:
    patient = store.patients.by_chart_no(chart_no)
    if patient is None:
        raise ReportError(f"no patient with chart number {chart_no!r}")
    return patient


def _dated(value: float, unit: str, day: dt.date) -> list[Span]:
    return [
        Span(PAPER.value(value, unit)),
        Span(f"\n{day.isoformat()}", st.SMALL.with_(size_pt=7.5)),
    ]


def _fill(row: ChangeRow) -> str | None:
    return {True: st.GOOD_FILL, False: st.WARNING_FILL, None: None}[row.verdict]


def change_blocks(rows: Sequence[ChangeRow]) -> list[Block]:
    blocks: list[Block] = []
    for group, title in GROUP_TITLES.items():
        chosen = [r for r in rows if r.group is group]
        if not chosen:
            continue
        cells = []
        for row in chosen:
            label: list[Span] = [Span(row.label)]
            if row.detail:
                label.append(Span(f"\n{row.detail}", st.SMALL.with_(size_pt=7.5)))
            latest = row.latest
            cells.append(
                [
                    label,
                    _dated(row.baseline.value, row.unit, row.baseline.date),
                    DASH if latest is None else _dated(latest.value, row.unit, latest.date),
                    *PAPER.verdict_cells(row),
                ]
            )
        blocks += [
            Paragraph(title, st.H2, space_before=pt(10), keep_with_next=True),
            Table(CHANGE_COLUMNS, cells, row_fills=[_fill(r) for r in chosen], zebra=False),
        ]
    if blocks:
        blocks.append(Paragraph(TABLE_KEY, st.SMALL, space_before=pt(4)))
    else:
        blocks.append(Paragraph("Nothing was measured in this period.", st.BODY))
    return blocks


def chart_blocks(
    course: PatientCourse, start: dt.date | None, end: dt.date | None, setup: PageSetup
) -> list[Block]:
    from bodymap.charts import CHART_KINDS  # matplotlib: only when a report needs it
    from bodymap.render.report.figures import figure_picture

    blocks: list[Block] = []
    for kind in CHART_KINDS:
        # The chart carries its own title, so no heading above it.
        figure = kind.figure(course, start=start, end=end)
        picture = figure_picture(
            figure, setup.body_width, max_height=setup.body_height - pt(40), text=kind.title
        )
        blocks.append(replace(picture, space_before=pt(16)))
    return blocks


def build(
    store: Store,
    patient_id: int,
    context: Context,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Document:
    if start is not None and end is not None and start > end:
        raise ReportError(f"the start date {start} is after the end date {end}")
    try:
        patient = store.patients.get(patient_id)
    except NotFound as exc:
        raise ReportError(f"no patient with id {patient_id}") from exc
    course = load_course(store, patient_id)
    shown = course.window(start, end)
    setup = PageSetup.for_paper(context.paper)
    first = course.visits[0].date if course.visits else None
    last = course.visits[-1].date if course.visits else None
    period = f"{date_text(start or first)} to {date_text(end or last)}"
    pairs = patient_pairs(patient, context.printed_at.date())
    pairs += [
        ("Period", period),
        ("Visits in period", f"{len(shown)} of {len(course.visits)}"),
        ("First visit", date_text(first)),
    ]
    blocks: list[Block] = [
        letterhead(context, TITLE, period if course.visits else ""),
        facts_table(pairs),
    ]
    if not course.visits:
        blocks.append(Paragraph(NO_VISITS, st.BODY, space_before=pt(12)))
    elif not shown:
        blocks.append(
            Paragraph(
                f"No visits fall between {period.replace(' to ', ' and ')}.",
                st.BODY,
                space_before=pt(12),
            )
        )
    else:
        blocks.append(Heading("Change since baseline"))
        blocks += change_blocks(change_table(course, start=start, end=end))
        blocks += chart_blocks(course, start, end, setup)
    return Document(
        title=f"{TITLE}: {patient.display_name}",
        blocks=blocks,
        header_left=running_header(patient),
        header_right=f"{TITLE} · {period}" if course.visits else TITLE,
        footer_left=context.footer(),
        paper=context.paper,
        printed_at=context.printed_at,
    )
