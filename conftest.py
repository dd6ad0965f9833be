"""Test collection shared by the whole repository.

Besides the tests in tests/ and the doctests of losses/, every ```pycon and
```python block of the site (docs/, including the shared examples in
docs/snippets/examples/) and of README.md is executed by Sybil, and a
```pycon block's printed output must match what the code prints.
"""

import doctest
import os

import numpy as np
import pytest
from hypothesis import settings
from sybil import Sybil
from sybil.parsers.abstract.codeblock import PythonDocTestOrCodeBlockParser
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser

OPTIONS = doctest.NORMALIZE_WHITESPACE

# In CI the property tests draw the same examples on every run, so that a
# failure is reproducible from the log; locally they explore.
settings.register_profile("ci", derandomize=True, database=None, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


class PyconBlockParser(PythonDocTestOrCodeBlockParser):
    """```pycon blocks (an interactive session) are run as doctests."""

    codeblock_parser_class = staticmethod(lambda language, evaluator: CodeBlockParser("pycon", evaluator))


@pytest.fixture(autouse=True)
def _default_print_options():
    # Examples set their own precision; reset so one example cannot change how the next prints.
    saved = np.get_printoptions()
    np.set_printoptions(legacy=False, precision=8)
    yield
    np.set_printoptions(**saved)


pytest_collect_file = Sybil(
    parsers=[PyconBlockParser(doctest_optionflags=OPTIONS), PythonCodeBlockParser(doctest_optionflags=OPTIONS)],
    patterns=["*.md"],
    fixtures=["_default_print_options"],
).pytest()
