from . import (
    coop_partner_api_user_wizard,
    coop_partner_import_wizard,
    coop_partner_report_wizard,
    coop_partner_settlement_wizard,
)
