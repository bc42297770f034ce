import { PosStore } from "@point_of_sale/app/store/pos_store";
import { patch } from "@web/core/utils/patch";

patch(PosStore.prototype, {
    /** After the server decided an order's cashback, the till shows the person's new balance. */
    postSyncAllOrders(orders) {
        super.postSyncAllOrders(...arguments);
        for (const order of orders || []) {
            const partner = order.partner_id;
            if (partner?.coop_state && order.coop_cashback_balance_after !== undefined) {
                partner.coop_cashback_balance = order.coop_cashback_balance_after;
            }
        }
    },
});
