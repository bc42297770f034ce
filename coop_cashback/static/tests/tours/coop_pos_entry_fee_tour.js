import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import { registry } from "@web/core/registry";

// A shopper whose cashback reaches the entry fee is offered to pay it from cashback on being
// selected, says "Not now", then asks for it: the cashier finds the offer again under Actions,
// the person says yes and becomes an applicant.
registry.category("web_tour.tours").add("coop_pos_entry_fee", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Coop Clara"),
            {
                content: "the offer made on selecting the person: not now",
                trigger: ".modal:not(.o_inactive_modal) .modal-footer button:contains('Not now')",
                run: "click",
            },
            Dialog.isNot(),
            {
                content: "a shopper with 1,200 of cashback",
                trigger: ".set-partner .coop-partner-status:contains('Shopper'):contains('1,200.00')",
            },
            ProductScreen.clickControlButton("Entry fee from cashback"),
            Dialog.confirm("Yes"),
            {
                content: "the fee receipt, then back to the order",
                trigger: ".coop-entry-fee-receipt-screen .coop-fee-back",
                run: "click",
            },
            {
                content: "now an applicant with 200 left",
                trigger: ".set-partner .coop-partner-status:contains('Applicant'):contains('200.00')",
            },
        ].flat(),
});
