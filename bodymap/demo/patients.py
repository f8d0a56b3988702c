"""The demo caseload as data: six invented people and how their care went.

Everyone here is fictional. Each story names the muscles its complaint implies, the
course of pain and movement from the first visit to the last, and, visit by visit, what
the patient reported, which step of care was chosen and the plan. ``course.py`` turns a
story into visits, findings, treatments and measurements.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bodymap.domain.finding import SensationQuality
from bodymap.domain.muscles import Side
from bodymap.domain.patient import Sex
from bodymap.domain.visit import EscalationStep

L, R = Side.LEFT, Side.RIGHT
S1 = EscalationStep.SELF_CARE
S2 = EscalationStep.HANDS_ON_AND_EXERCISE
S3 = EscalationStep.NEEDLING_AND_INJECTION
ACHE, BURNING, TINGLING, NUMBNESS = (
    SensationQuality.ACHE,
    SensationQuality.BURNING,
    SensationQuality.TINGLING,
    SensationQuality.NUMBNESS,
)

PHYSIO = "Noor Halvorsen-Baptiste, PT"
PHYSIO_2 = "Tavish Oyelaran, PT"
PHYSICIAN = "Dr Keiran Moss-Adebayo"


class Needle(StrEnum):
    DRY = "dry_needling"
    INJECTION = "trp_injection"


@dataclass(frozen=True, slots=True)
class PointPlan:
    """One trigger point over the course of care.

    ``site`` picks one of the atlas's usual sites for the muscle; ``appears`` and
    ``resolves`` are visit indexes (0 = first visit). Irritability runs from ``start`` to
    ``end`` (0 calm .. 1 exquisitely tender) as the patient's course progresses.
    """

    muscle_id: str
    side: Side
    site: int = 0
    appears: int = 0
    resolves: int | None = None
    start: float = 0.8
    end: float = 0.25
    refers: bool = True
    quality: SensationQuality = ACHE


@dataclass(frozen=True, slots=True)
class RomPlan:
    """A movement measured at every visit, from its first to its last value (degrees)."""

    kind: str
    start: float
    end: float


@dataclass(frozen=True, slots=True)
class VisitPlan:
    step: EscalationStep
    subjective: str
    plan: str
    needle: Needle | None = None
    medication: bool = False  # the NSAID course at the start
    rehab_referral: bool = False
    clinician: str | None = None  # the story's clinician unless given


@dataclass(frozen=True, slots=True)
class Programme:
    """The home and supervised exercise this patient was given, in the clinician's words."""

    education: str
    stretch: str
    motor_control: str
    supervised: str
    self_massage: str
    activity: str | None = None  # activity modification advice, if any
    manipulation_segments: str | None = None  # spinal manipulation at step 2 and above


@dataclass(frozen=True, slots=True)
class Story:
    chart_no: str
    family_name: str
    given_names: str
    age: int
    birthday: tuple[int, int]  # month, day (never 29 February)
    sex: Sex
    weight_kg: float | None
    notes: str
    chief_complaint: str
    clinician: str
    span_days: int  # first visit to last
    last_visit_days_ago: int
    last_reassess_days: int
    last_is_draft: bool
    nrs_now: tuple[int, int]  # first and last visit
    nrs_best_below: int  # how far the best of the day sits under "now"
    nrs_worst_above: int
    roms: tuple[RomPlan, ...]
    ndi: tuple[int, int] | None  # neck cases: first and last visit
    points: tuple[PointPlan, ...]
    visits: tuple[VisitPlan, ...]
    programme: Programme
    improves: bool = True
    # How far along recovery each visit is (0 first .. 1 last); None: the usual curve,
    # most of the change early.
    curve: tuple[float, ...] | None = None


DESK_WORKER = Story(
    chart_no="DEMO-001",
    family_name="Quillon",
    given_names="Amaya",
    age=34,
    birthday=(3, 14),
    sex=Sex.FEMALE,
    weight_kg=61.0,
    notes="Fictional demo patient. Software tester, two screens, long hours before releases.",
    chief_complaint=(
        "Band-like headaches most afternoons, starting at the base of the skull and "
        "spreading to both temples, with a stiff neck."
    ),
    clinician=PHYSIO,
    span_days=84,
    last_visit_days_ago=18,
    last_reassess_days=14,
    last_is_draft=False,
    nrs_now=(6, 2),
    nrs_best_below=3,
    nrs_worst_above=2,
    roms=(
        RomPlan("cervical_flexion", 36, 46),
        RomPlan("cervical_extension", 38, 47),
        RomPlan("cervical_rotation_l", 58, 71),
        RomPlan("cervical_rotation_r", 55, 70),
    ),
    ndi=(16, 7),
    points=(
        PointPlan("trapezius_upper", L, site=0, resolves=4, start=0.85, end=0.15),
        PointPlan("trapezius_upper", R, site=0, start=0.8, end=0.3),
        PointPlan("suboccipitals", L, resolves=3, start=0.75, end=0.15),
        PointPlan("suboccipitals", R, start=0.7, end=0.3),
        PointPlan("trapezius_upper", R, site=1, appears=2, start=0.55, end=0.25, refers=False),
    ),
    visits=(
        VisitPlan(
            S1,
            "Headaches four or five afternoons a week for about six months, worse in release "
            "weeks. Paracetamol takes the edge off. Sits with her chin poked forward.",
            "Start heat, gentle stretches and chin-nod exercise at home; set up the "
            "workstation with the screen at eye level and a break every 40 minutes.",
        ),
        VisitPlan(
            S1,
            "Doing the stretches most days. Headaches a little less intense but just as frequent.",
            "Keep the home programme; progress the chin nods to holds in sitting. If the "
            "headaches are as frequent next time, add hands-on trigger point work.",
        ),
        VisitPlan(
            S2,
            "Three headaches in the last fortnight. Right side of the neck still tight by "
            "the evening; a new sore spot over the right shoulder blade.",
            "Add trigger point compression and a supervised strengthening session for the "
            "deep neck flexors and lower trapezius.",
        ),
        VisitPlan(
            S2,
            "Two mild headaches, both on long days. Can work through the afternoon now.",
            "Continue compression and supervised exercise; move the home programme to "
            "band work for the shoulder blades.",
        ),
        VisitPlan(
            S2,
            "One headache in three weeks, eased with a walk and heat. Sleeping well.",
            "Continue; start spacing visits out.",
        ),
        VisitPlan(
            S2,
            "No headaches for a fortnight. Notices early neck tension and deals with it herself.",
            "Self-manage with the home programme; review to confirm the gains hold.",
        ),
    ),
    programme=Programme(
        education=(
            "How trigger points in the neck and shoulder muscles can cause tension-type "
            "headache, and why posture breaks and gradual strengthening help."
        ),
        stretch="Upper trapezius and suboccipital stretches, each side",
        motor_control="Chin nods lying down, then in sitting, for the deep neck flexors",
        supervised="Deep neck flexor endurance and lower trapezius strengthening",
        self_massage="Tennis ball against the wall over the upper shoulders, slow pressure",
        activity="Screen at eye level, elbows supported, a short break every 40 minutes",
    ),
)

SWIMMER = Story(
    chart_no="DEMO-002",
    family_name="Fennick-Lowe",
    given_names="Tobias",
    age=19,
    birthday=(8, 2),
    sex=Sex.MALE,
    weight_kg=78.5,
    notes="Fictional demo patient. University 200 m freestyle and backstroke swimmer.",
    chief_complaint=(
        "Deep ache at the front and back of the right shoulder during and after training, "
        "worse on backstroke."
    ),
    clinician=PHYSIO_2,
    span_days=62,
    last_visit_days_ago=3,
    last_reassess_days=21,
    last_is_draft=True,
    nrs_now=(5, 1),
    nrs_best_below=3,
    nrs_worst_above=3,
    roms=(
        RomPlan("shoulder_flexion_r", 165, 178),
        RomPlan("shoulder_abduction_r", 160, 177),
        RomPlan("shoulder_external_rotation_r", 76, 92),
        RomPlan("shoulder_internal_rotation_r", 48, 64),
        RomPlan("shoulder_internal_rotation_l", 66, 67),
    ),
    ndi=None,
    points=(
        PointPlan("infraspinatus", R, site=0, start=0.85, end=0.25),
        PointPlan("infraspinatus", R, site=2, start=0.7, end=0.2, resolves=4),
        PointPlan("teres_minor", R, start=0.65, end=0.15, resolves=3),
        PointPlan("deltoid_posterior", R, appears=1, start=0.5, end=0.2, refers=False),
    ),
    visits=(
        VisitPlan(
            S1,
            "Shoulder ache for eight weeks since adding a block of backstroke sets; "
            "sleeping on the right side wakes him.",
            "Cut backstroke volume by half for two weeks; home stretching and rotator cuff "
            "control work; heat after training.",
        ),
        VisitPlan(
            S1,
            "Less night pain. Still aches after long sets, and the back of the shoulder "
            "feels tight.",
            "Add the sleeper stretch; if training still provokes it, start hands-on work.",
        ),
        VisitPlan(
            S2,
            "Back to full volume too early and the ache returned after a gala.",
            "Trigger point compression to the cuff and supervised strengthening of the "
            "external rotators; coach to keep backstroke volume steady.",
        ),
        VisitPlan(
            S2,
            "Training the full programme with only a dull ache afterwards.",
            "Continue compression and supervised exercise; progress to band work at 90 degrees.",
        ),
        VisitPlan(
            S2,
            "Pain-free in training this week; a twinge only after the longest sets.",
            "Maintenance programme before each session; review before the championships.",
        ),
    ),
    programme=Programme(
        education=(
            "Load management: how a sudden jump in backstroke volume overloads the rotator "
            "cuff, and how to build it back gradually."
        ),
        stretch="Cross-body and sleeper stretches, right shoulder",
        motor_control="Side-lying external rotation with scapular setting",
        supervised="External rotator and lower trapezius strengthening with bands",
        self_massage="Ball on the wall over the back of the right shoulder blade",
        activity="Half the usual backstroke volume for two weeks, then build by 10 % a week",
    ),
)

NURSE = Story(
    chart_no="DEMO-003",
    family_name="Adeyemi-Thorn",
    given_names="Grace",
    age=46,
    birthday=(11, 21),
    sex=Sex.FEMALE,
    weight_kg=70.0,
    notes="Fictional demo patient. Ward nurse on rotating night shifts; lifts and turns patients.",
    chief_complaint=(
        "Aching between the shoulder blades and along the left side of the mid back after "
        "shifts, with stiffness turning the trunk."
    ),
    clinician=PHYSIO,
    span_days=100,
    last_visit_days_ago=9,
    last_reassess_days=21,
    last_is_draft=False,
    nrs_now=(7, 3),
    nrs_best_below=3,
    nrs_worst_above=2,
    roms=(
        RomPlan("thoracic_rotation_l", 30, 41),
        RomPlan("thoracic_rotation_r", 33, 43),
    ),
    ndi=None,
    points=(
        PointPlan("iliocostalis_thoracis", L, site=0, resolves=5, start=0.85, end=0.15),
        PointPlan("longissimus_thoracis", R, site=0, start=0.75, end=0.3),
        PointPlan("rhomboid_major", R, site=0, resolves=4, start=0.8, end=0.15),
        PointPlan("trapezius_middle", R, appears=2, start=0.7, end=0.25, quality=BURNING),
    ),
    visits=(
        VisitPlan(
            S1,
            "Mid-back ache for four months, worst at the end of night shifts; turning in "
            "bed hurts. Hot water bottle helps.",
            "Heat and a home stretching routine; thoracic mobility and shoulder-blade "
            "control exercises; lifting technique reviewed.",
        ),
        VisitPlan(
            S1,
            "Manages the stretches on days off only. Pain unchanged after a run of nights.",
            "Fit the routine into shift breaks; if no better, add manual therapy.",
        ),
        VisitPlan(
            S2,
            "A burning patch by the right shoulder blade after a heavy week.",
            "Trigger point compression, thoracic manipulation and supervised strengthening.",
        ),
        VisitPlan(
            S2,
            "Felt looser for several days after the last session.",
            "Continue the same; progress the rowing exercise.",
        ),
        VisitPlan(
            S2,
            "Worked four nights with only a mild ache at the end.",
            "Continue; add rotation into the home programme.",
        ),
        VisitPlan(
            S2,
            "Turning in bed is easy now. Some ache after a double shift.",
            "Continue supervised exercise; fewer hands-on sessions.",
        ),
        VisitPlan(
            S2,
            "Mostly comfortable; uses the stretches after every shift.",
            "Keep the home programme; review in a few weeks.",
        ),
    ),
    programme=Programme(
        education=(
            "Why sustained bending and lifting load the mid-back muscles, and how short "
            "movement breaks during a shift help."
        ),
        stretch="Thoracic extension over a rolled towel; rhomboid stretch hugging a pillow",
        motor_control="Prone shoulder-blade setting and thoracic rotation in side lying",
        supervised="Rowing and prone extension strengthening, graded",
        self_massage="Two balls in a sock along the mid back, lying on the floor",
        activity="Use the slide sheet and bed height for every turn; pause between lifts",
        manipulation_segments="T4-T7",
    ),
)

VIOLINIST = Story(
    chart_no="DEMO-004",
    family_name="Ilvarsson",
    given_names="Sasha",
    age=27,
    birthday=(5, 9),
    sex=Sex.OTHER,
    weight_kg=66.0,
    notes="Fictional demo patient. Orchestral violinist; practises four to six hours a day.",
    chief_complaint=(
        "Pain at the left side of the neck and over the left shoulder blade during long "
        "rehearsals; turning the head to the left is stiff."
    ),
    clinician=PHYSIO_2,
    span_days=66,
    last_visit_days_ago=20,
    last_reassess_days=14,
    last_is_draft=False,
    nrs_now=(5, 2),
    nrs_best_below=3,
    nrs_worst_above=3,
    roms=(
        RomPlan("cervical_rotation_l", 52, 70),
        RomPlan("cervical_rotation_r", 66, 72),
        RomPlan("cervical_lateral_flexion_l", 34, 42),
        RomPlan("cervical_lateral_flexion_r", 30, 41),
    ),
    ndi=(12, 5),
    points=(
        PointPlan("levator_scapulae", L, site=0, start=0.85, end=0.3),
        PointPlan("levator_scapulae", L, site=1, start=0.7, end=0.25),
        PointPlan("trapezius_upper", L, site=0, start=0.75, end=0.15, resolves=3),
        PointPlan("trapezius_upper", R, appears=2, start=0.45, end=0.25, refers=False),
    ),
    visits=(
        VisitPlan(
            S1,
            "Neck pain builds through rehearsals for the autumn season; holds the violin "
            "with the head tilted left and the shoulder raised.",
            "Practise in 25-minute blocks; heat and stretches after playing; chin-rest "
            "height to be checked with the luthier.",
        ),
        VisitPlan(
            S2,
            "New chin rest fitted. Still stiff turning left by the end of the day.",
            "Add trigger point compression and supervised scapular work.",
        ),
        VisitPlan(
            S2,
            "Got through a concert week with a milder ache. A tight spot on the right side too.",
            "Continue; add endurance work for the deep neck flexors.",
        ),
        VisitPlan(
            S2,
            "Comfortable in rehearsal; only aches after the longest days.",
            "Home programme before and after playing; review before the next tour.",
        ),
    ),
    programme=Programme(
        education=(
            "How holding the instrument with the head tilted and the shoulder raised keeps "
            "levator scapulae and upper trapezius working, and how breaks let them recover."
        ),
        stretch="Levator scapulae and upper trapezius stretches, left side first",
        motor_control="Shoulder-blade setting while holding the playing posture",
        supervised="Lower trapezius and serratus anterior strengthening; neck endurance",
        self_massage="Thumb pressure over the angle of the neck between rehearsals",
        activity="Practice in 25-minute blocks with a 5-minute break",
    ),
)

WHIPLASH = Story(
    chart_no="DEMO-005",
    family_name="Osei-Carrow",
    given_names="Wilhelmina",
    age=58,
    birthday=(1, 27),
    sex=Sex.FEMALE,
    weight_kg=None,  # not recorded: the dose check falls back to the absolute cap
    notes="Fictional demo patient. Librarian. Weight not recorded at intake.",
    chief_complaint=(
        "Neck pain and headaches at the back of the head since a rear-end car collision "
        "six weeks ago, with an ache between the shoulder blades and tingling toward the "
        "right arm."
    ),
    clinician=PHYSIO,
    span_days=115,
    last_visit_days_ago=1,
    last_reassess_days=28,
    last_is_draft=True,
    nrs_now=(7, 2),
    nrs_best_below=2,
    nrs_worst_above=2,
    roms=(
        RomPlan("cervical_flexion", 30, 44),
        RomPlan("cervical_extension", 28, 43),
        RomPlan("cervical_lateral_flexion_l", 26, 40),
        RomPlan("cervical_lateral_flexion_r", 24, 39),
        RomPlan("cervical_rotation_l", 45, 66),
        RomPlan("cervical_rotation_r", 42, 64),
    ),
    ndi=(24, 8),
    points=(
        PointPlan("splenius_capitis", L, start=0.85, end=0.15, resolves=6),
        PointPlan("splenius_capitis", R, start=0.85, end=0.3),
        PointPlan("scalenes", R, start=0.8, end=0.15, resolves=5, quality=TINGLING),
        PointPlan("multifidi_thoracic", L, site=0, start=0.7, end=0.3),
        PointPlan("splenius_cervicis", R, appears=2, start=0.65, end=0.25),
    ),
    visits=(
        VisitPlan(
            S1,
            "Stopped at lights when hit from behind; cleared of fracture in the emergency "
            "department. Neck stiff and sore, headaches daily, sleeping poorly.",
            "Reassurance and advice to stay active; heat; gentle range-of-motion and deep "
            "neck flexor exercise; a short NSAID course agreed with her GP.",
            medication=True,
        ),
        VisitPlan(
            S1,
            "Headaches most days but shorter. Can drive short distances.",
            "Continue; add shoulder-blade exercises. Hands-on work next if still limited.",
        ),
        VisitPlan(
            S2,
            "Neck still catches turning to reverse the car; new ache at the right side of "
            "the neck.",
            "Trigger point compression and supervised exercise for neck and shoulder blades.",
        ),
        VisitPlan(
            S2,
            "Better range, but the right-sided points keep her awake.",
            "Continue; discuss needling or injection if the points stay this irritable.",
        ),
        VisitPlan(
            S3,
            "Headaches three to four days a week despite the exercises; keen to try an injection.",
            "Trigger point injection to the most irritable points; keep the exercise "
            "programme going.",
            needle=Needle.INJECTION,
            clinician=PHYSICIAN,
        ),
        VisitPlan(
            S3,
            "Sore for a day after the injection, then a clear week. The tingling has gone.",
            "Dry needling to the remaining points; continue supervised exercise.",
            needle=Needle.DRY,
        ),
        VisitPlan(
            S2,
            "Headaches once a week and mild. Driving without trouble.",
            "Back to compression and exercise; space the visits.",
        ),
        VisitPlan(
            S2,
            "A bad day after gardening, otherwise comfortable. Reading for long spells again.",
            "Home programme; review in about a month.",
        ),
    ),
    programme=Programme(
        education=(
            "Recovery after whiplash: staying active and moving the neck speeds recovery; "
            "collars and rest do not."
        ),
        stretch="Gentle neck rotation and side bending within comfort, then splenius stretch",
        motor_control="Chin nods for the deep neck flexors, progressing to holds",
        supervised="Neck endurance and shoulder-blade strengthening, graded",
        self_massage="Pressure with the fingertips below the back of the skull",
    ),
    # Slow until the points were needled and injected, then quicker.
    curve=(0.0, 0.12, 0.2, 0.28, 0.32, 0.62, 0.85, 1.0),
)

NON_IMPROVER = Story(
    chart_no="DEMO-006",
    family_name="Achterberg-Nwosu",
    given_names="Desmond",
    age=63,
    birthday=(9, 5),
    sex=Sex.MALE,
    weight_kg=84.0,
    notes="Fictional demo patient. Retired cabinet maker; type 2 diabetes; poor sleep.",
    chief_complaint=(
        "Constant ache over the left shoulder blade and the base of the neck for two years, "
        "with a deep ache under the shoulder blade and numbness toward the little finger "
        "at night."
    ),
    clinician=PHYSIO,
    span_days=90,
    last_visit_days_ago=0,
    last_reassess_days=14,
    last_is_draft=True,
    nrs_now=(6, 6),
    nrs_best_below=2,
    nrs_worst_above=2,
    roms=(
        RomPlan("cervical_rotation_l", 55, 56),
        RomPlan("cervical_rotation_r", 50, 52),
        RomPlan("thoracic_rotation_l", 32, 33),
        RomPlan("thoracic_rotation_r", 35, 35),
    ),
    ndi=(20, 19),
    points=(
        PointPlan("trapezius_middle", L, start=0.8, end=0.7, quality=BURNING),
        PointPlan("rhomboid_minor", L, start=0.75, end=0.7),
        PointPlan("levator_scapulae", R, site=1, start=0.7, end=0.65),
        PointPlan("serratus_posterior_superior", L, start=0.85, end=0.8, quality=NUMBNESS),
        PointPlan("infraspinatus", L, site=1, appears=2, start=0.6, end=0.6),
    ),
    visits=(
        VisitPlan(
            S1,
            "Ache never fully goes; worse after woodwork in the shed. Tried rest and "
            "over-the-counter gels.",
            "Heat, stretches and shoulder-blade control at home; pace the time in the shed.",
        ),
        VisitPlan(
            S2,
            "No change. Does the exercises most days.",
            "Add trigger point compression, supervised exercise and thoracic manipulation.",
        ),
        VisitPlan(
            S2,
            "A few easier hours after each session, then back to the usual ache. New sore "
            "spot over the shoulder blade.",
            "Continue; discuss needling at the next visit if there is still no change.",
        ),
        VisitPlan(
            S3,
            "Unchanged. Agrees to try dry needling.",
            "Dry needling to the main points with the exercise programme continuing.",
            needle=Needle.DRY,
        ),
        VisitPlan(
            S3,
            "Sore for two days after needling, then the same ache as before.",
            "Trigger point injection to the most tender points; continue supervised exercise.",
            needle=Needle.INJECTION,
            clinician=PHYSICIAN,
        ),
        VisitPlan(
            S3,
            "Little difference after the injection. The night numbness in the hand is no "
            "better and he feels discouraged.",
            "Continue the home programme; referred to the multidisciplinary pain programme. "
            "Review after their assessment.",
            rehab_referral=True,
        ),
    ),
    programme=Programme(
        education=(
            "Persistent muscle pain and sleep: how poor sleep and long static postures keep "
            "trigger points irritable, and pacing activity through the day."
        ),
        stretch="Middle trapezius and rhomboid stretch; levator scapulae stretch, right",
        motor_control="Shoulder-blade setting in sitting and standing",
        supervised="Rowing, prone shoulder-blade retraction and thoracic extension",
        self_massage="Ball against the wall along the left shoulder blade",
        activity="Thirty minutes in the shed, then a ten-minute break",
        manipulation_segments="T2-T5",
    ),
    improves=False,
)

STORIES: tuple[Story, ...] = (DESK_WORKER, SWIMMER, NURSE, VIOLINIST, WHIPLASH, NON_IMPROVER)
