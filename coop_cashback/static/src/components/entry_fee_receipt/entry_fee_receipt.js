import { Component } from "@odoo/owl";
import { deserializeDate, formatDate } from "@web/core/l10n/dates";
import { ReceiptHeader } from "@point_of_sale/app/screens/receipt_screen/receipt/receipt_header/receipt_header";
import { coopStateLabel } from "@coop_cashback/coop_status";

/** The receipt for an entry fee paid from cashback: the person, the fee, the cashback left and
 * the next steps to membership (res.partner.coop_pay_entry_fee_from_cashback's answer). */
export class CoopEntryFeeReceipt extends Component {
    static template = "coop_cashback.CoopEntryFeeReceipt";
    static components = { ReceiptHeader };
    static props = {
        data: Object,
        headerData: Object,
        formatCurrency: Function,
    };

    get date() {
        return this.props.data.date ? formatDate(deserializeDate(this.props.data.date)) : "";
    }

    get status() {
        return coopStateLabel(this.props.data.coop_state);
    }
}
