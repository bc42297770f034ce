import tomllib

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TurnkeyCase, example
from .test_turnkey_unlisted import UNCHANGED, without

ENTRY_FEE = ("[[fees]]", 'kind = "entry_fee"')


def with_fee(text, kind, amount, date_from):
    """``text`` with one more fee version (before the [cashback] table)."""
    block = (
        f'[[fees]]\nkind = "{kind}"\namount = {amount}\ndate_from = {date_from}\n'
        'meeting_ref = "Общее собрание, протокол № 2"\n\n'
    )
    assert "\n[cashback]\n" in text
    return text.replace("\n[cashback]\n", f"\n{block}[cashback]\n", 1)


@tagged("post_install", "-at_install")
class TestTurnkeyUnlistedFees(TurnkeyCase):
    """A fee version the file made and no longer lists: archived when it never came into
    force; kept as it is (what was charged under it was its amount) when it was, and ended
    only when another amount takes over from the next day; else the file is refused and the
    amount in force stays defined."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.apply_example()
        cls.entry_fee = cls.env.ref("coop_turnkey_data.tk-test_fee_entry_fee_20250101")

    def setUp(self):
        super().setUp()
        self.today = fields.Date.context_today(self.manager)
        self.tomorrow = fields.Date.add(self.today, days=1)

    def exported_fees(self):
        exported = self.turnkey.coop_export_file(self.company.id)
        return exported, [
            (fee["kind"], fee["amount"], fee["date_from"])
            for fee in tomllib.loads(exported["toml"])["fees"]
        ]

    def test_a_version_not_yet_in_force_is_archived(self):
        later = fields.Date.add(self.today, days=30)
        planned = with_fee(example(), "entry_fee", 1500, later)
        self.apply(planned)
        self.assertEqual(self.fee_amount("entry_fee", fields.Date.add(later, days=1)), 1500)
        before = self.counts()
        changes = self.apply(example())
        self.assertEqual(
            changes,
            [f"Entry fee from {later}: no longer in the file, archived (it never came into force)"],
        )
        self.assertEqual(self.counts(), before, "archived, not deleted")
        version = self.env.ref(f"coop_turnkey_data.tk-test_fee_entry_fee_{later:%Y%m%d}")
        self.assertFalse(version.active)
        self.assertEqual(self.fee_amount("entry_fee", fields.Date.add(later, days=1)), 1000)
        exported, fees = self.exported_fees()
        self.assertNotIn(("entry_fee", 1500, later), fees, "the export shows what is in force")
        self.assertEqual(self.apply(example()), UNCHANGED)
        self.assertEqual(
            self.apply(exported["toml"], "export.toml", exported["products_csv"]), UNCHANGED
        )
        # listed again, it comes back
        self.apply(planned)
        self.assertTrue(version.active)
        self.assertEqual(self.fee_amount("entry_fee", fields.Date.add(later, days=1)), 1500)

    def test_a_dropped_amounts_day_given_a_new_amount_by_hand_then_by_the_file(self):
        # fails on main: the archived 1500 keeps UNIQUE(company_id, kind, date_from), so
        # the manager cannot enter the 1800 the meeting set for that day instead
        later = fields.Date.add(self.today, days=30)
        self.apply(with_fee(example(), "entry_fee", 1500, later))
        self.apply(example())  # dropped before its day: archived
        dropped = self.env.ref(f"coop_turnkey_data.tk-test_fee_entry_fee_{later:%Y%m%d}")
        self.assertFalse(dropped.active)
        by_hand = (
            self.env["coop.fee.version"]
            .with_user(self.manager)
            .with_company(self.company)
            .create(
                {
                    "company_id": self.company.id,
                    "kind": "entry_fee",
                    "amount": 1800,
                    "date_from": later,
                    "meeting_ref": "Общее собрание, протокол № 2",
                }
            )
        )
        self.assertEqual(self.fee_amount("entry_fee", later), 1800)
        # the file listing that day's amount as it is now takes over the one made by hand:
        # nothing changes, the dropped one is not woken
        before = self.counts()
        self.assertEqual(self.apply(with_fee(example(), "entry_fee", 1800, later)), UNCHANGED)
        self.assertEqual(self.counts(), before)
        key = f"coop_turnkey_data.tk-test_fee_entry_fee_{later:%Y%m%d}"
        self.assertEqual(self.env.ref(key), by_hand)
        self.assertEqual((dropped.active, dropped.amount), (False, 1500))
        self.assertEqual(self.fee_amount("entry_fee", later), 1800)
        # a new amount for that day (not in force yet) changes it in place
        self.apply(with_fee(example(), "entry_fee", 2000, later))
        self.assertEqual(
            (by_hand.active, by_hand.amount, self.fee_amount("entry_fee", later)),
            (True, 2000, 2000),
        )
        self.assertFalse(dropped.active)

    def test_the_amount_in_force_cannot_be_left_undefined(self):
        later = fields.Date.add(self.today, days=30)
        self.apply(with_fee(example(), "entry_fee", 1500, later))
        before = self.counts()
        # the amount in force dropped, and the next one starts only in a month
        text = with_fee(without(example(), ENTRY_FEE), "entry_fee", 1500, later)
        line = (
            next(
                number
                for number, written in enumerate(text.splitlines(), 1)
                if written == f"date_from = {later}"
            )
            - 3
        )  # its [[fees]]
        with self.assertRaisesRegex(
            UserError,
            rf"^coop\.toml, line {line}, fees\[2\]: Entry fee from 2025-01-01 is in force today "
            rf"and no longer in the file, but no other amount takes over from {self.tomorrow}",
        ):
            self.apply(text)
        # no entry fee at all: the same, and nothing half-done
        with self.assertRaisesRegex(UserError, r"^coop\.toml, line \?, fees: Entry fee from"):
            self.apply(without(example(), ENTRY_FEE))
        self.assertEqual(self.counts(), before)
        planned = self.env.ref(f"coop_turnkey_data.tk-test_fee_entry_fee_{later:%Y%m%d}")
        self.assertTrue(planned.active and self.entry_fee.active)
        self.assertEqual(self.fee_amount("entry_fee", self.today), 1000)

    def test_ended_when_the_next_amount_takes_over_tomorrow(self):
        text = with_fee(without(example(), ENTRY_FEE), "entry_fee", 1200, self.tomorrow)
        changes = self.apply(text)
        self.assertEqual(
            changes,
            [
                f"Entry fee from {self.tomorrow}: created",
                f"Entry fee from 2025-01-01: no longer in the file, ended on {self.today} (the "
                f"amount from {self.tomorrow} takes over); kept for what was charged under it",
            ],
        )
        self.assertEqual(
            (self.entry_fee.active, self.entry_fee.amount, str(self.entry_fee.date_from)),
            (True, 1000, "2025-01-01"),
            "what was charged under it keeps its amount",
        )
        self.assertEqual(self.fee_amount("entry_fee", self.today), 1000)
        self.assertEqual(self.fee_amount("entry_fee", self.tomorrow), 1200)
        self.assertEqual(self.apply(text), UNCHANGED)
        exported, fees = self.exported_fees()
        self.assertIn(("entry_fee", 1000, fields.Date.to_date("2025-01-01")), fees)
        self.assertIn(("entry_fee", 1200, self.tomorrow), fees)
        self.assertEqual(
            self.apply(exported["toml"], "export.toml", exported["products_csv"]), UNCHANGED
        )

    def test_a_version_already_taken_over_stays_as_history(self):
        since = fields.Date.add(self.today, days=-10)
        # an amount decided ten days ago, entered by hand then (a file may no longer add
        # an amount from a past day), listed in the file as it is
        self.env["coop.fee.version"].create(
            {
                "company_id": self.company.id,
                "kind": "entry_fee",
                "amount": 1100,
                "date_from": since,
                "meeting_ref": "Общее собрание, протокол № 2",
            }
        )
        self.apply(with_fee(example(), "entry_fee", 1100, since))
        changes = self.apply(with_fee(without(example(), ENTRY_FEE), "entry_fee", 1100, since))
        self.assertEqual(
            changes,
            [
                f"Entry fee from 2025-01-01: no longer in the file, ended on "
                f"{fields.Date.add(since, days=-1)} (the amount from {since} takes over); kept "
                "for what was charged under it"
            ],
        )
        self.assertTrue(self.entry_fee.active)
        self.assertEqual(self.fee_amount("entry_fee", fields.Date.add(since, days=-1)), 1000)
        self.assertEqual(self.fee_amount("entry_fee", self.today), 1100)

    def test_a_new_amount_exported_applies_back_unchanged(self):
        """A new amount is a new version from today, the old one kept: the export lists both
        (what was and what is in force), and applying it back changes nothing (it must not
        make the old amount a new version from tomorrow)."""
        raised = example(("amount = 1000", "amount = 1200"))
        self.apply(raised)
        exported, fees = self.exported_fees()
        self.assertIn(("entry_fee", 1000, fields.Date.to_date("2025-01-01")), fees)
        self.assertIn(("entry_fee", 1200, self.today), fees)
        self.assertEqual(
            self.apply(exported["toml"], "export.toml", exported["products_csv"]), UNCHANGED
        )
        self.assertEqual(self.fee_amount("entry_fee", self.today), 1200)
        self.assertEqual(self.fee_amount("entry_fee", self.tomorrow), 1200)
        self.assertEqual(self.apply(raised), UNCHANGED)
        self.assertEqual(self.exported_fees()[1], fees)

    def test_the_old_amount_given_again_is_a_new_version(self):
        """The file giving back the old amount (without the new one's date) is a decision:
        a new version from tomorrow, not the export's history."""
        self.apply(example(("amount = 1000", "amount = 1200")))
        changes = self.apply(example())
        self.assertEqual(len(changes), 1, changes)
        self.assertIn(f"new amount 1000 in force from {self.tomorrow}", changes[0])
        self.assertEqual(self.fee_amount("entry_fee", self.today), 1200)
        self.assertEqual(self.fee_amount("entry_fee", self.tomorrow), 1000)

    def test_a_new_amount_dated_in_the_past_is_refused(self):
        """A new amount of a fee the cooperative has, from a past day, would change what the
        amount was on the days already gone (history): refused, nothing applied."""
        yesterday = fields.Date.add(self.today, days=-1)
        before = self.counts()
        with self.assertRaisesRegex(
            UserError,
            rf"^coop\.toml, line \d+, fees\[3\]\.date_from: Entry fee from {yesterday} would "
            rf"change the amount in force on past days.*date_from = {self.today} or later",
        ):
            self.apply(with_fee(example(), "entry_fee", 1500, yesterday))
        self.assertEqual(self.counts(), before)
        self.assertEqual(self.fee_amount("entry_fee", yesterday), 1000)
        # from today on, it is a new amount
        self.assertEqual(
            self.apply(with_fee(example(), "entry_fee", 1500, self.today)),
            [f"Entry fee from {self.today}: created"],
        )
        self.assertEqual(
            (self.fee_amount("entry_fee", yesterday), self.fee_amount("entry_fee", self.today)),
            (1000, 1500),
        )

    def test_an_archived_amount_listed_again_after_its_date_is_refused(self):
        """A version archived before it came into force, listed again once its first day has
        passed, would be in force on days gone by: refused."""
        later = fields.Date.add(self.today, days=30)
        self.apply(with_fee(example(), "entry_fee", 1500, later))
        self.apply(example())
        version = self.env.ref(f"coop_turnkey_data.tk-test_fee_entry_fee_{later:%Y%m%d}")
        self.assertFalse(version.active)
        # its first day has passed since
        past = fields.Date.add(self.today, days=-10)
        version.sudo().date_from = past
        with self.assertRaisesRegex(UserError, rf"fees\[3\]\.date_from: Entry fee from {past}"):
            self.apply(with_fee(example(), "entry_fee", 1500, past))
        self.assertFalse(version.active)
        self.assertEqual(self.fee_amount("entry_fee", self.today), 1000)

    def test_a_new_cooperative_starts_its_amounts_in_the_past(self):
        """The first amounts of a cooperative (its file applied the first time) may start on
        a past day: there was no amount of it to change."""
        text = with_fee(
            example().replace('key = "tk-test"', 'key = "tk-past"').replace("tk_", "tkp_"),
            "entry_fee",
            1200,
            "2025-06-01",
        ).replace("«Тест файла»", "«Прошлое»")
        self.apply(text)
        company = self.env.ref("coop_turnkey_data.tk-past_company")
        day_before = fields.Date.to_date("2025-05-31")
        self.assertEqual(self.fee_amount("entry_fee", day_before, company), 1000)
        self.assertEqual(self.fee_amount("entry_fee", self.today, company), 1200)
