from odoo import models

from odoo.addons.account.models.chart_template import template


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    @template("ru_coop")
    def _get_ru_coop_template_data(self):
        return {
            "name": self.env._("Russia: consumer cooperative (Order 94n)"),
            "code_digits": "5",
            "property_account_receivable_id": "ru_62_01",
            "property_account_payable_id": "ru_60_01",
            "property_account_income_categ_id": "ru_90_01",
            "property_account_expense_categ_id": "ru_90_02",
            "property_stock_valuation_account_id": "ru_41_01",
            "property_stock_account_input_categ_id": "ru_41_11",
            "property_stock_account_output_categ_id": "ru_45_01",
            "property_stock_account_production_cost_id": "ru_20_01",
        }

    @template("ru_coop", "res.company")
    def _get_ru_coop_res_company(self):
        return {
            self.env.company.id: {
                "anglo_saxon_accounting": False,
                "account_fiscal_country_id": "base.ru",
                "bank_account_code_prefix": "51.",
                "cash_account_code_prefix": "50.",
                "transfer_account_code_prefix": "57.",
                "transfer_account_id": "ru_57_01",
                "account_journal_suspense_account_id": "ru_76_11",
                "account_default_pos_receivable_account_id": "ru_62_04",
                "income_currency_exchange_account_id": "ru_91_04",
                "expense_currency_exchange_account_id": "ru_91_05",
                "default_cash_difference_income_account_id": "ru_91_06",
                "default_cash_difference_expense_account_id": "ru_91_07",
                "account_journal_early_pay_discount_gain_account_id": "ru_91_08",
                "account_journal_early_pay_discount_loss_account_id": "ru_91_09",
            },
        }
