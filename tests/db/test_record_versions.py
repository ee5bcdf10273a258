"""Optimistic locking: two clerks, two connections (two Database objects, two engines) on one database. The
one who saves over a change made since their form loaded is refused with who and when, and nothing of theirs
is written; the UPDATE's own version condition refuses a change that slipped in under it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, inspect, select, text

from app.errors import StaleRecord
from app.services.agency import AgencyInfo, SignerInfo, save_agency
from app.services.audit import local_time_text
from app.services.campaigns import PhaseInput
from app.services.context import ServiceContext
from app.services.documents import DraftInput, load_document, save_draft
from app.services.persons import person_upkeep, update_person
from app.services.targets import TargetInput
from app.services.units import unit_tree, update_unit
from database.engine import Database
from database.enums import DocumentKind, RatingLevel
from database.enums import TargetComparison as C
from database.models import AuditEntry, Base, Person
from tests.db.test_records import build_career

D = Decimal
EXCELLENT, GOOD, DONE = RatingLevel.EXCELLENT, RatingLevel.GOOD, RatingLevel.DONE


@pytest.fixture
def clerks(db, ctx):
    """Clerk A on the test's database object, clerk B on a second one (its own engine and connections)."""
    other = Database.open(db.url)
    try:
        yield ServiceContext(db, actor="an"), ServiceContext(other, actor="binh")
    finally:
        other.dispose()


@pytest.fixture
def career(ctx):
    return build_career(ctx)


def _last_change(ctx, entity: str, entity_id: int) -> AuditEntry:
    with ctx.read() as s:
        return s.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
            .order_by(AuditEntry.id.desc())
        ).first()


def _refused_naming(exc: pytest.ExceptionInfo, ctx, entity: str, entity_id: int) -> None:
    last = _last_change(ctx, entity, entity_id)
    assert last.actor == "binh"
    assert str(exc.value) == f"Bản ghi đã được binh sửa lúc {local_time_text(last.at)}; tải lại?"
    assert (exc.value.entity, exc.value.entity_id) == (entity, entity_id)


def test_every_edited_record_is_versioned():
    versioned = {t.name for t in Base.metadata.sorted_tables if "version" in t.c}
    assert {
        "person",
        "unit",
        "outgoing_document",
        "campaign",
        "cluster",
        "registration",
        "initiative",
    } <= versioned
    assert {"agency", "signer", "account", "decision", "nomination", "award_type"} <= versioned
    assert {"rating", "discipline"} <= versioned


def test_a_person_saved_over_a_newer_change_is_refused(clerks, career):
    a, b = clerks
    person_id = career["colleague"]
    seen_by_a = person_upkeep(a, person_id)
    seen_by_b = person_upkeep(b, person_id)
    assert seen_by_a.version == seen_by_b.version == 1
    update_person(b, person_id, dataclasses.replace(seen_by_b.data, phone="0912 000 111"), seen_by_b.version)

    with pytest.raises(StaleRecord) as refused:
        update_person(a, person_id, dataclasses.replace(seen_by_a.data, note="Của An"), seen_by_a.version)
    _refused_naming(refused, a, "person", person_id)
    now = person_upkeep(a, person_id)
    assert now.version == 2 and now.data.phone == "0912 000 111" and now.data.note == seen_by_a.data.note

    # After reloading, A saves over B's version: both changes are kept.
    update_person(a, person_id, dataclasses.replace(now.data, note="Của An"), now.version)
    final = person_upkeep(b, person_id)
    assert final.version == 3 and (final.data.phone, final.data.note) == ("0912 000 111", "Của An")


def test_a_caller_that_is_not_a_form_saves_without_a_version(ctx, career):
    person_id = career["colleague"]
    data = person_upkeep(ctx, person_id).data
    update_person(ctx, person_id, dataclasses.replace(data, phone="1"))
    update_person(ctx, person_id, dataclasses.replace(data, phone="2"))
    assert person_upkeep(ctx, person_id).version == 3


def test_a_unit_saved_over_a_newer_change_is_refused(clerks, career):
    a, b = clerks
    unit_id = career["hospital"]
    seen_by_a = unit_tree(a).by_id()[unit_id]
    seen_by_b = unit_tree(b).by_id()[unit_id]
    update_unit(b, unit_id, dataclasses.replace(seen_by_b.data, phone="0237 385 000"), seen_by_b.version)

    with pytest.raises(StaleRecord) as refused:
        update_unit(
            a, unit_id, dataclasses.replace(seen_by_a.data, head_name="Lê Văn Tâm"), seen_by_a.version
        )
    _refused_naming(refused, a, "unit", unit_id)
    now = unit_tree(a).by_id()[unit_id]
    assert now.data.phone == "0237 385 000" and now.data.head_name == seen_by_a.data.head_name
    assert now.version == seen_by_a.version + 1


def test_a_document_draft_saved_over_a_newer_change_is_refused(clerks):
    a, b = clerks
    agency = save_agency(a, _AGENCY)
    first = DraftInput(
        DocumentKind.OFFICIAL_LETTER,
        "hướng dẫn tổng kết thi đua",
        text="Đề nghị các đơn vị tổng kết.",
        addressees=("Các đơn vị trực thuộc Sở",),
        signer_id=agency.signers[0].id,
    )
    document_id = save_draft(a, first)
    seen_by_a, seen_by_b = load_document(a, document_id), load_document(b, document_id)
    save_draft(b, dataclasses.replace(seen_by_b.draft, text="Bản của Bình."), document_id, seen_by_b.version)

    with pytest.raises(StaleRecord) as refused:
        save_draft(
            a, dataclasses.replace(seen_by_a.draft, text="Bản của An."), document_id, seen_by_a.version
        )
    _refused_naming(refused, a, "outgoing_document", document_id)
    assert load_document(a, document_id).draft.text == "Bản của Bình."


def test_the_update_itself_refuses_a_version_moved_underneath(clerks, career, monkeypatch):
    """The race the version check cannot see: a change lands between A's read of the row (the check passes)
    and A's UPDATE. The UPDATE ... WHERE version = ? matches no row; A's transaction rolls back whole.
    On PostgreSQL the change is B's, on B's own connection (A's SELECT locks nothing). A SQLite write
    transaction shuts every other writer out from its start, so there the race cannot happen between two
    connections; the raw UPDATE goes through A's own connection to show the same check."""
    a, b = clerks
    person_id = career["colleague"]
    seen = person_upkeep(a, person_id)
    postings_before = _open_position(a, person_id)
    import app.services.persons as persons

    real_apply = persons._apply
    raw = text("UPDATE person SET phone = '0999', version = version + 1 WHERE id = :id")

    def apply_after_b(person, data):  # A has read the row (version 1); now it moves underneath
        if a.db.is_sqlite:
            inspect(person).session.execute(raw, {"id": person_id})
        else:
            with b.db.engine.begin() as conn:
                conn.execute(raw, {"id": person_id})
        real_apply(person, data)

    monkeypatch.setattr(persons, "_apply", apply_after_b)
    with pytest.raises(StaleRecord) as refused:
        update_person(
            a, person_id, dataclasses.replace(seen.data, note="Của An", position="Phó khoa"), seen.version
        )
    assert refused.value.entity == "person" and refused.value.entity_id == person_id
    assert str(refused.value).startswith("Bản ghi đã được ")
    with b.read() as s:
        row = s.get(Person, person_id)
        expected_phone = seen.data.phone if a.db.is_sqlite else "0999"  # SQLite: rolled back with A's
        assert (row.phone, row.note) == (expected_phone, seen.data.note)
    assert _open_position(a, person_id) == postings_before  # the posting A changed rolled back too


def _open_position(ctx, person_id: int):
    from database.models import Posting

    with ctx.read() as s:
        return s.scalars(select(Posting.position).where(Posting.person_id == person_id)).all()


def test_a_bulk_move_of_staff_counts_as_a_change(ctx, career):
    """Staff moved by a merge are written with one UPDATE: their versions move too."""
    from app.services.units import MergePlan, merge_units

    person_id = career["colleague"]
    before = person_upkeep(ctx, person_id)
    into = career["centre"] if before.unit_id != career["centre"] else career["hospital"]
    merge_units(ctx, MergePlan(absorbed_ids=(before.unit_id,), day=dt.date.today(), into_id=into))
    assert person_upkeep(ctx, person_id).version == before.version + 1
    with pytest.raises(StaleRecord):
        update_person(ctx, person_id, before.data, before.version)


# --- the other records a form edits: the same refusal, whichever clerk saves second ------------------------


def _second_save_is_refused(clerks, load, save, first_change, second_change) -> None:
    """A and B load the same record; B saves `first_change`; A's `second_change` over the old version is
    refused naming B, and B's change is what the record holds."""
    a, b = clerks
    seen_by_a, seen_by_b = load(a), load(b)
    save(b, first_change(seen_by_b), seen_by_b.version)
    with pytest.raises(StaleRecord, match=r"^Bản ghi đã được binh sửa lúc \d\d:\d\d ngày "):
        save(a, second_change(seen_by_a), seen_by_a.version)
    return load(a)


def test_campaign_phase_and_target_forms_are_refused_over_a_newer_change(clerks):
    from app.services.campaigns import campaign_detail, save_campaign, save_phase
    from app.services.targets import save_target
    from tests.db.test_campaigns import SEED_001

    a, _ = clerks
    campaign_id = save_campaign(a, SEED_001)
    phase_id = save_phase(a, campaign_id, PhaseInput(dt.date(2023, 1, 1), dt.date(2023, 6, 30), "Trọng tâm"))
    target_id = save_target(a, campaign_id, TargetInput("Số bác sĩ/vạn dân", "bác sĩ", C.AT_LEAST, D("8")))

    now = _second_save_is_refused(
        clerks,
        lambda ctx: campaign_detail(ctx, campaign_id),
        lambda ctx, data, v: save_campaign(ctx, data, campaign_id, v),
        lambda d: dataclasses.replace(d.as_input(), note="của Bình"),
        lambda d: dataclasses.replace(d.as_input(), theme="của An"),
    )
    assert (now.note, now.theme) == ("của Bình", "")

    def phase(ctx):
        return campaign_detail(ctx, campaign_id).phases[0]

    def phase_input(p, focus):
        return PhaseInput(p.start_date, p.end_date, focus)

    now = _second_save_is_refused(
        clerks,
        phase,
        lambda ctx, data, v: save_phase(ctx, campaign_id, data, phase_id, v),
        lambda p: phase_input(p, "của Bình"),
        lambda p: phase_input(p, "của An"),
    )
    assert now.focus == "của Bình"

    def target(ctx):
        return campaign_detail(ctx, campaign_id).targets[0]

    now = _second_save_is_refused(
        clerks,
        target,
        lambda ctx, data, v: save_target(ctx, campaign_id, data, target_id, v),
        lambda t: TargetInput(t.name, t.measure, t.comparison, D("9")),
        lambda t: TargetInput(t.name, t.measure, t.comparison, D("10")),
    )
    assert now.value_min == D("9")


def test_a_change_of_members_alone_makes_a_cluster_form_stale(clerks):
    from app.services.clusters import ClusterData, cluster_detail, create_cluster, update_cluster
    from app.services.units import create_unit_under_department
    from database.enums import ClusterKind

    a, _ = clerks
    create_unit_under_department(a, "Sở Y tế")
    units = [create_unit_under_department(a, f"Bệnh viện {n}") for n in ("Nhi", "Mắt", "Phổi")]
    cluster_id = create_cluster(a, ClusterData(2025, "Cụm các bệnh viện", ClusterKind.CLUSTER, tuple(units)))

    def as_data(d, members):
        return ClusterData(d.year, d.name, d.kind, members, note=d.note)

    now = _second_save_is_refused(
        clerks,
        lambda ctx: cluster_detail(ctx, cluster_id),
        lambda ctx, data, v: update_cluster(ctx, cluster_id, data, v),
        lambda d: as_data(d, tuple(units[:2])),  # only a member taken out
        lambda d: dataclasses.replace(as_data(d, tuple(units)), note="của An"),
    )
    assert sorted(m.unit_id for m in now.members) == sorted(units[:2]) and now.note == ""


def test_a_change_of_signers_alone_makes_the_agency_form_stale(clerks):
    from app.services.agency import get_agency

    a, _ = clerks
    save_agency(a, _AGENCY)
    second = SignerInfo("Nguyễn Thị Hà", "Phó Giám đốc")

    def with_signers(info, *extra):
        return dataclasses.replace(info, signers=info.signers + extra)

    now = _second_save_is_refused(
        clerks,
        get_agency,
        save_agency,
        lambda info: with_signers(info, second),
        lambda info: dataclasses.replace(info, phone="0237 000"),
    )
    assert [x.full_name for x in now.signers] == ["Lê Văn Bình", "Nguyễn Thị Hà"] and now.phone is None


_AGENCY = AgencyInfo(
    parent_name="UBND tỉnh Thanh Hóa",
    name="Sở Y tế",
    symbol="SYT",
    place_name="Thanh Hóa",
    signers=(SignerInfo("Lê Văn Bình", "Giám đốc", is_default=True),),
)


def test_a_change_of_the_people_alone_makes_a_registration_form_stale(clerks, career):
    from app.services.registrations import RegistrationData, registration_detail, save_registration

    a, _ = clerks
    hospital, nurse, colleague = career["hospital"], career["nurse"], career["colleague"]
    reg_id = save_registration(a, RegistrationData(2025, hospital, ("TTLDXS",), ((colleague, "CSTDCS"),)))

    def as_data(d, persons, note=None):
        return RegistrationData(d.year, d.unit_id, d.collective_codes, persons, note=note or d.note)

    now = _second_save_is_refused(
        clerks,
        lambda ctx: registration_detail(ctx, reg_id),
        save_registration,
        lambda d: as_data(d, ((colleague, "CSTDCS"), (nurse, "LDTT"))),
        lambda d: as_data(d, ((colleague, "CSTDCS"),), note="của An"),
    )
    assert {(p.person_id, p.code) for p in now.persons} == {(colleague, "CSTDCS"), (nurse, "LDTT")}
    assert now.note is None


def test_a_change_of_the_authors_alone_makes_an_initiative_form_stale(clerks, career):
    from app.services.initiatives import (
        AuthorShare,
        InitiativeData,
        create_initiative,
        initiative_detail,
        update_initiative,
    )
    from database.enums import InitiativeLevel

    a, _ = clerks
    nurse, colleague = career["nurse"], career["colleague"]
    first = InitiativeData(
        "Sổ tay tiếp đón người bệnh", 2024, InitiativeLevel.BASE, authors=(AuthorShare(nurse),)
    )
    initiative_id = create_initiative(a, first)

    now = _second_save_is_refused(
        clerks,
        lambda ctx: initiative_detail(ctx, initiative_id),
        lambda ctx, data, v: update_initiative(ctx, initiative_id, data, v),
        lambda d: dataclasses.replace(d.data, authors=(AuthorShare(nurse), AuthorShare(colleague))),
        lambda d: dataclasses.replace(d.data, note="của An"),
    )
    assert {x.person_id for x in now.authors} == {nurse, colleague} and now.data.note is None


def test_an_account_form_is_stale_after_another_administrator_not_after_a_sign_in(db):
    from app.services.accounts import (
        AccountData,
        SignInRefused,
        add_account,
        create_first_admin,
        list_accounts,
        sign_in,
        update_account,
    )
    from database.enums import Role

    admin = create_first_admin(
        db, AccountData("quantri", "Quản trị viên", frozenset({Role.ADMIN})), "Mk-2026-an"
    )
    ctx = ServiceContext.signed_in(db, admin)
    other = Database.open(db.url)
    try:
        binh = ServiceContext(other, actor="binh")
        lan = add_account(ctx, AccountData("lan", "Nguyễn Thị Lan", frozenset({Role.CLERK})), "Hoa-Sen-2026")

        def row(c):
            return next(r for r in list_accounts(c) if r.id == lan)

        seen = row(ctx)
        with pytest.raises(SignInRefused):
            sign_in(other, "lan", "sai mật khẩu")  # a failed sign-in writes the account's counts
        sign_in(other, "lan", "Hoa-Sen-2026")  # and a good one its time: neither is an edit
        update_account(ctx, lan, "Nguyễn Thị Lan Anh", seen.roles, seen.version)
        seen = row(ctx)
        update_account(binh, lan, seen.full_name, frozenset({Role.CLERK, Role.REGISTRAR}), seen.version)
        sign_in(other, "lan", "Hoa-Sen-2026")  # the newest row about the account: not the one named
        with pytest.raises(StaleRecord, match="^Bản ghi đã được binh sửa lúc "):
            update_account(ctx, lan, "Lan", seen.roles, seen.version)
        assert row(ctx).full_name == "Nguyễn Thị Lan Anh" and Role.REGISTRAR in row(ctx).roles
    finally:
        other.dispose()


def _department(conn) -> None:
    """Unit 1, written in SQL as an older schema holds it (the models follow the newest)."""
    conn.execute(
        text(
            "INSERT INTO unit (id, name, name_folded, kind, status, sort_order, created_at, updated_at) "
            "VALUES (1, 'Sở Y tế', 'so y te', 'DEPARTMENT', 'ACTIVE', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        )
    )


def test_the_migration_adds_and_drops_the_versions(db_url, tmp_path):
    """0009 up: every row already there is at version 1; down: the columns go, the rows stay."""
    from database.migrate import current_revision, downgrade, upgrade

    database = Database.open(db_url)
    try:
        upgrade(database, tmp_path / "backups", target="0007_accounts")
        with database.engine.begin() as conn:
            _department(conn)
        upgrade(database, tmp_path / "backups", target="0009_record_versions")
        with database.engine.connect() as conn:
            assert conn.execute(text("SELECT id, version FROM unit")).all() == [(1, 1)]
        downgrade(database, "0007_accounts")
        assert current_revision(database) == "0007_accounts"
        with database.engine.connect() as conn:
            assert conn.execute(text("SELECT id, name FROM unit")).all() == [(1, "Sở Y tế")]
            columns = {c["name"] for c in inspect(conn).get_columns("person")}
        assert "version" not in columns
    finally:
        database.dispose()


def test_a_transfer_from_a_stale_form_is_refused(clerks, career):
    from app.services.persons import Transfer, transfer_person

    a, b = clerks
    person_id = career["colleague"]
    seen = person_upkeep(a, person_id)
    update_person(b, person_id, dataclasses.replace(seen.data, position="Phó khoa"), seen.version)
    to = career["centre"] if seen.unit_id != career["centre"] else career["hospital"]
    with pytest.raises(StaleRecord, match="^Bản ghi đã được binh sửa lúc "):
        transfer_person(
            a, person_id, Transfer(to, dt.date.today(), position=seen.data.position), seen.version
        )
    assert person_upkeep(a, person_id).unit_id == seen.unit_id


# --- ratings and disciplines (0019): the grid, a person's rating dialog, a discipline ----------------------


def _ratings_and_audit(ctx) -> tuple[list[tuple], int]:
    """Every rating as stored, and how many audit rows there are: what a refused save must leave as it was."""
    from database.models import Rating

    with ctx.read() as s:
        rows = s.execute(
            select(Rating.person_id, Rating.unit_id, Rating.year, Rating.level, Rating.version).order_by(
                Rating.id
            )
        ).all()
        return [tuple(r) for r in rows], s.scalar(select(func.count()).select_from(AuditEntry))


def _change(grid, person_id: int, level, **kw):
    """What the grid sends for one person: the new level with the version the grid showed."""
    from app.services.ratings import RatingChange

    row = next(r for r in grid.rows if r.person_id == person_id)
    return RatingChange(person_id, level, expected_version=row.version, **kw)


@pytest.fixture
def hospital(ctx):
    from tests.db.test_ratings import build_hospital

    return build_hospital(ctx)


def test_a_grid_saved_over_a_newer_rating_is_refused_whole(clerks, hospital):
    """B rates Bình after A's grid was read; A's save of three cells, Bình's among them, writes nothing and
    names Bình and the year; read again, A's save goes through over B's version."""
    from app.services.ratings import load_rating_grid, save_ratings

    a, b = clerks
    unit, anh, binh, cuc = hospital["hospital"], hospital["anh"], hospital["binh"], hospital["cuc"]
    seen_by_a, seen_by_b = load_rating_grid(a, unit, 2024), load_rating_grid(b, unit, 2024)
    assert next(r for r in seen_by_a.rows if r.person_id == binh).version == 1
    assert next(r for r in seen_by_a.rows if r.person_id == anh).version == 0  # not rated: ABSENT
    saved = save_ratings(b, unit, 2024, [_change(seen_by_b, binh, EXCELLENT)])
    assert saved.versions == {binh: 2}
    before = _ratings_and_audit(a)

    changes = [_change(seen_by_a, anh, GOOD), _change(seen_by_a, binh, DONE), _change(seen_by_a, cuc, GOOD)]
    with pytest.raises(StaleRecord) as refused:
        save_ratings(a, unit, 2024, changes)
    last = _last_change(a, "rating", refused.value.entity_id)
    assert str(refused.value) == (
        f"Xếp loại năm 2024 của Lê Văn Bình đã được binh sửa lúc {local_time_text(last.at)}; tải lại?"
    )
    assert _ratings_and_audit(a) == before  # Ánh and Cúc not written either

    again = load_rating_grid(a, unit, 2024)
    result = save_ratings(a, unit, 2024, [_change(again, anh, GOOD), _change(again, binh, DONE)])
    assert result.versions == {anh: 1, binh: 3}
    now = {r.person_id: (r.level, r.version) for r in load_rating_grid(b, unit, 2024).rows}
    assert now[anh] == (GOOD, 1) and now[binh] == (DONE, 3)


def test_a_grid_refuses_a_rating_made_or_removed_meanwhile_and_the_units_own(clerks, hospital):
    from app.services.ratings import RatingChange, UnitRatingChange, load_rating_grid, save_ratings

    a, b = clerks
    unit, anh, binh = hospital["hospital"], hospital["anh"], hospital["binh"]
    seen = load_rating_grid(a, unit, 2024)
    save_ratings(b, unit, 2024, [RatingChange(anh, EXCELLENT)])  # no version: as a caller that is no form
    with pytest.raises(StaleRecord, match=r"^Xếp loại năm 2024 của Nguyễn Thị Ánh đã được binh sửa lúc "):
        save_ratings(a, unit, 2024, [_change(seen, anh, DONE)])

    seen = load_rating_grid(a, unit, 2024)
    save_ratings(b, unit, 2024, [_change(load_rating_grid(b, unit, 2024), binh, None)])
    with pytest.raises(StaleRecord) as refused:
        save_ratings(a, unit, 2024, [_change(seen, binh, GOOD)])
    assert refused.value.fact == (
        "Xếp loại năm 2024 của Lê Văn Bình đã được người khác sửa sau khi biểu mẫu được mở"
    )

    seen = load_rating_grid(a, unit, 2024)
    own = seen.unit_rating
    save_ratings(b, unit, 2024, [], UnitRatingChange(GOOD, own.document_ref, own.version))
    before = _ratings_and_audit(a)
    with pytest.raises(
        StaleRecord, match=r"^Xếp loại tập thể năm 2024 của Bệnh viện Đa khoa tỉnh đã được binh"
    ):
        save_ratings(a, unit, 2024, [_change(seen, anh, DONE)], UnitRatingChange(None, None, own.version))
    assert _ratings_and_audit(a) == before


def test_the_grids_update_itself_refuses_a_rating_moved_underneath_and_names_it(
    clerks, hospital, monkeypatch
):
    """The race past the check: Bình's rating moves between A's read and A's UPDATE (as in the person test
    above); the flush is refused, nothing of A's is written, and the refusal still names Bình."""
    import app.services.ratings as ratings

    a, b = clerks
    unit, anh, binh = hospital["hospital"], hospital["anh"], hospital["binh"]
    seen = ratings.load_rating_grid(a, unit, 2024)
    raw = text("UPDATE rating SET absent_days = 9, version = version + 1 WHERE person_id = :id")
    real_apply = ratings._apply

    def apply_after_b(session, existing, level, values, subject):
        if subject.get("person_id") == binh:
            if a.db.is_sqlite:
                session.execute(raw, {"id": binh})
            else:
                with b.db.engine.begin() as conn:
                    conn.execute(raw, {"id": binh})
        return real_apply(session, existing, level, values, subject)

    monkeypatch.setattr(ratings, "_apply", apply_after_b)
    with pytest.raises(StaleRecord, match=r"^Xếp loại năm 2024 của Lê Văn Bình đã được "):
        ratings.save_ratings(a, unit, 2024, [_change(seen, anh, GOOD), _change(seen, binh, DONE)])
    monkeypatch.undo()
    now = {r.person_id: r for r in ratings.load_rating_grid(b, unit, 2024).rows}
    assert now[anh].level is None and now[binh].level is GOOD
    assert now[binh].absent_days == (2 if a.db.is_sqlite else 9)  # SQLite: rolled back with A's


def test_a_persons_rating_saved_over_a_newer_change_is_refused(clerks, career):
    from app.services.persons import set_person_rating

    a, b = clerks
    nurse = career["nurse"]
    seen_by_a, seen_by_b = person_upkeep(a, nurse), person_upkeep(b, nurse)
    shown = {r.year: r.version for r in seen_by_a.ratings}
    set_person_rating(b, nurse, 2020, DONE, expected_version=shown[2020])
    set_person_rating(b, nurse, 2021, GOOD, expected_version=0)  # B rates a year A saw empty
    before = _ratings_and_audit(a)
    with pytest.raises(StaleRecord, match=r"^Xếp loại năm 2020 của Nguyễn Thị Ánh đã được binh sửa lúc "):
        set_person_rating(a, nurse, 2020, EXCELLENT, absent_days=2, expected_version=shown[2020])
    with pytest.raises(StaleRecord, match=r"^Xếp loại năm 2021 của Nguyễn Thị Ánh đã được binh sửa lúc "):
        set_person_rating(a, nurse, 2021, None, expected_version=0)
    assert _ratings_and_audit(a) == before
    now = {r.year: (r.level, r.version) for r in person_upkeep(a, nurse).ratings}
    assert now[2020] == (DONE, shown[2020] + 1) and now[2021] == (GOOD, 1)
    assert seen_by_b.version == person_upkeep(a, nurse).version  # a rating is no edit of the person


def test_a_discipline_changed_meanwhile_is_not_lifted_edited_or_deleted(clerks, career):
    from app.services.persons import (
        DisciplineData,
        add_discipline,
        delete_discipline,
        lift_discipline,
        update_discipline,
    )
    from database.enums import DisciplineForm
    from database.models import Discipline

    a, b = clerks
    colleague = career["colleague"]
    data = DisciplineData(DisciplineForm.WARNING, dt.date(2024, 5, 1), decision_ref="15/QĐ-BV")
    did = add_discipline(a, colleague, data)
    (seen_by_a,) = person_upkeep(a, colleague).disciplines
    (seen_by_b,) = person_upkeep(b, colleague).disciplines
    assert seen_by_a.version == seen_by_b.version == 1
    lift_discipline(b, did, dt.date(2025, 5, 1), seen_by_b.version)

    def stored():
        with a.read() as s:
            row = s.get(Discipline, did)
            return row.effective_to, row.decision_ref, row.version

    before = stored()
    for refused in (
        lambda: lift_discipline(a, did, dt.date(2025, 1, 1), seen_by_a.version),
        lambda: update_discipline(a, did, dataclasses.replace(data, reason="của An"), seen_by_a.version),
        lambda: delete_discipline(a, did, seen_by_a.version),
    ):
        with pytest.raises(StaleRecord) as exc:
            refused()
        _refused_naming(exc, a, "discipline", did)
    assert stored() == before == (dt.date(2025, 5, 1), "15/QĐ-BV", 2)
    delete_discipline(a, did, person_upkeep(a, colleague).disciplines[0].version)
    assert person_upkeep(a, colleague).disciplines == ()


def test_the_migration_gives_ratings_and_disciplines_a_version(db_url, tmp_path):
    """0019 up: the ratings and disciplines already there are at version 1; down: the columns go, the rows
    stay."""
    from database.migrate import current_revision, downgrade, upgrade

    database = Database.open(db_url)
    try:
        upgrade(database, tmp_path / "backups", target="0018_statistics_index")
        with database.engine.begin() as conn:
            _department(conn)
            conn.execute(text("INSERT INTO rating (id, unit_id, year, level) VALUES (1, 1, 2024, 'GOOD')"))
            conn.execute(
                text(
                    "INSERT INTO discipline (id, unit_id, form, effective_from, created_at, updated_at) "
                    "VALUES (1, 1, 'PENDING', '2024-05-01', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                )
            )
        upgrade(database, tmp_path / "backups", target="0019_rating_versions")
        with database.engine.connect() as conn:
            assert conn.execute(text("SELECT id, version FROM rating")).all() == [(1, 1)]
            assert conn.execute(text("SELECT id, version FROM discipline")).all() == [(1, 1)]
        downgrade(database, "0018_statistics_index")
        assert current_revision(database) == "0018_statistics_index"
        with database.engine.connect() as conn:
            assert conn.execute(text("SELECT id, level FROM rating")).all() == [(1, "GOOD")]
            assert conn.execute(text("SELECT id, form FROM discipline")).all() == [(1, "PENDING")]
            for table in ("rating", "discipline"):
                assert "version" not in {c["name"] for c in inspect(conn).get_columns(table)}
    finally:
        database.dispose()
