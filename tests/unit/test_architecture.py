"""The layer rules of the architecture, checked by import-linter on every test run."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_hold(tmp_path: Path) -> None:
    from importlinter.cli import lint_imports

    # The contracts live in pyproject.toml; running them here makes a broken layer a red test.
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_every_package_is_listed_for_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "bodymap").rglob("__init__.py")
    }
    assert on_disk <= listed, f"add to [tool.setuptools] packages: {sorted(on_disk - listed)}"
    assert all(not p.is_dir() for p in (ROOT / "assets").iterdir()), "keep assets/ flat"


BLOCK_QT = textwrap.dedent(
    """
    import importlib.abc, sys

    class Blocker(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in {"PySide6", "shiboken6", "matplotlib"}:
                raise ModuleNotFoundError(f"{name} is blocked in this test")
            return None

    sys.meta_path.insert(0, Blocker())
    """
)


@pytest.mark.slow
def test_domain_and_store_tests_pass_without_qt(tmp_path: Path) -> None:
    """Run the domain and store tests in a fresh interpreter where PySide6 cannot import."""
    ini = tmp_path / "pytest.ini"
    ini.write_text("[pytest]\naddopts = --import-mode=importlib -p no:cacheprovider\n")
    code = BLOCK_QT + textwrap.dedent(
        f"""
        import pytest
        sys.exit(pytest.main(["-q", "-c", {str(ini)!r}, "--rootdir", {str(ROOT)!r},
                              "-p", "no:pytest-qt",
                              {str(ROOT / "tests/unit/domain")!r},
                              {str(ROOT / "tests/unit/store")!r}]))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
