# coop: the consumer cooperative's Odoo. See README.md.
#   make run     set up, then serve the demo cooperative at http://127.0.0.1:8069
#   make new-coop CONFIG=docs/coop.toml  create or update the cooperative of that file in $(DB)
#                (a new database without demo data when absent); the same file again: unchanged
#   make test    set up, then run every test on fresh databases (exit non-zero on any failure)
#   make test-core  Odoo's own suites (point_of_sale, pos_loyalty, loyalty, account: their
#                post-install tests, tours included) on a fresh database with the coop addons
#   make lint    ruff, ruff format --check, pylint-odoo
#   make reset   drop the demo database (and the test ones); the next `make run` starts over
#   make check   the invariants of the books of database $(DB) (cashback = liability account per
#                person, shares = share fund, entry fees, sources of ledger entries); exit 1 if not
#   make bench   every benchmark (scripts/bench.py; one: .venv/bin/python scripts/bench.py --only pos)
#                -> BENCHMARKS.md: people lookup among 100,000 (coop_bench), coop_cashback at the till
#                (coop_bench_pos vs coop_bench_pos_base: order sync, session close, balance read),
#                partner imports over XML-RPC (coop_bench_import)
SHELL := /bin/bash
export ODOO_SRC ?= /opt/odoo/18.0
DB ?= coop
PY := .venv/bin/python

.PHONY: setup run new-coop update test test-odoo test-blackbox test-core lint bench check reset clean

setup:
	@bash scripts/setup.sh

run: setup
	@$(PY) scripts/coopctl.py demo $(DB)
	@exec $(PY) $(ODOO_SRC)/odoo-bin -c .odoo.conf -d $(DB) --db-filter '^$(DB)$$'

new-coop: setup
	@$(PY) scripts/coopctl.py new-coop $(CONFIG) --db $(DB)

update: setup
	@$(PY) $(ODOO_SRC)/odoo-bin -c .odoo.conf -d $(DB) -u $$(python3 scripts/coop_addons.py) --stop-after-init

test: setup
	@bash scripts/test.sh

test-odoo: setup
	@$(PY) scripts/coopctl.py test-odoo

test-blackbox: setup
	@$(PY) -m pytest tests/

test-core: setup
	@$(PY) scripts/coopctl.py test-core

lint: setup
	@.venv/bin/ruff check .
	@.venv/bin/ruff format --check .
	@.venv/bin/pylint --rcfile=.pylintrc $$(python3 scripts/coop_addons.py --lint)

bench: setup
	@$(PY) scripts/bench.py

check: setup
	@$(PY) scripts/coopctl.py check $(DB)

reset: setup
	@for db in $(DB) coop_test_odoo coop_test_blackbox coop_test_core coop_test_core_1; do $(PY) scripts/coopctl.py drop-db $$db; done

clean:
	rm -rf .venv .data .odoo.conf
