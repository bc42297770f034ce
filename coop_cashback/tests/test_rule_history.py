from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import freeze_time, new_test_user, tagged

from .pos_common import CoopPosCommon


@tagged("post_install", "-at_install")
class TestRuleHistory(CoopPosCommon):
    """The rules keep the history of what sales earned: a used rule is ended, not deleted; a
    new rule does not start over sales already recorded under other terms. By a manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule = cls.env["coop.cashback.rule"].search(
            [("company_id", "=", cls.env.company.id), ("name", "=", "5 %")]
        )

    def setUp(self):
        super().setUp()
        self.today = fields.Date.today()
        self.open_new_session()
        self.sync([(self.milk, 2)], [(self.cash_pm1, 200)])  # earns 10 by the 5 % rule
        self.Rule = self.env["coop.cashback.rule"].with_user(self.manager)

    def test_a_used_rule_cannot_be_deleted_only_ended(self):
        with self.assertRaisesRegex(UserError, "5 %.*cannot be deleted.*Valid until"):
            self.rule.with_user(self.manager).unlink()
        self.rule.with_user(self.manager).write({"date_to": self.today})
        self.assertTrue(self.rule.exists())
        # a rule not used yet (from tomorrow) may still be deleted
        unused = self.Rule.create(
            {"name": "7 %", "percent": 7, "date_from": self.today + timedelta(days=1)}
        )
        unused.unlink()
        self.assertFalse(unused.exists())

    def test_a_new_rule_cannot_start_over_recorded_sales(self):
        tomorrow = self.today + timedelta(days=1)
        with freeze_time(tomorrow):
            for start in (self.today, False):
                with (
                    self.subTest(start=start),
                    self.assertRaisesRegex(UserError, "10 %.*before today.*Valid from"),
                ):
                    self.Rule.create({"name": "10 %", "percent": 10, "date_from": start})
            later = self.Rule.create({"name": "10 %", "percent": 10, "date_from": tomorrow})
            self.assertEqual(later.date_from, tomorrow)
            # nor can a rule not used yet be moved back over them
            with self.assertRaisesRegex(UserError, "10 %.*before today"):
                later.write({"date_from": self.today})
            # a rule for partner businesses covers none of the store's sales
            partner = self.Rule.create(
                {"name": "1 %", "percent": 1, "channel": "partner", "date_from": date(2020, 1, 1)}
            )
            self.assertEqual(partner.date_from, date(2020, 1, 1))

    def test_a_cooperative_without_sales_dates_its_rules_freely(self):
        company = self.env["res.company"].create({"name": "ПО «Новое»"})
        manager = new_test_user(
            self.env, login="coop_new_manager",
            groups="base.group_user,coop_membership.group_manager",
            company_id=company.id, company_ids=[Command.set(company.ids)],
        )  # fmt: skip
        Rule = self.env["coop.cashback.rule"].with_user(manager).with_company(company)
        rule = Rule.create({"name": "3 %", "percent": 3, "date_from": date(2020, 1, 1)})
        rule.write({"date_from": False})
        self.assertFalse(rule.date_from)
        rule.unlink()
        self.assertFalse(rule.exists())
