"""Every command the parser knows that works on the database has its runner, and that runner exists."""

from __future__ import annotations

import argparse

from app.cli import RUNNERS, _runner, build_parser

OWN_PATHS = {"demo", "selftest", "backup"}  # main() runs these itself


def _choices(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_has_a_runner_that_imports():
    keys = []
    for command, sub in _choices(build_parser()).items():
        if command in OWN_PATHS:
            continue
        if command in ("import", "export"):
            keys += [(command, what) for what in _choices(sub)]
        else:
            keys.append(command)
    assert set(keys) == set(RUNNERS)
    for key in keys:
        command, what = key if isinstance(key, tuple) else (key, None)
        assert callable(_runner(argparse.Namespace(command=command, what=what)))
