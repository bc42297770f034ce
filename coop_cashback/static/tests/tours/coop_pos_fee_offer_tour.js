import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import { registry } from "@web/core/registry";

function offerShown() {
    return [
        {
            content: "selecting the shopper, the till offers the entry fee from cashback",
            trigger:
                ".modal:not(.o_inactive_modal) .modal-body:contains('Coop Lena has'):contains('1,200.00'):contains('1,000.00')",
        },
        {
            content: "with Yes and Not now",
            trigger: ".modal:not(.o_inactive_modal) .modal-footer button:contains('Not now')",
        },
    ];
}

function sellBreadByBank() {
    return [
        ProductScreen.addOrderline("Coop Test Bread", "2"),
        ProductScreen.clickPayButton(),
        PaymentScreen.clickPaymentMethod("Bank"),
        PaymentScreen.clickValidate(),
        ReceiptScreen.isShown(),
    ].flat();
}

// "Not now": nothing is paid; the order screen shows what the basket will earn; the sale's
// receipt names the person (phone masked) and their status.
registry.category("web_tour.tours").add("coop_pos_fee_offer_not_now", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Coop Lena"),
            offerShown(),
            {
                content: "Not now",
                trigger: ".modal:not(.o_inactive_modal) .modal-footer button:contains('Not now')",
                run: "click",
            },
            Dialog.isNot(),
            {
                content: "still a shopper with all the cashback; the till says the fee is reachable",
                trigger: ".set-partner .coop-partner-status:contains('Shopper'):contains('1,200.00')",
            },
            { trigger: ".set-partner .coop-entry-fee-reachable" },
            ProductScreen.addOrderline("Coop Test Bread", "2"),
            {
                content: "the order screen shows what the basket earns: 5% of 110",
                trigger: ".set-partner .coop-cashback-preview:contains('5.50')",
            },
            ProductScreen.clickDisplayedProduct("Coop Test Bread"),
            {
                content: "and follows the basket: 5% of 165",
                trigger: ".set-partner .coop-cashback-preview:contains('8.25')",
            },
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            {
                content: "the receipt names the person with the phone masked",
                trigger:
                    ".pos-receipt .coop-receipt-person-name:contains('Coop Lena'):contains('***-**-55')",
            },
            {
                content: "and their status",
                trigger: ".pos-receipt .coop-receipt-person-status:contains('Shopper')",
            },
            {
                content: "never the whole phone",
                trigger: ".pos-receipt:not(:contains('111-22-55')):not(:contains('1112255'))",
            },
        ].flat(),
});

// "Yes": the fee is paid from cashback; the fee receipt shows the amount, the cashback left and
// the next steps; the next sale's receipt says the person is an applicant.
registry.category("web_tour.tours").add("coop_pos_fee_offer_yes", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Coop Lena"),
            offerShown(),
            Dialog.confirm("Yes"),
            {
                content: "the fee receipt: the amount",
                trigger: ".coop-entry-fee-receipt-screen .coop-fee-amount:contains('1,000.00')",
            },
            {
                content: "the cashback left",
                trigger: ".coop-entry-fee-receipt-screen .coop-fee-cashback-left:contains('200.00')",
            },
            {
                content: "the person, phone masked, now an applicant",
                trigger:
                    ".coop-entry-fee-receipt-screen .coop-fee-person:contains('Coop Lena'):contains('***-**-55')",
            },
            { trigger: ".coop-entry-fee-receipt-screen .coop-fee-status:contains('Applicant')" },
            {
                content: "the next steps to membership",
                trigger:
                    ".coop-fee-next-steps li:contains('application at the desk') ~ li:contains('30 days') ~ li:contains('2,000.00')",
            },
            {
                content: "back to the order",
                trigger: ".coop-entry-fee-receipt-screen .coop-fee-back",
                run: "click",
            },
            {
                content: "an applicant with 200 left, nothing more offered",
                trigger:
                    ".set-partner .coop-partner-status:contains('Applicant'):contains('200.00')",
            },
            {
                trigger: ".set-partner:not(:has(.coop-entry-fee-reachable))",
            },
            sellBreadByBank(),
            {
                content: "the sale's receipt gives the person's new status",
                trigger: ".pos-receipt .coop-receipt-person-status:contains('Applicant')",
            },
        ].flat(),
});
