"""Demo data: a believable province (units, staff, ten years of ratings, initiatives and awards).

from app.demo import build_demo
stats = build_demo(db, small=True, seed=2025, progress=print)
print(stats.describe())
"""

from app.demo.generator import FIRST_YEAR, LAST_YEAR, DemoStats, build_demo

__all__ = ["FIRST_YEAR", "LAST_YEAR", "DemoStats", "build_demo"]
