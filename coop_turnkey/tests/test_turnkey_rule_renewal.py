import tomllib
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import TurnkeyCase, example
from .test_turnkey_export import renamed

NEW_RATE = ("percent = 2 ", "percent = 4 ")


@tagged("post_install", "-at_install")
class TestTurnkeyRuleRenewal(TurnkeyCase):
    """A used rule keeps its terms: the file's new rate ends it today and starts a new rule
    tomorrow; the sales already made keep what they earned."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.apply_example()
        cls.rule = cls.env.ref("coop_turnkey_data.tk-test_rule_shoppers")
        cls.cashier = cls.env["res.users"].search([("login", "=", "tk_orlova")])
        cls.person = cls._register()
        cls.order = cls._sell()

    @classmethod
    def _register(cls):
        Partner = cls.env["res.partner"].with_user(cls.cashier).with_company(cls.company)
        values = {"phone": "89107770011", "name": "Покупатель Тест", "consent_processing": True}
        return cls.env["res.partner"].browse(Partner.coop_register_shopper(values)["partner_id"])

    @classmethod
    def _sell(cls):
        """One sale today at the file's store, paid in cash, as the till sends it."""
        turnkey = cls.env["coop.turnkey"]
        config = cls.env.ref("coop_turnkey_data.tk-test_store_main")
        config = config.with_user(cls.cashier).with_company(cls.company)
        config.open_ui()
        session = config.current_session_id
        session.set_opening_control(0, "")
        methods = {"cash": config.payment_method_ids.filtered("is_cash_count")}
        data = turnkey._coop_demo_order(
            config, session, {"p": cls.person}, methods, 0, ("p", [("MILK-1", 10)], 0, 0)
        )
        Order = cls.env["pos.order"].with_user(cls.cashier).with_company(cls.company)
        Order.sync_from_ui([{**data, "uuid": "tk-renewal-1"}])
        return cls.env["pos.order"].search([("uuid", "=", "tk-renewal-1")])

    def accruals(self):
        return self.env["coop.cashback.move"].search(
            [("source_ref", "=", f"pos.order,{self.order.id}"), ("kind", "=", "accrual")]
        )

    def earned(self, date):
        """What 100 of milk earns the person on ``date`` by the rule engine."""
        milk = self.env["product.product"].search(
            [("default_code", "=", "MILK-1"), ("company_id", "=", self.company.id)]
        )
        Rule = self.env["coop.cashback.rule"].with_company(self.company)
        return Rule._coop_compute(self.person, [(milk, 100.0)], "pos", date, self.company)["total"]

    def test_new_rate_ends_the_used_rule_and_starts_a_new_one(self):
        self.assertEqual(self.order.state, "paid")
        self.assertTrue(self.rule._coop_used())
        earned = self.accruals()
        self.assertTrue(earned, "the sale earned cashback")
        amounts = earned.mapped("amount")
        today = fields.Date.context_today(self.manager)
        tomorrow = today + timedelta(days=1)
        changes = self.apply(example(NEW_RATE))
        self.assertEqual(len(changes), 1, changes)
        self.assertIn(f"ended on {today}", changes[0])
        self.assertIn(f"new terms from {tomorrow}", changes[0])
        new = self.env.ref("coop_turnkey_data.tk-test_rule_shoppers")
        self.assertNotEqual(new, self.rule, "the key moved to the new rule")
        self.assertEqual((self.rule.percent, self.rule.date_to), (2.0, today))
        self.assertEqual((new.percent, new.date_from, new.date_to), (4.0, tomorrow, False))
        self.assertEqual(self.accruals(), earned)
        self.assertEqual(earned.mapped("amount"), amounts, "the sale keeps what it earned")
        self.assertEqual(self.earned(today), 2.0)
        self.assertEqual(self.earned(tomorrow), 4.0)
        # the same file again: nothing to do
        before = self.counts()
        again = self.apply(example(NEW_RATE))
        self.assertEqual(again, ["Unchanged: the cooperative is as the file describes."])
        self.assertEqual(self.counts(), before)

    def test_an_unused_rule_changes_in_place(self):
        partners = self.env.ref("coop_turnkey_data.tk-test_rule_partners")
        self.assertFalse(partners._coop_used(), "no purchase at a partner business yet")
        changes = self.apply(example(("percent = 3", "percent = 6")))
        self.assertEqual(len(changes), 1, changes)
        self.assertEqual(self.env.ref("coop_turnkey_data.tk-test_rule_partners"), partners)
        self.assertEqual(partners.percent, 6.0)

    def test_the_ended_rule_exports_and_the_file_round_trips(self):
        self.apply(example(NEW_RATE))
        Turnkey = self.env["coop.turnkey"].with_user(self.manager)
        first = Turnkey.coop_export_file(self.company.id)
        rules = tomllib.loads(first["toml"])["cashback"]["rules"]
        today = fields.Date.context_today(self.manager)
        ended = f"shoppers-{today.strftime('%Y%m%d')}"
        self.assertEqual(
            [(r["key"], r["percent"]) for r in rules],
            [(ended, 2), ("members", 5), ("partners", 3), ("shoppers", 4)],
        )
        self.assertEqual(rules[0]["date_to"], today)
        unchanged = ["Unchanged: the cooperative is as the file describes."]
        self.assertEqual(self.apply(first["toml"], "export.toml", first["products_csv"]), unchanged)
        text = renamed(first["toml"])
        self.apply(text, "copy.toml", first["products_csv"])
        copy = self.env.ref("coop_turnkey_data.tk-copy_company")
        self.assertEqual(Turnkey.coop_export_file(copy.id)["toml"], text)
