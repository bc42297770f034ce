#!/usr/bin/env bash
# The whole test suite, each part on a fresh database, the two parts side by side (they wait on
# the browser and on the network more than they use the processor):
#   1. Odoo's test runner over the coop addons (at-install and post-install tests, POS tours
#      in headless Chromium); any failure, error, skipped test or ERROR line fails it;
#   2. pytest tests/: the black-box suite against a real server over XML-RPC.
# Ends with one line of counts; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
mkdir -p .data/logs

echo "[test] Odoo's test runner in the background, its output in .data/logs/test-odoo.out"
$PY scripts/coopctl.py test-odoo >.data/logs/test-odoo.out 2>&1 &
odoo_pid=$!

$PY -m pytest tests/ --junitxml=.data/logs/pytest.xml
pytest_rc=$?

wait $odoo_pid
odoo_rc=$?
cat .data/logs/test-odoo.out

$PY scripts/coopctl.py summary .data/logs/test-odoo.out .data/logs/pytest.xml "$odoo_rc" "$pytest_rc"
