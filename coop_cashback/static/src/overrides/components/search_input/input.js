import { onMounted, onWillUnmount } from "@odoo/owl";
import { Input } from "@point_of_sale/app/generic_components/inputs/input/input";
import { ProductScreen } from "@point_of_sale/app/screens/product_screen/product_screen";
import { patch } from "@web/core/utils/patch";

/**
 * What the cashier typed in a search field counts at once when it matters.
 *
 * The till's search fields apply their value after a pause in typing (500 ms for products).
 * Odoo's pending write outlived the field: in the narrow layout, switching to the order and
 * back removes the product search field, and its pending write came later and overwrote what
 * the cashier had typed meanwhile in the new field. A product clicked before the pause was
 * chosen with the search before too: Odoo picks the variant whose barcode is searched, so the
 * variant of the previous search was added (Odoo's tour test_barcode_search_attributes_preset).
 * Now a field applies what was typed when it goes away, and the product search when a product
 * is clicked.
 */
const productSearches = new Set();

patch(ProductScreen.prototype, {
    async addProductToOrder(product) {
        for (const input of productSearches) {
            input.coopApplyTyped();
        }
        return await super.addProductToOrder(...arguments);
    },
});

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
