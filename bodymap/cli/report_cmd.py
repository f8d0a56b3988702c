"""``bodymap report``: a visit summary, progress report or home-care sheet as a PDF.

The same layout code as File > Print in the app draws the pages. Qt is imported only
when a report is made, with an offscreen QGuiApplication (a report never needs a
display), so ``bodymap --help`` stays fast. Every bad input (an unknown visit or chart
number, a bad date, an unwritable output file) ends in one line naming the problem.

The database is opened read-only to make the document; once the PDF is written, it is
opened for writing just long enough to record the export in the audit trail.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path
from typing import Any

from bodymap.cli.common import (
    CommandError,
    add_db_option,
    db_path,
    open_store,
    record_cli_event,
    store_message,
    warn_unrecorded,
)

_PAPERS = ("a4", "letter")
_EPILOG = """\
The letterhead carries the clinic's name, address and telephone as set in the app
(File > Preferences), stored in the database.
"""


def _visit_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a visit number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a visit number")
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _common(parser: argparse.ArgumentParser) -> None:
    add_db_option(parser)
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="OUT.pdf",
        help="PDF file to write; replaced only once complete",
    )  # fmt: skip
    parser.add_argument(
        "--paper", type=str.lower, choices=_PAPERS,
        help="paper size (default: A4)",
    )  # fmt: skip


def register(subparsers: Any) -> None:
    report = subparsers.add_parser(
        "report",
        help="print a visit summary, progress report or home-care sheet to PDF",
        description="Write a printable document as a PDF file. The database is only read to "
        "make it; the export is then recorded in the database's audit trail (where the "
        "file cannot be written, a warning says so and the PDF stays).",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    kinds = report.add_subparsers(dest="report_kind", metavar="KIND", required=True)

    visit = kinds.add_parser(
        "visit",
        help="the summary of one visit (findings, body map, treatment, measures, signature)",
        description="The visit summary: body map, findings, treatments with dose totals, "
        "outcome measures against the previous visit and baseline, the plan and the "
        "signature (or an unsigned-draft mark), and any amendments.",
    )
    visit.add_argument("visit_id", type=_visit_id, metavar="VISIT_ID", help="the visit's number")
    _common(visit)
    visit.set_defaults(func=run_report)

    progress = kinds.add_parser(
        "progress",
        help="a patient's progress over a date range (charts and change since baseline)",
        description="The progress report: the change since baseline and the progress "
        "charts, over the whole course or the dates given.",
    )
    progress.add_argument("chart_no", metavar="CHART_NO", help="the patient's chart number")
    progress.add_argument("--from", dest="start", type=_date, metavar="DATE",
                          help="first day (YYYY-MM-DD)")  # fmt: skip
    progress.add_argument("--to", dest="end", type=_date, metavar="DATE",
                          help="last day (YYYY-MM-DD)")  # fmt: skip
    _common(progress)
    progress.set_defaults(func=run_report)

    homecare = kinds.add_parser(
        "homecare",
        help="the patient's home-care sheet from one visit, in plain words",
        description="The home-care sheet: the self-care items recorded at the visit, "
        "explained in plain words, with the body map showing where.",
    )
    homecare.add_argument("visit_id", type=_visit_id, metavar="VISIT_ID",
                          help="the visit's number")  # fmt: skip
    _common(homecare)
    homecare.set_defaults(func=run_report)


def gui_application() -> Any:
    """The running QGuiApplication, or a new offscreen one (fonts need an application)."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no display needed, none used
        app = QGuiApplication(["bodymap"])
    return app


def run_report(args: argparse.Namespace) -> int:
    app = gui_application()  # kept alive until the PDF is written
    from bodymap.render.documents import DocumentKind, ReportError, build_document, write_pdf
    from bodymap.render.documents.progress import patient_by_chart
    from bodymap.render.report.units import Paper
    from bodymap.store import Mode, StoreError

    kind = DocumentKind(args.report_kind)
    path = db_path(args)
    output: Path = args.output
    paper = Paper.parse(args.paper) if args.paper else None
    detail = {"document": kind.value, "file": str(output.absolute()), "via": "bodymap report"}
    visit_id: int | None = None
    uid: str | None = None
    with open_store(path, Mode.READ_ONLY) as store:
        try:
            if kind is DocumentKind.PROGRESS:
                patient = patient_by_chart(store, args.chart_no)
                document = build_document(
                    store, kind, patient_id=patient.id, start=args.start, end=args.end,
                    paper=paper,
                )  # fmt: skip
                uid = patient.uid
                for key, day in (("from", args.start), ("to", args.end)):
                    if day is not None:
                        detail[key] = day.isoformat()
            else:
                document = build_document(store, kind, visit_id=args.visit_id, paper=paper)
                visit = store.visits.get(args.visit_id)
                patient = store.patients.get(visit.patient_id)
                visit_id, uid = visit.id, visit.uid
                detail |= {"visit_uid": visit.uid, "visit_date": visit.visit_date.isoformat()}
        except ReportError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        except StoreError as exc:
            raise CommandError(store_message(exc, path)) from exc
    detail["chart_no"] = patient.chart_no
    try:
        laid = write_pdf(document, output)
    except ReportError as exc:
        raise CommandError(str(exc)) from exc
    pages = laid.page_count
    print(f"{output}: {kind.label.lower()} written ({pages} page{'s' if pages != 1 else ''})")
    # The database was only read to make the PDF; the export is recorded afterwards.
    reason = record_cli_event(path, "export", detail, visit_id=visit_id, uid=uid)
    if reason is not None:
        warn_unrecorded(output, "exported", reason)
    del app
    return 0
