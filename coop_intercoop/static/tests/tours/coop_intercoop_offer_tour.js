import { registry } from "@web/core/registry";

// B's manager opens the offers of other cooperatives from the menu and accepts A's.
registry.category("web_tour.tours").add("coop_intercoop_offer", {
    steps: () => [
        {
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            trigger: ".o_app[data-menu-xmlid='coop_membership.coop_membership_menu_root']",
            run: "click",
        },
        {
            trigger: ".o_menu_sections [data-menu-xmlid='coop_partner_sync.coop_partner_menu']",
            run: "click",
        },
        {
            trigger: ".o-dropdown-item[data-menu-xmlid='coop_intercoop.coop_intercoop_offer_menu']",
            run: "click",
        },
        {
            content: "A's offer, not accepted",
            trigger: ".o_data_row:contains('ПО «Альфа»'):contains('Not accepted')",
        },
        {
            trigger: ".o_data_row:contains('ПО «Альфа»') button[name='action_accept']",
            run: "click",
        },
        {
            content: "the row shows the acceptance, by B's manager",
            trigger:
                ".o_data_row:contains('ПО «Альфа»'):not(:contains('Not accepted')):contains('Accepted'):contains('coop_ic_offer_b')",
        },
    ],
});
