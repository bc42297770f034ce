import { SelectPartnerButton } from "@point_of_sale/app/screens/product_screen/control_buttons/select_partner_button/select_partner_button";
import { patch } from "@web/core/utils/patch";
import { coopStateLabel } from "@coop_cashback/coop_status";

patch(SelectPartnerButton.prototype, {
    get coopStatus() {
        return coopStateLabel(this.props.partner?.coop_state);
    },
});
