/* Binary hinge, squared hinge and logistic loss against the margin m = y·s. */
(function (K) {
  "use strict";

  // Each loss as a function of the margin: the score m with target +1.
  var losses = [
    { name: "hinge", label: { en: "hinge max(0, 1 − m)", zh: "合页 max(0, 1 − m)" },
      short: { en: "hinge", zh: "合页" }, color: 0,
      loss: function (s, y) { return K.binaryHinge(s, y, false); },
      grad: function (s, y) { return K.binaryHingeGrad(s, y, false); } },
    { name: "squared_hinge", label: { en: "squared hinge max(0, 1 − m)²", zh: "平方合页 max(0, 1 − m)²" },
      short: { en: "squared hinge", zh: "平方合页" }, color: 1, dashed: true,
      loss: function (s, y) { return K.binaryHinge(s, y, true); },
      grad: function (s, y) { return K.binaryHingeGrad(s, y, true); } },
    // ln(1 + e^{-ys}) is the binary cross-entropy of the logit s with the label (y + 1) / 2.
    { name: "logistic", label: { en: "logistic ln(1 + e⁻ᵐ)", zh: "逻辑损失 ln(1 + e⁻ᵐ)" },
      short: { en: "logistic", zh: "逻辑损失" }, color: 2,
      loss: function (s, y) { return K.bceWithLogits(s, (y + 1) / 2); },
      grad: function (s, y) { return K.bceWithLogitsGrad(s, (y + 1) / 2); } },
  ];

  function curves(kind) {
    return losses.map(function (item) {
      return { name: item.name + (kind === "grad" ? "_grad" : ""), label: item.label, color: item.color,
        dashed: item.dashed, f: function (m) { return item[kind](m, 1); } };
    });
  }

  function margin(s) { return s.target * s.score; }
  var marginAxis = { domain: [-3, 3], samples: 241 };

  LossesWidgets.define("margin-losses", LossesWidgets.figure({
    title: { en: "Try it: hinge, squared hinge and logistic loss", zh: "动手试试：合页、平方合页与逻辑损失" },
    controls: [
      { name: "score", label: { en: "score s", zh: "分数 s" }, min: -3, max: 3, step: 0.05, value: 0.5 },
      { name: "target", label: { en: "target y", zh: "目标 y" }, value: 1,
        options: [{ value: 1, label: "+1" }, { value: -1, label: "−1" }] },
    ],
    panels: [
      { name: "loss", kind: "curves", title: { en: "Loss against the margin m = y·s", zh: "损失随间隔 m = y·s 的变化" },
        x: marginAxis, y: { domain: [0, 4] }, marker: "margin", curves: curves("loss") },
      { name: "gradient", kind: "curves", title: { en: "Derivative ∂ℓ/∂m", zh: "导数 ∂ℓ/∂m" },
        x: marginAxis, y: { domain: [-4.5, 0.5] }, marker: "margin", curves: curves("grad"),
        legend: false },
    ],
    derived: { margin: margin },
    numbers: [{
      columns: losses.map(function (item) { return item.short; }),
      rows: [
        { name: "loss", label: { en: "loss ℓ", zh: "损失 ℓ" },
          f: function (s) { return losses.map(function (item) { return item.loss(s.score, s.target); }); } },
        { name: "gradient", label: { en: "gradient ∂ℓ/∂s", zh: "梯度 ∂ℓ/∂s" },
          f: function (s) { return losses.map(function (item) { return item.grad(s.score, s.target); }); } },
      ],
    }, {
      rows: [{ name: "margin", label: { en: "margin m = y·s", zh: "间隔 m = y·s" }, f: margin }],
    }],
  }));
})(LossesKernels);
