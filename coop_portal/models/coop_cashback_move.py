from odoo import models


class CoopCashbackMove(models.Model):
    _inherit = "coop.cashback.move"

    def _coop_portal_source(self):
        """Where this entry comes from, as its person reads it on their page: the store and
        receipt, the partner business, the entry fee, an expiry, an adjustment's reason."""
        self.ensure_one()
        # the entry was read with the person's own access; its source document is the
        # cooperative's (a till's order), shown by its store and receipt number only
        source = self.source_ref.sudo().exists() if self.source_ref else None
        if source and source._name == "pos.order":
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
