#!/usr/bin/env python3
"""Speed of every loss + gradient: `losses` (NumPy) against PyTorch on the CPU.

    python3 scripts/dev.py benchmark [--sizes 1000 100000 10000000] [--repeats 7]

For each function and size (number of input elements, float64), one "call"
computes the mean loss and its gradient with respect to the input: for
`losses`, `f(...)` then `f_grad(...)`; for PyTorch, the functional loss and
`torch.autograd.grad`.  Calls of the two are interleaved and each timing is
the median of the repeats, because this machine is shared and noisy.  The
bandwidth bound is the time NumPy needs to read the two inputs and write one
array of the same size once (`np.add(x, y, out=out)`): no implementation that
reads its inputs and writes a gradient can beat it.

Results go to docs/snippets/benchmark.json, from which the site's table is made.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import losses  # noqa: E402

OUTPUT = ROOT / "docs" / "snippets" / "benchmark.json"
CLASSES = 10
MINIMUM_TIMING = 0.02  # seconds: small sizes are looped until a timing lasts this long


def make_cases(torch, F):
    """(name, make inputs of about `size` elements, losses call, torch call) for each loss."""

    def regression(size, rng):
        return rng.normal(size=size), rng.normal(size=size)

    def probabilities(size, rng):
        return rng.uniform(0.01, 0.99, size=size), rng.integers(0, 2, size=size).astype(float)

    def logits(size, rng):
        return rng.normal(size=size) * 4, rng.integers(0, 2, size=size).astype(float)

    def classes(size, rng):
        samples = max(size // CLASSES, 1)
        return rng.normal(size=(samples, CLASSES)), rng.integers(0, CLASSES, size=samples)

    def ours(loss, gradient, **options):
        def call(x, y):
            return loss(x, y, **options), gradient(x, y, **options)
        return call

    def theirs(function):
        def call(x, y):
            x = x.detach().requires_grad_()
            value = function(x, y)
            return value, torch.autograd.grad(value, x)[0]
        return call

    return [
        ("mse", regression, ours(losses.mse, losses.mse_grad), theirs(F.mse_loss)),
        ("l1", regression, ours(losses.l1, losses.l1_grad), theirs(F.l1_loss)),
        ("smooth_l1", regression, ours(losses.smooth_l1, losses.smooth_l1_grad), theirs(F.smooth_l1_loss)),
        ("huber", regression, ours(losses.huber, losses.huber_grad), theirs(F.huber_loss)),
        ("binary_cross_entropy", probabilities,
         ours(losses.binary_cross_entropy, losses.binary_cross_entropy_grad), theirs(F.binary_cross_entropy)),
        ("binary_cross_entropy_with_logits", logits,
         ours(losses.binary_cross_entropy_with_logits, losses.binary_cross_entropy_with_logits_grad),
         theirs(F.binary_cross_entropy_with_logits)),
        ("cross_entropy", classes, ours(losses.cross_entropy, losses.cross_entropy_grad), theirs(F.cross_entropy)),
        ("multiclass_hinge", classes, ours(losses.multiclass_hinge, losses.multiclass_hinge_grad),
         theirs(lambda x, y: CLASSES * F.multi_margin_loss(x, y))),
    ]


def _time(call, arguments) -> float:
    """Seconds per call, looping short calls so the timer's resolution does not matter."""
    loops = 1
    while True:
        started = time.perf_counter()
        for _ in range(loops):
            call(*arguments)
        elapsed = time.perf_counter() - started
        if elapsed >= MINIMUM_TIMING or loops >= 1 << 20:
            return elapsed / loops
        loops *= 4 if elapsed < MINIMUM_TIMING / 4 else 2


def _machine() -> dict:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import torch
    return {"cpu": model, "logical_cores": os.cpu_count(), "machine": platform.machine(),
            "python": platform.python_version(), "numpy": np.__version__, "torch": torch.__version__,
            "torch_threads": torch.get_num_threads(), "date": time.strftime("%Y-%m-%d")}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10**3, 10**5, 10**7])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    arguments = parser.parse_args(argv)

    import torch
    import torch.nn.functional as F

    rng = np.random.default_rng(0)
    report = {"machine": _machine(), "repeats": arguments.repeats, "classes": CLASSES, "results": {}}
    print(f"{report['machine']['cpu']}, {report['machine']['logical_cores']} cores, "
          f"torch {torch.__version__} with {torch.get_num_threads()} threads, numpy {np.__version__}")
    for size in arguments.sizes:
        first, second = rng.normal(size=size), rng.normal(size=size)
        out = np.empty(size)
        bound = statistics.median(_time(lambda: np.add(first, second, out=out), ()) for _ in range(arguments.repeats))
        report["results"][str(size)] = {"bandwidth_bound_seconds": bound, "functions": {}}
        print(f"\n{size:>10,} elements; one pass over the inputs: {bound * 1e3:9.3f} ms")
        for name, make, ours, theirs in make_cases(torch, F):
            x, y = make(size, rng)
            x_tensor, y_tensor = torch.from_numpy(x), torch.from_numpy(y)
            ours_times, theirs_times = [], []
            for _ in range(arguments.repeats):  # interleaved, so that both see the same machine load
                ours_times.append(_time(ours, (x, y)))
                theirs_times.append(_time(theirs, (x_tensor, y_tensor)))
            ours_median, theirs_median = statistics.median(ours_times), statistics.median(theirs_times)
            report["results"][str(size)]["functions"][name] = {
                "losses_seconds": ours_median, "torch_seconds": theirs_median,
                "throughput_ratio": theirs_median / ours_median}
            print(f"  {name:34s} losses {ours_median * 1e3:9.3f} ms   torch {theirs_median * 1e3:9.3f} ms   "
                  f"losses/torch throughput {theirs_median / ours_median:5.2f}")
    arguments.output.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"\nwrote {arguments.output.relative_to(ROOT) if arguments.output.is_relative_to(ROOT) else arguments.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
