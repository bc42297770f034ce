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
