import { Component, useState } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";
import { _t } from "@web/core/l10n/translation";
import { usePos } from "@point_of_sale/app/store/pos_hook";

/** Quick registration of a shopper at the till: phone, name and the consents the person gives
 * (coop_membership's coop_register_shopper decides; a known phone finds that person). */
export class CoopRegisterShopperDialog extends Component {
    static template = "coop_cashback.CoopRegisterShopperDialog";
    static components = { Dialog };
    static props = { getPayload: Function, close: Function };

    setup() {
        this.pos = usePos();
        this.state = useState({
            phone: "",
            name: "",
            consent_processing: false,
            consent_partner_transfer: false,
            consent_marketing: false,
            error: "",
            busy: false,
        });
    }

    async register() {
        if (!this.state.consent_processing) {
            this.state.error = _t("The person must consent to the processing of personal data.");
            return;
        }
        this.state.busy = true;
        try {
            const result = await this.pos.data.call("res.partner", "coop_register_shopper", [
                {
                    phone: this.state.phone,
                    name: this.state.name,
                    consent_processing: true,
                    consent_partner_transfer: this.state.consent_partner_transfer,
                    consent_marketing: this.state.consent_marketing,
                    channel: "till",
                },
            ]);
            const [partner] = await this.pos.data.read("res.partner", [result.partner_id]);
            this.props.getPayload(partner);
            this.props.close();
        } catch (error) {
            this.state.error = error?.data?.message || error?.message || String(error);
        } finally {
            this.state.busy = false;
        }
    }
}
