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
});
