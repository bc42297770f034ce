"""ABC/XYZ classes of the products a cooperative sells at its till, for the buyer and the board.

Products are usually shared by the cooperatives of one server, and each sells them in its own
store: the classes are per company, one row per (company, product) sold in the period, in this
table. They are computed with the customer classes (res.company._coop_compute_classes, the
nightly job and the manager's button), with the same period and thresholds:

- ABC by the share of revenue (tax excluded, refunds subtracted): from the biggest seller down,
  a product is A while the revenue before it is below 80 % of the total, B below 95 %, C after;
  a product with no net revenue is C;
- XYZ by the coefficient of variation (standard deviation / mean) of the quantity sold per week
  (the period cut in weeks of equal length counted back from the day of the computation, weeks
  without a sale counted as 0): X below 10 %, Y below 25 %, Z above; none sold net: Z.
"""

from odoo import fields, models

from .coop_classes import ABC, XYZ

# The company's sales at the till, per product and week, on the company's calendar: the lines
# of paid/done/invoiced orders (a refund's lines have negative quantities and amounts).
PRODUCT_WEEKS = """
    SELECT l.product_id, SUM(l.qty) AS qty, SUM(l.price_subtotal) AS revenue
      FROM pos_order o
      JOIN pos_order_line l ON l.order_id = o.id
     WHERE o.company_id = %(company)s AND o.state IN ('paid', 'done', 'invoiced')
       AND o.date_order >= %(since)s AND o.date_order < %(until)s
       AND (o.date_order AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date
           BETWEEN %(start)s AND %(as_of)s
     GROUP BY l.product_id,
              ((%(as_of)s::date - (o.date_order AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date)
               * %(weeks)s) / %(period)s
"""

# One statement: the classes of every product the company sold in the period, written over
# the company's rows (kept ids), and the rows of products no longer sold removed.
PRODUCT_CLASSES = f"""
    WITH weeks AS ({PRODUCT_WEEKS}
    ), products AS (
        SELECT product_id, SUM(revenue) AS revenue, SUM(qty) AS qty,
               SUM(qty) / %(weeks)s AS mean, SUM(qty * qty) / %(weeks)s AS squares
          FROM weeks GROUP BY product_id
    ), ranked AS (
        SELECT *,
               COALESCE(SUM(GREATEST(revenue, 0)) OVER (ORDER BY revenue DESC, product_id
                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS revenue_before,
               SUM(GREATEST(revenue, 0)) OVER () AS revenue_total,
               CASE WHEN mean > 0 THEN 100 * SQRT(GREATEST(squares - mean * mean, 0)) / mean
                    END AS cv
          FROM products
    ), classes AS (
        SELECT product_id, revenue, qty, cv,
               CASE WHEN revenue <= 0 THEN 'c'
                    WHEN revenue_before < %(abc_a)s * revenue_total THEN 'a'
                    WHEN revenue_before < %(abc_b)s * revenue_total THEN 'b'
                    ELSE 'c' END AS abc,
               CASE WHEN cv IS NULL THEN 'z'
                    WHEN cv < 100 * %(xyz_x)s THEN 'x'
                    WHEN cv < 100 * %(xyz_y)s THEN 'y'
                    ELSE 'z' END AS xyz
          FROM ranked
    ), gone AS (
        DELETE FROM coop_product_class c
         WHERE c.company_id = %(company)s
           AND c.product_id NOT IN (SELECT product_id FROM classes)
    )
    INSERT INTO coop_product_class AS c
           (company_id, product_id, categ_id, abc, xyz, revenue, quantity, cv, date,
            create_uid, create_date, write_uid, write_date)
    SELECT %(company)s, k.product_id, t.categ_id, k.abc, k.xyz, k.revenue, k.qty, k.cv,
           %(as_of)s, %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
      FROM classes k
      JOIN product_product p ON p.id = k.product_id
      JOIN product_template t ON t.id = p.product_tmpl_id
    ON CONFLICT (company_id, product_id) DO UPDATE
       SET categ_id = EXCLUDED.categ_id, abc = EXCLUDED.abc, xyz = EXCLUDED.xyz,
           revenue = EXCLUDED.revenue, quantity = EXCLUDED.quantity, cv = EXCLUDED.cv,
           date = EXCLUDED.date, write_uid = EXCLUDED.write_uid,
           write_date = EXCLUDED.write_date
"""


class CoopProductClass(models.Model):
    """A product's ABC/XYZ class in one cooperative, written by SQL (PRODUCT_CLASSES)."""

    _name = "coop.product.class"
    _description = "Product class"
    _order = "company_id, revenue desc, id"
    _rec_name = "product_id"

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    product_id = fields.Many2one(
        "product.product", required=True, readonly=True, index=True, ondelete="cascade"
    )
    categ_id = fields.Many2one("product.category", string="Product category", readonly=True)
    abc = fields.Selection(
        ABC,
        string="ABC class",
        readonly=True,
        help="A: the products making the first 80 % of the revenue of the period, B: the next "
        "15 %, C: the rest (thresholds in Settings).",
    )
    xyz = fields.Selection(
        XYZ,
        string="XYZ class",
        readonly=True,
        help="By how much the quantity sold per week varies (standard deviation / mean): X "
        "below 10 %, Y below 25 %, Z above (thresholds in Settings).",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    revenue = fields.Monetary(
        readonly=True, help="Sales at the till in the period, tax excluded, net of refunds."
    )
    quantity = fields.Float(
        string="Quantity sold",
        digits="Product Unit of Measure",
        readonly=True,
        help="Net of refunds, in the product's unit.",
    )
    cv = fields.Float(
        string="Weekly variation (%)",
        digits=(16, 1),
        readonly=True,
        aggregator=None,
        help="Coefficient of variation of the quantity sold per week: standard deviation / "
        "mean, in %.",
    )
    date = fields.Date(string="Computed on", readonly=True)

    _sql_constraints = [
        (
            "company_product_unique",
            "UNIQUE (company_id, product_id)",
            "A product has one class per cooperative.",
        )
    ]

    def _coop_compute(self, company, params):
        """Classify every product ``company`` sold in the period of ``params`` (the customer
        classes' parameters, res.company._coop_crm_params) in one statement. Returns the number
        of products classified."""
        for model in ("pos.order", "pos.order.line", "product.product"):
            self.env[model].flush_model()
        params = {
            **params,
            "weeks": max(1, round(params["period"] / 7)),
            # the period's bounds in UTC with a day's margin for any time zone (index on date)
            "since": fields.Date.subtract(params["start"], days=2),
        }
        self.env.cr.execute(PRODUCT_CLASSES, params)
        self.invalidate_model()
        return self.env.cr.rowcount
