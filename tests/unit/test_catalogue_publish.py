"""The publisher's tool: a key pair made once (the private key readable by its owner only, never overwritten),
then an update file built from a catalogue folder that the program reads back with that public key."""

from __future__ import annotations

import datetime as dt
import stat

import pytest

from app.catalogue_publish import main
from app.exchange.catalogue_update_file import PUBLISHER_KEY, UpdateRefused, publisher_public_key, read_update
from app.exchange.package_signing import parse_key_text
from app.paths import resource
from app.services.catalogue import CATALOGUE_FILES


def test_keygen_then_build_gives_a_file_the_program_reads_with_that_key(tmp_path, capsys):
    keys = tmp_path / "keys"
    assert main(["keygen", "--out", str(keys)]) == 0
    assert stat.S_IMODE((keys / "private.pem").stat().st_mode) == 0o600
    public, publisher = parse_key_text((keys / "public.txt").read_text(encoding="utf-8"))
    assert publisher == "Nhóm phát triển chương trình TĐKT"
    with pytest.raises(SystemExit):
        main(["keygen", "--out", str(keys)])  # a key pair is never overwritten
    out = tmp_path / "update.zip"
    argv = ["build", "--key", str(keys / "private.pem"), "--out", str(out), "--description", "Danh mục 2026"]
    assert main([*argv, "--issued", "2026-07-01"]) == 0
    update = read_update(out, public)
    assert (update.description, update.issued) == ("Danh mục 2026", dt.datetime(2026, 7, 1))
    assert sorted(update.catalogue) == sorted(CATALOGUE_FILES)
    shipped = resource("catalogue", "base_salary.json").read_text(encoding="utf-8")
    assert (
        update.catalogue["base_salary.json"]["base_salary"][-1]["amount"] == 2_530_000
        and "2530000" in shipped
    )
    with pytest.raises(UpdateRefused, match="Chữ ký"):
        read_update(out)  # the program's own key is another one: refused
    assert "update written" in capsys.readouterr().out


def test_the_shipped_publisher_key_is_a_valid_key():
    assert PUBLISHER_KEY.startswith("ed25519:") and len(publisher_public_key()) == 32
