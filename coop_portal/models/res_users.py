from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    @property
    def SELF_WRITEABLE_FIELDS(self):
        """A person of the cooperative's register does not rename themselves (their user's name
        is their contact's): the register of members is kept by the cooperative, changed at the
        desk. Staff (internal users) keep Odoo's rule."""
        writeable = super().SELF_WRITEABLE_FIELDS
        user = self.env.user
        if user.share and user.partner_id.sudo().coop_state:
            return [name for name in writeable if name != "name"]
        return writeable
