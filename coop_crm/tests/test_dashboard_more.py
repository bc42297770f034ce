from collections import Counter, defaultdict
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError
from odoo.tests import freeze_time, tagged

from odoo.addons.coop_cashback.tests.pos_common import CoopPosCommon

SEP, OCT, NOV = date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)
NEVER = date(9999, 1, 1)
REPORTS = (
    "coop.cohort.report",
    "coop.contribution.report",
    "coop.cashback.channel.report",
    "coop.class.report",
)


def month(day):
    return day.replace(day=1)


@tagged("post_install", "-at_install")
class TestDashboardMore(CoopPosCommon):
    """The dashboard's cohorts, fees and shares, cashback by channel and class sizes on a
    hand-made cooperative: people registered in September (A1, A2, A3) and October (B1, B2) at
    the till, sales synced as the till sends them, a partner business sale over its API, fees
    and shares paid and a share refunded by the officer; the figures equal those counted in
    the test from the status history, the purchases, the ledger and the books."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.officer = cls._coop_user("coop_dash_officer", "coop_membership.group_officer")
        cls.cash = cls.env["account.journal"].search(
            [("company_id", "=", cls.company.id), ("type", "=", "cash")], limit=1
        )
        cls._coop_fees(cls.company)
        cls.people = {}
        for day, names in ((date(2026, 9, 10), "A1 A2 A3"), (date(2026, 10, 12), "B1 B2")):
            with freeze_time(day):
                for name in names.split():
                    phone = f"8910600{len(cls.people):04d}"
                    cls.people[name] = cls.register(phone, name)
        business = cls.env["res.partner"].create(
            {"name": "ООО «Сантехника»", "is_company": True, "company_id": cls.company.id}
        )
        cls.agreement = (
            cls.env["coop.partner.agreement"]
            .with_user(cls.manager)
            .create(
                {
                    "partner_id": business.id,
                    "company_id": cls.company.id,
                    "cashback_mode": "percent",
                    "cashback_percent": 5.0,
                }
            )
        )
        result = cls.agreement.with_user(cls.manager).coop_create_api_user(
            "dash-shop-api", password="dash-shop-api-password"
        )
        cls.api_user = cls.env["res.users"].browse(result["user_id"])
        cls._coop_other_cooperative()

    @classmethod
    def _coop_fees(cls, company):
        cls.env["coop.fee.version"].create(
            [
                {"kind": kind, "amount": amount, "date_from": date(2020, 1, 1),
                 "meeting_ref": "GM 1 of 2020-01-01", "company_id": company.id}
                for kind, amount in (("entry_fee", 1000), ("mandatory_share", 500))
            ]
        )  # fmt: skip

    @classmethod
    def _coop_other_cooperative(cls):
        """Another cooperative on the server: one person with cashback, an applicant who paid
        the fee."""
        cls.other = cls.env["res.company"].create(
            {"name": "ПО «Другое»", "country_id": cls.env.ref("base.ru").id}
        )
        cls.env["account.chart.template"].try_loading("generic_coa", cls.other, install_demo=False)
        cls.other.currency_id = cls.env.ref("base.RUB")
        cls.other._coop_setup()
        cls._coop_fees(cls.other)
        cashier = cls._coop_user("coop_dash_cashier_o", "coop_membership.group_cashier", cls.other)
        cls.other_officer = cls._coop_user(
            "coop_dash_officer_o", "coop_membership.group_officer", cls.other
        )
        stranger = cls.register("89207000001", "Чужой", user=cashier)
        cls.env["coop.cashback.move"]._coop_record(
            stranger, "adjustment", 70.0, "dash-other-1", company=cls.other, reason="Проверка"
        )
        cash = cls.env["account.journal"].search(
            [("company_id", "=", cls.other.id), ("type", "=", "cash")], limit=1
        )
        cls.coop_admit(stranger, date(2026, 10, 1), cls.other_officer)
        cls.pay(stranger, "entry_fee", 1000, date(2026, 10, 2), cash, cls.other_officer)

    @classmethod
    def coop_admit(cls, person, on, officer):
        Application = cls.env["coop.membership.application"].with_user(officer)
        app = Application.with_company(officer.company_id).create(
            {
                "partner_id": person.id,
                "date": on,
                "full_name": person.name,
                "birthdate": date(1980, 5, 17),
                "residence": "Иваново, ул. Ленина, 1",
            }
        )
        app.action_submit()
        app.write({"decision_number": "С-1", "decision_date": on + relativedelta(days=5)})
        app.action_admit()

    @classmethod
    def pay(cls, person, kind, amount, on, journal, officer):
        Contribution = cls.env["coop.contribution"].with_user(officer)
        contribution = Contribution.with_company(officer.company_id).create(
            {
                "partner_id": person.id,
                "kind": kind,
                "amount": amount,
                "date": on,
                "payment_journal_id": journal and journal.id,
            }
        )
        contribution.action_post()
        return contribution

    def setUp(self):
        super().setUp()
        p = self.people
        with freeze_time("2026-10-20 10:00:00"):
            self.open_new_session()
            self.sync([(self.milk, 2)], [(self.cash_pm1, 200)], customer=p["A1"])
            self.sync([(self.milk, 1)], [(self.cash_pm1, 100)], customer=p["B1"])
        with freeze_time("2026-11-05 10:00:00"):
            self.sync(
                [(self.milk, 1)], [(self.cashback_pm, 10), (self.cash_pm1, 90)], customer=p["A1"]
            )
            self.sync([(self.milk, 3)], [(self.cash_pm1, 300)], customer=p["A2"])
            # sent by the partner business two days after the purchase (the entry's date)
            Transaction = self.env["coop.partner.transaction"].with_user(self.api_user)
            Transaction.with_company(self.company).import_transactions(
                [{"external_id": "S-1", "member_ref": "89106000004", "amount": 1000,
                  "date": "2026-11-03"}]
            )  # fmt: skip
        # A1: member on 2026-10-20, an additional share, leaves, the refund paid out; B1:
        # member on 2026-11-20 when the share due is paid
        self.coop_admit(p["A1"], date(2026, 10, 1), self.officer)
        self.pay(p["A1"], "entry_fee", 1000, date(2026, 10, 16), self.cash, self.officer)
        self.pay(p["A1"], "mandatory_share", 500, date(2026, 10, 20), self.cash, self.officer)
        self.pay(p["A1"], "additional_share", 2000, date(2026, 11, 2), self.cash, self.officer)
        self.env["coop.exit.wizard"].with_user(self.officer).create(
            {"partner_id": p["A1"].id, "kind": "exit", "date": date(2026, 11, 25),
             "reason": "Заявление о выходе"}
        ).action_confirm()  # fmt: skip
        refund = p["A1"].coop_contribution_ids.filtered(lambda c: c.kind == "share_refund")
        refund.with_user(self.officer).action_coop_pay(self.cash.id, "2026-11-28")
        self.coop_admit(p["B1"], date(2026, 11, 1), self.officer)
        self.pay(p["B1"], "entry_fee", 1000, date(2026, 11, 10), self.cash, self.officer)
        share = self.pay(p["B1"], "mandatory_share", 500, date(2026, 11, 10), None, self.officer)
        share.with_user(self.officer).action_coop_pay(self.cash.id, "2026-11-20")

    def read_report(self, model, fnames, user=None):
        user = user or self.officer
        return self.env[model].with_user(user).with_company(user.company_id).search_read([], fnames)

    def test_dataset(self):
        """The actions brought everyone where the dataset says."""
        p = self.people
        self.assertEqual(
            [p[name].coop_state for name in ("A1", "A2", "A3", "B1", "B2")],
            ["former", "shopper", "shopper", "member", "shopper"],
        )
        self.assertEqual(self.env["coop.partner.transaction"].search([]).partner_id, p["B2"])

    def test_cohorts(self):
        """Each cohort's people, buyers and members by month as by hand, and every row as
        counted from the status history and the purchases."""
        rows = self.read_report(
            "coop.cohort.report", ["cohort", "date", "period", "people", "buyers", "members"]
        )
        got = {(r["cohort"], r["date"]): (r["people"], r["buyers"], r["members"]) for r in rows}
        by_hand = {
            (SEP, SEP): (3, 0, 0),
            (SEP, OCT): (3, 1, 1),  # A1 bought, became a member
            (SEP, NOV): (3, 2, 1),  # A1 and A2 bought; A1 left: a member all the same
            (OCT, OCT): (2, 1, 0),  # B1 bought
            (OCT, NOV): (2, 1, 1),  # B2 at the partner business; B1 became a member
        }
        self.assertEqual({key: got[key] for key in by_hand}, by_hand)
        self.assertEqual(
            {
                (r["cohort"], r["date"]): r["period"]
                for r in rows
                if (r["cohort"], r["date"]) in by_hand
            },
            {(SEP, SEP): 0, (SEP, OCT): 1, (SEP, NOV): 2, (OCT, OCT): 0, (OCT, NOV): 1},
        )
        self.assertEqual(got, self.count_cohorts())

    def count_cohorts(self):
        """{(cohort, month): (people, buyers, members)} counted from the records."""
        events = self.env["coop.state.event"].search([("company_id", "=", self.company.id)])
        cohort, member = {}, {}
        for event in events.sorted(lambda e: (e.date, e.id)):
            cohort.setdefault(event.partner_id, month(event.date))
            if event.to_state == "member":
                member.setdefault(event.partner_id, month(event.date))
        bought = defaultdict(set)
        orders = self.env["pos.order"].search([("partner_id", "in", [p.id for p in cohort])])
        for order in orders:
            if order.state in ("paid", "done", "invoiced") and order.amount_total >= 0:
                bought[month(order.date_order.date())].add(order.partner_id)
        sales = self.env["coop.partner.transaction"].search(
            [("state", "=", "matched"), ("kind", "=", "sale")]
        )
        for sale in sales:
            bought[month(sale.date.date())].add(sale.partner_id)
        counted = {}
        for start in set(cohort.values()):
            people = {person for person, first in cohort.items() if first == start}
            day = start
            while day <= month(date.today()):
                members = [person for person in people if member.get(person, NEVER) <= day]
                counted[start, day] = (len(people), len(people & bought[day]), len(members))
                day += relativedelta(months=1)
        return counted

    def test_fees_and_shares_collected(self):
        """By month: the fees, shares paid and refunded as by hand, equal to the books (the
        fee, share contributions due and refunds payable accounts) and to the contributions."""
        rows = self.read_report(
            "coop.contribution.report",
            ["date", "entry_fees", "mandatory_shares", "additional_shares", "share_refunds",
             "share_capital"],
        )  # fmt: skip
        got = {r.pop("date"): r for r in rows}
        for r in got.values():
            r.pop("id")
        self.assertEqual(
            got,
            {
                OCT: {"entry_fees": 1000, "mandatory_shares": 500, "additional_shares": 0,
                      "share_refunds": 0, "share_capital": 500},
                NOV: {"entry_fees": 1000, "mandatory_shares": 500, "additional_shares": 2000,
                      "share_refunds": 2500, "share_capital": 0},
            },
        )  # fmt: skip
        company = self.company
        for day, figures in got.items():
            with self.subTest(month=day):
                fee = self.lines(company.coop_entry_fee_account_id, day)
                self.assertEqual(figures["entry_fees"], -sum(fee.mapped("balance")))
                due = self.lines(company.coop_share_receivable_account_id, day)
                paid = figures["mandatory_shares"] + figures["additional_shares"]
                self.assertEqual(paid, sum(due.mapped("credit")))
                payable = self.lines(company.coop_share_refund_account_id, day)
                self.assertEqual(figures["share_refunds"], sum(payable.mapped("debit")))
                contributions = self.env["coop.contribution"].search(
                    [("company_id", "=", company.id), ("state", "=", "paid"),
                     ("payment_date", ">=", day),
                     ("payment_date", "<", day + relativedelta(months=1))]
                )  # fmt: skip
                by_kind = Counter()
                for contribution in contributions:
                    by_kind[contribution.kind] += contribution.amount
                self.assertEqual(
                    (by_kind["entry_fee"], by_kind["mandatory_share"],
                     by_kind["additional_share"], by_kind["share_refund"]),
                    (figures["entry_fees"], figures["mandatory_shares"],
                     figures["additional_shares"], figures["share_refunds"]),
                )  # fmt: skip

    def lines(self, account, day):
        return self.env["account.move.line"].search(
            [
                ("account_id", "=", account.id),
                ("parent_state", "=", "posted"),
                ("date", ">=", day),
                ("date", "<", day + relativedelta(months=1)),
            ]
        )

    def test_cashback_by_channel_and_store(self):
        """Accrued and spent by month at the till (its config), at the partner business (its
        agreement), in the back office and by expiry as by hand, and as summed from the
        ledger."""
        self.company.coop_cashback_expiry_days = 20
        # each credit keeps the expiry it was given when earned: the fixture's were earned
        # as if under a 20-day expiry
        self.env.cr.execute(
            "UPDATE coop_cashback_move SET expiry_date = date + 20 "
            "WHERE company_id = %s AND amount > 0",
            [self.company.id],
        )
        self.env.invalidate_all()
        with freeze_time("2026-11-12"):
            # B1's 5 of 2026-10-20 expire; A1 spent theirs
            self.env["coop.cashback.check"]._coop_cron_expire()
            Check = self.env["coop.cashback.check"].with_user(self.manager)
            Check.coop_adjust(self.people["A3"].id, 25.0, "Компенсация за брак")
        rows = self.read_report(
            "coop.cashback.channel.report",
            ["date", "source", "config_id", "agreement_id", "kind", "accrued", "spent"],
        )
        got = Counter()
        for r in rows:
            where = (r["config_id"] or r["agreement_id"] or [False])[0]
            got[r["date"], r["source"], where, r["kind"], "accrued"] += r["accrued"]
            got[r["date"], r["source"], where, r["kind"], "spent"] += r["spent"]
        got = {key: value for key, value in got.items() if value}
        till, shop = self.config.id, self.agreement.id
        self.assertEqual(
            got,
            {
                (OCT, "pos", till, "accrual", "accrued"): 15.0,  # 5 % of 200 and of 100
                (NOV, "pos", till, "accrual", "accrued"): 19.5,  # 5 % of 90 and of 300
                (NOV, "pos", till, "spend", "spent"): 10.0,
                (NOV, "partner", shop, "accrual", "accrued"): 50.0,  # 5 % of 1000
                (NOV, "expiry", False, "expiry", "spent"): 5.0,
                (NOV, "back_office", False, "adjustment", "accrued"): 25.0,
            },
        )
        counted = Counter()
        for move in self.env["coop.cashback.move"].search([("company_id", "=", self.company.id)]):
            source = move.source_ref
            if move.kind in ("expiry", "adjustment"):
                where = "expiry" if move.kind == "expiry" else "back_office"
                key = (month(move.date), where, False)
            elif source._name == "pos.order":
                key = (month(move.date), "pos", source.session_id.config_id.id)
            else:
                key = (month(move.date), "partner", source.agreement_id.id)
            side = "accrued" if move.amount > 0 else "spent"
            counted[(*key, move.kind, side)] += abs(move.amount)
        self.assertEqual(got, dict(counted))

    def test_class_sizes(self):
        """The people in each class as counted on the people after a manager computes the
        classes."""
        self.env["res.partner"].with_user(self.manager).action_coop_compute_classes()
        rows = self.read_report("coop.class.report", ["abc", "xyz", "segment", "people"])
        people = self.env["res.partner"].search(
            [("company_id", "=", self.company.id), ("coop_state", "!=", False)]
        )
        for fname, column in (
            ("coop_abc", "abc"),
            ("coop_xyz", "xyz"),
            ("coop_rfm_segment", "segment"),
        ):
            with self.subTest(fname):
                got = Counter()
                for r in rows:
                    got[r[column]] += r["people"]
                self.assertEqual(+got, +Counter(people.mapped(lambda p, f=fname: p[f])))
        self.assertEqual(sum(r["people"] for r in rows), 6)
        classed = sum(r["people"] for r in rows if r["segment"])
        self.assertEqual(classed, 4, "A1, A2, B1 at the till, B2 at the partner business")

    def test_each_cooperative_sees_its_own(self):
        """The officer sees only this cooperative's rows, the other's officer only theirs, a
        cashier none."""
        for model in REPORTS:
            with self.subTest(model=model):
                mine = self.read_report(model, ["company_id"])
                theirs = self.read_report(model, ["company_id"], user=self.other_officer)
                self.assertTrue(mine)
                self.assertTrue(theirs)
                self.assertEqual({r["company_id"][0] for r in mine}, {self.company.id})
                self.assertEqual({r["company_id"][0] for r in theirs}, {self.other.id})
                with self.assertRaises(AccessError):
                    self.env[model].with_user(self.cashier).search([])
