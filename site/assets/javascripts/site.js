// Loaded by every page (overrides/main.html). Without it the pages work the same, less precisely.
(function () {
  "use strict";

  // The language links lead to the same page in each language (mkdocs-static-i18n writes them); this
  // keeps the reader's place on it too: the fragment of the address (a source line #L30, a section
  // #figures) or, when there is none, the line, row or section at the top of the screen. Headings,
  // document lines, charts and table rows have the same ids in every language.
  var links = document.querySelectorAll("a.md-select__link[hreflang]");

  function place() {
    // Ids are ASCII (tests/site/test_site_fit_languages.py): the fragment needs no decoding.
    var hash = location.hash.slice(1);
    if (hash && document.getElementById(hash)) return hash;
    var article = document.querySelector("article");
    if (!article || window.scrollY < 1) return "";
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    var box = article.getBoundingClientRect();
    var at = document.elementFromPoint(box.left + box.width / 2, top + 8);
    var line = at && at.closest && at.closest("ol.bd-source > li[id], tbody > tr[id]");
    if (line && article.contains(line)) return line.id;
    var section = "";
    var limit = top + (window.innerHeight - top) / 3;
    var headings = article.querySelectorAll("h2[id], h3[id], h4[id], h5[id], h6[id]");
    for (var i = 0; i < headings.length && headings[i].getBoundingClientRect().top <= limit; i++) {
      section = headings[i].id;
    }
    return section;
  }

  function keepPlace() {
    var id = place();
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      url.hash = id;
      links[i].href = url.href;
    }
  }

  // Just before a link is used (pointer, touch, long press, keyboard), when the reader's place is known.
  ["pointerdown", "focusin", "click"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (event.target.closest && event.target.closest("a.md-select__link")) keepPlace();
    }, true);
  });

  // The search form's submit button (overrides/partials/search.html) opens the best result, which is
  // what Material does on Enter in the search field. The form itself is never sent.
  var form = document.querySelector("form.md-search__form");
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var best = null;
      var top = -Infinity;
      var results = document.querySelectorAll(".md-search-result__link > [data-md-score]");
      for (var i = 0; i < results.length; i++) {
        var score = parseFloat(results[i].getAttribute("data-md-score"));
        if (score > top) {
          top = score;
          best = results[i].parentElement;
        }
      }
      if (best) best.click();
    });
  }

  // A range of numbers carries an invisible word joiner after its dash, so that it never breaks across
  // lines (pipelines/language/grammar.py, nobreak_ranges); copied, it goes without: a range pasted into
  // a spreadsheet, a search box or an article is the characters it shows.
  document.addEventListener("copy", function (event) {
    var selection = window.getSelection();
    var text = String(selection);
    if (text.indexOf("\u2060") < 0 || !event.clipboardData || !selection.rangeCount) return;
    var holder = document.createElement("div");
    holder.appendChild(selection.getRangeAt(0).cloneContents());
    event.clipboardData.setData("text/plain", text.replace(/\u2060/g, ""));
    event.clipboardData.setData("text/html", holder.innerHTML.replace(/\u2060/g, ""));
    event.preventDefault();
  });

  // A chart's PNG (sitegen/charts.py, png_button) is drawn by chart-png.js, fetched beside this script
  // the first time a reader asks for one: most readers never do, and every page would carry it.
  var here = document.currentScript && document.currentScript.src;
  var drawer = null;

  function loadDrawer() {
    if (!drawer) {
      drawer = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = new URL("chart-png.js", here || location.href).href;
        script.onload = function () { return window.bdDrawPng ? resolve(window.bdDrawPng) : reject(); };
        script.onerror = function () { drawer = null; reject(new Error(script.src)); };
        document.head.appendChild(script);
      });
    }
    return drawer;
  }

  var pngs = document.querySelectorAll(".bd-png[hidden]");
  for (var p = 0; p < pngs.length; p++) pngs[p].hidden = false;
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".bd-png > button[data-svg]");
    if (!button || button.disabled) return;
    button.disabled = true;
    loadDrawer()
      .then(function (draw) { return draw(button); })
      // Should anything fail, the SVG itself is opened: the reader still gets the image.
      .catch(function () { location.href = button.getAttribute("data-svg"); })
      .then(function () { button.disabled = false; });
  });
})();
