from odoo import models

from .res_company import COOP_CHARTS


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _post_load_data(self, template_code, company, template_data):
        """A company that gets the cooperative's chart of accounts gets the cooperative's
        accounts, journal and member numbers with it (others when they first need them)."""
        res = super()._post_load_data(template_code, company, template_data)
        if template_code in COOP_CHARTS:
            (company or self.env.company)._coop_setup()
        return res
