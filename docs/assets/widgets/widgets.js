/*
 * Interactive figures of the losses site: the loader, on every page (a few hundred bytes minified).
 *
 * A page asks for a figure with one line of HTML,
 *
 *   <div class="losses-widget" data-widget="smooth-l1" data-replaces="smooth-l1-beta"></div>
 *
 * When the placeholder comes within a screen of the viewport, this loads the
 * kernels (kernels.js), the shared figure code and style (widget-figure.js,
 * .css) and the figure's own configuration (smooth-l1.js) from its own folder,
 * and builds the figure.  A page pays for a figure only if the reader gets
 * near it.  data-replaces names the static figure (its image's file name)
 * that the widget stands in for: widgets.css hides it wherever scripts run,
 * and it comes back if the widget fails.  Without JavaScript the placeholder
 * takes no room and the static figure is what the reader sees.
 *
 * Classic scripts, not ES modules, so that the site also works opened from file://.
 */
(function () {
  "use strict";

  var folder = document.currentScript.src.replace(/[^/]*$/, "");
  var definitions = {};
  var resources = {};
  // One screen ahead, so that the figure is built before it is seen.
  var observer = "IntersectionObserver" in window ? new IntersectionObserver(approached, { rootMargin: "100% 0px" }) : null;

  function approached(entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      observer.unobserve(entry.target);
      build(entry.target);
    });
  }

  // Loads a script or a stylesheet once; `done` or `fail` when it has.
  function load(url, done, fail) {
    var entry = resources[url];
    if (entry && entry.state !== "loading") return entry.state === "loaded" ? done() : fail();
    if (entry) return entry.waiting.push([done, fail]);
    entry = resources[url] = { state: "loading", waiting: [[done, fail]] };
    var node = /\.css$/.test(url) ? document.createElement("link") : document.createElement("script");
    if (node.tagName === "LINK") {
      node.rel = "stylesheet";
      node.href = url;
    } else {
      node.src = url;
    }
    node.onload = function () { settle(entry, "loaded", 0); };
    node.onerror = function () { settle(entry, "failed", 1); };
    document.head.appendChild(node);
  }

  function settle(entry, state, which) {
    entry.state = state;
    entry.waiting.forEach(function (callbacks) { callbacks[which](); });
  }

  function chain(urls, done, fail) {
    if (!urls.length) return done();
    load(urls[0], function () { chain(urls.slice(1), done, fail); }, fail);
  }

  function build(element) {
    var name = element.getAttribute("data-widget");
    element.setAttribute("data-widget-state", "loading");
    var fail = function () {
      element.setAttribute("data-widget-state", "failed");
      showFigure(element, true);
    };
    var parts = ["widget-figure.css", "kernels.js", "widget-figure.js", name + ".js"];
    chain(parts.map(function (part) { return folder + part; }), function () {
      if (!definitions[name]) return fail();
      try {
        definitions[name](element);
        element.setAttribute("data-widget-state", "ready");
      } catch (error) {
        fail();
        throw error;
      }
    }, fail);
  }

  // The static figure the widget stands in for; widgets.css has hidden it
  // already where it can, this covers browsers without :has() and the scripting media feature.
  function showFigure(element, show) {
    var replaced = element.getAttribute("data-replaces");
    if (!replaced) return;
    Array.prototype.forEach.call(document.querySelectorAll("figure img"), function (image) {
      if (image.getAttribute("src").split("/").pop() !== replaced + ".svg") return;
      var figure = image.closest("figure");
      if (show) figure.removeAttribute("data-replaced-by-widget");
      else figure.setAttribute("data-replaced-by-widget", element.getAttribute("data-widget"));
    });
  }

  function start() {
    if (observer) observer.disconnect();
    var placeholders = document.querySelectorAll(".losses-widget[data-widget]");
    Array.prototype.forEach.call(placeholders, function (element) {
      var state = element.getAttribute("data-widget-state");
      if (state && state !== "waiting") return;
      if (!/^[a-z0-9-]+$/.test(element.getAttribute("data-widget"))) return;
      element.setAttribute("data-widget-state", "waiting");
      showFigure(element, false);
      // A placeholder with no box (where widgets.css cannot tell that scripts run) is built at once.
      if (observer && element.getClientRects().length) observer.observe(element);
      else build(element);
    });
  }

  window.LossesWidgets = {
    define: function (name, mount) { definitions[name] = mount; },
    // Builds every placeholder not built yet: for a page that adds one later.
    start: start,
  };

  // This script runs at the end of the page, which is parsed by now.  Material's
  // instant navigation replaces the page without running scripts again; its
  // document$ emits for every later page (and for the first one, started already).
  start();
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(start);
})();
