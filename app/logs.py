"""The program's own log, for support: a few rotating files in the data folder, never the clerk's console.

What the database or a reader refused is told to the clerk in Vietnamese; the driver's own words (English,
with class names) go here instead of stderr, where Python would print them when no handler is set.
"""

from __future__ import annotations

import logging
import logging.handlers

from app.paths import data_dir

LOG_NAME = "tdkt.log"
MAX_BYTES = 1 << 20
KEEP = 3


def setup_logging() -> None:
    root = logging.getLogger()
    if root.handlers:  # set up already (a test runner, an embedding program)
        return
    try:
        folder = data_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / LOG_NAME, maxBytes=MAX_BYTES, backupCount=KEEP, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    except OSError:  # a read-only data folder: no log rather than no program
        handler = logging.NullHandler()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # a line per plugin, every start
