import numpy as np
import pytest


@pytest.fixture(autouse=True)
def _default_print_options():
    # Doctests set their own precision; reset so one example cannot change how the next prints.
    saved = np.get_printoptions()
    np.set_printoptions(legacy=False, precision=8)
    yield
    np.set_printoptions(**saved)
