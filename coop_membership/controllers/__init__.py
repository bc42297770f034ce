from . import coop_xlsx
