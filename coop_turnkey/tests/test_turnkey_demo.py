from odoo.tests import tagged

from .common import TurnkeyCase

# What the demo scenario makes, counted to show that a second run makes nothing.
DEMO_MODELS = (
    "res.partner",
    "res.users",
    "coop.membership.application",
    "coop.contribution",
    "coop.cashback.move",
    "coop.partner.transaction",
    "pos.order",
    "pos.session",
    "account.move",
)


@tagged("post_install", "-at_install")
class TestTurnkeyDemo(TurnkeyCase):
    """The demo cooperative: docs/coop.toml applied, then the demo scenario, each act by the
    staff the file made (this database has Odoo's demo data: only the cooperative's own
    records are looked at)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.apply_example()
        cls.people = cls.env["coop.turnkey"]._coop_demo_scenario(cls.company, "tk_")

    def demo_counts(self):
        return {
            model: self.env[model].sudo().with_context(active_test=False).search_count([])
            for model in DEMO_MODELS
        }

    def test_each_person_in_their_state_through_the_staffs_actions(self):
        states = {key: person.coop_state for key, person in self.people.items()}
        self.assertEqual(
            states,
            {
                "anna": "shopper",
                "dmitry": "shopper",
                "elena": "applicant",
                "olga": "admitted",
                "igor": "applicant",
                "sergey": "member",
                "natalia": "member",
                "pavel": "leaving",
                "tatiana": "former",
            },
        )
        for person in self.people.values():
            self.assertEqual(person.company_id, self.company)
        sergey = self.people["sergey"]
        application = sergey.coop_application_ids
        self.assertEqual(application.state, "admitted")
        self.assertEqual(application.create_uid.login, "tk_belova", "filed by the officer")
        self.assertEqual(application.write_uid.login, "tk_grigoriev", "admitted by the council")
        fees = sergey.coop_contribution_ids
        self.assertEqual(set(fees.mapped("kind")), {"entry_fee", "mandatory_share"})
        self.assertEqual(set(fees.mapped("create_uid.login")), {"tk_belova"})
        self.assertEqual(sergey.create_uid.login, "tk_orlova", "registered by the cashier")
        refund = self.people["tatiana"].coop_contribution_ids.filtered(
            lambda c: c.kind == "share_refund"
        )
        self.assertTrue(refund.payment_date, "the former member's share was paid back")
        self.assertEqual(self.people["tatiana"].coop_share_capital, 0)

    def test_sales_synced_by_the_cashier_and_the_session_closed(self):
        orders = self.env["pos.order"].search([("uuid", "=like", "coop-demo-tk-test-%")])
        self.assertEqual(len(orders), 5)
        self.assertEqual(set(orders.mapped("create_uid.login")), {"tk_orlova"})
        session = orders.session_id
        self.assertEqual(len(session), 1)
        self.assertEqual(session.state, "closed")
        self.assertEqual(session.config_id.company_id, self.company)
        self.assertTrue(session.move_id, "the session's sales are in the books")
        spend = self.people["sergey"].coop_cashback_move_ids.filtered(lambda m: m.kind == "spend")
        self.assertEqual(spend.mapped("amount"), [-50.0], "one sale paid partly with cashback")
        self.assertFalse(spend.overdraft_amount, "the cashback spent was available")
        # each order's earnings are in the ledger, from its order
        earned = self.env["coop.cashback.move"].search(
            [("source_ref", "in", [f"pos.order,{order.id}" for order in orders])]
        )
        buyers = self.people["sergey"] | self.people["natalia"] | self.people["anna"]
        buyers |= self.people["dmitry"]
        self.assertEqual(earned.filtered(lambda m: m.kind == "accrual").partner_id, buyers)

    def test_partner_purchases_imported_by_the_businesss_api_user(self):
        txns = self.env["coop.partner.transaction"].search(
            [("external_id", "=like", "DEMO-%"), ("agreement_id.company_id", "=", self.company.id)]
        )
        self.assertEqual(len(txns), 4)
        self.assertEqual(set(txns.mapped("state")), {"matched"})
        self.assertEqual(set(txns.mapped("create_uid.login")), {"tk_plumbing-api"})
        people = self.people["anna"] | self.people["sergey"] | self.people["natalia"]
        self.assertEqual(txns.partner_id, people)

    def test_the_books_agree(self):
        check = self.env["coop.cashback.check"].coop_invariants(self.company.id)
        self.assertTrue(check["ok"], check["problems"])
        liability = self.company.coop_cashback_liability_account_id
        for key, person in self.people.items():
            with self.subTest(person=key):
                lines = self.env["account.move.line"].search(
                    [
                        ("account_id", "=", liability.id),
                        ("partner_id", "=", person.id),
                        ("parent_state", "=", "posted"),
                    ]
                )
                ledger = sum(person.coop_cashback_move_ids.mapped("amount"))
                self.assertAlmostEqual(-sum(lines.mapped("balance")), ledger, places=2)
        members = self.people["sergey"] | self.people["natalia"]
        self.assertTrue(all(person.coop_cashback_balance >= 0 for person in members))

    def test_the_persons_page_for_three_people(self):
        users = self.env["res.users"].search([("login", "in", ("tk_anna", "tk_olga", "tk_sergey"))])
        self.assertEqual(
            users.partner_id, self.people["anna"] | self.people["olga"] | self.people["sergey"]
        )
        self.assertTrue(all(user.has_group("base.group_portal") for user in users))

    def test_a_second_run_changes_nothing(self):
        before = self.demo_counts()
        self.env["coop.turnkey"]._coop_demo_scenario(self.company, "tk_")
        self.assertEqual(self.demo_counts(), before)
