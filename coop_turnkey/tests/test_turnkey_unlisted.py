import tomllib

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TurnkeyCase, example

UNCHANGED = ["Unchanged: the cooperative is as the file describes."]


def without(text, *blocks):
    """``text`` without the blocks ``(header, line)``: the lines from ``header`` (e.g.
    ``[[staff]]``) holding ``line`` to the next table."""
    lines = text.splitlines(keepends=True)

    def block(start):
        end = start + 1
        while end < len(lines) and not lines[end].startswith("["):
            end += 1
        return start, end

    for header, needle in blocks:
        tables = [block(i) for i, line in enumerate(lines) if line.strip() == header]
        start, end = next((s, e) for s, e in tables if any(needle in line for line in lines[s:e]))
        del lines[start:end]
    return "".join(lines)


DROPPED = (
    ("[[cashback.rules]]", 'key = "partners"'),
    ("[[stores]]", 'key = "main"'),
    ("[[partners]]", 'key = "plumbing"'),
    ("[[staff]]", 'login = "tk_zaitseva"'),
)


@tagged("post_install", "-at_install")
class TestTurnkeyUnlisted(TurnkeyCase):
    """What the file made and no longer names is archived or ended, never deleted; what the
    file did not make is left alone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.apply_example()
        cls.rule = cls.env.ref("coop_turnkey_data.tk-test_rule_partners")
        cls.store = cls.env.ref("coop_turnkey_data.tk-test_store_main")
        cls.agreement = cls.env.ref("coop_turnkey_data.tk-test_partner_plumbing_agreement")
        cls.accountant = cls.env["res.users"].search([("login", "=", "tk_zaitseva")])

    def test_unlisted_records_are_archived_and_reported(self):
        today = fields.Date.context_today(self.manager)
        methods = self.store.payment_method_ids
        own_rule = (
            self.env["coop.cashback.rule"]
            .with_user(self.manager)
            .with_company(self.company)
            .create({"name": "Своё правило", "percent": 1, "company_id": self.company.id})
        )  # made by hand, not by the file
        before = self.counts()
        changes = self.apply(without(example(), *DROPPED))
        report = "\n".join(changes)
        for expected in (
            f"Cashback rule Partner businesses: 3%: no longer in the file, ended on {today}",
            "Store Кооперативный магазин: no longer in the file, archived",
            f"ООО «Сантехника», agreement: no longer in the file, ended on {today}",
            "User tk_zaitseva: no longer in the file, deactivated",
            "ООО «Сантехника»: API user tk_plumbing-api archived",
        ):
            self.assertIn(expected, report)
        self.assertEqual(len(changes), 8, changes)  # and the three payment methods
        self.assertEqual(self.counts(), before, "nothing deleted, nothing made")
        self.assertEqual((self.rule.active, self.rule.date_to), (True, today))
        self.assertFalse(self.store.active)
        self.assertFalse(any(methods.mapped("active")))
        self.assertEqual(self.agreement.date_to, today)
        self.assertFalse(self.accountant.active)
        self.assertTrue(own_rule.active)
        self.assertFalse(own_rule.date_to, "a rule the file did not make is not touched")
        self.assertTrue(self.env["res.users"].search([("login", "=", "tk_orlova")]).active)
        self.assertEqual(self.apply(without(example(), *DROPPED)), UNCHANGED)

    def test_the_export_leaves_out_what_was_archived(self):
        self.apply(without(example(), *DROPPED))
        exported = (
            self.env["coop.turnkey"].with_user(self.manager).coop_export_file(self.company.id)
        )
        config = tomllib.loads(exported["toml"])
        self.assertNotIn("stores", config)
        self.assertNotIn("tk_zaitseva", [person["login"] for person in config["staff"]])
        self.assertEqual(
            self.apply(exported["toml"], "export.toml", exported["products_csv"]), UNCHANGED
        )

    def test_listed_again_comes_back(self):
        self.apply(without(example(), ("[[staff]]", 'login = "tk_zaitseva"')))
        self.assertFalse(self.accountant.active)
        changes = self.apply(example())
        self.assertTrue(self.accountant.active, changes)

    def test_a_till_with_an_open_session_is_not_archived(self):
        cashier = self.env["res.users"].search([("login", "=", "tk_orlova")])
        self.store.with_user(cashier).with_company(self.company).open_ui()
        with self.assertRaisesRegex(UserError, "till Кооперативный магазин.*session.*open"):
            self.apply(without(example(), ("[[stores]]", 'key = "main"')))
        self.assertTrue(self.store.active)
