#!/usr/bin/env python3
"""Regenerate the site's figures from the `losses` package.

    python3 scripts/dev.py figures                 # all figures, into docs/assets/figures/
    python3 scripts/dev.py figures vanishing-gradients   # one figure by name
    python scripts/figures.py --list               # the names
    python scripts/figures.py --output-dir DIR     # somewhere else (CI compares)

Every number drawn comes from `losses`, or, for the accuracy figure, from the
results that scripts/accuracy.py measured (docs/snippets/accuracy.json).  Labels are mathematics and numbers
only, so one SVG serves both languages (the captions on the pages are
translated).  The output is byte-for-byte reproducible: fixed SVG hash salt,
no date in the metadata, no randomness without a fixed seed.  Each file is
written to a temporary name and renamed, so a failure never leaves half a
figure behind.

Each figure is drawn four times, by the same function (VARIANTS): for the
light and the dark colour scheme, and for desktops and phones.  On a phone,
the panels that stand side by side on a desktop are stacked, one narrow
panel above the other, so that the labels stay legible at 390 px.  The site
shows the variant that fits the reader's scheme and screen
(scripts/site/markdown_extension.py).

Adding a figure is writing one function that returns a matplotlib figure,
decorated with @figure("name"):

* create the axes with panels() (never plt.subplots), which lays them out
  for the variant being drawn;
* use the colours BLUE, VERMILION, ... for data and ink() for lines and
  text that would be black (they follow the colour scheme);
* give font sizes by name ("small", "x-small"), relative to the variant's
  base size, and use on_phone() where a phone needs more than stacking
  (the accuracy map turns its column labels);
* show it on a page in both languages: ![alt](assets/figures/name.svg).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Callable

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import losses  # noqa: E402
from losses import dynamics  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "docs" / "assets" / "figures"

# One settings block for every figure and variant.
STYLE = {
    "svg.hashsalt": "losses-figures",
    "svg.fonttype": "path",  # text as outlines: no font needed by the reader
    "figure.dpi": 100,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "lines.linewidth": 2.0,
    "path.simplify": True,
    # Okabe–Ito: distinguishable with the common colour-vision deficiencies,
    # and legible on the light and on the dark background alike.
    "axes.prop_cycle": matplotlib.cycler(color=["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]),
}
# Paper and ink of each colour scheme; the dark paper is the background of
# Material's dark ("slate") scheme, so that a figure sits on the page.
SCHEMES = {
    "light": {"paper": "#ffffff", "ink": "#000000", "grid": "#b0b0b0"},
    "dark": {"paper": "#1e2029", "ink": "#dfe2ea", "grid": "#9da3b4"},
}
# Desktop figures are as wide as the article column; phone figures as wide as
# a phone's screen (4.2 in is 403 CSS px), with every panel in one column.
LAYOUTS = {
    "desktop": {"font.size": 11},
    "phone": {"font.size": 12},
}
PHONE_WIDTH = 4.2
# File name suffix -> (layout, colour scheme).  "name.svg" is the desktop, light one.
VARIANTS = {"": ("desktop", "light"), ".dark": ("desktop", "dark"),
            ".phone": ("phone", "light"), ".phone.dark": ("phone", "dark")}
METADATA = {"Date": None, "Creator": None}
BLUE, VERMILION, GREEN, PURPLE, ORANGE, SKY = STYLE["axes.prop_cycle"].by_key()["color"]

FIGURES: dict[str, Callable[[], plt.Figure]] = {}
_layout = "desktop"  # the layout being drawn; set by write_figure


def variant_style(layout: str, scheme: str) -> dict:
    colours = SCHEMES[scheme]
    return {**STYLE, **LAYOUTS[layout],
            "figure.facecolor": colours["paper"], "axes.facecolor": colours["paper"],
            "savefig.facecolor": colours["paper"], "text.color": colours["ink"], "axes.labelcolor": colours["ink"],
            "axes.edgecolor": colours["ink"], "xtick.color": colours["ink"], "ytick.color": colours["ink"],
            "grid.color": colours["grid"]}


def on_phone() -> bool:
    """Whether the phone variant is being drawn, for the rare figure that must adapt more than its layout."""
    return _layout == "phone"


def ink() -> str:
    """The colour of text and axes in the scheme being drawn: for lines and arrows that would be black."""
    return matplotlib.rcParams["text.color"]


def panels(columns: int = 1, rows: int = 1, *, size: tuple[float, float] = (6, 3.4),
           phone_size: tuple[float, float] | None = None, **options):
    """A figure of rows × columns panels of `size` inches each, laid out for the variant being drawn.

    Returns (figure, axes) like plt.subplots(rows, columns): one Axes, or an
    array of them indexed the same way in every layout.  On a phone the
    panels are stacked in one column, each PHONE_WIDTH wide and as high as
    on a desktop (or `phone_size`).  Keyword options go to plt.subplots.
    """
    width, height = size
    if _layout == "desktop":
        return plt.subplots(rows, columns, figsize=(columns * width, rows * height), layout="constrained",
                            **options)
    count = rows * columns
    panel_width, panel_height = phone_size or (PHONE_WIDTH, height)
    fig, stacked = plt.subplots(count, 1, figsize=(panel_width, count * panel_height), layout="constrained",
                                squeeze=False, **options)
    axes = stacked.reshape(rows, columns)
    if count == 1:
        return fig, axes[0, 0]
    return fig, axes.ravel() if rows == 1 or columns == 1 else axes


def figure(name: str):
    def register(function):
        FIGURES[name] = function
        return function
    return register


def _activation_figure(function, derivative, function_label, derivative_label, note=None):
    z = np.linspace(-6, 6, 481)
    fig, ax = panels(size=(6, 3.4))
    ax.plot(z, function(z), color=BLUE, label=function_label)
    ax.plot(z, derivative(z), color=VERMILION, linestyle="--", label=derivative_label)
    if note:
        note(ax)
    ax.axhline(0, color=ink(), linewidth=0.6)
    ax.axvline(0, color=ink(), linewidth=0.6)
    ax.set_xlabel("$z$")
    ax.legend(loc="upper left")
    return fig


@figure("activation-sigmoid")
def activation_sigmoid():
    def mark_peak(ax):
        ax.annotate(r"$\sigma'(0)=\frac{1}{4}$", xy=(0, 0.25), xytext=(1.6, 0.42),
                    arrowprops={"arrowstyle": "->", "color": ink()})
    return _activation_figure(losses.sigmoid, losses.sigmoid_grad, r"$\sigma(z)$", r"$\sigma'(z)$", mark_peak)


@figure("activation-tanh")
def activation_tanh():
    return _activation_figure(losses.tanh, losses.tanh_grad, r"$\tanh(z)$", r"$\tanh'(z)$")


@figure("activation-relu")
def activation_relu():
    return _activation_figure(losses.relu, losses.relu_grad, r"$\max(0, z)$", r"$\mathrm{relu}'(z)$")


@figure("activation-softplus")
def activation_softplus():
    return _activation_figure(losses.softplus, losses.softplus_grad, r"$\ln(1+e^{z})$", r"$\sigma(z)$")


@figure("vanishing-gradients")
def vanishing_gradients():
    fig, ax = panels(size=(6, 3.6))
    depth = 30
    layers = np.arange(1, depth + 1)
    for name, color, label in [("sigmoid", VERMILION, r"$\sigma$"), ("tanh", GREEN, r"$\tanh$"),
                               ("relu", BLUE, r"$\mathrm{relu}$")]:
        ax.semilogy(layers, dynamics.layer_gradient_norms(name, depth=depth), marker="o", markersize=3,
                    color=color, label=label)
    ax.set_xlabel(r"$l$")
    ax.set_ylabel(r"$\|\partial L / \partial b_l\|$")
    ax.legend(loc="lower right")
    return fig


@figure("nielsen-slow-learning")
def nielsen_slow_learning():
    fig, axes = panels(2, 2, size=(4, 2.7), sharex=True)
    starts = [(0.6, 0.9), (2.0, 2.0)]
    for row, (weight, bias) in enumerate(starts):
        for cost, color, label in [("quadratic", VERMILION, r"$C=\frac{1}{2}(a-y)^2$"),
                                   ("cross_entropy", BLUE, r"$C=-\ln(1-a)$")]:
            history = dynamics.train_sigmoid_neuron(cost=cost, weight=weight, bias=bias)
            epochs = np.arange(len(history.output))
            axes[row, 0].plot(epochs, history.output, color=color, label=label)
            axes[row, 1].plot(epochs, history.cost, color=color, label=label)
        axes[row, 0].set_ylabel(rf"$a$   ($w_0={weight:g},\ b_0={bias:g}$)")
        axes[row, 1].set_ylabel(r"$C$")
        axes[row, 0].set_ylim(0, 1)
    for ax in axes[1]:
        ax.set_xlabel(r"$t$")
    axes[0, 1].legend(loc="upper right")
    return fig


@figure("negative-log")
def negative_log():
    def negative_log_of(p):  # -ln p is the binary cross-entropy of a true label
        return losses.binary_cross_entropy(p, np.ones_like(p), reduction="none")

    p = np.linspace(0.005, 1, 400)
    marked = np.array([0.1, 0.5, 0.9])
    fig, ax = panels(size=(5.5, 3.4))
    ax.plot(p, negative_log_of(p), color=BLUE, label=r"$-\ln p$")
    ax.plot(marked, negative_log_of(marked), "o", color=VERMILION)
    for point, value in zip(marked, negative_log_of(marked)):
        ax.annotate(f"{value:.2f}", (point, value), textcoords="offset points", xytext=(6, 6))
    ax.set_xlabel(r"$p$")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 5.5)
    ax.legend()
    return fig


@figure("binary-cross-entropy")
def binary_cross_entropy_curves():
    p = np.linspace(0.001, 0.999, 500)
    fig, ax = panels(size=(5.5, 3.4))
    ax.plot(p, losses.binary_cross_entropy(p, np.ones_like(p), reduction="none"), color=BLUE, label=r"$y=1$")
    ax.plot(p, losses.binary_cross_entropy(p, np.zeros_like(p), reduction="none"), color=VERMILION, label=r"$y=0$")
    ax.set_xlabel(r"$p$")
    ax.set_ylim(0, 5)
    ax.legend(loc="upper center")
    return fig


@figure("logits-naive-vs-stable")
def logits_naive_vs_stable():
    z = np.linspace(-60, 60, 601)
    y = np.zeros_like(z)
    stable = losses.binary_cross_entropy_with_logits(z, y, reduction="none")
    with np.errstate(divide="ignore", over="ignore"):
        # The textbook composition: log of a sigmoid rounded to 0 or 1.
        naive = -np.log(1 - 1 / (1 + np.exp(-z)))
    fig, ax = panels(size=(6, 3.6))
    ax.semilogy(z, stable, color=BLUE, label=r"$\max(z,0) - yz + \ln(1+e^{-|z|})$")
    shown = np.isfinite(naive) & (naive > 0)
    ax.semilogy(z[shown], naive[shown], color=VERMILION, linestyle="--", label=r"$-\ln(1-\sigma(z))$")
    # Where the naive form gives exactly 0 or inf, mark it at the edge of the plot.
    ax.plot(z[naive == 0], np.full((naive == 0).sum(), 1e-26), "v", color=VERMILION, markersize=3)
    ax.plot(z[~np.isfinite(naive)], np.full((~np.isfinite(naive)).sum(), 1e25), "^", color=VERMILION, markersize=3)
    ax.set_ylim(1e-27, 1e27)
    ax.set_xlabel(r"$z \quad (y = 0)$")
    ax.legend(loc="upper left", fontsize="small")
    return fig


@figure("hinge-margin")
def hinge_margin():
    margin_gap = np.linspace(-3, 3, 601)  # s_y - s_j
    fig, ax = panels(size=(5.5, 3.4))
    for delta, color in [(1.0, BLUE), (2.0, GREEN)]:
        term = losses.multiclass_hinge(np.stack([np.zeros_like(margin_gap), -margin_gap], axis=1),
                                       np.zeros(margin_gap.size, dtype=int), margin=delta, reduction="none")
        ax.plot(margin_gap, term, color=color, label=rf"$\Delta={delta:g}$")
    ax.set_xlabel(r"$s_y - s_j$")
    ax.set_ylabel(r"$\max(0,\ s_j - s_y + \Delta)$")
    ax.legend()
    return fig


@figure("hinge-cat-dog-bird")
def hinge_cat_dog_bird():
    scores = np.array([[3.2, 5.1, -1.7]])
    gaps = scores[0] - scores[0, 0] + 1.0
    terms = np.where(np.arange(3) == 0, 0.0, np.maximum(gaps, 0))
    total = float(losses.multiclass_hinge(scores, np.array([0])))
    assert np.isclose(terms.sum(), total)
    fig, axes = panels(2, size=(3.75, 3.2))
    labels = [r"$s_{\mathrm{cat}}$", r"$s_{\mathrm{dog}}$", r"$s_{\mathrm{bird}}$"]
    axes[0].bar(labels, scores[0], color=[BLUE, VERMILION, GREEN])
    axes[0].axhline(scores[0, 0] + 1.0, color=ink(), linestyle=":", linewidth=1)
    axes[0].annotate(r"$s_{\mathrm{cat}} + \Delta$", (2.4, scores[0, 0] + 1.0), xytext=(0, 4),
                     textcoords="offset points", ha="right")
    for index, value in enumerate(scores[0]):
        axes[0].annotate(f"{value:g}", (index, value), xytext=(0, 3 if value >= 0 else -3), textcoords="offset points",
                         ha="center", va="bottom" if value >= 0 else "top")
    term_labels = [rf"$\max(0,\,{scores[0, j]:g}-{scores[0, 0]:g}+1)$" for j in (1, 2)]
    axes[1].bar([1, 2], terms[1:], color=[VERMILION, GREEN])
    for index in (1, 2):
        axes[1].annotate(f"{terms[index]:.1f}", (index, terms[index]), xytext=(0, 3), textcoords="offset points",
                         ha="center")
    axes[1].set_xticks([1, 2], term_labels, fontsize="small")
    axes[1].set_title(rf"$L = {total:.1f}$")
    axes[1].set_ylim(0, 3.5)
    axes[0].set_ylim(-3, 6)
    return fig


def _loss_and_derivative(curves, loss_label, derivative_label, residual_label):
    """Two panels, losses left and derivatives right, for residuals r in [-3, 3].

    ``curves`` holds (loss, gradient, options, colour, legend label) tuples.
    """
    residual = np.linspace(-3, 3, 601)
    zero = np.zeros_like(residual)
    fig, (left, right) = panels(2, size=(4, 3.4))
    for loss, gradient, options, color, label in curves:
        left.plot(residual, loss(residual, zero, reduction="none", **options), color=color, label=label)
        right.plot(residual, gradient(residual, zero, reduction="none", **options), color=color)
    for axis, label in ((left, loss_label), (right, derivative_label)):
        axis.set_xlabel(residual_label)
        axis.set_ylabel(label)
    left.legend(fontsize="small")
    return fig, left


@figure("regression-losses")
def regression_losses():
    fig, left = _loss_and_derivative([
        (losses.mse, losses.mse_grad, {}, BLUE, r"$r^2$"),
        (losses.l1, losses.l1_grad, {}, VERMILION, r"$|r|$"),
        (losses.smooth_l1, losses.smooth_l1_grad, {"beta": 1.0}, GREEN, r"Smooth L1, $\beta=1$"),
        (losses.huber, losses.huber_grad, {"delta": 2.0}, PURPLE, r"Huber, $\delta=2$"),
    ], r"$\ell(r)$", r"$\ell'(r)$", r"$r = x - y$")
    left.set_ylim(0, 4)
    return fig


@figure("smooth-l1-beta")
def smooth_l1_beta():
    fig, _ = _loss_and_derivative(
        [(losses.smooth_l1, losses.smooth_l1_grad, {"beta": beta}, color, rf"$\beta={beta:g}$")
         for beta, color in [(0.0, VERMILION), (0.5, ORANGE), (1.0, GREEN), (2.0, BLUE)]],
        r"$\ell_\beta(r)$", r"$\ell_\beta'(r)$", r"$r$")
    return fig


@figure("exploding-gradients")
def exploding_gradients():
    fig, (left, right) = panels(2, size=(4.25, 3.6))
    depth = 30
    layers = np.arange(1, depth + 1)
    for gain, color in [(1.5, VERMILION), (1.0, BLUE), (0.7, GREEN)]:
        norms = dynamics.layer_gradient_norms("linear", depth=depth, weight_gain=gain)
        left.semilogy(layers, norms, color=color, marker="o", markersize=3, label=rf"$g={gain:g}$")
    left.set_xlabel(r"$l$")
    left.set_ylabel(r"$\|\partial L / \partial b_l\|$")
    left.legend(fontsize="small")

    runs = [
        ({}, VERMILION, "-", r"$\eta=10^{-2}$"),
        ({"learning_rate": 1e-5}, PURPLE, "-", r"$\eta=10^{-5}$"),
        ({"clip_norm": 1.0}, BLUE, "-", r"$\eta=10^{-2}$, $\|g\| \leq 1$"),
        ({"clip_norm": 1.0, "weight_decay": 0.1}, GREEN, "--", r"$\eta=10^{-2}$, $\|g\| \leq 1$, $\lambda=0.1$"),
    ]
    ceiling = 1e9
    for options, color, style, label in runs:
        history = dynamics.train_scalar_chain(steps=100, **options)
        steps = np.arange(len(history.gradient_norm))
        shown = np.clip(history.gradient_norm, 1e-6, ceiling)
        right.semilogy(steps, shown, color=color, linestyle=style, label=label)
        if history.diverged:
            # The next step overflows: mark the run as leaving the chart.
            right.plot(steps[-1], ceiling, "^", color=color, markersize=9)
    right.set_ylim(1e-6, ceiling * 3)
    right.set_xlabel(r"$t$")
    right.set_ylabel(r"$\|\nabla_w L\|$")
    right.legend(fontsize="small" if on_phone() else "x-small", loc="upper right")
    return fig


@figure("accuracy")
def accuracy():
    """Worst error in ulp per function and implementation, from scripts/accuracy.py's results."""
    report = json.loads((ROOT / "docs" / "snippets" / "accuracy.json").read_text(encoding="utf-8"))
    names = list(report["functions"])
    implementations = report["implementations"]
    errors = np.array([[report["functions"][name][column]["max_ulp"] for column in implementations]
                       for name in names])
    shown = np.log10(np.clip(np.nan_to_num(errors, nan=np.inf, posinf=1e18), 0.1, 1e18))
    fig, ax = panels(size=(7.5, 9), phone_size=(PHONE_WIDTH, 8))
    ax.imshow(shown, cmap="RdYlGn_r", vmin=-1, vmax=18, aspect="auto")
    for row, column in np.ndindex(errors.shape):
        value = errors[row, column]
        label = "∞" if not np.isfinite(value) else (f"{value:.1f}" if value < 1e3 else f"1e{np.log10(value):.0f}")
        # Black on every cell colour, in both schemes.
        ax.text(column, row, label, ha="center", va="center", fontsize="x-small", color="black")
    ax.set_xticks(range(len(implementations)), [column.replace(" ", "\n") for column in implementations],
                  fontsize="small", rotation=90 if on_phone() else 0)
    ax.set_yticks(range(len(names)), names, fontsize="x-small")
    ax.tick_params(top=True, labeltop=True, bottom=False, labelbottom=False)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return fig


NUMBER = re.compile(r"-?\d+\.\d+")
# Attributes whose numbers are coordinates in points: 0.01 pt is far below a pixel.
GEOMETRY = re.compile(r'( (?:d|x|y)="[^"]*")')


def _rounded(match: re.Match) -> str:
    text = f"{float(match.group()):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def compact_svg(svg: str) -> str:
    """Matplotlib's SVG, a fifth smaller and drawn the same.

    Drops the metadata block and the comments, joins path data onto one line
    and rounds every coordinate to 0.01 pt (matplotlib writes 1e-6 pt).  The
    result depends only on its input, so it stays byte-for-byte reproducible.
    """
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.DOTALL)
    svg = re.sub(r"<!--.*?-->\s*", "", svg, flags=re.DOTALL)
    svg = GEOMETRY.sub(lambda match: NUMBER.sub(_rounded, re.sub(r"\s+", " ", match.group()).replace(' "', '"')),
                       svg)
    return re.sub(r">\s+<", "><", svg)


def write_figure(name: str, output_dir: Path) -> list[Path]:
    """Draw every variant of one figure and write them atomically; returns the final paths.

    All variants are drawn into temporary files first, so a failure leaves
    the previous set of files untouched.
    """
    global _layout
    written: dict[Path, str] = {}
    try:
        for suffix, (layout, scheme) in VARIANTS.items():
            _layout = layout
            with matplotlib.rc_context(variant_style(layout, scheme)):
                fig = FIGURES[name]()
                try:
                    handle, temporary = tempfile.mkstemp(prefix=f".{name}{suffix}.", suffix=".svg.tmp",
                                                         dir=output_dir)
                    written[output_dir / f"{name}{suffix}.svg"] = temporary
                    drawn = io.StringIO()
                    fig.savefig(drawn, format="svg", metadata=METADATA)
                    with os.fdopen(handle, "w", encoding="utf-8") as stream:
                        stream.write(compact_svg(drawn.getvalue()))
                finally:
                    plt.close(fig)
        for target, temporary in written.items():
            os.replace(temporary, target)
    except BaseException:
        for temporary in written.values():
            Path(temporary).unlink(missing_ok=True)
        raise
    finally:
        _layout = "desktop"
    return list(written)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="figures to regenerate (default: all)")
    parser.add_argument("--output-dir", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--list", action="store_true", help="print the figure names and exit")
    arguments = parser.parse_args(argv)
    if arguments.list:
        print("\n".join(FIGURES))
        return 0
    unknown = [name for name in arguments.names if name not in FIGURES]
    if unknown:
        parser.error(f"unknown figure(s): {', '.join(unknown)}; known: {', '.join(FIGURES)}")
    names = arguments.names or list(FIGURES)
    arguments.output_dir.mkdir(parents=True, exist_ok=True)

    failures, started = [], time.perf_counter()
    for position, name in enumerate(names, 1):
        began = time.perf_counter()
        try:
            paths = write_figure(name, arguments.output_dir)
        except Exception:  # report every failing figure, then exit non-zero
            failures.append(name)
            print(f"[{position:2d}/{len(names)}] {name}: FAILED", flush=True)
            traceback.print_exc()
            continue
        sizes = " ".join(f"{path.stat().st_size / 1024:5.1f}" for path in paths)
        print(f"[{position:2d}/{len(names)}] {name}.svg  {sizes} KiB ({', '.join(VARIANTS)})"
              f"  {time.perf_counter() - began:5.2f} s", flush=True)
    elapsed = time.perf_counter() - started
    print(f"{len(names) - len(failures)} of {len(names)} figures written to {arguments.output_dir} in {elapsed:.1f} s")
    if failures:
        print(f"error: {len(failures)} figure(s) failed: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
