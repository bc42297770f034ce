import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import { registry } from "@web/core/registry";

// The cashier sees the person's status and balance, pays part of the order with cashback
// (capped at the balance) and the rest by card.
registry.category("web_tour.tours").add("coop_pos_pay_with_cashback", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Coop Boris"),
            {
                content: "the person's status and cashback are shown",
                trigger: ".set-partner .coop-partner-status:contains('Shopper'):contains('10.00')",
            },
            ProductScreen.addOrderline("Coop Test Bread", "2"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Cashback"),
            PaymentScreen.selectedPaymentlineHas("Cashback", "10.00"),
            PaymentScreen.remainingIs("100.00"),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            {
                content: "what cashback paid earns nothing: 5% of 100",
                trigger: ".pos-receipt .coop-cashback-earned:contains('5.00')",
            },
            {
                content: "balance after: 10 - 10 + 5",
                trigger: ".pos-receipt .coop-cashback-balance:contains('5.00')",
            },
        ].flat(),
});
