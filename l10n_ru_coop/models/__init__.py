from . import template_ru_coop
