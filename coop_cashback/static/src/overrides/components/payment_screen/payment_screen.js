import { PaymentScreen } from "@point_of_sale/app/screens/payment_screen/payment_screen";
import { AlertDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";

patch(PaymentScreen.prototype, {
    /** Cashback the selected person can still spend in this order. */
    coopCashbackLeft() {
        const partner = this.currentOrder.get_partner();
        if (!partner?.coop_state) {
            return 0;
        }
        const used = this.paymentLines
            .filter((line) => line.payment_method_id.coop_is_cashback)
            .reduce((sum, line) => sum + line.get_amount(), 0);
        return (partner.coop_cashback_balance || 0) - used;
    },

    async addNewPaymentLine(paymentMethod) {
        if (!paymentMethod.coop_is_cashback) {
            return super.addNewPaymentLine(...arguments);
        }
        const partner = this.currentOrder.get_partner();
        const left = this.coopCashbackLeft();
        if (!partner?.coop_state || left <= 0) {
            this.dialog.add(AlertDialog, {
                title: _t("No cashback to spend"),
                body: partner?.coop_state
                    ? _t("%s has no cashback available.", partner.name)
                    : _t("Select the registered person first."),
            });
            return false;
        }
        const line = this.currentOrder.add_paymentline(paymentMethod);
        if (!line) {
            return false;
        }
        line.set_amount(Math.min(line.get_amount(), left));
        this.numberBuffer.reset();
        return true;
    },

    async _isOrderValid(isForceValidate) {
        if (this.coopCashbackLeft() < -0.005) {
            this.dialog.add(AlertDialog, {
                title: _t("Not enough cashback"),
                body: _t("The cashback payment is above what the person has available."),
            });
            return false;
        }
        return super._isOrderValid(...arguments);
    },
});
