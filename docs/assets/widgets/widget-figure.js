/*
 * Interactive figures of the losses site: what every figure shares (loaded by widgets.js).
 *
 * A figure is a configuration: its controls (sliders, choices), its panels
 * (curves against x, or bars per class) and the numbers it prints, each a
 * function of the current settings that calls the kernels (kernels.js).
 * `LossesWidgets.figure(configuration)` turns one into the function that
 * builds it in its placeholder; a figure's script passes that to
 * `LossesWidgets.define(name, ...)`.
 *
 * A new figure is: its kernel in kernels.js (with its points and reference in
 * tests/test_widget_kernels.py), its configuration in NAME.js beside this file
 * (focal-loss.js is one), the placeholder line on its page in both languages,
 * and what `losses` says it must show, with the moves to try, in
 * tests/browser/test_widgets.py.
 */
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var counter = 0;

  // --- Text -------------------------------------------------------------------

  function language() {
    return /^zh/.test(document.documentElement.lang || "") ? "zh" : "en";
  }

  // A label is a string (the same in both languages) or {en: ..., zh: ...}.
  function text(label) {
    return typeof label === "string" ? label : label[language()];
  }

  var SUPERSCRIPT = { "-": "\u207b", "0": "\u2070", "1": "\u00b9", "2": "\u00b2", "3": "\u00b3", "4": "\u2074",
    "5": "\u2075", "6": "\u2076", "7": "\u2077", "8": "\u2078", "9": "\u2079" };

  // Four significant digits; outside [0.001, 10000) as 1.234×10⁻⁵; a true minus sign.
  function format(value) {
    if (value === 0) return "0";
    if (!isFinite(value)) return value !== value ? "NaN" : (value > 0 ? "\u221e" : "\u2212\u221e");
    var magnitude = Math.abs(value);
    var result;
    if (magnitude >= 1e-3 && magnitude < 1e4) {
      result = value.toPrecision(4);
    } else {
      var parts = value.toExponential(3).split("e");
      var exponent = String(Number(parts[1])).replace(/./g, function (c) { return SUPERSCRIPT[c]; });
      result = parts[0] + "\u00d710" + exponent;
    }
    return result.replace("-", "\u2212");
  }

  // A slider's own value, with as many decimals as its step has.
  function formatSetting(value, step) {
    var decimals = (String(step).split(".")[1] || "").length;
    return value.toFixed(decimals).replace("-", "\u2212");
  }

  // --- DOM --------------------------------------------------------------------

  function element(tag, attributes, parent, content) {
    var node = document.createElement(tag);
    setAttributes(node, attributes);
    if (content !== undefined) node.textContent = content;
    if (parent) parent.appendChild(node);
    return node;
  }

  function svgElement(tag, attributes, parent) {
    var node = document.createElementNS(SVG_NS, tag);
    setAttributes(node, attributes);
    if (parent) parent.appendChild(node);
    return node;
  }

  function setAttributes(node, attributes) {
    for (var key in attributes) {
      if (attributes[key] !== undefined && attributes[key] !== null) node.setAttribute(key, attributes[key]);
    }
  }

  function round(value) {
    return Math.round(value * 100) / 100;
  }

  // --- Controls ---------------------------------------------------------------

  function buildControls(config, container, settings, onChange) {
    var controls = {};
    config.controls.forEach(function (control) {
      var id = "losses-widget-" + (++counter) + "-" + control.name;
      if (control.options) {
        var fieldset = element("fieldset", { "class": "losses-widget__choice", "data-control": control.name },
          container);
        element("legend", {}, fieldset, text(control.label));
        control.options.forEach(function (option) {
          var label = element("label", {}, fieldset);
          var input = element("input", { type: "radio", name: id, value: String(option.value) }, label);
          input.checked = option.value === control.value;
          element("span", {}, label, text(option.label));
          input.addEventListener("change", function () {
            settings[control.name] = option.value;
            onChange();
          });
        });
        settings[control.name] = control.value;
        controls[control.name] = { fieldset: fieldset };
        return;
      }
      var row = element("div", { "class": "losses-widget__control" }, container);
      element("label", { "for": id }, row, text(control.label));
      var input = element("input", {
        type: "range", id: id, min: control.min, max: control.max, step: control.step, value: control.value,
        "data-control": control.name,
      }, row);
      var output = element("output", { "for": id }, row);
      var update = function () {
        settings[control.name] = Number(input.value);
        output.textContent = formatSetting(settings[control.name], control.step);
      };
      update();
      input.addEventListener("input", function () {
        update();
        onChange();
      });
      controls[control.name] = { input: input, control: control };
    });
    return controls;
  }

  // --- Panels -----------------------------------------------------------------

  var WIDTH = { curves: 320, bars: 170 };
  var HEIGHT = 210;
  var MARGIN = { left: 40, right: 8, top: 10, bottom: 24 };

  function niceStep(span, count) {
    var raw = span / count;
    var power = Math.pow(10, Math.floor(Math.log(raw) / Math.LN10));
    var scaled = raw / power;
    return (scaled < 1.5 ? 1 : scaled < 3.5 ? 2 : scaled < 7.5 ? 5 : 10) * power;
  }

  function ticks(domain, count, logarithmic) {
    var result = [];
    if (logarithmic) {
      var low = Math.ceil(domain[0]);
      var stride = Math.max(1, Math.ceil((domain[1] - low) / count));
      for (var power = low; power <= domain[1]; power += stride) result.push(power);
      return result;
    }
    var step = niceStep(domain[1] - domain[0], count);
    for (var value = Math.ceil(domain[0] / step) * step; value <= domain[1] + step * 1e-9; value += step) {
      result.push(Math.abs(value) < step * 1e-9 ? 0 : value);
    }
    return result;
  }

  function tickLabel(value, logarithmic) {
    if (logarithmic) {
      return value === 0 ? "1" : "10" + String(value).replace(/./g, function (c) { return SUPERSCRIPT[c]; });
    }
    return String(Number(value.toPrecision(6))).replace("-", "\u2212");
  }

  // Maps data to SVG coordinates; the plot area and domains are written on the
  // <svg> so that a test (or a reader of the source) can map back.
  function Scale(svg, kind, xDomain, yDomain, logarithmic) {
    var width = WIDTH[kind];
    var plot = { left: MARGIN.left, top: MARGIN.top, width: width - MARGIN.left - MARGIN.right,
      height: HEIGHT - MARGIN.top - MARGIN.bottom };
    var low = logarithmic ? Math.log(yDomain[0]) / Math.LN10 : yDomain[0];
    var high = logarithmic ? Math.log(yDomain[1]) / Math.LN10 : yDomain[1];
    setAttributes(svg, {
      "data-x-domain": xDomain.join(" "), "data-y-domain": yDomain.join(" "),
      "data-y-scale": logarithmic ? "log" : "linear",
      "data-plot": [plot.left, plot.top, plot.width, plot.height].join(" "),
    });
    this.plot = plot;
    this.yTicksDomain = [low, high];
    this.x = function (x) { return plot.left + (x - xDomain[0]) / (xDomain[1] - xDomain[0]) * plot.width; };
    // Far outside values are held two plot heights away; the clip path hides them.
    this.y = function (y) {
      var v = logarithmic ? (y > 0 ? Math.log(y) / Math.LN10 : -Infinity) : y;
      var position = plot.top + plot.height - (v - low) / (high - low) * plot.height;
      return Math.min(Math.max(position, plot.top - 2 * plot.height), plot.top + 3 * plot.height);
    };
  }

  function drawAxes(group, scale, xDomain, logarithmic, categories) {
    var plot = scale.plot;
    ticks(scale.yTicksDomain, 5, logarithmic).forEach(function (tick) {
      var y = round(scale.y(logarithmic ? Math.pow(10, tick) : tick));
      svgElement("line", { "class": "losses-widget__grid", x1: plot.left, x2: plot.left + plot.width, y1: y, y2: y },
        group);
      var label = svgElement("text", { x: plot.left - 4, y: y, "class": "losses-widget__tick", "text-anchor": "end",
        "dominant-baseline": "middle" }, group);
      label.textContent = tickLabel(tick, logarithmic);
    });
    if (categories) {
      categories.forEach(function (category, index) {
        var label = svgElement("text", { x: round(scale.x(index + 0.5)), y: plot.top + plot.height + 16,
          "class": "losses-widget__tick", "text-anchor": "middle" }, group);
        label.textContent = text(category);
      });
    } else {
      ticks(xDomain, 6, false).forEach(function (tick) {
        var x = round(scale.x(tick));
        svgElement("line", { "class": "losses-widget__grid", x1: x, x2: x, y1: plot.top, y2: plot.top + plot.height },
          group);
        var label = svgElement("text", { x: x, y: plot.top + plot.height + 16, "class": "losses-widget__tick",
          "text-anchor": "middle" }, group);
        label.textContent = tickLabel(tick, false);
      });
    }
    if (!logarithmic && scale.yTicksDomain[0] < 0 && scale.yTicksDomain[1] > 0) {
      var zero = round(scale.y(0));
      svgElement("line", { "class": "losses-widget__axis", x1: plot.left, x2: plot.left + plot.width, y1: zero,
        y2: zero }, group);
    }
  }

  function value(setting, settings) {
    return typeof setting === "function" ? setting(settings) : setting;
  }

  function curvePath(curve, xs, scale, settings) {
    var commands = [];
    var pen = "M";
    xs.forEach(function (x) {
      var y = curve.f(x, settings);
      if (y !== y) {
        pen = "M";
        return;
      }
      commands.push(pen + round(scale.x(x)) + "," + round(scale.y(y)));
      pen = "L";
    });
    return commands.join("");
  }

  function renderPanel(panel, state, settings) {
    var svg = state.svg;
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var logarithmic = panel.y.scale === "log";
    var categories = panel.categories;
    var xDomain = categories ? [0, categories.length] : value(panel.x.domain, settings);
    var yDomain = value(panel.y.domain, settings);
    var scale = new Scale(svg, panel.kind, xDomain, yDomain, logarithmic);
    var plot = scale.plot;
    var clipId = state.id + "-clip";
    var clip = svgElement("clipPath", { id: clipId }, svgElement("defs", {}, svg));
    svgElement("rect", { x: plot.left, y: plot.top, width: plot.width, height: plot.height }, clip);
    var data = svgElement("g", { "clip-path": "url(#" + clipId + ")" });
    // A band is shaded faintly over the whole height, and marked by a strip of
    // its own at the bottom, so that two overlapping bands stay apart.
    (panel.bands || []).forEach(function (band, index) {
      var from = Math.max(band.from(settings), xDomain[0]);
      var to = Math.min(band.to(settings), xDomain[1]);
      if (to > from) {
        var x = round(scale.x(from));
        var width = round(scale.x(to) - scale.x(from));
        svgElement("rect", { "class": "losses-widget__band losses-widget__c" + band.color, "data-band": band.name,
          "data-from": String(from), "data-to": String(to), x: x, y: plot.top, width: width, height: plot.height }, data);
        svgElement("rect", { "class": "losses-widget__band-strip losses-widget__c" + band.color, x: x,
          y: plot.top + plot.height - 5 * (index + 1), width: width, height: 5 }, data);
      }
    });
    drawAxes(svg, scale, xDomain, logarithmic, categories);
    svg.appendChild(data);
    if (panel.kind === "curves") {
      var xs = panel.x.values ? panel.x.values(settings) : sample(xDomain, panel.x.samples || 321);
      panel.curves.forEach(function (curve) {
        svgElement("path", { d: curvePath(curve, xs, scale, settings), "data-curve": curve.name,
          "class": "losses-widget__curve losses-widget__c" + curve.color + (curve.dashed ? " losses-widget__dashed" : "") },
          data);
      });
      if (panel.marker) {
        var at = settings[panel.marker];
        panel.curves.forEach(function (curve) {
          var y = curve.f(at, settings);
          if (y !== y) return;
          svgElement("circle", { cx: round(scale.x(at)), cy: round(scale.y(y)), r: 3.5, "data-curve": curve.name,
            "class": "losses-widget__marker losses-widget__c" + curve.color }, data);
        });
        svgElement("line", { "class": "losses-widget__cursor", x1: round(scale.x(at)), x2: round(scale.x(at)),
          y1: plot.top, y2: plot.top + plot.height }, data);
      }
    } else {
      var series = panel.series;
      var slot = plot.width / categories.length;
      var barWidth = slot * 0.6 / series.filter(function (s) { return !s.overlay; }).length;
      var baseline = scale.y(Math.max(yDomain[0], 0));
      var column = 0;
      series.forEach(function (item) {
        var values = item.values(settings);
        values.forEach(function (v, index) {
          var top = scale.y(v);
          var left = plot.left + index * slot + slot * 0.2 + (item.overlay ? 0 : column * barWidth);
          var width = item.overlay ? slot * 0.6 : barWidth;
          var emphasis = item.emphasis && item.emphasis(settings) === index ? " losses-widget__emphasis" : "";
          svgElement("rect", { x: round(left), y: round(Math.min(top, baseline)), width: round(width),
            height: round(Math.abs(baseline - top)), "data-series": item.name, "data-category": index,
            "data-value": String(v),
            "class": (item.overlay ? "losses-widget__overlay" : "losses-widget__bar") + " losses-widget__c" +
              item.color + emphasis }, data);
        });
        if (!item.overlay) column += 1;
      });
      (panel.lines || []).forEach(function (line) {
        var y = round(scale.y(line.value(settings)));
        svgElement("line", { "class": "losses-widget__level", x1: plot.left, x2: plot.left + plot.width, y1: y, y2: y,
          "data-line": line.name, "data-value": String(line.value(settings)) }, data);
        // No halo: a bar that rises past the line is what the line is there to show, and an
        // outline of the background would hide that part of it under the label.
        var label = svgElement("text", { x: plot.left + plot.width - 2, y: y - 4, "text-anchor": "end",
          "class": "losses-widget__tick losses-widget__level-label" }, data);
        label.textContent = text(line.label);
      });
    }
    svgElement("rect", { "class": "losses-widget__frame", x: plot.left, y: plot.top, width: plot.width,
      height: plot.height }, svg);
    svg.setAttribute("aria-label", text(panel.title) + " \u2014 " + state.describe());
  }

  function sample(domain, count) {
    var xs = [];
    for (var i = 0; i < count; i++) xs.push(domain[0] + (domain[1] - domain[0]) * i / (count - 1));
    return xs;
  }

  function buildLegend(panel, parent) {
    var items = panel.kind === "curves" ? panel.curves : panel.series;
    var legend = element("ul", { "class": "losses-widget__legend" }, parent);
    items.concat(panel.bands || []).forEach(function (item) {
      var entry = element("li", {}, legend);
      var kind = item.from ? "band" : item.overlay ? "overlay" : panel.kind === "curves" ? "line" : "bar";
      element("span", { "class": "losses-widget__swatch losses-widget__swatch--" + kind + " losses-widget__c" +
        item.color + (item.dashed ? " losses-widget__dashed" : ""), "aria-hidden": "true" }, entry);
      element("span", {}, entry, text(item.label));
    });
  }

  // Dragging a bar sets the control behind it, so the slider, the keyboard
  // and the pointer always agree.
  function enableDragging(panel, state, controls) {
    var svg = state.svg;
    var dragging = false;
    function setFrom(event) {
      var box = svg.getBoundingClientRect();
      var width = WIDTH[panel.kind];
      var x = (event.clientX - box.left) / box.width * width;
      var y = (event.clientY - box.top) / box.height * HEIGHT;
      var plot = { left: MARGIN.left, top: MARGIN.top, width: width - MARGIN.left - MARGIN.right,
        height: HEIGHT - MARGIN.top - MARGIN.bottom };
      var index = Math.floor((x - plot.left) / plot.width * panel.categories.length);
      var name = panel.drag[index];
      if (!name) return;
      var domain = panel.y.domain;
      var target = controls[name];
      var data = domain[0] + (plot.top + plot.height - y) / plot.height * (domain[1] - domain[0]);
      var control = target.control;
      var snapped = Math.round((data - control.min) / control.step) * control.step + control.min;
      target.input.value = String(Math.min(control.max, Math.max(control.min, snapped)));
      target.input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    svg.addEventListener("pointerdown", function (event) {
      dragging = true;
      svg.setPointerCapture(event.pointerId);
      setFrom(event);
    });
    svg.addEventListener("pointermove", function (event) { if (dragging) setFrom(event); });
    svg.addEventListener("pointerup", function () { dragging = false; });
    svg.addEventListener("pointercancel", function () { dragging = false; });
  }

  // --- Numbers ----------------------------------------------------------------

  function buildNumbers(config, parent) {
    var outputs = [];
    (config.numbers || []).forEach(function (table) {
      var node = element("table", { "class": "losses-widget__numbers" }, parent);
      if (table.columns) {
        var head = element("tr", {}, element("thead", {}, node));
        element("th", {}, head, "");
        table.columns.forEach(function (column) { element("th", { scope: "col" }, head, text(column)); });
      }
      var body = element("tbody", {}, node);
      table.rows.forEach(function (row) {
        var tr = element("tr", {}, body);
        element("th", { scope: "row" }, tr, text(row.label));
        var count = table.columns ? table.columns.length : 1;
        for (var index = 0; index < count; index++) {
          var output = element("output", { "data-name": row.name, "data-category": table.columns ? index : null },
            element("td", {}, tr));
          outputs.push({ node: output, row: row, index: table.columns ? index : null });
        }
      });
    });
    return outputs;
  }

  // --- The figure -------------------------------------------------------------

  function figure(config) {
    return function (container) {
      var settings = {};
      var root = element("div", { "class": "losses-widget__body" });
      if (config.title) element("p", { "class": "losses-widget__title" }, root, text(config.title));
      var controlsNode = element("div", { "class": "losses-widget__controls" }, root);
      var panelsNode = element("div", { "class": "losses-widget__panels losses-widget__panels--" +
        config.panels[0].kind }, root);
      var panelStates = config.panels.map(function (panel) {
        var node = element("div", { "class": "losses-widget__panel losses-widget__panel--" + panel.kind }, panelsNode);
        element("p", { "class": "losses-widget__panel-title" }, node, text(panel.title));
        var svg = svgElement("svg", { viewBox: "0 0 " + WIDTH[panel.kind] + " " + HEIGHT, role: "img",
          "data-panel": panel.name, "class": panel.drag ? "losses-widget__draggable" : null }, node);
        if (panel.legend !== false) buildLegend(panel, node);
        return { svg: svg, id: "losses-widget-" + (++counter), describe: describe };
      });
      var outputs = buildNumbers(config, root);
      var controls = buildControls(config, controlsNode, settings, render);

      function describe() {
        return config.controls.map(function (control) {
          var current = settings[control.name];
          if (control.options) {
            var chosen = control.options.filter(function (option) { return option.value === current; })[0];
            return text(control.label) + ": " + text(chosen.label);
          }
          return text(control.label) + " = " + formatSetting(current, control.step);
        }).join(", ");
      }

      function render() {
        for (var name in config.derived || {}) settings[name] = config.derived[name](settings);
        config.panels.forEach(function (panel, index) { renderPanel(panel, panelStates[index], settings); });
        outputs.forEach(function (output) {
          var result = output.row.f(settings);
          var number = output.index === null ? result : result[output.index];
          output.node.setAttribute("data-value", String(number));
          output.node.textContent = format(number);
        });
      }

      config.panels.forEach(function (panel, index) {
        if (panel.drag) enableDragging(panel, panelStates[index], controls);
      });
      render();
      container.appendChild(root);
    };
  }

  var widgets = window.LossesWidgets;
  widgets.figure = figure;
  widgets.format = format;
  widgets.text = text;
})();
