"""The coop addons, in the order they are installed: the one list the scripts, the Makefile and
the black-box tests read (``python3 scripts/coop_addons.py`` prints it, comma-separated, or
with ``--lint`` space-separated with the chart of accounts)."""

import sys

ADDONS = (
    "coop_membership",
    "coop_cashback",
    "coop_partner_sync",
    "coop_crm",
    "coop_mailing",
    "coop_portal",
    "coop_turnkey",
    "coop_sms_gateway",
    "coop_intercoop",
)
# Tested with Odoo's runner: the coop addons and the chart of accounts they are installed with.
TESTED = (*ADDONS, "l10n_ru_coop")

if __name__ == "__main__":
    print(" ".join(TESTED) if "--lint" in sys.argv else ",".join(ADDONS))
