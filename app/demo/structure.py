"""The shape of the demo province: its agency, its units, and who works in them.

Everything here is plain data. The generator reads it; nothing in it touches the database.
The province is invented (tỉnh Sơn Hà) so demo records can never be mistaken for a real office.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from app.text import fold
from database.enums import UnitKind

PROVINCE = "Sơn Hà"
AGENCY_PARENT = f"UBND tỉnh {PROVINCE}"
AGENCY_NAME = "Sở Y tế"
AGENCY_SYMBOL = "SYT"
AGENCY_ADDRESS = f"Số 18 đường Trần Phú, phường Hà Thành, tỉnh {PROVINCE}"
PROVINCE_CHAIR = "Lê Minh Khang"  # Chủ tịch UBND tỉnh (invented)
PROVINCE_VICE_CHAIR = "Đỗ Thị Hạnh"  # Phó Chủ tịch phụ trách khối văn hóa – xã hội (invented)

# 1 July 2025: districts abolished; district health centres renamed "khu vực", some merged (NĐ 129/2025).
REFORM_DAY = dt.date(2025, 7, 1)

CLINICAL = UnitKind.CLINICAL_DEPT
ADMIN = UnitKind.ADMIN_DEPT


@dataclass(frozen=True)
class Dept:
    """A khoa or phòng inside an organisation."""

    code: str
    name: str
    kind: UnitKind
    weight: float  # share of the organisation's staff
    mix: str  # key of ROLE_MIX
    in_small: bool = False


@dataclass(frozen=True)
class Org:
    """A unit directly under the Sở: an office, a hospital, a centre ..."""

    code: str
    name: str
    short_name: str
    kind: UnitKind
    staff: int  # staff at province scale (25,000 in all); scaled to the size asked for
    mix: str = "general"  # roles of staff posted at the organisation itself
    depts: tuple[Dept, ...] = ()
    in_small: bool = False
    head: str = "Giám đốc"
    deputy: str = "Phó Giám đốc"
    medical: bool = True  # heads are doctors
    established_on: dt.date | None = None
    old_name: str | None = None  # name before a rename
    renamed_on: dt.date | None = None
    rename_ref: str | None = None
    merged_into: str | None = None  # code of the successor (for units that end on REFORM_DAY)
    district: str | None = None
    extra: dict = field(default_factory=dict)


def _d(code: str, name: str, kind: UnitKind, weight: float, mix: str, small: bool = False) -> Dept:
    return Dept(code, name, kind, weight, mix, small)


GENERAL_HOSPITAL_DEPTS = (
    _d("KB", "Khoa Khám bệnh", CLINICAL, 6, "clinical", True),
    _d("HSTC", "Khoa Hồi sức tích cực - Chống độc", CLINICAL, 5, "clinical", True),
    _d("CC", "Khoa Cấp cứu", CLINICAL, 5, "clinical"),
    _d("NOI", "Khoa Nội tổng hợp", CLINICAL, 6, "clinical", True),
    _d("TM", "Khoa Nội tim mạch", CLINICAL, 5, "clinical"),
    _d("NGOAI", "Khoa Ngoại tổng hợp", CLINICAL, 6, "surgery", True),
    _d("CTCH", "Khoa Chấn thương chỉnh hình", CLINICAL, 5, "surgery"),
    _d("GMHS", "Khoa Phẫu thuật - Gây mê hồi sức", CLINICAL, 6, "surgery"),
    _d("TN", "Khoa Truyền nhiễm", CLINICAL, 4, "clinical"),
    _d("XN", "Khoa Xét nghiệm", CLINICAL, 4, "lab", True),
    _d("CDHA", "Khoa Chẩn đoán hình ảnh", CLINICAL, 4, "lab"),
    _d("DUOC", "Khoa Dược", CLINICAL, 3, "pharmacy"),
    _d("KHTH", "Phòng Kế hoạch tổng hợp", ADMIN, 2, "admin", True),
    _d("TCCB", "Phòng Tổ chức cán bộ", ADMIN, 1.5, "admin"),
    _d("TCKT", "Phòng Tài chính kế toán", ADMIN, 2, "finance"),
    _d("HCQT", "Phòng Hành chính quản trị", ADMIN, 3, "support"),
)

REGIONAL_HOSPITAL_DEPTS = (
    _d("KB", "Khoa Khám bệnh", CLINICAL, 5, "clinical"),
    _d("HSCC", "Khoa Hồi sức cấp cứu", CLINICAL, 5, "clinical"),
    _d("NOI", "Khoa Nội", CLINICAL, 6, "clinical"),
    _d("NGOAI", "Khoa Ngoại", CLINICAL, 6, "surgery"),
    _d("SAN", "Khoa Phụ sản", CLINICAL, 4, "obstetric"),
    _d("KHTH", "Phòng Kế hoạch tổng hợp", ADMIN, 2, "admin"),
    _d("TCHC", "Phòng Tổ chức - Hành chính", ADMIN, 3, "support"),
)

HEALTH_CENTRE_DEPTS = (
    _d("KBCC", "Khoa Khám bệnh - Hồi sức cấp cứu", CLINICAL, 8, "clinical", True),
    _d("NOI", "Khoa Nội - Nhi - Truyền nhiễm", CLINICAL, 6, "clinical"),
    _d("NGOAI", "Khoa Ngoại - Sản - Liên chuyên khoa", CLINICAL, 5, "obstetric", True),
    _d("KSBT", "Khoa Kiểm soát bệnh tật - HIV/AIDS", CLINICAL, 6, "public_health", True),
    _d("TCHC", "Phòng Tổ chức - Hành chính", ADMIN, 3, "admin"),
)

REGIONS = (
    "Thành Sơn",
    "Đông Phong",
    "Tân Lập",
    "Yên Hòa",
    "Phú Lương",
    "Bình Giang",
    "Hưng Nhân",
    "Ngọc Lâm",
    "Thạch Bàn",
    "Mỹ Lộc",
)
SMALL_REGIONS = 3
# District centres that were merged into a regional one: (district, successor region).
MERGED = (("Hà Trung", "Thành Sơn"), ("Lâm Xuyên", "Đông Phong"), ("Minh Đức", "Đông Phong"))
SMALL_MERGED = 1

# The province of 1 July 2025 took over two former provinces' departments (Sở Y tế tỉnh Hà Xuyên, Sở Y tế tỉnh
# Tây Lâm): the registers they kept come into every demo but the small one; their units come in when the
# province asked for is larger than the demo province of BASE_STAFF (app.demo.former).
FORMER_PROVINCES = (("Hà Xuyên", "HX"), ("Tây Lâm", "TL"))
BASE_STAFF = 25_000  # the demo province of organisations(): its `staff` weights are its share of this
# Places the former provinces' district (now regional) health centres and hospitals are named after: a first
# syllable and a second, taken in an order drawn once (no two alike, none of the province's own).
PLACE_FIRST = (
    "An",
    "Bảo",
    "Bình",
    "Cẩm",
    "Diễn",
    "Đại",
    "Gia",
    "Hải",
    "Hòa",
    "Hoàng",
    "Hưng",
    "Kim",
    "Kỳ",
    "Lạc",
    "Long",
    "Minh",
    "Mỹ",
    "Nam",
    "Nghĩa",
    "Ngọc",
    "Phú",
    "Phúc",
    "Quảng",
    "Quế",
    "Tam",
    "Tân",
    "Thạch",
    "Thanh",
    "Thiệu",
    "Thuận",
    "Tiên",
    "Triệu",
    "Trung",
    "Vĩnh",
    "Xuân",
    "Yên",
)
PLACE_SECOND = (
    "Bình",
    "Châu",
    "Điền",
    "Đông",
    "Giang",
    "Hà",
    "Hải",
    "Hòa",
    "Khánh",
    "Lâm",
    "Lộc",
    "Lợi",
    "Lương",
    "Mỹ",
    "Nghĩa",
    "Ninh",
    "Phong",
    "Quang",
    "Sơn",
    "Tây",
    "Thành",
    "Thịnh",
    "Thủy",
    "Tiến",
    "Trạch",
    "Trung",
    "Văn",
    "Xuyên",
    "Yên",
)


def _code(text: str) -> str:
    return "".join(word[:1] for word in fold(text).split()).upper()


def organisations(small: bool, staff: int | None = None) -> list[Org]:
    """The units directly under the Sở, in display order (offices, sub-departments, hospitals, centres); for a
    province of more than BASE_STAFF `staff`, the former provinces' units after them (former_organisations)."""
    orgs: list[Org] = [
        Org(
            "SYT.VP",
            "Văn phòng Sở",
            "Văn phòng",
            UnitKind.DEPARTMENT_OFFICE,
            14,
            "office",
            in_small=True,
            head="Chánh Văn phòng",
            deputy="Phó Chánh Văn phòng",
            medical=False,
        ),
        Org(
            "SYT.NVY",
            "Phòng Nghiệp vụ Y",
            "NVY",
            UnitKind.DEPARTMENT_OFFICE,
            10,
            "office",
            in_small=True,
            head="Trưởng phòng",
            deputy="Phó Trưởng phòng",
        ),
        Org(
            "SYT.NVD",
            "Phòng Nghiệp vụ Dược",
            "NVD",
            UnitKind.DEPARTMENT_OFFICE,
            8,
            "office",
            head="Trưởng phòng",
            deputy="Phó Trưởng phòng",
            medical=False,
        ),
        Org(
            "SYT.KHTC",
            "Phòng Kế hoạch - Tài chính",
            "KHTC",
            UnitKind.DEPARTMENT_OFFICE,
            10,
            "office",
            head="Trưởng phòng",
            deputy="Phó Trưởng phòng",
            medical=False,
        ),
        Org(
            "SYT.TCCB",
            "Phòng Tổ chức cán bộ",
            "TCCB",
            UnitKind.DEPARTMENT_OFFICE,
            8,
            "office",
            in_small=True,
            head="Trưởng phòng",
            deputy="Phó Trưởng phòng",
            medical=False,
        ),
        Org(
            "SYT.TTRA",
            "Thanh tra Sở",
            "Thanh tra",
            UnitKind.DEPARTMENT_OFFICE,
            9,
            "inspection",
            head="Chánh Thanh tra",
            deputy="Phó Chánh Thanh tra",
            medical=False,
        ),
        Org(
            "CCDS",
            "Chi cục Dân số",
            "Chi cục DS",
            UnitKind.SUB_DEPARTMENT,
            24,
            "population",
            in_small=True,
            head="Chi cục trưởng",
            deputy="Phó Chi cục trưởng",
            medical=False,
        ),
        Org(
            "CCATTP",
            "Chi cục An toàn vệ sinh thực phẩm",
            "Chi cục ATVSTP",
            UnitKind.SUB_DEPARTMENT,
            20,
            "food",
            head="Chi cục trưởng",
            deputy="Phó Chi cục trưởng",
            medical=False,
        ),
        Org(
            "BVDKT",
            f"Bệnh viện Đa khoa tỉnh {PROVINCE}",
            "BVĐK tỉnh",
            UnitKind.HOSPITAL,
            2600,
            depts=GENERAL_HOSPITAL_DEPTS,
            in_small=True,
        ),
        Org(
            "BVNHI",
            f"Bệnh viện Nhi {PROVINCE}",
            "BV Nhi",
            UnitKind.HOSPITAL,
            900,
            in_small=True,
            depts=(
                _d("KB", "Khoa Khám bệnh", CLINICAL, 4, "clinical"),
                _d("HSTC", "Khoa Hồi sức tích cực - Chống độc Nhi", CLINICAL, 4, "clinical", True),
                _d("SS", "Khoa Sơ sinh", CLINICAL, 4, "clinical", True),
                _d("NTH", "Khoa Nhi tổng hợp", CLINICAL, 6, "clinical", True),
                _d("NGOAI", "Khoa Ngoại Nhi", CLINICAL, 3, "surgery"),
                _d("CLS", "Khoa Cận lâm sàng", CLINICAL, 3, "lab"),
                _d("KHTH", "Phòng Kế hoạch tổng hợp", ADMIN, 1.5, "admin"),
                _d("TCKT", "Phòng Tài chính kế toán", ADMIN, 1.5, "finance"),
            ),
        ),
        Org(
            "BVSAN",
            f"Bệnh viện Sản {PROVINCE}",
            "BV Sản",
            UnitKind.HOSPITAL,
            800,
            depts=(
                _d("KB", "Khoa Khám bệnh", CLINICAL, 3, "obstetric"),
                _d("SB", "Khoa Sản bệnh", CLINICAL, 4, "obstetric"),
                _d("DE", "Khoa Đẻ", CLINICAL, 4, "obstetric"),
                _d("PHU", "Khoa Phụ", CLINICAL, 3, "surgery"),
                _d("SS", "Khoa Sơ sinh", CLINICAL, 3, "clinical"),
                _d("TCHC", "Phòng Tổ chức - Hành chính", ADMIN, 2, "admin"),
            ),
        ),
        Org(
            "BVUB",
            f"Bệnh viện Ung bướu {PROVINCE}",
            "BV Ung bướu",
            UnitKind.HOSPITAL,
            650,
            depts=(
                _d("NUB", "Khoa Nội ung bướu", CLINICAL, 5, "clinical"),
                _d("XT", "Khoa Xạ trị", CLINICAL, 3, "lab"),
                _d("NGOAI", "Khoa Ngoại ung bướu", CLINICAL, 4, "surgery"),
                _d("CLS", "Khoa Cận lâm sàng", CLINICAL, 3, "lab"),
                _d("TCHC", "Phòng Tổ chức - Hành chính", ADMIN, 2, "admin"),
            ),
        ),
        Org(
            "BVYDCT",
            "Bệnh viện Y dược cổ truyền tỉnh",
            "BV YDCT",
            UnitKind.HOSPITAL,
            450,
            in_small=True,
            old_name="Bệnh viện Y học cổ truyền tỉnh",
            renamed_on=dt.date(2021, 3, 1),
            rename_ref="Quyết định số 612/QĐ-UBND ngày 15/02/2021 của UBND tỉnh",
            depts=(
                _d("KB", "Khoa Khám bệnh", CLINICAL, 3, "clinical"),
                _d("NN", "Khoa Nội - Nhi", CLINICAL, 4, "clinical"),
                _d("CC", "Khoa Châm cứu - Dưỡng sinh", CLINICAL, 4, "clinical"),
                _d("DUOC", "Khoa Dược", CLINICAL, 2, "pharmacy"),
                _d("TCHC", "Phòng Tổ chức - Hành chính", ADMIN, 2, "admin"),
            ),
        ),
        Org(
            "BVTT",
            "Bệnh viện Tâm thần tỉnh",
            "BV Tâm thần",
            UnitKind.HOSPITAL,
            280,
            depts=(
                _d("NAM", "Khoa Điều trị nam", CLINICAL, 4, "clinical"),
                _d("NU", "Khoa Điều trị nữ", CLINICAL, 3, "clinical"),
                _d("TCHC", "Phòng Tổ chức - Hành chính", ADMIN, 2, "admin"),
            ),
        ),
        Org(
            "BVPHOI",
            "Bệnh viện Phổi tỉnh",
            "BV Phổi",
            UnitKind.HOSPITAL,
            320,
            in_small=True,
            depts=(
                _d("LAO", "Khoa Lao", CLINICAL, 4, "clinical"),
                _d("BP", "Khoa Bệnh phổi", CLINICAL, 4, "clinical"),
                _d("TCHC", "Phòng Tổ chức - Hành chính", ADMIN, 2, "admin"),
            ),
        ),
        Org("BVPHCN", "Bệnh viện Phục hồi chức năng tỉnh", "BV PHCN", UnitKind.HOSPITAL, 220),
        Org("BVMAT", "Bệnh viện Mắt tỉnh", "BV Mắt", UnitKind.HOSPITAL, 180),
        Org("BVDL", "Bệnh viện Da liễu tỉnh", "BV Da liễu", UnitKind.HOSPITAL, 120),
        Org("BVNT", "Bệnh viện Nội tiết tỉnh", "BV Nội tiết", UnitKind.HOSPITAL, 200),
        Org(
            "BVKVB",
            f"Bệnh viện Đa khoa khu vực Bắc {PROVINCE}",
            "BVĐK KV Bắc",
            UnitKind.HOSPITAL,
            650,
            depts=REGIONAL_HOSPITAL_DEPTS,
        ),
        Org(
            "BVKVN",
            f"Bệnh viện Đa khoa khu vực Nam {PROVINCE}",
            "BVĐK KV Nam",
            UnitKind.HOSPITAL,
            600,
            depts=REGIONAL_HOSPITAL_DEPTS,
        ),
        Org(
            "CDC",
            "Trung tâm Kiểm soát bệnh tật tỉnh",
            "CDC",
            UnitKind.CDC,
            300,
            in_small=True,
            depts=(
                _d("BTN", "Khoa Phòng chống bệnh truyền nhiễm", CLINICAL, 4, "public_health", True),
                _d("HIV", "Khoa Phòng chống HIV/AIDS", CLINICAL, 3, "public_health"),
                _d("SKSS", "Khoa Sức khỏe sinh sản", CLINICAL, 3, "obstetric"),
                _d(
                    "XN", "Khoa Xét nghiệm - Chẩn đoán hình ảnh - Thăm dò chức năng", CLINICAL, 3, "lab", True
                ),
                _d("TCHC", "Phòng Tổ chức - Hành chính", ADMIN, 2, "admin"),
            ),
        ),
        Org(
            "TTKN",
            "Trung tâm Kiểm nghiệm Thuốc, Mỹ phẩm, Thực phẩm",
            "TT Kiểm nghiệm",
            UnitKind.CENTER,
            45,
            "testing",
            in_small=True,
        ),
        Org("TTGDYK", "Trung tâm Giám định y khoa", "TT GĐYK", UnitKind.CENTER, 22, "forensic"),
        Org("TTPY", "Trung tâm Pháp y", "TT Pháp y", UnitKind.CENTER, 24, "forensic"),
        Org(
            "CDYT",
            f"Trường Cao đẳng Y tế {PROVINCE}",
            "CĐ Y tế",
            UnitKind.SCHOOL,
            140,
            "school",
            head="Hiệu trưởng",
            deputy="Phó Hiệu trưởng",
        ),
    ]
    regions = REGIONS[:SMALL_REGIONS] if small else REGIONS
    merged = MERGED[:SMALL_MERGED] if small else MERGED
    for n, region in enumerate(regions):
        absorbed = sum(1 for _, into in merged if into == region)
        orgs.append(
            Org(
                f"TTYT.{_code(region)}",
                f"Trung tâm Y tế khu vực {region}",
                f"TTYT KV {region}",
                UnitKind.HEALTH_CENTER,
                1200 + 90 * (n % 4) - 40 * n,
                depts=HEALTH_CENTRE_DEPTS,
                in_small=True,
                old_name=f"Trung tâm Y tế huyện {region}",
                renamed_on=REFORM_DAY,
                rename_ref="Quyết định số 1620/QĐ-UBND ngày 27/6/2025 của UBND tỉnh",
                district=region,
                extra={"absorbed": absorbed},
            )
        )
    for district, into in merged:
        orgs.append(
            Org(
                f"TTYT.{_code(district)}",
                f"Trung tâm Y tế huyện {district}",
                f"TTYT {district}",
                UnitKind.HEALTH_CENTER,
                520,
                in_small=True,
                merged_into=f"TTYT.{_code(into)}",
                district=district,
            )
        )
    if small:
        orgs = [o for o in orgs if o.in_small]
        orgs = [
            o if not o.depts else Org(**{**o.__dict__, "depts": tuple(d for d in o.depts if d.in_small)})
            for o in orgs
        ]
    elif staff is not None and staff > BASE_STAFF:
        home = sum(o.staff for o in orgs)
        orgs += former_organisations(
            home * (staff - BASE_STAFF) / BASE_STAFF, taken=set(regions) | {d for d, _ in merged}
        )
    return orgs


def _places(taken: set[str]) -> list[str]:
    """Every place name of PLACE_FIRST × PLACE_SECOND not taken, in a fixed shuffled order."""
    places = [f"{a} {b}" for a in PLACE_FIRST for b in PLACE_SECOND if a != b and f"{a} {b}" not in taken]
    random.Random(2025).shuffle(places)
    return places


def former_organisations(weight: float, taken: set[str]) -> list[Org]:
    """The units of the former provinces (FORMER_PROVINCES) taken over on REFORM_DAY, `weight` staff (in
    organisations()' weights) shared between them: each its general hospital, its Sản - Nhi, traditional
    medicine, lung and mental hospitals, then its district health centres (regional since REFORM_DAY) with a
    regional hospital every fourth, as many as its share holds. Their CDCs merged into the province's."""
    places = iter(_places(taken))
    share = weight / len(FORMER_PROVINCES)
    orgs: list[Org] = []
    for province, prefix in FORMER_PROVINCES:
        renamed = {
            "renamed_on": REFORM_DAY,
            "rename_ref": "Quyết định số 1620/QĐ-UBND ngày 27/6/2025 của UBND tỉnh",
        }
        fixed = [
            Org(
                f"{prefix}.BVDK",
                f"Bệnh viện Đa khoa {province}",
                f"BVĐK {province}",
                UnitKind.HOSPITAL,
                2400,
                depts=GENERAL_HOSPITAL_DEPTS,
                old_name=f"Bệnh viện Đa khoa tỉnh {province}",
                **renamed,
            ),
            Org(
                f"{prefix}.BVSN",
                f"Bệnh viện Sản - Nhi {province}",
                f"BV Sản - Nhi {province}",
                UnitKind.HOSPITAL,
                900,
                depts=(
                    _d("KB", "Khoa Khám bệnh", CLINICAL, 4, "clinical"),
                    _d("SAN", "Khoa Phụ sản", CLINICAL, 5, "obstetric"),
                    _d("SS", "Khoa Sơ sinh", CLINICAL, 3, "clinical"),
                    _d("NHI", "Khoa Nhi tổng hợp", CLINICAL, 5, "clinical"),
                    _d("HSCC", "Khoa Hồi sức cấp cứu Nhi", CLINICAL, 3, "clinical"),
                    _d("CLS", "Khoa Cận lâm sàng", CLINICAL, 3, "lab"),
                    _d("KHTH", "Phòng Kế hoạch tổng hợp", ADMIN, 1.5, "admin"),
                    _d("TCHC", "Phòng Tổ chức - Hành chính", ADMIN, 2, "support"),
                ),
                old_name=f"Bệnh viện Sản - Nhi tỉnh {province}",
                **renamed,
            ),
            Org(
                f"{prefix}.CDC",
                f"Trung tâm Kiểm soát bệnh tật tỉnh {province}",
                f"CDC {province}",
                UnitKind.CDC,
                300,
                "general",
                merged_into="CDC",
            ),
            Org(
                f"{prefix}.BVYDCT",
                f"Bệnh viện Y dược cổ truyền {province}",
                f"BV YDCT {province}",
                UnitKind.HOSPITAL,
                400,
                depts=(
                    _d("KB", "Khoa Khám bệnh", CLINICAL, 3, "clinical"),
                    _d("NN", "Khoa Nội - Nhi", CLINICAL, 4, "clinical"),
                    _d("CC", "Khoa Châm cứu - Dưỡng sinh", CLINICAL, 4, "clinical"),
                    _d("TCHC", "Phòng Tổ chức - Hành chính", ADMIN, 2, "admin"),
                ),
                old_name=f"Bệnh viện Y dược cổ truyền tỉnh {province}",
                **renamed,
            ),
            Org(
                f"{prefix}.BVPHOI",
                f"Bệnh viện Phổi {province}",
                f"BV Phổi {province}",
                UnitKind.HOSPITAL,
                280,
                depts=(
                    _d("LAO", "Khoa Lao", CLINICAL, 4, "clinical"),
                    _d("BP", "Khoa Bệnh phổi", CLINICAL, 4, "clinical"),
                    _d("TCHC", "Phòng Tổ chức - Hành chính", ADMIN, 2, "admin"),
                ),
                old_name=f"Bệnh viện Phổi tỉnh {province}",
                **renamed,
            ),
            Org(
                f"{prefix}.BVTT",
                f"Bệnh viện Tâm thần {province}",
                f"BV Tâm thần {province}",
                UnitKind.HOSPITAL,
                250,
                old_name=f"Bệnh viện Tâm thần tỉnh {province}",
                **renamed,
            ),
        ]
        filled = 0.0
        for org in fixed:
            if filled + org.staff / 2 > share:
                break
            orgs.append(org)
            filled += org.staff
        n = 0
        while filled + 700 <= share:
            place = next(places)
            n += 1
            if n % 5 == 0:
                orgs.append(
                    Org(
                        f"{prefix}.BVKV.{n:02d}",
                        f"Bệnh viện Đa khoa khu vực {place}",
                        f"BVĐK KV {place}",
                        UnitKind.HOSPITAL,
                        650,
                        depts=REGIONAL_HOSPITAL_DEPTS,
                    )
                )
                filled += 650
                continue
            size = 1400 + 90 * (n % 4) - 20 * (n % 7)
            orgs.append(
                Org(
                    f"{prefix}.TTYT.{n:02d}",
                    f"Trung tâm Y tế khu vực {place}",
                    f"TTYT KV {place}",
                    UnitKind.HEALTH_CENTER,
                    size,
                    depts=HEALTH_CENTRE_DEPTS,
                    old_name=f"Trung tâm Y tế huyện {place}",
                    district=place,
                    **renamed,
                )
            )
            filled += size
    return orgs


# Roles: position (chức vụ/vị trí), weighted professional titles (chức danh nghề nghiệp), share of women.
ROLES: dict[str, tuple[str, tuple[tuple[str, float], ...], float]] = {
    "Bác sĩ": (
        "Bác sĩ",
        (("Bác sĩ hạng III", 60), ("Bác sĩ chính (hạng II)", 36), ("Bác sĩ cao cấp (hạng I)", 4)),
        0.46,
    ),
    "Bác sĩ YHDP": (
        "Bác sĩ",
        (("Bác sĩ y học dự phòng hạng III", 65), ("Bác sĩ y học dự phòng chính (hạng II)", 35)),
        0.5,
    ),
    "Điều dưỡng": (
        "Điều dưỡng",
        (("Điều dưỡng hạng IV", 45), ("Điều dưỡng hạng III", 50), ("Điều dưỡng chính (hạng II)", 5)),
        0.8,
    ),
    "Hộ sinh": (
        "Hộ sinh",
        (("Hộ sinh hạng IV", 45), ("Hộ sinh hạng III", 50), ("Hộ sinh chính (hạng II)", 5)),
        1.0,
    ),
    "Kỹ thuật viên": (
        "Kỹ thuật viên",
        (("Kỹ thuật y hạng IV", 45), ("Kỹ thuật y hạng III", 50), ("Kỹ thuật y chính (hạng II)", 5)),
        0.62,
    ),
    "Y sĩ": ("Y sĩ", (("Y sĩ hạng IV", 1),), 0.62),
    "Dược sĩ": (
        "Dược sĩ",
        (("Dược hạng IV", 35), ("Dược sĩ hạng III", 55), ("Dược sĩ chính (hạng II)", 10)),
        0.78,
    ),
    "Y tế công cộng": (
        "Y tế công cộng",
        (("Y tế công cộng hạng III", 80), ("Y tế công cộng chính (hạng II)", 20)),
        0.62,
    ),
    "Chuyên viên": ("Chuyên viên", (("Chuyên viên", 75), ("Chuyên viên chính", 25)), 0.62),
    "Thanh tra viên": ("Thanh tra viên", (("Thanh tra viên", 70), ("Thanh tra viên chính", 30)), 0.45),
    "Kế toán viên": ("Kế toán viên", (("Kế toán viên", 80), ("Kế toán viên chính", 20)), 0.82),
    "Cán sự": ("Cán sự", (("Cán sự", 1),), 0.66),
    "Kỹ sư": ("Kỹ sư", (("Kỹ sư hạng III", 1),), 0.25),
    "Dân số viên": ("Dân số viên", (("Dân số viên hạng IV", 60), ("Dân số viên hạng III", 40)), 0.72),
    "Giảng viên": ("Giảng viên", (("Giảng viên (hạng III)", 60), ("Giảng viên chính (hạng II)", 40)), 0.62),
    "Hộ lý": ("Hộ lý", (), 0.9),
    "Nhân viên": ("Nhân viên", (), 0.6),
    "Lái xe": ("Lái xe", (), 0.0),
    "Bảo vệ": ("Bảo vệ", (), 0.05),
}

ROLE_MIX: dict[str, tuple[tuple[str, float], ...]] = {
    "clinical": (("Bác sĩ", 30), ("Điều dưỡng", 52), ("Y sĩ", 4), ("Kỹ thuật viên", 4), ("Hộ lý", 10)),
    "surgery": (("Bác sĩ", 34), ("Điều dưỡng", 40), ("Kỹ thuật viên", 14), ("Hộ lý", 12)),
    "obstetric": (("Bác sĩ", 28), ("Hộ sinh", 50), ("Điều dưỡng", 14), ("Hộ lý", 8)),
    "lab": (("Kỹ thuật viên", 62), ("Bác sĩ", 22), ("Điều dưỡng", 6), ("Nhân viên", 10)),
    "pharmacy": (("Dược sĩ", 80), ("Nhân viên", 20)),
    "admin": (("Chuyên viên", 60), ("Cán sự", 12), ("Nhân viên", 18), ("Kỹ sư", 10)),
    "finance": (("Kế toán viên", 85), ("Nhân viên", 15)),
    "support": (("Nhân viên", 50), ("Lái xe", 15), ("Bảo vệ", 20), ("Kỹ sư", 15)),
    "public_health": (
        ("Bác sĩ YHDP", 30),
        ("Y tế công cộng", 20),
        ("Điều dưỡng", 20),
        ("Y sĩ", 15),
        ("Kỹ thuật viên", 10),
        ("Nhân viên", 5),
    ),
    "office": (("Chuyên viên", 90), ("Nhân viên", 10)),
    "inspection": (("Thanh tra viên", 80), ("Chuyên viên", 20)),
    "population": (("Dân số viên", 45), ("Chuyên viên", 55)),
    "food": (("Chuyên viên", 70), ("Kỹ thuật viên", 30)),
    "school": (("Giảng viên", 70), ("Chuyên viên", 20), ("Nhân viên", 10)),
    "forensic": (("Bác sĩ", 50), ("Kỹ thuật viên", 30), ("Chuyên viên", 20)),
    "testing": (("Dược sĩ", 45), ("Kỹ thuật viên", 35), ("Chuyên viên", 20)),
    "general": (
        ("Bác sĩ", 24),
        ("Điều dưỡng", 38),
        ("Y sĩ", 8),
        ("Hộ sinh", 6),
        ("Kỹ thuật viên", 8),
        ("Dược sĩ", 5),
        ("Chuyên viên", 5),
        ("Kế toán viên", 3),
        ("Hộ lý", 3),
    ),
}

# Where a merged centre's staff go in the successor, by their role.
CLINICAL_ROLES = frozenset(
    {
        "Bác sĩ",
        "Bác sĩ YHDP",
        "Điều dưỡng",
        "Hộ sinh",
        "Kỹ thuật viên",
        "Y sĩ",
        "Dược sĩ",
        "Y tế công cộng",
        "Hộ lý",
    }
)

SENIOR_DOCTOR_TITLES = (("Bác sĩ chính (hạng II)", 75), ("Bác sĩ cao cấp (hạng I)", 25))
SENIOR_OFFICIAL_TITLES = (("Chuyên viên chính", 80), ("Chuyên viên cao cấp", 20))
DEPT_HEAD = {CLINICAL: ("Trưởng khoa", "Phó trưởng khoa"), ADMIN: ("Trưởng phòng", "Phó Trưởng phòng")}
# The senior nurse (or midwife, technician) of a clinical department, by its mix.
CHARGE_ROLE = {
    "clinical": ("Điều dưỡng trưởng", "Điều dưỡng"),
    "surgery": ("Điều dưỡng trưởng", "Điều dưỡng"),
    "obstetric": ("Hộ sinh trưởng", "Hộ sinh"),
    "lab": ("Kỹ thuật viên trưởng", "Kỹ thuật viên"),
}

# The rating rules in force for each year (first year, scheme).
RATING_SCHEMES = (
    (2011, "Luật CBCC 2008, Luật Viên chức 2010"),
    (2016, "NĐ 56/2015/NĐ-CP"),
    (2020, "NĐ 90/2020/NĐ-CP"),
    (2023, "NĐ 90/2020/NĐ-CP, sửa đổi bởi NĐ 48/2023/NĐ-CP"),
)
