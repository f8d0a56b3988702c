"""Storage on SQLite through sqlite-utils. The only layer that speaks SQL."""

from bodymap.store import _sqlite_utils_import  # noqa: F401  # first: keeps start-up fast
from bodymap.store.connection import Mode
from bodymap.store.errors import StoreError
from bodymap.store.store import Store

__all__ = ["Mode", "Store", "StoreError"]
