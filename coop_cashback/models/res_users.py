from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _load_pos_data(self, data):
        """The till knows whether its user sees people's phones masked (a cashier): it then
        searches people by the whole number, never by a part of one."""
        result = super()._load_pos_data(data)
        masked = self.env["res.partner"]._coop_phones_hidden()
        for user in result["data"]:
            user["coop_phones_masked"] = masked
        return result
