#!/usr/bin/env python3
"""Speed and memory of every loss + gradient: `losses` (NumPy) against PyTorch on the CPU.

    python3 scripts/dev.py benchmark [--sizes 1000 100000 10000000] [--repeats 7]

Speed.  For each loss of the catalog with a PyTorch equivalent, and each size
(number of input elements, float64), one "call" computes the mean loss and its
gradient with respect to the input: for `losses`, ``f(...)`` then
``f_grad(...)``; for PyTorch, the functional loss and ``torch.autograd.grad``.
Calls of the two are interleaved and each timing is the median of the
repeats, because the machine may be shared and noisy.  The bandwidth bound is
the time NumPy needs to read the two inputs and write one array of the same
size once (``np.add(x, y, out=out)``): no implementation that reads its inputs
and writes a gradient can beat it by much.

Memory.  For every public function of the catalog (losses, their gradients and
the activations), the peak of NumPy's allocations during one call on the
largest size (traced with `tracemalloc`, which NumPy reports to), divided by
the size of the ``input`` argument.  A function that returns an array of the
input's shape needs 1 for its result.

Multi-class inputs have rows of 10 classes.  Results go to
docs/snippets/benchmark.json, from which the site's tables are made.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.catalog import ENTRIES, resolve  # noqa: E402
from scripts.catalog.frameworks import as_torch, torch  # noqa: E402

OUTPUT = ROOT / "docs" / "snippets" / "benchmark.json"
CLASSES = 10
MINIMUM_TIMING = 0.02  # seconds: small sizes are looped until a timing lasts this long


def _inputs(case, size: int, rng):
    """About ``size`` input elements of the case's kind (rows of CLASSES classes for multi-class kinds)."""
    if case.kind.per_sample:
        return case.kind.sample(rng, max(size // CLASSES, 1), classes=CLASSES)
    return case.kind.sample(rng, size)


def _benchmarked():
    """The losses timed: every loss with a PyTorch equivalent, on its first case and setting."""
    for entry in ENTRIES:
        if entry.is_loss and entry.gradient is not None:
            case = entry.cases[0]
            if "pytorch" in case.equivalents(entry):
                yield entry, case, case.settings[0]


def _ours(entry, settings):
    def call(input, target):
        return entry.function(input, target, **settings), entry.gradient(input, target, **settings)
    return call


def _theirs(equivalent, settings):
    options = {name: as_torch(value) for name, value in settings.items()}

    def call(input, target):
        input = input.detach().requires_grad_()
        value = equivalent(input, target, reduction="mean", **options)
        return value, torch.autograd.grad(value, input)[0]
    return call


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


def peak_memory_ratio(function, input, *rest, **options) -> float:
    """Peak NumPy allocation during ``function(input, *rest)``, in units of ``input.nbytes``."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        function(input, *rest, **options)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / input.nbytes


def memory_report(size: int) -> list[dict]:
    """Peak memory over input size of every function of the catalog, for each of its cases.

    Each record: ``function``, ``case`` (the case's label where an entry has
    several, such as cross-entropy's probability targets), ``classes`` (for a
    multi-class function measured on one sample of ``size`` classes, else
    None) and ``ratio``.  Multi-class functions are measured on rows of
    `CLASSES` classes and on one sample of all the classes, which the blocks
    cannot cut.
    """
    rng = np.random.default_rng(1)
    records = []
    for entry in ENTRIES:
        if not entry.cases or entry.family == "dynamics":
            continue
        for case in entry.cases:
            shapes = [None, size] if case.kind.per_sample else [None]
            for classes in shapes:
                if classes is None:
                    input, target = _inputs(case, size, rng)
                else:  # one sample of `size` classes: shape (K,), and a target of one sample
                    input, target = case.kind.sample(rng, 1, classes=classes)
                    input, target = input[0], None if target is None else target[0]
                settings = resolve(case.settings[0], input if input.ndim > 1 else input[None])
                for function in (entry.function, entry.gradient):
                    if function is None or entry.name == "softmax_jacobian":  # K x K per row, by definition
                        continue
                    arguments = (input,) if target is None else (input, target)
                    records.append({"function": function.__name__,
                                    "case": case.label if len(entry.cases) > 1 else None, "classes": classes,
                                    "ratio": peak_memory_ratio(function, *arguments, **settings)})
    return records


def _machine() -> dict:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": model, "logical_cores": os.cpu_count(), "machine": platform.machine(),
            "python": platform.python_version(), "numpy": np.__version__, "torch": torch.__version__,
            "torch_threads": torch.get_num_threads(), "date": time.strftime("%Y-%m-%d")}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10**3, 10**5, 10**7])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    arguments = parser.parse_args(argv)

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
        for entry, case, settings in _benchmarked():
            input, target = _inputs(case, size, rng)
            settings = resolve(settings, input)
            ours, theirs = _ours(entry, settings), _theirs(case.equivalents(entry)["pytorch"], settings)
            tensors = (as_torch(input), as_torch(target))
            ours_times, theirs_times = [], []
            for _ in range(arguments.repeats):  # interleaved, so that both see the same machine load
                ours_times.append(_time(ours, (input, target)))
                theirs_times.append(_time(theirs, tensors))
            ours_median, theirs_median = statistics.median(ours_times), statistics.median(theirs_times)
            report["results"][str(size)]["functions"][entry.name] = {
                "losses_seconds": ours_median, "torch_seconds": theirs_median,
                "throughput_ratio": theirs_median / ours_median}
            print(f"  {entry.name:34s} losses {ours_median * 1e3:9.3f} ms   torch {theirs_median * 1e3:9.3f} ms   "
                  f"losses/torch throughput {theirs_median / ours_median:5.2f}", flush=True)
    largest = max(arguments.sizes)
    report["memory"] = {"elements": largest, "peak_over_input": memory_report(largest)}
    print(f"\nPeak memory / input size at {largest:,} elements:")
    for record in report["memory"]["peak_over_input"]:
        label = record["function"] + (f" [{record['case']}]" if record["case"] else "") + (
            f" (one sample of {record['classes']:.0e} classes)" if record["classes"] else "")
        print(f"  {label:70s} {record['ratio']:5.2f}")
    arguments.output.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"\nwrote {arguments.output.relative_to(ROOT) if arguments.output.is_relative_to(ROOT) else arguments.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
