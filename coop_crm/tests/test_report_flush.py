from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import ClassesCase


@tagged("post_install", "-at_install")
class TestReportFlush(ClassesCase):
    """The older report views read what was just written in the same transaction (the ORM
    writes it before reading them): an order paid, a status change corrected, an entry
    posted; read by the officer, with no flush of the test's own."""

    def read_report(self, model, fnames):
        Report = self.env[model].with_user(self.officer).with_company(self.company)
        return Report.search_read([("company_id", "=", self.company.id)], fnames)

    def test_the_activity_report_reads_an_order_just_paid(self):
        person = self.person("Анна Свежая", "+7 910 200-00-01")
        order = self.buy(person, 3, 100.0, state="draft", on=fields.Date.today())
        order.state = "paid"
        rows = self.read_report("coop.activity.report", ["partner_id", "active_30"])
        self.assertEqual([r["active_30"] for r in rows if r["partner_id"][0] == person.id], [1])

    def test_the_funnel_and_states_read_a_corrected_status_date(self):
        today = fields.Date.today()
        person = self.person("Борис Свежий", "+7 910 200-00-02")
        self.apply(person, on=today)
        registration = person.sudo().coop_state_event_ids.filtered(
            lambda e: e.to_state == "shopper"
        )
        registration.date = today - timedelta(days=40)  # a correction, not flushed
        funnel = self.read_report("coop.funnel.report", ["step", "people", "median_days"])
        self.assertEqual(
            [(r["step"], r["people"], r["median_days"]) for r in funnel][:2],
            [("shopper", 1, 0.0), ("applicant", 1, 40.0)],
        )
        states = self.read_report("coop.state.report", ["date", "state", "people"])
        first = min(r["date"] for r in states)
        self.assertEqual(first, (today - timedelta(days=40)).replace(day=1))

    def test_the_liability_report_reads_an_entry_just_posted(self):
        company = self.company
        journal = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "general")], limit=1
        )
        liability = company.coop_cashback_liability_account_id
        expense = company.coop_cashback_expense_account_id
        move = (
            self.env["account.move"]
            .with_company(company)
            .create(
                {
                    "journal_id": journal.id,
                    "date": fields.Date.today(),
                    "line_ids": [
                        (0, 0, {"account_id": liability.id, "balance": -300}),
                        (0, 0, {"account_id": expense.id, "balance": 300}),
                    ],
                }
            )
        )
        move.action_post()
        rows = self.read_report("coop.cashback.liability.report", ["date", "accrued", "balance"])
        self.assertEqual([(r["accrued"], r["balance"]) for r in rows], [(300.0, 300.0)])
