from . import (
    coop_cashback_move,
    coop_consent,
    coop_contribution,
    coop_membership_application,
    coop_partner_agreement,
    coop_state_event,
    res_partner,
    res_partner_access,
    res_partner_invite,
    res_partner_join,
    res_users,
    res_users_phone_login,
)
