"""Optimistic locking: two clerks, two connections (two Database objects, two engines) on one database. The
one who saves over a change made since their form loaded is refused with who and when, and nothing of theirs
is written; the UPDATE's own version condition refuses a change that slipped in under it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import inspect, select, text

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
from database.enums import DocumentKind
from database.enums import TargetComparison as C
from database.models import AuditEntry, Base, Person
from tests.db.test_records import build_career

D = Decimal


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


def test_the_migration_adds_and_drops_the_versions(db_url, tmp_path):
    """0009 up: every row already there is at version 1; down: the columns go, the rows stay."""
    from database.migrate import current_revision, downgrade, upgrade

    database = Database.open(db_url)
    try:
        upgrade(database, tmp_path / "backups", target="0007_accounts")
        with database.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO unit (id, name, name_folded, kind, status, sort_order, created_at, updated_at) "
                    "VALUES (1, 'Sở Y tế', 'so y te', 'DEPARTMENT', 'ACTIVE', 0, CURRENT_TIMESTAMP, "
                    "CURRENT_TIMESTAMP)"
                )
            )
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
