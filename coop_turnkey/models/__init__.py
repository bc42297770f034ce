from . import (
    coop_turnkey,
    coop_turnkey_apply,
    coop_turnkey_demo,
    coop_turnkey_export,
    coop_turnkey_partners,
    coop_turnkey_products,
    coop_turnkey_staff,
    coop_turnkey_stores,
    coop_turnkey_sync,
    res_company,
)
