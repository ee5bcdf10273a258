"""data.json read and written as a stream (app.exchange.package_stream): any layout, any order of keys, a
window of a few bytes, the same records and the same refusals as parsing it whole."""

from __future__ import annotations

import copy
import io
import json

import pytest

from app.exchange import package_stream
from app.exchange.package_archive import PackageRefused
from app.exchange.package_merge import Sections
from app.exchange.package_schema import validate
from app.exchange.package_stream import DataWriter, JsonStream, PackageData
from tests.unit.test_package_schema import GOOD


def good() -> dict:
    return copy.deepcopy(GOOD)


KINDS = ("documents", "units", "persons", "postings", "ratings", "decisions", "awards", "initiatives")


def _lines(data: dict) -> bytes:
    out = io.BytesIO()
    with DataWriter(out) as writer:
        for key, value in data.items():
            if isinstance(value, list):
                writer.records(key, iter(value))
            else:
                writer.value(key, value)
    return out.getvalue()


def _old_order(data: dict) -> dict:
    """The keys in the order packages had before data.json was streamed: the register entries last."""
    return {k: v for k, v in data.items() if k != "documents"} | {"documents": data["documents"]}


LAYOUTS = {
    "a record a line": _lines,
    "indented, register last (packages before this version)": lambda d: json.dumps(
        _old_order(d), ensure_ascii=False, indent=1
    ).encode(),
    "one line": lambda d: json.dumps(d).encode(),
    "one line, register last": lambda d: json.dumps(_old_order(d), ensure_ascii=False).encode(),
}


@pytest.fixture(params=[3, 64, 1 << 20], ids=["3-byte window", "64-byte window", "1 MiB window"])
def window(request, monkeypatch):
    monkeypatch.setattr(package_stream, "READ", request.param)
    return request.param


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_every_layout_reads_back_the_same_records_and_facts(layout, window):
    data = good()
    data["persons"][0]["full_name"] = (
        "Nguyễn Thị “Ánh” \\ Hằng\u2028"  # marks, quotes, escapes, a line separator
    )
    read = PackageData(io.BytesIO(LAYOUTS[layout](data)))
    whole = Sections(data)
    for kind in KINDS:
        assert list(read.records(kind)) == data[kind], kind
        assert read.facts(kind) == whole.facts(kind), kind
        assert list(read.records(kind)) == data[kind]  # read again: each time from the file
    assert {k: read.value(k) for k in data if k not in KINDS} == {
        k: v for k, v in data.items() if k not in KINDS
    }


def test_a_kind_read_between_the_records_of_another_keeps_its_place():
    """The merge reads the decisions again while it takes the awards: two readers of one file in turn."""
    data = good()
    read = PackageData(io.BytesIO(_lines(data)))
    awards = iter(read.records("awards"))
    first = next(awards)
    assert list(read.records("decisions")) == data["decisions"]
    assert [first, *awards] == data["awards"]


def test_the_writer_writes_a_record_a_line_and_json_reads_it_whole():
    data = good()
    raw = _lines(data)
    assert json.loads(raw) == data
    lines = raw.decode().splitlines()
    assert lines[0] == "{" and lines[-1] == "}"
    assert sum(line.startswith('{"ref": ') or line.startswith('{"year": ') for line in lines) >= len(
        data["awards"]
    )
    empty = io.BytesIO()
    with DataWriter(empty) as writer:
        assert writer.records("awards", iter(())) == 0
    assert json.loads(empty.getvalue()) == {"awards": []}


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"{",
        b'{"schema": "tdkt-package",',
        b'{"a": 1} x',
        b'{"a": 1}}',
        b'{"persons": [1, 2,]}',
        b'{"persons": [1 2]}',
        b'{"a": tru}',
        b'{"a": "line\nbreak"}',
        b"\xff\xfe{}",
        b'{"a": [' + b"[" * 200_000 + b"]}",
        b'{"a": "' + "à".encode() * 10 + b"\xc3",  # cut inside a character
    ],
)
def test_what_is_not_json_is_refused_as_unreadable(raw, window):
    with pytest.raises(PackageRefused, match="không đọc được"):
        PackageData(io.BytesIO(raw))


@pytest.mark.parametrize("raw", [b"[1, 2, 3]", b'"tdkt-package"', b"null", b"{}", b'{"schema": "khac"}'])
def test_json_that_is_not_a_package_is_refused(raw):
    with pytest.raises(PackageRefused, match="không phải gói dữ liệu TĐKT"):
        PackageData(io.BytesIO(raw))


def test_a_kind_given_twice_is_refused():
    raw = _lines(good()).replace(b'"awards": [', b'"awards": [], "awards": [', 1)
    with pytest.raises(PackageRefused, match="“awards” ghi hai lần"):
        PackageData(io.BytesIO(raw))


CASES = {
    "an award, then a unit": [(("awards", 0, "year"), "2024"), (("units", 0, "name"), 5)],
    "a rating, then the version": [(("ratings", 0, "level"), "XYZ"), (("version",), 99)],
    "a list as text": [(("persons",), "An, Bình")],
    "a record as text": [(("documents", 0), "QĐ 12")],
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("layout", ["a record a line", "one line, register last"])
def test_the_first_refusal_is_the_one_a_whole_check_gives(case, layout):
    data = good()
    for path, value in CASES[case]:
        _set(data, path, value)
    with pytest.raises(PackageRefused) as whole:
        validate(json.loads(json.dumps(data)))
    with pytest.raises(PackageRefused) as streamed:
        PackageData(io.BytesIO(LAYOUTS[layout](data)))
    assert str(streamed.value) == str(whole.value)


def _set(data: dict, path: tuple, value) -> dict:
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


def test_a_list_this_program_does_not_know_is_passed_over():
    data = good() | {"later": [{"x": [1, 2]}, 3], "note": {"y": "z"}}
    read = PackageData(io.BytesIO(_lines(data)))
    assert list(read.records("awards")) == data["awards"] and read.value("note") == {"y": "z"}
    assert read.value("later") is None


def test_the_stream_gives_byte_offsets_of_values():
    raw = '{"tên": "Hà Nội", "list": [1, 2]}'.encode()
    reader = JsonStream(io.BytesIO(raw))
    keys = []
    for key in reader.members():
        keys.append(key)
        if key == "list":
            at = reader.offset()
            assert raw[at : at + 1] == b"[" and list(reader.items()) == [1, 2]
        else:
            assert reader.value() == "Hà Nội"
    reader.end()
    assert keys == ["tên", "list"]
    assert list(JsonStream(io.BytesIO(raw), at).items()) == [1, 2]
