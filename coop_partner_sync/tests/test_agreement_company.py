import re

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PartnerSyncCase


@tagged("post_install", "-at_install")
class TestAgreementCompany(PartnerSyncCase):
    """An agreement's transactions, the cashback they earned and their books live in its
    cooperative: once it has any, a manager of two cooperatives does not move it to the other
    (over the ORM, as an XML-RPC write would)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.env["res.company"].create({"name": "ПО «Соседи»"})
        cls.manager.sudo().company_ids = [Command.link(cls.other.id)]
        # a contact of no cooperative: the company check alone would not stop the move
        cls.shared = cls.env["res.partner"].create({"name": "ООО «Общая»", "is_company": True})

    def agreement_of_shared(self):
        return (
            self.env["coop.partner.agreement"]
            .with_user(self.manager)
            .create(
                {"partner_id": self.shared.id, "company_id": self.company.id,
                 "cashback_mode": "percent", "cashback_percent": 5.0}
            )
        )  # fmt: skip

    def test_an_agreement_with_transactions_stays_in_its_cooperative(self):
        # fails on the old code: the write moved the agreement, its transactions stayed behind
        person, _result = self.register("+7 900 111-22-33", name="Анна Смирнова")
        agreement = self.agreement_of_shared()
        agreement.sudo()._coop_import([self.sale("S1", "89001112233", "1000.00")], source="rpc")
        txn = self.txn("S1", agreement)
        self.assertEqual((txn.partner_id, txn.company_id), (person, self.company))
        name = re.escape(agreement.display_name)
        with self.assertRaisesRegex(UserError, f"{name}.*Company"), self.env.cr.savepoint():
            agreement.write({"company_id": self.other.id})
        agreement.invalidate_recordset()
        self.assertEqual(agreement.company_id, self.company)
        agreement.write({"company_id": self.company.id, "notes": "same cooperative"})  # no move
        self.assertEqual(agreement.notes, "same cooperative")

    def test_an_agreement_without_transactions_may_move(self):
        agreement = self.agreement_of_shared()
        agreement.write({"company_id": self.other.id})
        self.assertEqual(agreement.company_id, self.other)
