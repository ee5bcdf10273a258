"""The stored vocabularies. Names are what the database holds; labels are what clerks read.

Each enum keeps its Vietnamese label next to the value so that the UI, the documents and the
importers share one spelling.
"""

from __future__ import annotations

import enum


class LabelledEnum(enum.Enum):
    """An enum whose value is the stored code and whose `label` is the Vietnamese wording."""

    def __new__(cls, code: str, label: str):
        obj = object.__new__(cls)
        obj._value_ = code
        obj.label = label
        return obj

    @classmethod
    def from_label(cls, text: str):
        for member in cls:
            if member.label.casefold() == text.casefold() or member.value == text:
                return member
        raise ValueError(f"{cls.__name__}: không nhận ra giá trị “{text}”")


class Gender(LabelledEnum):
    MALE = ("MALE", "Nam")
    FEMALE = ("FEMALE", "Nữ")


class UnitKind(LabelledEnum):
    DEPARTMENT = ("DEPARTMENT", "Sở Y tế")
    DEPARTMENT_OFFICE = ("DEPARTMENT_OFFICE", "Phòng thuộc Sở")
    SUB_DEPARTMENT = ("SUB_DEPARTMENT", "Chi cục")
    HOSPITAL = ("HOSPITAL", "Bệnh viện")
    HEALTH_CENTER = ("HEALTH_CENTER", "Trung tâm Y tế")
    CDC = ("CDC", "Trung tâm Kiểm soát bệnh tật")
    CENTER = ("CENTER", "Trung tâm khác")
    SCHOOL = ("SCHOOL", "Trường")
    STATION = ("STATION", "Trạm Y tế")
    CLINICAL_DEPT = ("CLINICAL_DEPT", "Khoa")
    ADMIN_DEPT = ("ADMIN_DEPT", "Phòng")
    OTHER = ("OTHER", "Khác")


class UnitStatus(LabelledEnum):
    ACTIVE = ("ACTIVE", "Đang hoạt động")
    MERGED = ("MERGED", "Đã sáp nhập")
    SPLIT = ("SPLIT", "Đã chia tách")
    DISSOLVED = ("DISSOLVED", "Đã giải thể")


class UnitEventKind(LabelledEnum):
    ESTABLISH = ("ESTABLISH", "Thành lập")
    RENAME = ("RENAME", "Đổi tên")
    MERGE = ("MERGE", "Sáp nhập")
    SPLIT = ("SPLIT", "Chia tách")
    DISSOLVE = ("DISSOLVE", "Giải thể")
    MOVE = ("MOVE", "Chuyển đơn vị chủ quản")


class EventRole(LabelledEnum):
    PREDECESSOR = ("PREDECESSOR", "Đơn vị cũ")
    SUCCESSOR = ("SUCCESSOR", "Đơn vị kế thừa")


class ClusterKind(LabelledEnum):
    CLUSTER = ("CLUSTER", "Cụm thi đua")
    BLOCK = ("BLOCK", "Khối thi đua")


class ClusterRotation(LabelledEnum):
    """How a cluster's leader and deputy pass on from year to year, as its rules (quy chế) say."""

    NONE = ("NONE", "Không có quy tắc: văn phòng chọn")
    ORDER = ("ORDER", "Luân phiên theo thứ tự thành viên")


class MemberKind(LabelledEnum):
    """What a cluster member stands for: a unit of the Sở, an outside organisation, or the Sở itself."""

    UNIT = ("UNIT", "Đơn vị trực thuộc")
    OUTSIDE = ("OUTSIDE", "Cơ quan ngoài ngành")
    AGENCY = ("AGENCY", "Cơ quan Sở")


class ClusterRole(LabelledEnum):
    LEADER = ("LEADER", "Cụm/Khối trưởng")
    DEPUTY = ("DEPUTY", "Cụm/Khối phó")
    MEMBER = ("MEMBER", "Thành viên")


class RatingLevel(LabelledEnum):
    """Yearly rating; order matters: EXCELLENT is best."""

    EXCELLENT = ("EXCELLENT", "Hoàn thành xuất sắc nhiệm vụ")
    GOOD = ("GOOD", "Hoàn thành tốt nhiệm vụ")
    DONE = ("DONE", "Hoàn thành nhiệm vụ")
    FAILED = ("FAILED", "Không hoàn thành nhiệm vụ")

    @property
    def short(self) -> str:
        return {"EXCELLENT": "HTXSNV", "GOOD": "HTTNV", "DONE": "HTNV", "FAILED": "KHTNV"}[self.value]

    @property
    def score(self) -> int:
        return {"EXCELLENT": 3, "GOOD": 2, "DONE": 1, "FAILED": 0}[self.value]


class DisciplineForm(LabelledEnum):
    REPRIMAND = ("REPRIMAND", "Khiển trách")
    WARNING = ("WARNING", "Cảnh cáo")
    SALARY_CUT = ("SALARY_CUT", "Hạ bậc lương")
    DEMOTION = ("DEMOTION", "Giáng chức")
    DISMISSAL_POST = ("DISMISSAL_POST", "Cách chức")
    DISMISSAL = ("DISMISSAL", "Buộc thôi việc")
    PENDING = ("PENDING", "Đang bị xem xét kỷ luật, thanh tra, khiếu nại")

    @property
    def severity(self) -> int:
        order = ["PENDING", "REPRIMAND", "WARNING", "SALARY_CUT", "DEMOTION", "DISMISSAL_POST", "DISMISSAL"]
        return order.index(self.value)


class CampaignKind(LabelledEnum):
    REGULAR = ("REGULAR", "Thường xuyên")
    THEMATIC = ("THEMATIC", "Chuyên đề")
    PHASED = ("PHASED", "Theo đợt")
    MULTI_YEAR = ("MULTI_YEAR", "Giai đoạn nhiều năm")


class Launcher(LabelledEnum):
    DEPARTMENT = ("DEPARTMENT", "Sở Y tế")
    JOINT_UNION = ("JOINT_UNION", "Sở Y tế và Công đoàn ngành")
    MINISTRY = ("MINISTRY", "Bộ Y tế (triển khai)")
    PROVINCE = ("PROVINCE", "UBND tỉnh (triển khai)")
    PRIME_MINISTER = ("PRIME_MINISTER", "Thủ tướng Chính phủ (triển khai)")
    PARTY_CENTRAL = ("PARTY_CENTRAL", "Ban Chấp hành Trung ương, Ban Bí thư (triển khai)")
    SECTOR_UNION = ("SECTOR_UNION", "Công đoàn ngành Y tế (triển khai)")


class ReviewKind(LabelledEnum):
    """A campaign's review point (mốc sơ kết, tổng kết, đánh giá): apart from its phases, which do not overlap."""

    YEARLY = ("YEARLY", "Đánh giá hằng năm")
    INTERIM = ("INTERIM", "Sơ kết")
    FINAL = ("FINAL", "Tổng kết")


class TargetComparison(LabelledEnum):
    """The kind of a target: how its goal is stated and a result judged (app.domain.targets)."""

    VALUE = ("VALUE", "Đạt giá trị")
    AT_LEAST = ("AT_LEAST", "Tối thiểu")
    AT_MOST = ("AT_MOST", "Tối đa")
    RANGE = ("RANGE", "Trong khoảng")
    ABOUT = ("ABOUT", "Khoảng")
    TEXT = ("TEXT", "Bằng lời (đánh giá thủ công)")


class TargetVerdict(LabelledEnum):
    """A result of a target stated in words, judged by hand."""

    MET = ("MET", "Đạt")
    NOT_MET = ("NOT_MET", "Không đạt")


class RegistrationStatus(LabelledEnum):
    PENDING = ("PENDING", "Chưa nhận")
    RECEIVED = ("RECEIVED", "Đã nhận")
    RETURNED = ("RETURNED", "Trả lại để bổ sung")
    APPROVED = ("APPROVED", "Đã duyệt")


class RegistrationKind(LabelledEnum):
    """What a registration item aims at: a danh hiệu of the catalogue, or a model or solution of its own."""

    TITLE = ("TITLE", "Danh hiệu")
    MODEL = ("MODEL", "Mô hình")
    SOLUTION = ("SOLUTION", "Giải pháp")


class AgencyLevel(LabelledEnum):
    """What the agency's parent is: a province, or a centrally run city (thành phố trực thuộc trung ương)."""

    PROVINCE = ("PROVINCE", "Tỉnh")
    CITY = ("CITY", "Thành phố trực thuộc trung ương")


class InitiativeLevel(LabelledEnum):
    BASE = ("BASE", "Cơ sở")
    PROVINCE = ("PROVINCE", "Cấp tỉnh/bộ")
    NATIONAL = ("NATIONAL", "Toàn quốc")


class InitiativeKind(LabelledEnum):
    INITIATIVE = ("INITIATIVE", "Sáng kiến")
    RESEARCH = ("RESEARCH", "Đề tài, đề án KH&CN")


class AwardCategory(LabelledEnum):
    TITLE = ("TITLE", "Danh hiệu thi đua")
    HONOR = ("HONOR", "Hình thức khen thưởng")


class AuthorityLevel(LabelledEnum):
    DEPARTMENT = ("DEPARTMENT", "Giám đốc Sở")
    PROVINCE = ("PROVINCE", "Chủ tịch UBND tỉnh")
    MINISTRY = ("MINISTRY", "Bộ trưởng Bộ Y tế")
    GOVERNMENT = ("GOVERNMENT", "Thủ tướng Chính phủ")
    STATE = ("STATE", "Chủ tịch nước")
    OTHER = ("OTHER", "Cơ quan khác")


class Periodicity(LabelledEnum):
    YEARLY = ("YEARLY", "Hằng năm")
    ONCE = ("ONCE", "Một lần")
    ROUND = ("ROUND", "Theo đợt xét tặng")


class AwardBasis(LabelledEnum):
    """Loại hình khen thưởng; SUDDEN and THEMATIC awards do not feed chains (NĐ 152 Đ4.3)."""

    MERIT = ("MERIT", "Công trạng")
    SUDDEN = ("SUDDEN", "Đột xuất")
    THEMATIC = ("THEMATIC", "Chuyên đề")
    SERVICE = ("SERVICE", "Quá trình cống hiến")
    FOREIGN = ("FOREIGN", "Đối ngoại")

    @property
    def feeds_chains(self) -> bool:
        return self in (AwardBasis.MERIT, AwardBasis.SERVICE)


class AwardSource(LabelledEnum):
    DECISION = ("DECISION", "Theo quyết định trong chương trình")
    HISTORY = ("HISTORY", "Khen thưởng trước khi dùng chương trình")


class BatchStatus(LabelledEnum):
    DRAFT = ("DRAFT", "Đang soạn")
    RECEIVED = ("RECEIVED", "Đã nhận")
    RETURNED = ("RETURNED", "Trả lại để bổ sung")
    REVIEWING = ("REVIEWING", "Đang xét")
    FORWARDED = ("FORWARDED", "Đã trình cấp trên")
    CLOSED = ("CLOSED", "Đã kết thúc")


class NominationStatus(LabelledEnum):
    """Where one proposal stands, in the order a file travels (the statuses of issue-level workflow)."""

    DRAFT = ("DRAFT", "Nháp")
    RECEIVED = ("RECEIVED", "Đã nhận")
    RETURNED = ("RETURNED", "Trả lại bổ sung")
    IN_COUNCIL = ("IN_COUNCIL", "Đưa ra Hội đồng")
    PASSED = ("PASSED", "Đạt")
    FAILED = ("FAILED", "Không đạt")
    DECIDED = ("DECIDED", "Đã quyết định")
    FORWARDED = ("FORWARDED", "Đã trình cấp trên")
    HIGHER_DECIDED = ("HIGHER_DECIDED", "Cấp trên đã quyết định")
    WITHDRAWN = ("WITHDRAWN", "Rút đề nghị")


class AttachmentKind(LabelledEnum):
    SUBMISSION = ("SUBMISSION", "Tờ trình")
    ACHIEVEMENT_REPORT = ("ACHIEVEMENT_REPORT", "Báo cáo thành tích")
    MINUTES = ("MINUTES", "Biên bản bình xét")
    INITIATIVE_CERTIFICATE = ("INITIATIVE_CERTIFICATE", "Chứng nhận sáng kiến, đề tài")
    RATING_CONFIRMATION = ("RATING_CONFIRMATION", "Xác nhận xếp loại")
    OTHER = ("OTHER", "Khác")


class CouncilRole(LabelledEnum):
    CHAIR = ("CHAIR", "Chủ tịch Hội đồng")
    VICE_CHAIR = ("VICE_CHAIR", "Phó Chủ tịch Hội đồng")
    MEMBER = ("MEMBER", "Ủy viên")
    SECRETARY = ("SECRETARY", "Thư ký")


class DecisionStatus(LabelledEnum):
    DRAFT = ("DRAFT", "Dự thảo")
    ISSUED = ("ISSUED", "Đã ban hành")
    VOIDED = ("VOIDED", "Đã hủy")


class DocumentKind(LabelledEnum):
    """Kinds of outgoing document; `symbol_prefix` per NĐ 30/2020 Phụ lục III (công văn has none)."""

    OFFICIAL_LETTER = ("OFFICIAL_LETTER", "Công văn")
    PLAN = ("PLAN", "Kế hoạch")
    DECISION = ("DECISION", "Quyết định")
    SUBMISSION = ("SUBMISSION", "Tờ trình")
    MINUTES = ("MINUTES", "Biên bản")
    NOTICE = ("NOTICE", "Thông báo")
    REPORT = ("REPORT", "Báo cáo")
    PLEDGE = ("PLEDGE", "Giao ước thi đua")  # signed by a cluster's members; no number line of its own

    @property
    def symbol_prefix(self) -> str | None:
        return {
            "OFFICIAL_LETTER": None,
            "PLAN": "KH",
            "DECISION": "QĐ",
            "SUBMISSION": "TTr",
            "MINUTES": "BB",
            "NOTICE": "TB",
            "REPORT": "BC",
            "PLEDGE": "GƯTĐ",
        }[self.value]


class DocumentStatus(LabelledEnum):
    DRAFT = ("DRAFT", "Dự thảo")
    REGISTERED = ("REGISTERED", "Đã vào sổ")
    VOIDED = ("VOIDED", "Đã hủy số")


class DocumentOrigin(LabelledEnum):
    """Where a register entry was made: drafted and numbered in the program, or issued outside it (by hand, by
    the office's document system) and entered afterwards so that the series stays whole."""

    PROGRAM = ("PROGRAM", "Trong chương trình")
    EXTERNAL = ("EXTERNAL", "Ban hành ngoài chương trình")


class CorrectionKind(LabelledEnum):
    """How a new document corrects an issued one (NĐ 30/2020 Điều 18: an issued document is never edited)."""

    CORRECTION = ("CORRECTION", "Đính chính")
    AMENDMENT = ("AMENDMENT", "Sửa đổi")
    SUPPLEMENT = ("SUPPLEMENT", "Bổ sung")
    REPLACEMENT = ("REPLACEMENT", "Thay thế")

    @property
    def verb(self) -> str:
        return self.label.lower()


class SignAuthority(LabelledEnum):
    """How a signer signs: in their own right, or TM./KT./Q./TL./TUQ."""

    OWN = ("OWN", "")
    ON_BEHALF = ("ON_BEHALF", "TM.")
    DEPUTY = ("DEPUTY", "KT.")
    ACTING = ("ACTING", "Q.")
    BY_ORDER = ("BY_ORDER", "TL.")
    AUTHORISED = ("AUTHORISED", "TUQ.")


class Role(LabelledEnum):
    """What an account may do (app.domain.permissions maps each to its permissions). An account holds one
    or more: a one-clerk office gives its clerk the desk's and the register's."""

    ADMIN = ("QUAN_TRI", "Quản trị")
    CLERK = ("CHUYEN_VIEN", "Chuyên viên TĐKT")
    REGISTRAR = ("VAN_THU", "Văn thư")
    LEADER = ("LANH_DAO", "Lãnh đạo")
    VIEWER = ("CHI_XEM", "Chỉ xem")


class RuleSet(LabelledEnum):
    NATIONAL = ("NATIONAL", "Trung ương")
    MOH = ("MOH", "Bộ Y tế")
    PROVINCE = ("PROVINCE", "Tỉnh")


class Certainty(LabelledEnum):
    VERIFIED = ("V", "Đã đối chiếu văn bản")
    PROBABLE = ("P", "Có khả năng đúng")
    UNVERIFIED = ("U", "Chưa kiểm chứng")
