from . import card_offline, join, portal
