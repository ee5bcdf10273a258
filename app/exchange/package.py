"""USB packages: a year's (a campaign's, a decision's) records handed up or down on a stick, and taken in.

    result = export_package(ctx, PackageScope(2025), Path("E:/TDKT-2025.zip"), password="…")
    report = import_package(ctx, Path("E:/TDKT-2025.zip"), password="…", dry_run=True)   # the plan
    report = import_package(ctx, Path("E:/TDKT-2025.zip"), password="…")                 # all or nothing

A package holds data.json (the records, app.exchange.package_data says which and in what shape), the
list of the scope's awards as .xlsx, a PDF of each of its registered decisions, and manifest.json with
the size and SHA-256 of every file (app.exchange.package_archive), and, when the office has made its
key, signature.json (app.exchange.package_signing). On import the container is checked first (limits,
manifest, checksums, streamed), then the signature against the trust list, then the shape of every record
of data.json (app.exchange.package_schema); only then are records merged (app.exchange.package_merge).
Neither side holds data.json whole (app.exchange.package_stream): memory follows a chunk of records and
what the merge keeps of each (ids, names, the plan's lines), not the package or the database.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from app.documents.state.parallel import MAX_WORKERS, PdfWorkers, workers_for
from app.domain.permissions import Permission, use_case
from app.errors import UserError
from app.exchange.award_export import SEARCH_KEYS, export_awards_xlsx
from app.exchange.file_limits import FileLimits
from app.exchange.package_archive import (
    DATA,
    LIMITS,
    MANIFEST,
    SIGNATURE,
    PackageRefused,
    PackageWriter,
    verified_package,
)
from app.exchange.package_data import PackageScope, award_where, header, sections
from app.exchange.package_merge import Merge, MergeReport
from app.exchange.package_signing import checked_origin, export_signer
from app.exchange.package_stream import DataWriter, PackageData
from app.exchange.xlsx_table import ExportCancelled
from app.services.audit_events import record_export
from app.services.awards import AwardQuery, each_award
from app.services.context import ServiceContext, record_bulk
from app.services.documents import document_model
from app.text import fold
from app.text.numbers import int_text
from database.enums import DocumentKind, DocumentStatus
from database.models import Award

__all__ = [
    "ExportResult",
    "MergeReport",
    "PackageRefused",
    "PackageScope",
    "export_package",
    "import_package",
    "default_name",
]

Progress = Callable[[int, int], None]
COUNTED = ("units", "persons", "ratings", "initiatives", "decisions", "awards", "documents")
REGISTERED_DECISION = (DocumentKind.DECISION.value, DocumentStatus.REGISTERED.value)


@dataclass
class ExportResult:
    target: Path
    files: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # decisions whose PDF could not be printed, and why
    signed: str = ""  # the fingerprint of the office's key that signed the package; "" when unsigned

    def summary(self) -> str:
        parts = [
            f"{int_text(n)} {label}"
            for label, n in (
                ("đơn vị", self.counts.get("units", 0)),
                ("cán bộ", self.counts.get("persons", 0)),
                ("xếp loại", self.counts.get("ratings", 0)),
                ("sáng kiến", self.counts.get("initiatives", 0)),
                ("quyết định", self.counts.get("decisions", 0)),
                ("khen thưởng", self.counts.get("awards", 0)),
            )
        ]
        text = f"Đã xuất {int_text(len(self.files))} tệp vào “{self.target}”: " + ", ".join(parts) + "."
        if self.signed:
            text += f" Gói đã được ký bằng khóa của cơ quan (dấu vân tay {self.signed})."
        return text


def default_name(scope: PackageScope, day: dt.date | None = None) -> str:
    day = day or dt.date.today()
    what = (
        f"QD{scope.decision_id}-"
        if scope.decision_id
        else f"PT{scope.campaign_id}-"
        if scope.campaign_id
        else ""
    )
    return f"TDKT-goi-{what}{scope.year}-{day:%Y%m%d}.zip"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "van-ban"


@use_case(Permission.EXPORT, "xuất gói dữ liệu")
def export_package(
    ctx: ServiceContext,
    scope: PackageScope,
    target: Path,
    password: str | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    program: str = "",
    workers: int | None = None,
) -> ExportResult:
    """Write the scope's package to `target` (.zip, or a folder); nothing is left behind on failure.
    Signed with the office's key when it has made one (app.exchange.package_signing). Personal data leaving
    the office: refused before anything is read to a role without EXPORT, and an audit row once written
    (what, year, how many people, where, encrypted or not). The decisions' PDFs are drawn by `workers`
    processes (None: as many as the job is worth, app.documents.state.parallel; 0: here, one by one)."""
    report = progress or (lambda _done, _total: None)
    stop = cancelled or (lambda: False)
    sign, signed = export_signer(ctx)
    if workers is None:  # the workers start while the records are read: the scope's size decides
        with ctx.read() as s:
            lines = s.scalar(select(func.count()).select_from(Award).where(award_where(scope))) or 0
        workers = workers_for(lines, 1 if scope.decision_id else MAX_WORKERS)
    whole_year = not (scope.decision_id or scope.campaign_id)
    counts: dict[str, int] = {}
    pdfs: dict[int, bytes] = {}
    refused: dict[int, str] = {}
    decisions: list[dict] = []
    units: dict[int, str] = {}
    done = total = 0

    def printed(ref: int, pdf: bytes | None, why: str | None) -> None:
        nonlocal done
        if pdf is None:
            refused[ref] = why or ""
        else:
            pdfs[ref] = pdf
        done += 1
        report(done, total)

    def kept(kind: str, records: Iterator[dict]) -> Iterator[dict]:
        """The records on their way into data.json; the few the rest of the export needs are kept."""
        for record in records:
            if kind == "units":
                units[record["ref"]] = record["name"]
            elif kind == "documents" and (record["kind"], record["status"]) == REGISTERED_DECISION:
                decisions.append(record)
            yield record

    with (
        PdfWorkers(workers) as drawing,
        tempfile.TemporaryDirectory(prefix="tdkt-goi-") as work,
        PackageWriter(target, password, sign) as package,
    ):
        with ctx.read() as s, package.part(DATA) as out, DataWriter(out) as data:
            for key, value in header(s, scope, dt.datetime.now(), program).items():
                data.value(key, value)
            for kind, records in sections(s, scope):
                counts[kind] = data.records(kind, kept(kind, records))
                if kind == "documents":
                    # The register comes first: the workers draw the decisions while the records are written.
                    total = 2 + len(decisions)
                    report(done, total)
                    for document in decisions:
                        if stop():
                            raise ExportCancelled()
                        try:
                            drawing.submit(document["ref"], document_model(ctx, document["ref"]))
                        except UserError as exc:
                            printed(document["ref"], None, str(exc))
                elif stop():
                    raise ExportCancelled()
        result = ExportResult(target, counts={k: counts.get(k, 0) for k in COUNTED})
        with ctx.read() as s:
            award_ids = set(s.scalars(select(Award.id).where(award_where(scope))))
        query = AwardQuery(year_from=scope.year, year_to=scope.year) if whole_year else AwardQuery()
        xlsx = Path(work) / f"danh-sach-khen-thuong-{scope.year}.xlsx"
        export_awards_xlsx(
            xlsx,
            (h for h in each_award(ctx, query) if h.id in award_ids),  # streamed, as data.json is
            SEARCH_KEYS,
            units,
            total=len(award_ids),
            title=f"DANH SÁCH KHEN THƯỞNG NĂM {scope.year}",
            cancelled=stop,
        )
        del award_ids
        package.add_file(xlsx.name, xlsx)
        done += 1
        report(done, total)
        for ref, pdf, why in drawing.finished(stop):
            printed(ref, pdf, why)
        if stop():
            raise ExportCancelled()
        for d in decisions:  # in the decisions' order, whichever worker finished first
            if d["ref"] in pdfs:
                package.add(
                    f"quyet-dinh/{d['year']}-{d['number']}-{_slug(d['symbol'])}.pdf", pdfs.pop(d["ref"])
                )
            else:
                result.skipped.append(f"{d['number']}/{d['symbol']}: {refused[d['ref']]}")
        files = sorted(package.entries)
    _record(ctx, scope, target, result, bool(password), bool(sign))
    report(total, total)
    result.files = files + [MANIFEST] + ([SIGNATURE] if sign else [])
    result.signed = signed
    return result


def _record(
    ctx: ServiceContext,
    scope: PackageScope,
    target: Path,
    result: ExportResult,
    encrypted: bool,
    signed: bool,
) -> None:
    """The package's audit row; a .zip that cannot be recorded is taken away again (no export unrecorded)."""
    what = (
        f"gói dữ liệu quyết định (mã {scope.decision_id}) năm {scope.year}"
        if scope.decision_id
        else f"gói dữ liệu phong trào (mã {scope.campaign_id}) năm {scope.year}"
        if scope.campaign_id
        else f"gói dữ liệu năm {scope.year}"
    )
    try:
        record_export(
            ctx,
            what,
            result.counts.get("persons", 0),
            target,
            entity="package",
            year=scope.year,
            campaign_id=scope.campaign_id,
            decision_id=scope.decision_id,
            encrypted=encrypted,
            signed=signed,
            counts=dict(result.counts),
        )
    except BaseException:
        if target.is_file():
            target.unlink(missing_ok=True)
        raise


class _Undo(Exception):
    """Rolls the unit of work back: a dry run, or errors found while matching."""


@use_case(Permission.DESK)
def import_package(
    ctx: ServiceContext,
    source: Path,
    password: str | None = None,
    *,
    dry_run: bool = False,
    accept_probable: bool = False,
    limits: FileLimits = LIMITS,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> MergeReport:
    """Verify, plan and (unless a dry run, or errors were found) merge, in one transaction.

    PackageRefused for a package that cannot be opened or trusted (a signature that does not verify;
    an unsigned or unknown signer when the office takes only trusted packages); errors found while matching are in
    the report, and then nothing is written. Records this database cannot place for sure are in the
    report's review list and left out; `accept_probable` takes a person whose name lacks marks on one
    side for the one person here it folds to. `progress(done, total)`: the package read and checked, then
    each kind of record merged; `cancelled()` true between two of them stops with ImportCancelled, and
    nothing is written."""
    report_progress = progress or (lambda _done, _total: None)
    stop = cancelled or (lambda: False)
    total = 2 + Merge.STEPS

    def step(done: int) -> None:
        if stop():
            raise ImportCancelled()
        report_progress(done, total)

    step(0)
    with verified_package(source, password, limits) as package:
        signature = checked_origin(ctx, package.manifest, package.signature)
        data = PackageData(package.data)  # every record's shape checked before any is merged
        step(1)
        report = MergeReport(dry_run=dry_run, source=_source(data.header), signature=signature)
        try:
            with ctx.write(f"Nhập gói dữ liệu {source.name}") as s:
                Merge(s, data, report, accept_probable=accept_probable).run(lambda done: step(1 + done))
                if dry_run or report.errors:
                    raise _Undo
                record_bulk(
                    s,
                    ctx.actor,
                    "import",
                    "package",
                    f"Nhập gói {source.name}: {report.summary()}",
                    {
                        "file": source.name,
                        "source": report.source,
                        "added": dict(report.added),
                        "changed": dict(report.changed),
                        "conflicts": len(report.conflicts),
                        "review": len(report.review),
                    },
                )
        except _Undo:
            pass
    report_progress(total, total)
    return report


class ImportCancelled(UserError):
    def __init__(self):
        super().__init__("Đã hủy nhập gói; chưa có gì thay đổi.")


def _source(data: dict) -> str:
    agency = data.get("agency") or {}
    scope = data.get("scope") or {}
    return (
        f"{agency.get('name') or 'không rõ cơ quan'}, năm {scope.get('year', '?')}, "
        f"xuất lúc {str(data.get('created_at', '?')).replace('T', ' ')}"
    )
