import { SelectPartnerButton } from "@point_of_sale/app/screens/product_screen/control_buttons/select_partner_button/select_partner_button";
import { patch } from "@web/core/utils/patch";
import { coopCanPayEntryFee, coopStateLabel } from "@coop_cashback/coop_status";
import { CoopCashbackPreview } from "@coop_cashback/components/cashback_preview/cashback_preview";

patch(SelectPartnerButton, {
    components: { ...SelectPartnerButton.components, CoopCashbackPreview },
});

patch(SelectPartnerButton.prototype, {
    get coopStatus() {
        return coopStateLabel(this.props.partner?.coop_state);
    },
    /** The person's cashback reaches the entry fee: the till says so beside their name. */
    get coopCanPayEntryFee() {
        return coopCanPayEntryFee(this.props.partner);
    },
});
