from . import test_pos_tour
