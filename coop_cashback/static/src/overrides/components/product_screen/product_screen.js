import { ProductScreen } from "@point_of_sale/app/screens/product_screen/product_screen";
import { patch } from "@web/core/utils/patch";

/* A person's card scanned at the till: the plastic card or the card on the person's page (an
 * EAN-13 of the cooperative's own range). Odoo's default nomenclature reads such a code as a
 * product's; a code no product has is looked up as the card of a person registered in this
 * cooperative (the server's lookup, as the customer search does) before "not found", and the
 * person is chosen as a card of the "client" rule would be (the entry fee offered if due). */
patch(ProductScreen.prototype, {
    async _barcodeProductAction(code) {
        const product = await this._getProductByBarcode(code);
        if (!product && (await this.coopCardHolder(code.code))) {
            return this._barcodePartnerAction(code);
        }
        return super._barcodeProductAction(...arguments);
    },
    /** The registered person of this cooperative whose card is ``barcode``, loaded into the
     * till; none when offline or nobody has it. */
    async coopCardHolder(barcode) {
        const loaded = this.pos.models["res.partner"].getBy("barcode", barcode);
        if (loaded) {
            return loaded;
        }
        try {
            const found = await this.pos.data.searchRead(
                "res.partner",
                [
                    ["coop_lookup", "=", barcode],
                    ["barcode", "=", barcode],
                ],
                [],
                { limit: 1 }
            );
            return found[0];
        } catch {
            return undefined; // offline: the product's "not found" stands
        }
    },
});
