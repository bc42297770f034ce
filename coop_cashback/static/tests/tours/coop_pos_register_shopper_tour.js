import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import { registry } from "@web/core/registry";

// Quick registration at the till: phone, name, consents; the new shopper is selected.
registry.category("web_tour.tours").add("coop_pos_register_shopper", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            { trigger: ".modal .coop-register-shopper", run: "click" },
            { trigger: ".modal .coop-phone", run: "edit 8 (900) 555-66-77" },
            { trigger: ".modal .coop-name", run: "edit Coop Eva" },
            { content: "without consent it is refused", trigger: ".modal .coop-register-confirm", run: "click" },
            { trigger: ".modal .coop-register-error" },
            { trigger: ".modal .coop-consent-processing", run: "click" },
            { trigger: ".modal .coop-register-confirm", run: "click" },
            {
                content: "the new shopper is the order's customer",
                trigger: ".set-partner:contains('Coop Eva') .coop-partner-status:contains('Shopper')",
            },
        ].flat(),
});
