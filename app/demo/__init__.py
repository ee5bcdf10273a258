"""Demo data: a believable province (units, staff, fifteen years of ratings, initiatives and awards — ten in the
small one —, the registers of the two former departments it took over in 2025, the working year 2026 begun).

from app.demo import build_demo, create_demo_admin
stats = build_demo(db, small=True, seed=2025, progress=print)
print(stats.describe())
password = create_demo_admin(db)          # the account `admin` (None when the database has accounts)
"""

from app.demo.account import DEMO_USER, create_demo_admin
from app.demo.generator import FIRST_YEAR, LAST_YEAR, DemoStats, build_demo

__all__ = ["DEMO_USER", "FIRST_YEAR", "LAST_YEAR", "DemoStats", "build_demo", "create_demo_admin"]
