"""A demo caseload: six fictional patients with a few months of charted care each.

``seed(store)`` writes them through the store's repositories in one transaction, so a
failure leaves nothing behind. The result depends only on ``seed`` and ``today``: the
same pair gives the same records, uids included. Dates are relative to ``today``, so the
latest visits are always recent, some reviews are overdue and some are still ahead.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass

from bodymap.demo import course
from bodymap.demo.patients import STORIES
from bodymap.store import Store

DEFAULT_SEED = 20261124

__all__ = ["DEFAULT_SEED", "STORIES", "DemoError", "DemoSummary", "seed"]


class DemoError(ValueError):
    """The demo caseload cannot be written to this database."""


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """How many records the demo wrote."""

    patients: int = 0
    visits: int = 0
    signed_visits: int = 0
    draft_visits: int = 0
    trigger_points: int = 0
    resolved_points: int = 0
    findings: int = 0
    referral_zones: int = 0
    treatments: int = 0
    measurements: int = 0

    def __str__(self) -> str:
        return (
            f"{self.patients} patients, {self.visits} visits ({self.signed_visits} signed, "
            f"{self.draft_visits} drafts), {self.trigger_points} trigger points, "
            f"{self.findings} findings, {self.referral_zones} referral zones, "
            f"{self.treatments} treatments, {self.measurements} measurements"
        )


def seed(store: Store, *, today: dt.date | None = None, seed: int = DEFAULT_SEED) -> DemoSummary:
    """Add the demo caseload to ``store``.

    Raises :class:`DemoError` if a demo chart number is already taken (seeding twice).
    """
    today = today or dt.date.today()
    taken = [s.chart_no for s in STORIES if store.patients.by_chart_no(s.chart_no) is not None]
    if taken:
        raise DemoError(f"the demo patients are already here (chart {', '.join(taken)})")
    rng = random.Random(seed)
    tally: Counter[str] = Counter()
    with store.transaction():
        for story in STORIES:
            tally.update(course.chart(store, story, today, rng))
    return DemoSummary(**tally)
