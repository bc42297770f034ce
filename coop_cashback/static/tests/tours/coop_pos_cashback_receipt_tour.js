import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import { registry } from "@web/core/registry";

// A registered shopper buys; the receipt shows the cashback the server accrued and the balance.
registry.category("web_tour.tours").add("coop_pos_cashback_receipt", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Coop Anna"),
            ProductScreen.addOrderline("Coop Test Bread", "2"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            {
                content: "the receipt shows the cashback earned",
                trigger: ".pos-receipt .coop-cashback-earned:contains('5.50')",
            },
            {
                content: "and the balance after it",
                trigger: ".pos-receipt .coop-cashback-balance:contains('15.50')",
            },
        ].flat(),
});
