"""Giấy khen in a batch (DESIGN: 1,000 certificates into one PDF ≤ 1 s).

A thousand different people from a hundred units, as a large year-end decision has them. The caches of
the renderer (each field's fitted lines, the shared design) are emptied before every round, so each
round pays for laying out a thousand new names; the fonts are registered once per process, as in the
program.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

import pytest

from app.documents import certificate
from app.documents.certificate import SAMPLE, default_layout, render_certificates
from app.documents.fonts import register_fonts

FAMILIES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLES = ["Văn", "Thị", "Hữu", "Đức", "Thị Thu", "Minh", "Quốc", "Ngọc", "Thanh", "Xuân"]
GIVENS = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hùng", "Lan", "Phương Thảo", "Quỳnh"]
COUNT = 1_000


@pytest.fixture(scope="module")
def batch():
    register_fonts()
    names = [" ".join(x) for x in itertools.product(FAMILIES, MIDDLES, GIVENS)][:COUNT]
    return [
        replace(
            SAMPLE,
            recipient=f"{'Bà' if n % 2 else 'Ông'} {name}",
            unit=f"Bác sĩ, Khoa Nội {n % 7 + 1} – Bệnh viện Đa khoa khu vực số {n % 100 + 1}",
        )
        for n, name in enumerate(names)
    ]


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page(?!s)", pdf))


def _fresh() -> None:
    certificate.fit.cache_clear()
    certificate.design.cache_clear()


def test_full_design_thousand_certificates(benchmark, batch):
    pdf = benchmark.pedantic(render_certificates, args=(batch,), setup=_fresh, rounds=5, iterations=1)
    assert pages(pdf) == COUNT


def test_blank_layout_thousand_certificates(benchmark, batch):
    layout = default_layout("Phôi A4 ngang")
    pdf = benchmark.pedantic(render_certificates, args=(batch, layout), setup=_fresh, rounds=5, iterations=1)
    assert pages(pdf) == COUNT
