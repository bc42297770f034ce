"""What the benchmarks share: paths, the Odoo environment opened in process, and timing series.

Used by ``scripts/bench.py`` and its benchmark modules (``scripts/bench_*.py``).
"""

import math
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import odoo
from odoo.tools import config

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / ".odoo.conf"
ADMIN_UID = 2


@dataclass
class Series:
    """Timings of one series of calls, in milliseconds, and how many calls answered right."""

    label: str
    times_ms: list
    correct: int

    @property
    def n(self):
        return len(self.times_ms)

    @property
    def median(self):
        return statistics.median(self.times_ms)

    @property
    def p95(self):
        return p95(self.times_ms)


def p95(values):
    """The 95th percentile by nearest rank."""
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def ms(value):
    return f"{value:.2f}"


def coopctl(*args):
    cmd = [sys.executable, str(ROOT / "scripts" / "coopctl.py"), *args]
    print("[bench] " + " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT)


_configured = []


def configure():
    """Odoo configured from .odoo.conf (once per process: Odoo cannot parse its options twice),
    warnings and errors only in the log (the POS logs every synced order at INFO)."""
    if not _configured:
        config.parse_config(["-c", str(CONF), "--log-level", "warn"])
        _configured.append(True)


def open_env(db):
    """An Odoo environment of the admin user on database ``db`` (its own cursor)."""
    configure()
    registry = odoo.modules.registry.Registry(db)
    cr = registry.cursor()
    return odoo.api.Environment(cr, ADMIN_UID, {})
