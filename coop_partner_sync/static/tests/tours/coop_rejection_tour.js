/** @odoo-module **/
import { registry } from "@web/core/registry";

// Whoever reviews rejected partner rows opens one, corrects its amount and clicks Process
// again once: no error, the row is done.
registry.category("web_tour.tours").add("coop_rejection_process_again", {
    steps: () => [
        {
            content: "the rows to review",
            trigger: ".o_list_view .o_data_row:contains('T-TOUR-1') td[name=external_id]",
            run: "click",
        },
        {
            content: "the row says why it was rejected",
            trigger: ".o_form_view .o_field_widget[name=error]:contains('amount')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=amount] input",
            run: "edit 1000.00",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_reprocess]",
            run: "click",
        },
        {
            content: "done at the first click, and no error dialog",
            trigger:
                "body:not(:has(.o_error_dialog, .modal)) .o_form_view:not(:has(button[name=action_reprocess])) .o_statusbar_status button.o_arrow_button_current:contains('Fixed')",
        },
        {
            content: "the row tells what it stored",
            trigger: ".o_form_view .o_field_widget[name=transaction_id]:contains('T-TOUR-1')",
        },
    ],
});
