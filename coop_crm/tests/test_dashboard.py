from datetime import date, datetime, timedelta
from statistics import median

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AS_OF, ClassesCase

REGISTERED = date(2026, 1, 15)
# The people and their steps, by the real actions (registration at the till, application,
# council decision, fee and share):
#   S1, S2 shoppers; R applied 2026-02-05, refused 2026-02-25: a shopper again; A applied
#   2026-02-01; D applied 2026-02-01, admitted 2026-02-20; M1 applied 2026-02-01, admitted
#   2026-02-20, fee 2026-03-01, share 2026-03-05: member; M2 applied 2026-02-11, admitted
#   2026-02-25, fee 2026-02-26, share 2026-03-15: member; all registered 2026-01-15.
# The funnel by hand: 7 registered; 5 applied (71.4 %), days from registration 17 (A, D,
# M1), 21 (R), 27 (M2): median 17; 3 admitted (60 %), days from the application 19 (D, M1),
# 14 (M2): median 19; 2 members (66.7 %), days from the admission 13 (M1), 18 (M2): 15.5.
FUNNEL = {
    # step: (people, conversion %, median days)
    "shopper": (7, 0.0, 0.0),
    "applicant": (5, 71.4, 17.0),
    "admitted": (3, 60.0, 19.0),
    "member": (2, 66.7, 15.5),
}
# People in each status at the month's end, by hand
MONTHS = {
    date(2026, 1, 1): {"shopper": 7},
    date(2026, 2, 1): {"shopper": 3, "applicant": 1, "admitted": 3},
    date(2026, 3, 1): {"shopper": 3, "applicant": 1, "admitted": 1, "member": 2},
}


@tagged("post_install", "-at_install")
class TestDashboard(ClassesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(REGISTERED):
            cls.p = {
                name: cls.person(name, f"+7 910 500-00-{n:02d}")
                for n, name in enumerate(("S1", "S2", "R", "A", "D", "M1", "M2"), start=1)
            }
            cls.stranger = cls.person("Чужой", "+7 910 500-01-01", user=cls.other_cashier)

    def setUp(self):
        super().setUp()
        p = self.p
        self.apply(p["A"], on=date(2026, 2, 1))
        refused = self.apply(p["R"], on=date(2026, 2, 5))
        refused.write(
            {
                "decision_number": "С-3",
                "decision_date": date(2026, 2, 25),
                "refusal_reason": "Не представлены документы",
            }
        )
        refused.action_refuse()
        self.admit(self.apply(p["D"], on=date(2026, 2, 1)), on=date(2026, 2, 20), number="С-1")
        self.admit(self.apply(p["M1"], on=date(2026, 2, 1)), on=date(2026, 2, 20), number="С-2")
        self.contribute(p["M1"], "entry_fee", 1000, date(2026, 3, 1))
        self.contribute(p["M1"], "mandatory_share", 500, date(2026, 3, 5))
        self.admit(self.apply(p["M2"], on=date(2026, 2, 11)), on=date(2026, 2, 25), number="С-4")
        self.contribute(p["M2"], "entry_fee", 1000, date(2026, 2, 26))
        self.contribute(p["M2"], "mandatory_share", 500, date(2026, 3, 15))

    def read_report(self, model, fnames, user=None):
        Report = self.env[model].with_user(user or self.officer).with_company(self.company)
        return Report.search_read([], fnames)

    def test_people_reach_the_states(self):
        """The actions brought everyone where the dataset says."""
        states = {name: person.coop_state for name, person in self.p.items()}
        self.assertEqual(
            states,
            {
                "S1": "shopper",
                "S2": "shopper",
                "R": "shopper",
                "A": "applicant",
                "D": "admitted",
                "M1": "member",
                "M2": "member",
            },
        )

    def test_funnel(self):
        """The funnel's figures equal the people counted in the status history, and the
        conversion rates and median days computed by hand."""
        Event = self.env["coop.state.event"]
        events = Event.search([("company_id", "=", self.company.id)])
        counted = {"shopper": len(events.partner_id)}
        for step in ("applicant", "admitted", "member"):
            counted[step] = len(events.filtered(lambda e, s=step: e.to_state == s).partner_id)
        # days from the registration to the first application, counted from the events
        registered, applied = {}, {}
        for event in events.sorted("id"):
            registered.setdefault(event.partner_id, event.date)
            if event.to_state == "applicant":
                applied.setdefault(event.partner_id, event.date)
        days = [(day - registered[person]).days for person, day in applied.items()]
        self.assertEqual(median(days), 17)
        rows = self.read_report(
            "coop.funnel.report", ["step", "people", "conversion", "median_days"]
        )
        got = {
            row["step"]: (row["people"], round(row["conversion"], 1), row["median_days"])
            for row in rows
        }
        self.assertEqual(got, FUNNEL)
        self.assertEqual({step: figures[0] for step, figures in got.items()}, counted)

    def test_people_by_status(self):
        """Each month's end: the people in each status as by hand; the current month: as the
        people's status now."""
        rows = self.read_report("coop.state.report", ["date", "state", "people"])
        months = {}
        for row in rows:
            months.setdefault(row["date"], {})[row["state"]] = row["people"]
        self.assertEqual({month: months[month] for month in MONTHS}, MONTHS)
        current = fields.Date.today().replace(day=1)
        now = {}
        for person in self.env["res.partner"].search([("company_id", "=", self.company.id)]):
            if person.coop_state:
                now[person.coop_state] = now.get(person.coop_state, 0) + 1
        self.assertEqual(months[current], now)
        self.assertEqual(len(months), (current.year - 2026) * 12 + current.month)

    def test_active_shoppers(self):
        """People who bought in the last 30 and 90 days (a refund is no purchase), at the till
        and at a partner business, counted apart by the test."""
        today = fields.Date.today()
        shift = (today - AS_OF).days  # the dataset's helpers count back from AS_OF

        def ago(days):
            return days - shift

        p = self.p
        self.buy(p["S1"], ago(10), 100)
        self.buy(p["S2"], ago(60), 100)
        self.buy(p["M1"], ago(100), 100)
        self.buy(p["M2"], ago(5), 100)
        self.buy(p["M2"], ago(1), -100)
        self.partner_sale(p["A"], ago(20), 300)
        self.buy(self.stranger, ago(1), 100, session=self.other_session)
        rows = self.read_report(
            "coop.activity.report", ["partner_id", "state", "active_30", "active_90"]
        )
        active = {
            n: {self.env["res.partner"].browse(r["partner_id"][0]).name for r in rows if r[n]}
            for n in ("active_30", "active_90")
        }
        self.assertEqual(active["active_30"], {"S1", "M2", "A"})
        self.assertEqual(active["active_90"], {"S1", "S2", "M2", "A"})
        # counted apart: the people of the cooperative with a purchase since the day's hour
        for days, name in ((30, "active_30"), (90, "active_90")):
            since = datetime.now() - timedelta(days=days)
            orders = self.env["pos.order"].search(
                [
                    ("company_id", "=", self.company.id),
                    ("state", "in", ("paid", "done", "invoiced")),
                    ("amount_total", ">=", 0),
                    ("date_order", ">=", since),
                ]
            )
            sales = self.env["coop.partner.transaction"].search(
                [
                    ("company_id", "=", self.company.id),
                    ("state", "=", "matched"),
                    ("kind", "=", "sale"),
                    ("date", ">=", since),
                ]
            )
            buyers = (orders.partner_id | sales.partner_id).filtered("coop_state")
            self.assertEqual(len(active[name]), len(buyers))
        self.assertEqual(len(rows), 7, "one row a registered person of the cooperative")

    def test_cashback_liability(self):
        """The liability by month equals the posted lines on the liability account, month by
        month, cumulated; the other cooperative's books are not in it."""
        self.entry(self.company, date(2026, 2, 10), 300)
        self.entry(self.company, date(2026, 2, 20), -50)
        self.entry(self.company, date(2026, 4, 5), 100)
        self.entry(self.company, date(2026, 4, 6), 999, post=False)  # a draft: not in the books
        self.entry(self.other, date(2026, 2, 10), 7000)
        rows = self.read_report(
            "coop.cashback.liability.report", ["date", "accrued", "spent", "change", "balance"]
        )
        got = {r["date"]: (r["accrued"], r["spent"], r["change"], r["balance"]) for r in rows}
        self.assertEqual(got[date(2026, 2, 1)], (300.0, 50.0, 250.0, 250.0))
        self.assertEqual(got[date(2026, 3, 1)], (0.0, 0.0, 0.0, 250.0))
        self.assertEqual(got[date(2026, 4, 1)], (100.0, 0.0, 100.0, 350.0))
        # the books, read apart: the balance at each month's end
        account = self.company.coop_cashback_liability_account_id
        for month, figures in got.items():
            lines = self.env["account.move.line"].search(
                [
                    ("account_id", "=", account.id),
                    ("parent_state", "=", "posted"),
                    ("date", "<", month + relativedelta(months=1)),
                ]
            )
            self.assertEqual(figures[3], -sum(lines.mapped("balance")), month)

    def test_cashier_sees_no_dashboard(self):
        """A cashier reads none of the reports; an officer of the other cooperative sees only
        theirs."""
        for model in (
            "coop.funnel.report",
            "coop.state.report",
            "coop.activity.report",
            "coop.cashback.liability.report",
        ):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.cashier).search([])
        other_officer = self._coop_user(
            "coop_t_officer_other", "coop_membership.group_officer", company=self.other
        )
        rows = self.env["coop.funnel.report"].with_user(other_officer).search_read([], ["people"])
        self.assertEqual([row["people"] for row in rows], [1, 0, 0, 0])

    @classmethod
    def entry(cls, company, on, amount, post=True):
        """A journal entry crediting the company's cashback liability with ``amount`` (a debit
        when negative) against the cashback expense."""
        liability = company.coop_cashback_liability_account_id
        expense = company.coop_cashback_expense_account_id
        journal = cls.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "general")], limit=1
        )
        move = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "journal_id": journal.id,
                    "date": on,
                    "line_ids": [
                        (0, 0, {"account_id": liability.id, "balance": -amount}),
                        (0, 0, {"account_id": expense.id, "balance": amount}),
                    ],
                }
            )
        )
        if post:
            move.action_post()
        return move
