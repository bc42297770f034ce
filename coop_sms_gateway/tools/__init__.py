from . import smsru_api
