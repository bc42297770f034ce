#!/usr/bin/env bash
# The whole test suite, each part on a fresh database:
#   1. Odoo's own test runner over the coop addons (at-install and post-install tests, POS tours
#      in headless Chromium); any failure, error, skipped test or ERROR line fails it;
#   2. pytest tests/: the black-box suite against a real server over XML-RPC.
# Ends with one line of counts; exits non-zero on any failure. The two parts run side by side
# (databases, ports and logs of their own; no test restarts PostgreSQL: the fault test cuts off
# its own database only). The runner's output is printed after the black-box suite's.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
mkdir -p .data/logs

$PY scripts/coopctl.py test-odoo > .data/logs/test-odoo.out 2>&1 &
odoo_pid=$!

$PY -m pytest tests/ --junitxml=.data/logs/pytest.xml
pytest_rc=$?

wait "$odoo_pid"
odoo_rc=$?
echo "=== Odoo's test runner over the coop addons (run beside the black-box suite) ==="
cat .data/logs/test-odoo.out

$PY scripts/coopctl.py summary .data/logs/test-odoo.out .data/logs/pytest.xml "$odoo_rc" "$pytest_rc"
