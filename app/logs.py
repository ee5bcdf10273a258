"""The program's own log, for support: a few rotating files in the data folder, never the clerk's console.

What the database or a reader refused is told to the clerk in Vietnamese; the driver's own words (English,
with class names) go here instead of stderr, where Python would print them when no handler is set.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from app.paths import data_dir

LOG_NAME = "tdkt.log"
MAX_BYTES = 1 << 20
KEEP = 3


class _LazyFileHandler(logging.handlers.RotatingFileHandler):
    """Makes its folder and file with the first line logged: a run with nothing to say leaves no trace."""

    def _open(self):
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()

    def handleError(self, record) -> None:  # a folder that cannot be written: no log, and no noise either
        pass


def setup_logging() -> None:
    root = logging.getLogger()
    if root.handlers:  # set up already (a test runner, an embedding program)
        return
    handler = _LazyFileHandler(
        data_dir() / "logs" / LOG_NAME, maxBytes=MAX_BYTES, backupCount=KEEP, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
