"""Benchmark of a new cooperative made from its file (``make new-coop``, coop_turnkey).

Run by ``scripts/bench.py`` (``make bench``, or ``.venv/bin/python scripts/bench.py --only
turnkey`` after ``scripts/setup.sh``). In one run, on a fresh database ``coop_bench_turnkey``
(dropped first, then created by ``coopctl.py ensure-db --without-demo``: the coop addons, no
demo data, as a new cooperative's server has them):

1. Odoo started on the database and stopped (``odoo-bin --stop-after-init``): what any command
   pays before doing anything, the baseline the others are read against;
2. ``scripts/new_coop.py docs/coop.toml``: the cooperative of the example file created (its
   report must say what was created);
3. the same command again: the report must say "Unchanged";
4. ``coopctl.py check``: the books of the new cooperative agree.

Each step is a separate process timed from the outside, as a person running the command waits
for it. Target (issue 14): a new cooperative in under 2 minutes in a database that has the
addons. Databases touched: coop_bench_turnkey only.
"""

import subprocess
import sys
import time

from bench_common import CONF, ROOT, coopctl

TITLE = "A new cooperative from its file (`make new-coop CONFIG=docs/coop.toml`)"
DB = "coop_bench_turnkey"
CONFIG = ROOT / "docs" / "coop.toml"
TARGET_S = 120


def timed(*cmd):
    """(seconds, output) of a command run to its end; fails the benchmark if it fails."""
    print("[bench] " + " ".join(str(c) for c in cmd), flush=True)
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise RuntimeError(f"{cmd[1]} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return seconds, done.stdout


def odoo_bin():
    for path in CONF.read_text().split("addons_path = ", 1)[1].splitlines()[0].split(","):
        candidate = (ROOT / path.strip()).parent / "odoo-bin"
        if candidate.exists():
            return candidate
    raise RuntimeError(f"no odoo-bin found from the addons_path of {CONF}")


def run():
    coopctl("drop-db", DB)
    start = time.perf_counter()
    coopctl("ensure-db", DB, "--without-demo")
    install_s = time.perf_counter() - start
    start_s, _out = timed(
        sys.executable, odoo_bin(), "-c", CONF, "-d", DB, "--stop-after-init", "--no-http"
    )
    new_coop = (sys.executable, ROOT / "scripts" / "new_coop.py", CONFIG, "--db", DB)
    created_s, created = timed(*new_coop, "--lang", "en_US")
    again_s, again = timed(*new_coop, "--lang", "en_US")
    check_s, _out = timed(sys.executable, ROOT / "scripts" / "coopctl.py", "check", DB)
    assert "Unchanged" not in created and created.strip(), created
    assert "Unchanged" in again, again
    made = len([line for line in created.splitlines() if line.startswith("[new-coop]")])
    verdict = "MET" if created_s < TARGET_S else "MISSED"
    body = f"""
| step (one process each, timed from outside) | seconds | × Odoo's start |
|---|---:|---:|
| Odoo started on the database and stopped (baseline) | {start_s:.1f} | 1.00 |
| `new_coop.py docs/coop.toml`: the cooperative created ({made} report lines) \
| {created_s:.1f} | {created_s / start_s:.2f} |
| the same file again: "Unchanged" | {again_s:.1f} | {again_s / start_s:.2f} |
| `coopctl.py check`: the new cooperative's books agree | {check_s:.1f} | {check_s / start_s:.2f} |

The database was made with the addons and without demo data first ({install_s:.0f} s, not part
of the target: a new cooperative's server has the addons installed once).

- **A new cooperative in under {TARGET_S} s: {verdict}** ({created_s:.1f} s, Odoo's start
  included).
"""
    lines = [f"new cooperative {created_s:.1f} s (target < {TARGET_S} s): {verdict}"]
    return body, lines
