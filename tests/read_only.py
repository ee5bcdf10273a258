"""Make a file or folder truly read-only for the test process, and prove it before the test relies on it.

chmod does not stop root (tests often run as root in containers and CI), so as root the file or folder is
made immutable instead (`chattr +i`: refused to root too, on ext4/xfs/btrfs). Either way the helper then
tries to write (append to the file, create a file in the folder) and fails the test if that still works:
a read-only test that silently runs on a writable file would prove nothing.
"""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _writes(path: Path) -> bool:
    try:
        if path.is_dir():
            probe = path / ".probe-write"
            probe.write_bytes(b"x")
            probe.unlink()
        else:
            with path.open("ab"):
                pass
        return True
    except OSError:
        return False


@contextmanager
def read_only(path: Path) -> Iterator[Path]:
    """`path` (a file or a folder) read-only for this process while the block runs; restored after."""
    path = Path(path)
    as_root = os.name != "nt" and os.geteuid() == 0
    mode = path.stat().st_mode
    if as_root:
        subprocess.run(["chattr", "+i", str(path)], check=True, capture_output=True)
    else:
        path.chmod(stat.S_IMODE(mode) & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        assert not _writes(path), f"{path} could not be made read-only on this machine"
        yield path
    finally:
        if as_root:
            subprocess.run(["chattr", "-i", str(path)], check=True, capture_output=True)
        else:
            path.chmod(stat.S_IMODE(mode))
