import { ProductScreen } from "@point_of_sale/app/screens/product_screen/product_screen";
import { patch } from "@web/core/utils/patch";

/* A person's card scanned at the till: the plastic card or the card on the person's page (an
 * EAN-13 of the cooperative's own range). Odoo's default nomenclature reads such a code as a
 * product's; a code no product has is looked up as a person's card before "not found", and the
 * person is chosen as a card of the "client" rule would be (the entry fee offered if due). */
patch(ProductScreen.prototype, {
    async _barcodeProductAction(code) {
        const product = await this._getProductByBarcode(code);
        if (!product && (await this._getPartnerByBarcode(code))) {
            return this._barcodePartnerAction(code);
        }
        return super._barcodeProductAction(...arguments);
    },
});
