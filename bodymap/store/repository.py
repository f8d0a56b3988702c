"""The shape every repository shares: one table, one domain type, one transaction per write."""

from __future__ import annotations

from typing import Any, ClassVar, Generic, Protocol, TypeVar

from sqlite_utils import Database

from bodymap.store.errors import DamagedRecord, NotFound
from bodymap.store.rows import now_iso, writing


class Record(Protocol):
    @property
    def id(self) -> int | None: ...


T = TypeVar("T", bound=Record)


class Repository(Generic[T]):
    table: ClassVar[str]
    what: ClassVar[str]  # how messages name one record, e.g. "trigger point"
    columns: ClassVar[tuple[str, ...]]  # read columns, "id" first
    fixed: ClassVar[tuple[str, ...]] = ("uid",)  # never changed by update()
    order_by: ClassVar[str] = "id"

    def __init__(self, db: Database) -> None:
        self._db = db

    # Subclasses map rows both ways.
    def _from_row(self, row: dict[str, Any]) -> T:
        raise NotImplementedError

    def _to_row(self, record: T) -> dict[str, Any]:
        raise NotImplementedError

    def add(self, record: T) -> T:
        stamp = now_iso()
        row = {**self._to_row(record), "created_at": stamp, "updated_at": stamp}
        with writing(self._db):
            cur = self._db.execute(
                f"INSERT INTO {self.table} ({', '.join(row)}) "
                f"VALUES ({', '.join(':' + c for c in row)})",
                row,
            )
        assert cur.lastrowid is not None
        return self.get(cur.lastrowid)

    def update(self, record: T) -> T:
        if record.id is None:
            raise ValueError(f"update needs a stored {self.what}")
        row = {k: v for k, v in self._to_row(record).items() if k not in self.fixed}
        with writing(self._db):
            self._before_write(record.id)
            cur = self._db.execute(
                f"UPDATE {self.table} SET "
                + ", ".join(f"{c} = :{c}" for c in row)
                + ", updated_at = :updated_at WHERE id = :id",
                {**row, "updated_at": now_iso(), "id": record.id},
            )
            if cur.rowcount != 1:
                raise NotFound(None, f"{self.what} {record.id} does not exist")
        return self.get(record.id)

    def delete(self, record_id: int) -> None:
        with writing(self._db):
            self._before_write(record_id)
            self._db.execute(f"DELETE FROM {self.table} WHERE id = ?", [record_id])

    def get(self, record_id: int) -> T:
        rows = self._select("id = ?", [record_id])
        if not rows:
            raise NotFound(None, f"{self.what} {record_id} does not exist")
        return rows[0]

    def by_uid(self, uid: str) -> T | None:
        rows = self._select("uid = ?", [uid])
        return rows[0] if rows else None

    def count(self) -> int:
        return int(self._db.execute(f"SELECT count(*) FROM {self.table}").fetchone()[0])

    def unreadable(self, limit: int) -> list[str]:
        """Up to ``limit`` messages, one per row that breaks the domain's rules."""
        found: list[str] = []
        sql = f"SELECT {', '.join(self.columns)} FROM {self.table} ORDER BY id"
        for row in self._db.query(sql):
            try:
                self._read(row)
            except DamagedRecord as exc:
                found.append(exc.problem)
                if len(found) >= limit:
                    break
        return found

    def _before_write(self, record_id: int) -> None:
        """Hook inside the write transaction, e.g. to refuse changes to signed records."""

    def _select(
        self,
        where: str,
        params: list[Any],
        *,
        order_by: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[T]:
        sql = (
            f"SELECT {', '.join(self.columns)} FROM {self.table} WHERE {where} "
            f"ORDER BY {order_by or self.order_by}"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        return [self._read(r) for r in self._db.query(sql, params)]

    def _read(self, row: dict[str, Any]) -> T:
        """The row as a record. The SQL constraints catch most bad values, but not every
        rule of the domain (cross-field rules, whole numbers), so a row written outside
        Bodymap can still fail here: that is damage to report, not a crash."""
        try:
            return self._from_row(row)
        except (ValueError, TypeError, KeyError) as exc:  # ValidationError is a ValueError
            raise DamagedRecord(
                None, f"{self.what} {row.get('id')} ({self.table} table) cannot be read: {exc}"
            ) from exc
