from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PartnerSyncCase


@tagged("post_install", "-at_install")
class TestReviewS11AgreementCompany(PartnerSyncCase):
    """Review of session 11: the agreement's company guard."""

    def test_a_manager_does_not_give_an_agreement_to_a_cooperative_not_theirs(self):
        # fails on main: a manager of one cooperative only moves an agreement with no
        # transactions yet (its API user stays of this cooperative) into another
        # cooperative, not theirs, over XML-RPC: Odoo checks the record rules before the
        # write only; the business's next sales earn cashback there
        other = self.env["res.company"].create({"name": "ПО «Чужое»"})
        shared = self.env["res.partner"].create({"name": "ООО «Общая»", "is_company": True})
        agreement, _api_user = self._coop_agreement(shared, "shared-api")
        self.assertNotIn(other, self.manager.company_ids)
        with self.assertRaises(UserError), self.env.cr.savepoint():
            agreement.with_user(self.manager).write({"company_id": other.id})
        agreement.invalidate_recordset()
        moved_to = agreement.sudo().company_id
        self.assertEqual(moved_to, self.company, "given to a cooperative not theirs")
