"""Amounts and dates as the reader writes them (``1 000,00 ₽``, ``30.11.2026`` in Russian), for
errors and for texts the cooperative stores; the other coop addons import these two."""

from odoo.tools.misc import format_date, formatLang


def coop_money(env, amount, currency):
    """``amount`` in ``currency`` in ``env``'s language: ``1 000,00 ₽`` in Russian."""
    return formatLang(env, amount or 0.0, currency_obj=currency)


def coop_date(env, date):
    """``date`` (a date or an ISO text) in ``env``'s language: ``30.11.2026`` in Russian;
    empty for no date."""
    return format_date(env, date) if date else ""


def coop_percent(env, value):
    """A rate in ``env``'s language, without decimals when it has none: ``2``, ``2,50``."""
    value = value or 0.0
    return formatLang(env, value, digits=0 if float(value).is_integer() else 2)
