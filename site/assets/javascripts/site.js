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

  // A chart's PNG (sitegen/charts.py, png_button): drawn here from the chart's exported SVG (its title,
  // source and licence around it) at the button's scale, and saved under the button's name. The SVG is
  // read as a data: address, which the Content-Security-Policy allows for images (blob: it does not).
  // Should anything fail, the SVG itself is opened: the reader still gets the image.
  function drawPng(button) {
    var svg = button.getAttribute("data-svg");
    var scale = parseFloat(button.getAttribute("data-scale")) || 1;
    return fetch(svg)
      .then(function (response) {
        if (!response.ok) throw new Error(svg + ": " + response.status);
        return response.text();
      })
      .then(function (text) {
        return new Promise(function (resolve, reject) {
          var image = new Image();
          image.onload = function () { resolve(image); };
          image.onerror = function () { reject(new Error(svg + ": not an image")); };
          image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
        });
      })
      .then(function (image) {
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(image.naturalWidth * scale);
        canvas.height = Math.round(image.naturalHeight * scale);
        canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
        return new Promise(function (resolve, reject) {
          canvas.toBlob(function (blob) { return blob ? resolve(blob) : reject(new Error(svg + ": no PNG")); },
                        "image/png");
        });
      })
      .then(function (blob) {
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = button.getAttribute("data-name") || "chart.png";
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
      });
  }

  var pngs = document.querySelectorAll(".bd-png[hidden]");
  for (var p = 0; p < pngs.length; p++) pngs[p].hidden = false;
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".bd-png > button[data-svg]");
    if (!button || button.disabled) return;
    button.disabled = true;
    drawPng(button)
      .catch(function () { location.href = button.getAttribute("data-svg"); })
      .then(function () { button.disabled = false; });
  });
})();
