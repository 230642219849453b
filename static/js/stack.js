// Our back-office lists on a phone: each row as a card, each cell labelled with its
// column's heading (backoffice.css, table.listing.stack). Without this script the
// table scrolls sideways inside itself instead.
(function () {
  function label(table) {
    var heads = Array.prototype.map.call(
      table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
    if (!heads.length) return;
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.cells, function (cell, i) {
        if (i > 0 && cell.colSpan === 1 && heads[i] && cell.textContent.trim() &&
            !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", heads[i]);
        }
      });
    });
    table.classList.add("stack");
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".td-page table.listing:not(.stack)").forEach(label);
  });
})();
