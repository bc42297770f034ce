import { PosStore } from "@point_of_sale/app/store/pos_store";
import { patch } from "@web/core/utils/patch";
import { coopPersonRef, coopStateLabel } from "@coop_cashback/coop_status";

patch(PosStore.prototype, {
    /** The receipt names the registered person without their whole phone (member number or
     * phone masked) and gives their status. */
    getReceiptHeaderData(order) {
        const result = super.getReceiptHeaderData(...arguments);
        const partner = order?.get_partner();
        if (partner?.coop_state) {
            result.coopPerson = {
                name: partner.name,
                ref: coopPersonRef(partner),
                status: coopStateLabel(partner.coop_state),
            };
        }
        return result;
    },
});
