from odoo import api, fields, models
from odoo.exceptions import AccessError

from .coop_classes import ABC, CLASS_FIELDS, SEGMENTS, XYZ

OFFICER = "coop_membership.group_officer"


class ResPartner(models.Model):
    _inherit = "res.partner"

    # written by res.company._coop_compute_classes (SQL), read by officers and managers
    coop_rfm_recency = fields.Integer(
        string="Days since last purchase", readonly=True, groups=OFFICER, copy=False
    )
    coop_rfm_frequency = fields.Integer(
        string="Purchases in the period", readonly=True, groups=OFFICER, copy=False
    )
    coop_rfm_monetary = fields.Monetary(
        string="Spend in the period",
        currency_field="coop_currency_id",
        readonly=True,
        groups=OFFICER,
        copy=False,
        help="Net of refunds, at the till and at partner businesses.",
    )
    coop_rfm_r = fields.Integer(string="Recency score", readonly=True, groups=OFFICER, copy=False)
    coop_rfm_f = fields.Integer(string="Frequency score", readonly=True, groups=OFFICER, copy=False)
    coop_rfm_m = fields.Integer(string="Monetary score", readonly=True, groups=OFFICER, copy=False)
    coop_rfm_segment = fields.Selection(
        SEGMENTS, string="RFM segment", readonly=True, index=True, groups=OFFICER, copy=False
    )
    coop_rfm_date = fields.Date(
        string="Classes computed on", readonly=True, groups=OFFICER, copy=False
    )
    coop_abc = fields.Selection(
        ABC,
        string="ABC class",
        readonly=True,
        groups=OFFICER,
        copy=False,
        help="A: the people making the first 80 % of spend in the period, B: the next 15 %, "
        "C: the rest (thresholds in Settings).",
    )
    coop_xyz = fields.Selection(
        XYZ,
        string="XYZ class",
        readonly=True,
        groups=OFFICER,
        copy=False,
        help="By how much the monthly spend varies (standard deviation / mean): X below 10 %, "
        "Y below 25 %, Z above (thresholds in Settings).",
    )
    coop_event_ids = fields.One2many(
        "coop.person.event",
        "partner_id",
        string="History",
        readonly=True,
        groups=OFFICER,
    )
    coop_rfm_history_ids = fields.One2many(
        "coop.rfm.history",
        "partner_id",
        string="Segment history",
        readonly=True,
        groups=OFFICER,
        copy=False,
    )

    @api.model
    def action_coop_compute_classes(self):
        """Button (managers): compute the classes of the current cooperative now."""
        company = self.env.company
        if not self.env.user.has_group("coop_membership.group_manager"):
            raise AccessError(
                self.env._("Computing customer classes needs the Cooperative / Manager group.")
            )
        if company not in self.env.user.company_ids:
            raise AccessError(
                self.env._("You cannot compute the classes of %(company)s.", company=company.name)
            )
        count = company.sudo()._coop_compute_classes()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Customer classes of %(company)s computed; people with purchases: %(count)s.",
                    company=company.name,
                    count=count,
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _coop_personal_data_sections(self):
        """What coop_crm keeps about a person is theirs to see too (152-FZ art. 14)."""
        sections = super()._coop_personal_data_sections()
        sections["customer_classes"] = ("res.partner", "id", CLASS_FIELDS)
        sections["segment_history"] = (
            "coop.rfm.history", "partner_id", ["date", "old_segment", "new_segment"]
        )  # fmt: skip
        return sections
