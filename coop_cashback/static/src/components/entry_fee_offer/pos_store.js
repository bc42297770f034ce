import { PosStore } from "@point_of_sale/app/store/pos_store";
import { ProductScreen } from "@point_of_sale/app/screens/product_screen/product_screen";
import { patch } from "@web/core/utils/patch";
import { coopOfferEntryFee } from "@coop_cashback/components/entry_fee_offer/entry_fee_offer";

/* On selecting a person (from the customer list or by scanning their card) whose cashback
 * reaches the entry fee, the till says so and offers to pay it. */
patch(PosStore.prototype, {
    async selectPartner() {
        const before = this.get_order()?.get_partner();
        const result = await super.selectPartner(...arguments);
        const partner = this.get_order()?.get_partner();
        if (partner && partner !== before) {
            coopOfferEntryFee(this, partner);
        }
        return result;
    },
});

patch(ProductScreen.prototype, {
    async _barcodePartnerAction(code) {
        const before = this.currentOrder?.get_partner();
        await super._barcodePartnerAction(...arguments);
        const partner = this.currentOrder?.get_partner();
        if (partner && partner !== before) {
            coopOfferEntryFee(this.pos, partner);
        }
    },
});
