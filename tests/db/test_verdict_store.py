""" "Ai đủ điều kiện?" of a year kept on this PC (app.services.verdict_store), on a small demo province, both
backends: read back it is the listing judged, title by title and whole; it is refused after any write a
history reads, under another program, key or schema, and when the file is altered or cut short; the file
does not hold the names in clear."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

import app.services.verdict_store as store
from app.demo import LAST_YEAR, build_demo
from app.rules import ALL_CODES
from app.services.eligibility import data_version, load_histories
from app.services.eligibility_view import YearVerdicts
from app.services.persons import person_upkeep, update_person
from database.models import AppSetting, AuditEntry, Person

SHORT = {"LDTT": "LĐTT", "CSTDCS": "CSTĐCS"}
FIELDS = ("codes", "folded", "counts", "eligible_count", "rule_sets", "proposable", "units")


@pytest.fixture(scope="module")
def judged(module_ctx):
    build_demo(module_ctx.db, small=True, seed=11, staff=300)
    histories = load_histories(module_ctx)
    year = YearVerdicts(histories, LAST_YEAR, SHORT)
    for code in year.missing:
        year.add(code, year.judge(code))
    return year, histories.last_rated(), data_version(module_ctx)


@pytest.fixture
def saved(module_ctx, judged, tmp_path):
    year, last_rated, version = judged
    path = tmp_path / "kept.bin"
    key = store.store_key(module_ctx)
    store.save_year(module_ctx, path, year, last_rated, version, key)
    return path, key


def test_a_kept_year_reads_back_as_the_year_judged(module_ctx, judged, saved):
    year, last_rated, _version = judged
    kept = store.load_year(module_ctx, *saved)
    assert kept is not None and kept.last_rated == last_rated
    back = kept.verdicts
    assert back.done and back.missing == [] and back.year == LAST_YEAR and back.short_names == SHORT
    whole, read = year.listing(), back.listing()
    assert len(read.candidates) == len(whole.candidates) > 300
    assert read.candidates == whole.candidates  # every row: the person, the unit, the verdict in full
    for name in FIELDS:
        assert getattr(read, name) == getattr(whole, name), name
    for code in ALL_CODES:
        assert back.listing(code).candidates == year.listing(code).candidates, code
        assert back.listing(code).codes == year.listing(code).codes, code
    # Equal verdicts are one object again, as judged (thousands of rows share one).
    verdicts = list(read.candidates.verdicts())
    assert len({id(v) for v in verdicts}) == len(set(verdicts)) < len(verdicts)


def test_the_file_holds_no_name_in_clear(module_ctx, saved):
    path, _key = saved
    with module_ctx.read() as s:
        names = s.scalars(select(Person.full_name).limit(50)).all()
    data = path.read_bytes()
    assert names and not any(n.encode() in data for n in names)


def test_the_key_is_made_once_and_never_written_to_the_trail(module_ctx, saved):
    _path, key = saved
    assert store.store_key(module_ctx) == key and len(key) == 32
    with module_ctx.read() as s:
        stored = s.scalar(select(AppSetting.value).where(AppSetting.key == "verdicts.store_key"))
        trail = " ".join(map(str, s.execute(select(AuditEntry.summary, AuditEntry.after)).all()))
    assert stored == key.hex() and key.hex() not in trail


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda data: data[:-100], id="cut short"),
        pytest.param(lambda data: data[:-50] + bytes([data[-50] ^ 1]) + data[-49:], id="a byte changed"),
        pytest.param(lambda data: b"PK\x03\x04" + data[4:], id="not this kind of file"),
        pytest.param(lambda data: b"", id="empty"),
    ],
)
def test_a_damaged_file_is_not_used(module_ctx, saved, spoil):
    path, key = saved
    path.write_bytes(spoil(path.read_bytes()))
    assert store.load_year(module_ctx, path, key) is None


def test_another_key_another_program_another_schema(module_ctx, saved, monkeypatch):
    path, key = saved
    assert store.load_year(module_ctx, path, bytes(32)) is None
    assert store.load_year(module_ctx, path.with_name("none.bin"), key) is None
    monkeypatch.setattr(store, "_program", lambda: "0.0.0")
    assert store.load_year(module_ctx, path, key) is None
    monkeypatch.undo()
    monkeypatch.setattr(store, "SCHEMA_HEAD", "0000_older")
    assert store.load_year(module_ctx, path, key) is None
    monkeypatch.undo()
    assert store.load_year(module_ctx, path, key) is not None


def test_a_disk_fault_while_keeping_leaves_the_year_kept_before(module_ctx, judged, saved, monkeypatch):
    year, last_rated, version = judged
    path, key = saved
    before = path.read_bytes()

    def full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.os, "replace", full)
    with pytest.raises(OSError):
        store.save_year(module_ctx, path, year, last_rated, version, key)
    assert path.read_bytes() == before and sorted(path.parent.iterdir()) == [path]


def test_a_write_a_history_reads_makes_the_kept_year_stale(module_ctx, judged, saved, monkeypatch):
    """Last in the module: it changes the database the others read."""
    path, key = saved
    year, _last, version = judged
    assert data_version(module_ctx) == version
    with module_ctx.read() as s:
        person_id = s.scalar(select(Person.id).order_by(Person.id).limit(1))
    shown = person_upkeep(module_ctx, person_id)
    update_person(module_ctx, person_id, dataclasses.replace(shown.data, note="Sửa tay"), shown.version)
    assert store.load_year(module_ctx, path, key) is None
    # Asked for a year to show while it is judged again: the one kept, said to be stale.
    stale = store.load_year(module_ctx, path, key, stale=True)
    assert stale is not None and not stale.current and stale.version == version
    assert stale.verdicts.listing().candidates == year.listing().candidates
    monkeypatch.setattr(store, "_program", lambda: "0.0.0")
    assert store.load_year(module_ctx, path, key, stale=True) is None  # another program's: never


def test_a_year_not_wholly_judged_is_not_kept(module_ctx, tmp_path):
    histories = load_histories(module_ctx)
    year = YearVerdicts(histories, LAST_YEAR, SHORT)
    year.add(ALL_CODES[0], year.judge(ALL_CODES[0]))
    with pytest.raises(ValueError):
        store.save_year(module_ctx, tmp_path / "x.bin", year, None, data_version(module_ctx), bytes(32))
