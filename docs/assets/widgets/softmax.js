/* Softmax and cross-entropy on three logits: drag the logits, set the temperature T and label smoothing ε. */
(function (K) {
  "use strict";

  var classes = [{ en: "cat", zh: "猫" }, { en: "dog", zh: "狗" }, { en: "bird", zh: "鸟" }];

  function logits(s) { return [s.z0, s.z1, s.z2]; }
  // The loss sees z / T; its gradient with respect to the logits z is (p − q) / T.
  function scaled(s) { return logits(s).map(function (z) { return z / s.temperature; }); }
  function probabilities(s) { return K.softmax(scaled(s)); }
  function target(s) {
    return [0, 1, 2].map(function (c) { return (1 - s.epsilon) * (c === s.target ? 1 : 0) + s.epsilon / 3; });
  }
  function loss(s) { return K.crossEntropy(scaled(s), s.target, s.epsilon); }
  function gradient(s) {
    return K.crossEntropyGrad(scaled(s), s.target, s.epsilon).map(function (g) { return g / s.temperature; });
  }
  function gradientDomain(s) {
    var largest = Math.max.apply(null, gradient(s).map(Math.abs));
    var bound = largest <= 1 ? 1 : Math.ceil(largest);
    return [-bound, bound];
  }

  function logitControl(index, value) {
    return { name: "z" + index, label: { en: "logit z (" + classes[index].en + ")", zh: "logit z（" + classes[index].zh + "）" },
      min: -8, max: 8, step: 0.1, value: value };
  }

  LossesWidgets.define("softmax", LossesWidgets.figure({
    title: { en: "Try it: softmax and cross-entropy", zh: "动手试试：softmax 与交叉熵" },
    controls: [
      logitControl(0, 3.2), logitControl(1, 5.1), logitControl(2, -1.7),
      { name: "temperature", label: { en: "temperature T", zh: "温度 T" }, min: 0.1, max: 5, step: 0.1, value: 1 },
      { name: "epsilon", label: { en: "label smoothing ε", zh: "标签平滑 ε" }, min: 0, max: 1, step: 0.01, value: 0 },
      { name: "target", label: { en: "true class", zh: "真实类别" }, value: 0,
        options: classes.map(function (label, index) { return { value: index, label: label }; }) },
    ],
    panels: [
      { name: "logits", kind: "bars", title: { en: "Logits z (drag)", zh: "logit z（可拖动）" },
        categories: classes, y: { domain: [-8, 8] }, drag: ["z0", "z1", "z2"],
        series: [{ name: "logit", label: "z", color: 0, values: logits, emphasis: function (s) { return s.target; } }] },
      { name: "probabilities", kind: "bars", title: { en: "Probabilities", zh: "概率" }, categories: classes,
        y: { domain: [0, 1] },
        series: [
          { name: "probability", label: { en: "p = softmax(z / T)", zh: "p = softmax(z / T)" }, color: 2,
            values: probabilities },
          { name: "target", label: { en: "target q", zh: "目标 q" }, color: 3, overlay: true, values: target },
        ] },
      { name: "gradient", kind: "bars", title: { en: "Gradient ∂L/∂z", zh: "梯度 ∂L/∂z" }, categories: classes,
        y: { domain: gradientDomain },
        series: [{ name: "gradient", label: "(p − q) / T", color: 1, values: gradient }] },
    ],
    numbers: [{
      columns: classes,
      rows: [
        { name: "probability", label: { en: "probability p", zh: "概率 p" }, f: probabilities },
        { name: "target", label: { en: "target q", zh: "目标 q" }, f: target },
        { name: "gradient", label: { en: "gradient ∂L/∂z", zh: "梯度 ∂L/∂z" }, f: gradient },
      ],
    }, {
      rows: [{ name: "loss", label: { en: "cross-entropy L", zh: "交叉熵 L" }, f: loss }],
    }],
  }));
})(LossesKernels);
