// Sortable tables: a <table data-sortable> sorts by a column when its header is clicked (or Enter/Space
// on it): cells' data-sort-value, numbers compared as numbers, names in Indonesian order. The sort state is
// announced through aria-sort. Simpul's own code, no dependencies; loaded on every page (CSP: no inline script).
(function () {
  "use strict";
  var collator = new Intl.Collator("id", { numeric: true, sensitivity: "base" });

  function value(row, index) {
    var cell = row.cells[index];
    var raw = cell ? (cell.getAttribute("data-sort-value") || cell.textContent.trim()) : "";
    var number = Number(raw.replace(",", "."));
    return raw !== "" && !isNaN(number) ? number : raw;
  }

  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return collator.compare(String(a), String(b));
  }

  function sortBy(table, header, index) {
    var body = table.tBodies[0];
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (x, y) {
      var order = compare(value(x, index), value(y, index));
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  // A table wider than a phone scrolls inside its box: make that box reachable and named for the keyboard
  // (a scrollable region must be focusable, WCAG 2.1.1).
  function scrollers() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        var caption = box.querySelector("caption");
        var heading = box.closest(".card") && box.closest(".card").querySelector(".card-header, h2, h3");
        var name = (caption || heading || {}).textContent;
        if (name) box.setAttribute("aria-label", name.trim().replace(/\s+/g, " "));
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
      }
    });
  }
  scrollers();
  window.addEventListener("resize", scrollers);

  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      header.tabIndex = 0;
      header.classList.add("sortable-header");
      header.addEventListener("click", function () { sortBy(table, header, index); });
      header.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(table, header, index); }
      });
    });
  });
})();
