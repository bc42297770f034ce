import { PosStore } from "@point_of_sale/app/store/pos_store";
import { applyTypedProductSearch } from "@coop_cashback/overrides/components/search_input/input";
import { patch } from "@web/core/utils/patch";

/**
 * A cashier who types a variant's barcode in the product search and clicks the product gets
 * that variant chosen in the configurator.
 *
 * The till shows one product per template (its "main" variant, whichever variant was loaded
 * last) and Odoo presets the configurator only when the *shown* variant's barcode contains the
 * search: for any other variant the first values were chosen and the wrong variant sold. Which
 * variant is shown is not even stable: the products are loaded ordered by write date, equal for
 * variants written together, so it changes with the rest of the catalogue (Odoo's own tour
 * test_barcode_search_attributes_preset passed or failed by it).
 */
patch(PosStore.prototype, {
    async openConfigurator(product, opts = {}) {
        applyTypedProductSearch();
        return await super.openConfigurator(this.coopVariantSearched(product), opts);
    },

    /** The variant of `product`'s template whose barcode is being searched, else `product`. */
    coopVariantSearched(product) {
        const word = (this.searchProductWord || "").trim();
        const templateId = product?.raw?.product_tmpl_id;
        if (!word || !templateId) {
            return product;
        }
        const variants = this.models["product.product"].filter(
            (p) => p.raw?.product_tmpl_id === templateId && p.barcode
        );
        const exact = variants.find((p) => p.barcode === word);
        if (exact) {
            return exact;
        }
        if (product.barcode?.includes(word)) {
            return product;
        }
        const matching = variants.filter((p) => p.barcode.includes(word));
        return matching.length === 1 ? matching[0] : product;
    },
});
