"""The publisher's tool for law updates (Cập nhật quy định), run where the private key is kept, never at an office:

    python -m app.catalogue_publish keygen --out DIR [--publisher NAME]
        a new key pair: DIR/private.pem (keep it secret, never in the repository) and DIR/public.txt (its
        "ed25519:…" line goes into app.exchange.catalogue_update_file.PUBLISHER_KEY of the next release)
    python -m app.catalogue_publish build --key private.pem --out update.zip --description "…"
            [--from resources/catalogue] [--publisher NAME] [--issued YYYY-MM-DD[THH:MM:SS]]
        the signed update file of the catalogue folder (default: the program's resources/catalogue/)

An office applies the file with `python -m app catalogue update FILE` or Cài đặt › Danh mục khen thưởng ›
Cập nhật quy định…; see app.exchange.catalogue_update_file for the format.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from app.exchange.catalogue_update_file import PUBLISHER_NAME, build_update, parse_issued
from app.exchange.package_signing import key_text, new_seed, public_of
from app.paths import resource
from app.services.catalogue import CATALOGUE_DIR


def write_key_pair(folder: Path, publisher: str = PUBLISHER_NAME) -> tuple[Path, Path]:
    """private.pem (PKCS#8, readable by its owner only) and public.txt in `folder`."""
    from Cryptodome.Signature import eddsa

    seed = new_seed()
    folder.mkdir(parents=True, exist_ok=True)
    private, public = folder / "private.pem", folder / "public.txt"
    if private.exists():
        raise SystemExit(f"{private} already exists: a key pair is never overwritten")
    descriptor = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as f:
        f.write(eddsa.import_private_key(seed).export_key(format="PEM") + "\n")
    public.write_text(key_text(public_of(seed), publisher), encoding="utf-8")
    return private, public


def read_private_key(path: Path) -> bytes:
    """The 32-byte seed of a private.pem written by `write_key_pair`."""
    from Cryptodome.PublicKey import ECC

    return ECC.import_key(path.read_text(encoding="ascii")).seed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m app.catalogue_publish", description=__doc__.split("\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    keygen = sub.add_parser("keygen", help="make the publisher's key pair")
    keygen.add_argument("--out", required=True, type=Path, help="folder for private.pem and public.txt")
    keygen.add_argument("--publisher", default=PUBLISHER_NAME)
    build = sub.add_parser("build", help="build a signed update file from a catalogue folder")
    build.add_argument("--key", required=True, type=Path, help="the publisher's private.pem")
    build.add_argument("--out", required=True, type=Path, help="the update file to write (.zip)")
    build.add_argument("--description", required=True, help="what the update changes, in Vietnamese")
    build.add_argument("--from", dest="source", type=Path, default=resource(*CATALOGUE_DIR))
    build.add_argument("--publisher", default=PUBLISHER_NAME)
    build.add_argument("--issued", type=parse_issued, help="issue date (default: now)")
    args = parser.parse_args(argv)
    if args.command == "keygen":
        private, public = write_key_pair(args.out, args.publisher)
        print(f"private key: {private} (keep it secret)\n{public.read_text(encoding='utf-8')}", end="")
        return 0
    out = build_update(
        args.source, read_private_key(args.key), args.out, args.description, args.publisher, args.issued
    )
    print(f"update written: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
