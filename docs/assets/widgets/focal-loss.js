/* torchvision's sigmoid focal loss against the logit: γ, α and the target under the reader's hand. */
(function (K) {
  "use strict";

  function focal(z, s) { return K.sigmoidFocalLoss(z, s.target, s.alpha, s.gamma); }
  function focalGrad(z, s) { return K.sigmoidFocalLossGrad(z, s.target, s.alpha, s.gamma); }
  function crossEntropy(z, s) { return K.bceWithLogits(z, s.target); }
  function crossEntropyGrad(z, s) { return K.bceWithLogitsGrad(z, s.target); }
  var logit = { domain: [-6, 6], samples: 241 };
  var focalLabel = { en: "focal loss", zh: "焦点损失" };
  var crossEntropyLabel = { en: "cross-entropy", zh: "交叉熵" };

  LossesWidgets.define("focal-loss", LossesWidgets.figure({
    title: { en: "Try it: focal loss", zh: "动手试试：焦点损失" },
    controls: [
      { name: "gamma", label: "γ", min: 0, max: 5, step: 0.1, value: 2 },
      { name: "alpha", label: "α", min: 0, max: 1, step: 0.05, value: 0.25 },
      { name: "z", label: { en: "logit z", zh: "logit z" }, min: -6, max: 6, step: 0.1, value: 1 },
      { name: "target", label: { en: "target y", zh: "目标 y" }, value: 1,
        options: [{ value: 1, label: "1" }, { value: 0, label: "0" }] },
    ],
    panels: [
      { name: "loss", kind: "curves", title: { en: "Loss against the logit z", zh: "损失随 logit z 的变化" },
        x: logit, y: { domain: [0, 4] }, marker: "z",
        curves: [
          { name: "focal", label: focalLabel, color: 0, f: focal },
          { name: "cross_entropy", label: crossEntropyLabel, color: 1, dashed: true, f: crossEntropy },
        ] },
      { name: "gradient", kind: "curves", title: { en: "Gradient ∂ℓ/∂z", zh: "梯度 ∂ℓ/∂z" },
        x: logit, y: { domain: [-1.1, 1.1] }, marker: "z", legend: false,
        curves: [
          { name: "focal_grad", label: focalLabel, color: 0, f: focalGrad },
          { name: "cross_entropy_grad", label: crossEntropyLabel, color: 1, dashed: true, f: crossEntropyGrad },
        ] },
    ],
    numbers: [{
      columns: [focalLabel, crossEntropyLabel],
      rows: [
        { name: "loss", label: { en: "loss ℓ", zh: "损失 ℓ" },
          f: function (s) { return [focal(s.z, s), crossEntropy(s.z, s)]; } },
        { name: "gradient", label: { en: "gradient ∂ℓ/∂z", zh: "梯度 ∂ℓ/∂z" },
          f: function (s) { return [focalGrad(s.z, s), crossEntropyGrad(s.z, s)]; } },
      ],
    }, {
      rows: [{ name: "probability", label: { en: "p = σ(z)", zh: "p = σ(z)" },
        f: function (s) { return K.sigmoid(s.z); } }],
    }],
  }));
})(LossesKernels);
