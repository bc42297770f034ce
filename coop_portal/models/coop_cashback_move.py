from odoo import fields, models

STAFF = "base.group_user"


class CoopCashbackMove(models.Model):
    _inherit = "coop.cashback.move"

    # the person reads their own entries (amount, dates, kind, reason, source); who recorded
    # one, at which till session and where it is posted in the books are the staff's
    user_id = fields.Many2one(groups=STAFF)
    account_move_id = fields.Many2one(groups=STAFF)
    pos_session_id = fields.Many2one(groups=STAFF)
    source_key = fields.Char(groups=STAFF)

    def _coop_portal_sources(self):
        """``{entry id: where it comes from}`` for a page of entries, their till orders read
        in one go (not one query per line)."""
        order_ids = {
            move.source_ref.id
            for move in self
            if move.source_ref and move.source_ref._name == "pos.order"
        }
        # the entries were read with the person's own access; their source documents are the
        # cooperative's (a till's orders), shown by store and receipt number only
        orders = self.env["pos.order"].sudo().browse(order_ids).exists()
        orders.mapped("config_id.name")  # read together, for every line below
        return {move.id: move._coop_portal_source(orders) for move in self}

    def _coop_portal_source(self, orders=None):
        """Where this entry comes from, as its person reads it on their page: the store and
        receipt, the partner business, the entry fee, an expiry, an adjustment's reason.
        ``orders``: the till orders of the page that exist, read already (sudo)."""
        self.ensure_one()
        if orders is None:
            orders = self.env["pos.order"].sudo()
            if self.source_ref and self.source_ref._name == "pos.order":
                orders = self.source_ref.sudo().exists()
        source = self.source_ref
        if source and source._name == "pos.order" and source.id in orders.ids:
            source = orders.browse(source.id)
            return self.env._(
                "%(store)s, receipt %(receipt)s",
                store=source.config_id.name,
                receipt=source.pos_reference or source.name,
            )
        if self.kind == "entry_fee":
            return self.env._("Entry fee paid from cashback")
        if self.kind == "adjustment":
            return self.env._("Adjustment: %(reason)s", reason=self.reason or "—")
        if self.channel == "partner":
            return self.env._("Partner business: %(ref)s", ref=self.reason or "—")
        return self.reason or dict(self._fields["kind"]._description_selection(self.env)).get(
            self.kind
        )
