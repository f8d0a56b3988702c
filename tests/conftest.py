"""Set-up shared by every test.

No Qt import here: the domain and store tests must run where PySide6 is not importable.
Qt's own set-up lives in tests/gui/conftest.py.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Before anything imports Qt: no window may pop up, and no display is needed.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Settings and data files go to a throw-away profile, never the developer's own
# (QSettings and platformdirs both follow the XDG variables on Linux; the GUI conftest
# also points QSettings at a per-test folder for every platform).
_PROFILE = Path(tempfile.mkdtemp(prefix="bodymap-tests-"))
os.environ["XDG_CONFIG_HOME"] = str(_PROFILE / "config")
os.environ["XDG_DATA_HOME"] = str(_PROFILE / "data")
os.environ.pop("BODYMAP_DB", None)

_TESTS = Path(__file__).parent
_FOLDER_MARKS = {"gui": pytest.mark.gui, "e2e": pytest.mark.e2e}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by folder: tests/gui/** are ``gui``, tests/e2e/** are ``e2e``."""
    for item in items:
        try:
            folder = item.path.relative_to(_TESTS).parts[0]
        except ValueError:
            continue
        if (mark := _FOLDER_MARKS.get(folder)) is not None:
            item.add_marker(mark)


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_PROFILE, ignore_errors=True)


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, seeded once per test session. Copy it; never open it."""
    from bodymap.demo import seed
    from bodymap.store import Mode, Store

    path = tmp_path_factory.mktemp("demo-template") / "demo.db"
    with Store.open(path, Mode.CREATE) as store:
        seed(store)
    return path


@pytest.fixture
def demo_db(demo_db_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database for one test.

    Copying the file is safe here because no connection to the template is open; any
    WAL side files are copied with it so the copy is complete either way.
    """
    target = tmp_path / "demo.db"
    for suffix in ("", "-wal", "-shm"):
        source = demo_db_template.with_name(demo_db_template.name + suffix)
        if source.exists():
            shutil.copyfile(source, target.with_name(target.name + suffix))
    return target
