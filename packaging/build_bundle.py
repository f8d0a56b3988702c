"""Build the Bodymap bundle for the operating system this runs on.

    python packaging/build_bundle.py        (``make bundle`` installs PyInstaller first)

Linux:   dist/bodymap/ (run dist/bodymap/bodymap; dist/bodymap/install-linux.sh adds it
         to the desktop's menu), and dist/bodymap-VERSION-linux-ARCH.tar.gz.
Windows: dist/bodymap/, then dist/Bodymap-VERSION-setup.exe when Inno Setup 6 is
         installed (iscc on PATH or in its usual folder).
macOS:   dist/Bodymap.app.

Prints how long the build took and how big the result is.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
DIST = ROOT / "dist"
APP_ID = "org.bodymap.Bodymap"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from bodymap import __version__

    return __version__


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def pyinstaller() -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level=WARN",
            f"--distpath={DIST}",
            f"--workpath={ROOT / 'build' / 'pyinstaller'}",
            str(PACKAGING / "bodymap.spec"),
        ],
        check=True,
        cwd=ROOT,
    )


def linux_extras(bundle: Path, release: str) -> Path:
    """The desktop integration files beside the program, laid out as under /usr/share,
    and a tarball of the whole folder."""
    share = bundle / "share"
    for sub, source in (
        ("applications", PACKAGING / f"{APP_ID}.desktop"),
        ("metainfo", PACKAGING / f"{APP_ID}.metainfo.xml"),
    ):
        (share / sub).mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, share / sub / source.name)
    icons = share / "icons" / "hicolor"
    for size in ICON_SIZES:
        target = icons / f"{size}x{size}" / "apps"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / "assets" / f"bodymap-{size}.png", target / f"{APP_ID}.png")
    (icons / "scalable" / "apps").mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "assets" / "bodymap.svg", icons / "scalable" / "apps" / f"{APP_ID}.svg")
    shutil.copy2(PACKAGING / "install-linux.sh", bundle / "install-linux.sh")
    (bundle / "install-linux.sh").chmod(0o755)

    tarball = DIST / f"bodymap-{release}-linux-{platform.machine()}.tar.gz"
    with tarfile.open(tarball, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=f"bodymap-{release}")
    return tarball


def windows_installer(release: str) -> Path | None:
    installed = Path(os.environ.get("PROGRAMFILES(X86)", "C:/Program Files (x86)"))
    default = installed / "Inno Setup 6" / "ISCC.exe"
    iscc = shutil.which("iscc") or (str(default) if default.is_file() else None)
    if iscc is None:
        print("build_bundle: Inno Setup's iscc is not on PATH: no installer made", file=sys.stderr)
        return None
    subprocess.run([iscc, f"/DAppVersion={release}", str(PACKAGING / "bodymap.iss")], check=True)
    return DIST / f"Bodymap-{release}-setup.exe"


def main() -> int:
    release = version()
    started = time.monotonic()
    pyinstaller()
    built = time.monotonic() - started
    bundle = DIST / ("Bodymap.app" if sys.platform == "darwin" else "bodymap")
    extra: Path | None = None
    if sys.platform.startswith("linux"):
        extra = linux_extras(bundle, release)
    elif sys.platform == "win32":
        extra = windows_installer(release)
    print(
        f"build_bundle: {bundle} built in {built:.0f} s, "
        f"{folder_size(bundle) / 1e6:.0f} MB on disk"
        + (f"; {extra.name} {extra.stat().st_size / 1e6:.0f} MB" if extra else "")
    )
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
