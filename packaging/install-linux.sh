#!/bin/sh
# Install the Bodymap bundle this script sits in, with its menu entry and icons.
#
#   ./install-linux.sh              for you alone, under ~/.local
#   sudo ./install-linux.sh /usr/local   for everyone
#   ./install-linux.sh --uninstall [PREFIX]
#
# The program goes to PREFIX/lib/bodymap, a link to it to PREFIX/bin/bodymap; the desktop
# entry, AppStream metadata and icons to PREFIX/share. Databases are never touched.
set -eu
uninstall=0
if [ "${1:-}" = "--uninstall" ]; then uninstall=1; shift; fi
prefix=${1:-"$HOME/.local"}
here=$(cd "$(dirname "$0")" && pwd)
app_id=org.bodymap.Bodymap

files() {
  echo "share/applications/$app_id.desktop"
  echo "share/metainfo/$app_id.metainfo.xml"
  for icon in "$here"/share/icons/hicolor/*/apps/$app_id.*; do
    echo "${icon#"$here"/}"
  done
}

if [ "$uninstall" -eq 1 ]; then
  rm -rf "$prefix/lib/bodymap"
  rm -f "$prefix/bin/bodymap"
  for f in $(files); do rm -f "$prefix/$f"; done
  echo "Bodymap removed from $prefix"
else
  [ -x "$here/bodymap" ] || { echo "install-linux.sh: no bodymap program beside this script" >&2; exit 1; }
  mkdir -p "$prefix/lib" "$prefix/bin"
  rm -rf "$prefix/lib/bodymap"
  mkdir -p "$prefix/lib/bodymap"
  # Everything but the desktop files, which go to share/.
  for item in "$here"/* "$here"/.[!.]*; do
    [ -e "$item" ] || continue
    case "$(basename "$item")" in share|install-linux.sh) ;; *) cp -R "$item" "$prefix/lib/bodymap/" ;; esac
  done
  ln -sf "$prefix/lib/bodymap/bodymap" "$prefix/bin/bodymap"
  for f in $(files); do
    mkdir -p "$(dirname "$prefix/$f")"
    cp "$here/$f" "$prefix/$f"
  done
  # The menu entry runs the program by its full path, in case PREFIX/bin is not on PATH.
  sed -i "s|^Exec=bodymap|Exec=$prefix/bin/bodymap|; s|^TryExec=bodymap|TryExec=$prefix/bin/bodymap|" \
    "$prefix/share/applications/$app_id.desktop"
  echo "Bodymap installed in $prefix (run: $prefix/bin/bodymap)"
fi
# Let the desktop notice, where these tools exist.
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$prefix/share/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$prefix/share/icons/hicolor" || true
