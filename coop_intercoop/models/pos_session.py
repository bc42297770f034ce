from odoo import models


class PosSession(models.Model):
    _inherit = "pos.session"

    def _validate_session(self, *args, **kwargs):
        """Once the session is closed, its sales to other cooperatives' people are recorded
        in their cooperatives (as the closing user checked: their own session)."""
        result = super()._validate_session(*args, **kwargs)
        self.filtered(lambda s: s.state == "closed").order_ids._coop_intercoop_send()
        return result
