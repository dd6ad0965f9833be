// Switching language keeps the section being read: the language links of the
// header get the current #anchor (both languages use the same anchors).
(function () {
  "use strict";
  function keepAnchor() {
    document.querySelectorAll(".md-select__link[hreflang]").forEach(function (link) {
      var base = link.getAttribute("data-page") || link.getAttribute("href").split("#")[0];
      link.setAttribute("data-page", base);
      link.setAttribute("href", base + location.hash);
    });
  }
  keepAnchor();
  window.addEventListener("hashchange", keepAnchor);
})();
