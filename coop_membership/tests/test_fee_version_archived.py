from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestFeeVersionArchived(CoopCase):
    """A version archived before it came into force (the general meeting's amount withdrawn)
    no longer holds its date: a new amount can be set from that day. Two versions in force
    (or to come) never share a day."""

    def setUp(self):
        super().setUp()
        self.day = fields.Date.context_today(self.manager) + relativedelta(months=3)
        self.Version = self.as_user(self.manager, "coop.fee.version")

    def planned(self, amount, meeting_ref):
        return self.Version.create(
            {
                "kind": "entry_fee",
                "amount": amount,
                "date_from": self.day,
                "meeting_ref": meeting_ref,
                "company_id": self.company.id,
            }
        )

    def test_a_withdrawn_amounts_day_takes_a_new_amount(self):
        # fails on main: UNIQUE(company_id, kind, date_from) counts the archived 2000, so
        # the manager cannot record the 2500 the meeting set for that day instead
        withdrawn = self.planned(2000, "GM 8 of 2026-11-20")
        withdrawn.action_archive()
        new = self.planned(2500, "GM 9 of 2026-11-28")
        self.assertEqual(self.Version._coop_amount("entry_fee", self.day, self.company), 2500)
        self.assertEqual(
            (withdrawn.active, withdrawn.amount), (False, 2000), "the withdrawn one stays"
        )
        # the withdrawn amount cannot come back beside the new one
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                withdrawn.action_unarchive()
        self.assertEqual(self.Version._coop_amount("entry_fee", self.day, self.company), 2500)
        # archived in its turn, a third amount takes the day; and again it stays one
        new.action_archive()
        self.planned(3000, "GM 10 of 2026-11-30")
        self.assertEqual(self.Version._coop_amount("entry_fee", self.day, self.company), 3000)

    def test_two_amounts_in_force_never_share_a_day(self):
        self.planned(2000, "GM 8 of 2026-11-20")
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.planned(2500, "GM 9 of 2026-11-28")
        self.assertEqual(self.Version._coop_amount("entry_fee", self.day, self.company), 2000)
