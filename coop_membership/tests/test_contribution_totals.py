from datetime import date

from lxml import etree

from odoo.tests import tagged

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestContributionTotals(CoopCase):
    """The fees and shares list and pivot total within a kind, never entry fees + shares +
    refunds together: read as the officer's list and pivot read them (``web_read_group``,
    ``read_group`` lazy or not), and checked against the books."""

    def setUp(self):
        super().setUp()
        self.anna = self._member_with_extra("+7 900 800-00-01", 2000)
        self.boris = self._member_with_extra("+7 900 800-00-02", 700)
        self.Contributions = self.as_user(self.officer, "coop.contribution")
        self.domain = [("partner_id", "in", (self.anna | self.boris).ids)]

    def test_the_action_groups_by_kind_and_each_group_totals_its_kind(self):
        action = self.env.ref("coop_membership.coop_contribution_action")
        self.assertIn("'search_default_groupby_kind': 1", action.context)
        result = self.Contributions.web_read_group(self.domain, ["amount:sum"], ["kind"])
        totals = {group["kind"]: group["amount"] for group in result["groups"]}
        self.assertEqual(
            totals, {"entry_fee": 2000, "mandatory_share": 1000, "additional_share": 2700}
        )
        # the same figures as the books, per kind
        company = self.company
        fees = self.books(company.coop_entry_fee_account_id)
        shares = self.books(company.coop_share_fund_account_id)
        self.assertEqual(-fees, totals["entry_fee"])
        self.assertEqual(-shares, totals["mandatory_share"] + totals["additional_share"])
        # a kind's group opened by person: within one kind, so it totals
        fee_rows = self.Contributions.web_read_group(
            [*self.domain, ("kind", "=", "entry_fee")], ["amount:sum"], ["partner_id"]
        )["groups"]
        self.assertEqual([g["amount"] for g in fee_rows], [1000, 1000])

    def test_no_total_across_kinds_in_the_list(self):
        by_person = self.Contributions.web_read_group(self.domain, ["amount:sum"], ["partner_id"])
        self.assertEqual(len(by_person["groups"]), 2)
        for group in by_person["groups"]:
            self.assertNotIn("amount", group, "a person's fee and shares do not add up")
            self.assertEqual(group["partner_id_count"], 3)
        # grouped by the amount itself, each group keeps its amount (Odoo gives the sum of its
        # equal amounts there: two 500 shares, 1000; two 1000 fees, 2000) and its count
        by_amount = self.Contributions.read_group(self.domain, ["amount:sum"], ["amount"])
        self.assertEqual(
            sorted((g["amount"], g["amount_count"]) for g in by_amount),
            [(700, 1), (1000, 2), (2000, 1), (2000, 2)],
        )
        list_arch = etree.fromstring(self.Contributions.get_view(view_type="list")["arch"])
        [amount] = list_arch.xpath("//field[@name='amount']")
        self.assertFalse(amount.get("sum"), "no footer total of fees + shares + refunds")

    def test_the_pivot_totals_each_kind_and_leaves_the_grand_total_empty(self):
        pivot = etree.fromstring(self.Contributions.get_view(view_type="pivot")["arch"])
        self.assertEqual(pivot.xpath("//field[@type='row']/@name"), ["kind"])
        rows = self.Contributions.read_group(
            self.domain, ["amount:sum"], ["kind", "date:month"], lazy=False
        )
        cells = {(g["kind"], g["date:month"]): g["amount"] for g in rows}
        self.assertEqual(cells[("additional_share", "April 2026")], 2700)
        self.assertEqual(cells[("entry_fee", "March 2026")], 2000)
        per_kind = self.Contributions.read_group(self.domain, ["amount:sum"], ["kind"], lazy=False)
        self.assertEqual(sum(g["amount"] for g in per_kind), 5700)  # each row's total is there
        # the pivot's totals down the kinds: per month and the grand total have no amount
        for groupby in (["date:month"], []):
            groups = self.Contributions.read_group(self.domain, ["amount:sum"], groupby, lazy=False)
            self.assertTrue(groups)
            self.assertFalse([g for g in groups if "amount" in g], groupby)
        # one kind searched: its grand total is that kind's
        [fees] = self.Contributions.read_group(
            [*self.domain, ("kind", "=", "entry_fee")], ["amount:sum"], [], lazy=False
        )
        self.assertEqual(fees["amount"], 2000)

    def _member_with_extra(self, phone, extra):
        partner = self.make_member(phone)
        self.contribute(partner, "additional_share", extra, date(2026, 4, 10))
        return partner

    def books(self, account):
        return sum(self.balance(account, partner) for partner in self.anna | self.boris)
