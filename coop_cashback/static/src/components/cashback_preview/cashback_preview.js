import { Component, onWillUnmount, useEffect, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { ConnectionLostError, RPCError } from "@web/core/network/rpc";
import { usePos } from "@point_of_sale/app/store/pos_hook";

const DELAY = 400; // ms: one question to the server once the cashier stops typing

/** What the current basket will earn the selected person, asked from the server
 * (coop.cashback.rule.coop_preview: the same rules that accrue it when the order is paid).
 * Offline or refused, it shows nothing: the receipt tells what was earned. */
export class CoopCashbackPreview extends Component {
    static template = "coop_cashback.CoopCashbackPreview";
    static props = {};

    setup() {
        this.pos = usePos();
        this.state = useState({ total: null, currency: null, currencyId: null });
        this.asked = 0;
        this.timer = null;
        useEffect(
            (key) => {
                clearTimeout(this.timer);
                this.state.total = null;
                if (key) {
                    this.timer = setTimeout(() => this.ask(), DELAY);
                }
            },
            () => [this.basketKey()]
        );
        onWillUnmount(() => clearTimeout(this.timer));
    }

    /** The person and the basket's lines ([product_id, amount with taxes]) to preview. */
    basket() {
        const order = this.pos.get_order();
        const partner = order?.get_partner();
        if (!partner?.coop_state) {
            return null;
        }
        const lines = order
            .get_orderlines()
            .filter((line) => line.product_id && line.get_price_with_tax())
            .map((line) => [line.product_id.id, line.get_price_with_tax()]);
        return lines.length ? { partnerId: partner.id, lines } : null;
    }

    basketKey() {
        const basket = this.basket();
        return basket ? JSON.stringify(basket) : "";
    }

    async ask() {
        const basket = this.basket();
        if (!basket) {
            return;
        }
        const asked = ++this.asked;
        let result;
        try {
            // the till's amounts, converted by the server to the ledger's currency
            result = await this.pos.data.call("coop.cashback.rule", "coop_preview", [
                basket.partnerId,
                basket.lines,
                "pos",
                this.pos.config.id,
            ]);
        } catch (error) {
            if (!(error instanceof ConnectionLostError || error instanceof RPCError)) {
                throw error;
            }
            result = null; // offline or refused: nothing to show
        }
        if (asked === this.asked && result) {
            Object.assign(this.state, {
                total: result.total,
                currency: result.currency,
                currencyId: result.currency_id,
            });
        }
    }

    get label() {
        // earned in the company's currency, which may not be the till's
        const amount =
            this.state.currencyId === this.pos.currency.id
                ? this.env.utils.formatCurrency(this.state.total)
                : `${this.env.utils.formatCurrency(this.state.total, false)} ${this.state.currency}`;
        return _t("This basket earns %s of cashback", amount);
    }
}
