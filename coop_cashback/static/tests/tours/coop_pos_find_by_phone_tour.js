import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import { registry } from "@web/core/registry";

// A cashier sees people's phones masked, and finds a person by phone typed in another form.
registry.category("web_tour.tours").add("coop_pos_find_by_phone", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            {
                content: "the phone is masked in the customer list",
                trigger: ".partner-line:contains('Coop Fedor'):contains('+7900***-**-77')",
            },
            {
                content: "the full phone is nowhere on the page",
                trigger: ".modal:not(:contains('1112277'))",
            },
            { trigger: ".modal input[placeholder='Search Customers...']", run: "edit 8 900 111-22-77" },
            { trigger: ".modal .search-more-button button", run: "click" },
            {
                content: "found through the server, in the list",
                trigger: ".partner-line:contains('Coop Fedor')",
                run: "click",
            },
            ProductScreen.customerIsSelected("Coop Fedor"),
        ].flat(),
});
