import { Component, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { usePos } from "@point_of_sale/app/store/pos_hook";
import { useTrackedAsync } from "@point_of_sale/app/utils/hooks";
import { CoopEntryFeeReceipt } from "@coop_cashback/components/entry_fee_receipt/entry_fee_receipt";

/** Shown once the entry fee is paid from cashback: the fee receipt, to print, then back to
 * the order (which the fee did not touch). */
export class CoopEntryFeeReceiptScreen extends Component {
    static template = "coop_cashback.CoopEntryFeeReceiptScreen";
    static components = { CoopEntryFeeReceipt };
    static props = { receipt: Object };
    static storeOnOrder = false;

    setup() {
        this.pos = usePos();
        this.ui = useState(useService("ui"));
        this.printer = useService("printer");
        this.headerData = this.pos.getReceiptHeaderData();
        this.doPrint = useTrackedAsync(() =>
            this.printer.print(
                CoopEntryFeeReceipt,
                {
                    data: this.props.receipt,
                    headerData: this.headerData,
                    formatCurrency: this.env.utils.formatCurrency,
                },
                { webPrintFallback: true }
            )
        );
    }

    get amount() {
        return this.env.utils.formatCurrency(this.props.receipt.amount);
    }

    backToOrder() {
        this.pos.showScreen("ProductScreen");
    }
}

registry.category("pos_screens").add("CoopEntryFeeReceiptScreen", CoopEntryFeeReceiptScreen);
