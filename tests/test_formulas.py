"""Every formula shown on the site agrees with the code.

A function's formula is its docstring's (the catalog's naive form transcribes
it, and is compared with the function here); a derivation's formula is in
docs/snippets/formulas.yml, and is compared with the code by the check of
the same name below.
"""

import re
from pathlib import Path

import numpy as np
import pytest

import losses
from scripts.catalog import ENTRIES, formulas

from .support import catalog_cases, central_difference, sample

ROOT = Path(__file__).resolve().parent.parent
FORMULA_USE = re.compile(r"\[\[formula:([\w.#-]+)\]\]")


def same(actual, expected, rtol=1e-12):
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=1e-300)


@pytest.mark.parametrize("entry, case, options", catalog_cases(lambda entry: entry.naive is not None))
def test_docstring_formula_as_numpy_matches_the_function(entry, case, options):
    input, target, options = sample(case, options, seed=sum(map(ord, entry.name)), n=6)
    arguments = (input,) if target is None else (input, target)
    reduction = {"reduction": "none"} if entry.is_loss else {}
    # The textbook forms lose digits only at extremes (samples are moderate), and
    # compute branches that np.where then discards, which may overflow: that is fine.
    with np.errstate(all="ignore"):
        naive = entry.naive(*arguments, **options)
        naive_gradient = entry.naive_gradient and entry.naive_gradient(*arguments, **options)
    np.testing.assert_allclose(entry.function(*arguments, **reduction, **options), naive, rtol=1e-9, atol=1e-12)
    if naive_gradient is not None:
        np.testing.assert_allclose(entry.gradient(*arguments, **reduction, **options), naive_gradient,
                                   rtol=1e-8, atol=1e-12)


@pytest.mark.parametrize("entry", [entry for entry in ENTRIES if entry.naive is not None], ids=str)
def test_every_transcribed_function_shows_its_formula(entry):
    assert formulas.docstring_formulas(entry.function), f"{entry.name}'s docstring has no $$ formula"
    if entry.gradient is not None:
        assert formulas.docstring_formulas(entry.gradient), f"{entry.gradient.__name__} has no $$ formula"


# ---------------------------------------------------------------------------
# Derivations: one check per entry of docs/snippets/formulas.yml.

def _neuron(w=0.6, b=0.9, x=1.5, y=0.2):
    z = w * x + b
    return z, 1 / (1 + np.exp(-z))


def check_sigmoid_neuron():
    history = losses.train_sigmoid_neuron(cost="quadratic", weight=0.6, bias=0.9, input=1.5, target=0.2, epochs=0)
    _, a = _neuron()
    same(history.output[0], a)
    same(history.cost[0], 0.5 * (a - 0.2) ** 2)


def check_neuron_quadratic_gradients():
    w, b, x, y, eta = 0.6, 0.9, 1.5, 0.2, 0.15
    history = losses.train_sigmoid_neuron(cost="quadratic", weight=w, bias=b, input=x, target=y,
                                          learning_rate=eta, epochs=1)
    z, a = _neuron(w, b, x, y)
    derivative = a * (1 - a)  # σ'(z)
    same(history.weight[1], w - eta * (a - y) * derivative * x)
    same(history.bias[1], b - eta * (a - y) * derivative)


def check_neuron_cross_entropy():
    history = losses.train_sigmoid_neuron(cost="cross_entropy", weight=0.6, bias=0.9, input=1.5, target=0.2, epochs=0)
    _, a = _neuron()
    same(history.cost[0], -(0.2 * np.log(a) + 0.8 * np.log(1 - a)), rtol=1e-13)


def check_neuron_cross_entropy_gradients():
    w, b, x, y, eta = 0.6, 0.9, 1.5, 0.2, 0.15
    history = losses.train_sigmoid_neuron(cost="cross_entropy", weight=w, bias=b, input=x, target=y,
                                          learning_rate=eta, epochs=1)
    _, a = _neuron(w, b, x, y)
    same(history.weight[1], w - eta * (a - y) * x)
    same(history.bias[1], b - eta * (a - y))


def check_linear_neuron_gradients():
    # A linear output (a = z) with L = ½ (a - y)²: no σ'(z) in the gradient.
    w, b, x, y = 0.6, 0.9, 1.5, 0.2

    def cost(parameters):
        weight, bias = parameters
        return 0.5 * (weight * x + bias - y) ** 2

    a = w * x + b
    same(central_difference(cost, np.array([w, b])), [(a - y) * x, a - y], rtol=1e-8)


def check_backpropagation_chain():
    # A chain of one-unit sigmoid layers a_l = σ(w_l a_{l-1} + b_l) with L = a_D:
    # the product formula equals a finite difference of the network.
    rng = np.random.default_rng(1)
    weights, biases = rng.normal(size=6), rng.normal(size=6)

    def network(first_bias):
        a, pre_activations = 0.3, []
        for layer, (w, b) in enumerate(zip(weights, biases)):
            z = w * a + (first_bias if layer == 0 else b)
            pre_activations.append(z)
            a = 1 / (1 + np.exp(-z))
        return a, pre_activations

    _, pre = network(biases[0])
    product = losses.sigmoid_grad(pre[0]) * np.prod([w * losses.sigmoid_grad(z) for w, z in zip(weights[1:], pre[1:])])
    same(product, central_difference(lambda b: network(float(b))[0], np.array(biases[0])), rtol=1e-6)
    assert np.all(np.abs(weights * losses.sigmoid_grad(np.array(pre))) <= np.abs(weights) / 4)


def check_negative_log():
    p = np.linspace(0.01, 0.99, 99)
    same(losses.binary_cross_entropy(p, np.ones_like(p), reduction="none"), -np.log(p))
    same(losses.binary_cross_entropy(p, np.zeros_like(p), reduction="none"), -np.log(1 - p))


def _rows(seed, rows=3, classes=4):
    z = np.random.default_rng(seed).normal(size=(rows, classes))
    return z, np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)


def check_softmax_cross_entropy():
    z, p = _rows(2)
    y = np.array([2, 0, 3])
    q = np.eye(4)[y]
    same(losses.cross_entropy(z, q, reduction="none"), -(q * np.log(p)).sum(axis=1))
    same(losses.cross_entropy(z, y, reduction="none"), -np.log(p[np.arange(3), y]))


def check_softmax_cross_entropy_gradient():
    z, p = _rows(3)
    q = np.eye(4)[[1, 3, 0]]
    same(losses.cross_entropy_grad(z, q, reduction="sum"), p - q)


def check_label_smoothing():
    z, p = _rows(4, classes=5)
    y, epsilon = np.array([4, 0, 2]), 0.1
    q = (1 - epsilon) * np.eye(5)[y] + epsilon / 5
    same(losses.cross_entropy(z, y, label_smoothing=epsilon, reduction="none"), -(q * np.log(p)).sum(axis=1))
    same(losses.cross_entropy_grad(z, y, label_smoothing=epsilon, reduction="sum"), p - q)


CHECKS = {name.removeprefix("check_").replace("_", "-"): function
          for name, function in dict(globals()).items() if name.startswith("check_")}


@pytest.mark.parametrize("name", sorted(formulas.derivations()))
def test_derivation_matches_the_code(name):
    assert name in CHECKS, f"formulas.yml has {name!r} but tests/test_formulas.py no check_{name.replace('-', '_')}"
    CHECKS[name]()


def test_every_check_has_its_derivation():
    assert set(CHECKS) <= set(formulas.derivations())


def test_every_formula_on_a_page_exists_and_every_derivation_is_shown():
    used = set()
    for page in (ROOT / "docs").rglob("*.md"):
        used |= set(FORMULA_USE.findall(page.read_text(encoding="utf-8")))
    for name in used:
        assert formulas.formula(name), name  # raises KeyError for an unknown formula
    assert set(formulas.derivations()) <= used, "formulas.yml has derivations that no page shows"
