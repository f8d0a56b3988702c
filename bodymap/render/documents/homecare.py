"""The home-care sheet: the self-care agreed at a visit, in plain words for the patient,
with the body map showing where.

Everything here is written for someone without clinical training: no abbreviations,
sides spelled out, the drawing explained. Only items the catalog marks as self-care
appear; clinical notes stay in the clinical record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from bodymap.domain.muscles import MUSCLES_BY_ID, Side
from bodymap.domain.treatment import DetailValue, Treatment
from bodymap.domain.treatment_catalog import CATALOG, TreatmentKind
from bodymap.render.body_map import MarkerSpec
from bodymap.render.documents.body_map_block import map_with_legend
from bodymap.render.documents.common import (
    Context,
    date_text,
    letterhead,
    running_header,
)
from bodymap.render.documents.records import VisitRecord, load_visit
from bodymap.render.documents.visit_summary import DRAFT_MARK
from bodymap.render.report import style as st
from bodymap.render.report.blocks import Block, Box, Heading, Paragraph
from bodymap.render.report.document import Document
from bodymap.render.report.text import Span
from bodymap.render.report.units import PageSetup, mm, pt
from bodymap.store import Store

TITLE = "Your home-care plan"
# What each self-care item is for and how to go about it, in the project's own words.
PLAIN: Mapping[TreatmentKind, tuple[str, str]] = {
    TreatmentKind.HEAT: (
        "Warmth",
        "Warmth helps a tight muscle let go. Use a warm (not hot) pack or a warm shower on "
        "the marked spots. Wrap a heat pack in a towel and do not fall asleep on it.",
    ),
    TreatmentKind.SELF_MASSAGE: (
        "Pressure on the sore spots",
        "Press slowly into the marked spot with your fingers, or lean against a soft ball on "
        "a wall. Keep the pressure firm but bearable and hold it until the soreness eases a "
        "little, then let go.",
    ),
    TreatmentKind.ACTIVITY_MODIFICATION: (
        "Changes to your day",
        "Small changes in how you sit, work, lift and rest give the muscles time to "
        "recover instead of being strained again.",
    ),
    TreatmentKind.MOTOR_CONTROL_EXERCISE: (
        "Control exercises",
        "These train the muscles that steady your shoulder blades and spine, so the sore "
        "ones are not overworked. Move slowly and smoothly; quality matters more than "
        "effort.",
    ),
    TreatmentKind.HOME_STRETCHING: (
        "Stretches",
        "Stretch gently until you feel a pull, never pain. Breathe out as you go into the "
        "stretch and do not bounce.",
    ),
    TreatmentKind.YOGA: (
        "Yoga",
        "Gentle yoga keeps you moving and helps the muscles relax. Leave out any pose that "
        "brings on your pain.",
    ),
}
WHEN_TO_CALL = (
    "Stop and contact us if the pain becomes much worse or spreads, if you notice new "
    "numbness, tingling or weakness in an arm or hand, or if anything else worries you. "
    "In an emergency, call your local emergency number."
)
NOTHING = (
    "No home exercises or self-care were recorded at this visit. If you expected a plan, "
    "please ask your clinician."
)


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def how_much(details: Mapping[str, DetailValue]) -> str:
    """'3 sets of 10, hold each for 30 seconds, twice a day' from the item's details."""
    parts = []
    sets, reps = details.get("sets"), details.get("reps")
    if isinstance(sets, int) and isinstance(reps, int):
        parts.append(f"{sets} sets of {reps}")
    elif isinstance(reps, int):
        parts.append(f"{reps} times")
    elif isinstance(sets, int):
        parts.append(f"{sets} sets")
    hold = details.get("hold_s")
    if isinstance(hold, int):
        parts.append(f"hold each for {hold} seconds")
    minutes = details.get("duration_min")
    if isinstance(minutes, int):
        parts.append(f"for {minutes} minute{'s' if minutes != 1 else ''}")
    per_day = details.get("times_per_day")
    if isinstance(per_day, int):
        parts.append(f"{_times(per_day)} a day")
    return ", ".join(parts)


def place_name(muscle_id: str, side: Side | str) -> str:
    """'your right upper trapezius': the side in words, for a reader who has no 'R'."""
    return f"your {Side(side).word} {MUSCLES_BY_ID[muscle_id].name}"


def self_care(record: VisitRecord) -> list[Treatment]:
    return [t for t in record.treatments if CATALOG[t.kind].self_care]


def _item_blocks(item: Treatment, record: VisitRecord) -> list[Block]:
    title, why = PLAIN.get(item.kind, (CATALOG[item.kind].label, ""))
    blocks: list[Block] = [Heading(title, st.H2, space_before=pt(12), rule=False)]
    if why:
        blocks.append(Paragraph(why, st.BODY.with_(size_pt=10.0), space_before=pt(2)))
    description = item.details.get("description")
    rows: list[tuple[str, str]] = []
    if isinstance(description, str) and description.strip():
        text = description.strip()
        rows.append(("What to do: ", text if text.endswith((".", "!", "?")) else text + "."))
    amount = how_much(item.details)
    if amount:
        rows.append(("How much: ", amount[0].upper() + amount[1:] + "."))
    labels = record.point_labels(item.trigger_point_ids)
    if labels:
        which = " and ".join(", ".join(map(str, labels)).rsplit(", ", 1))
        rows.append(
            (
                "Where: ",
                f"the spot{'s' if len(labels) > 1 else ''} numbered {which} on the drawing.",
            )
        )
    for label, text in rows:
        blocks.append(
            Paragraph(
                [Span(label, st.LABEL.with_(size_pt=10.0)), Span(text)],
                st.BODY.with_(size_pt=10.0),
                space_before=pt(3),
            )
        )
    return blocks


def _markers(record: VisitRecord, items: list[Treatment]) -> list[tuple[MarkerSpec, str]]:
    """The spots the items name; all points of the visit when none names a spot."""
    wanted = {i for item in items for i in item.trigger_point_ids}
    points = [p for p in record.points if p.id in wanted] or list(record.points)
    if wanted and not points:
        points = [record.patient_points[i] for i in sorted(wanted) if i in record.patient_points]
    out = []
    for point in sorted(points, key=lambda p: p.label):
        spec = MarkerSpec.of(point, record.findings.get(point.id or 0))
        # A "resolved" tick means something to the clinician, not to the patient.
        out.append((replace(spec, resolved=False), place_name(point.muscle_id, point.side)))
    return out


def build(store: Store, visit_id: int, context: Context) -> Document:
    record = load_visit(store, visit_id)
    visit, patient = record.visit, record.patient
    items = self_care(record)
    setup = PageSetup.for_paper(context.paper)
    name = patient.given_names.split()[0] if patient.given_names.strip() else patient.display_name
    blocks: list[Block] = [
        letterhead(context, TITLE, f"From your visit on {date_text(visit.visit_date)}"),
        Paragraph(
            f"{name}, this sheet lists what we agreed you will do at home between visits, "
            "and the drawing shows where.",
            st.BODY.with_(size_pt=10.5),
            space_before=pt(12),
        ),
    ]
    if not items:
        blocks.append(Paragraph(NOTHING, st.BODY.with_(size_pt=10.5), space_before=pt(10)))
    else:
        entries = _markers(record, items)
        if entries:
            blocks += map_with_legend(
                entries,
                (),
                body_width=setup.body_width,
                map_width=mm(88),  # the sheet is about what to do; the map only shows where
                legend_title="Where",
                note=(
                    "The drawing shows your back as someone standing behind you sees it: your "
                    "left side (L) is on the left, your right side (R) on the right."
                ),
            )
        for item in items:
            blocks += _item_blocks(item, record)
    if visit.reassess_on is not None:
        blocks.append(
            Paragraph(
                [
                    Span("Next check-up: ", st.LABEL.with_(size_pt=10.5)),
                    Span(f"around {date_text(visit.reassess_on)}."),
                ],
                st.BODY.with_(size_pt=10.5),
                space_before=pt(14),
            )
        )
    contact: list[Block] = [Paragraph(WHEN_TO_CALL, st.BODY.with_(size_pt=10.0), space_before=0)]
    who = [f"Your clinician: {visit.clinician}"]
    clinic = context.clinic
    if clinic.name:
        who.append(", ".join([clinic.name, *clinic.lines()]))
    contact.append(Paragraph(". ".join(who) + ".", st.BODY.with_(size_pt=10.0), space_before=pt(5)))
    blocks.append(Box(contact, border=st.ACCENT, space_before=pt(14)))
    return Document(
        title=f"{TITLE}: {patient.display_name}, {date_text(visit.visit_date)}",
        blocks=blocks,
        header_left=running_header(patient),
        header_right=f"Home-care plan · {date_text(visit.visit_date)}",
        footer_left=context.footer(),
        paper=context.paper,
        watermark=None if visit.is_signed else DRAFT_MARK,
        printed_at=context.printed_at,
    )
