import { AlertDialog, ConfirmationDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { _t } from "@web/core/l10n/translation";
import { ConnectionLostError, RPCError } from "@web/core/network/rpc";
import { coopCanPayEntryFee, coopPersonRef } from "@coop_cashback/coop_status";

/** The till offers a person whose cashback reaches the entry fee to pay it from cashback:
 * "Yes" pays it on the server (res.partner.coop_pay_entry_fee_from_cashback, idempotent) and
 * shows the fee receipt; "Not now" closes the offer and nothing is paid. */
export function coopOfferEntryFee(pos, partner) {
    if (!coopCanPayEntryFee(partner)) {
        return;
    }
    const formatCurrency = pos.env.utils.formatCurrency;
    pos.dialog.add(ConfirmationDialog, {
        title: _t("Entry fee from cashback"),
        body: _t(
            "%(name)s has %(balance)s of cashback: enough for the entry fee of %(fee)s. Does the person want to pay it from cashback? They become an applicant; the application is completed at the desk.",
            {
                name: partner.name,
                balance: formatCurrency(partner.coop_cashback_balance || 0),
                fee: formatCurrency(partner.coop_entry_fee_due),
            }
        ),
        confirmLabel: _t("Yes"),
        cancelLabel: _t("Not now"),
        confirm: () => coopPayEntryFee(pos, partner),
        cancel: () => {},
    });
}

/** The person said yes: the server pays the fee; the till shows the person's new status and
 * balance, and the fee receipt. */
export async function coopPayEntryFee(pos, partner) {
    let result;
    try {
        result = await pos.data.call(
            "res.partner",
            "coop_pay_entry_fee_from_cashback",
            [partner.id],
            { confirmed: true }
        );
    } catch (error) {
        if (error instanceof ConnectionLostError) {
            pos.dialog.add(AlertDialog, {
                title: _t("Entry fee not paid"),
                body: _t(
                    "No connection: the entry fee is paid only online. Offer it again from Actions once the till is back online."
                ),
            });
            return;
        }
        if (error instanceof RPCError) {
            pos.dialog.add(AlertDialog, {
                title: _t("Entry fee not paid"),
                body: error.data?.message || error.message,
            });
            return;
        }
        throw error;
    }
    partner.coop_state = result.coop_state;
    partner.coop_cashback_balance = result.coop_cashback_balance;
    partner.coop_entry_fee_due = 0;
    pos.showScreen("CoopEntryFeeReceiptScreen", {
        receipt: {
            ...result,
            name: partner.name,
            person: result.person || coopPersonRef(partner),
        },
    });
}
