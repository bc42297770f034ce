import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import { registry } from "@web/core/registry";

// A cashier types the phone, in its 8... form, of a person the till has not loaded: the
// server's lookup lists them at once (no "Search more"), phone masked, and they are selected.
registry.category("web_tour.tours").add("coop_pos_lookup", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            {
                content: "the till has not loaded the person",
                trigger: ".modal .partner-list:not(:contains('Coop Zoya'))",
            },
            {
                trigger: ".modal input[placeholder='Search Customers...']",
                run: "edit 89007776655",
            },
            {
                content: "found at once through the server, the phone masked",
                trigger: ".partner-line:contains('Coop Zoya'):contains('+7900***-**-55')",
            },
            {
                content: "the full phone is nowhere on the page",
                trigger: ".modal:not(:contains('7776655'))",
            },
            {
                trigger: ".partner-line:contains('Coop Zoya')",
                run: "click",
            },
            ProductScreen.customerIsSelected("Coop Zoya"),
        ].flat(),
});

// Back office, Cooperative > People: a phone typed in the 8... form and Enter finds the person
// (the search box's name field searches the same lookup as the till).
registry.category("web_tour.tours").add("coop_people_lookup", {
    steps: () => [
        {
            content: "every person is listed, not only members",
            trigger: ".o_list_view .o_data_row:contains('Coop Olga')",
        },
        {
            trigger: ".o_searchview_input",
            run: "edit 8 910 000-00-05",
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "the person with that phone, and no one else",
            trigger:
                ".o_list_view:not(:has(.o_data_row:contains('Coop Boris'))) .o_data_row:contains('Coop Olga')",
        },
        {
            content: "clear that search",
            trigger: ".o_searchview_facet .o_facet_remove",
            run: "click",
        },
        {
            trigger: ".o_searchview_input",
            run: "edit 8 910 000-00-99",
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "a phone nobody has: the list says nothing matched",
            trigger: ".o_view_nocontent:contains('No one matches this search')",
        },
    ],
});
