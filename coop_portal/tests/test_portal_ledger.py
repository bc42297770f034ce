from datetime import date, timedelta

from odoo.tests import tagged

from .common import CoopPortalCase


@tagged("post_install", "-at_install")
class TestPortalLedger(CoopPortalCase):
    """/my/coop/ledger: the person's entries newest first, 50 a page, by period, each with
    its source."""

    def lines(self, doc):
        return doc.xpath("//tr[hasclass('o_coop_ledger_line')]")

    def test_pages_of_fifty_newest_first(self):
        start = date(2025, 1, 1)
        self._coop_cashback(self.anna, [(1.0 + i, start + timedelta(days=i)) for i in range(53)])
        ledger = self.env["coop.cashback.move"].search([("partner_id", "=", self.anna.id)])
        self.assertEqual(len(ledger), 55)
        self.login(self.anna_user)
        first = self.page("/my/coop/ledger")
        ids = [int(line.get("data-id")) for line in self.lines(first)]
        self.assertEqual(ids, ledger[:50].ids)  # the ledger's order: date desc, id desc
        self.assertTrue(first.xpath("//a[@href='/my/coop/ledger/page/2']"))
        second = self.page("/my/coop/ledger/page/2")
        self.assertEqual([int(x.get("data-id")) for x in self.lines(second)], ledger[50:].ids)
        self.assertIn(self.money(1.0), self.lines(second)[-1].text_content())

    def test_period_filter(self):
        self.login(self.anna_user)
        doc = self.page("/my/coop/ledger?date_from=2026-02-01&date_to=2026-02-28")
        lines = self.lines(doc)
        self.assertEqual(len(lines), 1)
        self.assertIn(self.money(80.5), lines[0].text_content())
        self.assertNotIn(self.money(120.0), doc.text_content())
        doc = self.page("/my/coop/ledger?date_to=2025-12-31")
        self.assertFalse(self.lines(doc))
        self.assertIn("No cashback entries", self.text(doc, "coop_ledger_empty"))

    def test_bad_dates_are_explained(self):
        self.login(self.anna_user)
        doc = self.page("/my/coop/ledger?date_from=31.01.2026", status=400)
        errors = " ".join(
            e.text_content() for e in doc.xpath("//*[hasclass('o_coop_ledger_error')]")
        )
        self.assertIn("From: “31.01.2026” is not a date", errors)
        self.assertIn("2026-03-01", errors)  # says how to write it
        self.assertFalse(self.lines(doc))
        doc = self.page("/my/coop/ledger?date_from=2026-03-01&date_to=2026-02-01", status=400)
        self.assertIn("swap the two dates", doc.text_content())
        self.page("/my/coop/ledger?date_to=2026-02-30", status=400)

    def test_each_entry_says_where_it_comes_from(self):
        self.env["coop.cashback.check"].with_user(self.manager).with_company(
            self.company
        ).coop_adjust(self.anna.id, 15.0, "Receipt 42 was not scanned")
        self.login(self.anna_user)
        doc = self.page("/my/coop/ledger")
        sources = [
            " ".join(s.text_content().split())
            for s in doc.xpath("//*[hasclass('o_coop_ledger_source')]")
        ]
        self.assertIn("Adjustment: Receipt 42 was not scanned", sources)
        self.assertIn(self.money(15.0), self.lines(doc)[0].text_content())
        self.assertEqual(self.cashback_owed(self.anna), 215.5)
        self.assert_books_hold()

    def test_entry_fee_from_cashback_is_named(self):
        fee = self.env["coop.fee.version"]._coop_amount("entry_fee", company=self.company)
        self._coop_cashback(self.anna, [(fee, date(2026, 3, 1))])
        self.anna.with_user(self.cashier).with_company(
            self.company
        ).coop_pay_entry_fee_from_cashback(confirmed=True)
        self.login(self.anna_user)
        doc = self.page("/my/coop/ledger")
        # Odoo writes a negative amount with a zero-width no-break space after the minus
        first = " ".join(self.lines(doc)[0].text_content().replace("\ufeff", "").split())
        self.assertIn("Entry fee paid from cashback", first)
        self.assertIn(self.money(-fee), first)
        self.assertEqual(self.cashback_owed(self.anna), 200.5)
        self.assert_books_hold()

    def test_partner_business_and_expiry_are_named(self):
        # as coop_partner_sync and the expiry record them: the business's name, the reason
        self.Move._coop_record(
            self.anna, "accrual", 12.3, "test:partner", channel="partner", reason="Сантехника"
        )
        self.Move._coop_record(
            self.anna, "expiry", -5.0, "test:expiry", reason="Cashback of 01/10/2025 expired"
        )
        self.login(self.anna_user)
        doc = self.page(f"/my/coop/ledger?date_from={date.today().isoformat()}")
        sources = [
            " ".join(s.text_content().split())
            for s in doc.xpath("//*[hasclass('o_coop_ledger_source')]")
        ]
        self.assertEqual(
            sorted(sources), ["Cashback of 01/10/2025 expired", "Partner business: Сантехника"]
        )

    def test_an_entry_from_a_till_names_the_store_and_receipt(self):
        orders = self.env["pos.order"].search([], limit=2)
        self.assertEqual(len(orders), 2, "the demo till's orders")
        for n, order in enumerate(orders):
            self.Move._coop_record(
                self.anna, "adjustment", 1.0 + n, f"test:source:{order.id}",
                source_ref=f"pos.order,{order.id}", date=date(2026, 3, 1 + n),
                reason="from a till",
            )  # fmt: skip
        self.login(self.anna_user)
        doc = self.page("/my/coop/ledger?date_from=2026-03-01&date_to=2026-03-31")
        sources = [
            x.text_content().strip() for x in doc.xpath("//*[hasclass('o_coop_ledger_source')]")
        ]
        expected = [
            f"{order.config_id.name}, receipt {order.pos_reference or order.name}"
            for order in reversed(orders)  # the ledger's order: newest first
        ]
        self.assertEqual(sources, expected)
