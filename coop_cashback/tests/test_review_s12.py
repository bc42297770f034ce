"""Review of session 11's expiry commits: the capped expiry's marker (who may set it, and the
people an earlier version capped before it existed)."""

import os
from contextlib import contextmanager
from datetime import date, datetime
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.modules.migration import load_script
from odoo.modules.module import get_module_path
from odoo.tests import freeze_time, tagged
from odoo.tools import parse_version

from odoo.addons.coop_membership.tests.common import CoopCase


@tagged("post_install", "-at_install")
class TestReviewS12Capped(CoopCase):
    """An expiry capped by the balance leaves the rest of its credit to the next runs, through
    ``res.partner.coop_cashback_expiry_capped``: only the job sets it, and the upgrade marks
    the people an earlier version capped and forgot."""

    def setUp(self):
        super().setUp()
        self.company.write({"coop_cashback_hold_days": 14, "coop_cashback_expiry_days": 30})
        self.Check = self.env["coop.cashback.check"]
        self.Move = self.env["coop.cashback.move"].with_company(self.company)
        self.ann = self.register("89001113310", "Анна")[0]
        # the till's partner editor: a cashier allowed to edit contacts (Odoo gives "Contact
        # Creation" to every user made in Settings > Users)
        self.till_cashier = self._coop_user(
            "coop_r12_cashier",
            "point_of_sale.group_pos_user,coop_membership.group_cashier,base.group_partner_manager",
        )

    @contextmanager
    def at(self, day, hour=10):
        moment = datetime.combine(day, datetime.min.time()).replace(hour=hour)
        with freeze_time(moment), patch.object(self.env.cr, "_now", moment):
            yield

    def record(self, kind, amount, key, on, **values):
        move = self.Move._coop_record(self.ann, kind, amount, key, date=on, **values)
        self.company._coop_post_cashback_moves(move, ref=key)
        return move

    def expire(self, day):
        with self.at(day, hour=2):
            self.Check._coop_cron_expire()

    def expired(self):
        return (
            self.env["coop.cashback.move"]
            .search([("partner_id", "=", self.ann.id), ("kind", "=", "expiry")])
            .sorted("id")
        )

    def capped(self):
        """Ann on 10 Feb: 70 of her regular cashback overdue, 20 available (a bonus she spent
        is still on hold until 11 Feb): 20 expired, the rest left to the next runs."""
        with self.at(date(2026, 1, 11)):  # spendable from 25 Jan, expires on 10 Feb
            regular = self.record("accrual", 100, "regular", date(2026, 1, 11))
        with self.at(date(2026, 1, 28)):  # expires on 4 Feb, spendable from 11 Feb
            self.record("accrual", 50, "bonus", date(2026, 1, 28), valid_days=7)
        with self.at(date(2026, 1, 29)):
            self.record("spend", -80, "paid", date(2026, 1, 29))
        self.expire(date(2026, 2, 4))
        self.expire(date(2026, 2, 10))
        self.assertEqual(self.expired().mapped("amount"), [-20.0])
        self.assertTrue(self.ann.coop_cashback_expiry_capped)
        return regular

    def upgrade_from(self, version):
        """The post-migration scripts of coop_cashback newer than ``version``, in order, as
        an upgrade of a database at ``version`` runs them."""
        root = os.path.join(get_module_path("coop_cashback"), "migrations")
        newer = sorted(
            (name for name in os.listdir(root) if parse_version(name) > parse_version(version)),
            key=parse_version,
        )
        for name in newer:
            path = os.path.join(root, name, "post-migrate.py")
            if os.path.exists(path):
                script = load_script(path, f"coop_cashback_review_{name.replace('.', '_')}")
                script.migrate(self.env.cr, version)
        self.env.invalidate_all()

    def test_a_user_editing_contacts_cannot_clear_or_set_the_capped_marker(self):
        regular = self.capped()
        Partner = self.env["res.partner"].with_user(self.till_cashier)
        with self.assertRaisesRegex(UserError, "Анна: .*set by the cashback expiry only"):
            Partner.browse(self.ann.id).write({"coop_cashback_expiry_capped": False})
        with self.assertRaisesRegex(UserError, "set by the cashback expiry only"):
            Partner.create({"name": "Борис", "coop_cashback_expiry_capped": True})
        # saving back the value it has (a form) changes nothing and is let through
        Partner.browse(self.ann.id).write({"coop_cashback_expiry_capped": True, "name": "Анна"})
        self.expire(date(2026, 2, 11))  # the hold is over: the rest expires
        self.assertEqual(self.expired().mapped("amount"), [-20.0, -50.0])
        self.assertEqual(
            self.expired().mapped("source_key"), [f"expiry:{regular.id}", f"expiry:{regular.id}:1"]
        )
        self.assertFalse(self.ann.coop_cashback_expiry_capped)

    def test_the_upgrade_marks_the_people_an_earlier_version_capped(self):
        regular = self.capped()
        # as 18.0.1.3.0 left her: capped on 10 Feb, no marker (the column did not exist)
        self.env.cr.execute(
            "UPDATE res_partner SET coop_cashback_expiry_capped = NULL WHERE id = %s",
            [self.ann.id],
        )
        self.env.invalidate_all()
        self.upgrade_from("18.0.1.3.0")
        self.assertTrue(self.ann.coop_cashback_expiry_capped)
        self.expire(date(2026, 2, 11))
        self.assertEqual(self.expired().mapped("amount"), [-20.0, -50.0], "the rest expired")
        self.assertEqual(self.expired()[1].source_key, f"expiry:{regular.id}:1")
        self.assertFalse(self.ann.coop_cashback_expiry_capped)
        self.expire(date(2026, 2, 12))
        self.assertEqual(len(self.expired()), 2, "never more than the credit")

    def test_the_upgrade_marks_nobody_with_nothing_overdue_left(self):
        with self.at(date(2026, 1, 11)):
            self.record("accrual", 100, "regular", date(2026, 1, 11))
        self.expire(date(2026, 2, 10))  # the 100 expires whole
        with self.at(date(2026, 2, 12)):
            self.record("accrual", 30, "later", date(2026, 2, 12))  # due on 14 Mar
        self.upgrade_from("18.0.1.3.0")
        self.assertFalse(self.ann.coop_cashback_expiry_capped)

    def test_a_late_sale_before_a_capped_expiry_gives_back_what_it_paid(self):
        # on 10 Feb 60 of regular was left (the late sale took 10) with 10 available: 10
        # expired, then 50 on 11 Feb; the runs took 20 and 50, so 10 comes back
        self.capped()
        self.expire(date(2026, 2, 11))  # the rest, 50, expires
        with self.at(date(2026, 2, 12)):  # a sale of 9 Feb synced on 12 Feb
            self.record("spend", -10, "late", date(2026, 2, 9), overdraft=True)
        self.expire(date(2026, 2, 13))
        backs = self.env["coop.cashback.move"].search(
            [("partner_id", "=", self.ann.id), ("kind", "=", "expiry_back")]
        )
        self.assertEqual(backs.mapped("amount"), [10.0])
        self.ann.invalidate_recordset()
        self.assertEqual(self.ann.coop_cashback_balance, 0.0)
        self.expire(date(2026, 2, 14))
        self.ann.invalidate_recordset()
        self.assertEqual(self.ann.coop_cashback_balance, 0.0)
        ledger = round(sum(self.ann.coop_cashback_move_ids.mapped("amount")), 2)
        lines = self.env["account.move.line"].search(
            [("account_id", "=", self.company.coop_cashback_liability_account_id.id),
             ("partner_id", "=", self.ann.id), ("parent_state", "=", "posted")]
        )  # fmt: skip
        self.assertEqual(round(-sum(lines.mapped("balance")), 2), ledger)
