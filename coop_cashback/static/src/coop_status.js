import { _t } from "@web/core/l10n/translation";

/** The person's cooperative status, as the till shows it. */
export function coopStateLabel(state) {
    return (
        {
            shopper: _t("Shopper"),
            applicant: _t("Applicant"),
            admitted: _t("Admitted"),
            member: _t("Member"),
            leaving: _t("Leaving"),
            former: _t("Former member"),
        }[state] || ""
    );
}

/** A shopper (or former member) whose cashback available reaches the entry fee in force may
 * pay the fee from it (res.partner.coop_pay_entry_fee_from_cashback decides). */
export function coopCanPayEntryFee(partner) {
    return Boolean(
        partner &&
            ["shopper", "former"].includes(partner.coop_state) &&
            partner.coop_entry_fee_due > 0 &&
            (partner.coop_cashback_balance || 0) >= partner.coop_entry_fee_due
    );
}

/** A phone as a cashier sees it (152-FZ): the last two digits, as the server masks it. A phone
 * the till loaded masked (a cashier's till) is shown as it came. */
export function coopMaskPhone(phone) {
    if (!phone || phone.includes("*")) {
        return phone || "";
    }
    const number = phone.replace(/[^\d+]/g, "");
    return number.length > 7 ? `${number.slice(0, -7)}***-**-${number.slice(-2)}` : number;
}

/** How a receipt names the person without their whole phone: the member number, else the
 * phone masked. */
export function coopPersonRef(partner) {
    if (!partner) {
        return "";
    }
    if (partner.coop_member_number) {
        return _t("Member no. %s", partner.coop_member_number);
    }
    return coopMaskPhone(partner.coop_phone_masked || partner.mobile || partner.phone);
}
