import { ControlButtons } from "@point_of_sale/app/screens/product_screen/control_buttons/control_buttons";
import { patch } from "@web/core/utils/patch";
import { coopCanPayEntryFee } from "@coop_cashback/coop_status";
import { coopOfferEntryFee } from "@coop_cashback/components/entry_fee_offer/entry_fee_offer";

patch(ControlButtons.prototype, {
    /** The offer made on selecting the person, again (after "Not now"). */
    get coopCanPayEntryFee() {
        return coopCanPayEntryFee(this.pos.get_order()?.get_partner());
    },

    onClickCoopEntryFee() {
        coopOfferEntryFee(this.pos, this.pos.get_order().get_partner());
    },
});
