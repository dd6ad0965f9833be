/* Smooth L1 and Huber: loss and gradient against the residual, β and δ under the reader's hand. */
(function (K) {
  "use strict";

  function smoothL1(r, s) { return K.smoothL1(r, 0, s.beta); }
  function smoothL1Grad(r, s) { return K.smoothL1Grad(r, 0, s.beta); }
  function huber(r, s) { return K.huber(r, 0, s.delta); }
  function huberGrad(r, s) { return K.huberGrad(r, 0, s.delta); }

  // The quadratic zones, |r| < β and |r| < δ, shaded in each curve's colour.
  var bands = [
    { name: "smooth_l1", color: 0, label: { en: "|r| < β: quadratic", zh: "|r| < β：二次区域" },
      from: function (s) { return -s.beta; }, to: function (s) { return s.beta; } },
    { name: "huber", color: 1, label: { en: "|r| < δ: quadratic", zh: "|r| < δ：二次区域" },
      from: function (s) { return -s.delta; }, to: function (s) { return s.delta; } },
  ];
  var residual = { domain: [-4, 4], samples: 321 };

  LossesWidgets.define("smooth-l1", LossesWidgets.figure({
    title: { en: "Try it: Smooth L1 and Huber", zh: "动手试试：Smooth L1 与 Huber" },
    controls: [
      { name: "beta", label: "β (Smooth L1)", min: 0, max: 3, step: 0.05, value: 1 },
      { name: "delta", label: "δ (Huber)", min: 0.05, max: 3, step: 0.05, value: 1 },
      { name: "r", label: { en: "residual r", zh: "残差 r" }, min: -4, max: 4, step: 0.05, value: 0.5 },
    ],
    panels: [
      { name: "loss", kind: "curves", title: { en: "Loss ℓ(r)", zh: "损失 ℓ(r)" }, x: residual,
        y: { domain: [0, 4.5] }, marker: "r", bands: bands,
        curves: [
          { name: "smooth_l1", label: "Smooth L1", color: 0, f: smoothL1 },
          { name: "huber", label: "Huber", color: 1, dashed: true, f: huber },
        ] },
      { name: "gradient", kind: "curves", title: { en: "Gradient ℓ′(r)", zh: "梯度 ℓ′(r)" }, x: residual,
        y: { domain: [-3.2, 3.2] }, marker: "r", bands: bands, legend: false,
        curves: [
          { name: "smooth_l1_grad", label: "Smooth L1", color: 0, f: smoothL1Grad },
          { name: "huber_grad", label: "Huber", color: 1, dashed: true, f: huberGrad },
        ] },
    ],
    numbers: [{
      columns: ["Smooth L1", "Huber"],
      rows: [
        { name: "loss", label: { en: "loss ℓ(r)", zh: "损失 ℓ(r)" },
          f: function (s) { return [smoothL1(s.r, s), huber(s.r, s)]; } },
        { name: "gradient", label: { en: "gradient ℓ′(r)", zh: "梯度 ℓ′(r)" },
          f: function (s) { return [smoothL1Grad(s.r, s), huberGrad(s.r, s)]; } },
      ],
    }],
  }));
})(LossesKernels);
