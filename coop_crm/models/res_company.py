import logging
import time

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .coop_classes import CLASS_FIELDS, CLASSES, HISTORY, UPDATE

_logger = logging.getLogger(__name__)

# pg_advisory_xact_lock(namespace, company id): one computation of a company's classes at a time
LOCK_NAMESPACE = 7_310_015


class ResCompany(models.Model):
    _inherit = "res.company"

    coop_crm_period_days = fields.Integer(
        string="Classes period (days)",
        default=365,
        help="Customer classes (RFM, ABC, XYZ) are computed over the purchases of this many "
        "days up to the day of the computation.",
    )
    coop_crm_abc_a = fields.Float(
        string="Class A (% of spend)",
        default=80.0,
        help="Class A: the people who, from the biggest spender down, make this share of the "
        "spend.",
    )
    coop_crm_abc_b = fields.Float(
        string="Class B (% of spend)",
        default=15.0,
        help="Class B: the people who make the next share of the spend; class C: the rest.",
    )
    coop_crm_xyz_x = fields.Float(
        string="Class X (variation below %)",
        default=10.0,
        help="Class X: monthly spend varying less than this (standard deviation / mean).",
    )
    coop_crm_xyz_y = fields.Float(
        string="Class Y (variation below %)",
        default=25.0,
        help="Class Y: monthly spend varying less than this and not X; class Z: the rest.",
    )

    @api.constrains(
        "coop_crm_period_days",
        "coop_crm_abc_a",
        "coop_crm_abc_b",
        "coop_crm_xyz_x",
        "coop_crm_xyz_y",
    )
    def _check_coop_crm_thresholds(self):
        for company in self:
            a, b = company.coop_crm_abc_a, company.coop_crm_abc_b
            x, y = company.coop_crm_xyz_x, company.coop_crm_xyz_y
            if company.coop_crm_period_days < 30:
                message = self.env._(
                    "%(company)s: the classes period must be 30 days or more (set it in "
                    "Settings > Cooperative > Customer classes).",
                    company=company.name,
                )
            elif a <= 0 or b < 0 or a + b > 100:
                message = self.env._(
                    "%(company)s: the shares of spend of classes A (%(a)s %%) and B (%(b)s %%) "
                    "must be positive and add up to 100 %% at most (Settings > Cooperative > "
                    "Customer classes).",
                    company=company.name,
                    a=a,
                    b=b,
                )
            elif x <= 0 or y < x:
                message = self.env._(
                    "%(company)s: the variation limit of class X (%(x)s %%) must be positive "
                    "and not above that of class Y (%(y)s %%) (Settings > Cooperative > "
                    "Customer classes).",
                    company=company.name,
                    x=x,
                    y=y,
                )
            else:
                continue
            raise ValidationError(message)

    def _coop_compute_classes(self, as_of=None):
        """RFM scores and segment, ABC and XYZ of every person of this cooperative, as of
        ``as_of`` (today), in a few set-based statements (coop_classes.py); a history row for
        each person whose segment changes. No access check: callers check. Returns the
        number of people classified."""
        self.ensure_one()
        started = time.monotonic()
        for model in ("pos.order", "coop.partner.transaction", "res.partner"):
            self.env[model].flush_model()
        # today on the company's calendar, the one its purchases are counted in (not the
        # scheduler's user's)
        today = fields.Date.context_today(self.with_context(tz=self.partner_id.tz or "UTC"))
        params = self._coop_crm_params(as_of or today)
        cr = self.env.cr
        cr.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, self.id])
        cr.execute("DROP TABLE IF EXISTS coop_crm_classes")
        cr.execute(CLASSES, params)
        classified = cr.rowcount
        cr.execute(HISTORY, params)
        cr.execute(UPDATE, params)
        cr.execute("DROP TABLE coop_crm_classes")
        self.env["res.partner"].invalidate_model(CLASS_FIELDS)
        self.env["coop.rfm.history"].invalidate_model()
        _logger.info(
            "customer classes of %s (company %s): %s people classified in %.1f s",
            self.name,
            self.id,
            classified,
            time.monotonic() - started,
        )
        return classified

    def _coop_crm_params(self, as_of):
        period = self.coop_crm_period_days
        return {
            "company": self.id,
            "as_of": as_of,
            "until": fields.Date.add(as_of, days=2),  # a day more for any time zone
            "start": fields.Date.subtract(as_of, days=period - 1),
            "period": period,
            "months": max(1, round(period / 30.4375)),
            "tz": self.partner_id.tz or "UTC",
            "abc_a": self.coop_crm_abc_a / 100,
            "abc_b": (self.coop_crm_abc_a + self.coop_crm_abc_b) / 100,
            "xyz_x": self.coop_crm_xyz_x / 100,
            "xyz_y": self.coop_crm_xyz_y / 100,
            "uid": self.env.uid,
        }

    @api.model
    def _coop_cron_compute_classes(self):
        """Scheduled, daily: the classes of every cooperative (coop_cashback's test of a
        company with the cooperative's books or people), each apart."""
        return self._coop_each_cooperative(
            lambda company: company._coop_compute_classes(), "customer classes"
        )

    @api.model
    def _coop_each_cooperative(self, job, what):
        """Run ``job(company)`` for every cooperative, each in a savepoint of its own: a
        failure in one is logged with its name and rolled back, the others are still done.
        Returns the companies that failed."""
        failed = self.browse()
        for company in self.search([]):
            if not company._coop_is_cooperative():
                continue
            try:
                with self.env.cr.savepoint():
                    job(company)
            except Exception:  # any failure: one cooperative must not stop the others
                _logger.exception(
                    "%s of %s (company %s) failed; the other cooperatives are done",
                    what,
                    company.name,
                    company.id,
                )
                failed |= company
        return failed
