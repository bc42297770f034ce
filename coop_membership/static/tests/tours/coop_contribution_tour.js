/** @odoo-module **/
import { registry } from "@web/core/registry";

// An officer records an entry fee in the back office: the amount in force comes from the fee
// version, and the saved record is titled by its kind, person and date.
registry.category("web_tour.tours").add("coop_contribution_entry_fee", {
    steps: () => [
        {
            content: "the contributions list, grouped by kind, each kind with its own total",
            trigger: ".o_list_view .o_group_header:contains('Mandatory share'):contains('500.00')",
        },
        {
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=partner_id] input",
            run: "edit Coop Lena",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Coop Lena')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=kind] select",
            run: 'select "entry_fee"',
        },
        {
            content: "the amount in force is filled in",
            trigger: ".o_form_view .o_field_widget[name=amount] input:value('1,500.00')",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "saved, titled by the kind, the person and the date",
            trigger:
                ".o_form_view:has(.o_form_saved) .o_last_breadcrumb_item:contains('Entry fee — Coop Lena — ')",
        },
    ],
});
