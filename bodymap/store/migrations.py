"""The schema, as a numbered list of migration steps (sqlite-utils Migrations).

Rules: never edit a step that has been released; add the next one. Each step's SQL is
written out in full, with its own copy of any lists it checks (muscle ids, measure kinds),
so a later change to the domain cannot change what an old step did. CHECK constraints
mirror the domain's ranges so bad data cannot enter by any path, and triggers keep
signed visits read-only.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database, Migrations

MIGRATION_SET = "bodymap"
migrations = Migrations(MIGRATION_SET)
STEP_NAMES: list[str] = []  # every step this version of the app knows, in order


def _step(fn: Callable[[Database], None]) -> Callable[[Database], None]:
    STEP_NAMES.append(fn.__name__)
    return migrations()(fn)


_MUSCLES_V1 = [
    "trapezius_upper",
    "trapezius_middle",
    "trapezius_lower",
    "deltoid_posterior",
    "infraspinatus",
    "teres_minor",
    "teres_major",
    "latissimus_dorsi",
    "levator_scapulae",
    "rhomboid_minor",
    "rhomboid_major",
    "supraspinatus",
    "splenius_capitis",
    "splenius_cervicis",
    "scalenes",
    "serratus_posterior_superior",
    "iliocostalis_thoracis",
    "longissimus_thoracis",
    "suboccipitals",
    "multifidi_thoracic",
]

_TREATMENTS_V1 = [
    "heat",
    "self_massage",
    "activity_modification",
    "education",
    "motor_control_exercise",
    "home_stretching",
    "trp_compression",
    "supervised_exercise",
    "yoga",
    "spinal_manipulation",
    "dry_needling",
    "trp_injection",
    "multidisciplinary_rehab",
    "medication",
    "continuous_traction",
]

# measure id -> (low, high, integer)
_MEASURES_V1: dict[str, tuple[float, float, bool]] = {
    "nrs_now": (0, 10, True),
    "nrs_best": (0, 10, True),
    "nrs_worst": (0, 10, True),
    "vas": (0, 100, False),
    "cervical_flexion": (0, 90, False),
    "cervical_extension": (0, 90, False),
    "cervical_lateral_flexion_l": (0, 90, False),
    "cervical_lateral_flexion_r": (0, 90, False),
    "cervical_rotation_l": (0, 110, False),
    "cervical_rotation_r": (0, 110, False),
    "thoracic_rotation_l": (0, 90, False),
    "thoracic_rotation_r": (0, 90, False),
    "shoulder_flexion_l": (0, 200, False),
    "shoulder_flexion_r": (0, 200, False),
    "shoulder_abduction_l": (0, 200, False),
    "shoulder_abduction_r": (0, 200, False),
    "shoulder_external_rotation_l": (0, 120, False),
    "shoulder_external_rotation_r": (0, 120, False),
    "shoulder_internal_rotation_l": (0, 120, False),
    "shoulder_internal_rotation_r": (0, 120, False),
    "ndi": (0, 50, True),
}


def _in(values: list[str]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _measure_check() -> str:
    arms = []
    for kind, (lo, hi, integer) in _MEASURES_V1.items():
        whole = " AND value = CAST(value AS INTEGER)" if integer else ""
        arms.append(f"WHEN '{kind}' THEN value BETWEEN {lo:g} AND {hi:g}{whole}")
    return "CASE kind " + " ".join(arms) + " ELSE 0 END"


_ISO_DATE = "{c} IS NOT NULL AND date({c}) IS {c}"
_BOOL = "{c} IS NULL OR {c} IN (0, 1)"
_UID = "uid TEXT NOT NULL UNIQUE CHECK (length(uid) = 32 AND uid NOT GLOB '*[^0-9a-f]*')"
_STAMPS = "created_at TEXT NOT NULL, updated_at TEXT NOT NULL"


def _b(column: str) -> str:
    return f"{column} INTEGER CHECK ({_BOOL.format(c=column)})"


def _visit_is_signed(visit_expr: str) -> str:
    return f"(SELECT status FROM visit WHERE id = {visit_expr}) = 'signed'"


def _same_patient_trigger(table: str, visit_expr: str, point_expr: str) -> str:
    """A record may only link a visit and a trigger point of the same patient."""
    check = (
        f"(SELECT patient_id FROM visit WHERE id = {visit_expr}) IS NOT "
        f"(SELECT patient_id FROM trigger_point WHERE id = {point_expr})"
    )
    message = f"'{table} links a trigger point of another patient'"
    return f"""
CREATE TRIGGER {table}_same_patient_insert BEFORE INSERT ON {table} WHEN {check}
BEGIN SELECT RAISE(ABORT, {message}); END;
CREATE TRIGGER {table}_same_patient_update BEFORE UPDATE ON {table} WHEN {check}
BEGIN SELECT RAISE(ABORT, {message}); END;
"""


def _lock_triggers(table: str, visit_of_new: str, visit_of_old: str) -> str:
    """Refuse inserts, updates and deletes of a signed visit's records."""
    message = f"'{table} belongs to a signed visit; record an amendment instead'"
    return f"""
CREATE TRIGGER {table}_locked_insert BEFORE INSERT ON {table}
WHEN {_visit_is_signed(visit_of_new)}
BEGIN SELECT RAISE(ABORT, {message}); END;
CREATE TRIGGER {table}_locked_update BEFORE UPDATE ON {table}
WHEN {_visit_is_signed(visit_of_old)} OR {_visit_is_signed(visit_of_new)}
BEGIN SELECT RAISE(ABORT, {message}); END;
CREATE TRIGGER {table}_locked_delete BEFORE DELETE ON {table}
WHEN {_visit_is_signed(visit_of_old)}
BEGIN SELECT RAISE(ABORT, {message}); END;
"""


@_step
def m001_initial(db: Database) -> None:
    ppt_factor = "(CASE ppt_unit WHEN 'kgf/cm2' THEN 98.0665 WHEN 'N/cm2' THEN 10 ELSE 1 END)"
    ppt_trial = "{c} IS NULL OR ({c} > 0 AND {c} * " + ppt_factor + " <= 2000)"
    db.executescript(f"""
CREATE TABLE patient (
    id INTEGER PRIMARY KEY,
    {_UID},
    chart_no TEXT NOT NULL UNIQUE CHECK (length(chart_no) BETWEEN 1 AND 32),
    family_name TEXT NOT NULL CHECK (length(trim(family_name)) BETWEEN 1 AND 100),
    given_names TEXT NOT NULL DEFAULT '' CHECK (length(given_names) <= 100),
    date_of_birth TEXT NOT NULL CHECK ({_ISO_DATE.format(c="date_of_birth")}
        AND date_of_birth >= '1900-01-01'),
    sex TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
    weight_kg REAL CHECK (weight_kg IS NULL OR weight_kg BETWEEN 2 AND 400),
    notes TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 20000),
    {_STAMPS}
);
CREATE INDEX patient_family_name ON patient (family_name COLLATE NOCASE, given_names);
CREATE INDEX patient_date_of_birth ON patient (date_of_birth);

CREATE TABLE visit (
    id INTEGER PRIMARY KEY,
    {_UID},
    patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,
    visit_date TEXT NOT NULL CHECK ({_ISO_DATE.format(c="visit_date")}),
    clinician TEXT NOT NULL CHECK (length(trim(clinician)) BETWEEN 1 AND 100),
    chief_complaint TEXT NOT NULL DEFAULT '' CHECK (length(chief_complaint) <= 20000),
    subjective TEXT NOT NULL DEFAULT '' CHECK (length(subjective) <= 20000),
    escalation_step INTEGER CHECK (escalation_step IS NULL OR escalation_step IN (1, 2, 3)),
    plan TEXT NOT NULL DEFAULT '' CHECK (length(plan) <= 20000),
    reassess_on TEXT CHECK (reassess_on IS NULL
        OR ({_ISO_DATE.format(c="reassess_on")} AND reassess_on > visit_date)),
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed')),
    signed_by TEXT,
    signed_at TEXT,
    {_STAMPS},
    CHECK ((status = 'signed') = (signed_by IS NOT NULL AND signed_at IS NOT NULL))
);
CREATE INDEX visit_patient_date ON visit (patient_id, visit_date);
CREATE INDEX visit_reassess ON visit (reassess_on) WHERE status = 'signed';

CREATE TABLE trigger_point (
    id INTEGER PRIMARY KEY,
    {_UID},
    patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,
    muscle_id TEXT NOT NULL CHECK (muscle_id IN {_in(_MUSCLES_V1)}),
    side TEXT NOT NULL CHECK (side IN ('L', 'R')),
    label INTEGER NOT NULL CHECK (label BETWEEN 1 AND 999),
    x REAL NOT NULL CHECK (x BETWEEN 0 AND 1),
    y REAL NOT NULL CHECK (y BETWEEN 0 AND 1),
    template_id TEXT NOT NULL,
    template_version INTEGER NOT NULL,
    first_visit_id INTEGER REFERENCES visit (id) ON DELETE SET NULL,
    resolved_visit_id INTEGER REFERENCES visit (id) ON DELETE SET NULL,
    {_STAMPS},
    UNIQUE (patient_id, label)
);
CREATE INDEX trigger_point_first_visit ON trigger_point (first_visit_id);
CREATE INDEX trigger_point_resolved_visit ON trigger_point (resolved_visit_id);

CREATE TABLE finding (
    id INTEGER PRIMARY KEY,
    {_UID},
    visit_id INTEGER NOT NULL REFERENCES visit (id) ON DELETE CASCADE,
    trigger_point_id INTEGER NOT NULL REFERENCES trigger_point (id) ON DELETE CASCADE,
    {_b("taut_band")},
    tenderness INTEGER CHECK (tenderness IS NULL OR tenderness IN (0, 1, 2, 3)),
    {_b("referred_pain")},
    {_b("pain_recognition")},
    {_b("twitch_response")},
    {_b("jump_sign")},
    nrs_on_compression INTEGER CHECK (nrs_on_compression IS NULL
        OR nrs_on_compression BETWEEN 0 AND 10),
    ppt_1 REAL CHECK ({ppt_trial.format(c="ppt_1")}),
    ppt_2 REAL CHECK ({ppt_trial.format(c="ppt_2")}),
    ppt_3 REAL CHECK ({ppt_trial.format(c="ppt_3")}),
    ppt_unit TEXT CHECK (ppt_unit IS NULL OR ppt_unit IN ('kgf/cm2', 'kPa', 'N/cm2')),
    ppt_probe_cm2 REAL CHECK (ppt_probe_cm2 IS NULL OR ppt_probe_cm2 IN (0.5, 1.0)),
    ppt_rate REAL CHECK (ppt_rate IS NULL OR (ppt_rate > 0 AND ppt_rate * {ppt_factor} <= 200)),
    sensation TEXT CHECK (sensation IS NULL
        OR sensation IN ('ache', 'burning', 'tingling', 'sharp', 'numbness', 'other')),
    activity TEXT CHECK (activity IS NULL OR activity IN ('active', 'latent')),
    notes TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 20000),
    {_STAMPS},
    UNIQUE (visit_id, trigger_point_id),
    CHECK ((ppt_1 IS NULL) = (ppt_unit IS NULL) AND (ppt_1 IS NULL) = (ppt_probe_cm2 IS NULL)),
    CHECK (ppt_2 IS NULL OR ppt_1 IS NOT NULL),
    CHECK (ppt_3 IS NULL OR ppt_2 IS NOT NULL)
);
CREATE INDEX finding_trigger_point ON finding (trigger_point_id);

CREATE TABLE referral_zone (
    id INTEGER PRIMARY KEY,
    {_UID},
    visit_id INTEGER NOT NULL REFERENCES visit (id) ON DELETE CASCADE,
    trigger_point_id INTEGER NOT NULL REFERENCES trigger_point (id) ON DELETE CASCADE,
    quality TEXT NOT NULL
        CHECK (quality IN ('ache', 'burning', 'tingling', 'sharp', 'numbness', 'other')),
    polygons TEXT NOT NULL CHECK (json_valid(polygons) AND json_type(polygons) = 'array'),
    extent_percent REAL CHECK (extent_percent IS NULL OR extent_percent BETWEEN 0 AND 100),
    template_id TEXT NOT NULL,
    template_version INTEGER NOT NULL,
    {_STAMPS}
);
CREATE INDEX referral_zone_visit ON referral_zone (visit_id);
CREATE INDEX referral_zone_trigger_point ON referral_zone (trigger_point_id);

CREATE TABLE treatment (
    id INTEGER PRIMARY KEY,
    {_UID},
    visit_id INTEGER NOT NULL REFERENCES visit (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN {_in(_TREATMENTS_V1)}),
    details TEXT NOT NULL DEFAULT '{{}}'
        CHECK (json_valid(details) AND json_type(details) = 'object'),
    notes TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 20000),
    {_STAMPS}
);
CREATE INDEX treatment_visit ON treatment (visit_id);

CREATE TABLE treatment_point (
    treatment_id INTEGER NOT NULL REFERENCES treatment (id) ON DELETE CASCADE,
    trigger_point_id INTEGER NOT NULL REFERENCES trigger_point (id) ON DELETE CASCADE,
    PRIMARY KEY (treatment_id, trigger_point_id)
) WITHOUT ROWID;
CREATE INDEX treatment_point_trigger_point ON treatment_point (trigger_point_id);

CREATE TABLE needle_record (
    treatment_id INTEGER PRIMARY KEY REFERENCES treatment (id) ON DELETE CASCADE,
    sterile_prep INTEGER NOT NULL CHECK (sterile_prep IN (0, 1)),
    needle_gauge INTEGER NOT NULL CHECK (needle_gauge BETWEEN 22 AND 36),
    needle_length_mm REAL NOT NULL CHECK (needle_length_mm BETWEEN 10 AND 100),
    points_count INTEGER NOT NULL CHECK (points_count BETWEEN 1 AND 50),
    agent TEXT CHECK (agent IS NULL
        OR agent IN ('lidocaine', 'bupivacaine', 'saline', 'corticosteroid')),
    concentration_percent REAL CHECK (concentration_percent IS NULL
        OR concentration_percent BETWEEN 0.125 AND 2),
    with_epinephrine INTEGER NOT NULL DEFAULT 0 CHECK (with_epinephrine IN (0, 1)),
    volume_per_point_ml REAL CHECK (volume_per_point_ml IS NULL
        OR (volume_per_point_ml > 0 AND volume_per_point_ml <= 5)),
    corticosteroid_mg REAL CHECK (corticosteroid_mg IS NULL
        OR (corticosteroid_mg > 0 AND corticosteroid_mg <= 80)),
    {_b("aspiration_confirmed")},
    twitch_responses INTEGER CHECK (twitch_responses IS NULL OR twitch_responses >= 0),
    post_nrs INTEGER CHECK (post_nrs IS NULL OR post_nrs BETWEEN 0 AND 10),
    CHECK ((agent IS NULL) = (volume_per_point_ml IS NULL))
);

CREATE TABLE measurement (
    id INTEGER PRIMARY KEY,
    {_UID},
    visit_id INTEGER NOT NULL REFERENCES visit (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    value REAL NOT NULL CHECK ({_measure_check()}),
    {_STAMPS},
    UNIQUE (visit_id, kind)
);

CREATE TRIGGER visit_locked_update BEFORE UPDATE ON visit WHEN OLD.status = 'signed'
BEGIN SELECT RAISE(ABORT, 'visit is signed; record an amendment instead'); END;
CREATE TRIGGER visit_locked_delete BEFORE DELETE ON visit WHEN OLD.status = 'signed'
BEGIN SELECT RAISE(ABORT, 'visit is signed; record an amendment instead'); END;
{_lock_triggers("finding", "NEW.visit_id", "OLD.visit_id")}
{_lock_triggers("referral_zone", "NEW.visit_id", "OLD.visit_id")}
{_lock_triggers("treatment", "NEW.visit_id", "OLD.visit_id")}
{_lock_triggers("measurement", "NEW.visit_id", "OLD.visit_id")}
{
        _lock_triggers(
            "treatment_point",
            "(SELECT visit_id FROM treatment WHERE id = NEW.treatment_id)",
            "(SELECT visit_id FROM treatment WHERE id = OLD.treatment_id)",
        )
    }
{
        _lock_triggers(
            "needle_record",
            "(SELECT visit_id FROM treatment WHERE id = NEW.treatment_id)",
            "(SELECT visit_id FROM treatment WHERE id = OLD.treatment_id)",
        )
    }
{_same_patient_trigger("finding", "NEW.visit_id", "NEW.trigger_point_id")}
{_same_patient_trigger("referral_zone", "NEW.visit_id", "NEW.trigger_point_id")}
{
        _same_patient_trigger(
            "treatment_point",
            "(SELECT visit_id FROM treatment WHERE id = NEW.treatment_id)",
            "NEW.trigger_point_id",
        )
    }

CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL CHECK (json_valid(value))
);
""")


@_step
def m002_lock_charted_places(db: Database) -> None:
    """A trigger point's place (position, muscle, side, template) is part of every signed
    visit that charted it, so once one has, the place no longer changes."""
    charted_at_signed_visit = (
        "EXISTS (SELECT 1 FROM finding f JOIN visit v ON v.id = f.visit_id "
        "WHERE f.trigger_point_id = OLD.id AND v.status = 'signed')"
    )
    moved = " OR ".join(
        f"NEW.{c} IS NOT OLD.{c}"
        for c in ("x", "y", "muscle_id", "side", "template_id", "template_version")
    )
    db.executescript(f"""
CREATE TRIGGER trigger_point_locked_place BEFORE UPDATE ON trigger_point
WHEN ({moved}) AND {charted_at_signed_visit}
BEGIN SELECT RAISE(ABORT,
    'trigger point is charted at a signed visit; its place is part of that record'); END;
""")


# What m003 lets an amendment change, per target: its own copy, like the lists above.
_AMENDABLE_V1: dict[str, list[str]] = {
    "visit": [
        "clinician", "chief_complaint", "subjective", "plan", "escalation_step", "reassess_on",
    ],
    "finding": [
        "taut_band", "tenderness", "referred_pain", "pain_recognition", "twitch_response",
        "jump_sign", "nrs_on_compression", "activity", "sensation", "notes",
    ],
    "measurement": list(_MEASURES_V1),
    "treatment": ["notes"],
    "note": [""],
}  # fmt: skip
_JSON_SCALAR = (
    "json_valid({c}) AND json_type({c}) IN ('null', 'true', 'false', 'integer', 'real', 'text')"
)
# Python's str.strip() also strips tabs and line breaks; SQLite's trim() only spaces.
_BLANKS = "char(32, 9, 10, 13)"


@_step
def m003_amendments(db: Database) -> None:
    """Corrections of signed visits. An amendment only exists for a signed visit, names a
    record of that visit, and is permanent: the original record stays as signed."""
    fields = " ".join(f"WHEN '{t}' THEN field IN {_in(fs)}" for t, fs in _AMENDABLE_V1.items())
    draft_message = (
        "'amendment refused: the visit is a draft; edit it directly "
        "(only signed visits take amendments)'"
    )
    permanent = "'amendments are permanent; record a further amendment instead'"
    target_of_visit = """CASE NEW.target
        WHEN 'finding' THEN EXISTS (SELECT 1 FROM finding
            WHERE uid = NEW.target_uid AND visit_id = NEW.visit_id)
        WHEN 'treatment' THEN EXISTS (SELECT 1 FROM treatment
            WHERE uid = NEW.target_uid AND visit_id = NEW.visit_id)
        ELSE NEW.target_uid IS (SELECT uid FROM visit WHERE id = NEW.visit_id) END"""
    db.executescript(f"""
CREATE TABLE amendment (
    id INTEGER PRIMARY KEY,
    {_UID},
    visit_id INTEGER NOT NULL REFERENCES visit (id) ON DELETE RESTRICT,
    author TEXT NOT NULL
        CHECK (length(trim(author, {_BLANKS})) >= 1 AND length(author) <= 200),
    reason TEXT NOT NULL
        CHECK (length(trim(reason, {_BLANKS})) >= 1 AND length(reason) <= 2000),
    created_at TEXT NOT NULL CHECK (datetime(created_at) IS NOT NULL
        AND (created_at GLOB '*[+-][0-9][0-9]:[0-9][0-9]' OR created_at GLOB '*Z')),
    target TEXT NOT NULL
        CHECK (target IN ('visit', 'finding', 'measurement', 'treatment', 'note')),
    target_uid TEXT NOT NULL
        CHECK (length(target_uid) = 32 AND target_uid NOT GLOB '*[^0-9a-f]*'),
    field TEXT NOT NULL CHECK (CASE target {fields} ELSE 0 END),
    old_value TEXT NOT NULL CHECK ({_JSON_SCALAR.format(c="old_value")}),
    new_value TEXT NOT NULL CHECK ({_JSON_SCALAR.format(c="new_value")}),
    CHECK (target <> 'note' OR (old_value = 'null' AND json_type(new_value) = 'text'
        AND length(trim(json_extract(new_value, '$'), {_BLANKS})) >= 1)),
    CHECK (target = 'note' OR new_value IS NOT old_value)
);
CREATE INDEX amendment_visit ON amendment (visit_id);

CREATE TRIGGER amendment_needs_signed_visit BEFORE INSERT ON amendment
WHEN (SELECT status FROM visit WHERE id = NEW.visit_id) = 'draft'
BEGIN SELECT RAISE(ABORT, {draft_message}); END;
CREATE TRIGGER amendment_target_of_visit BEFORE INSERT ON amendment
WHEN EXISTS (SELECT 1 FROM visit WHERE id = NEW.visit_id) AND NOT ({target_of_visit})
BEGIN SELECT RAISE(ABORT, 'amendment refused: its target is not a record of its visit'); END;
CREATE TRIGGER amendment_permanent_update BEFORE UPDATE ON amendment
BEGIN SELECT RAISE(ABORT, {permanent}); END;
CREATE TRIGGER amendment_permanent_delete BEFORE DELETE ON amendment
BEGIN SELECT RAISE(ABORT, {permanent}); END;
""")


@_step
def m004_patient_search(db: Database) -> None:
    """A full-text index over what a patient is found by (names, chart number, date of
    birth), so search as you type reads the matches instead of every patient. Case and
    accents are ignored; triggers keep it in step with the patient table."""
    columns = "family_name, given_names, chart_no, date_of_birth"
    new_values = "NEW.family_name, NEW.given_names, NEW.chart_no, NEW.date_of_birth"
    old_values = "OLD.family_name, OLD.given_names, OLD.chart_no, OLD.date_of_birth"
    db.executescript(f"""
CREATE VIRTUAL TABLE patient_search USING fts5(
    {columns},
    content = 'patient', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
);
INSERT INTO patient_search (patient_search) VALUES ('rebuild');
CREATE TRIGGER patient_search_insert AFTER INSERT ON patient BEGIN
    INSERT INTO patient_search (rowid, {columns}) VALUES (NEW.id, {new_values});
END;
CREATE TRIGGER patient_search_delete AFTER DELETE ON patient BEGIN
    INSERT INTO patient_search (patient_search, rowid, {columns})
    VALUES ('delete', OLD.id, {old_values});
END;
CREATE TRIGGER patient_search_update AFTER UPDATE ON patient BEGIN
    INSERT INTO patient_search (patient_search, rowid, {columns})
    VALUES ('delete', OLD.id, {old_values});
    INSERT INTO patient_search (rowid, {columns}) VALUES (NEW.id, {new_values});
END;
""")


# m005's own copy of what it audits: table -> (row key, record uid, visit) as SQL over a
# row named {r} (NEW, OLD, or the table itself for the baseline).
_TREATMENT_OF = "(SELECT {col} FROM treatment WHERE id = {r}.treatment_id)"
_AUDITED_V1: dict[str, tuple[str, str, str]] = {
    "patient": ("CAST({r}.id AS TEXT)", "{r}.uid", "NULL"),
    "visit": ("CAST({r}.id AS TEXT)", "{r}.uid", "{r}.id"),
    "trigger_point": ("CAST({r}.id AS TEXT)", "{r}.uid", "NULL"),
    "finding": ("CAST({r}.id AS TEXT)", "{r}.uid", "{r}.visit_id"),
    "referral_zone": ("CAST({r}.id AS TEXT)", "{r}.uid", "{r}.visit_id"),
    "treatment": ("CAST({r}.id AS TEXT)", "{r}.uid", "{r}.visit_id"),
    "treatment_point": (
        "CAST({r}.treatment_id AS TEXT) || '/' || CAST({r}.trigger_point_id AS TEXT)",
        _TREATMENT_OF.replace("{col}", "uid"),
        _TREATMENT_OF.replace("{col}", "visit_id"),
    ),
    "needle_record": (
        "CAST({r}.treatment_id AS TEXT)",
        _TREATMENT_OF.replace("{col}", "uid"),
        _TREATMENT_OF.replace("{col}", "visit_id"),
    ),
    "measurement": ("CAST({r}.id AS TEXT)", "{r}.uid", "{r}.visit_id"),
    "amendment": ("CAST({r}.id AS TEXT)", "{r}.uid", "{r}.visit_id"),
}
_PRIMARY_KEY_V1 = {
    **dict.fromkeys(_AUDITED_V1, "id"),
    "treatment_point": "treatment_id, trigger_point_id",
    "needle_record": "treatment_id",
}
_DATA_OPS_V1 = ["baseline", "insert", "update", "sign", "delete"]
_HEX64 = "{c} IS NULL OR (length({c}) = 64 AND {c} NOT GLOB '*[^0-9a-f]*')"
_NOW_MS = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


def _audit_value(expr: str, real: bool) -> str:
    """A column value for the JSON content. Reals are written out exactly (17 digits,
    where SQLite's own JSON keeps 15; infinities as text); other columns as they are."""
    if not real:
        return expr
    return (
        f"CASE WHEN typeof({expr}) <> 'real' THEN {expr} "
        f"WHEN abs({expr}) <= 1.7976931348623157e308 THEN json(printf('%!.17g', {expr})) "
        f"ELSE printf('%!.17g', {expr}) END"
    )


def _audit_content(columns: list[tuple[str, bool]], r: str) -> str:
    pairs = ", ".join(f"'{c}', {_audit_value(f'{r}.{c}', real)}" for c, real in columns)
    return f"json_object({pairs})"


@_step
def m005_audit_trail(db: Database) -> None:
    """A permanent, hash-chained log of every change of clinical data (see store/audit.py).

    Triggers append an entry per changed row; the app's connections seal each entry
    with a hash linking it to the one before. Existing rows get a 'baseline' entry, so
    every row has an entry to be compared with. A later step that changes the columns of
    an audited table must recreate its triggers and write new baseline entries."""
    from bodymap.store import audit  # seals the baseline entries written below

    ops = _in(_DATA_OPS_V1)
    db.executescript(f"""
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL DEFAULT ({_NOW_MS}) CHECK (datetime(at) IS NOT NULL),
    tbl TEXT,
    row_key TEXT,
    row_uid TEXT,
    visit_id INTEGER,
    op TEXT NOT NULL,
    content TEXT NOT NULL CHECK (json_valid(content)),
    actor TEXT,
    prev_hash TEXT CHECK ({_HEX64.format(c="prev_hash")}),
    hash TEXT CHECK ({_HEX64.format(c="hash")}),
    CHECK ((hash IS NULL) = (prev_hash IS NULL)),
    CHECK (CASE WHEN tbl IS NULL
        THEN row_key IS NULL AND op NOT IN {ops} AND length(op) BETWEEN 1 AND 40
            AND op NOT GLOB '*[^a-z_]*'
        ELSE tbl IN {_in(list(_AUDITED_V1))} AND row_key IS NOT NULL AND op IN {ops} END)
);
CREATE INDEX audit_log_row ON audit_log (tbl, row_key);
CREATE INDEX audit_log_visit ON audit_log (visit_id) WHERE visit_id IS NOT NULL;

CREATE TRIGGER audit_log_permanent_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit entries are permanent'); END;
CREATE TRIGGER audit_log_permanent_update BEFORE UPDATE ON audit_log
WHEN OLD.hash IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at
    OR NEW.tbl IS NOT OLD.tbl OR NEW.row_key IS NOT OLD.row_key
    OR NEW.row_uid IS NOT OLD.row_uid OR NEW.visit_id IS NOT OLD.visit_id
    OR NEW.op IS NOT OLD.op OR NEW.content IS NOT OLD.content
BEGIN SELECT RAISE(ABORT, 'audit entries are permanent'); END;
""")
    audit.attach(db)
    target = "INSERT INTO audit_log (at, tbl, row_key, row_uid, visit_id, op, content)"
    for table in _AUDITED_V1:
        # (name, holds reals): only REAL columns can hold fractions the app writes.
        columns = [
            (str(c[1]), "REAL" in str(c[2]).upper())
            for c in db.execute(f"PRAGMA table_info({table})").fetchall()
            if c[1] != "updated_at"
        ]
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c, _ in columns)
        update_op = (
            "CASE WHEN OLD.status IS NOT 'signed' AND NEW.status IS 'signed' "
            "THEN 'sign' ELSE 'update' END"
            if table == "visit"
            else "'update'"
        )
        baseline = _audit_entry(table, "'baseline'", table, columns)
        db.execute(f"{target} SELECT {baseline} FROM {table} ORDER BY {_PRIMARY_KEY_V1[table]}")
        # One statement each: executescript splits long scripts slowly.
        for event, row, op, when in (
            ("insert", "NEW", "'insert'", ""),
            ("update", "NEW", update_op, f"WHEN {changed} "),
            ("delete", "OLD", "'delete'", ""),
        ):
            values = _audit_entry(table, op, row, columns)
            db.execute(
                f"CREATE TRIGGER audit_{table}_{event} AFTER {event.upper()} ON {table} "
                f"{when}BEGIN {target} VALUES ({values}); END"
            )


def _audit_entry(table: str, op: str, r: str, columns: list[tuple[str, bool]]) -> str:
    """The values of one audit entry (time, table, key, uid, visit, op, content) for the
    row named ``r``."""
    key, uid, visit = (part.format(r=r) for part in _AUDITED_V1[table])
    return f"{_NOW_MS}, '{table}', {key}, {uid}, {visit}, {op}, {_audit_content(columns, r)}"
