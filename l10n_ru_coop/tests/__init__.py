from . import test_chart
