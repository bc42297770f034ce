import logging

from odoo import fields, models

_logger = logging.getLogger(__name__)


class ResCompany(models.Model):
    _inherit = "res.company"

    def _coop_compute_classes(self, as_of=None):
        """The customer classes, then the product classes with the same period and thresholds
        (coop_product_class.py), in the same transaction and under the same lock."""
        classified = super()._coop_compute_classes(as_of)
        # today on the company's calendar, as for the customers
        today = fields.Date.context_today(self.with_context(tz=self.partner_id.tz or "UTC"))
        params = self._coop_crm_params(as_of or today)
        products = self.env["coop.product.class"]._coop_compute(self, params)
        _logger.info(
            "product classes of %s (company %s): %s products classified",
            self.name,
            self.id,
            products,
        )
        return classified
