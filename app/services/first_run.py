"""The first start of a new database: what the first-run wizard (ui/dialogs/first_run.py) gathers, written
through the existing services at the end, in one go.

    is_new_database(db)                 # nothing the office entered yet: the wizard is shown
    check_server(url) -> ServerFacts    # Kiểm tra kết nối: really connects (5 s at most), Vietnamese refusals
    set_up(db, plan) -> FirstRunDone    # agency and signers, the administrator, backups, then the start chosen

"New" means: no agency, no account, no unit and no staff member. A database holding any of them (an older
database, one made from the command line, the demo) never sees the wizard; the older single forms (the
agency form, the first administrator) still ask for what such a database lacks.

Nothing is written before the clerk presses Hoàn tất: the plan is checked whole first (the same checks the
services make), then each service writes its own audited transaction, as the program itself
(`FIRST_RUN_ACTOR`: nobody can be signed in yet). On a SQLite file the opening created, a failure part way
leaves a file the window removes (ui.workspace), so a first start either completes or leaves nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from app.domain.agency import AgencyInfo
from app.errors import UserError, ValidationError
from app.services.accounts import (
    AccountData,
    SignIn,
    create_first_admin,
    policy_problems,
    read_policy,
    sign_in,
)
from app.services.agency import save_agency, validate_agency
from app.services.backups import BackupPolicy, save_policy
from app.services.context import ServiceContext, clean_input
from app.text.identity import same_words
from database.engine import Database, normalise_url
from database.enums import UnitKind
from database.models import Account, Agency, Person, Unit

FIRST_RUN_ACTOR = "cai-dat-lan-dau"  # the audit's "who" of the first start: no account exists yet
CONNECT_TIMEOUT_SECONDS = 5
OFFICE_DATA = (Agency, Account, Unit, Person)  # a database holding any of these is not new


class StartChoice(StrEnum):
    """What the clerk does first, once the wizard is done (step 6, Bắt đầu)."""

    IMPORT = "import"  # the Department as the root unit, then the unit-list and staff-list imports
    EMPTY = "empty"
    DEMO = "demo"  # the small demo province, built into this database


@dataclass(frozen=True)
class FirstRunPlan:
    agency: AgencyInfo  # with its signers
    admin: AccountData
    password: str
    backups: BackupPolicy
    start: StartChoice = StartChoice.EMPTY
    server_url: str | None = None  # a PostgreSQL server chosen in step 4; None: the file on this PC


@dataclass(frozen=True)
class FirstRunDone:
    db: Database  # the database set up (the server's when one was chosen)
    agency: AgencyInfo
    signed: SignIn
    start: StartChoice


def is_new_database(db: Database) -> bool:
    """Nothing the office entered: no agency, no account, no unit, no staff member (the catalogue the
    program loads itself does not count). A database whose tables are not made yet is new too."""
    with ServiceContext(db).read() as s:
        if not inspect(s.connection()).has_table(Agency.__tablename__):
            return True
        return all(s.scalar(select(model.id).limit(1)) is None for model in OFFICE_DATA)


def check_plan(db: Database, plan: FirstRunPlan) -> None:
    """Every refusal the services would give, before anything is written (ValidationError)."""
    validate_agency(clean_input(plan.agency))
    if not plan.admin.username.strip() or not plan.admin.full_name.strip():
        raise ValidationError("Hãy nhập tên đăng nhập và họ và tên của người quản trị.")
    problems = policy_problems(plan.password, read_policy(ServiceContext(db)), plan.admin.username)
    if problems:
        raise ValidationError("Mật khẩu chưa đạt: " + "; ".join(problems) + ".")


def set_up(db: Database, plan: FirstRunPlan, progress: Callable[[str], None] | None = None) -> FirstRunDone:
    """Write what the wizard gathered into `db` (a new database only), then sign the administrator in."""
    say = progress or (lambda _line: None)
    if not is_new_database(db):
        raise UserError(
            f"Cơ sở dữ liệu {db.describe()} đã có dữ liệu: trình hướng dẫn lần đầu chỉ dùng cho cơ sở dữ liệu "
            "mới. Hãy mở chương trình để đăng nhập vào đó, hoặc chọn một cơ sở dữ liệu trống."
        )
    check_plan(db, plan)
    ctx = ServiceContext(db, actor=FIRST_RUN_ACTOR)
    say("Lưu thông tin cơ quan và người ký…")
    agency = save_agency(ctx, plan.agency)
    say("Tạo tài khoản quản trị…")
    create_first_admin(db, plan.admin, plan.password)
    say("Lưu cách sao lưu…")
    save_policy(ctx, plan.backups)
    if plan.start is StartChoice.DEMO:
        from app.demo import build_demo  # the demo's builder only when chosen

        say("Tạo dữ liệu mẫu…")
        build_demo(db, small=True, progress=say)
    elif plan.start is StartChoice.IMPORT:
        from app.services.units import UnitData, create_unit

        # The staff-list import puts people into a unit: the Department, the root of the tree, is the first.
        create_unit(ctx, None, UnitData(name=plan.agency.name, kind=UnitKind.DEPARTMENT))
    return FirstRunDone(db, agency, sign_in(db, plan.admin.username, plan.password), plan.start)


def set_up_chosen(
    ctx: ServiceContext, plan: FirstRunPlan, progress: Callable[[str], None] | None = None
) -> FirstRunDone:
    """`set_up` on the database the clerk chose: `ctx.db` (the file opened at start), or the server of
    `plan.server_url`, opened (migrated, catalogue loaded) and remembered for the next starts once set up.
    (`ctx` first, as the window's operations call it.)"""
    if plan.server_url is None:
        return set_up(ctx.db, plan, progress)
    from app.startup import open_database, remember_database_url

    (progress or (lambda _line: None))("Kết nối máy chủ và tạo các bảng dữ liệu…")
    server = open_database(plan.server_url)
    try:
        done = set_up(server, plan, progress)
    except BaseException:
        server.dispose()
        raise
    remember_database_url(plan.server_url)
    return done


# --- Kiểm tra kết nối ---------------------------------------------------------------------------------------


def server_url(host: str, port: int, database: str, user: str, password: str) -> str:
    """The URL of a PostgreSQL database from the fields the clerk filled (every character quoted)."""
    url = URL.create(
        "postgresql+psycopg",
        username=user.strip() or None,
        password=password or None,
        host=host.strip() or None,
        port=port or None,
        database=database.strip() or None,
    )
    return url.render_as_string(hide_password=False)


@dataclass(frozen=True)
class ServerFacts:
    version: str  # the server's version
    new: bool  # an empty database (or one without TĐKT tables yet): the wizard can set it up
    office: str | None = None  # the agency whose data the database holds ("" : data, but no agency)
    same_office: bool = False  # it holds the data of the office asked about (check_server's `office`)

    @property
    def usable(self) -> bool:
        """Empty, or holding this same office's data (Cài đặt › Cơ sở dữ liệu may choose it then)."""
        return self.new or self.same_office

    @property
    def text(self) -> str:
        said = f"Kết nối được (PostgreSQL {self.version})"
        if self.new:
            return f"{said}. Cơ sở dữ liệu còn trống: dùng được."
        if self.same_office:
            return (
                f"{said}. Cơ sở dữ liệu này đã có dữ liệu của chính cơ quan này ({self.office}): dùng được."
            )
        if self.office:
            return (
                f"{said}, nhưng cơ sở dữ liệu này đã có dữ liệu của cơ quan khác ({self.office}): không dùng "
                "được. Hãy chọn một cơ sở dữ liệu trống, hoặc cơ sở dữ liệu của chính cơ quan này."
            )
        return (
            f"{said}, nhưng cơ sở dữ liệu này đã có dữ liệu TĐKT. "
            "Hãy chọn một cơ sở dữ liệu trống, hoặc mở chương trình bằng --db-url để đăng nhập vào đó."
        )


def _server_problem(url: URL, exc: BaseException) -> str:
    said = str(getattr(exc, "orig", None) or exc)
    low = said.lower()
    where = f"{url.host or 'localhost'}, cổng {url.port or 5432}"
    if "password authentication failed" in low or "no password supplied" in low:
        why = "sai tên người dùng hoặc mật khẩu."
    elif "does not exist" in low and "database" in low:
        why = f"máy chủ chưa có cơ sở dữ liệu “{url.database}”. Hãy nhờ người quản trị máy chủ tạo nó."
    elif "timeout" in low:
        why = f"máy chủ không trả lời trong {CONNECT_TIMEOUT_SECONDS} giây."
    elif "translate host name" in low or "name or service not known" in low or "nodename" in low:
        why = f"không tìm thấy máy chủ “{url.host}”. Hãy kiểm tra tên hoặc địa chỉ IP."
    elif "refused" in low:
        why = "máy chủ từ chối kết nối (chưa chạy PostgreSQL, sai cổng, hoặc tường lửa chặn)."
    else:
        why = said.strip().splitlines()[0] if said.strip() else "lỗi không rõ."
    return f"Không kết nối được máy chủ PostgreSQL ({where}): {why}"


def check_server(url: str | URL, office: AgencyInfo | None = None) -> ServerFacts:
    """Connect once (at most CONNECT_TIMEOUT_SECONDS) and say whether the database is usable and empty, and,
    given `office` (the agency of the database in use), whether the data it holds are that office's;
    UserError in Vietnamese otherwise. Nothing is written."""
    url = normalise_url(url)
    if url.get_backend_name() != "postgresql":
        raise ValidationError("Địa chỉ máy chủ phải là một cơ sở dữ liệu PostgreSQL.")
    if not url.host or not url.database:
        raise ValidationError("Hãy nhập địa chỉ máy chủ và tên cơ sở dữ liệu.")
    engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS})
    try:
        with engine.connect() as conn:
            version = str(conn.execute(text("SHOW server_version")).scalar()).split()[0]
            if not inspect(conn).has_table(Agency.__tablename__):
                return ServerFacts(version, True)
            if all(conn.execute(select(model.id).limit(1)).first() is None for model in OFFICE_DATA):
                return ServerFacts(version, True)
            held = conn.execute(select(Agency.parent_name, Agency.name).limit(1)).first()
        same = (
            held is not None
            and office is not None
            and same_words(held.parent_name, office.parent_name)
            and same_words(held.name, office.name)
        )
        return ServerFacts(version, False, f"{held.name}, {held.parent_name}" if held else "", same)
    except SQLAlchemyError as exc:
        raise UserError(_server_problem(url, exc)) from exc
    finally:
        engine.dispose()
