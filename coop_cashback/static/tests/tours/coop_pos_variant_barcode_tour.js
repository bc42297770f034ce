import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import { registry } from "@web/core/registry";

// The cashier types each variant's barcode in the search, clicks the product and adds it: the
// configurator comes with that variant chosen, whichever variant the till shows for the product.
const VARIANTS = [
    ["46000011", "Coop Shirt (Red, S)"],
    ["46000012", "Coop Shirt (Red, M)"],
    ["46000021", "Coop Shirt (Blue, S)"],
    ["46000022", "Coop Shirt (Blue, M)"],
];

registry.category("web_tour.tours").add("coop_pos_variant_barcode", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            VARIANTS.map(([barcode, name]) => [
                ProductScreen.searchProduct(barcode),
                ProductScreen.clickDisplayedProduct("Coop Shirt"),
                {
                    content: "the product configurator is open",
                    trigger: ".section-product-info-title:contains('Coop Shirt')",
                },
                Dialog.confirm("Add"),
                ProductScreen.selectedOrderlineHas(name, "1.0"),
            ]),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
        ].flat(Infinity),
});
