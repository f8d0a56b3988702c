"""A database of every schema version upgrades to the current one with every row intact,
and one written by a newer Bodymap is refused untouched.

The fixtures (``migration_fixtures/v<N>.db``) were written by ``regenerate.py`` with this
repository's own migration steps; a test below proves the script still makes them.
"""

from __future__ import annotations

import importlib.util
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from bodymap.store import Mode, Store, audit
from bodymap.store.errors import SchemaTooNew
from bodymap.store.exchange import export_document
from bodymap.store.health import check_database
from bodymap.store.migrations import STEP_NAMES

FIXTURES = Path(__file__).parent / "migration_fixtures"
VERSIONS = list(range(1, len(STEP_NAMES) + 1))
# Not data: the migrations' own table, the trail (checked separately), the search index.
NOT_DATA = ("_sqlite_migrations", "audit_log", "patient_search", "sqlite_")


def regenerate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("regenerate", FIXTURES / "regenerate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)


def data(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every data table, in a fixed order."""
    with closing(read(path)) as conn:
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not r[0].startswith(NOT_DATA)
        ]
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}


def schema(path: Path) -> set[tuple[str, str, str | None]]:
    with closing(read(path)) as conn:
        return set(conn.execute("SELECT type, name, sql FROM sqlite_master"))


def steps(path: Path) -> list[str]:
    with closing(read(path)) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]


@pytest.fixture(scope="module")
def fresh_schema(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str, str | None]]:
    path = tmp_path_factory.mktemp("fresh") / "fresh.db"
    Store.open(path, Mode.CREATE).close()
    return schema(path)


@pytest.mark.parametrize("version", VERSIONS)
def test_each_fixture_is_at_its_version(version: int) -> None:
    assert steps(FIXTURES / f"v{version}.db") == STEP_NAMES[:version]


@pytest.mark.parametrize("version", VERSIONS)
def test_each_version_upgrades_with_every_row_intact(
    version: int, tmp_path: Path, fresh_schema: set[tuple[str, str, str | None]]
) -> None:
    path = tmp_path / "old.db"
    shutil.copyfile(FIXTURES / f"v{version}.db", path)
    before = data(path)
    with Store.open(path) as s:
        assert s.schema_version == len(STEP_NAMES)
        (found,) = s.patients.search("lindq")  # the search index covers old patients too
        assert found.chart_no == "C-0001"
        assert s.amendments.count() == (1 if version >= 3 else 0)
        assert s.settings.dose_limits().lidocaine_cap_mg == 300
        assert export_document(s)["patients"][1]["notes"] == "\u2603 \U0001f600 tab\there"
    after = data(path)
    assert {t: after[t] for t in before} == before
    assert steps(path) == STEP_NAMES
    assert schema(path) == fresh_schema  # an upgraded file is shaped like a new one
    report = check_database(path)
    assert report.ok, report.problems
    if version < STEP_NAMES.index("m005_audit_trail") + 1:
        with closing(read(path)) as conn:
            entries = audit.entries(conn)
        assert [e.op for e in entries] == ["baseline"] * sum(
            len(after[t]) for t in audit.AUDITED_TABLES
        )


@pytest.mark.parametrize("version", VERSIONS)
def test_the_script_still_makes_the_fixtures(version: int, tmp_path: Path) -> None:
    made = tmp_path / f"v{version}.db"
    regenerate().build(version, made)
    committed = FIXTURES / f"v{version}.db"
    assert data(made) == data(committed)
    assert schema(made) == schema(committed)


def test_a_database_of_a_newer_bodymap_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    shutil.copyfile(FIXTURES / f"v{VERSIONS[-1]}.db", path)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('bodymap', 'm999_from_the_future', '2030-01-01')"
        )
        conn.commit()
    before = path.read_bytes()
    for mode in (Mode.READ_ONLY, Mode.READ_WRITE):
        with pytest.raises(SchemaTooNew, match=r"newer Bodymap \(schema steps m999_from_the"):
            Store.open(path, mode)
    with pytest.raises(SchemaTooNew):
        check_database(path)
    assert path.read_bytes() == before
