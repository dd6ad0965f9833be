/* The multi-class hinge loss on the cat / dog / bird scores: drag the scores, move the margin Δ. */
(function (K) {
  "use strict";

  var classes = [{ en: "cat", zh: "猫" }, { en: "dog", zh: "狗" }, { en: "bird", zh: "鸟" }];

  function scores(s) { return [s.s0, s.s1, s.s2]; }

  // Each term max(0, s_j − s_y + Δ) is the hinge loss of the two-class row (s_y, s_j).
  function terms(s) {
    var row = scores(s);
    return row.map(function (score, j) {
      return j === s.target ? 0 : K.multiclassHinge([row[s.target], score], 0, s.margin);
    });
  }

  function scoreControl(index, value) {
    return { name: "s" + index, label: { en: "score s (" + classes[index].en + ")", zh: "分数 s（" + classes[index].zh + "）" },
      min: -6, max: 8, step: 0.1, value: value };
  }

  LossesWidgets.define("hinge-margin", LossesWidgets.figure({
    title: { en: "Try it: the multi-class hinge loss", zh: "动手试试：多分类合页损失" },
    controls: [
      scoreControl(0, 3.2), scoreControl(1, 5.1), scoreControl(2, -1.7),
      { name: "margin", label: { en: "margin Δ", zh: "间隔 Δ" }, min: 0, max: 4, step: 0.1, value: 1 },
      { name: "target", label: { en: "true class", zh: "真实类别" }, value: 0,
        options: classes.map(function (label, index) { return { value: index, label: label }; }) },
    ],
    panels: [
      { name: "scores", kind: "bars", title: { en: "Scores (drag)", zh: "分数（可拖动）" },
        categories: classes, y: { domain: [-6, 12] }, drag: ["s0", "s1", "s2"],
        series: [{ name: "score", label: { en: "score s", zh: "分数 s" }, color: 0, values: scores,
          emphasis: function (s) { return s.target; } }],
        lines: [{ name: "level", label: { en: "true score + Δ", zh: "真实类别分数+Δ" },
          value: function (s) { return scores(s)[s.target] + s.margin; } }] },
      { name: "terms", kind: "bars", title: { en: "Hinge terms", zh: "合页项" }, categories: classes,
        y: { domain: function (s) { return [0, Math.max(4, Math.ceil(Math.max.apply(null, terms(s))))]; } },
        series: [{ name: "term", label: "max(0, s_j − s_y + Δ)", color: 1, values: terms }] },
    ],
    numbers: [{
      columns: classes,
      rows: [
        { name: "term", label: { en: "term", zh: "合页项" }, f: terms },
        { name: "gradient", label: { en: "gradient ∂L/∂s", zh: "梯度 ∂L/∂s" },
          f: function (s) { return K.multiclassHingeGrad(scores(s), s.target, s.margin); } },
      ],
    }, {
      rows: [{ name: "loss", label: { en: "loss L", zh: "损失 L" },
        f: function (s) { return K.multiclassHinge(scores(s), s.target, s.margin); } }],
    }],
  }));
})(LossesKernels);
