"""Command-line use cases: each turns parsed arguments into service calls and prints the outcome."""

import json
import sys


def print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=1))


def print_refusal(refusal: str, errors: list[dict]) -> None:
    """A refused file on stderr: the reason, then each row's error ("dòng 7: …")."""
    print(f"Lỗi: {refusal}", file=sys.stderr)
    for e in (e for e in errors if e["message"] != refusal):
        where = f"dòng {e['row']}: " if e["row"] else ""
        print(f"  {where}{e['message']}", file=sys.stderr)
