// Site search, on the page. Runs before Material's bundle (see overrides/main.html).
//
// 1. The index loads when the reader opens search, not with every page. Material starts the search
//    worker named in the page's config on every page; this script adds to that name a channel
//    (a BroadcastChannel named for this page alone) on which the worker is told when the reader opens
//    search: focus or click on the search box, or Material's keyboard shortcut, all of which check
//    Material's search toggle. Without BroadcastChannel the worker loads the index on the first query.
// 2. Material reads the query on keyup. Text that arrives without one (pasted from a menu, dictated,
//    picked from a phone keyboard's suggestions) is passed on as a keyup too.
// 3. A query that finds nothing shows the hint of partials/search.html below Material's message.
(function () {
  "use strict";
  var element = document.getElementById("__config");
  if (!element) return;
  var config = JSON.parse(element.textContent);
  if (!config.search) return;

  var channel = null;
  var opened = false;
  if (typeof BroadcastChannel === "function") {
    var random = new Uint32Array(2);
    crypto.getRandomValues(random);
    var name = "bd-search-" + random[0].toString(36) + random[1].toString(36);
    channel = new BroadcastChannel(name);
    config.search += "&channel=" + name;
    element.textContent = JSON.stringify(config);
    // The worker asks when it starts, in case search was opened before it could listen.
    channel.onmessage = function (event) {
      if (event.data === "ready" && opened) channel.postMessage("open");
    };
  }

  function open() {
    if (opened) return;
    opened = true;
    if (channel) channel.postMessage("open");
  }

  var toggle = document.querySelector("[data-md-toggle=search]");
  var input = document.querySelector("[data-md-component=search-query]");
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked) open();
    });
    if (toggle.checked) open();
  }
  if (input) {
    input.addEventListener("focus", open);
    input.addEventListener("input", function (event) {
      if (!event.isComposing) input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    });
  }

  var meta = document.querySelector(".md-search-result__meta");
  var help = document.querySelector("[data-bd-search-help]");
  var none = config.translations && config.translations["search.result.none"];
  if (meta && help && input && none) {
    var update = function () {
      help.hidden = !(input.value.trim() && meta.textContent.trim() === none.trim());
    };
    new MutationObserver(update).observe(meta, { childList: true, characterData: true, subtree: true });
    input.addEventListener("input", update);
  }
})();
