"""Other frameworks, imported only when an equivalent is run, and shown as the code that runs.

The catalog's equivalents are small functions such as

    def pytorch(input, target, *, beta, reduction):
        return F.smooth_l1_loss(input, target, beta=beta, reduction=reduction)

written with the names below (``F``, ``torch``, ``keras``, ``optax``, ``jnp``,
``sklearn``, ``scipy``).  Those names are lazy: the framework is imported the
first time an equivalent uses it, so the catalog (and the site, which shows
the equivalents) needs none of them installed.  `source_of` turns an
equivalent back into the one expression the cross-reference table shows, so
the table is the code that the conformance tests run, not a copy of it.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import os
import textwrap

import numpy as np


class _Lazy:
    """A module imported on first attribute access (after ``prepare`` runs, if given)."""

    def __init__(self, name: str, prepare=None, after=None):
        self._name, self._prepare, self._after, self._module = name, prepare, after, None

    def __getattr__(self, attribute):
        if self._module is None:
            if self._prepare:
                self._prepare()
            self._module = importlib.import_module(self._name)
            if self._after:
                self._after(self._module)
        return getattr(self._module, attribute)


def _keras_on_torch():
    # Keras 3 runs on the PyTorch that the conformance extra installs, in float64.
    os.environ.setdefault("KERAS_BACKEND", "torch")


def _keras_in_float64(keras_module):
    keras_module.config.set_floatx("float64")
    keras_module.config.set_dtype_policy("float64")  # losses follow the dtype policy, not floatx


def _jax_in_float64(jax_module):
    jax_module.config.update("jax_enable_x64", True)


torch = _Lazy("torch")
F = _Lazy("torch.nn.functional")
torchvision_ops = _Lazy("torchvision.ops")
keras = _Lazy("keras", prepare=_keras_on_torch, after=_keras_in_float64)
jax = _Lazy("jax", after=_jax_in_float64)
jnp = _Lazy("jax.numpy", prepare=lambda: jax.config)
optax = _Lazy("optax", prepare=lambda: jax.config)
scipy = _Lazy("scipy", after=lambda module: importlib.import_module("scipy.special"))
sklearn = _Lazy("sklearn", after=lambda module: importlib.import_module("sklearn.metrics"))
mpmath = _Lazy("mpmath", after=lambda module: setattr(module.mp, "dps", 400))

FRAMEWORKS = ("pytorch", "keras", "optax", "reference")


def only_when(condition):
    """Mark an equivalent as defined only for the settings where ``condition(**settings)`` holds."""
    def mark(equivalent):
        equivalent.applies = condition
        return equivalent
    return mark


def applies(equivalent, settings: dict) -> bool:
    condition = getattr(equivalent, "applies", None)
    return condition is None or bool(condition(**settings))


def hard_labels(equivalent):
    """Mark an equivalent that accepts only 0/1 labels (scikit-learn's log_loss): tests round the targets."""
    equivalent.hard_labels = True
    return equivalent


def shown_as(text: str):
    """Show an equivalent that needs several statements (a published definition re-typed) by this call."""
    def mark(equivalent):
        equivalent.shown_as = text
        return equivalent
    return mark


def of_gradient(equivalent):
    """Mark an equivalent that computes the function's gradient rather than its value (SGD's weight decay)."""
    equivalent.of_gradient = True
    return equivalent


def reduced(values, *, reduction):
    """A PyTorch composition reduced as F's losses are (shown as ``.mean()`` in the table)."""
    return values.mean() if reduction == "mean" else values.sum() if reduction == "sum" else values


def source_of(equivalent) -> str:
    """The expression an equivalent returns, as the table shows it (``reduction=reduction`` left out)."""
    if hasattr(equivalent, "shown_as"):
        return equivalent.shown_as
    tree = ast.parse(textwrap.dedent(inspect.getsource(equivalent)))
    function = next(node for node in tree.body if isinstance(node, ast.FunctionDef))
    expression = function.body[-1].value

    class DropReduction(ast.NodeTransformer):
        def visit_Call(self, node):
            self.generic_visit(node)
            if isinstance(node.func, ast.Name) and node.func.id == "reduced":
                return ast.Call(ast.Attribute(node.args[0], "mean"), [], [])
            node.keywords = [k for k in node.keywords if not (k.arg == "reduction" and isinstance(k.value, ast.Name))]
            return node

    return ast.unparse(DropReduction().visit(expression))


def as_torch(value, dtype=None):
    """A NumPy array as a torch tensor: integers stay int64 (class indices), floats keep or take ``dtype``."""
    if value is None or not isinstance(value, np.ndarray):
        return value
    tensor = torch.from_numpy(np.ascontiguousarray(value))
    return tensor.to(dtype) if dtype is not None and tensor.is_floating_point() else tensor


def to_numpy(value) -> np.ndarray:
    """A framework's result (torch tensor, JAX or NumPy array, Python number) as a NumPy array."""
    if hasattr(value, "detach"):
        return value.detach().cpu().numpy()
    return np.asarray(value)


def _convert(framework: str, value):
    """A NumPy argument as the framework takes it."""
    if not isinstance(value, np.ndarray):
        return value
    if framework == "pytorch":
        return as_torch(value)
    if framework == "optax":
        return jnp.asarray(value)
    return value


def run(framework: str, equivalent, arguments: tuple, settings: dict, reduction: str | None = None) -> np.ndarray:
    """Call an equivalent on NumPy ``arguments`` and ``settings``; the result as NumPy (a tuple stays a tuple)."""
    arguments = tuple(_convert(framework, argument) for argument in arguments)
    settings = {name: _convert(framework, value) for name, value in settings.items()}
    if framework == "pytorch" and reduction is not None:
        settings["reduction"] = reduction
    result = equivalent(*arguments, **settings)
    if isinstance(result, tuple):
        return tuple(to_numpy(part) for part in result)
    return to_numpy(result)
