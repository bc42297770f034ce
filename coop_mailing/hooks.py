# Odoo's grants of Email Marketing users that coop_mailing takes the delete right from
# (security/coop_mailing_security.xml): given back when coop_mailing is uninstalled.
ACCESS_WITHOUT_UNLINK = (
    "mass_mailing.access_mail_blacklist_mass_mailing_user",
    "mass_mailing.access_mailing_trace_user",
    "mass_mailing.access_mailing_trace_mm_user",
)


def uninstall_hook(env):
    for xmlid in ACCESS_WITHOUT_UNLINK:
        access = env.ref(xmlid, raise_if_not_found=False)
        if access:
            access.perm_unlink = True
