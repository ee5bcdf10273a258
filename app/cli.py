"""Command line: `python -m app [--db PATH | --db-url URL] [command ...]`; no command starts the window."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable

from app.errors import UserError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m app",
        description="TĐKT — quản lý thi đua, khen thưởng. Không có lệnh: mở cửa sổ chương trình.",
    )
    parser.add_argument("--db", metavar="PATH", help="mở tệp cơ sở dữ liệu SQLite khác")
    parser.add_argument("--db-url", metavar="URL", help="mở cơ sở dữ liệu PostgreSQL (postgresql://…)")
    parser.add_argument(
        "--user",
        metavar="TÊN",
        help="tên đăng nhập (hoặc biến môi trường TDKT_USER); mật khẩu lấy từ biến môi trường TDKT_PASSWORD "
        "hoặc gõ khi được hỏi",
    )
    sub = parser.add_subparsers(dest="command")
    for add in COMMAND_GROUPS:
        add(sub)
    return parser


PASSWORD_ALIAS_HELP = (
    "(cũ, không nên dùng: ai dùng chung máy cũng đọc được) mật khẩu của gói; hãy dùng biến môi trường "
    "TDKT_PACKAGE_PASSWORD hoặc gõ khi được hỏi"
)
PROBABLE_HELP = "coi tên không dấu khớp đúng một người đã có (cùng ngày sinh) là người đó"


# --- one function per command group, in the order `--help` lists them -------------------------------------


def _json(parser) -> None:
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")


def _dry_run(parser) -> None:
    parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")


def _add_demo(sub) -> None:
    demo = sub.add_parser("demo", help="tạo dữ liệu mẫu của một tỉnh")
    size = demo.add_mutually_exclusive_group()
    size.add_argument("--small", action="store_true", help="bộ dữ liệu nhỏ để xem nhanh")
    size.add_argument(
        "--scale",
        type=int,
        metavar="N",
        help="số cán bộ của tỉnh mẫu (mặc định 25.000; thử 100.000 sau sáp nhập)",
    )
    demo.add_argument("--seed", type=int, default=2025, help="hạt giống ngẫu nhiên (mặc định 2025)")
    demo.add_argument(
        "--admin-password",
        metavar="MẬT_KHẨU",
        help="mật khẩu của tài khoản admin của dữ liệu mẫu (mặc định: một mật khẩu ngẫu nhiên, in ra khi xong)",
    )


def _add_selftest(sub) -> None:
    sub.add_parser("selftest", help="tự kiểm tra: tạo cơ sở dữ liệu tạm, ghi và đọc lại")


def _add_import(sub) -> None:
    imp = sub.add_parser("import", help="nhập dữ liệu từ tệp").add_subparsers(dest="what", required=True)
    staff = imp.add_parser("staff", help="nhập danh sách cán bộ từ tệp Excel (.xlsx, .xls)")
    staff.add_argument("file", help="tệp Excel của đơn vị")
    staff.add_argument("--unit", required=True, help="tên hoặc mã đơn vị nhận danh sách")
    staff.add_argument("--sheet", help="tên trang tính (mặc định: trang đầu tiên có danh sách)")
    staff.add_argument("--create-unit", action="store_true", help="tạo đơn vị trực thuộc Sở nếu chưa có")
    staff.add_argument(
        "--create-departments",
        action="store_true",
        help="tạo các khoa, phòng ghi trong tệp mà đơn vị chưa có (mặc định: không tạo; nếu tệp có khoa, phòng "
        "chưa có thì không nhập gì và liệt kê chúng; khoa, phòng trùng tên, kể cả khác dấu hay hoa thường, "
        "được dùng lại)",
    )
    staff.add_argument("--update-duplicates", action="store_true", help="cập nhật người đã có thay vì bỏ qua")
    staff.add_argument("--accept-probable", action="store_true", help=PROBABLE_HELP)
    _dry_run(staff)
    _json(staff)
    units = imp.add_parser(
        "units",
        help="nhập danh sách đơn vị trực thuộc (và khoa, phòng của đơn vị) từ tệp Excel (.xlsx, .xls)",
    )
    units.add_argument(
        "file", help="tệp Excel có cột Tên đơn vị, Mã đơn vị, Loại, Trực thuộc, Địa chỉ, Điện thoại"
    )
    _dry_run(units)
    _json(units)
    nominations = imp.add_parser(
        "nominations", help="nhập danh sách đề nghị khen thưởng của một đơn vị từ tệp Excel (.xlsx, .xls)"
    )
    nominations.add_argument("file", help="tệp Excel của đơn vị")
    nominations.add_argument("--unit", required=True, help="tên hoặc mã đơn vị đề nghị")
    nominations.add_argument("--year", type=int, required=True, help="năm xét khen thưởng")
    nominations.add_argument("--sheet", help="tên trang tính (mặc định: trang đầu tiên có danh sách)")
    nominations.add_argument(
        "--attach",
        action="append",
        metavar="TỆP",
        help="tệp kèm theo hồ sơ (tờ trình, biên bản, báo cáo thành tích; loại đoán theo tên tệp), có thể lặp lại",
    )
    _dry_run(nominations)
    _json(nominations)
    history = imp.add_parser("history", help="nhập lịch sử xếp loại, sáng kiến, khen thưởng từ tệp Excel")
    history.add_argument("file", help="tệp .xlsx có các trang Cán bộ, Xếp loại, Sáng kiến, Khen thưởng")
    _dry_run(history)
    history.add_argument("--accept-probable", action="store_true", help=PROBABLE_HELP)
    _json(history)
    package = imp.add_parser("package", help="nhập gói dữ liệu (.zip hoặc thư mục) từ USB")
    package.add_argument("file", help="tệp .zip hoặc thư mục của gói")
    package.add_argument("--password", help=PASSWORD_ALIAS_HELP)
    _dry_run(package)
    package.add_argument(
        "--accept-probable",
        action="store_true",
        help="nhận người có tên không dấu ở một bên là người duy nhất trùng tên và ngày sinh ở đây",
    )
    _json(package)


def _add_export(sub) -> None:
    exp = sub.add_parser("export", help="xuất dữ liệu ra tệp").add_subparsers(dest="what", required=True)
    package = exp.add_parser(
        "package",
        help="xuất gói dữ liệu của một năm ra .zip (hoặc thư mục) để chép USB; gói có mật khẩu AES-256, lấy "
        "từ biến môi trường TDKT_PACKAGE_PASSWORD hoặc gõ hai lần khi được hỏi",
    )
    package.add_argument("--year", type=int, required=True, help="năm của dữ liệu")
    package.add_argument("--campaign", type=int, help="chỉ một phong trào (số id)")
    package.add_argument("--decision", type=int, help="chỉ một quyết định (số id)")
    package.add_argument("--out", required=True, help="tệp .zip (hoặc thư mục trống) để ghi gói")
    package.add_argument("--password", help=PASSWORD_ALIAS_HELP)
    package.add_argument(
        "--no-password",
        action="store_true",
        help="không đặt mật khẩu cho gói (gói có dữ liệu cá nhân; việc này được ghi vào nhật ký)",
    )


def _add_eligibility(sub) -> None:
    elig = sub.add_parser("eligibility", help="xét điều kiện khen thưởng: ai đủ điều kiện trong năm")
    elig.add_argument("--year", type=int, required=True, help="năm xét thành tích")
    elig.add_argument(
        "--title", metavar="CODE", help="mã danh hiệu, hình thức (mặc định: tất cả), ví dụ CSTD_TINH"
    )
    elig.add_argument("--unit", help="tên hoặc mã đơn vị (gồm các đơn vị trực thuộc và đơn vị tiền thân)")
    _json(elig)


def _add_bonus(sub) -> None:
    bonus = sub.add_parser("bonus", help="tiền thưởng của một danh hiệu, hình thức vào một ngày quyết định")
    bonus.add_argument("--title", metavar="CODE", required=True, help="mã danh hiệu, hình thức, ví dụ LDTT")
    bonus.add_argument("--date", required=True, help="ngày quyết định, dạng YYYY-MM-DD")
    bonus.add_argument("--collective", action="store_true", help="mức của tập thể (mặc định: cá nhân)")
    _json(bonus)


def _add_awards(sub) -> None:
    paid = sub.add_parser("awards", help="khen thưởng của một năm và tiền thưởng từng quyết định đã chi")
    paid.add_argument("--year", type=int, required=True, help="năm của thành tích")
    paid.add_argument("--unit", help="tên hoặc mã đơn vị (gồm các đơn vị trực thuộc và đơn vị tiền thân)")
    _json(paid)


def _add_documents(sub) -> None:
    docs = sub.add_parser("documents", help="sổ văn bản đi: liệt kê, in lại; sổ văn bản đến").add_subparsers(
        dest="what", required=True
    )
    listing = docs.add_parser("list", help="liệt kê văn bản đã vào sổ")
    listing.add_argument("--year", type=int, help="chỉ văn bản của năm này")
    _json(listing)
    render = docs.add_parser("render", help="in lại một văn bản ra tệp PDF hoặc Word")
    render.add_argument("id", type=int, help="số thứ tự của văn bản trong sổ (cột id của documents list)")
    render.add_argument("--out", required=True, help="tệp kết quả (.pdf hoặc .docx)")
    incoming = docs.add_parser("incoming", help="sổ văn bản đến").add_subparsers(dest="step", required=True)
    received = incoming.add_parser("list", help="liệt kê văn bản đến và những gì chúng liên kết")
    received.add_argument("--year", type=int, help="chỉ văn bản đến trong năm này")
    _json(received)


def _add_blocks(sub) -> None:
    blocks = sub.add_parser("blocks", help="cụm, khối thi đua: liệt kê, xem, xếp hạng").add_subparsers(
        dest="what", required=True
    )
    listing = blocks.add_parser("list", help="liệt kê cụm, khối thi đua")
    listing.add_argument("--year", type=int, help="chỉ cụm, khối của năm này")
    _json(listing)
    show = blocks.add_parser("show", help="thành viên (đơn vị, cơ quan ngoài ngành, Sở), vai trò, quy tắc")
    show.add_argument("id", type=int, help="số của cụm, khối (cột id của blocks list)")
    _json(show)
    ranking = blocks.add_parser("ranking", help="kết quả chấm điểm, xếp hạng của năm")
    ranking.add_argument("--year", type=int, required=True, help="năm thi đua")
    ranking.add_argument("--block", type=int, help="chỉ cụm, khối này (cột id của blocks list)")
    _json(ranking)


def _add_backup(sub) -> None:
    backups = sub.add_parser("backup", help="sao lưu, liệt kê và khôi phục bản sao lưu").add_subparsers(
        dest="action", required=True
    )
    _json(backups.add_parser("create", help="sao lưu ngay và kiểm tra bản sao lưu; in đường dẫn của nó"))
    _json(backups.add_parser("list", help="liệt kê các bản sao lưu: ngày, dung lượng, số liệu, kiểm tra"))
    restore = backups.add_parser("restore", help="khôi phục dữ liệu từ một bản sao lưu")
    restore.add_argument("file", help="tệp sao lưu (hoặc tên của nó trong thư mục sao lưu)")
    restore.add_argument(
        "--yes", action="store_true", help="xác nhận khôi phục (không có: chỉ xem bản sao lưu có gì)"
    )


def _add_users(sub) -> None:
    users = sub.add_parser(
        "users",
        help="tài khoản: tạo, liệt kê, đặt lại mật khẩu, vô hiệu hóa (mật khẩu mới: biến môi trường "
        "TDKT_NEW_PASSWORD hoặc gõ hai lần khi được hỏi)",
    ).add_subparsers(dest="action", required=True)
    add = users.add_parser(
        "add", help="tạo tài khoản (cơ sở dữ liệu chưa có tài khoản nào: tạo tài khoản quản trị đầu tiên)"
    )
    add.add_argument("name", help="tên đăng nhập")
    add.add_argument("--full-name", required=True, help="họ và tên người dùng")
    add.add_argument(
        "--roles",
        required=True,
        help="vai trò, cách nhau bằng dấu phẩy: QUAN_TRI (Quản trị), CHUYEN_VIEN (Chuyên viên TĐKT), "
        "VAN_THU (Văn thư), LANH_DAO (Lãnh đạo), CHI_XEM (Chỉ xem)",
    )
    _json(users.add_parser("list", help="liệt kê tài khoản: vai trò, trạng thái, lần đăng nhập cuối"))
    for action, text in (
        ("reset", "đặt lại mật khẩu (người dùng phải đổi ở lần đăng nhập tới)"),
        ("disable", "vô hiệu hóa tài khoản (không xóa: lịch sử của nó vẫn còn)"),
        ("enable", "kích hoạt lại tài khoản đã vô hiệu hóa"),
    ):
        users.add_parser(action, help=text).add_argument("name", help="tên đăng nhập")


def _add_campaigns(sub) -> None:
    campaigns = sub.add_parser(
        "campaigns", help="phong trào thi đua: liệt kê, xem, xuất báo cáo chỉ tiêu"
    ).add_subparsers(dest="action", required=True)
    listing = campaigns.add_parser("list", help="liệt kê phong trào (đang diễn ra trước, mới nhất trước)")
    listing.add_argument("--year", type=int, help="chỉ phong trào có thời gian trong năm này")
    _json(listing)
    show = campaigns.add_parser("show", help="một phong trào: các đợt, nội dung, chỉ tiêu và kết quả")
    show.add_argument("id", type=int, help="số id của phong trào (cột id của campaigns list)")
    _json(show)
    export = campaigns.add_parser(
        "export", help="xuất báo cáo kết quả thực hiện chỉ tiêu theo đơn vị, từng năm"
    )
    export.add_argument("id", type=int, help="số id của phong trào")
    export.add_argument("--out", required=True, help="tệp kết quả (.xlsx hoặc .pdf)")


def _add_registrations(sub) -> None:
    registrations = sub.add_parser("registrations", help="đăng ký thi đua").add_subparsers(
        dest="action", required=True
    )
    listing = registrations.add_parser(
        "list", help="bản đăng ký thi đua của các đơn vị trong năm: trạng thái, danh hiệu, mô hình, giải pháp"
    )
    listing.add_argument("--year", type=int, required=True, help="năm đăng ký")
    listing.add_argument("--unit", help="tên hoặc mã đơn vị (mặc định: mọi đơn vị)")
    _json(listing)


def _add_audit(sub) -> None:
    audit = sub.add_parser("audit", help="nhật ký thay đổi").add_subparsers(dest="action", required=True)
    audit.add_parser(
        "verify", help="kiểm tra nhật ký: chuỗi mã băm còn nguyên vẹn (0), hay dòng đầu tiên bị sửa, xóa (1)"
    )


def _add_catalogue(sub) -> None:
    catalogue = sub.add_parser(
        "catalogue", help="cập nhật quy định (danh mục, hệ số, lương cơ sở, căn cứ) từ tệp của nhà phát hành"
    ).add_subparsers(dest="action", required=True)
    update = catalogue.add_parser(
        "update",
        help="áp dụng tệp cập nhật quy định (.zip có chữ ký của nhà phát hành); in các dòng thay đổi",
    )
    update.add_argument("file", help="tệp cập nhật quy định (.zip)")
    _dry_run(update)
    _json(update)
    _json(catalogue.add_parser("updates", help="các bản cập nhật quy định đã áp dụng, mới nhất trước"))
    undo = catalogue.add_parser(
        "undo-update", help="hoàn tác bản cập nhật quy định áp dụng sau cùng: trả danh mục về như trước"
    )
    undo.add_argument("id", type=int, help="số của bản cập nhật (cột số của catalogue updates)")
    _json(undo)


def _add_merge(sub) -> None:
    merge = sub.add_parser(
        "merge-database",
        help="hợp nhất dữ liệu của một Sở Y tế khác (cơ sở dữ liệu TĐKT .sqlite3) vào cơ sở dữ liệu này",
    )
    merge.add_argument("other", metavar="OTHER.sqlite3", help="tệp cơ sở dữ liệu TĐKT của đơn vị cũ")
    merge.add_argument("--dry-run", action="store_true", help="chỉ xem sẽ gộp, thêm gì; không ghi gì")
    merge.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    merge.add_argument(
        "--under",
        metavar="ĐƠN_VỊ",
        help="đặt cả cây đơn vị của bên kia dưới đơn vị này (mã hoặc tên); không có: ghép từng đơn vị theo tên",
    )
    merge.add_argument(
        "--map",
        metavar="BÊN_KIA=Ở_ĐÂY",
        action="append",
        default=[],
        help="đơn vị của bên kia (mã hoặc tên) là đơn vị này ở đây (mã hoặc tên); các khoa, phòng trực thuộc "
        "ghép theo tên",
    )
    merge.add_argument(
        "--join",
        metavar="MÃ",
        action="append",
        default=[],
        help="xác nhận một trường hợp gần đúng (mã định danh cán bộ bên kia, in trong danh sách cần xem xét)",
    )
    merge.add_argument(
        "--accept-probable", action="store_true", help="gộp mọi trường hợp gần đúng có đúng một người ở đây"
    )
    merge.add_argument(
        "--report", metavar="TỆP.xlsx", help="ghi danh sách mọi trường hợp gộp, thêm, xung đột"
    )


COMMAND_GROUPS = (
    _add_demo,
    _add_selftest,
    _add_import,
    _add_export,
    _add_eligibility,
    _add_bonus,
    _add_awards,
    _add_documents,
    _add_blocks,
    _add_backup,
    _add_users,
    _add_campaigns,
    _add_registrations,
    _add_audit,
    _add_catalogue,
    _add_merge,
)


# The function behind each command that works on the database, (ctx, args) -> exit code, imported only when
# that command runs (start-up reads none of them); `import` and `export` by what they take.
RUNNERS = {
    "merge-database": "merge_database:run_merge_database",
    ("export", "package"): "package:run_export_package",
    ("import", "package"): "package:run_import_package",
    ("import", "staff"): "import_staff:run_import_staff",
    ("import", "units"): "import_units:run_import_units",
    ("import", "nominations"): "import_nominations:run_import_nominations",
    ("import", "history"): "import_history:run_import_history",
    "eligibility": "eligibility:run_eligibility",
    "registrations": "registrations:run_registrations",
    "users": "users:run_users",
    "campaigns": "campaigns:run_campaigns",
    "audit": "audit:run_audit",
    "catalogue": "catalogue:run_catalogue",
    "blocks": "blocks:run_blocks",
    "bonus": "money:run_bonus",
    "awards": "money:run_awards",
    "documents": "documents:run_documents",
}


def _runner(args) -> Callable:
    key = (args.command, args.what) if args.command in ("import", "export") else args.command
    module, _, name = RUNNERS[key].partition(":")
    return getattr(importlib.import_module(f"app.commands.{module}"), name)


def _open(args):
    from app.startup import open_database, resolve_url

    return open_database(resolve_url(args.db, args.db_url))


def _context(db, args):
    from app.commands.credentials import command_context

    return command_context(db, args.user)


def _run_on_file(args, runner: Callable) -> int:
    """Backups work on the database as it is: not migrated first (a backup from before an upgrade stays one),
    and a damaged file can still be restored."""
    from app.startup import resolve_url
    from database.engine import Database

    db = Database.open(resolve_url(args.db, args.db_url))
    try:
        return runner(_context(db, args), args)
    finally:
        db.dispose()


def main(argv: list[str], gui: Callable | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            if gui is None:
                print("Không có giao diện đồ họa trong chế độ này.", file=sys.stderr)
                return 2
            return gui(args)
        if args.command == "selftest":
            from app.selftest import run_selftest

            return run_selftest(print)
        if args.command == "demo":
            from app.commands.demo import run_demo

            db = _open(args)
            try:
                return run_demo(db, args)
            finally:
                db.dispose()
        if args.command == "backup":
            from app.commands.backup import run_backup

            return _run_on_file(args, run_backup)
        runner = _runner(args)
        db = _open(args)
        try:
            from app.startup import refuse_if_damaged

            refuse_if_damaged(db)  # figures read from a damaged file may miss rows: say so, exit 2
            return runner(_context(db, args), args)
        finally:
            db.dispose()
    except UserError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    return 0
