import { PosOrder } from "@point_of_sale/app/models/pos_order";
import { patch } from "@web/core/utils/patch";

patch(PosOrder.prototype, {
    /** The receipt shows the cashback the server decided for this order (it comes back with
     * the order once it is synced) and the person's balance after it. */
    export_for_printing(baseUrl, headerData) {
        const result = super.export_for_printing(...arguments);
        result.coop_has_cashback = Boolean(this.partner_id?.coop_state);
        result.coop_cashback_earned = this.coop_cashback_earned || 0;
        result.coop_cashback_balance_after = this.coop_cashback_balance_after || 0;
        return result;
    },

    /** The order's payments taken from the customer's cashback. */
    coopCashbackPayments() {
        return this.payment_ids.filter((line) => line.payment_method_id?.coop_is_cashback);
    },

    /** What the order takes from the customer's cashback (negative: a refund gives it back). */
    coopCashbackPaid() {
        return this.coopCashbackPayments().reduce((sum, line) => sum + line.get_amount(), 0);
    },

    /** Cashback belongs to the person it was taken for: when the customer changes or is
     * removed, the cashback payments go, so the till never sends cashback with no customer or
     * for someone else. The payment screen tells the cashier (uiState.coopCashbackRemoved). */
    set_partner(partner) {
        const before = this.get_partner();
        super.set_partner(...arguments);
        const lines = this.coopCashbackPayments();
        if (!lines.length || (before?.id || false) === (this.get_partner()?.id || false)) {
            return;
        }
        const amount = this.coopCashbackPaid();
        for (const line of lines) {
            this.remove_paymentline(line);
        }
        this.uiState.coopCashbackRemoved = { name: before?.name || "", amount };
    },
});
