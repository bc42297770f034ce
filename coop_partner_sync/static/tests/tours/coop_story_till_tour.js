import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import { registry } from "@web/core/registry";

// The story at the till: a shopper who earned 950 at a partner shop buys for 1,100 (earns 55),
// then, with 1,005 of cashback, is offered the entry fee of 1,000 on being selected, pays it
// from cashback and becomes an applicant.
registry.category("web_tour.tours").add("coop_story_till", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Coop Story"),
            {
                content: "a shopper with the cashback earned at the partner shop",
                trigger: ".set-partner .coop-partner-status:contains('Shopper'):contains('950.00')",
            },
            ProductScreen.addOrderline("Coop Story Bread", "20"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            {
                content: "the receipt shows the cashback earned",
                trigger: ".pos-receipt .coop-cashback-earned:contains('55.00')",
            },
            {
                content: "and the balance after it",
                trigger: ".pos-receipt .coop-cashback-balance:contains('1,005.00')",
            },
            ReceiptScreen.clickNextOrder(),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Coop Story"),
            // the till offers the fee on selecting a shopper whose cashback reaches it
            Dialog.confirm("Yes"),
            {
                content: "the fee receipt, then back to the order",
                trigger: ".coop-entry-fee-receipt-screen .coop-fee-back",
                run: "click",
            },
            {
                content: "now an applicant with 5 left",
                trigger: ".set-partner .coop-partner-status:contains('Applicant'):contains('5.00')",
            },
        ].flat(),
});
