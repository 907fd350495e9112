// Filters for the action plan table (/actions/). The table is complete without this script; the
// script only shows the filter form and hides rows that do not match. Loaded by that page alone.
(function () {
  "use strict";
  var form = document.getElementById("actions-filters");
  var tableEl = document.getElementById("actions-table");
  if (!form || !tableEl) return;
  var rows = Array.prototype.slice.call(tableEl.tBodies[0].rows);
  // A row's bodies are the ids its responsible cell links to (#body-<id>, the list below the table): the
  // names are in the page's language and a body printed several ways is one id, as the filter's options
  // are. Read from the links rather than repeated in an attribute, which keeps the page within its weight
  // budget.
  var bodiesOf = rows.map(function (row) {
    var ids = Array.prototype.map.call(row.querySelectorAll(".bd-bodies a"), function (link) {
      return (link.getAttribute("href") || "").split("#body-")[1] || "";
    });
    return " " + ids.join(" ") + " ";
  });
  var output = document.getElementById("actions-count");

  function value(name) {
    var select = form.querySelector('[data-filter="' + name + '"]');
    return select ? select.value : "";
  }

  // A row's years as runs ("2023-2025 2027", sitegen/pages/actions.py year_runs): whether one holds `year`.
  function hasYear(runs, year) {
    return runs.split(" ").some(function (run) {
      var ends = run.split("-");
      return Number(ends[0]) <= year && year <= Number(ends[ends.length - 1]);
    });
  }

  function apply() {
    var chapter = value("chapter");
    var year = value("year");
    var body = value("body");
    var shown = 0;
    rows.forEach(function (row, index) {
      var ok =
        (!chapter || row.cells[1].textContent === chapter) &&
        (!year || hasYear(row.getAttribute("data-years") || "", Number(year))) &&
        (!body || bodiesOf[index].indexOf(" " + body + " ") !== -1);
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    if (output) {
      output.textContent = (output.getAttribute("data-template") || "{shown}/{total}")
        .replace("{shown}", String(shown))
        .replace("{total}", String(rows.length));
    }
  }

  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  apply();
})();
