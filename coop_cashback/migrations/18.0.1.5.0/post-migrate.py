"""The people an expiry capped by their balance before the marker existed.

Version 18.0.1.3.0 expired what was left of a credit only as far as the person's balance
allowed and forgot the rest: no run looked at that credit again (its date was behind the
runs' window). 18.0.1.4.0 marks such people (``res.partner.coop_cashback_expiry_capped``) so
that the next runs expire the rest, but only for the expiries it caps itself. This marks the
people who have cashback left of a credit a finished run had due; the next run expires it as
far as their balance allows and unmarks whoever has nothing left.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["coop.cashback.check"]._coop_mark_overdue_left()
