import { _t } from "@web/core/l10n/translation";
import { PartnerList } from "@point_of_sale/app/screens/partner_list/partner_list";
import { ask } from "@point_of_sale/app/store/make_awaitable_dialog";
import { patch } from "@web/core/utils/patch";

patch(PartnerList.prototype, {
    /** "Search" (Enter) with a whole phone nobody of this cooperative has: a person of a
     * cooperative this one serves, found by the server (name, masked phone, their
     * cooperative only). Chosen, they are sold to as a guest contact of this cooperative,
     * made at this first sale; their cashback is earned in their own cooperative. */
    async searchPartner() {
        const query = this.state.query;
        const found = await super.searchPartner(...arguments);
        const ref = (query || "").trim();
        if (found.length || ref.length < 3 || !/\d/.test(ref)) {
            return found;
        }
        const people = await this.pos.data.call("res.partner", "coop_intercoop_find", [
            ref,
            this.pos.config.id,
        ]);
        for (const person of people) {
            const confirmed = await ask(this.dialog, {
                title: _t("A member of another cooperative"),
                body: _t(
                    "%(name)s, %(phone)s, %(label)s. Sell to them? Their cashback is earned in their cooperative.",
                    { name: person.name, phone: person.phone_masked || "", label: person.label }
                ),
            });
            if (!confirmed || this.state.query !== query) {
                continue;
            }
            const guestId = await this.pos.data.call("res.partner", "coop_intercoop_guest", [
                ref,
                this.pos.config.id,
                person.agreement_id,
            ]);
            // false: nobody with that phone can be served under that agreement any more
            const [guest] = guestId ? await this.pos.data.read("res.partner", [guestId]) : [];
            if (guest) {
                this.clickPartner(guest);
                return [guest];
            }
        }
        return found;
    },
});
