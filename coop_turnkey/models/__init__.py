from . import (
    coop_turnkey,
    coop_turnkey_apply,
    coop_turnkey_staff,
    coop_turnkey_stores,
    coop_turnkey_sync,
    res_company,
)
