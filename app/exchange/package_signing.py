"""Who made a USB package: the office's Ed25519 signature over its manifest.

The manifest (app.exchange.package_archive) lists the size and SHA-256 of every file, so it proves that
nothing changed on the way, but anyone may edit data.json and write a new manifest. A signature proves
where the package comes from: the office makes its key once (Cài đặt › Chữ ký gói), every package it
exports then carries signature.json, the signature of manifest.json's bytes made with that key, and the
units it deals with add its public key (a short text with a fingerprint, shared by e-mail, on paper or on
the stick) to their list of trusted agencies.

On import:
- no signature.json: "Không có chữ ký" (refused when the office only takes trusted packages);
- a signature that does not verify (the package was changed after signing, or the signature was put on
  another package): always refused;
- a valid signature by a key in the trust list, or the office's own key: "Đã ký bởi <cơ quan>", with the
  name the clerk gave that key here, never the name the package claims for itself;
- a valid signature by a key not in the list: "Chữ ký của cơ quan chưa được tin cậy" (refused when the
  office only takes trusted packages).

    seed = new_seed(); public = public_of(seed)
    raw = signature_file(manifest, seed, "Sở Y tế")          # signature.json
    check = check_signature(manifest, raw, trusted)         # SignatureCheck, or PackageRefused

The private seed lives in the database (setting package.signing_key): whoever holds a copy of the database
can sign as the office, as whoever holds its stamp can.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from app.domain.permissions import Permission, use_case
from app.errors import ValidationError
from app.exchange.package_archive import PackageRefused
from app.services.context import ServiceContext
from app.services.settings import read_setting, write_setting
from app.settings import PACKAGE_REQUIRE_TRUSTED, PACKAGE_SIGNING_KEY, PACKAGE_TRUSTED_KEYS
from app.text import clean, fold
from database.models import Agency

SIGNATURE_SCHEMA = "tdkt-package-signature"
SIGNATURE_VERSION = 1
ALGORITHM = "Ed25519"
KEY_PREFIX = "ed25519:"
KEY_TEXT_TITLE = "KHÓA CÔNG KHAI KÝ GÓI DỮ LIỆU TĐKT"
MAX_NAME = 200

TRUSTED, UNTRUSTED, UNSIGNED = "trusted", "untrusted", "unsigned"

_BROKEN = (
    "Chữ ký của gói (signature.json) không đọc được; gói có thể đã bị sửa nên không được nhập. Hãy xin nơi "
    "gửi xuất lại."
)
_FORGED = (
    "Chữ ký của gói không khớp với nội dung: gói đã bị sửa sau khi ký, hoặc chữ ký được chép từ gói khác. "
    "Không nhập gói này; hãy xin nơi gửi xuất lại."
)


# --- keys ------------------------------------------------------------------------------------------------


def new_seed() -> bytes:
    """A fresh private key (its 32-byte seed)."""
    from Cryptodome.PublicKey import ECC

    return ECC.generate(curve=ALGORITHM).seed


def _private(seed: bytes):
    from Cryptodome.Signature import eddsa

    return eddsa.import_private_key(seed)


def public_of(seed: bytes) -> bytes:
    return _private(seed).public_key().export_key(format="raw")


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def unb64(text: str, size: int | None = None) -> bytes:
    """Base64 text back to bytes; ValueError when it is not, or not `size` bytes long."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise ValueError("not base64") from exc
    if size is not None and len(raw) != size:
        raise ValueError(f"{len(raw)} bytes, not {size}")
    return raw


def fingerprint(public: bytes) -> str:
    """What two people read to each other to be sure they hold the same key: 16 hex digits in 4 groups."""
    digest = hashlib.sha256(public).hexdigest()[:16].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


def key_text(public: bytes, agency: str) -> str:
    """The public key as the office shares it: a few lines any unit can paste into its trust list."""
    return (
        f"{KEY_TEXT_TITLE}\n"
        f"Cơ quan: {agency}\n"
        f"Khóa: {KEY_PREFIX}{b64(public)}\n"
        f"Dấu vân tay: {fingerprint(public)}\n"
    )


_KEY = re.compile(re.escape(KEY_PREFIX) + r"\s*([A-Za-z0-9+/]{43}=)")
_AGENCY = re.compile(r"^\s*Cơ quan\s*:\s*(.+?)\s*$", re.MULTILINE)


def parse_key_text(text: str) -> tuple[bytes, str]:
    """(the public key, the agency named beside it or "") from the shared text; ValidationError if the
    text holds no key."""
    found = _KEY.search(text or "")
    if not found:
        raise ValidationError(
            "Không tìm thấy khóa trong nội dung đã dán. Hãy dán cả đoạn văn bản mà cơ quan kia gửi (có dòng "
            f"“Khóa: {KEY_PREFIX}…”)."
        )
    try:
        public = unb64(found.group(1), 32)
        _public_key(public)
    except ValueError as exc:
        raise ValidationError("Khóa đã dán không hợp lệ (có thể bị chép thiếu hoặc sai một ký tự).") from exc
    named = _AGENCY.search(text)
    return public, clean(named.group(1)) if named else ""


def _public_key(public: bytes):
    from Cryptodome.Signature import eddsa

    return eddsa.import_public_key(public)


# --- signing and checking ----------------------------------------------------------------------------------


def signature_file(manifest: bytes, seed: bytes, agency: str, now: dt.datetime | None = None) -> bytes:
    """signature.json: the Ed25519 signature of the manifest's exact bytes, with the public key."""
    from Cryptodome.Signature import eddsa

    signature = eddsa.new(_private(seed), "rfc8032").sign(manifest)
    return json.dumps(
        {
            "schema": SIGNATURE_SCHEMA,
            "version": SIGNATURE_VERSION,
            "algorithm": ALGORITHM,
            "agency": agency,
            "signed_at": (now or dt.datetime.now()).isoformat(timespec="seconds"),
            "public_key": b64(public_of(seed)),
            "signature": b64(signature),
        },
        ensure_ascii=False,
        indent=1,
    ).encode("utf-8")


@dataclass(frozen=True)
class TrustedKey:
    name: str
    public: bytes
    added: str = ""
    own: bool = False  # the office's own key: trusted without being listed

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public)

    def as_json(self) -> dict:
        return {"name": self.name, "key": b64(self.public), "added": self.added}


@dataclass(frozen=True)
class SignatureCheck:
    status: str  # TRUSTED, UNTRUSTED or UNSIGNED
    signer: str = ""  # trusted: the name given to the key here; untrusted: the agency the package claims
    fingerprint: str = ""
    signed_at: str = ""

    @property
    def text(self) -> str:
        if self.status == TRUSTED:
            return f"Đã ký bởi {self.signer}"
        if self.status == UNTRUSTED:
            return (
                f"Chữ ký của cơ quan chưa được tin cậy (gói ghi “{self.signer or 'không rõ'}”, dấu vân tay "
                f"{self.fingerprint})"
            )
        return "Không có chữ ký"

    def as_json(self) -> dict:
        return {
            "status": self.status,
            "signer": self.signer,
            "fingerprint": self.fingerprint,
            "signed_at": self.signed_at,
            "text": self.text,
        }


def check_signature(manifest: bytes, raw: bytes | None, trusted: list[TrustedKey]) -> SignatureCheck:
    """Whose signature the package carries; PackageRefused when it is broken or does not verify."""
    if raw is None:
        return SignatureCheck(UNSIGNED)
    try:
        document = json.loads(raw.decode("utf-8"))
        if not isinstance(document, dict) or document.get("schema") != SIGNATURE_SCHEMA:
            raise ValueError("schema")
        version = document.get("version")
        if isinstance(version, int) and not isinstance(version, bool) and version > SIGNATURE_VERSION:
            raise PackageRefused(
                f"Chữ ký của gói theo mẫu phiên bản {version}, chương trình này chỉ kiểm tra được đến phiên "
                f"bản {SIGNATURE_VERSION}. Hãy cập nhật chương trình TĐKT rồi nhập lại."
            )
        if version != SIGNATURE_VERSION or document.get("algorithm") != ALGORITHM:
            raise ValueError("version")
        public = unb64(document.get("public_key") or "", 32)
        signature = unb64(document.get("signature") or "", 64)
        agency = document.get("agency") or ""
        signed_at = document.get("signed_at") or ""
        if not isinstance(agency, str) or not isinstance(signed_at, str):
            raise ValueError("agency")
        key = _public_key(public)
    except (UnicodeDecodeError, ValueError, RecursionError, AttributeError, TypeError) as exc:
        raise PackageRefused(_BROKEN) from exc
    from Cryptodome.Signature import eddsa

    try:
        eddsa.new(key, "rfc8032").verify(manifest, signature)
    except ValueError as exc:
        raise PackageRefused(_FORGED) from exc
    known = next((t for t in trusted if t.public == public), None)
    if known is not None:
        return SignatureCheck(TRUSTED, known.name, fingerprint(public), signed_at)
    return SignatureCheck(UNTRUSTED, clean(agency)[:MAX_NAME], fingerprint(public), signed_at)


# --- the office's settings ---------------------------------------------------------------------------------


@dataclass
class SigningState:
    """What Cài đặt › Chữ ký gói shows."""

    agency: str = ""
    public: bytes | None = None  # the office's public key, when it has made one
    created: str = ""
    trusted: list[TrustedKey] = field(default_factory=list)  # the listed agencies (not our own key)
    require_trusted: bool = False

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public) if self.public else ""

    @property
    def text(self) -> str:
        return key_text(self.public, self.agency) if self.public else ""

    def everyone(self) -> list[TrustedKey]:
        """The keys a package may be signed with to be trusted: ours first, then the list."""
        own = [TrustedKey(f"{self.agency or 'cơ quan này'} (chính cơ quan này)", self.public, own=True)]
        return (own if self.public else []) + self.trusted


def _seed(stored) -> bytes | None:
    try:
        return unb64(stored["seed"], 32) if isinstance(stored, dict) else None
    except (KeyError, TypeError, ValueError):
        return None


def _trusted(stored) -> list[TrustedKey]:
    keys = []
    for entry in stored if isinstance(stored, list) else []:
        try:
            keys.append(TrustedKey(str(entry["name"]), unb64(entry["key"], 32), str(entry.get("added", ""))))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue  # an entry this version cannot read is left out, never trusted
    return keys


def signing_state(ctx: ServiceContext) -> SigningState:
    with ctx.read() as s:
        agency = s.scalar(select(Agency.name).limit(1)) or ""
        stored = read_setting(s, PACKAGE_SIGNING_KEY)
        seed = _seed(stored)
        return SigningState(
            agency=agency,
            public=public_of(seed) if seed else None,
            created=str(stored.get("created", "")) if seed else "",
            trusted=_trusted(read_setting(s, PACKAGE_TRUSTED_KEYS)),
            require_trusted=bool(read_setting(s, PACKAGE_REQUIRE_TRUSTED)),
        )


@use_case(Permission.SETTINGS)
def make_signing_key(ctx: ServiceContext) -> str:
    """A new key for the office (replacing any older one: units that trusted the old key must be given
    the new one); its fingerprint."""
    seed = new_seed()
    with ctx.write("Tạo khóa ký gói dữ liệu") as s:
        write_setting(
            s,
            PACKAGE_SIGNING_KEY,
            {"seed": b64(seed), "created": dt.date.today().isoformat(), "algorithm": ALGORITHM},
        )
    return fingerprint(public_of(seed))


@use_case(Permission.SETTINGS)
def add_trusted(ctx: ServiceContext, name: str, text: str) -> TrustedKey:
    """Trust packages signed with the key in `text` (as another office shared it), under `name`."""
    public, named = parse_key_text(text)
    name = clean(name) or named
    if not name:
        raise ValidationError("Hãy nhập tên cơ quan của khóa này.")
    if len(name) > MAX_NAME:
        raise ValidationError(f"Tên cơ quan dài quá {MAX_NAME} ký tự.")
    with ctx.write(f"Thêm cơ quan tin cậy {name}") as s:
        seed = _seed(read_setting(s, PACKAGE_SIGNING_KEY))
        if seed is not None and public_of(seed) == public:
            raise ValidationError(
                "Đây là khóa của chính cơ quan này; gói do cơ quan này ký luôn được tin cậy."
            )
        listed = _trusted(read_setting(s, PACKAGE_TRUSTED_KEYS))
        for key in listed:
            if key.public == public:
                raise ValidationError(f"Khóa này đã có trong danh sách, với tên “{key.name}”.")
            if fold(key.name) == fold(name):
                raise ValidationError(f"Danh sách đã có cơ quan tên “{key.name}”; hãy đặt tên khác.")
        added = TrustedKey(name, public, dt.date.today().isoformat())
        write_setting(s, PACKAGE_TRUSTED_KEYS, [k.as_json() for k in [*listed, added]])
    return added


@use_case(Permission.SETTINGS)
def remove_trusted(ctx: ServiceContext, fingerprint_text: str) -> bool:
    """Stop trusting the key with this fingerprint; whether it was listed."""
    with ctx.write("Bỏ cơ quan tin cậy") as s:
        listed = _trusted(read_setting(s, PACKAGE_TRUSTED_KEYS))
        kept = [k for k in listed if k.fingerprint != fingerprint_text]
        if len(kept) != len(listed):
            write_setting(s, PACKAGE_TRUSTED_KEYS, [k.as_json() for k in kept])
    return len(kept) != len(listed)


@use_case(Permission.SETTINGS)
def set_require_trusted(ctx: ServiceContext, required: bool) -> None:
    with ctx.write(
        "Chỉ nhận gói có chữ ký của cơ quan tin cậy" if required else "Nhận cả gói không có chữ ký"
    ) as s:
        write_setting(s, PACKAGE_REQUIRE_TRUSTED, bool(required))


def export_signer(ctx: ServiceContext) -> tuple[Callable[[bytes], bytes] | None, str]:
    """(what signs an export's manifest, the key's fingerprint), or (None, "") when the office has no key."""
    with ctx.read() as s:
        seed = _seed(read_setting(s, PACKAGE_SIGNING_KEY))
        agency = s.scalar(select(Agency.name).limit(1)) or ""
    if seed is None:
        return None, ""
    return (lambda manifest: signature_file(manifest, seed, agency)), fingerprint(public_of(seed))


def checked_origin(ctx: ServiceContext, manifest: bytes, raw: bytes | None) -> SignatureCheck:
    """The package's signature against this office's trust list and policy; PackageRefused for a broken
    or forged signature, and for an unsigned or unknown one when only trusted packages are taken."""
    state = signing_state(ctx)
    check = check_signature(manifest, raw, state.everyone())
    if state.require_trusted and check.status != TRUSTED:
        why = "không có chữ ký" if check.status == UNSIGNED else "được ký bởi một cơ quan chưa được tin cậy"
        raise PackageRefused(
            f"Gói này {why} ({check.text}). Cơ quan đã đặt chỉ nhận gói có chữ ký của cơ quan tin cậy "
            "(Cài đặt › Chữ ký gói); hãy thêm khóa của nơi gửi vào danh sách tin cậy hoặc xin nơi gửi ký gói."
        )
    return check
