import { useEffect } from "@odoo/owl";
import { PaymentScreen } from "@point_of_sale/app/screens/payment_screen/payment_screen";
import { AlertDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { _t } from "@web/core/l10n/translation";
import { ConnectionLostError, RPCError } from "@web/core/network/rpc";
import { patch } from "@web/core/utils/patch";

/* The till checks cashback with the server (res.partner.coop_pos_cashback_available) when a
 * cashback payment is added and again before the order is validated: another till may have
 * spent it meanwhile. Offline, it goes by the balance it loaded; the server then records an
 * overdraft if the balance moved. */
patch(PaymentScreen.prototype, {
    setup() {
        super.setup(...arguments);
        useEffect(
            (removed) => {
                if (removed) {
                    this.coopSayCashbackRemoved(removed);
                }
            },
            () => [this.currentOrder?.uiState.coopCashbackRemoved]
        );
    },

    /** The customer changed: the order's cashback payments were removed (PosOrder.set_partner). */
    coopSayCashbackRemoved(removed) {
        this.currentOrder.uiState.coopCashbackRemoved = undefined;
        this.notification.add(
            _t(
                "The cashback payment of %(amount)s for %(name)s was removed: the customer changed. Only the person themself can pay with their cashback.",
                { amount: this.env.utils.formatCurrency(removed.amount), name: removed.name }
            ),
            { type: "warning" }
        );
    },

    /** Cashback this till took from the person in orders not synced yet (paid offline). */
    coopCashbackUnsynced(partner) {
        return this.pos.models["pos.order"]
            .filter(
                (order) =>
                    order !== this.currentOrder &&
                    order.isUnsyncedPaid &&
                    order.partner_id?.id === partner.id
            )
            .reduce((sum, order) => sum + order.coopCashbackPaid(), 0);
    },

    /** What the person may spend now, asked from the server (the balance the till shows is
     * updated); offline, the balance the till loaded. Other errors reach the caller. */
    async coopCashbackAvailable(partner) {
        let online = true;
        try {
            const result = await this.pos.data.call("res.partner", "coop_pos_cashback_available", [
                partner.id,
                this.pos.config.id,
            ]);
            partner.coop_cashback_balance = result.available;
        } catch (error) {
            if (!(error instanceof ConnectionLostError)) {
                throw error;
            }
            online = false;
        }
        const unsynced = this.coopCashbackUnsynced(partner);
        const available = (partner.coop_cashback_balance || 0) - unsynced;
        return { available: this.env.utils.roundCurrency(available), online };
    },

    /** coopCashbackAvailable, saying so when offline; null (and the server's message shown)
     * when the server refuses. */
    async coopCheckCashback(partner) {
        let check;
        try {
            check = await this.coopCashbackAvailable(partner);
        } catch (error) {
            if (!(error instanceof RPCError)) {
                throw error;
            }
            this.dialog.add(AlertDialog, {
                title: _t("Cashback not checked"),
                body: error.data?.message || error.message,
            });
            return null;
        }
        if (!check.online) {
            this.notification.add(
                _t(
                    "No connection: cashback checked against the balance loaded in the till (%(amount)s). If it was spent elsewhere meanwhile, the server records the overdraft when the order is sent.",
                    { amount: this.env.utils.formatCurrency(check.available) }
                ),
                { type: "warning" }
            );
        }
        return check;
    },

    async addNewPaymentLine(paymentMethod) {
        if (!paymentMethod.coop_is_cashback) {
            return super.addNewPaymentLine(...arguments);
        }
        const order = this.currentOrder;
        const partner = order.get_partner();
        if (!partner?.coop_state) {
            this.dialog.add(AlertDialog, {
                title: _t("No cashback to spend"),
                body: _t("Select the registered person first."),
            });
            return false;
        }
        if (order.get_due() < 0) {
            // a refund gives back cashback: nothing is spent, nothing to check
            return super.addNewPaymentLine(...arguments);
        }
        const check = await this.coopCheckCashback(partner);
        if (!check) {
            return false;
        }
        const left = this.env.utils.roundCurrency(check.available - order.coopCashbackPaid());
        if (left <= 0) {
            this.dialog.add(AlertDialog, {
                title: _t("No cashback to spend"),
                body: _t("%(name)s has no cashback available (%(amount)s).", {
                    name: partner.name,
                    amount: this.env.utils.formatCurrency(left),
                }),
            });
            return false;
        }
        const line = order.add_paymentline(paymentMethod);
        if (!line) {
            return false;
        }
        line.set_amount(Math.min(line.get_amount(), left));
        this.numberBuffer.reset();
        this.notification.add(
            _t("%(name)s has %(amount)s of cashback available.", {
                name: partner.name,
                amount: this.env.utils.formatCurrency(left),
            }),
            { type: "info" }
        );
        return true;
    },

    async _isOrderValid(isForceValidate) {
        if (!(await super._isOrderValid(...arguments))) {
            return false;
        }
        return await this.coopCashbackIsCovered();
    },

    /** Before the order is validated: cashback is paid only by the registered person, and
     * no more than the server says they have now. */
    async coopCashbackIsCovered() {
        const order = this.currentOrder;
        if (!order.coopCashbackPayments().length) {
            return true;
        }
        const partner = order.get_partner();
        if (!partner?.coop_state) {
            this.dialog.add(AlertDialog, {
                title: _t("Cashback needs the person"),
                body: _t(
                    "Only a registered person can pay with cashback: select them as the customer, or remove the cashback payment."
                ),
            });
            return false;
        }
        const paid = order.coopCashbackPaid();
        if (paid <= 0) {
            return true; // a refund gives cashback back
        }
        const check = await this.coopCheckCashback(partner);
        if (!check) {
            return false;
        }
        if (this.env.utils.roundCurrency(paid - check.available) > 0) {
            const available = this.env.utils.formatCurrency(Math.max(check.available, 0));
            this.dialog.add(AlertDialog, {
                title: _t("Not enough cashback"),
                body: _t(
                    "%(name)s has %(available)s of cashback available now, less than the %(paid)s to pay with it (it may have been spent at another till). Lower the cashback payment to %(available)s at most and take the rest another way.",
                    {
                        name: partner.name,
                        available,
                        paid: this.env.utils.formatCurrency(paid),
                    }
                ),
            });
            return false;
        }
        return true;
    },
});
