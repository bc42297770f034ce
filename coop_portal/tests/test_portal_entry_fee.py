from datetime import date
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CoopPortalCase


@tagged("post_install", "-at_install")
class TestPortalEntryFee(CoopPortalCase):
    """The entry fee from cashback on the page: an explicit yes from a confirmation page,
    the till's own action for the logged-in person, paid once, refused when short."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vera, cls.vera_user = cls._coop_portal_person("+7 900 100-00-03", "Вера Орлова")
        cls._coop_cashback(cls.vera, [(1600.0, date(2026, 1, 12))])

    def fee(self):
        today = fields.Date.context_today(self.vera)
        return self.env["coop.fee.version"]._coop_amount("entry_fee", today, self.company)

    def post_fee(self, confirm="yes", **data):
        csrf = self.csrf(self.page("/my/coop"))
        data = {"csrf_token": csrf, **data}
        if confirm:
            data["confirm"] = confirm
        return self.url_open("/my/coop/entry-fee", data=data, allow_redirects=False)

    def paid(self, person):
        fees = self.env["coop.contribution"].search(
            [("partner_id", "=", person.id), ("kind", "=", "entry_fee")]
        )
        moves = self.env["coop.cashback.move"].search(
            [("partner_id", "=", person.id), ("kind", "=", "entry_fee")]
        )
        return fees, moves

    def test_pay_the_fee_from_cashback(self):
        fee = self.fee()
        liability = self.company.coop_cashback_liability_account_id
        fee_account = self.company.coop_entry_fee_account_id
        self.assertEqual(self.cashback_owed(self.vera), 1600.0)
        self.login(self.vera_user)
        doc = self.page("/my/coop")
        self.assertEqual(
            doc.xpath("//*[@id='coop_step_entry_fee_action']/@href"), ["/my/coop/entry-fee"]
        )
        doc = self.page("/my/coop/entry-fee")
        self.assertIn(self.money(fee), self.text(doc, "coop_fee_amount"))
        self.assertIn(self.money(1600.0 - fee), self.text(doc, "coop_fee_left"))
        self.assertTrue(doc.xpath("//button[@name='confirm'][@value='yes']"))
        response = self.post_fee()
        self.assertEqual(response.status_code, 303, response.text[:500])
        self.assertIn("/my/coop?done=fee", response.headers["Location"])
        contribution, ledger = self.paid(self.vera)
        self.assertEqual(len(contribution), 1)
        self.assertEqual(
            (contribution.state, contribution.amount, contribution.debit_account_id),
            ("paid", fee, liability),
        )
        self.assertEqual((ledger.amount, ledger.account_move_id), (-fee, contribution.move_id))
        self.assertEqual(ledger.channel, "portal")  # paid on the person's page, not at a till
        self.vera.invalidate_recordset()
        self.assertEqual(self.vera.coop_state, "applicant")
        # the books: the liability to the person fell by the fee, the fee account holds it
        self.assertAlmostEqual(self.cashback_owed(self.vera), 1600.0 - fee)
        self.assertAlmostEqual(-self.balance(fee_account, self.vera), fee)
        self.assert_books_hold()
        doc = self.page("/my/coop?done=fee")
        self.assertIn("entry fee is paid", self.text(doc, "coop_done"))
        self.assertIn(self.money(1600.0 - fee), self.text(doc, "coop_cashback_available"))
        self.assertIn("Paid on", self.text(doc, "coop_step_entry_fee"))
        # the person then completes the application on the page: still an applicant
        self.assertTrue(doc.xpath("//*[@id='coop_step_council_action']"))
        data = {
            "full_name": "Орлова Вера Ивановна",
            "birthdate": "1990-02-01",
            "residence": "Иваново, ул. Ленина, 3",
            "declaration": "1",
            "csrf_token": self.csrf(self.page("/my/coop/apply")),
        }
        response = self.url_open("/my/coop/apply", data=data, allow_redirects=False)
        self.assertEqual(response.status_code, 303, response.text[:500])
        app = self.vera.coop_application_ids
        self.assertEqual((len(app), app.state), (1, "submitted"))
        self.vera.invalidate_recordset()
        self.assertEqual(self.vera.coop_state, "applicant")
        self.assertIn("Paid on", self.text(self.page("/my/coop"), "coop_step_entry_fee"))

    def test_a_double_click_pays_once(self):
        fee = self.fee()
        self.login(self.vera_user)
        first = self.post_fee()
        second = self.post_fee()
        self.assertEqual((first.status_code, second.status_code), (303, 303))
        contribution, ledger = self.paid(self.vera)
        self.assertEqual((len(contribution), len(ledger)), (1, 1))
        self.assertAlmostEqual(self.cashback_owed(self.vera), 1600.0 - fee)
        doc = self.page("/my/coop/entry-fee")
        self.assertIn("already paid", self.text(doc, "coop_fee_unavailable"))
        self.assertFalse(doc.xpath("//form[@id='coop_fee_form']"))
        self.assert_books_hold()

    def test_short_balance_is_refused(self):
        self.login(self.anna_user)
        doc = self.page("/my/coop")
        self.assertFalse(doc.xpath("//*[@id='coop_step_entry_fee_action']"))
        doc = self.page("/my/coop/entry-fee")
        self.assertIn("does not cover", self.text(doc, "coop_fee_unavailable"))
        response = self.post_fee()
        self.assertEqual(response.status_code, 409)
        self.assertIn("does not cover", self.text(self.page_of(response), "coop_fee_error"))
        self.assertEqual(
            self.paid(self.anna),
            (self.env["coop.contribution"],) * 1 + (self.env["coop.cashback.move"],),
        )
        self.assertEqual(self.anna.coop_state, "shopper")
        self.assertEqual(self.cashback_owed(self.anna), 200.5)

    def test_no_yes_pays_nothing(self):
        self.login(self.vera_user)
        response = self.post_fee(confirm=None)
        self.assertEqual(response.status_code, 400)
        self.assertIn("Say yes", self.text(self.page_of(response), "coop_fee_error"))
        self.assertFalse(self.paid(self.vera)[0])

    def test_nobody_pays_for_someone_else(self):
        # Boris is short; an id in the form is not read: Vera's cashback stays hers
        self.login(self.boris_user)
        response = self.post_fee(partner_id=str(self.vera.id))
        self.assertEqual(response.status_code, 409)
        self.assertFalse(self.paid(self.vera)[0])
        self.assertFalse(self.paid(self.boris)[0])

    def test_logged_out_or_without_csrf(self):
        response = self.url_open("/my/coop/entry-fee", allow_redirects=False)
        self.assertIn("/web/login", response.headers["Location"])
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/my/coop/entry-fee", data={"confirm": "yes"}, allow_redirects=False
            )
        self.assertIn(response.status_code, (303, 400))
        self.login(self.vera_user)
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/my/coop/entry-fee", data={"confirm": "yes"}, allow_redirects=False
            )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.paid(self.vera)[0])
        self.assertEqual(self.cashback_owed(self.vera), 1600.0)

    # ------------------------------------------------------------------ who pays (issue 16)

    def test_the_ledger_and_chatter_name_the_person(self):
        self.login(self.vera_user)
        self.assertEqual(self.post_fee().status_code, 303)
        _contribution, ledger = self.paid(self.vera)
        self.assertEqual(ledger.user_id, self.vera_user)  # not the system
        event = self.vera.coop_state_event_ids.filtered(lambda e: e.to_state == "applicant")
        self.assertEqual(event.user_id, self.vera_user)
        note = self.vera.message_ids.filtered(lambda m: "paid from cashback" in (m.body or ""))
        self.assertEqual(note[:1].author_id, self.vera)

    def test_no_rpc_route_pays_another_persons_fee(self):
        People = self.env(user=self.anna_user)["res.partner"].with_company(self.company)
        vera = People.browse(self.vera.id)
        for call in (
            lambda: vera.coop_pay_entry_fee_from_cashback(confirmed=True, channel="portal"),
            lambda: vera.coop_pay_entry_fee_from_cashback(confirmed=True),
        ):
            with self.assertRaisesRegex(AccessError, "own page only|Cashier group"):
                call()
        # even as the system, a "portal" payment is the caller's own person's only
        with self.assertRaisesRegex(AccessError, "own page only"):
            vera.sudo().coop_pay_entry_fee_from_cashback(confirmed=True, channel="portal")
        # the person themselves over RPC, without the page's checks: refused as well
        own = self.env(user=self.vera_user)["res.partner"].browse(self.vera.id)
        with self.assertRaises(AccessError):
            own.coop_pay_entry_fee_from_cashback(confirmed=True, channel="portal")
        self.assertFalse(self.paid(self.vera)[0])
        self.assertEqual(self.cashback_owed(self.vera), 1600.0)

    # ------------------------------------------------------------------ the balance moved

    def test_spent_at_the_till_meanwhile_is_told(self):
        self.login(self.vera_user)
        csrf = self.csrf(self.page("/my/coop/entry-fee"))
        People = type(self.env["res.partner"])
        # the till spends the cashback between the page's offer and the payment's lock
        with patch.object(People, "_coop_cashback_lock_and_available", return_value=10.0):
            response = self.url_open(
                "/my/coop/entry-fee",
                data={"csrf_token": csrf, "confirm": "yes"},
                allow_redirects=False,
            )
        self.assertEqual(response.status_code, 409, response.text[:500])
        self.assertIn(
            "changed since this page", self.text(self.page_of(response), "coop_fee_error")
        )
        self.assertFalse(self.paid(self.vera)[0])
        self.assertEqual(self.cashback_owed(self.vera), 1600.0)
        self.assertEqual(self.vera.coop_state, "shopper")

    def test_a_frozen_account_is_not_offered_the_fee(self):
        self.vera.write({"coop_frozen": True})  # as the registration of a death leaves it
        self.login(self.vera_user)
        self.assertFalse(self.page("/my/coop").xpath("//*[@id='coop_step_entry_fee_action']"))
        doc = self.page("/my/coop/entry-fee")
        self.assertIn("frozen", self.text(doc, "coop_fee_unavailable"))
        self.assertFalse(doc.xpath("//form[@id='coop_fee_form']"))
        response = self.post_fee()
        self.assertEqual(response.status_code, 409, response.text[:500])
        self.assertIn("frozen", self.text(self.page_of(response), "coop_fee_error"))
        self.assertFalse(self.paid(self.vera)[0])
        self.assertEqual(self.cashback_owed(self.vera), 1600.0)
