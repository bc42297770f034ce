from odoo import models


class CoopMembershipApplication(models.Model):
    _inherit = "coop.membership.application"

    def action_refuse(self):
        res = super().action_refuse()
        for app in self:
            app.partner_id._coop_return_entry_fee_to_cashback(
                app.partner_id._coop_application_date() or app.date
            )
        return res

    def action_cancel(self):
        submitted = self.filtered(lambda a: a.state == "submitted")
        starts = {app.id: app.partner_id._coop_application_date() or app.date for app in submitted}
        res = super().action_cancel()
        for app in submitted:
            app.partner_id._coop_return_entry_fee_to_cashback(starts[app.id])
        return res
