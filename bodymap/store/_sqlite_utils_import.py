"""Import sqlite-utils without numpy and pandas.

sqlite-utils imports numpy and pandas, when installed, only to convert their values on
insert. The store never hands it such values, and numpy alone costs about 0.1 s of the
app's start-up (matplotlib installs it). So sqlite-utils is imported with both hidden,
unless something already loaded them; later imports of numpy are unaffected.
"""

from __future__ import annotations

import sys

_hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
for _name in _hidden:
    sys.modules[_name] = None  # type: ignore[assignment]  # makes `import numpy` fail
try:
    import sqlite_utils  # noqa: F401
finally:
    for _name in _hidden:
        del sys.modules[_name]
