from . import models, wizards


def post_init_hook(env):
    env["res.company"]._coop_setup_all()
