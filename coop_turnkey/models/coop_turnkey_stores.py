from odoo import api, models

# a store's payment methods by kind, as the file names them
METHOD_KINDS = {
    "cash": lambda method: method.journal_id.type == "cash",
    "card": lambda method: method.journal_id.type == "bank",
    "cashback": lambda method: method.coop_is_cashback,
}


class CoopTurnkey(models.AbstractModel):
    _inherit = "coop.turnkey"

    @api.model
    def _coop_journal_code(self, company, prefix):
        """A journal code of ``company`` not used yet: ``prefix`` and a number."""
        used = set(
            self.env["account.journal"]
            .with_context(active_test=False)
            .search([("company_id", "=", company.id)])
            .mapped("code")
        )
        number = 1
        while f"{prefix}{number}" in used:
            number += 1
        return f"{prefix}{number}"

    @api.model
    def _coop_payment_method(self, changes, company, name, kind, store):
        """The store's payment method ``kind`` (cash, card: with a journal of their own;
        cashback: paid from the person's cashback)."""
        label = self.env._(
            "Store %(store)s, payment method %(kind)s", store=store["key"], kind=kind
        )
        # names stored in the database: in the cooperative's language
        env = self.with_context(lang=company.partner_id.lang or self.env.lang).env
        titles = {"cash": env._("Cash"), "card": env._("Card"), "cashback": env._("Cashback")}
        # the name only for a new method: the file does not give it (one made by hand and
        # taken over keeps its own)
        vals = {"company_id": company, "active": True}
        if kind == "cashback":
            vals.update(coop_is_cashback=True, split_transactions=True)
        else:
            journal_type, prefix = ("cash", "CSH") if kind == "cash" else ("bank", "CRD")
            journal = self._coop_sync(
                changes,
                "account.journal",
                f"{name}_journal",
                {"type": journal_type, "company_id": company},
                self.env._("Store %(store)s, journal %(kind)s", store=store["key"], kind=kind),
                create_vals={
                    "name": f"{titles[kind]} ({store['key']})",
                    "code": self._coop_journal_code(company, prefix),
                },
            )
            vals["journal_id"] = journal
        return self._coop_sync(
            changes, "pos.payment.method", name, vals, label, create_vals={"name": titles[kind]}
        )

    @api.model
    def _coop_warehouse(self, changes, company):
        """The company's warehouse, where its stores' sales take the goods from (Odoo makes
        one with a company only in tests)."""
        Warehouse = self.env["stock.warehouse"].with_context(active_test=False)
        if Warehouse.search_count([("company_id", "=", company.id)], limit=1):
            return
        Warehouse.create(
            {
                "name": company.name,
                "code": "WH",
                "company_id": company.id,
                "partner_id": company.partner_id.id,
            }
        )
        changes.append(self.env._("%s: warehouse created.", company.name))

    @api.model
    def _coop_take_over_methods(self, config, name, store, company):
        """The payment methods (and their journals) of store ``config`` taken over, found
        from now on under the keys of the kinds the file gives it: a method of each kind,
        not a copy of it."""
        for kind in store["payment_methods"]:
            method = config.payment_method_ids.filtered(METHOD_KINDS[kind])[:1]
            key = f"{name}_method_{kind}"
            if method and not self._coop_record("pos.payment.method", key, company)[1]:
                self._coop_take_over_one(key, method, company)
                if kind != "cashback" and method.journal_id:
                    self._coop_take_over_one(f"{key}_journal", method.journal_id, company)

    @api.model
    def _coop_take_over_one(self, key, record, company):
        """``record`` (of ``company``, made by hand) found under ``key`` from now on, when no
        record is."""
        imd, bound = self._coop_record(record._name, key, company)
        if not bound and self._coop_of_company(record, company):
            self._coop_bind(imd, key, record)

    @api.model
    def _coop_stores(self, changes, company, coop_key, stores):
        """A point of sale per store, with its payment methods and receipt texts."""
        if stores:
            self._coop_warehouse(changes, company)
        for store in stores:
            name = f"{coop_key}_store_{store['key']}"
            # a store made by hand, exported as store<id>: the same store, taken over
            taken = self._coop_take_over("pos.config", name, store["key"], "store", company)
            if taken:
                self._coop_take_over_methods(taken, name, store, company)
            methods = self.env["pos.payment.method"]
            for kind in store["payment_methods"]:
                methods |= self._coop_payment_method(
                    changes, company, f"{name}_method_{kind}", kind, store
                )
            header, footer = store.get("receipt_header"), store.get("receipt_footer")
            vals = {
                "name": store["name"],
                "company_id": company,
                "active": True,
                "payment_method_ids": methods,
                "is_header_or_footer": bool(header or footer),
                "receipt_header": header or False,
                "receipt_footer": footer or False,
            }
            label = self.env._("Store %s", store["key"])
            self._coop_sync(changes, "pos.config", name, vals, label)
