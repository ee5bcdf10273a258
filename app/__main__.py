"""The composition root: `python -m app` (or `tdkt`). The one module of app/ that may start Qt."""

from __future__ import annotations

import sys


def _run_gui(args) -> int:
    from ui.application import run  # Qt is imported only when the window is wanted

    return run(args)


def main(argv: list[str] | None = None) -> int:
    from app.cli import main as cli_main
    from app.logs import setup_logging

    setup_logging()

    return cli_main(sys.argv[1:] if argv is None else argv, gui=_run_gui)


if __name__ == "__main__":
    import multiprocessing

    # A frozen build's worker process (app.documents.state.parallel) runs this file too: it stops here.
    multiprocessing.freeze_support()

    from app.bootstrap import ensure

    ensure(extras="", module="app")
    raise SystemExit(main())
