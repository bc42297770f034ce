import { PartnerList } from "@point_of_sale/app/screens/partner_list/partner_list";
import { makeAwaitable } from "@point_of_sale/app/store/make_awaitable_dialog";
import { patch } from "@web/core/utils/patch";
import { CoopRegisterShopperDialog } from "@coop_cashback/components/register_shopper_dialog/register_shopper_dialog";

patch(PartnerList.prototype, {
    setup() {
        super.setup(...arguments);
        /* Odoo's customer search also looks for "<typed>%" in phone and mobile (pos_sms: in
         * phone_mobile_search), which the server refuses from a cashier, who sees phones
         * masked (152-FZ: a part of a number tells what the mask hides). The till looks the
         * phone up whole instead (getNewPartners). An own property, so that it holds whatever
         * patch of getPhoneSearchTerms comes after this one (pos_sms's). Staff who see
         * phones whole keep Odoo's search. */
        if (this.pos.user?.raw?.coop_phones_masked) {
            this.getPhoneSearchTerms = () => [];
        }
    },
    /** Find people by phone in any usual form (89001234567, +7 900 123-45-67, 9001234567):
     * the server normalises what was typed (a cashier sees phones masked, so the till finds
     * people through the server, not by reading their phones). */
    async getNewPartners() {
        const found = await super.getNewPartners();
        const query = (this.state.query || "").trim();
        let byPhone = [];
        if (/^[+\d\s().-]{5,}$/.test(query)) {
            byPhone = await this.pos.data.searchRead(
                "res.partner",
                [["coop_phone_search", "=", query]],
                [],
                { limit: 5 }
            );
        }
        const all = [...byPhone, ...found.filter((p) => !byPhone.some((b) => b.id === p.id))];
        this.state.coopFound = { query: this.state.query, ids: all.map((p) => p.id) };
        return all;
    },
    /** People the server found for this query stay listed, though the till's own filter
     * cannot match a phone it only has masked. */
    getPartners() {
        const partners = super.getPartners();
        const found = this.state.coopFound;
        if (!found || found.query !== this.state.query) {
            return partners;
        }
        const extra = found.ids
            .map((id) => this.pos.models["res.partner"].get(id))
            .filter((partner) => partner && !partners.includes(partner));
        return [...extra, ...partners];
    },
    async coopRegisterShopper() {
        const partner = await makeAwaitable(this.dialog, CoopRegisterShopperDialog, {});
        if (partner) {
            this.clickPartner(partner);
        }
    },
});
