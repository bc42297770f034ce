from datetime import date

from odoo.tests import tagged

from .common import CoopPortalCase


@tagged("post_install", "-at_install")
class TestPortalPage(CoopPortalCase):
    """/my/coop: the person's status, what is left to become a member, cashback, fees and
    shares, as the figures in the books say."""

    def test_shopper_sees_cashback_and_what_is_left(self):
        self.login(self.anna_user)
        home = self.page("/my/home")
        self.assertTrue(home.xpath("//a[@href='/my/coop']"), "no card to the page on /my")
        doc = self.page("/my/coop")
        self.assertIn("Shopper", self.text(doc, "coop_state"))
        owed = self.cashback_owed(self.anna)
        on_hold = self.cashback_on_hold(self.anna)
        self.assertEqual(owed, 200.5)  # both accruals are in the books
        self.assertIn(self.money(owed - on_hold), self.text(doc, "coop_cashback_available"))
        self.assertIn(self.money(on_hold), self.text(doc, "coop_cashback_pending"))
        earned = self.cashback_earned(self.anna)  # accruals (none: adjustments only)
        self.assertIn(self.money(earned), self.text(doc, "coop_cashback_lifetime"))
        # the steps, with the amounts the general meeting set for today
        Version = self.env["coop.fee.version"]
        fee = Version._coop_amount("entry_fee", company=self.company)
        share = Version._coop_amount("mandatory_share", company=self.company)
        self.assertIn(self.money(fee), self.text(doc, "coop_step_entry_fee"))
        self.assertIn(self.money(share), self.text(doc, "coop_step_mandatory_share"))
        self.assertIn("at the desk", self.text(doc, "coop_step_council"))
        self.assertFalse(doc.xpath("//*[@id='coop_member_number']"))
        self.assert_books_hold()

    def test_cashback_on_hold_shows_when_it_becomes_available(self):
        today = date.today()
        self._coop_cashback(self.anna, [(33.0, today)], kind="accrual")
        self.login(self.anna_user)
        doc = self.page("/my/coop")
        self.assertEqual(self.cashback_on_hold(self.anna), 33.0)
        self.assertIn(self.money(33.0), self.text(doc, "coop_cashback_pending"))
        self.assertIn(self.money(33.0), self.text(doc, "coop_cashback_on_hold"))
        self.assertIn(self.money(200.5), self.text(doc, "coop_cashback_available"))
        self.assertIn(self.money(33.0), self.text(doc, "coop_cashback_lifetime"))

    def test_member_sees_number_contributions_and_share_capital(self):
        member = self.make_member("+7 900 100-00-09")
        user = self._coop_portal_user(member)
        self.login(user)
        doc = self.page("/my/coop")
        self.assertIn("Member", self.text(doc, "coop_state"))
        self.assertEqual(self.text(doc, "coop_member_number"), member.coop_member_number)
        self.assertFalse(doc.xpath("//*[@id='coop_steps']"), "a member has nothing left to do")
        fund = self.company.coop_share_fund_account_id
        capital = -self.balance(fund, member)
        self.assertEqual(capital, 500)
        self.assertIn(self.money(capital), self.text(doc, "coop_share_capital"))
        rows = [
            " ".join(r.text_content().split())
            for r in doc.xpath("//tr[hasclass('o_coop_contribution')]")
        ]
        self.assertEqual(len(rows), 2)
        self.assertIn("Mandatory share", rows[0])
        self.assertIn(self.money(500), rows[0])
        self.assertIn("Entry fee", rows[1])
        self.assertIn(self.money(1000), rows[1])

    def test_admitted_sees_the_decision_and_the_share_left(self):
        person, _result = self.register("+7 900 100-00-08")
        self.admit(self.apply(person))
        self.contribute(person, "entry_fee", 1000, date(2026, 3, 25))
        self.login(self._coop_portal_user(person))
        doc = self.page("/my/coop")
        self.assertIn("Admitted", self.text(doc, "coop_state"))
        self.assertIn("Admitted on", self.text(doc, "coop_step_council"))
        self.assertIn("Paid on", self.text(doc, "coop_step_entry_fee"))
        self.assertIn(self.money(1000), self.text(doc, "coop_step_entry_fee"))
        self.assertIn(self.money(500), self.text(doc, "coop_step_mandatory_share"))
        self.assertIn("starts once it is paid", self.text(doc, "coop_step_mandatory_share"))
        self.assertTrue(
            doc.xpath("//*[@id='coop_step_mandatory_share']//i[hasclass('fa-circle-o')]")
        )

    def test_a_user_not_registered_is_told_so(self):
        user = self._coop_portal_user(self.env["res.partner"].create({"name": "Гость"}))
        self.login(user)
        doc = self.page("/my/coop")
        self.assertIn("not registered", self.text(doc, "coop_unregistered"))
        self.page("/my/coop/ledger", status=404)
        self.page("/my/coop/statement", status=404)

    def test_what_expires_next(self):
        self.company.coop_cashback_expiry_days = 365
        # each credit keeps the expiry it was given when earned: as if under a year's expiry
        self.env.cr.execute(
            "UPDATE coop_cashback_move SET expiry_date = date + 365 "
            "WHERE company_id = %s AND amount > 0",
            [self.company.id],
        )
        self.env.invalidate_all()
        Check = self.env["coop.cashback.check"].with_user(self.manager).with_company(self.company)
        Check.coop_adjust(self.anna.id, -50.0, "Taken back: receipt 9 returned")
        self.login(self.anna_user)
        doc = self.page("/my/coop")
        # the oldest credit (120.00 of 2026-01-10) less the 50.00 used, a year after it
        text = self.text(doc, "coop_cashback_next_expiry")
        self.assertIn(self.money(70.0), text)
        self.assertIn("01/10/2027", text)
        self.assertIn(
            self.money(self.cashback_owed(self.anna)), self.text(doc, "coop_cashback_available")
        )
        self.company.coop_cashback_expiry_days = 0  # new cashback only: the promise stays
        doc = self.page("/my/coop")
        self.assertIn("01/10/2027", self.text(doc, "coop_cashback_next_expiry"))
        self.assert_books_hold()
