"""Record identities.

Every record has a database row id (``id``, local to one database, None until stored)
and a ``uid`` that stays the same across exports and imports, so a chart moved between
databases keeps its trigger points' identities and a repeated import is detected.
"""

from __future__ import annotations

import re
import uuid

_UID = re.compile(r"^[0-9a-f]{32}$")


def new_uid() -> str:
    return uuid.uuid4().hex


def is_uid(value: object) -> bool:
    return isinstance(value, str) and bool(_UID.match(value))
