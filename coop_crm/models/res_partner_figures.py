"""The person's figures on their form: first and last purchase, purchases and spend in the last
90 days and 12 months, average basket, preferred store. Computed when shown, for all the people
read at once in one query, from the same purchases as the classes (coop_classes.py): paid till
orders (a refund: a negative total, lowers the spend and is no purchase) and matched partner
business transactions (a refund likewise), of the person's own cooperative, on its calendar."""

from odoo import fields, models

OFFICER = "coop_membership.group_officer"
RECENT_DAYS = 90
YEAR_DAYS = 365  # "12 months": the day of the computation and the 364 before it

FIGURES_SQL = """
    WITH people AS (
        SELECT p.id, p.company_id, COALESCE(cp.tz, 'UTC') AS tz,
               (%(now)s::timestamp AT TIME ZONE 'UTC' AT TIME ZONE COALESCE(cp.tz, 'UTC'))::date
                   AS today
          FROM res_partner p
          JOIN res_company c ON c.id = p.company_id
          JOIN res_partner cp ON cp.id = c.partner_id
         WHERE p.id = ANY(%(ids)s)
    ), purchases AS (
        SELECT pe.id AS partner_id, pe.today,
               (o.date_order AT TIME ZONE 'UTC' AT TIME ZONE pe.tz)::date AS day,
               o.amount_total AS amount, o.amount_total >= 0 AS visit,
               'pos.config' AS store_model, o.config_id AS store_id
          FROM pos_order o JOIN people pe ON pe.id = o.partner_id AND pe.company_id = o.company_id
         WHERE o.state IN ('paid', 'done', 'invoiced')
        UNION ALL
        SELECT pe.id, pe.today, (t.date AT TIME ZONE 'UTC' AT TIME ZONE pe.tz)::date,
               CASE WHEN t.kind = 'refund' THEN -t.amount ELSE t.amount END, t.kind = 'sale',
               'res.partner', t.business_id
          FROM coop_partner_transaction t
          JOIN people pe ON pe.id = t.partner_id AND pe.company_id = t.company_id
         WHERE t.state = 'matched'
    ), dated AS (
        SELECT *, today - day AS ago FROM purchases WHERE day <= today
    ), stores AS (
        SELECT DISTINCT ON (partner_id) partner_id, store_model, store_id
          FROM dated WHERE ago < %(year)s AND store_id IS NOT NULL
         GROUP BY partner_id, store_model, store_id
        HAVING SUM(amount) > 0
         ORDER BY partner_id, SUM(amount) DESC, store_model, store_id
    )
    SELECT d.partner_id,
           MIN(d.day) FILTER (WHERE d.visit), MAX(d.day) FILTER (WHERE d.visit),
           COUNT(*) FILTER (WHERE d.visit AND d.ago < %(recent)s),
           COALESCE(SUM(d.amount) FILTER (WHERE d.ago < %(recent)s), 0),
           COUNT(*) FILTER (WHERE d.visit AND d.ago < %(year)s),
           COALESCE(SUM(d.amount) FILTER (WHERE d.ago < %(year)s), 0),
           s.store_model, s.store_id
      FROM dated d LEFT JOIN stores s ON s.partner_id = d.partner_id
     GROUP BY d.partner_id, s.store_model, s.store_id
"""


class ResPartner(models.Model):
    _inherit = "res.partner"

    coop_first_purchase_date = fields.Date(
        string="First purchase", compute="_compute_coop_figures", groups=OFFICER
    )
    coop_last_purchase_date = fields.Date(
        string="Last purchase", compute="_compute_coop_figures", groups=OFFICER
    )
    coop_purchases_90 = fields.Integer(
        string="Purchases, 90 days", compute="_compute_coop_figures", groups=OFFICER
    )
    coop_spend_90 = fields.Monetary(
        string="Spend, 90 days",
        currency_field="coop_currency_id",
        compute="_compute_coop_figures",
        groups=OFFICER,
        help="Net of refunds, at the till and at partner businesses, today and the 89 days before.",
    )
    coop_purchases_365 = fields.Integer(
        string="Purchases, 12 months", compute="_compute_coop_figures", groups=OFFICER
    )
    coop_spend_365 = fields.Monetary(
        string="Spend, 12 months",
        currency_field="coop_currency_id",
        compute="_compute_coop_figures",
        groups=OFFICER,
        help="Net of refunds, at the till and at partner businesses, today and the 364 days "
        "before.",
    )
    coop_average_basket = fields.Monetary(
        string="Average basket",
        currency_field="coop_currency_id",
        compute="_compute_coop_figures",
        groups=OFFICER,
        help="Spend in the last 12 months divided by the purchases in them.",
    )
    coop_preferred_store = fields.Char(
        string="Preferred store",
        compute="_compute_coop_figures",
        groups=OFFICER,
        help="The till (point of sale) or partner business with the most spend in the last 12 "
        "months.",
    )

    def _compute_coop_figures(self):
        """One query for all the people in ``self`` (the field's group is checked by the ORM
        before it computes; the query keeps each person to their own cooperative's
        purchases)."""
        for model in ("pos.order", "coop.partner.transaction", "res.partner", "res.company"):
            self.env[model].flush_model()
        ids = [pid for pid in self.ids if isinstance(pid, int)]
        rows = {}
        if ids:
            params = {
                "ids": ids,
                "now": fields.Datetime.now(),
                "recent": RECENT_DAYS,
                "year": YEAR_DAYS,
            }
            self.env.cr.execute(FIGURES_SQL, params)
            rows = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        stores = self._coop_store_names(row[6:] for row in rows.values())
        for partner in self:
            first, last, n90, s90, n365, s365, model, store = rows.get(
                partner.id, (False, False, 0, 0.0, 0, 0.0, None, None)
            )
            partner.coop_first_purchase_date = first
            partner.coop_last_purchase_date = last
            partner.coop_purchases_90 = n90
            partner.coop_spend_90 = float(s90)
            partner.coop_purchases_365 = n365
            partner.coop_spend_365 = float(s365)
            partner.coop_average_basket = n365 and float(s365) / n365
            partner.coop_preferred_store = stores.get((model, store), False)

    def _coop_store_names(self, stores):
        """{(model, id): name} of the tills and partner businesses: names only, which an
        officer may see even without the point of sale's rights."""
        by_model = {}
        for model, store in stores:
            if model:
                by_model.setdefault(model, set()).add(store)
        return {
            (model, record.id): record.display_name
            for model, store_ids in by_model.items()
            for record in self.env[model].sudo().browse(store_ids)
        }
