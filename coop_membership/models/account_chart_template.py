from odoo import models


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _post_load_data(self, template_code, company, template_data):
        """A company that gets its chart of accounts gets the cooperative's accounts too."""
        res = super()._post_load_data(template_code, company, template_data)
        (company or self.env.company)._coop_setup()
        return res
