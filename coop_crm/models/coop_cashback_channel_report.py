from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.coop_cashback.models.coop_cashback_move import KINDS

SOURCES = [
    ("pos", "Till"),
    ("partner", "Partner business"),
    ("birthday", "Birthday bonus"),
    ("entry_fee", "Entry fee"),
    ("expiry", "Expiry"),
    ("back_office", "Back office"),
]

# Cashback accrued and spent by month, where it came from, from the ledger: the till (by the
# POS order's till, or the till session that booked the entry), the partner business (by its
# agreement), the birthday bonus, the entry fee paid from cashback (and given back), the
# expiry (and what an expiry gave back), the rest (adjustments, the personal page): the back office.
CASHBACK_CHANNEL_REPORT = """
    WITH moves AS (
        SELECT m.company_id, date_trunc('month', m.date)::date AS month, m.kind, m.amount,
               CASE WHEN m.kind IN ('expiry', 'expiry_back') THEN 'expiry'
                    WHEN m.source_key LIKE 'birthday:%%' THEN 'birthday'
                    WHEN m.kind = 'entry_fee' OR m.source_ref LIKE 'coop.contribution,%%'
                        THEN 'entry_fee'
                    WHEN m.coop_partner_transaction_id IS NOT NULL THEN 'partner'
                    WHEN o.id IS NOT NULL OR m.pos_session_id IS NOT NULL
                         OR m.channel = 'pos' THEN 'pos'
                    ELSE 'back_office' END AS source,
               COALESCE(os.config_id, ms.config_id) AS config_id,
               t.agreement_id
          FROM coop_cashback_move m
          LEFT JOIN pos_order o ON m.source_ref LIKE 'pos.order,%%'
                               AND o.id = split_part(m.source_ref, ',', 2)::integer
          LEFT JOIN pos_session os ON os.id = o.session_id
          LEFT JOIN pos_session ms ON ms.id = m.pos_session_id
          LEFT JOIN coop_partner_transaction t ON t.id = m.coop_partner_transaction_id
    )
    SELECT row_number() OVER (ORDER BY company_id, month, source, config_id, agreement_id, kind)
               AS id,
           company_id, month AS date, source, config_id, agreement_id, kind,
           SUM(GREATEST(amount, 0)) AS accrued, SUM(GREATEST(-amount, 0)) AS spent,
           SUM(amount) AS change, COUNT(*) AS entries
      FROM moves
     GROUP BY company_id, month, source, config_id, agreement_id, kind
"""


class CoopCashbackChannelReport(models.Model):
    """Cashback accrued and spent by month, channel and store, from the ledger (a database
    view, read-only)."""

    _name = "coop.cashback.channel.report"
    _description = "Cashback by channel and store"
    _auto = False
    _order = "date desc, source"
    _depends = {
        "coop.cashback.move": [
            "company_id", "date", "kind", "amount", "channel", "source_key", "source_ref",
            "pos_session_id", "coop_partner_transaction_id",
        ],
        "pos.order": ["session_id"],
        "pos.session": ["config_id"],
        "coop.partner.transaction": ["agreement_id"],
    }  # fmt: skip

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(string="Month", readonly=True)
    source = fields.Selection(SOURCES, string="Channel", readonly=True)
    config_id = fields.Many2one("pos.config", string="Till", readonly=True)
    agreement_id = fields.Many2one(
        "coop.partner.agreement", string="Partner business", readonly=True
    )
    kind = fields.Selection(KINDS, string="Entry", readonly=True)
    accrued = fields.Monetary(readonly=True, help="Entries adding to the balances.")
    spent = fields.Monetary(
        readonly=True, help="Entries taking from the balances: spent, expired, reversed."
    )
    change = fields.Monetary(string="Net change", readonly=True)
    entries = fields.Integer(string="Ledger entries", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                SQL(CASHBACK_CHANNEL_REPORT),
            )
        )
