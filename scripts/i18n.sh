#!/usr/bin/env bash
# Export each addon's translatable terms to i18n/<addon>.pot from a database where the addons are
# installed (default: coop_test_blackbox, made by `make test`), and merge them into i18n/ru.po.
# Then translate the new empty msgstr in ru.po; `make test` checks none is left.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${1:-coop_test_blackbox}  # or any database with every coop addon installed
ODOO_SRC=${ODOO_SRC:-/opt/odoo/18.0}
for addon in $(python3 scripts/coop_addons.py --lint); do
    mkdir -p "$addon/i18n"
    .venv/bin/python "$ODOO_SRC/odoo-bin" -c .odoo.conf -d "$DB" --log-level=warn \
        --i18n-export="$addon/i18n/$addon.pot" --modules="$addon" --stop-after-init
    if [ -f "$addon/i18n/ru.po" ]; then
        msgmerge --quiet --update --backup=none --no-fuzzy-matching "$addon/i18n/ru.po" "$addon/i18n/$addon.pot"
    else
        msginit --no-translator --locale=ru_RU.UTF-8 --input="$addon/i18n/$addon.pot" --output-file="$addon/i18n/ru.po"
    fi
done
