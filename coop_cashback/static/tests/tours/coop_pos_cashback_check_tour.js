import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
const uuidv4 = () => crypto.randomUUID();
import { serializeDateTime } from "@web/core/l10n/dates";
import { ConnectionLostError } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";

/**
 * Another till of the shop sells `qty` of the product to the person, paid entirely with
 * their cashback. It sends the paid order as every till does, with `pos.order.sync_from_ui`
 * in the same open session, by the same cashier (no extra right and no test-only route: it is
 * the very call their own till makes to send an order), straight through the ORM service, not
 * through this till's data: this till keeps the balance it loaded, as a till next to it would.
 */
function anotherTillSpendsCashback(partnerName, productName, qty) {
    return {
        content: `another till sells ${qty} ${productName} to ${partnerName}, paid with cashback`,
        trigger: ".pos",
        run: async () => {
            const pos = window.posmodel;
            const partner = pos.models["res.partner"].find((p) => p.name === partnerName);
            const product = pos.models["product.product"].find((p) => p.name === productName);
            const cashback = pos.config.payment_method_ids.find((m) => m.coop_is_cashback);
            const total = product.lst_price * qty;
            const line = {
                uuid: uuidv4(),
                product_id: product.id,
                qty,
                price_unit: product.lst_price,
                price_subtotal: total,
                price_subtotal_incl: total,
                discount: 0,
                tax_ids: [[6, 0, []]],
                pack_lot_ids: [],
            };
            const uuid = uuidv4();
            const order = {
                uuid,
                name: `Order ${uuid}`,
                session_id: pos.session.id,
                partner_id: partner.id,
                date_order: serializeDateTime(luxon.DateTime.now()),
                state: "paid",
                amount_total: total,
                amount_paid: total,
                amount_tax: 0,
                amount_return: 0,
                last_order_preparation_change: "{}",
                lines: [[0, 0, line]],
                payment_ids: [[0, 0, { amount: total, payment_method_id: cashback.id }]],
            };
            await pos.data.orm.call("pos.order", "sync_from_ui", [[order]]);
        },
    };
}

/** The till loses its connection for the cashback check only: the check call throws the
 * ConnectionLostError the data service throws with no network (the order itself still goes
 * to the server when validated, as when the network comes back). */
function cashbackCheckOffline() {
    return {
        content: "no network for the cashback check",
        trigger: ".pos",
        run: () => {
            const data = window.posmodel.data;
            const call = data.call.bind(data);
            data.call = (model, method, ...args) =>
                method === "coop_pos_cashback_available"
                    ? Promise.reject(new ConnectionLostError("/web/dataset/call_kw"))
                    : call(model, method, ...args);
        },
    };
}

/** A notification saying `text` (and `amount`, when given: the currency symbol may stand
 * on either side of it). */
function notificationHas(text, amount = "") {
    const trigger = `.o_notification:contains("${text}")`;
    return {
        content: `notification: ${amount} ${text}`,
        trigger: amount ? `${trigger}:contains("${amount}")` : trigger,
    };
}

/** The customer button of the payment screen opens the customer list. */
function openCustomers() {
    return [
        {
            content: "customer button",
            trigger: ".payment-screen button.partner-button",
            run: "click",
        },
        { content: "customer list is shown", trigger: ".modal .partner-list" },
    ];
}

function changeCustomer(name) {
    return [...openCustomers(), PaymentScreen.clickCustomer(name)].flat();
}

function noCashbackLine() {
    return {
        content: "no cashback payment is left",
        trigger: ".payment-screen:not(:has(.paymentline .payment-name:contains('Cashback')))",
    };
}

function unselectCustomer() {
    return [
        ...openCustomers(),
        { content: "unselect the customer", trigger: ".modal .unselect-tag", run: "click" },
    ];
}

function startWith(partnerName, breads) {
    return [
        Chrome.startPoS(),
        Dialog.confirm("Open Register"),
        ProductScreen.clickPartnerButton(),
        ProductScreen.clickCustomer(partnerName),
        ProductScreen.addOrderline("Coop Test Bread", breads),
        ProductScreen.clickPayButton(),
    ].flat();
}

// The person has 300 of cashback, the till loaded 300 and takes 300 of it; meanwhile another
// till spends 220: validation asks the server, which has 80 left, and refuses with that amount.
registry.category("web_tour.tours").add("coop_pos_cashback_check_refuses", {
    steps: () =>
        [
            startWith("Coop Gleb", "6"),
            PaymentScreen.clickPaymentMethod("Cashback"),
            notificationHas("of cashback available", "300.00"),
            PaymentScreen.selectedPaymentlineHas("Cashback", "300.00"),
            anotherTillSpendsCashback("Coop Gleb", "Coop Test Bread", 4),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.remainingIs("0.00"),
            PaymentScreen.clickValidate(),
            Dialog.is({ title: "Not enough cashback" }),
            {
                content: "the refusal gives what is left: 300 - 220",
                trigger: ".modal-body:contains('80.00'):contains('of cashback available now')",
            },
            Dialog.confirm(),
            PaymentScreen.isShown(),
            PaymentScreen.clickPaymentlineDelButton("Cashback", "300.00"),
            PaymentScreen.clickPaymentMethod("Cashback"),
            notificationHas("of cashback available", "80.00"),
            PaymentScreen.selectedPaymentlineHas("Cashback", "80.00"),
        ].flat(),
});

// The cashier takes cashback for one person, then changes the customer: the cashback payment
// goes; with no customer or one holding no cashback, none can be added; paid by card, the
// order is sent with no cashback.
registry.category("web_tour.tours").add("coop_pos_cashback_customer_changed", {
    steps: () =>
        [
            startWith("Coop Hana", "2"),
            PaymentScreen.clickPaymentMethod("Cashback"),
            PaymentScreen.selectedPaymentlineHas("Cashback", "100.00"),
            changeCustomer("Coop Ivan"),
            notificationHas("for Coop Hana was removed: the customer changed"),
            noCashbackLine(),
            PaymentScreen.clickPaymentMethod("Cashback"),
            PaymentScreen.selectedPaymentlineHas("Cashback", "40.00"),
            unselectCustomer(),
            notificationHas("for Coop Ivan was removed: the customer changed"),
            noCashbackLine(),
            PaymentScreen.clickPaymentMethod("Cashback"),
            Dialog.is({ title: "No cashback to spend" }),
            Dialog.confirm(),
            changeCustomer("Coop Plain Customer"),
            PaymentScreen.clickPaymentMethod("Cashback"),
            { trigger: ".modal-body:contains('Select the registered person first')" },
            Dialog.confirm(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.remainingIs("0.00"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
        ].flat(),
});

// The person has 300, the till loaded 300; another till spends 220; this till has no network
// for the check, so it goes by the 300 it loaded, says so, and takes 300. The server saves the
// sale when it arrives and records the overdraft.
registry.category("web_tour.tours").add("coop_pos_cashback_offline_overdraft", {
    steps: () =>
        [
            startWith("Coop Jana", "6"),
            anotherTillSpendsCashback("Coop Jana", "Coop Test Bread", 4),
            cashbackCheckOffline(),
            PaymentScreen.clickPaymentMethod("Cashback"),
            notificationHas("No connection: cashback checked against the balance loaded"),
            PaymentScreen.selectedPaymentlineHas("Cashback", "300.00"),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.remainingIs("0.00"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
        ].flat(),
});
