import { onMounted, onWillUnmount } from "@odoo/owl";
import { Input } from "@point_of_sale/app/generic_components/inputs/input/input";
import { patch } from "@web/core/utils/patch";

/**
 * What the cashier typed in a search field counts at once when it matters.
 *
 * The till's search fields apply their value after a pause in typing (500 ms for products).
 * Odoo's pending write outlived the field: in the narrow layout, switching to the order and
 * back removes the product search field, and its pending write came later and overwrote what
 * the cashier had typed meanwhile in the new field. Now a field applies what was typed when it
 * goes away, and the product search applies it when a product is chosen (see
 * variant_barcode_search.js); Odoo's tour test_barcode_search_attributes_preset failed on both.
 */
const productSearches = new Set();

/** Applies now what the cashier typed in the product search and is not applied yet. */
export function applyTypedProductSearch() {
    for (const input of productSearches) {
        input.coopApplyTyped();
    }
}

patch(Input.prototype, {
    setup() {
        super.setup();
        const debounced = this.setValue;
        this.setValue = Object.assign(
            (...args) => {
                this.coopTyped = args;
                return debounced(...args);
            },
            { cancel: (execNow) => debounced.cancel(execNow) }
        );
        if (this.props.tModel[1] === "searchProductWord") {
            onMounted(() => productSearches.add(this));
        }
        onWillUnmount(() => {
            this.coopApplyTyped();
            productSearches.delete(this);
        });
    },

    setValue() {
        this.coopTyped = null;
        return super.setValue(...arguments);
    },

    /** Applies now what was typed and is waiting for the pause, if anything. */
    coopApplyTyped() {
        const typed = this.coopTyped;
        if (typed) {
            this.setValue.cancel();
            Input.prototype.setValue.call(this, ...typed);
        }
    },
});
