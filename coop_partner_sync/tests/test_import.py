from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import PartnerSyncCase


@tagged("post_install", "-at_install")
@freeze_time("2026-11-23 12:00:00")
class TestPartnerImport(PartnerSyncCase):
    def setUp(self):
        super().setUp()
        self.person, _r = self.register("+7 900 111-22-33", name="Анна Смирнова")

    def test_sale_earns_cashback_once_and_the_books_agree(self):
        answers = self.send(
            [
                self.sale("S1", "8 900 111 22 33", "1000.00"),
                self.sale("S2", "9001112233", 250, date="2026-11-21T10:30:00"),
            ]
        )
        self.assertEqual([a["status"] for a in answers], ["created", "created"])
        self.assertEqual([a["cashback"] for a in answers], [50.0, 12.5])
        self.assertEqual(self.txn("S1").partner_id, self.person)
        self.assertEqual(self.txn("S1").commission, 20.0)
        moves = self.txn("S1").cashback_move_ids | self.txn("S2").cashback_move_ids
        self.assertEqual(set(moves.mapped("channel")), {"partner"})
        self.assertEqual(self.person.coop_cashback_balance, 62.5)

        again = self.send([self.sale("S1", "+79001112233", 1000)])
        self.assertEqual(again[0]["status"], "duplicate")
        self.assertEqual(again[0]["id"], self.txn("S1").id)
        self.person.invalidate_recordset()
        self.assertEqual(self.person.coop_cashback_balance, 62.5)

        entries = self.company._coop_post_partner_cashback()
        self.assertEqual(len(entries), 1, "one journal entry for the batch, not one per row")
        company = self.company.with_company(self.company)
        liability = company.coop_cashback_liability_account_id
        settlements = company.coop_partner_settlement_account_id
        self.assertEqual(self.balance(liability, self.person), -62.5)
        self.assertEqual(self.balance(settlements, self.business), 62.5)
        check = self.env["coop.cashback.check"].coop_check(self.company.id)
        self.assertEqual(check["differences"], [])
        self.assertEqual(check["not_booked_yet"], 0.0)

    def test_same_external_id_with_other_data_is_a_conflict(self):
        self.send([self.sale("S1", "89001112233", 1000)])
        [answer] = self.send([self.sale("S1", "89001112233", 999)])
        self.assertEqual(answer["status"], "rejected")
        self.assertTrue(answer["error"].startswith("external_id: "), answer["error"])
        self.assertIn("amount", answer["error"])
        self.assertEqual(self.txn("S1").amount, 1000)

    def test_same_external_id_twice_in_one_call(self):
        answers = self.send(
            [self.sale("S1", "89001112233", 100), self.sale("S1", "89001112233", 100),
             self.sale("S1", "89001112233", 101)]
        )  # fmt: skip
        self.assertEqual([a["status"] for a in answers], ["created", "duplicate", "rejected"])
        self.assertEqual(answers[1]["id"], answers[0]["id"])
        self.assertEqual(len(self.txn("S1")), 1)

    def test_unmatched_until_the_person_registers(self):
        [answer] = self.send([self.sale("U1", "+7 900 555-66-77", "400")])
        self.assertEqual(answer["status"], "unmatched")
        self.assertEqual(answer["cashback"], 0.0)
        self.assertEqual(self.txn("U1").state, "unmatched")
        late, _r = self.register("89005556677")
        txn = self.txn("U1")
        self.assertEqual(txn.state, "matched")
        self.assertEqual(txn.partner_id, late)
        self.assertEqual(txn.cashback, 20.0)
        self.assertEqual(late.coop_cashback_balance, 20.0)
        [again] = self.send([self.sale("U1", "89005556677", 400)])
        self.assertEqual(again["status"], "duplicate")

    def test_refund_takes_back_in_proportion_never_more_than_earned(self):
        self.send([self.sale("S1", "89001112233", 1000)])
        answers = self.send(
            [
                self.sale("R1", "89001112233", 400, kind="refund", refund_of="S1"),
                self.sale("R2", "89001112233", 600, kind="refund", refund_of="S1"),
                self.sale("R3", "89001112233", 1, kind="refund", refund_of="S1"),
            ]
        )
        self.assertEqual([a["status"] for a in answers], ["created", "created", "rejected"])
        self.assertEqual([a["cashback"] for a in answers[:2]], [-20.0, -30.0])
        self.assertTrue(answers[2]["error"].startswith("amount: "))
        self.assertEqual(self.txn("R1").refund_of_id, self.txn("S1"))
        self.assertEqual(self.person.coop_cashback_balance, 0.0)

    def test_refund_never_takes_back_what_was_spent(self):
        self.send([self.sale("S1", "89001112233", 1000)])
        self.env["coop.cashback.move"]._coop_record(
            self.person, "spend", -45.0, "test:spend", company=self.company
        )
        [answer] = self.send([self.sale("R1", "89001112233", 1000, kind="refund", refund_of="S1")])
        self.assertEqual(answer["cashback"], -5.0)
        self.person.invalidate_recordset()
        self.assertEqual(self.person.coop_cashback_balance, 0.0)

    def test_refund_of_an_unmatched_sale_is_matched_after_it(self):
        answers = self.send(
            [
                self.sale("S1", "89007778899", 1000),
                self.sale("R1", "89007778899", 500, kind="refund", refund_of="S1"),
            ]
        )
        self.assertEqual([a["status"] for a in answers], ["unmatched", "unmatched"])
        late, _r = self.register("+7 900 777-88-99")
        self.assertEqual(self.txn("S1").cashback, 50.0)
        self.assertEqual(self.txn("R1").cashback, -25.0)
        self.assertEqual(late.coop_cashback_balance, 25.0)

    def test_refund_checks(self):
        self.send([self.sale("S1", "89001112233", 100)])
        other, _r = self.register("89004445566")
        answers = self.send(
            [
                self.sale("R1", "89001112233", 10, kind="refund", refund_of="NOPE"),
                self.sale("R2", "89004445566", 10, kind="refund", refund_of="S1"),
                self.sale("R3", "89001112233", 10, kind="refund"),
                self.sale("S2", "89001112233", 10, refund_of="S1"),
            ]
        )
        self.assertEqual(
            [a["error"].split(":")[0] for a in answers],
            ["refund_of", "member_ref", "refund_of", "refund_of"],
        )
        self.assertTrue(other)

    def test_dry_run_stores_nothing(self):
        rows = [self.sale("D1", "89001112233", 100), self.sale("D2", "89001112233", -1)]
        answers = self.send(rows, dry_run=True)
        self.assertEqual([a["status"] for a in answers], ["created", "rejected"])
        self.assertEqual(answers[0]["cashback"], 5.0)
        self.assertFalse(answers[0]["id"])
        self.assertFalse(self.txn("D1"))
        self.assertFalse(self.env["coop.partner.rejection"].search([("external_id", "=", "D2")]))
        self.assertEqual(self.person.coop_cashback_balance, 0.0)

    def test_member_number_and_card_barcode_find_the_person(self):
        member = self.make_member("+7 900 222-33-44")
        member.sudo().with_company(self.company).barcode = "2000000000015"
        answers = self.send(
            [
                self.sale("M1", member.coop_member_number, 100),
                self.sale("M2", "2000000000015", 100),
            ]
        )
        self.assertEqual([a["status"] for a in answers], ["created", "created"])
        self.assertEqual((self.txn("M1") | self.txn("M2")).partner_id, member)

    def test_rules_mode_uses_the_rules_for_partner_businesses(self):
        self.env["coop.cashback.rule"].create(
            [
                {"name": "Shop 1 %", "channel": "pos", "percent": 1.0,
                 "company_id": self.company.id},
                {"name": "Partners 3 %", "channel": "partner", "percent": 3.0,
                 "company_id": self.company.id},
            ]
        )  # fmt: skip
        self.agreement.sudo().cashback_mode = "rules"
        [answer] = self.send([self.sale("S1", "89001112233", "1000")])
        self.assertEqual(answer["cashback"], 30.0)

    def test_dates_outside_the_agreement_are_rejected(self):
        self.agreement.sudo().date_from = "2026-11-01"
        answers = self.send(
            [self.sale("S1", "89001112233", 10, date="2026-10-31"),
             self.sale("S2", "89001112233", 10, date="2026-11-25")]
        )  # fmt: skip
        self.assertEqual([a["error"].split(":")[0] for a in answers], ["date", "date"])
        self.assertIn("future", answers[1]["error"])

    def test_bad_rows_name_the_field(self):
        cases = {
            "external_id": {"member_ref": "1", "amount": 1, "date": "2026-11-20"},
            "member_ref": {"external_id": "x1", "member_ref": "", "amount": 1,
                           "date": "2026-11-20"},
            "amount": {"external_id": "x2", "member_ref": "1", "amount": "10.001",
                       "date": "2026-11-20"},
            "date": {"external_id": "x3", "member_ref": "1", "amount": 1, "date": "2026-02-30"},
            "kind": {"external_id": "x4", "member_ref": "1", "amount": 1, "date": "2026-11-20",
                     "kind": "gift"},
            "currency": {"external_id": "x5", "member_ref": "1", "amount": 1,
                         "date": "2026-11-20", "currency": "EUR"},
            "shop": {"external_id": "x6", "member_ref": "1", "amount": 1, "date": "2026-11-20",
                     "shop": "main"},
        }  # fmt: skip
        answers = self.send(list(cases.values()))
        for field, answer in zip(cases, answers, strict=True):
            self.assertEqual(answer["status"], "rejected")
            self.assertEqual(answer["error"].split(":")[0], field, answer["error"])

    def test_the_call_is_refused_on_a_bad_payload(self):
        with self.assertRaisesRegex(ValidationError, "list of dicts"):
            self.send({"external_id": "x"})
        with self.assertRaisesRegex(ValidationError, r"rows\[1\]"):
            self.send([self.sale("S1", "89001112233", 1), "S2"])
        with self.assertRaisesRegex(ValidationError, "10,000"):
            self.send([{}] * 10_001)
        self.assertFalse(self.txn("S1"))

    def test_only_a_business_api_user_imports_and_sees_its_own(self):
        with self.assertRaises(AccessError):
            self.send([self.sale("S1", "89001112233", 1)], user=self.manager)
        other_business = self._coop_business("ИП Кузнецов")
        other, other_user = self._coop_agreement(other_business, "other-api")
        self.send([self.sale("O1", "89001112233", 10)], user=other_user)
        self.send([self.sale("S1", "89001112233", 10)])
        Txn = self.env["coop.partner.transaction"].with_user(self.api_user)
        self.assertEqual(Txn.search([]).mapped("external_id"), ["S1"])
        with self.assertRaises(AccessError):
            Txn.browse(self.txn("O1", other).id).read(["external_id"])
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.api_user).search_read([], ["name"])
        with self.assertRaises(AccessError):
            self.env["coop.cashback.move"].with_user(self.api_user).search([])
        with self.assertRaises(AccessError):
            Txn.browse(self.txn("S1").id).read(["partner_id"])

    def test_the_import_applies_the_rules_exactly_as_the_rule_engine(self):
        Rule = self.env["coop.cashback.rule"]
        company = self.company.id
        Rule.create(
            [
                {"name": "Everyone 1 %", "percent": 1.0, "company_id": company},
                {"name": "Partners, members 4 %", "channel": "partner", "coop_state": "member",
                 "percent": 4.0, "company_id": company},
                {"name": "Partners 2 % from 500, cap 15", "channel": "partner", "percent": 2.0,
                 "min_amount": 500, "max_amount": 15, "company_id": company},
                {"name": "Partners 50 flat from 5000", "channel": "partner",
                 "amount_type": "fixed", "fixed_amount": 50, "min_amount": 5000,
                 "sequence": 5, "company_id": company},
                {"name": "Old partners 9 %", "channel": "partner", "percent": 9.0,
                 "date_to": "2026-01-31", "company_id": company},
                {"name": "Shop 7 %", "channel": "pos", "percent": 7.0, "company_id": company},
            ]
        )  # fmt: skip
        self.agreement.sudo().cashback_mode = "rules"
        member = self.make_member("+7 900 222-33-44")
        rules = self.agreement._coop_partner_rules()
        for person in (self.person, member):
            for day in ("2026-01-15", "2026-11-20"):
                for amount in (10.0, 499.99, 500.0, 749.99, 750.0, 4999.99, 5000.0, 123456.78):
                    expected = Rule._coop_compute(
                        person,
                        [(self.env["product.product"], amount)],
                        "partner",
                        date=fields.Date.to_date(day),
                        company=self.company,
                    )["total"]
                    got = self.agreement._coop_cashback_for(
                        person, amount, fields.Date.to_date(day), rules
                    )
                    self.assertEqual(got, expected, (person.coop_state, day, amount))
