// Material's search worker, loaded when the reader first searches, and given
// Chinese queries split into words.  scripts/site/hooks.py points Material at
// this file, with Material's own worker script in `?worker=`.
//
// * Loaded on demand: Material sets its worker up as soon as a page loads,
//   although most readers never search.  Here the setup is answered "ready"
//   at once and kept; Material's worker (and the lunr language files it
//   loads) is fetched with the first query, set up, and then answers it.
//   That is about 40 KB less on every first visit.
// * Words: Material segments a Chinese query with the words of its index,
//   but never looks at the last word of a run of Han characters, so 梯度消失
//   is searched as 梯度 alone and every page about gradients ties with the
//   one about vanishing gradients.  Splitting the query into words first
//   (Intl.Segmenter, where the browser has it) keeps every word.
// * From file:// (the offline bundle), browsers start no worker, and the
//   iframe-worker shim runs this file in a hidden frame instead: there
//   `location` is the page's, not this file's, and `importScripts` adds a
//   script element and returns a promise.  So the worker's address is read
//   from this script's own address, and Material's worker is set up only
//   once its script has run.
//
// Messages (Material's protocol): 0 set up, 1 ready, 2 query, 3 results.
"use strict";
(function () {
  var script = typeof WorkerGlobalScope === "undefined" ? document.currentScript.src : self.location.href;
  var worker = new URL(new URL(script).searchParams.get("worker"), script).href;
  var segmenter = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter("zh", {granularity: "word"}) : null;
  var setup = null, waiting = [], state = "idle";  // idle -> loading -> ready
  var post = self.postMessage.bind(self);

  function words(query) {
    if (!segmenter) return query;
    return query.replace(/\p{Script=Han}+/gu, function (run) {
      return Array.from(segmenter.segment(run), function (part) { return part.segment; }).join(" ");
    });
  }

  function forward(message) {
    var event = new MessageEvent("message", {data: message});
    event.forwarded = true;
    self.dispatchEvent(event);
  }

  // Material's worker calls postMessage; its "ready" was already given.
  self.postMessage = function (message) {
    if (message && message.type === 1) {
      state = "ready";
      waiting.splice(0).forEach(forward);
    } else {
      post(message);
    }
  };

  self.addEventListener("message", function (event) {
    if (event.forwarded) return;  // for Material's worker
    event.stopImmediatePropagation();
    var message = event.data;
    if (message.type === 0) {
      setup = message;
      if (state === "idle") return post({type: 1});
    }
    if (message.type === 2 && typeof message.data === "string") {
      // Material asks once with the empty field when the worker is ready: nothing to search yet.
      if (state === "idle" && !message.data.trim()) return post({type: 3, data: {items: []}});
      message = {type: 2, data: words(message.data)};
    }
    if (state === "ready") return forward(message);
    waiting.push(message);
    if (state === "idle" && setup) {
      state = "loading";
      Promise.resolve(importScripts(worker)).then(function () { forward(setup); });
    }
  });
})();
