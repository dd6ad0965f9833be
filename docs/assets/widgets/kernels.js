/*
 * Numeric kernels of the interactive figures: the stable formulations of the
 * `losses` package (losses/activations.py, classification.py, regression.py),
 * ported to JavaScript for one sample or one element at a time.
 *
 * They must give the numbers the NumPy reference gives (within 2 ulp;
 * tests/test_widget_kernels.py checks every function on an accuracy grid), so
 * the formulas are the package's, not the textbook's: a direct port of
 * softmax(z) - onehot is off by up to 25,000 ulp, and 1 / (1 + e^-z) - 1 by
 * 0.1 % at z = 30.
 *
 * A classic script (not an ES module), so that it runs from file:// too: in a
 * page it defines `LossesKernels`, in Node.js it is `require()`d.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.LossesKernels = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // --- Double-double arithmetic ------------------------------------------------
  //
  // A value hi + lo with |lo| <= ulp(hi) / 2 carries about 106 bits.  Three
  // uses: exp and log1p rounded once from it (below), the soft-label BCE
  // gradient, which the package computes in x86's 80-bit long double, and the
  // focal loss, a product of three rounded factors.

  function twoSum(a, b) {
    var s = a + b;
    var v = s - a;
    return [s, (a - (s - v)) + (b - v)];
  }

  function quickTwoSum(a, b) {  // needs |a| >= |b|
    var s = a + b;
    return [s, b - (s - a)];
  }

  var SPLITTER = 134217729;  // 2^27 + 1: Dekker's split of a double into two 26-bit halves
  var SPLIT_LIMIT = 6.69692879491417e+299;  // 2^996: above this the split overflows

  function twoProduct(a, b) {
    var p = a * b;
    if (Math.abs(a) > SPLIT_LIMIT || Math.abs(b) > SPLIT_LIMIT || !isFinite(p)) return [p, 0];
    var t = SPLITTER * a;
    var aHigh = t - (t - a);
    var aLow = a - aHigh;
    t = SPLITTER * b;
    var bHigh = t - (t - b);
    var bLow = b - bHigh;
    return [p, ((aHigh * bHigh - p) + aHigh * bLow + aLow * bHigh) + aLow * bLow];
  }

  function dd(value) {
    return [value, 0];
  }

  function ddAdd(x, y) {
    var s = twoSum(x[0], y[0]);
    var t = twoSum(x[1], y[1]);
    var u = quickTwoSum(s[0], s[1] + t[0]);
    var sum = quickTwoSum(u[0], u[1] + t[1]);
    return isFinite(sum[0]) ? sum : [x[0] + y[0], 0];
  }

  function ddNegate(x) {
    return [-x[0], -x[1]];
  }

  function ddMul(x, y) {
    var p = twoProduct(x[0], y[0]);
    var product = quickTwoSum(p[0], p[1] + (x[0] * y[1] + x[1] * y[0]));
    return isFinite(product[0]) ? product : [x[0] * y[0], 0];
  }

  function ddDiv(x, y) {
    var first = x[0] / y[0];
    if (!isFinite(first) || first === 0) return [first, 0];
    var remainder = ddAdd(x, ddNegate(ddMul(dd(first), y)));
    var second = remainder[0] / y[0];
    remainder = ddAdd(remainder, ddNegate(ddMul(dd(second), y)));
    var third = remainder[0] / y[0];
    return ddAdd(quickTwoSum(first, second), dd(third));
  }

  function ddScale(x, power) {  // x * 2^power; exact unless the result is subnormal
    var half = Math.floor(power / 2);
    var a = Math.pow(2, half);
    var b = Math.pow(2, power - half);
    return [x[0] * a * b, x[1] * a * b];
  }

  var LN2 = [0.6931471805599453, 2.3190468138462996e-17];

  // exp of a double-double, to about 2^-95: x = k ln 2 + r with |r| <= ln 2 / 2,
  // exp(r) = (1 + u)^(2^10) where 1 + u = exp(r / 2^10) comes from a short Taylor
  // series, and the squarings are done on u (1 + u)^2 = 1 + (2u + u^2) so that
  // nothing cancels.
  function ddExp(x) {
    if (x[0] > 709.8) return [Infinity, 0];
    if (x[0] < -745.2) return [0, 0];
    // Here 1 + x is exact to 2^-120, and x / 2^10 below would lose the bits of a subnormal x.
    if (Math.abs(x[0]) < 1e-18) return ddAdd(dd(1), x);
    var k = Math.round(x[0] / LN2[0]);
    var r = ddAdd(x, ddNegate(ddMul(dd(k), LN2)));
    var s = ddScale(r, -10);
    var h = s[0];
    // s + s^2/2 in double-double; the terms from s^3 on are below 2^-80 and need only doubles.
    var tail = h * h * h * (1 / 6 + h * (1 / 24 + h * (1 / 120 + h * (1 / 720 + h / 5040))));
    var u = ddAdd(ddAdd(s, ddScale(ddMul(s, s), -1)), dd(tail));
    for (var i = 0; i < 10; i++) u = ddAdd(ddScale(u, 1), ddMul(u, u));
    return ddScale(ddAdd(dd(1), u), k);
  }

  // ln(1 + x) for x >= 0: one Newton step on exp from the double log1p.
  function ddLog1p(x) {
    // x - x^2/2 differs from x by less than half an ulp of x.
    if (x[0] < 1.1102230246251565e-16) return x;
    var y = Math.log1p(x[0] + x[1]);
    var e = ddExp(dd(y));
    return ddAdd(dd(y), ddDiv(ddAdd(ddAdd(dd(1), x), ddNegate(e)), e));
  }

  // ln x for x > 0 (normal): one Newton step on exp from the double log.
  function ddLog(x) {
    var y = Math.log(x[0]);
    if (!isFinite(y)) return [y, 0];
    var e = ddExp(dd(y));
    return ddAdd(dd(y), ddDiv(ddAdd(x, ddNegate(e)), e));
  }

  function ddRound(x) {
    return x[0] + x[1];
  }

  // exp and log1p correctly rounded (but for one case in about 2^40).  V8's
  // Math.exp and Math.log1p are fdlibm's: within 1 ulp, but one exp in ten is
  // not the nearest double, where NumPy's is (measured: 12 of 20,000 on
  // [-40, 0] for NumPy, 1,994 for V8).  Amplified by a formula (the
  // cancellation in a smoothed cross-entropy gradient) that one ulp became
  // 64 ulp between the two; with the same exp, the same formula gives the
  // same bits.
  function exp(x) {
    return ddRound(ddExp(dd(x)));
  }

  function log1p(x) {
    return x > 0 && x < Infinity ? ddRound(ddLog1p(dd(x))) : Math.log1p(x);
  }

  // --- Activations (losses/activations.py) ---------------------------------

  // Every exponential below is of -|z| <= 0: it lies in (0, 1] and cannot overflow.
  function expOfMinusAbs(z) {
    return exp(-Math.abs(z));
  }

  function sigmoid(z) {
    var e = expOfMinusAbs(z);
    return z >= 0 ? 1 / (1 + e) : e / (1 + e);
  }

  // e / (1 + e)^2 with e = exp(-|z|): sigma (1 - sigma) without forming 1 - sigma.
  function sigmoidGrad(z) {
    var e = expOfMinusAbs(z);
    return e / ((1 + e) * (1 + e));
  }

  // 4 e^{-2|z|} / (1 + e^{-2|z|})^2, as in losses.tanh_grad.  Squaring e^{-|z|}
  // doubles its rounding error, and NumPy's exp is off by an ulp now and then
  // too, so the two would differ by up to 3 ulp: the formula is evaluated in
  // double-double instead (e^{-2|z|} directly; -2|z| = -inf past 9e307 gives 0).
  function tanhGrad(z) {
    var e = ddExp(dd(-2 * Math.abs(z)));
    var onePlusE = ddAdd(dd(1), e);
    return ddRound(ddDiv(ddScale(e, 2), ddMul(onePlusE, onePlusE)));
  }

  // relu'(0) = 0, as in PyTorch and JAX; NaN gives 0, as (z > 0) does in NumPy.
  function reluGrad(z) {
    return z > 0 ? 1 : 0;
  }

  // --- Softmax pieces (_LogSoftmaxPieces) -------------------------------------

  // With m = max z and rest = the sum of exp(z_j - m) over every class but one
  // that attains the maximum, lse(z) = m + log1p(rest) and
  // -log p_c = (m - z_c) + log1p(rest): two non-negative terms.
  function softmaxPieces(z) {
    var classes = z.length;
    var maximum = -Infinity;
    var c;
    for (c = 0; c < classes; c++) {
      // NaN must win, as in np.max.
      if (z[c] > maximum || z[c] !== z[c]) maximum = z[c];
      if (maximum !== maximum) break;
    }
    var distance = new Array(classes);
    var exponentials = new Array(classes);
    var isMax = new Array(classes);
    var allFinite = true;
    var ties = 0;
    for (c = 0; c < classes; c++) {
      distance[c] = maximum - z[c];
      exponentials[c] = exp(-distance[c]);
      isMax[c] = distance[c] === 0;
      if (isMax[c]) ties += 1;
      if (!isFinite(distance[c])) allFinite = false;
    }
    // Each maximal class has exponential exactly 1; subtracting its flag zeroes
    // it exactly, and all but one of them are added back as ties.
    var rest = 0;
    for (c = 0; c < classes; c++) rest += exponentials[c] - (isMax[c] ? 1 : 0);
    rest += ties - 1;
    return {
      maximum: maximum, distance: distance, exponentials: exponentials,
      isMax: isMax, allFinite: allFinite, rest: rest, z: z,
    };
  }

  // d = m - z_c is rounded before the exponential, and e^{-d} turns that
  // absolute error into a relative one of up to d / 2 ulp.  Knuth's TwoSum
  // recovers the exact rounding error t of the subtraction (d + t == m - z),
  // and e^{-(d + t)} = e^{-d} (1 - t) to within t^2.
  function compensatedExponentials(pieces) {
    if (!pieces.allFinite) return pieces.exponentials.slice();
    var result = new Array(pieces.z.length);
    for (var c = 0; c < result.length; c++) {
      var d = pieces.distance[c];
      var z = pieces.z[c];
      var maximumVirtual = d + z;
      var error = (pieces.maximum - maximumVirtual) + ((maximumVirtual - d) - z);
      error *= pieces.exponentials[c];
      result[c] = pieces.exponentials[c] - error;
    }
    return result;
  }

  function probabilitiesOf(pieces) {
    var compensated = compensatedExponentials(pieces);
    for (var c = 0; c < compensated.length; c++) compensated[c] = compensated[c] / (1 + pieces.rest);
    return compensated;
  }

  // 1 - p_c cancels only for a dominant class, where it equals rest / (1 + rest);
  // for every other class p_c <= 1/2.
  function oneMinusProbabilities(pieces, probabilities) {
    return probabilities.map(function (p, c) {
      return pieces.isMax[c] ? pieces.rest / (1 + pieces.rest) : 1 - p;
    });
  }

  function softmax(z) {
    return probabilitiesOf(softmaxPieces(z));
  }

  // --- Cross-entropy (losses.classification) ----------------------------------

  // The target as a distribution q over the classes, smoothed as PyTorch does:
  // q = (1 - eps) y + eps / C.  `target` is a class index or a probability vector.
  function targetDistribution(target, classes, labelSmoothing) {
    var q = [];
    for (var c = 0; c < classes; c++) {
      q.push(typeof target === "number" ? (c === target ? 1 : 0) : target[c]);
    }
    if (labelSmoothing) {
      q = q.map(function (value) { return (1 - labelSmoothing) * value + labelSmoothing / classes; });
    }
    return q;
  }

  function crossEntropy(z, target, labelSmoothing) {
    var pieces = softmaxPieces(z);
    var logNormaliser = log1p(pieces.rest);
    if (typeof target === "number" && !labelSmoothing) {
      // A one-hot target picks one term: -ln p_y = (m - z_y) + ln(1 + rest).
      return pieces.distance[target] + logNormaliser;
    }
    var q = targetDistribution(target, z.length, labelSmoothing);
    var total = 0;
    for (var c = 0; c < z.length; c++) {
      // A class with zero target weight contributes 0, not 0 * inf = NaN (a masked logit).
      total += q[c] * (q[c] === 0 ? 0 : pieces.distance[c] + logNormaliser);
    }
    return total;
  }

  // dL/dz_c = p_c sum(q) - q_c, evaluated as -q_c (1 - p_c) + (sum(q) - q_c) p_c,
  // with 1 - p_c free of cancellation: "prediction minus target" to about an ulp.
  function crossEntropyGrad(z, target, labelSmoothing) {
    var pieces = softmaxPieces(z);
    var p = probabilitiesOf(pieces);
    var c;
    if (typeof target === "number" && !labelSmoothing) {
      p[target] = -oneMinusProbabilities(pieces, p)[target];
      return p;
    }
    var q = targetDistribution(target, z.length, labelSmoothing);
    var oneMinusP = oneMinusProbabilities(pieces, p);
    var totalWeight = 0;
    for (c = 0; c < q.length; c++) totalWeight += q[c];
    var gradient = new Array(q.length);
    for (c = 0; c < q.length; c++) {
      gradient[c] = -q[c] * oneMinusP[c] + (totalWeight - q[c]) * p[c];
    }
    return gradient;
  }

  // sigma(z) and sigma(-z) in double-double, from one exponential of -|z|.
  function ddSigmoids(z) {
    var e = ddExp(dd(-Math.abs(z)));
    var larger = ddDiv(dd(1), ddAdd(dd(1), e));
    var smaller = ddMul(e, larger);
    return z >= 0 ? { positive: larger, negative: smaller } : { positive: smaller, negative: larger };
  }

  // --- Binary cross-entropy with logits ---------------------------------------

  // ([z >= 0] - y) z + log1p(exp(-|z|)): for y in [0, 1] both terms are >= 0.
  function bceWithLogits(z, y) {
    return ((z >= 0 ? 1 : 0) - y) * z + log1p(expOfMinusAbs(z));
  }

  // sigma(z) - y = (1 - y) sigma(z) - y sigma(-z), with both sigmoids from one
  // exponential of -|z|: the larger is 1 / (1 + e), the smaller e / (1 + e).
  function sigmoidMinusTarget(z, y) {
    var e = expOfMinusAbs(z);
    var larger = 1 / (1 + e);
    var smaller = e * larger;
    var positive = z >= 0;
    return (1 - y) * (positive ? larger : smaller) - y * (positive ? smaller : larger);
  }

  function bceWithLogitsGrad(z, y) {
    if (y === 0 || y === 1 || z !== z) return sigmoidMinusTarget(z, y);
    // A soft label close to sigma(z) cancels, and half an ulp of sigma(z) becomes
    // several ulp of the result: the package uses long double here, this double-double.
    var s = ddSigmoids(z);
    var oneMinusY = twoSum(1, -y);
    return ddRound(ddAdd(ddMul(oneMinusY, s.positive), ddNegate(ddMul(dd(y), s.negative))));
  }

  // --- Hinge losses -------------------------------------------------------------

  // Weston-Watkins: sum over j != y of max(0, s_j - s_y + margin); the true
  // class's own term is exactly 0.
  function hingeGaps(scores, target, margin) {
    return scores.map(function (s, j) { return j === target ? 0 : (s - scores[target]) + margin; });
  }

  function multiclassHinge(scores, target, margin) {
    var gaps = hingeGaps(scores, target, margin === undefined ? 1 : margin);
    var total = 0;
    for (var j = 0; j < gaps.length; j++) total += Math.max(gaps[j], 0);
    return total;
  }

  // Each violating class pushes its own score down by one and the true class's up
  // by one; at a term of exactly 0 the subgradient 0 is taken, as in PyTorch.
  function multiclassHingeGrad(scores, target, margin) {
    var gaps = hingeGaps(scores, target, margin === undefined ? 1 : margin);
    var gradient = gaps.map(function (gap) { return gap > 0 ? 1 : 0; });
    var violations = 0;
    for (var j = 0; j < gradient.length; j++) violations += gradient[j];
    gradient[target] = -violations;
    return gradient;
  }

  // Binary hinge for a target y in {-1, +1}: max(0, 1 - y s), or its square.
  function binaryHinge(score, target, squared) {
    var shortfall = Math.max(1 - target * score, 0);
    return squared ? shortfall * shortfall : shortfall;
  }

  function binaryHingeGrad(score, target, squared) {
    var shortfall = 1 - target * score;
    if (shortfall !== shortfall) return NaN;
    if (!(shortfall > 0)) return 0;  // subgradient 0 at the kink, as for the multi-class hinge
    return squared ? (-2 * target) * shortfall : -target;
  }

  // --- Regression (losses.regression) -----------------------------------------

  // Branch by branch, as the formula reads: r^2 / (2 beta) inside, |r| - beta / 2
  // outside.  Not huber(r; beta) / beta, whose beta (|r| - beta / 2) overflows for
  // a large beta and rounds twice more.  0.5 r^2 / beta is r^2 / (2 beta) to the
  // bit, without overflowing 2 beta; for |r| > 1e154 (beta larger still) r^2
  // overflows and the equal (r / 2) (r / beta) is used.
  function smoothL1(input, target, beta) {
    if (beta === undefined) beta = 1;
    var absolute = Math.abs(input - target);
    if (beta === 0) return absolute;  // the quadratic zone is empty: exactly L1
    if (absolute < beta) {
      var square = absolute * absolute;
      return isFinite(square) ? (0.5 * square) / beta : (0.5 * absolute) * (absolute / beta);
    }
    return absolute - 0.5 * beta;
  }

  function smoothL1Grad(input, target, beta) {
    if (beta === undefined) beta = 1;
    var residual = input - target;
    if (beta !== 0 && Math.abs(residual) < beta) return residual / beta;
    return Math.sign(residual);
  }

  // r^2 / 2 inside, delta (|r| - delta / 2) outside; |r| (|r| / 2) forms r^2 / 2
  // without overflowing first.
  function huber(input, target, delta) {
    if (delta === undefined) delta = 1;
    var absolute = Math.abs(input - target);
    if (absolute < delta) return absolute * (0.5 * absolute);
    return delta * (absolute - 0.5 * delta);
  }

  function huberGrad(input, target, delta) {
    if (delta === undefined) delta = 1;
    var residual = input - target;
    if (Math.abs(residual) < delta) return residual;
    return Math.sign(residual) * delta;
  }

  // --- Focal loss (torchvision.ops.sigmoid_focal_loss) --------------------------
  //
  // FL = alpha_t ce (1 - p_t)^gamma with ce the BCE of the logit, p = sigma(z),
  // p_t = p y + (1 - p)(1 - y), alpha_t = alpha y + (1 - alpha)(1 - y) (1 if
  // alpha < 0).  1 - p_t = (1 - y) sigma(z) + y sigma(-z) =: q has no
  // cancellation in that form.  For a hard label ln q is -softplus(+-z) exactly,
  // so q^gamma = exp(gamma ln q) stays accurate where q itself underflows.
  // Everything is carried in double-double and rounded once.

  function focalPieces(z, y, alpha) {
    var s = ddSigmoids(z);
    var logTerm = ddLog1p(ddExp(dd(-Math.abs(z))));  // log1p(exp(-|z|))
    var oneMinusY = twoSum(1, -y);
    // ce = ([z >= 0] - y) z + log1p(exp(-|z|))
    var ce = ddAdd(ddMul(twoSum(z >= 0 ? 1 : 0, -y), dd(z)), logTerm);
    var q = ddAdd(ddMul(oneMinusY, s.positive), ddMul(dd(y), s.negative));
    var logQ;
    // ratio = sigma(z) sigma(-z) / q, which appears in dq/dz = (1 - 2y) sigma(z) sigma(-z)
    var ratio;
    if (y === 1) {  // q = sigma(-z), ln q = -softplus(z)
      logQ = ddNegate(ddAdd(dd(Math.max(z, 0)), logTerm));
      ratio = s.positive;
    } else if (y === 0) {  // q = sigma(z), ln q = -softplus(-z)
      logQ = ddNegate(ddAdd(dd(Math.max(-z, 0)), logTerm));
      ratio = s.negative;
    } else {
      logQ = ddLog(q);
      ratio = ddDiv(ddMul(s.positive, s.negative), q);
    }
    var alphaT = alpha < 0 ? dd(1) : ddAdd(ddMul(dd(alpha), dd(y)), ddMul(twoSum(1, -alpha), oneMinusY));
    return { s: s, ce: ce, q: q, logQ: logQ, ratio: ratio, alphaT: alphaT, oneMinusY: oneMinusY };
  }

  function focalFactor(pieces, gamma) {  // q^gamma; 0^0 = 1 as in PyTorch
    if (gamma === 0) return dd(1);
    return ddExp(ddMul(dd(gamma), pieces.logQ));
  }

  function sigmoidFocalLoss(z, y, alpha, gamma) {
    if (alpha === undefined) alpha = 0.25;
    if (gamma === undefined) gamma = 2;
    if (z !== z || y !== y) return NaN;
    var pieces = focalPieces(z, y, alpha);
    return ddRound(ddMul(ddMul(pieces.alphaT, pieces.ce), focalFactor(pieces, gamma)));
  }

  // dFL/dz = alpha_t q^gamma [(sigma(z) - y) + gamma (1 - 2y) ce sigma(z) sigma(-z) / q].
  // For y = 1 the bracket is -(sigma(-z) + gamma ce sigma(z)), for y = 0
  // sigma(z) + gamma ce sigma(-z): sums of terms of one sign.
  function sigmoidFocalLossGrad(z, y, alpha, gamma) {
    if (alpha === undefined) alpha = 0.25;
    if (gamma === undefined) gamma = 2;
    if (z !== z || y !== y) return NaN;
    var pieces = focalPieces(z, y, alpha);
    var error = ddAdd(ddMul(pieces.oneMinusY, pieces.s.positive), ddNegate(ddMul(dd(y), pieces.s.negative)));
    var bracket = error;
    if (gamma !== 0) {
      var oneMinusTwoY = twoSum(1, -2 * y);
      var modulation = ddMul(ddMul(ddMul(dd(gamma), oneMinusTwoY), pieces.ce), pieces.ratio);
      bracket = ddAdd(error, modulation);
    }
    return ddRound(ddMul(ddMul(pieces.alphaT, focalFactor(pieces, gamma)), bracket));
  }

  return {
    sigmoid: sigmoid,
    sigmoidGrad: sigmoidGrad,
    tanhGrad: tanhGrad,
    reluGrad: reluGrad,
    softmax: softmax,
    crossEntropy: crossEntropy,
    crossEntropyGrad: crossEntropyGrad,
    bceWithLogits: bceWithLogits,
    bceWithLogitsGrad: bceWithLogitsGrad,
    multiclassHinge: multiclassHinge,
    multiclassHingeGrad: multiclassHingeGrad,
    binaryHinge: binaryHinge,
    binaryHingeGrad: binaryHingeGrad,
    smoothL1: smoothL1,
    smoothL1Grad: smoothL1Grad,
    huber: huber,
    huberGrad: huberGrad,
    sigmoidFocalLoss: sigmoidFocalLoss,
    sigmoidFocalLossGrad: sigmoidFocalLossGrad,
  };
});
