"""Counts the clerk reads carry a dot between thousands ("24.067 cán bộ", never "24067 cán bộ")."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from app.exchange.package import ExportResult
from app.exchange.package_merge import MergeReport
from app.services.limits import too_long


def test_a_package_export_says_its_counts_with_thousands():
    result = ExportResult(
        Path("goi"), files=["a"] * 1200, counts={"units": 312, "persons": 24067, "awards": 158_340}
    )
    text = result.summary()
    assert "Đã xuất 1.200 tệp" in text
    assert "24.067 cán bộ" in text and "158.340 khen thưởng" in text and "312 đơn vị" in text


def test_a_package_merge_says_its_counts_with_thousands():
    report = MergeReport(dry_run=True, added=Counter({"persons": 24067, "units": 12}))
    text = report.summary()
    assert "24.067 cán bộ" in text and "12 đơn vị" in text


def test_a_text_too_long_says_its_length_with_thousands():
    assert too_long("Ghi chú", "x" * 1500, 1000) == (
        "Ghi chú dài 1.500 ký tự, quá 1.000 ký tự cho phép: hãy sửa lại trong tệp"
    )
