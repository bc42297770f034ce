from . import (
    coop_consent,
    coop_stop_list_mixin,
    mail_blacklist,
    mailing_list,
    mailing_mailing,
    mailing_subscription,
    phone_blacklist,
    res_partner,
    res_partner_segment,
)
