import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import { scan_barcode } from "@point_of_sale/../tests/tours/utils/common";
import { registry } from "@web/core/registry";

// A cashier scans a person's card (EAN-13 of the cooperative's range) the till has not loaded:
// the person is chosen; a product's barcode still adds the product; an unknown code is "not found".
registry.category("web_tour.tours").add("coop_pos_card_scan", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            scan_barcode("4600000000985"),
            ProductScreen.customerIsSelected("Coop Zoya"),
            scan_barcode("4600000000992"),
            {
                content: "a code of nobody is not found",
                trigger: ".o_notification:contains('4600000000992')",
            },
            ProductScreen.customerIsSelected("Coop Zoya"),
            scan_barcode("4601234567893"),
            ProductScreen.selectedOrderlineHas("Coop Card Scan Product", "1"),
        ].flat(),
});
