// The not-found page of each language (404.html, ru/404.html, en/404.html; see overrides/404.html).
// GitHub Pages serves the root page (Kazakh) for every missing address: a reader whose address is
// below another language's root (…/ru/…) is sent to that language's page, which then shows the
// address they asked for again, so that they can correct it.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.URLSearchParams || !window.history.replaceState) return;
  var site = script.getAttribute("data-site"); // the published path, "/bilim-data/"
  var own = script.getAttribute("data-root"); // this page's language root below it: "", "ru/"
  var roots = (script.getAttribute("data-roots") || "").split(" ").filter(Boolean);
  var path = location.pathname;
  if (!site || path.indexOf(site) !== 0) return; // served from elsewhere: nothing to tell apart

  var asked = new URLSearchParams(location.search).get("from");
  if (asked !== null) {
    var url = new URL(asked, location.href);
    if (url.origin === location.origin && url.pathname.indexOf(site + own) === 0) {
      history.replaceState(null, "", url.pathname + url.search + location.hash);
    }
    return;
  }
  var wanted = "";
  roots.forEach(function (root) {
    if (path.indexOf(site + root) === 0) wanted = root;
  });
  // A missing page of another language's own not-found page would come back here: stay.
  if (wanted !== own && path !== site + wanted + "404.html") {
    location.replace(site + wanted + "404.html?from=" + encodeURIComponent(path + location.search) +
      location.hash);
  }
})();
