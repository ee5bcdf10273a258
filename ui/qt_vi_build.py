"""Build Qt's own words in Vietnamese: resources/i18n/qt_vi.ts -> resources/i18n/qt_vi.qm.

Qt ships no Vietnamese catalogue, so the program carries its own. The .ts is the source (edit it by hand
or in Qt Linguist: `pyside6-linguist resources/i18n/qt_vi.ts`); the compiled .qm is committed, so the
program needs no tool at run time.

    python -m ui.qt_vi_build            # compile the .ts into the .qm
    python -m ui.qt_vi_build --missing  # after a Qt upgrade: list Qt's source strings of the
                                        # .ts's contexts that the .ts does not translate yet

`--missing` reads the exact source strings from the other languages' qtbase_*.qm that PySide6 installs
(a .qm keeps each message's context and source text), so a new or changed string of Qt shows up; some
listed strings are old ones that other languages still carry and Qt no longer uses.
"""

from __future__ import annotations

import argparse
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "i18n" / "qt_vi.ts"
QM = TS.with_suffix(".qm")

_QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")
_TAG_END, _TAG_TRANSLATION, _TAG_SOURCE, _TAG_CONTEXT, _TAG_COMMENT = 1, 3, 6, 7, 8
_BLOCK_MESSAGES = 0x69


def qm_messages(path: Path) -> list[tuple[str, str, str]]:
    """(context, source, comment) of every message of a compiled Qt translation."""
    data = path.read_bytes()
    if data[:16] != _QM_MAGIC:
        raise ValueError(f"{path} is not a Qt .qm file")
    pos, block = 16, b""
    while pos < len(data):
        tag, length = data[pos], struct.unpack(">I", data[pos + 1 : pos + 5])[0]
        if tag == _BLOCK_MESSAGES:
            block = data[pos + 5 : pos + 5 + length]
        pos += 5 + length
    found, current, pos = [], {}, 0
    while pos < len(block):
        tag = block[pos]
        pos += 1
        if tag == _TAG_END:
            if _TAG_SOURCE in current:
                found.append(
                    (current.get(_TAG_CONTEXT, ""), current[_TAG_SOURCE], current.get(_TAG_COMMENT, ""))
                )
            current = {}
            continue
        length = struct.unpack(">I", block[pos : pos + 4])[0]
        pos += 4
        if tag == _TAG_TRANSLATION and length == 0xFFFFFFFF:
            continue
        if tag in (_TAG_SOURCE, _TAG_CONTEXT, _TAG_COMMENT):
            current[tag] = block[pos : pos + length].decode("utf-8", "replace")
        pos += length
    return found


def ts_messages(path: Path) -> set[tuple[str, str, str]]:
    root = ET.parse(path).getroot()
    return {
        (ctx.findtext("name"), msg.findtext("source"), msg.findtext("comment") or "")
        for ctx in root.iter("context")
        for msg in ctx.iter("message")
    }


def _pyside_dir() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent


def missing() -> list[tuple[str, str, str]]:
    have = ts_messages(TS)
    contexts = {ctx for ctx, _source, _comment in have}
    wanted: set[tuple[str, str, str]] = set()
    for qm in sorted((_pyside_dir() / "Qt" / "translations").glob("qtbase_*.qm")):
        wanted |= {m for m in qm_messages(qm) if m[0] in contexts}
    return sorted(wanted - have)


def _lrelease() -> list[str]:
    beside = Path(sys.executable).parent / "pyside6-lrelease"
    for candidate in (shutil.which("pyside6-lrelease"), beside if beside.exists() else None):
        if candidate:
            return [str(candidate)]
    return [str(_pyside_dir() / "lrelease")]


def build() -> None:
    subprocess.run([*_lrelease(), str(TS), "-qm", str(QM)], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--missing", action="store_true", help="list Qt's strings the .ts lacks")
    args = parser.parse_args()
    if args.missing:
        for context, source, comment in missing():
            print(f"{context}\t{source!r}" + (f"\t({comment})" if comment else ""))
        return 0
    build()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
