// Site search worker, in place of Material's lunr worker (same messages, so Material's search box,
// result list and keys stay as they are). Material starts it on every page, so it is small: only when
// the reader opens search (told by search.js on the page's own channel) or at the first query does
// it load the engine (search-engine.js) and the language's index (search/index.json), then answer.
// The index's address and the channel's name are in this script's URL after "#".
(function () {
  "use strict";

  // Material's message types (integrations/search/worker/message).
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

  var params = new URLSearchParams(self.location.hash.slice(1));
  var indexUrl = new URL(params.get("index") || "../../search/index.json", self.location.href);
  var engine = null, loading = null, pending = null;

  function answer(query) {
    self.postMessage({ type: RESULT, data: engine.search(query) });
  }

  function load() {
    if (!loading) {
      var index = fetch(indexUrl.href)
        .then(function (response) {
          if (!response.ok) throw new Error("search index: " + response.status + " " + indexUrl.href);
          return response.json();
        })
      loading = index;
      try {
        // While the index downloads.
        if (!self.BilimSearch) importScripts(new URL("search-engine.js", self.location.href).href);
      } catch (error) {
        loading = null;
        throw error;
      }
      index
        .then(function (data) {
          engine = new self.BilimSearch.Engine(data);
          if (pending !== null) answer(pending);
          pending = null;
        })
        .catch(function (error) {
          loading = null;  // a later query tries again
          throw error;
        });
    }
  }

  if (params.get("channel") && typeof BroadcastChannel === "function") {
    var channel = new BroadcastChannel(params.get("channel"));
    channel.onmessage = function (event) { if (event.data === "open") load(); };
    channel.postMessage("ready");
  }

  self.addEventListener("message", function (event) {
    var message = event.data;
    if (message.type === SETUP) return;  // Material's own index: the site does not publish one
    if (message.type !== QUERY) return;
    var query = String(message.data || "");
    if (!query.trim()) {
      pending = null;
      self.postMessage({ type: RESULT, data: { items: [] } });
    } else if (engine) {
      answer(query);
    } else {
      pending = query;
      load();
    }
  });
  self.postMessage({ type: READY });
})();
