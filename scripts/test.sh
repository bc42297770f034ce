#!/usr/bin/env bash
# The whole test suite, each part on a fresh database:
#   1. Odoo's own test runner over the coop addons (at-install and post-install tests, POS tours
#      in headless Chromium); any failure, error, skipped test or ERROR line fails it;
#   2. pytest tests/: the black-box suite against a real server over XML-RPC.
# Ends with one line of counts; exits non-zero on any failure. The two parts run one after the
# other: side by side, the black-box suite's background import killed with its server was once
# not taken up again by queue_job (not understood yet), so they are kept apart.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
mkdir -p .data/logs

$PY scripts/coopctl.py test-odoo | tee .data/logs/test-odoo.out
odoo_rc=${PIPESTATUS[0]}

$PY -m pytest tests/ --junitxml=.data/logs/pytest.xml
pytest_rc=$?

$PY scripts/coopctl.py summary .data/logs/test-odoo.out .data/logs/pytest.xml "$odoo_rc" "$pytest_rc"
