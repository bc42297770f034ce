from . import (
    coop_consent,
    mail_blacklist,
    mailing_list,
    mailing_mailing,
    mailing_subscription,
    phone_blacklist,
    res_partner,
    res_partner_segment,
)
