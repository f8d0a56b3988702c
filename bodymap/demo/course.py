"""How one demo patient's course of care unfolds, visit by visit, written through the store.

Each visit is added as a draft, its trigger points, findings, referral zones, treatments
and measurements are added, and only then is it signed: the database refuses records for
a signed visit. All randomness comes from the caller's ``random.Random``, including the
records' uids, so the same seed and day give the same caseload.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter
from dataclasses import dataclass, replace

from bodymap.demo import sites
from bodymap.demo.patients import Needle, PointPlan, Story, VisitPlan
from bodymap.domain.amendment import amend
from bodymap.domain.finding import Activity, Finding, PressurePainThreshold
from bodymap.domain.measures import MEASURE_KINDS_BY_ID, Measurement
from bodymap.domain.patient import Patient
from bodymap.domain.referral import ReferralZone
from bodymap.domain.treatment import Agent, DetailValue, NeedleRecord, Treatment
from bodymap.domain.treatment_catalog import TreatmentKind
from bodymap.domain.trigger_point import MapPosition, TriggerPoint
from bodymap.domain.units import PressureUnit
from bodymap.domain.visit import REASSESS_RANGE_DAYS, EscalationStep, Visit
from bodymap.store import Store, audit

DATE_JITTER_DAYS = 3
MAX_NEEDLED_POINTS = 4
# Pressure pain threshold in kgf/cm2 for the most and the least irritable point: about
# 1.5 over an exquisitely tender spot, about 4 once it has settled.
PPT_TENDER, PPT_SETTLED = 1.5, 4.0
# Irritability from which pressure reproduces the familiar pain (an active point), and
# from which compression refers pain.
ACTIVE_FROM = 0.5
REFERS_FROM = 0.4
# One fictional correction after signing, so the demo shows an amendment: (chart, visit).
AMENDED_VISIT = ("DEMO-001", 1)


def new_uid(rng: random.Random) -> str:
    """A record uid drawn from the seeded generator, so the caseload is reproducible."""
    return f"{rng.getrandbits(128):032x}"


def visit_dates(story: Story, today: dt.date, rng: random.Random) -> list[dt.date]:
    """First and last visit fixed by the story, the others spread between with a few
    days' jitter (patients rarely come back exactly on the planned day)."""
    last = today - dt.timedelta(days=story.last_visit_days_ago)
    first = last - dt.timedelta(days=story.span_days)
    n = len(story.visits)
    dates = [first]
    for k in range(1, n - 1):
        ideal = story.span_days * k / (n - 1)
        offset = round(ideal) + rng.randint(-DATE_JITTER_DAYS, DATE_JITTER_DAYS)
        dates.append(first + dt.timedelta(days=offset))
    dates.append(last)
    if any(b <= a for a, b in itertools.pairwise(dates)):
        raise ValueError(f"{story.chart_no}: visits too close together to spread")
    return dates


def progress(story: Story) -> list[float]:
    """How far along the course each visit is, 0 at the first and 1 at the last: the
    story's own curve, or most of the change early, as it usually goes."""
    n = len(story.visits)
    if story.curve is not None:
        if len(story.curve) != n:
            raise ValueError(f"{story.chart_no}: the curve needs one value per visit")
        return list(story.curve)
    return [(i / (n - 1)) ** 0.8 for i in range(n)]


def reassessment(dates: list[dt.date], i: int, story: Story) -> dt.date:
    """The planned review: the next visit's day held to 14-28 days, or the story's last."""
    if i == len(dates) - 1:
        days = story.last_reassess_days
    else:
        lo, hi = REASSESS_RANGE_DAYS
        days = min(hi, max(lo, (dates[i + 1] - dates[i]).days))
    return dates[i] + dt.timedelta(days=days)


def nrs_now_value(story: Story, p: float, first: bool, last: bool, rng: random.Random) -> int:
    start, end = story.nrs_now
    value = round(start + (end - start) * p)
    if not (first or last):  # ends as the story says; noise of about a point in between
        value += rng.choice((-1, 0, 0, 1))
    return max(0, min(10, value))


def irritability(point: PointPlan, p_now: float, p_first: float, rng: random.Random) -> float:
    """0 (calm) .. 1 (exquisitely tender), from the point's own first visit onward."""
    span = 1.0 - p_first
    q = 0.0 if span <= 0 else (p_now - p_first) / span
    value = point.start + (point.end - point.start) * q + rng.gauss(0.0, 0.04)
    return max(0.05, min(1.0, value))


def _ppt(mean: float, rng: random.Random) -> PressurePainThreshold:
    trials = 3 if rng.random() < 0.8 else 2
    values = tuple(max(0.8, round(mean + rng.gauss(0.0, 0.18), 1)) for _ in range(trials))
    return PressurePainThreshold(
        trials=values, unit=PressureUnit.KGF_CM2, probe_area_cm2=1.0, rate_per_s=1.0
    )


def finding_for(
    point: PointPlan, r: float, visit_id: int, point_id: int, rng: random.Random
) -> Finding:
    active = r >= ACTIVE_FROM
    referred = point.refers and r >= REFERS_FROM
    nrs = max(1, min(10, round(10 * r - 1) + rng.choice((-1, 0, 0, 1))))
    return Finding(
        visit_id=visit_id,
        trigger_point_id=point_id,
        taut_band=True,
        tenderness=3 if r > 0.75 else 2 if r > REFERS_FROM else 1,
        referred_pain=referred,
        pain_recognition=active,
        twitch_response=rng.random() < 0.65 * r,
        jump_sign=r > 0.8,
        nrs_on_compression=nrs,
        ppt=_ppt(PPT_TENDER + (PPT_SETTLED - PPT_TENDER) * (1.0 - r), rng),
        sensation=point.quality if referred else None,
        activity=Activity.ACTIVE if active else Activity.LATENT,
        uid=new_uid(rng),
    )


def resolved_finding(visit_id: int, point_id: int, rng: random.Random) -> Finding:
    return Finding(
        visit_id=visit_id,
        trigger_point_id=point_id,
        taut_band=False,
        tenderness=0,
        referred_pain=False,
        pain_recognition=False,
        twitch_response=False,
        jump_sign=False,
        nrs_on_compression=0,
        ppt=_ppt(PPT_SETTLED + 0.4, rng),
        notes="No taut band or tender spot found here any more: resolved.",
        uid=new_uid(rng),
    )


@dataclass(frozen=True, slots=True)
class Present:
    """A trigger point charted at this visit, with its irritability today."""

    plan: PointPlan
    point: TriggerPoint
    r: float

    @property
    def point_id(self) -> int:
        assert self.point.id is not None
        return self.point.id


def _treatment(
    visit_id: int,
    kind: TreatmentKind,
    rng: random.Random,
    points: tuple[int, ...] = (),
    needle: NeedleRecord | None = None,
    notes: str = "",
    **details: DetailValue,
) -> Treatment:
    return Treatment(
        visit_id=visit_id,
        kind=kind,
        trigger_point_ids=points,
        details=details,
        needle=needle,
        notes=notes,
        uid=new_uid(rng),
    )


def home_programme(
    story: Story, i: int, visit_id: int, active: tuple[int, ...], rng: random.Random
) -> list[Treatment]:
    """Step 1: advice and self-care at the first visit, the exercises progressed later."""
    prog = story.programme
    out: list[Treatment] = []
    if i == 0:
        out.append(_treatment(visit_id, TreatmentKind.EDUCATION, rng, description=prog.education))
        out.append(_treatment(visit_id, TreatmentKind.HEAT, rng, duration_min=15, times_per_day=2))
        out.append(
            _treatment(
                visit_id,
                TreatmentKind.SELF_MASSAGE,
                rng,
                active,
                duration_min=5,
                times_per_day=2,
                description=prog.self_massage,
            )
        )
        if prog.activity:
            out.append(
                _treatment(
                    visit_id, TreatmentKind.ACTIVITY_MODIFICATION, rng, description=prog.activity
                )
            )
    out.append(
        _treatment(
            visit_id,
            TreatmentKind.HOME_STRETCHING,
            rng,
            description=prog.stretch,
            reps=3,
            hold_s=30 if i < 2 else 45,
            times_per_day=2,
        )
    )
    out.append(
        _treatment(
            visit_id,
            TreatmentKind.MOTOR_CONTROL_EXERCISE,
            rng,
            description=prog.motor_control,
            sets=min(3, 2 + i // 2),
            reps=min(20, 10 + 2 * i),
            times_per_day=1,
        )
    )
    return out


def needle_record(
    kind: Needle, chosen: list[Present], nrs_now: int, rng: random.Random
) -> NeedleRecord:
    count = len(chosen)
    twitches = sum(1 for p in chosen if rng.random() < 0.5 + 0.4 * p.r)
    post_nrs = max(0, nrs_now - rng.randint(1, 3))
    # Longer needles only where the muscle sits deeper under the thoracic wall.
    deep = any(p.plan.muscle_id in _DEEP_THORACIC for p in chosen)
    if kind is Needle.DRY:
        # Solid filament needles are finer than hypodermic ones: 0.30 mm is 30 G.
        return NeedleRecord(
            sterile_prep=True,
            needle_gauge=30,
            needle_length_mm=40.0 if deep else 30.0,
            points_count=count,
            twitch_responses=twitches,
            post_nrs=post_nrs,
        )
    return NeedleRecord(
        sterile_prep=True,
        needle_gauge=rng.choice((25, 27)),
        needle_length_mm=38.0 if deep else 25.0,
        points_count=count,
        agent=Agent.LIDOCAINE,
        concentration_percent=rng.choice((0.5, 1.0)),
        with_epinephrine=False,
        volume_per_point_ml=rng.choice((0.5, 1.0)),
        aspiration_confirmed=True,
        twitch_responses=twitches,
        post_nrs=post_nrs,
    )


_DEEP_THORACIC = frozenset({"serratus_posterior_superior", "iliocostalis_thoracis"})


def treatments_for(
    story: Story,
    visit_plan: VisitPlan,
    i: int,
    visit_id: int,
    present: list[Present],
    nrs_now: int,
    rng: random.Random,
) -> list[Treatment]:
    prog = story.programme
    ids = tuple(p.point_id for p in present)
    active = tuple(p.point_id for p in present if p.r >= ACTIVE_FROM)
    out = home_programme(story, i, visit_id, active, rng)
    if visit_plan.medication:
        out.append(
            _treatment(
                visit_id,
                TreatmentKind.MEDICATION,
                rng,
                notes="Agreed with the GP; take with food.",
                drug_class="nsaid",
                drug="ibuprofen",
                dose="400 mg",
                frequency="three times a day",
                days=10,
            )
        )
    step = visit_plan.step
    if step >= EscalationStep.HANDS_ON_AND_EXERCISE:
        if visit_plan.needle is None and ids:
            out.append(
                _treatment(
                    visit_id,
                    TreatmentKind.TRP_COMPRESSION,
                    rng,
                    ids,
                    hold_s=60 if i % 2 else 90,
                    cycles=3,
                )
            )
        out.append(
            _treatment(
                visit_id,
                TreatmentKind.SUPERVISED_EXERCISE,
                rng,
                description=prog.supervised,
                sets=3,
                reps=12,
                duration_min=30,
            )
        )
        if prog.manipulation_segments and visit_plan.needle is None:
            out.append(
                _treatment(
                    visit_id,
                    TreatmentKind.SPINAL_MANIPULATION,
                    rng,
                    segments=prog.manipulation_segments,
                )
            )
    if visit_plan.needle is not None and present:
        # The most irritable points, active ones first: needling a latent point would not
        # address the patient's familiar pain.
        chosen = sorted(present, key=lambda p: (p.r < ACTIVE_FROM, -p.r))[:MAX_NEEDLED_POINTS]
        chosen.sort(key=lambda p: p.point.label)
        record = needle_record(visit_plan.needle, chosen, nrs_now, rng)
        out.append(
            _treatment(
                visit_id,
                TreatmentKind(visit_plan.needle.value),
                rng,
                tuple(p.point_id for p in chosen),
                needle=record,
                notes="Consent obtained; no adverse events.",
            )
        )
    if visit_plan.rehab_referral:
        out.append(
            _treatment(
                visit_id,
                TreatmentKind.MULTIDISCIPLINARY_REHAB,
                rng,
                description="Referral to the multidisciplinary pain programme",
            )
        )
    return out


def _rom_value(kind: str, start: float, end: float, p: float, rng: random.Random) -> float:
    noise = max(-4.0, min(4.0, rng.gauss(0.0, 2.0)))
    value = round(start + (end - start) * p + noise)
    spec = MEASURE_KINDS_BY_ID[kind]
    return float(max(spec.lo, min(spec.hi, value)))


def measurements_for(
    story: Story, i: int, n: int, p: float, visit_id: int, rng: random.Random
) -> list[Measurement]:
    now = nrs_now_value(story, p, i == 0, i == n - 1, rng)
    best = max(0, now - story.nrs_best_below + rng.choice((0, 0, 1)))
    worst = max(now, min(9, now + story.nrs_worst_above + rng.choice((0, 0, 1))))
    values: list[tuple[str, float]] = [("nrs_now", now), ("nrs_best", best), ("nrs_worst", worst)]
    values += [(rom.kind, _rom_value(rom.kind, rom.start, rom.end, p, rng)) for rom in story.roms]
    if story.ndi is not None and i in (0, n - 1):
        values.append(("ndi", story.ndi[0] if i == 0 else story.ndi[1]))
    return [Measurement(visit_id=visit_id, kind=k, value=v, uid=new_uid(rng)) for k, v in values]


def signed_time(day: dt.date, rng: random.Random) -> dt.datetime:
    """Signed at the end of that clinic day (UTC)."""
    at = dt.time(rng.randint(15, 18), rng.randrange(0, 60))
    return dt.datetime.combine(day, at, tzinfo=dt.UTC)


def birth_date(story: Story, today: dt.date) -> dt.date:
    month, day = story.birthday
    born = dt.date(today.year - story.age, month, day)
    if (month, day) > (today.month, today.day):
        born = dt.date(today.year - story.age - 1, month, day)
    return born


def chart(store: Store, story: Story, today: dt.date, rng: random.Random) -> Counter[str]:
    """Write one patient's whole course; returns how many records of each kind."""
    tally: Counter[str] = Counter()
    patient = store.patients.add(
        Patient(
            chart_no=story.chart_no,
            family_name=story.family_name,
            given_names=story.given_names,
            date_of_birth=birth_date(story, today),
            sex=story.sex,
            weight_kg=story.weight_kg,
            notes=story.notes,
            uid=new_uid(rng),
        )
    )
    assert patient.id is not None
    tally["patients"] += 1
    dates = visit_dates(story, today, rng)
    n = len(dates)
    stage = progress(story)
    points: dict[int, TriggerPoint] = {}  # index in story.points -> stored point
    for i, (day, visit_plan) in enumerate(zip(dates, story.visits, strict=True)):
        clinician = visit_plan.clinician or story.clinician
        audit.set_actor(store.db, clinician)  # the trail names the fictional clinician
        visit = store.visits.add(
            Visit(
                patient_id=patient.id,
                visit_date=day,
                clinician=clinician,
                chief_complaint=story.chief_complaint,
                subjective=visit_plan.subjective,
                escalation_step=visit_plan.step,
                plan=visit_plan.plan,
                reassess_on=reassessment(dates, i, story),
                uid=new_uid(rng),
            )
        )
        assert visit.id is not None
        tally["visits"] += 1
        present: list[Present] = []
        for k, plan in enumerate(story.points):
            if plan.appears == i:
                x, y = sites.place_point(plan.muscle_id, plan.side, plan.site, rng)
                points[k] = store.trigger_points.add(
                    TriggerPoint(
                        patient_id=patient.id,
                        muscle_id=plan.muscle_id,
                        side=plan.side,
                        label=store.trigger_points.next_label(patient.id),
                        position=MapPosition(x=x, y=y),
                        first_visit_id=visit.id,
                        uid=new_uid(rng),
                    )
                )
                tally["trigger_points"] += 1
            if k not in points or (plan.resolves is not None and i > plan.resolves):
                continue
            point = points[k]
            assert point.id is not None
            if plan.resolves == i:
                store.findings.add(resolved_finding(visit.id, point.id, rng))
                points[k] = store.trigger_points.update(replace(point, resolved_visit_id=visit.id))
                tally["findings"] += 1
                tally["resolved_points"] += 1
                continue
            r = irritability(plan, stage[i], stage[plan.appears], rng)
            finding = store.findings.add(finding_for(plan, r, visit.id, point.id, rng))
            tally["findings"] += 1
            present.append(Present(plan, point, r))
            if finding.referred_pain and (i - plan.appears) % 2 == 0:
                polygons = sites.referral_polygons(plan.muscle_id, plan.side, 0.5 + 0.5 * r)
                if polygons:
                    store.referral_zones.add(
                        ReferralZone(
                            visit_id=visit.id,
                            trigger_point_id=point.id,
                            polygons=polygons,
                            quality=plan.quality,
                            extent_percent=sites.extent(polygons),
                            uid=new_uid(rng),
                        )
                    )
                    tally["referral_zones"] += 1
        measures = measurements_for(story, i, n, stage[i], visit.id, rng)
        for measurement in measures:
            store.measurements.add(measurement)
        tally["measurements"] += len(measures)
        nrs_now = int(measures[0].value)
        for treatment in treatments_for(story, visit_plan, i, visit.id, present, nrs_now, rng):
            store.treatments.add(treatment)
            tally["treatments"] += 1
        if i == n - 1 and story.last_is_draft:
            tally["draft_visits"] += 1
        else:
            signed = store.visits.sign(visit.id, clinician, signed_time(day, rng))
            tally["signed_visits"] += 1
            if (story.chart_no, i) == AMENDED_VISIT and signed.signed_at is not None:
                clarified = amend(
                    signed,
                    "plan",
                    signed.plan + " Come back sooner if the headaches become daily.",
                    author=clinician,
                    reason="Plan clarified after a phone call the next morning.",
                    at=signed.signed_at + dt.timedelta(hours=16),
                )
                # Its own generator: the caseload's random stream stays as it was.
                store.amendments.add(replace(clarified, uid=new_uid(random.Random(signed.uid))))
    return tally
