from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

# The kinds of event, each with its number: a row's id is ``number * ID_BASE + the id of its
# source record`` (``ID_BASE`` above any id a table reaches), so ids are unique across the
# kinds and stay the same from one read to the next (the view is read anew each time).
KINDS = [
    ("till", "Purchase at the till"),
    ("partner", "Purchase at a partner business"),
    ("cashback", "Cashback entry"),
    ("status", "Status change"),
    ("application", "Application"),
    ("decision", "Council decision"),
    ("contribution", "Fee or share"),
    ("consent_given", "Consent given"),
    ("consent_withdrawn", "Consent withdrawn"),
    ("activity_planned", "Activity planned"),
    ("activity_done", "Activity done"),
]
KIND_NUMBERS = {kind: number for number, (kind, _label) in enumerate(KINDS, start=1)}
ID_BASE = 10**12
# Where the label of a row's ``detail`` code comes from: (source model, selection field).
DETAIL_SELECTIONS = {
    "cashback": ("coop.cashback.move", "kind"),
    "status": ("coop.state.event", "to_state"),
    "application": ("coop.membership.application", "state"),
    "decision": ("coop.membership.application", "state"),
    "contribution": ("coop.contribution", "kind"),
    "consent_given": ("coop.consent", "kind"),
    "consent_withdrawn": ("coop.consent", "kind"),
}

# One SELECT per kind, each giving: id, date, partner_id, company_id, kind, name, detail,
# amount, cashback, store, res_model, res_id. ``%(n)s`` is the kind's number, ``%(b)s`` ID_BASE.
SOURCES = {
    # a paid till order (a refund: negative) and the cashback it earned (or took back)
    "till": """
        SELECT %(n)s * %(b)s + o.id, o.date_order, o.partner_id, o.company_id, 'till',
               COALESCE(o.pos_reference, o.name), NULL, o.amount_total,
               (SELECT SUM(m.amount) FROM coop_cashback_move m
                 WHERE m.source_ref = 'pos.order,' || o.id
                   AND strpos(m.source_key, ':accrual') > 0),
               pc.name, 'pos.order', o.id
          FROM pos_order o
          JOIN pos_session s ON s.id = o.session_id
          JOIN pos_config pc ON pc.id = s.config_id
         WHERE o.partner_id IS NOT NULL AND o.state IN ('paid', 'done', 'invoiced')""",
    "partner": """
        SELECT %(n)s * %(b)s + t.id, t.date, t.partner_id, t.company_id, 'partner',
               b.name, t.kind, t.amount, t.cashback, NULL,
               'coop.partner.transaction', t.id
          FROM coop_partner_transaction t
          JOIN res_partner b ON b.id = t.business_id
         WHERE t.partner_id IS NOT NULL AND t.state = 'matched'""",
    # the entry's amount is cashback: in the cashback column
    "cashback": """
        SELECT %(n)s * %(b)s + m.id, m.date::timestamp, m.partner_id, m.company_id, 'cashback',
               COALESCE(m.reason, m.source_key), m.kind, NULL, m.amount, NULL,
               'coop.cashback.move', m.id
          FROM coop_cashback_move m""",
    "status": """
        SELECT %(n)s * %(b)s + e.id, e.date::timestamp, e.partner_id, e.company_id, 'status',
               e.reason, COALESCE(e.from_state, '') || '>' || e.to_state, NULL, NULL, NULL,
               'coop.state.event', e.id
          FROM coop_state_event e""",
    "application": """
        SELECT %(n)s * %(b)s + a.id, a.date::timestamp, a.partner_id, a.company_id,
               'application', a.name, a.state, NULL, NULL, NULL,
               'coop.membership.application', a.id
          FROM coop_membership_application a""",
    "decision": """
        SELECT %(n)s * %(b)s + a.id, a.decision_date::timestamp, a.partner_id, a.company_id,
               'decision', a.decision_number, a.state, NULL, NULL, NULL,
               'coop.membership.application', a.id
          FROM coop_membership_application a
         WHERE a.decision_date IS NOT NULL AND a.state IN ('admitted', 'refused')""",
    "contribution": """
        SELECT %(n)s * %(b)s + c.id, c.date::timestamp, c.partner_id, c.company_id,
               'contribution', c.name, c.kind, c.amount, NULL, NULL, 'coop.contribution', c.id
          FROM coop_contribution c
         WHERE c.state != 'draft'""",
    "consent_given": """
        SELECT %(n)s * %(b)s + c.id, c.date, c.partner_id, c.company_id, 'consent_given',
               c.text_version, c.kind, NULL, NULL, NULL, 'coop.consent', c.id
          FROM coop_consent c
         WHERE c.given""",
    "consent_withdrawn": """
        SELECT %(n)s * %(b)s + c.id, c.date, c.partner_id, c.company_id, 'consent_withdrawn',
               c.text_version, c.kind, NULL, NULL, NULL, 'coop.consent', c.id
          FROM coop_consent c
         WHERE NOT c.given""",
    # activities on the person's own form, planned for their deadline
    "activity_planned": """
        SELECT %(n)s * %(b)s + a.id, a.date_deadline::timestamp, p.id, p.company_id,
               'activity_planned', a.summary, a.activity_type_id::varchar, NULL, NULL, NULL,
               'mail.activity', a.id
          FROM mail_activity a
          JOIN res_partner p ON p.id = a.res_id
         WHERE a.res_model = 'res.partner' AND a.active""",
    # an activity marked done is a message on the person with its type
    "activity_done": """
        SELECT %(n)s * %(b)s + msg.id, msg.date, p.id, p.company_id, 'activity_done',
               LEFT(BTRIM(REGEXP_REPLACE(
                   REGEXP_REPLACE(COALESCE(msg.body, ''), '<[^>]*>', ' ', 'g'), '\\s+', ' ', 'g'
               )), 200),
               msg.mail_activity_type_id::varchar, NULL, NULL, NULL, 'mail.message', msg.id
          FROM mail_message msg
          JOIN res_partner p ON p.id = msg.res_id
         WHERE msg.model = 'res.partner' AND msg.mail_activity_type_id IS NOT NULL""",
}


class CoopPersonEvent(models.Model):
    """One event of a person's history, read from its source (a till order, a partner
    business purchase, a cashback entry, a status change, an application or its decision, a
    fee or share, a consent, an activity): a database view, never written."""

    _name = "coop.person.event"
    _description = "Event in a person's history"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "name"

    date = fields.Datetime(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Person", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    kind = fields.Selection(KINDS, readonly=True)
    name = fields.Char(string="Description", readonly=True)
    detail = fields.Char(string="Detail code", readonly=True)
    detail_label = fields.Char(string="Detail", compute="_compute_detail_label")
    amount = fields.Monetary(readonly=True, currency_field="currency_id")
    cashback = fields.Monetary(readonly=True, currency_field="currency_id")
    store = fields.Char(readonly=True)
    res_model = fields.Char(string="Source model", readonly=True)
    res_id = fields.Many2oneReference(string="Source", model_field="res_model", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        selects = [
            query % {"n": KIND_NUMBERS[kind], "b": ID_BASE} for kind, query in SOURCES.items()
        ]
        columns = (
            "id, date, partner_id, company_id, kind, name, detail, amount, cashback, store, "
            "res_model, res_id"
        )
        # no user input: the kinds' queries above, each a constant of this module
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %s AS (
                    SELECT e.*, rc.currency_id
                      FROM (%s) AS e (%s)
                      JOIN res_company rc ON rc.id = e.company_id
                )""",
                SQL.identifier(self._table),
                SQL(" UNION ALL ".join(selects)),
                SQL(columns),
            )
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        """Events read by id (a form, a page of a list, an access check) are also looked up
        by their sources' ids, which each source's primary key finds at once: the ids alone
        (``number * ID_BASE + source id``) would read every source table in full."""
        return super()._search(self._with_source_ids(domain), offset, limit, order, **kwargs)

    @api.model
    def _with_source_ids(self, domain):
        """``domain`` and, when it is a plain conjunction with a leaf on ids, the same
        condition on the sources' ids (always true of the rows it selects)."""
        domain = list(domain or [])
        if any(isinstance(term, str) for term in domain):  # '|', '!', '&': left as is
            return domain
        source_ids = None
        for term in domain:
            if isinstance(term, list | tuple) and len(term) == 3 and term[0] == "id":
                value = term[2]
                ids = [value] if isinstance(value, int) else value
                if (
                    term[1] in ("=", "in")
                    and isinstance(ids, list | tuple | set)
                    and all(isinstance(i, int) for i in ids)
                ):
                    source_ids = {i % ID_BASE for i in ids}
        if source_ids is None:
            return domain
        return [*domain, ("res_id", "in", sorted(source_ids))]

    @api.depends("kind", "detail")
    def _compute_detail_label(self):
        labels = {}
        for event in self:
            event.detail_label = event._detail_label(labels)

    def _detail_label(self, labels):
        """The source's own label for ``detail`` (its kind, state, status or activity type),
        in the reader's language; ``labels`` caches the selections read."""
        if not self.detail:
            return False
        if self.kind in ("activity_planned", "activity_done"):
            return self.env["mail.activity.type"].browse(int(self.detail)).name
        if self.kind == "partner":
            model, fname = "coop.partner.transaction", "kind"
        elif self.kind in DETAIL_SELECTIONS:
            model, fname = DETAIL_SELECTIONS[self.kind]
        else:
            return False
        if (model, fname) not in labels:
            field = self.env[model]._fields[fname]
            labels[model, fname] = dict(field._description_selection(self.env))
        names = labels[model, fname]
        if self.kind == "status":
            before, after = self.detail.split(">")
            return f"{names[before]} → {names[after]}" if before else names[after]
        return names.get(self.detail, self.detail)

    def action_open_source(self):
        """Open the record the event comes from, if the user may read it."""
        self.ensure_one()
        source = self.env[self.res_model].browse(self.res_id).exists()
        if not source:
            raise UserError(
                self.env._(
                    "The source of the event %(event)s no longer exists.", event=self.display_name
                )
            )
        source.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": source._name,
            "res_id": source.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
