/* Sigmoid, tanh and ReLU derivatives, and the product of k of them: the gradient through k layers. */
(function (K) {
  "use strict";

  var activations = [
    { name: "sigmoid", label: "σ′(z)", short: "sigmoid", color: 1, f: K.sigmoidGrad },
    { name: "tanh", label: "tanh′(z)", short: "tanh", color: 2, f: K.tanhGrad },
    { name: "relu", label: "relu′(z)", short: "ReLU", color: 0, f: K.reluGrad, dashed: true },
  ];

  // One factor w·f′(z) per layer, multiplied in layer order as back-propagation does.
  function product(activation, layers, s) {
    var factor = s.weight * activation.f(s.z);
    var result = 1;
    for (var layer = 1; layer <= layers; layer++) result *= factor;
    return result;
  }

  var layers = [];
  for (var layer = 1; layer <= 30; layer++) layers.push(layer);

  LossesWidgets.define("vanishing-gradients", LossesWidgets.figure({
    title: { en: "Try it: the product of k derivatives", zh: "动手试试：k 个导数的乘积" },
    controls: [
      { name: "z", label: { en: "pre-activation z", zh: "加权输入 z" }, min: -6, max: 6, step: 0.1, value: 1 },
      { name: "weight", label: { en: "weight w", zh: "权重 w" }, min: 0.5, max: 4, step: 0.1, value: 1 },
      { name: "depth", label: { en: "depth k", zh: "层数 k" }, min: 1, max: 30, step: 1, value: 10 },
    ],
    panels: [
      { name: "derivatives", kind: "curves", title: { en: "Derivatives f′(z)", zh: "导数 f′(z)" },
        x: { domain: [-6, 6], samples: 241 }, y: { domain: [0, 1.1] }, marker: "z",
        curves: activations.map(function (a) {
          return { name: a.name, label: a.label, color: a.color, dashed: a.dashed, f: function (z) { return a.f(z); } };
        }) },
      { name: "product", kind: "curves",
        title: { en: "Gradient after l layers: (w·f′(z))ˡ", zh: "经过 l 层后的梯度：(w·f′(z))ˡ" },
        x: { domain: [1, 30], values: function () { return layers; } },
        y: { domain: [1e-20, 1e10], scale: "log" }, marker: "depth",
        curves: activations.map(function (a) {
          return { name: a.name + "_product", label: a.short, color: a.color, dashed: a.dashed,
            f: function (l, s) { return product(a, l, s); } };
        }) },
    ],
    numbers: [{
      columns: activations.map(function (a) { return a.short; }),
      rows: [
        // Formulas alone, language-neutral, so that four columns fit on a phone.
        { name: "derivative", label: "f′(z)",
          f: function (s) { return activations.map(function (a) { return a.f(s.z); }); } },
        { name: "factor", label: "w·f′(z)",
          f: function (s) { return activations.map(function (a) { return s.weight * a.f(s.z); }); } },
        { name: "product", label: "(w·f′(z))ᵏ",
          f: function (s) { return activations.map(function (a) { return product(a, s.depth, s); }); } },
      ],
    }],
  }));
})(LossesKernels);
