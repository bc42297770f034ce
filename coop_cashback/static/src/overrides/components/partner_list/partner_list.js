import { useEffect } from "@odoo/owl";
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
         * phone up whole instead (coopLookUp). An own property, so that it holds whatever
         * patch of getPhoneSearchTerms comes after this one (pos_sms's). Staff who see
         * phones whole keep Odoo's search. */
        if (this.pos.user?.raw?.coop_phones_masked) {
            this.getPhoneSearchTerms = () => [];
        }
        useEffect(
            (query) => {
                this.coopLookUp(query);
            },
            () => [this.state.query]
        );
    },
    /** The person whose whole phone (any usual form: 89001234567, +7 900 123-45-67,
     * 9001234567), member number or card barcode was typed, found by the server's lookup as
     * the cashier types, also when the till has not loaded them (it loads a few people only),
     * read with the phone masked for a cashier. A name has no digits: the till's own filter
     * and Odoo's search find it. */
    async coopLookUp(query) {
        const ref = (query || "").trim();
        if (ref.length < 3 || !/\d/.test(ref)) {
            return [];
        }
        const found = await this.pos.data.searchRead(
            "res.partner",
            [["coop_lookup", "=", ref]],
            [],
            { limit: 5 }
        );
        if (this.state.query === query) {
            this.state.coopFound = { query, ids: found.map((p) => p.id) };
        }
        return found;
    },
    /** "Search more" (Enter): Odoo's search, and the lookup first. */
    async getNewPartners() {
        const query = this.state.query;
        const [byRef, found] = await Promise.all([
            this.coopLookUp(query),
            super.getNewPartners(),
        ]);
        const all = [...byRef, ...found.filter((p) => !byRef.some((b) => b.id === p.id))];
        if (this.state.query === query) {
            this.state.coopFound = { query, ids: all.map((p) => p.id) };
        }
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
