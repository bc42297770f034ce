from . import (
    test_intercoop_acceptance,
    test_intercoop_isolation,
    test_intercoop_lookup_race,
    test_intercoop_money_paths,
    test_intercoop_offers,
    test_intercoop_owed,
    test_intercoop_sale,
    test_intercoop_till,
    test_intercoop_tour,
    test_review_s11,
)
