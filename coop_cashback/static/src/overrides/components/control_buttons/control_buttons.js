import { ControlButtons } from "@point_of_sale/app/screens/product_screen/control_buttons/control_buttons";
import { ConfirmationDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";

patch(ControlButtons.prototype, {
    /** A shopper whose cashback reaches the entry fee may pay it from cashback. */
    get coopCanPayEntryFee() {
        const partner = this.pos.get_order()?.get_partner();
        return Boolean(
            partner &&
                ["shopper", "former"].includes(partner.coop_state) &&
                partner.coop_entry_fee_due > 0 &&
                (partner.coop_cashback_balance || 0) >= partner.coop_entry_fee_due
        );
    },

    onClickCoopEntryFee() {
        const partner = this.pos.get_order().get_partner();
        const fee = this.env.utils.formatCurrency(partner.coop_entry_fee_due);
        this.dialog.add(ConfirmationDialog, {
            title: _t("Entry fee from cashback"),
            body: _t(
                "Does %(name)s want to pay the entry fee of %(fee)s from their cashback? They become an applicant; the application is completed at the desk.",
                { name: partner.name, fee }
            ),
            confirmLabel: _t("Yes, pay the entry fee"),
            cancelLabel: _t("No"),
            confirm: async () => {
                const result = await this.pos.data.call(
                    "res.partner",
                    "coop_pay_entry_fee_from_cashback",
                    [partner.id],
                    { confirmed: true }
                );
                partner.coop_state = result.coop_state;
                partner.coop_cashback_balance = result.coop_cashback_balance;
                partner.coop_entry_fee_due = 0;
                this.notification.add(_t("Entry fee paid: %s is an applicant.", partner.name), {
                    type: "success",
                });
            },
        });
    },
});
