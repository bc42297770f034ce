import { PartnerList } from "@point_of_sale/app/screens/partner_list/partner_list";
import { makeAwaitable } from "@point_of_sale/app/store/make_awaitable_dialog";
import { patch } from "@web/core/utils/patch";
import { CoopRegisterShopperDialog } from "@coop_cashback/components/register_shopper_dialog/register_shopper_dialog";

patch(PartnerList.prototype, {
    async coopRegisterShopper() {
        const partner = await makeAwaitable(this.dialog, CoopRegisterShopperDialog, {});
        if (partner) {
            this.clickPartner(partner);
        }
    },
});
