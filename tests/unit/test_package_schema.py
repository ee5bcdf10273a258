"""data.json is checked field by field before any merge: each malformed shape is refused with a message
naming the record and the field, never an AttributeError, TypeError or a database refusal."""

from __future__ import annotations

import copy

import pytest

from app.exchange.package_archive import PackageRefused
from app.exchange.package_data import BadPackageData
from app.exchange.package_schema import validate

UID = "01a24dd7ed3d22c2885aa132b4804a0e"


def _uid(n: int) -> str:
    return f"{n:032x}"


GOOD = {
    "schema": "tdkt-package",
    "version": 2,
    "created_at": "2025-12-20T09:30:00",
    "program": "0.1.0",
    "agency": {
        "parent_name": "UBND TỈNH SƠN HÀ",
        "name": "SỞ Y TẾ",
        "symbol": "SYT",
        "place_name": "Sơn Hà",
        "address": None,
        "phone": None,
        "email": None,
        "website": None,
    },
    "scope": {"year": 2024, "campaign": None, "decision": None},
    "units": [
        {
            "code": "SYT",
            "name": "Sở Y tế tỉnh Sơn Hà",
            "short_name": None,
            "kind": "DEPARTMENT",
            "status": "ACTIVE",
            "established_on": None,
            "ended_on": None,
            "sort_order": 0,
            "uid": _uid(1),
            "ref": 1,
            "parent": None,
            "former_names": [
                {"name": "Sở Y tế cũ", "valid_from": None, "valid_to": "2020-01-01", "uid": _uid(2)}
            ],
        }
    ],
    "persons": [
        {
            "full_name": "Phan Duy Thanh",
            "gender": "MALE",
            "birth_date": "1970-10-23",
            "birth_year": 1970,
            "uid": _uid(3),
            "ref": 1,
            "unit": 1,
        }
    ],
    "postings": [{"start_date": "1994-12-01", "uid": _uid(4), "person": 1, "unit": 1}],
    "ratings": [
        {"year": 2024, "level": "GOOD", "absent_days": None, "uid": _uid(5), "person": 1, "unit": None}
    ],
    "initiatives": [
        {
            "title": "Sáng kiến",
            "kind": "INITIATIVE",
            "year": 2024,
            "level": "BASE",
            "uid": _uid(6),
            "unit": 1,
            "authors": [{"share": "60", "person": 1}, {"share": 40, "person": 1}],
        }
    ],
    "decisions": [
        {
            "number_text": "2734/QĐ-SYT",
            "issued_on": "2024-12-14",
            "issuer": "Sở Y tế",
            "level": "DEPARTMENT",
            "year": 2024,
            "subject": "Về việc tặng danh hiệu",
            "base_salary": 2340000,
            "status": "ISSUED",
            "uid": _uid(7),
            "ref": 108,
            "document": 88,
        }
    ],
    "awards": [
        {
            "year": 2024,
            "basis": "MERIT",
            "source": "DECISION",
            "bonus_amount": 710000,
            "revoked": False,
            "uid": _uid(8),
            "type": "LDTT",
            "decision": 108,
            "person": 1,
            "unit": None,
        }
    ],
    "documents": [
        {
            "kind": "DECISION",
            "series": "CHUNG",
            "year": 2024,
            "number": 2734,
            "symbol": "QĐ-SYT",
            "subject": "Về việc tặng danh hiệu",
            "status": "REGISTERED",
            "content": {"body": ["…"]},
            "uid": _uid(9),
            "ref": 88,
        }
    ],
}


def _with(path: tuple, value) -> dict:
    data = copy.deepcopy(GOOD)
    *parents, last = path
    target = data
    for key in parents:
        target = target[key]
    target[last] = value
    return data


def test_a_well_formed_package_and_a_version_1_one_pass():
    assert validate(copy.deepcopy(GOOD)) == GOOD
    old = copy.deepcopy(GOOD)
    old["version"] = 1
    for kind in (
        "units",
        "persons",
        "postings",
        "ratings",
        "initiatives",
        "decisions",
        "awards",
        "documents",
    ):
        for record in old[kind]:
            record.pop("uid")
    assert validate(old)["version"] == 1


@pytest.mark.parametrize(
    "path, value, words",
    [
        # the shapes seen crashing the merge (issue 13)
        (("persons", 0, "ref"), [1], ("cán bộ thứ 1", "“ref”")),
        (("persons", 0, "full_name"), {"a": 1}, ("cán bộ thứ 1", "“full_name”", "cần chữ")),
        (("units", 0, "name"), {"a": 1}, ("đơn vị thứ 1", "“name”")),
        (("agency",), "Sở Y tế", ("cơ quan", "không phải một đối tượng")),
        (("ratings", 0, "year"), "2024", ("xếp loại thứ 1", "“year”", "số nguyên")),
        (("awards", 0, "year"), "hai", ("khen thưởng thứ 1", "“year”")),
        (("documents", 0), 7, ("văn bản đi thứ 1", "không phải một đối tượng")),
        (("documents",), {"a": 1}, ("văn bản đi", "danh sách")),
        (("scope",), "2024", ("phạm vi",)),
        (("scope", "year"), "2024", ("phạm vi", "“year”")),
        # every other kind of field
        (("units", 0, "parent"), {"ref": 1}, ("đơn vị thứ 1", "“parent”")),
        (("units", 0, "kind"), "CASTLE", ("“kind”", "DEPARTMENT")),
        (("units", 0, "sort_order"), True, ("“sort_order”", "số nguyên")),
        (("units", 0, "former_names"), "Sở cũ", ("“former_names”", "danh sách")),
        (
            ("units", 0, "former_names", 0, "valid_to"),
            "31/12/2019",
            ("tên cũ của đơn vị thứ 1", "“valid_to”"),
        ),
        (("persons", 0, "birth_date"), 19701023, ("“birth_date”", "ngày")),
        (("persons", 0, "birth_year"), 1800, ("“birth_year”", "ngoài khoảng")),
        (("persons", 0, "full_name"), None, ("“full_name”", "không được để trống")),
        (("persons", 0, "full_name"), "A" * 500, ("“full_name”", "quá 120 ký tự")),
        (("persons", 0, "uid"), "không-phải-mã", ("mã định danh cán bộ",)),
        (("postings", 0, "person"), None, ("quá trình công tác thứ 1", "thiếu")),
        (("ratings", 0, "person"), None, ("xếp loại thứ 1", "không ghi cán bộ hay đơn vị")),
        (("ratings", 0, "absent_days"), -3, ("“absent_days”",)),
        (("initiatives", 0, "authors", 0, "share"), "nửa", ("tác giả sáng kiến thứ 1", "“share”")),
        (("initiatives", 0, "authors", 1, "share"), 250, ("“share”", "ngoài khoảng")),
        (("initiatives", 0, "authors", 0, "person"), [334], ("tác giả sáng kiến thứ 1", "“person”")),
        (("initiatives", 0, "authors", 0), "Nguyễn Văn An", ("tác giả sáng kiến thứ 1", "đối tượng")),
        (("decisions", 0, "base_salary"), 2.5e30, ("“base_salary”",)),
        (("decisions", 0, "document"), True, ("“document”",)),
        (("awards", 0, "revoked"), "không", ("“revoked”", "đúng/sai")),
        (("awards", 0, "bonus_amount"), -1, ("“bonus_amount”",)),
        (("awards", 0, "type"), None, ("“type”",)),
        (("awards", 0, "decision"), [108], ("“decision”",)),
        (("documents", 0, "content"), "nội dung", ("“content”",)),
        (("documents", 0, "number"), 0, ("“number”",)),
        (("created_at",), 20251220, ("“created_at”",)),
    ],
)
def test_each_malformed_shape_is_refused_naming_the_record_and_field(path, value, words):
    with pytest.raises(BadPackageData) as caught:
        validate(_with(path, value))
    message = str(caught.value)
    assert all(w in message for w in words), message
    assert "Error" not in message and "dict" not in message


@pytest.mark.parametrize("value", ["NaN", "Infinity", float("nan"), float("inf"), "1e999999"])
def test_an_amount_that_is_no_number_is_refused(value):
    with pytest.raises(BadPackageData, match="share"):
        validate(_with(("initiatives", 0, "authors", 0, "share"), value))


def test_a_document_that_is_not_an_object_or_of_another_schema_is_refused():
    for data in ([1, 2], "tdkt", None, 3, {"schema": "other"}):
        with pytest.raises(PackageRefused, match="không phải gói dữ liệu TĐKT"):
            validate(data)


@pytest.mark.parametrize(
    "version, words", [(3, "phiên bản 3"), ("2", "không hợp lệ"), (True, "không hợp lệ"), (0, "không hợp lệ")]
)
def test_a_newer_or_malformed_version_is_refused(version, words):
    with pytest.raises(PackageRefused, match=words):
        validate(_with(("version",), version))


def test_unknown_keys_are_ignored():
    data = _with(("persons", 0, "favourite_colour"), {"any": "shape"})
    assert validate(data) is data


@pytest.mark.parametrize(
    "path, value, words",
    [
        (("persons", 0, "birth_year"), None, ("“birth_year”", "có ngày sinh mà không có năm sinh")),
        (("postings", 0, "end_date"), "1990-01-01", ("quá trình công tác thứ 1", "“end_date”", "trước")),
        (("units", 0, "former_names", 0, "valid_from"), "2021-01-01", ("“valid_to”", "trước")),
        (("documents", 0, "number"), None, ("“number”", "không có số")),
        (("awards", 0, "decision"), None, ("“decision”", "không ghi quyết định")),
    ],
)
def test_what_the_database_would_refuse_is_refused_by_name(path, value, words):
    with pytest.raises(BadPackageData) as caught:
        validate(_with(path, value))
    assert all(w in str(caught.value) for w in words), str(caught.value)
