#!/usr/bin/env python3
"""Regenerate the site's figures from the `losses` package.

    python3 scripts/dev.py figures                 # all figures, into docs/assets/figures/
    python3 scripts/dev.py figures vanishing-gradients   # one figure by name
    python scripts/figures.py --list               # the names
    python scripts/figures.py --output-dir DIR     # somewhere else
    python3 scripts/dev.py figures --check         # draw afresh, compare byte for byte (CI)

Every number drawn comes from `losses`, or, for the accuracy figure, from the
results that scripts/accuracy.py measured (docs/snippets/accuracy.json).  Labels are mathematics and numbers
only, so one SVG serves both languages (the captions on the pages are
translated).  The output is byte-for-byte reproducible: fixed SVG hash salt,
no date in the metadata, no randomness without a fixed seed.  Each file is
written to a temporary name and renamed, so a failure never leaves half a
figure behind.  Regenerating into docs/assets/figures/ also records what each
figure was drawn from (docs/snippets/figures.json), which the tests compare
with the sources as they are; `--check` draws every figure again and compares
the bytes.

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
* use the colours BLUE, VERMILION, ... for data, ink() for lines and
  text that would be black, muted() for what would be grey (a reference
  curve drawn behind the data) and paper() for what would be white (they
  follow the colour scheme);
* give font sizes by name ("small", "x-small"), relative to the variant's
  base size, and use on_phone() where a phone needs more than stacking
  (the accuracy map turns its column labels);
* show it on a page in both languages: ![alt](assets/figures/name.svg).
"""

from __future__ import annotations

import argparse
import hashlib
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
ACCURACY = ROOT / "docs" / "snippets" / "accuracy.json"
# What each committed figure was drawn from (inputs_fingerprint), so that the
# tests can tell a stale figure without drawing it; `--check` draws them all.
MANIFEST = ROOT / "docs" / "snippets" / "figures.json"

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
# Material's dark ("slate") scheme, so that a figure sits on the page.  Muted
# is for curves drawn only for comparison: visible on the paper, but quieter
# than the data and the ink.
SCHEMES = {
    "light": {"paper": "#ffffff", "ink": "#000000", "grid": "#b0b0b0", "muted": "#999999"},
    "dark": {"paper": "#1e2029", "ink": "#dfe2ea", "grid": "#9da3b4", "muted": "#7d8394"},
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
_scheme = "light"  # the colour scheme being drawn; set by write_figure


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


def muted() -> str:
    """The grey of the scheme being drawn: for reference curves and leader lines that would be light grey."""
    return SCHEMES[_scheme]["muted"]


def paper() -> str:
    """The background of the scheme being drawn: for gaps and outlines that would be white."""
    return SCHEMES[_scheme]["paper"]


def panels(columns: int = 1, rows: int = 1, *, size: tuple[float, float] = (6, 3.4),
           phone_size: tuple[float, float] | None = None, **options):
    """A figure of rows × columns panels of `size` inches each, laid out for the variant being drawn.

    Returns (figure, axes) like plt.subplots(rows, columns): one Axes, or an
    array of them indexed the same way in every layout.  On a phone the
    panels are stacked in one column, each PHONE_WIDTH wide and as high as
    on a desktop (or `phone_size`).  Keyword options go to plt.subplots.

    Several panels are lettered a, b, c, ... in reading order, the same in
    every layout: captions name them by letter, never "left" or "top", which
    a phone's stacked panels would contradict.
    """
    width, height = size
    count = rows * columns
    if _layout == "desktop":
        fig, grid = plt.subplots(rows, columns, figsize=(columns * width, rows * height), layout="constrained",
                                 squeeze=False, **options)
    else:
        panel_width, panel_height = phone_size or (PHONE_WIDTH, height)
        fig, stacked = plt.subplots(count, 1, figsize=(panel_width, count * panel_height), layout="constrained",
                                    squeeze=False, **options)
        grid = stacked.reshape(rows, columns)
    if count == 1:
        return fig, grid[0, 0]
    for letter, ax in zip("abcdefgh", grid.ravel()):
        ax.set_title(letter, loc="left", fontweight="bold", fontsize="medium")
    return fig, grid.ravel() if rows == 1 or columns == 1 else grid


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


def _activation_panel(curves, ylabel, reference=None, marks=(), z_range=(-4, 4), legend=None):
    """One activation (or derivative) per figure, in the order of Dive into Deep Learning: f, then f' on its own.

    ``curves`` holds (function of z, colour, line style, legend label); ``reference``
    is drawn thin and muted behind them (ReLU, or its derivative, for comparison);
    ``marks`` are (z, text, text offset in points) points annotated on the first curve;
    ``legend`` holds options for ax.legend, for a figure whose upper left corner is taken.
    """
    z = np.linspace(*z_range, 801)
    fig, ax = panels(size=(5.2, 3.2))
    if reference is not None:
        function, label = reference
        ax.plot(z, function(z), color=muted(), linewidth=1.2, linestyle=":", label=label)
    for function, color, style, label in curves:
        ax.plot(z, function(z), color=color, linestyle=style, label=label)
    first = curves[0][0]
    for point, text, offset in marks:
        value = float(first(np.array([point]))[0])
        ax.plot([point], [value], "o", color=ink(), markersize=4)
        ax.annotate(text, xy=(point, value), xytext=offset, textcoords="offset points", fontsize="small",
                    arrowprops={"arrowstyle": "-", "color": muted(), "linewidth": 0.8})
    ax.axhline(0, color=ink(), linewidth=0.6)
    ax.axvline(0, color=ink(), linewidth=0.6)
    ax.set_xlabel("$z$")
    ax.set_ylabel(ylabel)
    ax.legend(**{"loc": "upper left", "fontsize": "small", **(legend or {})})
    return fig


_RELU = (losses.relu, r"$\max(0, z)$")
_RELU_STEP = (losses.relu_grad, r"$\mathrm{relu}'(z)$")
# Leaky ReLU is drawn with a slope of 0.1: PyTorch's default 0.01 is invisible at this scale.
_SHOWN_SLOPE = 0.1


@figure("activation-leaky-relu")
def activation_leaky_relu():
    return _activation_panel(
        [(lambda z: losses.leaky_relu(z, negative_slope=_SHOWN_SLOPE), BLUE, "-",
          rf"$\mathrm{{leaky\_relu}}(z),\ \nu={_SHOWN_SLOPE:g}$")],
        r"$f(z)$", reference=_RELU)


@figure("activation-leaky-relu-derivative")
def activation_leaky_relu_derivative():
    return _activation_panel(
        [(lambda z: losses.leaky_relu_grad(z, negative_slope=_SHOWN_SLOPE), VERMILION, "-",
          rf"$\mathrm{{leaky\_relu}}'(z),\ \nu={_SHOWN_SLOPE:g}$")],
        # In a phone's narrow panel the legend is wider than either side of the step at z = 0: it goes above.
        r"$f'(z)$", reference=_RELU_STEP,
        legend={"loc": "lower left", "bbox_to_anchor": (0, 1)} if on_phone() else None)


@figure("activation-elu")
def activation_elu():
    fig = _activation_panel([(losses.elu, BLUE, "-", r"$\mathrm{elu}(z),\ \alpha=1$")], r"$f(z)$",
                            reference=_RELU)
    fig.axes[0].axhline(-1, color=BLUE, linewidth=0.8, linestyle="--")
    fig.axes[0].annotate(r"$-\alpha$", xy=(-4, -1), xytext=(2, 4), textcoords="offset points", fontsize="small")
    return fig


@figure("activation-elu-derivative")
def activation_elu_derivative():
    return _activation_panel([(losses.elu_grad, VERMILION, "-", r"$\mathrm{elu}'(z),\ \alpha=1$")], r"$f'(z)$",
                             reference=_RELU_STEP)


def _zero_of(function, low, high):
    """Where ``function`` (increasing or decreasing through 0 on [low, high]) is 0, by bisection."""
    for _ in range(80):
        middle = (low + high) / 2
        if np.sign(function(middle)) == np.sign(function(low)):
            low = middle
        else:
            high = middle
    return (low + high) / 2


def _where_largest(function, low, high):
    z = np.linspace(low, high, 300001)
    return float(z[np.argmax(function(z))])


def _point(z, function):
    return rf"$({z:.2f},\,{float(function(z)):.2f})$"


def _value_at(z, function):
    return rf"${float(function(z)):.2f}$ at $z={z:.2f}$"


def _zero_at(z):
    return rf"$0$ at $z={z:.2f}$"


@figure("activation-gelu")
def activation_gelu():
    lowest = _zero_of(losses.gelu_grad, -1.0, -0.5)
    return _activation_panel(
        [(losses.gelu, BLUE, "-", r"$z\,\Phi(z)$"),
         (lambda z: losses.gelu(z, approximate="tanh"), ORANGE, "--", r"$z\,(1 + \tanh u)/2$")],
        r"$f(z)$", reference=_RELU, marks=[(lowest, _point(lowest, losses.gelu), (-95, 25))])


@figure("activation-gelu-derivative")
def activation_gelu_derivative():
    zero, peak = _zero_of(losses.gelu_grad, -1.0, -0.5), _where_largest(losses.gelu_grad, 0.0, 3.0)
    return _activation_panel(
        [(losses.gelu_grad, VERMILION, "-", r"$\Phi(z) + z\,\varphi(z)$")],
        r"$f'(z)$", reference=_RELU_STEP,
        marks=[(zero, _zero_at(zero), (-70, 18)),
               # On a phone the label would run off the figure's right edge.
               (peak, _value_at(peak, losses.gelu_grad), (2, -32) if on_phone() else (12, -30))])


@figure("activation-silu")
def activation_silu():
    lowest = _zero_of(losses.silu_grad, -2.0, -1.0)
    # A phone's narrow panel would put the label across the axis at z = 0: it moves further left.
    offset = (-88, 16) if on_phone() else (-40, 20)
    return _activation_panel([(losses.silu, BLUE, "-", r"$z\,\sigma(z)$")], r"$f(z)$", reference=_RELU,
                             marks=[(lowest, _point(lowest, losses.silu), offset)], z_range=(-6, 4))


@figure("activation-silu-derivative")
def activation_silu_derivative():
    zero, peak = _zero_of(losses.silu_grad, -2.0, -1.0), _where_largest(losses.silu_grad, 1.0, 4.0)
    return _activation_panel(
        [(losses.silu_grad, VERMILION, "-", r"$\sigma(z)\,(1 + z\,(1-\sigma(z)))$")],
        r"$f'(z)$", reference=_RELU_STEP,
        marks=[(zero, _zero_at(zero), (-60, 22)),
               (peak, _value_at(peak, losses.silu_grad), (-30, -34))],
        z_range=(-6, 4))


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


@figure("hinge-binary")
def hinge_binary():
    margin = np.linspace(-2, 3, 501)  # y s, with y = +1
    positive = np.ones_like(margin)
    fig, ax = panels(size=(5.8, 3.6))
    ax.plot(margin, np.where(margin <= 0, 1.0, 0.0), color=muted(), linewidth=1.2, linestyle=":",
            label=r"$[\,ys \leq 0\,]$")
    ax.plot(margin, losses.binary_hinge(margin, positive, reduction="none"), color=BLUE,
            label=r"$\max(0,\ 1 - ys)$")
    ax.plot(margin, losses.binary_hinge(margin, positive, squared=True, reduction="none"), color=VERMILION,
            label=r"$\max(0,\ 1 - ys)^2$")
    ax.plot(margin, losses.binary_cross_entropy_with_logits(margin, positive, reduction="none"), color=GREEN,
            label=r"$\ln(1 + e^{-ys})$")
    ax.axvline(1.0, color=ink(), linewidth=0.6, linestyle="--")
    ax.set_xlabel(r"$ys$")
    ax.set_ylabel(r"$\ell$")
    ax.set_ylim(0, 4)
    # Shorter legend lines on a phone keep the legend clear of the dashed line at ys = 1.
    ax.legend(loc="upper right", fontsize="small", handlelength=1.2 if on_phone() else None)
    return fig


@figure("kl-asymmetry")
def kl_asymmetry():
    target = 0.3  # q = (0.7, 0.3): the probability of class 1
    p = np.linspace(0.005, 0.995, 397)
    model = np.stack([1 - p, p], axis=1)
    reference = np.broadcast_to([1 - target, target], model.shape)
    forward = losses.kl_div(np.log(model), reference, reduction="none").sum(axis=1)  # KL(q || p)
    backward = losses.kl_div(np.log(reference), model, reduction="none").sum(axis=1)  # KL(p || q)
    fig, ax = panels(size=(5.8, 3.6))
    ax.plot(p, forward, color=BLUE, label=r"$\mathrm{KL}(q \,\|\, p)$")
    ax.plot(p, backward, color=VERMILION, linestyle="--", label=r"$\mathrm{KL}(p \,\|\, q)$")
    ax.axvline(target, color=ink(), linewidth=0.6)
    ax.annotate(r"$p_1 = q_1$", (target, 1.2), xytext=(5, 0), textcoords="offset points")
    ax.set_xlabel(r"$p_1$")
    ax.set_ylim(0, 2.5)
    ax.set_xlim(0, 1)
    ax.legend(loc="upper center")
    return fig


@figure("focal-loss")
def focal_loss():
    p_t = np.linspace(0.001, 0.999, 999)  # the probability given to the true class
    logits = np.log(p_t) - np.log1p(-p_t)  # z with σ(z) = p_t, for a positive target
    positive = np.ones_like(p_t)
    fig, (left, right) = panels(2, size=(4.25, 3.4))
    for gamma, color in [(0.0, BLUE), (0.5, SKY), (1.0, GREEN), (2.0, VERMILION), (5.0, PURPLE)]:
        loss = losses.sigmoid_focal_loss(logits, positive, alpha=-1.0, gamma=gamma, reduction="none")
        left.plot(p_t, loss, color=color, label=rf"$\gamma={gamma:g}$")
        right.semilogy(p_t, loss, color=color)
    left.set_ylim(0, 5)
    for axis in (left, right):
        axis.set_xlabel(r"$p_t$")
        axis.set_ylabel(r"$(1 - p_t)^{\gamma}\,(-\ln p_t)$")
    right.set_ylim(1e-8, 10)
    left.legend(loc="upper right", fontsize="small")
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
    ], r"$\ell(r)$", r"$\ell'(r)$", r"$r = \hat{y} - y$")
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
    """Worst error per function and implementation, from scripts/accuracy.py's results.

    The colour is the fraction of the significant digits lost, log(ulp error) /
    log(2^(significand bits - 1)), so that "every digit lost" has the same red
    in float32 (8e6 ulp) as in float64 (4.5e15 ulp).
    """
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from scripts.accuracy import format_ulp

    report = json.loads(ACCURACY.read_text(encoding="utf-8"))
    implementations = report["implementations"]
    # One row per function: the worst over its settings (the table on the page has them all).
    worst: dict[str, list] = {}
    for row_name, results in report["functions"].items():
        name = row_name.split(" (")[0]
        values = [results.get(column, {}).get("max_ulp", np.nan) for column in implementations]
        worst[name] = values if name not in worst else np.fmax(worst[name], values)
    names = list(worst)
    errors = np.array([worst[name] for name in names], dtype=float)
    significand_bits = np.array([24 if column.endswith("float32") else 53 for column in implementations])
    with np.errstate(divide="ignore", invalid="ignore"):
        lost = np.log2(np.maximum(errors, 1.0)) / (significand_bits - 1)
    lost = np.where(np.isinf(errors), 1.0, np.clip(lost, 0.0, 1.0))
    colours = plt.get_cmap("RdYlGn_r")
    # Hundreds of numbers drawn as outlines would weigh 300 KB: this figure's text stays text.
    matplotlib.rcParams["svg.fonttype"] = "none"
    height = 0.24 * len(names) + 1.2
    # A phone's column labels stand upright (see set_xticks below) and need the extra height.
    fig, ax = panels(size=(7.8, height), phone_size=(PHONE_WIDTH, height + 0.4))
    # Vector cells (pcolormesh), not a raster image: small, and sharp at any zoom.  The gaps
    # between them are the page's own background, in either scheme.
    ax.pcolormesh(np.ma.masked_invalid(np.where(np.isnan(errors), np.nan, lost)), cmap=colours, vmin=0, vmax=1,
                  edgecolors=paper(), linewidth=0.5)
    ax.set_xlim(0, len(implementations))
    ax.set_ylim(len(names), 0)
    for row, column in np.ndindex(errors.shape):
        value = errors[row, column]
        if np.isnan(value):
            ax.text(column + 0.5, row + 0.5, "—", ha="center", va="center", fontsize="x-small", color=muted())
            continue
        if value <= 2:  # within 2 ulp: the colour says it; numbers are kept for the failures
            continue
        # The cell, not the page, is behind the number: its colour decides, in either scheme.
        red, green, blue, _ = colours(lost[row, column])
        dark_background = 0.299 * red + 0.587 * green + 0.114 * blue < 0.5
        ax.text(column + 0.5, row + 0.5, format_ulp(value), ha="center", va="center", fontsize="x-small",
                color="white" if dark_background else "black")
    ax.set_xticks(np.arange(len(implementations)) + 0.5, [column.replace(" ", "\n") for column in implementations],
                  fontsize="small", rotation=90 if on_phone() else 0)
    ax.set_yticks(np.arange(len(names)) + 0.5, names, fontsize="x-small")
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
    global _layout, _scheme
    written: dict[Path, str] = {}
    try:
        for suffix, (layout, scheme) in VARIANTS.items():
            _layout, _scheme = layout, scheme
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
        _layout, _scheme = "desktop", "light"
    return list(written)


def inputs_fingerprint(name: str) -> str:
    """A hash of everything figure ``name`` is drawn from: this script, the package, the versions that draw it.

    The accuracy map also depends on the measured table (only its numbers, not
    the code fingerprint that accuracy.json records) and on scripts/accuracy.py,
    which formats them.
    """
    digest = hashlib.sha256()
    digest.update(f"{name}\0matplotlib {matplotlib.__version__}\0numpy {np.__version__}\0".encode())
    sources = [Path(__file__), *sorted((ROOT / "losses").glob("*.py"))]
    if name == "accuracy":
        sources.append(ROOT / "scripts" / "accuracy.py")
        report = json.loads(ACCURACY.read_text(encoding="utf-8"))
        digest.update(json.dumps({key: report[key] for key in ("implementations", "functions")},
                                 sort_keys=True).encode())
    for source in sources:
        digest.update(source.relative_to(ROOT).as_posix().encode() + b"\0" + source.read_bytes() + b"\0")
    return digest.hexdigest()


def record_inputs(names: list[str]) -> None:
    """Note in MANIFEST what the figures ``names`` were drawn from (the others keep their entries)."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.exists() else {}
    manifest.update({name: inputs_fingerprint(name) for name in names})
    manifest = {name: manifest[name] for name in FIGURES if name in manifest}
    MANIFEST.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def check(names: list[str], committed_dir: Path) -> int:
    """Draw ``names`` afresh and compare them byte for byte with ``committed_dir``; 0 if all are the same."""
    with tempfile.TemporaryDirectory() as fresh_dir:
        fresh_dir = Path(fresh_dir)
        for name in names:
            write_figure(name, fresh_dir)
        fresh = {path.name: path.read_bytes() for path in fresh_dir.glob("*.svg")}
    committed = {path.name: path.read_bytes() for path in committed_dir.glob("*.svg")
                 if path.name.split(".")[0] in names}
    problems = {
        "not committed": sorted(set(fresh) - set(committed)),
        "stale": sorted(name for name in set(fresh) & set(committed) if fresh[name] != committed[name]),
        "committed but not drawn by scripts/figures.py": sorted(set(committed) - set(fresh)),
    }
    if names == list(FIGURES):
        problems["committed but not drawn by scripts/figures.py"] = sorted(
            path.name for path in committed_dir.glob("*.svg") if path.name.split(".")[0] not in FIGURES)
    for problem, files in problems.items():
        if files:
            print(f"error: {problem}: {', '.join(files)}", file=sys.stderr)
    if any(problems.values()):
        print("run `python3 scripts/dev.py figures` and commit the figures", file=sys.stderr)
        return 1
    print(f"{len(fresh)} SVG files of {len(names)} figures are exactly what scripts/figures.py draws")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="figures to regenerate (default: all)")
    parser.add_argument("--output-dir", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--list", action="store_true", help="print the figure names and exit")
    parser.add_argument("--check", action="store_true",
                        help="draw the figures afresh and compare them with --output-dir, byte for byte; write nothing")
    arguments = parser.parse_args(argv)
    if arguments.list:
        print("\n".join(FIGURES))
        return 0
    unknown = [name for name in arguments.names if name not in FIGURES]
    if unknown:
        parser.error(f"unknown figure(s): {', '.join(unknown)}; known: {', '.join(FIGURES)}")
    names = arguments.names or list(FIGURES)
    if arguments.check:
        return check(names, arguments.output_dir)
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
    if arguments.output_dir.resolve() == DEFAULT_OUTPUT.resolve():
        record_inputs([name for name in names if name not in failures])
    if failures:
        print(f"error: {len(failures)} figure(s) failed: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
