from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _coop_set_state(self, new_state, reason, document=None, date=None):
        res = super()._coop_set_state(new_state, reason, document=document, date=date)
        if new_state == "shopper":
            # purchases at partner businesses made before registering count now
            self.env["coop.partner.transaction"]._coop_match_unmatched(self)
        return res

    def write(self, vals):
        res = super().write(vals)
        if {"phone", "mobile"} & vals.keys():
            registered = self.filtered("coop_state")
            if registered:
                self.env["coop.partner.transaction"]._coop_match_unmatched(registered)
        return res

    def _coop_cashback_lock_and_total(self, company):
        """Lock the person's row like a spend does, then what they have in all (available
        and pending): what a refund at a partner business may take back at most."""
        self.ensure_one()
        return self._coop_cashback_lock_and_totals(company)[self.id]

    def _coop_cashback_lock_and_totals(self, company):
        """``_coop_cashback_lock_and_total`` of several people in two queries, not two each
        (an import refunds several people's sales a call): {person id: total}. The rows
        are locked in the order of their ids, as two imports lock them, so they cannot
        deadlock each other."""
        if not self:
            return {}
        # the lock of _coop_cashback_lock_and_available, without its sums read a second time
        self.env.cr.execute(
            "UPDATE res_partner SET write_date = write_date WHERE id IN ("
            " SELECT id FROM res_partner WHERE id IN %s ORDER BY id FOR UPDATE)",
            [tuple(self.ids)],
        )
        sums = self._coop_cashback_sums(company)
        return {person_id: sum(sums.get(person_id, (0.0, 0.0, 0.0))[:2]) for person_id in self.ids}

    def _coop_personal_data_sections(self):
        sections = super()._coop_personal_data_sections()
        sections["partner_business_purchases"] = (
            "coop.partner.transaction",
            "partner_id",
            ["date", "business_id", "external_id", "kind", "amount", "cashback", "state"],
        )
        return sections
