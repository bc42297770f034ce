"""The project's benchmarks: run them and write BENCHMARKS.md.

Run with ``make bench`` (every benchmark) or ``.venv/bin/python scripts/bench.py --only
lookup,pos`` (some of them) after ``scripts/setup.sh``. Each benchmark is a module
``scripts/bench_<name>.py`` listed in BENCHMARKS below, with ``TITLE`` and ``run()``, which
returns its section of the report (markdown, without its heading) and one verdict line per
target. BENCHMARKS.md gets the machine it ran on at the top, then a section per benchmark; with
``--only``, the other sections of the existing file are kept as they were.
"""

import argparse
import importlib
import os
import platform
import re
import sys
import time
from contextlib import closing
from datetime import datetime
from pathlib import Path

from bench_common import ROOT, configure

import odoo

REPORT = ROOT / "BENCHMARKS.md"

# (name, module): the order of the sections in BENCHMARKS.md
BENCHMARKS = [
    ("lookup", "bench_lookup"),
    ("pos", "bench_pos"),
    ("import", "bench_import"),
    ("expiry", "bench_expiry"),
    ("crm", "bench_crm"),
    ("portal", "bench_portal"),
    ("turnkey", "bench_turnkey"),
]

MARKER = "<!-- bench: {} -->"
MARKER_RE = re.compile(r"^<!-- bench: (\w+) -->$", re.M)


def machine():
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    configure()
    with closing(odoo.sql_db.db_connect("postgres").cursor()) as cr:
        cr.execute("SHOW server_version")
        postgres = cr.fetchone()[0]
    return {
        "CPU": f"{cpu}, {os.cpu_count()} cores",
        "RAM": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "PostgreSQL": postgres,
        "Python": platform.python_version(),
        "Odoo": odoo.release.version,
    }


def sections(text):
    """{name: section text} of an existing BENCHMARKS.md."""
    found = {}
    marks = list(MARKER_RE.finditer(text))
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        end = following.start() if following else len(text)
        found[mark.group(1)] = text[mark.start() : end].rstrip() + "\n"
    return found


def section(name, module, body, started, load, minutes):
    heading = [
        MARKER.format(name),
        f"## {module.TITLE} (`{name}`)",
        "",
        f"- Run: {started:%Y-%m-%d %H:%M %Z}, took {minutes:.0f} min (`scripts/{module.__name__}"
        f".py`); load average at start (1/5/15 min): {load}",
        f"- Rerun: `.venv/bin/python scripts/bench.py --only {name}` (or `make bench` for all)",
    ]
    return "\n".join(heading) + "\n\n" + body.strip() + "\n"


def write_report(info, new_sections):
    old = sections(REPORT.read_text()) if REPORT.exists() else {}
    merged = {**old, **new_sections}
    names = [name for name, _module in BENCHMARKS]
    order = names + [name for name in merged if name not in names]
    lines = [
        "# Benchmarks",
        "",
        "Rerun: `make bench` runs every benchmark below; `.venv/bin/python scripts/bench.py "
        "--only NAME[,NAME]` runs some and keeps the other sections as they were (each "
        "section says when it ran). Machine of the last run:",
        "",
        *(f"- {key}: {value}" for key, value in info.items()),
    ]
    body = "\n".join(lines) + "\n\n" + "\n".join(merged[name] for name in order if name in merged)
    REPORT.write_text(body)


def main(argv=None):
    names = [name for name, _module in BENCHMARKS]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", help=f"comma-separated benchmarks to run, among {', '.join(names)} (default: all)"
    )
    args = parser.parse_args(argv)
    selected = names if not args.only else [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [name for name in selected if name not in names]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)} (known: {', '.join(names)})")
    info = machine()
    results, verdicts = {}, []
    for name, module_name in BENCHMARKS:
        if name not in selected:
            continue
        module = importlib.import_module(module_name)
        started = datetime.now().astimezone()
        load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
        start = time.perf_counter()
        print(f"[bench] {name}: {module.TITLE}", flush=True)
        body, lines = module.run()
        minutes = (time.perf_counter() - start) / 60
        results[name] = section(name, module, body, started, load, minutes)
        verdicts += [f"{name}: {line}" for line in lines]
        print("\n" + results[name], flush=True)
        write_report(info, results)  # each section as soon as it is measured
    for line in verdicts:
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
