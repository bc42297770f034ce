from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ANNA_PHONE, IntercoopCase, intercoop_company


@tagged("post_install", "-at_install")
class TestIntercoopOffers(IntercoopCase):
    """B's manager reads A's offer (its terms only) on a screen of B's and accepts or declines
    it there; B's officer and cashier, A's manager and another cooperative C read nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.offer = (
            cls.env["coop.partner.agreement"]
            .with_user(cls.manager_a)
            .create(
                {"partner_id": cls.company_b.partner_id.id, "company_id": cls.company_a.id,
                 "cashback_mode": "percent", "cashback_percent": 50.0,
                 "commission_percent": 2.0, "notes": "A's own notes"}
            )
        )  # fmt: skip
        # only the offer may serve: the accepted agreement of common.py is ended
        cls.agreement.sudo().write({"coop_intercoop_accepted_by": False})
        cls.company_c = intercoop_company(cls.env, "ПО «Вега»", cls.company_b.currency_id)
        cls.manager_c = cls._coop_user(
            "coop_ic_c_manager", "coop_membership.group_manager", cls.company_c
        )

    def row(self, user=None):
        Offer = self.env["coop.intercoop.offer"].with_user(user or self.manager)
        Offer.invalidate_model()  # a view of the agreements, which the test just changed
        return Offer.search([("id", "=", self.offer.id)])

    def test_bs_manager_reads_the_offer_and_accepts_it(self):
        row = self.row()
        self.assertEqual(row.cooperative, self.company_a.name)
        self.assertEqual(row.serving_company_id, self.company_b)
        self.assertEqual((row.cashback_percent, row.commission_percent), (50.0, 2.0))
        self.assertEqual((row.state, row.accepted_by), ("offered", False))
        self.assertEqual(self.find(ANNA_PHONE), [])
        row.action_accept()
        self.assertEqual(self.offer.coop_intercoop_accepted_by, self.manager)
        self.assertEqual((row.state, row.accepted_by), ("accepted", self.manager.name))
        self.assertTrue(row.accepted_date)
        [found] = self.find(ANNA_PHONE)
        self.assertEqual(found["agreement_id"], self.offer.id)

    def test_bs_manager_declines_or_withdraws_the_acceptance(self):
        row = self.row()
        row.action_accept()
        row.action_decline()
        self.assertEqual((row.state, row.accepted_by), ("declined", False))
        self.assertTrue(row.withdrawn_date)
        self.assertFalse(self.offer.coop_intercoop_accepted_by)
        self.assertEqual(self.find(ANNA_PHONE), [])
        self.assertIn("Declined by", self.offer.message_ids[0].body)

    def test_a_change_of_the_terms_shows_withdrawn(self):
        self.row().action_accept()
        self.offer.with_user(self.manager_a).cashback_percent = 60.0
        row = self.row()
        self.assertEqual((row.state, row.cashback_percent), ("changed", 60.0))
        self.assertTrue(row.withdrawn_date)
        row.action_accept()  # accepting again clears the withdrawal
        self.assertFalse(self.offer.coop_intercoop_withdrawn)

    def test_new_terms_after_a_decline_are_offered_again(self):
        # fails on the old code: B declined, A changed its terms, B's screen still said
        # "declined by you" (and hid the decline button) as if B had declined the new terms
        self.row().action_decline()
        self.offer.with_user(self.manager_a).cashback_percent = 40.0
        row = self.row()
        self.assertEqual((row.state, row.cashback_percent), ("changed", 40.0))
        self.assertEqual(
            dict(row._fields["state"]._description_selection(self.env))["changed"],
            "New terms, not accepted yet",
        )
        self.assertFalse(self.offer.coop_intercoop_accepted_by)
        self.assertEqual(self.find(ANNA_PHONE), [])  # new terms serve nobody before B accepts
        self.assertTrue(any("open again" in m.body for m in self.offer.message_ids))
        row.action_accept()
        self.assertEqual((row.state, self.offer.coop_intercoop_withdrawn), ("accepted", False))
        [found] = self.find(ANNA_PHONE)
        self.assertEqual(found["agreement_id"], self.offer.id)

    def test_archiving_a_declined_offer_keeps_the_decline(self):
        # fails on main: "active" is one of the terms, so A archiving the agreement B
        # declined reopened it: B's screen said "New terms, not accepted yet", A's
        # "The terms changed: ...", and the chatter "the offer ... declined is open again"
        self.row().action_decline()
        self.offer.with_user(self.manager_a).action_archive()
        row = self.row()
        self.assertEqual((row.state, row.ended), ("declined", True))
        self.assertEqual(self.offer.coop_intercoop_withdrawn, "declined")
        bodies = self.offer.message_ids.mapped("body")
        self.assertTrue([body for body in bodies if "Declined by" in body])
        self.assertFalse([body for body in bodies if "The terms changed" in body])
        # restored as it was: still the terms B declined
        self.offer.with_user(self.manager_a).action_unarchive()
        self.assertEqual((self.row().state, self.row().ended), ("declined", False))
        self.assertEqual(self.find(ANNA_PHONE), [])
        # new terms are offered again
        self.offer.with_user(self.manager_a).cashback_percent = 40.0
        self.assertEqual(self.row().state, "changed")

    def test_archiving_an_accepted_offer_withdraws_the_acceptance(self):
        self.row().action_accept()
        self.offer.with_user(self.manager_a).action_archive()
        self.offer.with_user(self.manager_a).action_unarchive()
        self.assertEqual(self.row().state, "changed", "restored, it is not accepted yet")
        self.assertEqual(self.find(ANNA_PHONE), [])

    def test_only_bs_manager_reads_or_accepts(self):
        for user in (self.officer_b, self.cashier):  # no access to the model at all
            with self.assertRaises(AccessError, msg=user.login):
                self.row(user)
            with self.assertRaises(AccessError, msg=user.login):
                self.env["coop.intercoop.offer"].with_user(user).browse(
                    self.offer.id
                ).action_accept()
        for user in (self.manager_a, self.manager_c):  # managers of other cooperatives
            self.assertFalse(self.row(user), user.login)
            self.assertFalse(self.env["coop.intercoop.offer"].with_user(user).search([]))
            offer = self.env["coop.intercoop.offer"].with_user(user).browse(self.offer.id)
            with self.assertRaises(AccessError, msg=user.login):
                offer.action_accept()
            with self.assertRaises(AccessError, msg=user.login):
                offer.action_decline()
        self.assertFalse(self.offer.coop_intercoop_accepted_by)
        self.assertFalse(self.offer.coop_intercoop_withdrawn)
        with self.assertRaises(AccessError):  # nor by writing the agreement
            self.offer.with_user(self.manager_a).write({"coop_intercoop_withdrawn": "declined"})

    def test_the_offer_shows_only_the_terms(self):
        relational = {
            name: field.comodel_name
            for name, field in self.env["coop.intercoop.offer"]._fields.items()
            if field.relational
        }
        self.assertEqual(relational, {"serving_company_id": "res.company"})
        self.assertNotIn("notes", self.env["coop.intercoop.offer"]._fields)
        with self.assertRaises(AccessError):  # A's agreement itself stays A's
            self.env["coop.partner.agreement"].with_user(self.manager).browse(self.offer.id).read(
                ["notes"]
            )


@tagged("post_install", "-at_install")
class TestIntercoopOffersTour(HttpCase):
    """B's manager opens Cooperative > Partner businesses > Offered by other cooperatives in
    the browser and clicks Accept: the row shows the acceptance, and the agreement has it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company_b = cls.env.company
        company_b.country_id = cls.env.ref("base.ru")
        company_b._coop_setup()
        company_a = intercoop_company(cls.env, "ПО «Альфа»", company_b.currency_id)
        manager_a, cls.manager_b = (
            new_test_user(
                cls.env, login=login, company_id=company.id,
                groups="base.group_user,coop_membership.group_manager",
                company_ids=[Command.set(company.ids)],
            )
            for login, company in (("coop_ic_offer_a", company_a), ("coop_ic_offer_b", company_b))
        )  # fmt: skip
        cls.offer = (
            cls.env["coop.partner.agreement"]
            .with_user(manager_a)
            .create(
                {"partner_id": company_b.partner_id.id, "company_id": company_a.id,
                 "cashback_mode": "percent", "cashback_percent": 5.0}
            )
        )  # fmt: skip

    def test_bs_manager_accepts_in_the_browser(self):
        self.start_tour("/odoo", "coop_intercoop_offer", login=self.manager_b.login)
        self.assertEqual(self.offer.coop_intercoop_accepted_by, self.manager_b)
