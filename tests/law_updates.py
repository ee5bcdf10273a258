"""Law update files for tests (Cập nhật quy định): signed with the tests' own key pair, from a copy of the shipped
catalogue with a few rules of 2027 added, and their tampered, broken and foreign-signed variants."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import zipfile
from pathlib import Path

from app.exchange.catalogue_update_file import build_update
from app.exchange.package_signing import new_seed, public_of, signature_file
from app.paths import resource

SEED = new_seed()
KEY = public_of(SEED)
NEW_SALARY = ("2027-07-01", 2_800_000, "NĐ 12/2027/NĐ-CP")


def catalogue_copy(folder: Path) -> Path:
    shutil.copytree(resource("catalogue"), folder)
    return folder


def edit(folder: Path, name: str, change) -> None:
    path = folder / name
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def law_2027(folder: Path) -> Path:
    """The shipped catalogue plus: a new base salary from 2027-07-01, the 2026 one confirmed (P → V), a new
    bonus coefficient for LĐTT, a new council threshold for CO_CP, a changed PROVINCE threshold (the office has
    its own row there), Huân chương Lao động hạng Ba ended and a new form
    (GK_CHUYEN_DE) with its coefficients."""
    day, amount, basis = NEW_SALARY

    def salary(d):
        d["base_salary"].append(
            {"effective_from": day, "amount": amount, "legal_basis": basis, "certainty": "U"}
        )
        next(r for r in d["base_salary"] if r["effective_from"] == "2026-07-01")["certainty"] = "V"

    def coefficient(d):
        d["coefficients"].append(
            {
                "code": "LDTT",
                "effective_from": day,
                "individual": 0.35,
                "collective": None,
                "legal_basis": basis,
                "certainty": "U",
            }
        )
        d["coefficients"].append(
            {
                "code": "GK_CHUYEN_DE",
                "effective_from": day,
                "individual": 0.15,
                "collective": 0.3,
                "legal_basis": basis,
                "certainty": "U",
            }
        )

    def parameters(d):
        d["parameters"].append(
            {
                "rule_set": "NATIONAL",
                "key": "vote_threshold.CO_CP",
                "value": 0.85,
                "effective_from": day,
                "source": basis,
                "certainty": "U",
            }
        )
        province = next(
            r for r in d["parameters"] if r["rule_set"] == "PROVINCE" and r["key"] == "vote_threshold.CSTDCS"
        )
        province["value"] = 0.75

    def ended(d):
        next(r for r in d["award_types"] if r["code"] == "HCLD3")["valid_to"] = "2027-06-30"
        new = dict(next(r for r in d["award_types"] if r["code"] == "GIAY_KHEN"))
        new.update(code="GK_CHUYEN_DE", name="Giấy khen chuyên đề", short_name="GK chuyên đề", valid_from=day)
        new.update(legal_basis=basis, certainty="U", rank=new["rank"] + 1)
        d["award_types"].append(new)

    edit(folder, "base_salary.json", salary)
    edit(folder, "bonus_coefficients.json", coefficient)
    edit(folder, "parameters.json", parameters)
    edit(folder, "award_types.json", ended)
    return folder


def law_update_files(root: Path) -> dict[str, Path]:
    """update.zip (issued 2027-06-01) and its variants: older, other_key, tampered, broken, hash_mismatch,
    manifest_edited, not_zip."""
    folder = law_2027(catalogue_copy(root / "catalogue"))
    issued = dt.datetime(2027, 6, 1, 9, 0)
    made = {
        "update": build_update(folder, SEED, root / "update.zip", "Lương cơ sở từ 01/7/2027", issued=issued),
        "older": build_update(
            folder, SEED, root / "older.zip", "Bản cũ", issued=issued - dt.timedelta(days=30)
        ),
        "other_key": build_update(folder, new_seed(), root / "other.zip", "Ký bằng khóa khác", issued=issued),
    }
    made["tampered"] = rezip(
        made["update"], root / "tampered.zip", "base_salary.json", b"2800000", b"2900000"
    )
    made["broken"] = root / "broken.zip"
    made["broken"].write_bytes(made["update"].read_bytes()[:-200])
    # A manifest signed with the right key that lists a wrong SHA-256 (the publisher's mistake, or a forger
    # holding the key): each file is still checked against it.
    with zipfile.ZipFile(made["update"]) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    listed = json.loads(parts["manifest.json"])
    listed["files"][0]["sha256"] = "0" * 64
    manifest = json.dumps(listed, ensure_ascii=False, indent=1).encode()
    made["hash_mismatch"] = root / "hash.zip"
    with zipfile.ZipFile(made["hash_mismatch"], "w") as z:
        for name, data in parts.items():
            if name == "manifest.json":
                data = manifest
            elif name == "signature.json":
                data = signature_file(manifest, SEED, listed["publisher"])
            z.writestr(name, data)
    # The JSON changed and the manifest's SHA-256 written to match it, under the old signature.
    changed = parts["base_salary.json"].replace(b"2800000", b"2900000")
    listed = json.loads(parts["manifest.json"])
    entry = next(e for e in listed["files"] if e["path"] == "base_salary.json")
    entry["sha256"] = hashlib.sha256(changed).hexdigest()
    made["manifest_edited"] = root / "manifest-edited.zip"
    with zipfile.ZipFile(made["manifest_edited"], "w") as z:
        for name, data in parts.items():
            if name == "manifest.json":
                data = json.dumps(listed, ensure_ascii=False, indent=1).encode()
            z.writestr(name, changed if name == "base_salary.json" else data)
    made["not_zip"] = root / "not-a-zip.zip"
    made["not_zip"].write_text("Nghị định mới", encoding="utf-8")
    return made


def rezip(source: Path, target: Path, part: str, old: bytes, new: bytes) -> Path:
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(target, "w") as out:
        for name in z.namelist():
            data = z.read(name)
            out.writestr(name, data.replace(old, new) if name == part else data)
    return target
