import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import { registry } from "@web/core/registry";

// B's cashier types the phone of a person of cooperative A whom nobody of B has: Search
// finds them (name, masked phone, "Member of ПО «Альфа»"), the cashier confirms, and sells.
registry.category("web_tour.tours").add("coop_intercoop_sale", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.addOrderline("Coop IC Bread", "2"),
            ProductScreen.clickPartnerButton(),
            {
                trigger: ".modal input[placeholder='Search Customers...']",
                run: "edit 89005556677",
            },
            {
                trigger: ".modal .search-more-button button",
                run: "click",
            },
            {
                content: "the person of A, with the minimum: name, masked phone, cooperative",
                trigger:
                    ".modal:contains('Анна А.'):contains('+7900***-**-77'):contains('Member of ПО «Альфа»')",
            },
            {
                content: "the full phone is nowhere on the page",
                trigger: "body:not(:contains('5556677'))",
            },
            Dialog.confirm(),
            ProductScreen.customerIsSelected("Анна А."),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.remainingIs("0.00"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
        ].flat(),
});
