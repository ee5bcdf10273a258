"""Law updates as data (Cập nhật quy định): a signed update file is previewed, applied, refused when tampered
with, and undone, on each backend. The tests sign with their own key pair and give its public part to the
service (the program itself always checks with the publisher's key it ships)."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from app.cli import main
from app.errors import UserError
from app.exchange import catalogue_update_file
from app.exchange.catalogue_update_file import UpdateRefused, build_update
from app.exchange.package_signing import b64
from app.services.catalogue import LocalAwardTypeData, add_local_award_type, base_salary_on, sync_catalogue
from app.services.catalogue_update import (
    ADDED,
    CHANGED,
    ENDED,
    KEPT,
    applied_updates,
    apply_update,
    preview_update,
    undo_update,
)
from app.services.legal_bases import set_province_rule
from database.models import (
    AuditEntry,
    AwardType,
    BaseSalary,
    BonusCoefficient,
    CatalogueUpdate,
    Parameter,
    TitleWording,
)
from tests.law_updates import KEY, NEW_SALARY, SEED, catalogue_copy, edit, law_update_files


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    return law_update_files(tmp_path_factory.mktemp("updates"))


def catalogue_rows(ctx) -> dict:
    """Every row of the four catalogue tables, every column but the version counter and the time of change."""
    with ctx.read() as s:
        return {
            model.__tablename__: sorted(
                (
                    tuple(
                        (c.key, getattr(row, c.key))
                        for c in inspect(model).column_attrs
                        if c.key not in ("version", "updated_at")
                    )
                    for row in s.scalars(select(model))
                ),
                key=repr,
            )
            for model in (AwardType, BonusCoefficient, BaseSalary, Parameter)
        }


def test_an_update_is_previewed_applied_by_date_and_undone_exactly(ctx, files):
    set_province_rule(ctx, "vote_threshold.CSTDCS", dt.date(2025, 7, 1), 0.9, "QĐ 5/2025/QĐ-UBND")
    before = catalogue_rows(ctx)

    preview = preview_update(ctx, files["update"], KEY)
    assert preview.update_id is None and catalogue_rows(ctx) == before  # a dry run writes nothing
    lines = {(c.action, c.kind, c.what, c.effective, c.source, c.certainty.value) for c in preview.changes}
    assert (ADDED, "base_salary", "Mức lương cơ sở", dt.date(2027, 7, 1), NEW_SALARY[2], "U") in lines
    # the salary of 2026 is not overwritten: it ends the day before, by the text that ends it
    ended = [c for c in preview.changes if c.action == ENDED and c.kind == "base_salary"]
    assert [(c.effective, c.source) for c in ended] == [(dt.date(2027, 7, 1), NEW_SALARY[2])]
    assert "2.530.000" in ended[0].detail and "30/06/2027" in ended[0].detail
    assert (CHANGED, "base_salary", "Mức lương cơ sở", dt.date(2026, 7, 1), "NĐ 161/2026/NĐ-CP", "V") in lines
    assert any(
        c.action == ADDED and c.kind == "coefficient" and c.what.startswith("LDTT") for c in preview.changes
    )
    assert any(
        c.action == ENDED and c.what.startswith("HCLD3") and c.effective == dt.date(2027, 7, 1)
        for c in preview.changes
    )
    kept = [c for c in preview.changes if c.action == KEPT]
    assert [c.what for c in kept] == ["Tỷ lệ phiếu bầu: Chiến sĩ thi đua cơ sở (Tỉnh)"]
    assert "75%" in kept[0].detail and kept[0].source == "QĐ 5/2025/QĐ-UBND"  # what the office holds is kept
    assert preview.count(ADDED) == 5  # salary, two coefficients, threshold, a form
    assert (
        ADDED,
        "award_type",
        "GK_CHUYEN_DE — Giấy khen chuyên đề",
        dt.date(2027, 7, 1),
        NEW_SALARY[2],
        "U",
    ) in lines

    applied = apply_update(ctx, files["update"], KEY)
    assert applied.update_id is not None and applied.changes == preview.changes
    assert base_salary_on(ctx, dt.date(2027, 7, 1)) == 2_800_000
    assert base_salary_on(ctx, dt.date(2027, 6, 30)) == 2_530_000  # past dates keep the rule of their day
    with ctx.read() as s:
        own = s.scalar(select(Parameter).where(Parameter.key == "vote_threshold.CSTDCS", Parameter.local))
        assert (own.value, own.source) == (0.9, "QĐ 5/2025/QĐ-UBND")  # the office's row untouched
        assert s.scalar(select(AwardType.valid_to).where(AwardType.code == "HCLD3")) == dt.date(2027, 6, 30)
        record = s.get(CatalogueUpdate, applied.update_id)
        assert record.applied_by == "tester" and len(record.changes) == 7
        summaries = set(s.scalars(select(AuditEntry.summary).where(AuditEntry.entity == "base_salary")))
        assert any(x.startswith("Cập nhật quy định: Lương cơ sở từ 01/7/2027") for x in summaries)

    with pytest.raises(UpdateRefused, match="đã được áp dụng"):
        apply_update(ctx, files["update"], KEY)
    with pytest.raises(UpdateRefused, match="không mới hơn"):
        preview_update(ctx, files["older"], KEY)

    undone = undo_update(ctx, applied.update_id)
    assert not undone.in_force and undone.undone_by == "tester"
    assert catalogue_rows(ctx) == before
    with pytest.raises(UserError, match="đã được hoàn tác"):
        undo_update(ctx, applied.update_id)
    # undone, the update may be applied again; the list keeps both, newest first
    again = apply_update(ctx, files["update"], KEY)
    assert [(u.id, u.in_force) for u in applied_updates(ctx)] == [
        (again.update_id, True),
        (applied.update_id, False),
    ]


def test_undo_is_refused_once_the_office_edited_a_row_the_update_wrote(ctx, files):
    applied = apply_update(ctx, files["update"], KEY)  # it corrects the province's CSTĐCS threshold to 75%
    set_province_rule(ctx, "vote_threshold.CSTDCS", dt.date(2025, 7, 1), 0.95, "QĐ 6/2025/QĐ-UBND")
    edited = catalogue_rows(ctx)
    with pytest.raises(UserError, match="đã được sửa sau khi cập nhật"):
        undo_update(ctx, applied.update_id)
    assert catalogue_rows(ctx) == edited and applied_updates(ctx)[0].in_force


def test_undo_is_refused_once_a_form_the_update_added_is_used(ctx, files):
    applied = apply_update(ctx, files["update"], KEY)
    with ctx.write("Ghi cách gọi danh hiệu") as s:
        form = s.scalar(select(AwardType.id).where(AwardType.code == "GK_CHUYEN_DE"))
        s.add(
            TitleWording(folded_text="gk chuyen de", text="GK chuyên đề", award_type_id=form, created_by="t")
        )
    used = catalogue_rows(ctx)
    with pytest.raises(UserError, match="đã được dùng"):
        undo_update(ctx, applied.update_id)
    assert catalogue_rows(ctx) == used and applied_updates(ctx)[0].in_force


def test_the_office_form_of_the_same_code_is_kept_with_its_coefficients(ctx, files):
    add_local_award_type(
        ctx,
        LocalAwardTypeData(
            "GK_CHUYEN_DE",
            "Giấy khen chuyên đề của Sở",
            "GK chuyên đề",
            individual="0,2",
            coefficients_from=dt.date(2025, 1, 1),
        ),
    )
    before = catalogue_rows(ctx)
    applied = apply_update(ctx, files["update"], KEY)
    kept = {(c.kind, c.what) for c in applied.changes if c.action == KEPT}
    assert kept == {
        ("award_type", "GK_CHUYEN_DE — Giấy khen chuyên đề của Sở"),
        ("coefficient", "GK_CHUYEN_DE — Giấy khen chuyên đề của Sở"),
    }
    assert not any(c.what.startswith("GK_CHUYEN_DE") for c in applied.changes if c.action != KEPT)
    after = catalogue_rows(ctx)
    assert [r for r in after["award_type"] if ("code", "GK_CHUYEN_DE") in r] == [
        r for r in before["award_type"] if ("code", "GK_CHUYEN_DE") in r
    ]
    form = next(dict(r)["id"] for r in after["award_type"] if ("code", "GK_CHUYEN_DE") in r)
    assert [r for r in after["bonus_coefficient"] if ("award_type_id", form) in r] == [
        r for r in before["bonus_coefficient"] if ("award_type_id", form) in r
    ]


def test_text_in_another_unicode_form_applies_and_undoes_and_a_malformed_row_is_refused(ctx, tmp_path):
    folder = catalogue_copy(tmp_path / "catalogue")
    nfd = unicodedata.normalize("NFD", "Nghị định 12/2027/NĐ-CP về lương cơ sở")

    def salary(d):
        d["base_salary"].append(
            {"effective_from": "2027-07-01", "amount": 2_800_000, "legal_basis": nfd, "certainty": "P"}
        )

    edit(folder, "base_salary.json", salary)
    update = build_update(folder, SEED, tmp_path / "nfd.zip", "NFD", issued=dt.datetime(2027, 6, 1))
    before = catalogue_rows(ctx)
    applied = apply_update(ctx, update, KEY)
    assert [c.source for c in applied.changes if c.action == ADDED] == [unicodedata.normalize("NFC", nfd)]
    undo_update(ctx, applied.update_id)
    assert catalogue_rows(ctx) == before

    edit(folder, "base_salary.json", lambda d: d["base_salary"][-1].update(amount="2.800.000"))
    bad = build_update(folder, SEED, tmp_path / "bad.zip", "Sai mẫu", issued=dt.datetime(2027, 6, 2))
    with pytest.raises(UpdateRefused, match="Dòng 5 của tệp “base_salary.json”"):
        preview_update(ctx, bad, KEY)


def test_the_shipped_catalogue_loaded_again_leaves_the_update_in_force(ctx, files):
    applied = apply_update(ctx, files["update"], KEY)
    updated = catalogue_rows(ctx)
    assert sync_catalogue(ctx, force=True)  # an upgrade whose files are older than the update
    assert catalogue_rows(ctx) == updated
    undo_update(ctx, applied.update_id)
    with ctx.read() as s:
        assert s.scalar(select(AwardType.valid_to).where(AwardType.code == "HCLD3")) is None


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("tampered", "không khớp với bản kê"),
        ("other_key", "Chữ ký của tệp cập nhật"),
        ("hash_mismatch", "không khớp với bản kê"),
        ("broken", "bị hỏng"),
        ("manifest_edited", "Chữ ký của tệp cập nhật"),
        ("not_zip", "không phải tệp .zip"),
    ],
)
def test_a_tampered_or_broken_update_is_refused_and_changes_nothing(ctx, files, name, words):
    before = catalogue_rows(ctx)
    with pytest.raises(UpdateRefused, match=words):
        apply_update(ctx, files[name], KEY)
    assert catalogue_rows(ctx) == before
    assert applied_updates(ctx) == []


def test_the_command_line_checks_with_the_shipped_key_and_refuses_with_exit_2(db, files, capsys, monkeypatch):
    path = str(db.engine.url.database) if db.engine.url.get_backend_name() == "sqlite" else None
    target = ["--db", path] if path else ["--db-url", db.engine.url.render_as_string(hide_password=False)]
    # signed with a key the program does not carry: refused
    assert main([*target, "catalogue", "update", str(files["update"]), "--dry-run"]) == 2
    assert "Chữ ký" in capsys.readouterr().err
    monkeypatch.setattr(
        catalogue_update_file, "PUBLISHER_KEY", "ed25519:" + b64(KEY)
    )  # as a release would ship
    assert main([*target, "catalogue", "update", str(files["update"]), "--dry-run", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["applied"] is False and shown["counts"] == {"ADDED": 5, "CHANGED": 2, "ENDED": 4, "KEPT": 0}
    assert main([*target, "catalogue", "update", str(files["tampered"])]) == 2
    assert "không khớp" in capsys.readouterr().err
    assert main([*target, "catalogue", "update", str(files["update"]), "--json"]) == 0
    applied = json.loads(capsys.readouterr().out)
    assert applied["applied"] and applied["update_id"]
    assert main([*target, "catalogue", "updates"]) == 0
    assert "đang áp dụng" in capsys.readouterr().out
    assert main([*target, "catalogue", "undo-update", str(applied["update_id"])]) == 0
    assert "Đã hoàn tác" in capsys.readouterr().out
