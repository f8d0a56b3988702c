"""Conversions between domain values and SQLite column values, and write helpers."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database

from bodymap.store.connection import translate, write_transaction
from bodymap.store.errors import ConstraintViolation, RecordLocked


def now_iso() -> str:
    """UTC, to the second, with offset: sortable and unambiguous."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def date_or_none(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def iso_or_none(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def bool_or_none(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def int_or_none(value: bool | None) -> int | None:
    return None if value is None else int(value)


@contextmanager
def writing(db: Database) -> Iterator[Database]:
    """One write transaction whose SQLite refusals become readable store errors."""
    try:
        with write_transaction(db):
            yield db
    except sqlite3.IntegrityError as exc:
        text = str(exc)
        # Trigger messages: a refused amendment is a bad request, not a locked record.
        if text.startswith("amendment refused"):
            raise ConstraintViolation(None, text) from exc
        if "signed" in text or "amendments are permanent" in text:
            raise RecordLocked(None, text) from exc
        raise ConstraintViolation(None, text) from exc
    except sqlite3.OperationalError as exc:
        raise translate(exc, None) from exc
