import { PartnerLine } from "@point_of_sale/app/screens/partner_list/partner_line/partner_line";
import { patch } from "@web/core/utils/patch";
import { coopStateLabel } from "@coop_cashback/coop_status";

patch(PartnerLine.prototype, {
    get coopStatus() {
        return coopStateLabel(this.props.partner.coop_state);
    },
});
