/*
 * Numeric kernels of the interactive figures: the stable formulations of the
 * `losses` package (losses/_logistic.py, _softmax.py, _summation.py,
 * classification.py, regression.py), ported to JavaScript for one sample or
 * one element at a time, operation for operation where the package works in
 * float64, so that the same inputs give the same bits.
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
  // A value hi + lo with |lo| <= ulp(hi) / 2 carries about 106 bits.  Two
  // uses: exp and log1p rounded once from it (below), and what the package
  // computes in x86's 80-bit long double: the soft-label BCE gradient and the
  // focal loss, a product of four rounded factors.

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
  // 681 ulp between the two on the test's grid; with the same exp, the same
  // formula gives the same bits.
  function exp(x) {
    return ddRound(ddExp(dd(x)));
  }

  function log1p(x) {
    return x > 0 && x < Infinity ? ddRound(ddLog1p(dd(x))) : Math.log1p(x);
  }

  // --- Error-free sums and products (losses/_summation.py) -------------------

  // 2^e with |largest| < 2^e <= 2 |largest| (frexp's exponent), 1 for 0 or a non-finite value.
  function scaleOf(largest) {
    if (!(largest > 0 && largest < Infinity)) return 1;
    var exponent = Math.floor(Math.log2(largest)) + 1;
    // log2 may be off by one next to a power of two; settle it exactly.
    if (Math.pow(2, exponent - 1) > largest) exponent -= 1;
    else if (Math.pow(2, exponent) <= largest) exponent += 1;
    return Math.pow(2, exponent);
  }

  // 1.5 * 2^(52 - k): adding then subtracting it rounds a number below 2^(51 - k) to a multiple of 2^-k.
  var SPLITTERS = [1.5 * Math.pow(2, 32), 1.5 * Math.pow(2, 7)];

  // The sum of `terms` as [high, low], high + low exact to about 2^-60 (split_sum):
  // each term is cut into parts on the grids 2^-20 and 2^-45 of the largest
  // magnitude, whose sums are exact, and a tiny remainder.  The same
  // operations in the same order as NumPy's, so the same two numbers.
  function splitSum(terms, bounded) {
    var scale = 1;
    if (!bounded) {
      var largest = 0;
      for (var i = 0; i < terms.length; i++) {
        var size = Math.abs(terms[i]);
        if (size > largest || size !== size) largest = size;  // NaN wins, as in np.max
        if (largest !== largest) break;
      }
      scale = scaleOf(largest);
    }
    var remainder = terms.map(function (term) { return bounded ? term : term / scale; });
    var parts = SPLITTERS.map(function (splitter) {
      var total = 0;
      for (var k = 0; k < remainder.length; k++) {
        var onGrid = (remainder[k] + splitter) - splitter;
        remainder[k] -= onGrid;
        total += onGrid;
      }
      return total;
    });
    var rest = 0;
    for (var k = 0; k < remainder.length; k++) rest += remainder[k];
    return [parts[0] * scale, (parts[1] + rest) * scale];
  }

  function accurateSum(terms, bounded) {
    var pair = splitSum(terms, bounded);
    return pair[0] + pair[1];
  }

  function plainSum(terms) {  // np.sum over a short class axis: one term after another
    var total = 0;
    for (var k = 0; k < terms.length; k++) total += terms[k];
    return total;
  }

  // --- The logistic sigmoid's pieces (losses/_logistic.py) -----------------------

  // sigma(z) and sigma(-z), each to full relative accuracy: with e = exp(-|z|) in
  // (0, 1], the larger is 1 / (1 + e) and the smaller e / (1 + e).
  function sigmoidPair(z) {
    var e = exp(-Math.abs(z));
    var onePlusE = 1 + e;
    var larger = 1 / onePlusE;
    var smaller = e / onePlusE;
    return z >= 0 ? [larger, smaller] : [smaller, larger];
  }

  // e / (1 + e)^2 for e in [0, 1], to about an ulp: 1 + e is rounded, its exact
  // error l = e - ((1 + e) - 1) (Fast2Sum) corrects the square, (s + l)^-2 ~ s^-2 (1 - 2 l / s).
  function bell(e) {
    var s = 1 + e;
    var error = e - (s - 1);
    var quotient = (e / s) / s;
    return quotient - quotient * (2 * error / s);
  }

  function sigmoid(z) {
    return sigmoidPair(z)[0];
  }

  // sigma'(z) = sigma(z) sigma(-z) = e^{-|z|} / (1 + e^{-|z|})^2
  function sigmoidGrad(z) {
    return bell(exp(-Math.abs(z)));
  }

  // tanh'(z) = 4 sigma'(2z); -2|z| is exact (or -inf, whose exponential is the right 0).
  function tanhGrad(z) {
    return 4 * bell(exp(-2 * Math.abs(z)));
  }

  // relu'(0) = 0, as in PyTorch and JAX; NaN gives NaN, as relu_grad does.
  function reluGrad(z) {
    return z > 0 ? 1 : z <= 0 ? 0 : NaN;
  }

  // --- The log-softmax of one sample (losses/_softmax.py, LogSoftmax) ------------
  //
  // With m = max z and d_k = m - z_k, ln p_k = -d_k - ln(1 + r) where
  // r = sum_k e^{-d_k} - 1 is the sum over every class but one maximal one.
  // The rounding error t_k of z_k - m (TwoSum) corrects each exponential,
  // e^{-(d + t)} ~ e^{-d} (1 - t); r is summed exactly; ln(1 + r) is log1p(r)
  // plus r's own rounding error; and 1 + r is kept as a pair, so that dividing
  // by it rounds once.

  var SMALL_REST = Math.pow(2, -20);

  function logSoftmax(z) {
    var classes = z.length;
    var maximum = -Infinity;
    var first = 0;  // the first class that attains the maximum, as np.argmax
    var k;
    for (k = 0; k < classes; k++) {
      if (z[k] > maximum || z[k] !== z[k]) { maximum = z[k]; first = k; }
      if (maximum !== maximum) break;  // NaN wins, as in np.max
    }
    var below = [], error = [], raw = [], exponentials = [];
    for (k = 0; k < classes; k++) {
      // z - m = below + error exactly (Knuth's TwoSum of z + (-m)).
      below[k] = z[k] - maximum;
      var shifted = below[k] - z[k];
      var e = (z[k] - (below[k] - shifted)) - (maximum + shifted);
      error[k] = e !== e ? 0 : e;  // a masked class (logit -inf) has probability 0
      raw[k] = exp(below[k]);
      exponentials[k] = raw[k] + raw[k] * error[k];
    }
    var sum = splitSum(exponentials, true);
    // The maximal class contributes exactly 1 to the high part: this subtraction is exact.
    var head = sum[0] - 1, tail = sum[1];
    if (head + tail < SMALL_REST) {
      // A dominant class: the others lie below the split's finest grid; sum
      // them again on grids scaled to their own size.
      var others = exponentials.slice();
      others[first] = 0;
      sum = splitSum(others, false);
      head = sum[0];
      tail = sum[1];
    }
    var rest = head + tail;
    var virtual = rest - head;
    var restError = (head - (rest - virtual)) + (tail - virtual);
    var normaliser = 1 + rest;
    return {
      z: z, below: below, error: error, raw: raw, first: first,
      rest: rest, restError: restError,
      logNormaliser: log1p(rest) + restError / (1 + rest),
      normaliser: normaliser,
      normaliserError: ((Math.max(1, rest) - normaliser) + Math.min(1, rest)) + restError,
    };
  }

  // (high + low) / (1 + r), the errors of r and of the division rounded away together.
  function divide(pieces, high, low) {
    var quotient = high / pieces.normaliser;
    return quotient + (low - quotient * pieces.normaliserError) / pieces.normaliser;
  }

  function probabilitiesOf(pieces) {
    return pieces.raw.map(function (raw, k) { return divide(pieces, raw, raw * pieces.error[k]); });
  }

  // p as [high, low], p = high + low to about 2^-100: high = e / (1 + r) rounded,
  // low the exact error of that division, of z - m and of 1 + r.
  function probabilitiesPair(pieces) {
    var high = [], low = [];
    pieces.raw.forEach(function (raw, k) {
      var quotient = raw / pieces.normaliser;
      var product = twoProduct(quotient, pieces.normaliser);
      var remainder = (raw - product[0]) - product[1];
      high[k] = quotient;
      low[k] = (remainder + raw * pieces.error[k] - quotient * pieces.normaliserError) / pieces.normaliser;
    });
    return [high, low];
  }

  // 1 - p_max = r / (1 + r) as [high, low], to about 2^-100.
  function dominantComplementPair(pieces) {
    var quotient = pieces.rest / pieces.normaliser;
    var product = twoProduct(quotient, pieces.normaliser);
    var remainder = (pieces.rest - product[0]) - product[1];
    return [quotient, (remainder + pieces.restError - quotient * pieces.normaliserError) / pieces.normaliser];
  }

  // ln p_k = (z_k - m) - ln(1 + r), the TwoSum error added to the small term first.
  function logProbabilities(pieces) {
    return pieces.below.map(function (below, k) { return below - (pieces.logNormaliser - pieces.error[k]); });
  }

  // 1 - p_k cancels only for a maximal class, where it is r / (1 + r).
  function complementAt(pieces, probabilities, k) {
    return pieces.below[k] === 0 ? divide(pieces, pieces.rest, pieces.restError) : 1 - probabilities[k];
  }

  function softmax(z) {
    return probabilitiesOf(logSoftmax(z));
  }

  // --- Cross-entropy (losses/classification.py) -----------------------------------

  // sum_k w_k v_k, a term with weight 0 counting 0 even where v_k is infinite.
  function weightedSum(values, weights) {
    var terms = values.map(function (value, k) { return weights[k] === 0 ? 0 : weights[k] * value; });
    return terms.every(isFinite) && terms.length > 2 ? accurateSum(terms, false) : plainSum(terms);
  }

  // PyTorch's target Q_k = (1 - eps) q_k + eps / K as [high, low], high + low
  // exact to about 2^-100: Q is computed, and its roundings would count at full
  // weight wherever p_k S and Q_k cancel in the gradient.  `target` is q: a
  // class index (one-hot) or a probability vector.
  function targetMass(target, classes, smoothing) {
    var q = [];
    for (var k = 0; k < classes; k++) q.push(typeof target === "number" ? (k === target ? 1 : 0) : target[k]);
    if (!smoothing) return [q, q.map(function () { return 0; })];
    var keep = 1 - smoothing;
    var keepError = (1 - keep) - smoothing;  // exact: 1 >= eps
    var share = smoothing / classes;
    var product = twoProduct(share, classes);
    var shareError = ((smoothing - product[0]) - product[1]) / classes;
    var high = [], low = [];
    q.forEach(function (value, k) {
      var kept = twoProduct(value, keep);
      high[k] = kept[0] + share;
      var virtual = high[k] - kept[0];
      var sumError = (kept[0] - (high[k] - virtual)) + (share - virtual);
      low[k] = sumError + kept[1] + value * keepError + shareError;
    });
    return [high, low];
  }

  // L = -sum_k Q_k ln p_k.  A class index without smoothing picks one term,
  // -ln p_y = (m - z_y) + ln(1 + r), two non-negative terms.
  function crossEntropy(z, target, labelSmoothing) {
    var pieces = logSoftmax(z);
    var classes = z.length;
    var negativeLogProbabilities = logProbabilities(pieces).map(function (value) { return -value; });
    if (typeof target !== "number") return weightedSum(negativeLogProbabilities, targetMass(target, classes, labelSmoothing)[0]);
    var negativeLogLikelihood = -(pieces.below[target] - (pieces.logNormaliser - pieces.error[target]));
    if (!labelSmoothing) return negativeLogLikelihood;
    var smooth = weightedSum(negativeLogProbabilities, z.map(function () { return 1; }));
    // At eps = 1 the one-hot part has weight 0 (and -ln p_y may be inf).
    if (labelSmoothing === 1) return (labelSmoothing / classes) * smooth;
    return (1 - labelSmoothing) * negativeLogLikelihood + (labelSmoothing / classes) * smooth;
  }

  // p_k S - Q_k with S = sum_j Q_j, for any Q = high + low >= 0.  Where p_k S is
  // close to Q_k every rounding is magnified, so p_k is kept as a pair and p_k S
  // formed exactly (Dekker's product).  For the one class with p_k > 1/2 the
  // difference is written -Q_k (1 - p_k) + (S - Q_k) p_k, with 1 - p_k = r / (1 + r),
  // so that a confident right answer keeps its tiny gradient.
  function gradientFromTargetMass(pieces, mass, massLow) {
    var total = splitSum(mass, false);
    var totalValue = total[0] + total[1];
    var totalError = ((total[0] - totalValue) + total[1]) + plainSum(massLow);
    var p = probabilitiesPair(pieces);
    var dominant = p[0].map(function (high) { return high > 0.5; });
    var gradient = mass.map(function (q, k) {
      var product = twoProduct(p[0][k], totalValue);
      return (product[0] - q) + (((product[1] - massLow[k]) + p[1][k] * totalValue) + p[0][k] * totalError);
    });
    if (dominant.indexOf(true) < 0) return gradient;
    var notDominant = function (values) { return values.map(function (value, k) { return dominant[k] ? 0 : value; }); };
    var othersPair = splitSum(notDominant(mass), false);
    var others = othersPair[0] + othersPair[1];
    var othersLow = ((othersPair[0] - others) + othersPair[1]) + plainSum(notDominant(massLow));
    var complement = dominantComplementPair(pieces);
    return gradient.map(function (value, k) {
      if (!dominant[k]) return value;
      var kept = twoProduct(others, p[0][k]);
      var lost = twoProduct(mass[k], complement[0]);
      return (kept[0] - lost[0]) + (((((kept[1] - lost[1]) + others * p[1][k]) + othersLow * p[0][k])
        - mass[k] * complement[1]) - massLow[k] * complement[0]);
    });
  }

  // dL/dz = p S - Q; for a class index without smoothing p everywhere and
  // p_y - 1 = -(1 - p_y) at the target, each without cancellation.
  function crossEntropyGrad(z, target, labelSmoothing) {
    var pieces = logSoftmax(z);
    if (typeof target === "number" && !labelSmoothing) {
      var p = probabilitiesOf(pieces);
      p[target] = -complementAt(pieces, p, target);
      return p;
    }
    var mass = targetMass(target, z.length, labelSmoothing);
    return gradientFromTargetMass(pieces, mass[0], mass[1]);
  }

  // sigma(z) and sigma(-z) in double-double, from one exponential of -|z|.
  function ddSigmoids(z) {
    var e = ddExp(dd(-Math.abs(z)));
    var larger = ddDiv(dd(1), ddAdd(dd(1), e));
    var smaller = ddMul(e, larger);
    return z >= 0 ? { positive: larger, negative: smaller } : { positive: smaller, negative: larger };
  }

  // --- Binary cross-entropy with logits ---------------------------------------

  // (1 - y) softplus(z) + y softplus(-z), with softplus(+-z) = max(+-z, 0) +
  // log1p(e^{-|z|}): non-negative terms for y in [0, 1], one shared exponential.
  function bceWithLogits(z, y) {
    if (z === Infinity || z === -Infinity) {
      // One softplus is infinite; with coefficient 0 its term is 0, its limit.
      return (z > 0 ? 1 - y : y) === 0 ? 0 : Infinity;
    }
    var positivePart = Math.max(z, 0);
    var negativePart = positivePart - z;  // max(-z, 0), exactly
    var shared = log1p(exp(-Math.abs(z)));
    return (1 - y) * positivePart + y * negativePart + ((1 - y) + y) * shared;
  }

  // sigma(z) - y = (1 - y) sigma(z) - y sigma(-z): for a hard label one term is 0
  // and the other keeps full relative accuracy.
  function sigmoidMinusTarget(z, y) {
    var pair = sigmoidPair(z);
    return (1 - y) * pair[0] - y * pair[1];
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

  // s_j - s_y + margin, rounded once: s_j - s_y is formed exactly (TwoSum) before
  // the margin is added, so that a term is right even for scores an ulp apart.
  // The target's own entry is -inf: it never counts.
  function hingeGaps(scores, target, margin) {
    var own = scores[target];
    return scores.map(function (score, j) {
      if (j === target) return -Infinity;
      var difference = score - own;
      var virtual = difference - score;
      var error = (score - (difference - virtual)) - (own + virtual);
      return (difference + margin) + (error !== error ? 0 : error);
    });
  }

  // Weston-Watkins: sum over j != y of max(0, s_j - s_y + margin).
  function multiclassHinge(scores, target, margin) {
    var terms = hingeGaps(scores, target, margin === undefined ? 1 : margin).map(function (gap) {
      return Math.max(gap, 0);
    });
    return terms.length > 4 && terms.every(isFinite) ? accurateSum(terms, false) : plainSum(terms);
  }

  // Each violating class pushes its own score down by one and the true class's up
  // by one; at a term of exactly 0 the subgradient 0 is taken, as in PyTorch.
  function multiclassHingeGrad(scores, target, margin) {
    var gradient = hingeGaps(scores, target, margin === undefined ? 1 : margin).map(function (gap) {
      return gap > 0 ? 1 : 0;
    });
    gradient[target] = -plainSum(gradient);
    return gradient;
  }

  // Binary hinge for a target y in {-1, +1}: max(0, 1 - y s), or its square (y s is exact).
  function binaryHinge(score, target, squared) {
    var shortfall = Math.max(1 - target * score, 0);
    return squared ? shortfall * shortfall : shortfall;
  }

  // -y [1 - y s > 0] or -2 y max(0, 1 - y s); 0 at the kink (and, as (NaN > 0) in
  // NumPy, for a NaN score of the plain hinge).  + 0: no -0.
  function binaryHingeGrad(score, target, squared) {
    var shortfall = Math.max(1 - target * score, 0);
    return -target * (squared ? 2 * shortfall : (shortfall > 0 ? 1 : 0)) + 0;
  }

  // --- Regression (losses/regression.py) ----------------------------------------

  // Where |y_hat - y| overflows although both are finite, |r| - beta / 2 may not:
  // 2 (|y_hat / 2 - y / 2| - beta / 4) is the same number from halves that cannot overflow.
  function overflowedResidual(input, target) {
    var absolute = Math.abs(input - target);
    return absolute === Infinity && isFinite(input) && isFinite(target) ? Math.abs(0.5 * input - 0.5 * target) : null;
  }

  // Branch by branch, as the formula reads: r^2 / (2 beta) inside, as
  // (|r| / 2)(|r| / beta), whose ratio is below 1 there, so that neither a huge
  // beta (r^2 overflowing) nor a tiny one (r^2 underflowing) spoils it; outside
  // |r| - beta / 2.  beta = 0 has nothing inside: exactly L1.
  function smoothL1(input, target, beta) {
    if (beta === undefined) beta = 1;
    var absolute = Math.abs(input - target);
    var half = overflowedResidual(input, target);
    if (half !== null) return 2 * (half - 0.25 * beta);
    return absolute < beta ? 0.5 * absolute * (absolute / beta) : absolute - 0.5 * beta;
  }

  function smoothL1Grad(input, target, beta) {
    if (beta === undefined) beta = 1;
    var residual = input - target;
    return Math.abs(residual) < beta ? residual / beta : Math.sign(residual);
  }

  // r^2 / 2 as (|r| / 2) |r| inside (finite wherever the result is), delta (|r| - delta / 2) outside.
  function huber(input, target, delta) {
    if (delta === undefined) delta = 1;
    var absolute = Math.abs(input - target);
    var half = overflowedResidual(input, target);
    if (half !== null) return 2 * delta * (half - 0.25 * delta);
    return absolute < delta ? (0.5 * absolute) * absolute : delta * (absolute - 0.5 * delta);
  }

  // r clipped to [-delta, delta].
  function huberGrad(input, target, delta) {
    if (delta === undefined) delta = 1;
    return Math.min(Math.max(input - target, -delta), delta);
  }

  // --- Focal loss (losses.sigmoid_focal_loss, torchvision's definition) ----------
  //
  // FL = alpha_t ce (1 - p_t)^gamma with ce the BCE of the logit, p = sigma(z),
  // p_t = p y + (1 - p)(1 - y), alpha_t = alpha y + (1 - alpha)(1 - y) (1 if
  // alpha < 0).  1 - p_t = (1 - y) sigma(z) + y sigma(-z) =: q has no
  // cancellation in that form.  For a hard label ln q is -softplus(+-z) exactly,
  // so q^gamma = exp(gamma ln q) stays accurate where q itself underflows.
  // Everything is carried in double-double and rounded once (the package
  // computes the same in x86's long double).

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
