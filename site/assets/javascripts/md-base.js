// Material's storage helpers, served as a file because the Content-Security-Policy forbids inline
// scripts (see overrides/partials/javascripts/base.html). Same behaviour as Material's inline code.
(function () {
  var scope = document.currentScript ? document.currentScript.getAttribute("data-scope") : ".";
  window.__md_scope = new URL(scope || ".", location);
  window.__md_hash = function (value) {
    return Array.prototype.reduce.call(value, function (hash, ch) {
      return (hash << 5) - hash + ch.charCodeAt(0);
    }, 0);
  };
  window.__md_get = function (key, storage, base) {
    storage = storage || localStorage;
    base = base || window.__md_scope;
    return JSON.parse(storage.getItem(base.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, base) {
    storage = storage || localStorage;
    base = base || window.__md_scope;
    try {
      storage.setItem(base.pathname + "." + key, JSON.stringify(value));
    } catch (e) {
      /* storage full or disabled: the preference is simply not kept */
    }
  };
})();
