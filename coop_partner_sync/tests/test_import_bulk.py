from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.coop_partner_sync.models.coop_partner_transaction import _ru_phones

from .common import PartnerSyncCase


@tagged("post_install", "-at_install")
@freeze_time("2026-11-23 12:00:00")
class TestPartnerImportBulk(PartnerSyncCase):
    """The import's per-call shortcuts (phones read without phone_validation when a person
    has them, the ledger's bulk path) answer and book exactly as the row-by-row way."""

    def setUp(self):
        super().setUp()
        self.person, _r = self.register("+7 900 111-22-33", name="Анна Смирнова")
        self.Move = self.env["coop.cashback.move"].with_user(self.api_user)

    def test_phone_forms_read_as_phone_validation_reads_them(self):
        refs = ["+7 900 111-22-33", "89001112233", "9001112233", "+7 (900) 111 22 33",
                "8-900-111-22-33", " 9001112233 ", "+7 495 123-45-67", "8001234567",
                "+79001112233", "79001112233", "+7 8 900 111 22 33", "12345",
                "9001112233x"]  # fmt: skip
        guesses = _ru_phones(refs)
        Partner = self.env["res.partner"]
        for ref in refs:
            read = Partner._coop_normalize_phone(ref, self.company, raise_exception=False)
            if ref in guesses:
                self.assertEqual(guesses[ref], read, f"{ref!r} read as {guesses[ref]}")
        self.assertNotIn("79001112233", guesses, "no prefix 7 without +: phone_validation's")
        self.assertNotIn("12345", guesses)

    def test_every_form_matches_and_books_once(self):
        rows = [
            self.sale("S1", "+7 900 111-22-33", 100),
            self.sale("S2", "89001112233", 100),
            self.sale("S3", "9001112233", 100),
            self.sale("S4", "79001112233", 100),  # phone_validation's way only
            self.sale("U1", "+7 901 000-00-01", 100),
            self.sale("R1", "8 900 111 22 33", 40, kind="refund", refund_of="S1"),
        ]
        answers = self.send(rows)
        self.assertEqual([a["status"] for a in answers], ["created"] * 4 + ["unmatched", "created"])
        self.assertEqual([a["cashback"] for a in answers], [5.0] * 4 + [0.0, -2.0])
        self.assertEqual(self.txn("U1").member_ref_key, "+79010000001")
        moves = self.env["coop.cashback.move"].search([("partner_id", "=", self.person.id)])
        self.assertEqual(sorted(moves.mapped("amount")), [-2.0, 5.0, 5.0, 5.0, 5.0])
        self.assertEqual(
            set(moves.mapped("source_key")),
            {f"coop.partner.transaction:{self.txn(x).id}" for x in ("S1", "S2", "S3", "S4", "R1")},
        )
        accruals = moves.filtered(lambda m: m.kind == "accrual")
        hold = self.company.coop_cashback_hold_days
        self.assertEqual({(m.available_date - m.date).days for m in accruals}, {hold})
        self.assertFalse(moves.filtered(lambda m: m.kind == "reversal").available_date)
        self.assertEqual(set(moves.mapped("coop_state")), {self.person.coop_state})
        self.assertEqual(set(moves.mapped("user_id")), {self.api_user})

        again = self.send(rows)
        self.assertEqual({a["status"] for a in again}, {"duplicate"})
        self.assertEqual(self.env["coop.cashback.move"].search_count(
            [("partner_id", "=", self.person.id)]), 5)  # fmt: skip

        self.company._coop_post_partner_cashback()
        company = self.company.with_company(self.company)
        liability = company.coop_cashback_liability_account_id
        self.assertEqual(self.balance(liability, self.person), -18.0)
        check = self.env["coop.cashback.check"].coop_check(self.company.id)
        self.assertEqual(check["differences"], [])

    def test_ledger_bulk_path_once_per_source_and_signs(self):
        entry = {"partner_id": self.person.id, "kind": "accrual", "amount": 10.004,
                 "source_key": "test:bulk:1", "channel": "partner"}  # fmt: skip
        zero = {**entry, "amount": 0.001, "source_key": "test:bulk:2"}
        [first] = self.Move._coop_record_many(self.company, [entry, zero])
        self.assertEqual(self.Move._coop_record_many(self.company, [entry]), [])
        move = self.env["coop.cashback.move"].browse(first)
        self.assertEqual(move.amount, 10.0)
        self.assertEqual(
            (move.available_date - move.date).days, self.company.coop_cashback_hold_days
        )
        refused = (("accrual", -5.0), ("spend", -5.0), ("entry_fee", -5.0), ("expiry", -5.0),
                   ("adjustment", 5.0), ("typo", 5.0))  # fmt: skip
        for kind, amount in refused:
            with self.assertRaises(ValidationError, msg=f"{kind} {amount}"):
                self.Move._coop_record_many(
                    self.company, [{**entry, "kind": kind, "amount": amount, "source_key": kind}]
                )
        # the hold cannot be overridden by the caller; every row the same fields; own people
        early = {**entry, "source_key": "test:bulk:3", "available_date": move.date}
        [held] = self.Move._coop_record_many(self.company, [early])
        self.assertEqual(self.env["coop.cashback.move"].browse(held).available_date,
                         move.available_date)  # fmt: skip
        with self.assertRaises(ValidationError):
            self.Move._coop_record_many(
                self.company, [{**entry, "source_key": "k4"}, {**entry, "source_key": "k5",
                                                                "source_ref": "res.partner,1"}]
            )  # fmt: skip
        other = self.env["res.company"].create({"name": "ПО «Чужое»"})
        with self.assertRaisesRegex(ValidationError, "not its people"):
            self.Move._coop_record_many(other, [{**entry, "source_key": "k6"}])
        self.person.invalidate_recordset()
        self.assertEqual(self.person.coop_cashback_balance, 20.0)

    def test_refunds_of_many_people_cost_no_query_each(self):
        """A call's refunds lock and read their people's cashback together: a call refunding
        six people's sales runs no more queries than one refunding two, and takes back the
        same as one refund at a time would (the sale's share, the person's row locked)."""
        phones = [f"+7 900 333-00-{n:02d}" for n in range(8)]
        people = [self.register(phone, name=f"Покупатель {n}")[0] for n, phone in enumerate(phones)]
        self.send([self.sale(f"S{n}", phone, 100) for n, phone in enumerate(phones)])

        def refund(numbers, tag):
            rows = [self.sale(f"R{tag}{n}", phones[n], 40, kind="refund", refund_of=f"S{n}")
                    for n in numbers]  # fmt: skip
            before = self.env.cr.sql_log_count
            answers = self.send(rows)
            return self.env.cr.sql_log_count - before, answers

        few, answers = refund([0, 1], "a")
        self.assertEqual([a["cashback"] for a in answers], [-2.0, -2.0])
        many, answers = refund([2, 3, 4, 5, 6, 7], "b")
        self.assertEqual([a["cashback"] for a in answers], [-2.0] * 6)
        self.assertLessEqual(many, few, "queries of a call refunding 6 people vs 2")

        # a sale and its refund in the same call: the refund's own person, locked with the rest
        def sale_and_refund(numbers, tag):
            rows = [self.sale(f"S{tag}{n}", phones[n], 100) for n in numbers]
            rows += [self.sale(f"R{tag}{n}", phones[n], 40, kind="refund", refund_of=f"S{tag}{n}")
                     for n in numbers]  # fmt: skip
            before = self.env.cr.sql_log_count
            answers = self.send(rows)
            self.assertEqual([a["cashback"] for a in answers[len(numbers) :]],
                             [-2.0] * len(numbers))  # fmt: skip
            return self.env.cr.sql_log_count - before

        few = sale_and_refund([0, 1], "c")
        self.assertLessEqual(sale_and_refund([2, 3, 4, 5, 6, 7], "d"), few)
        for person in people:
            person.invalidate_recordset()
            self.assertEqual(person.coop_cashback_lifetime - person.coop_cashback_balance
                             - person.coop_cashback_pending, 4.0, person.name)  # fmt: skip
