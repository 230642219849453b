// Forms carrying a one-time token (thidua/core/once.py): a courtesy on weak
// connections, not the guarantee — the server answers a resend with its first
// answer whatever happens here.
// - Sent once: after the first submit its buttons are disabled (after the
//   browser has read the clicked button's name and value).
// - Offline: nothing is sent; a Vietnamese message says so and what was typed
//   stays on the page.
// - A cell of the figures grid that could not be saved says so in place.
(function () {
  "use strict";
  var OFFLINE =
    "Mất kết nối mạng: chưa gửi được. Những gì bạn đã nhập vẫn còn trên trang; " +
    "khi có mạng trở lại, hãy bấm gửi lần nữa (không bị ghi hai lần).";
  var CELL = "Mất kết nối: ô này chưa được lưu. Khi có mạng, bấm “Lưu tất cả”.";

  function say(anchor, text) {
    var box = anchor.querySelector(":scope > .once-alert");
    if (!box) {
      box = document.createElement("p");
      box.className = "once-alert help-block help-critical";
      box.setAttribute("role", "alert");
      anchor.prepend(box);
    }
    box.textContent = text;
  }

  function buttons(form) {
    return form.querySelectorAll("button, input[type=submit]");
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.querySelector("input[name=_once]") || event.defaultPrevented) return;
    if (!navigator.onLine) {
      event.preventDefault();
      say(form, OFFLINE);
      return;
    }
    if (form.dataset.sent) {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "1";
    window.setTimeout(function () {
      buttons(form).forEach(function (b) {
        b.disabled = true;
        b.setAttribute("aria-busy", "true");
      });
    }, 0);
  });

  // back to a page kept in memory: its forms can be sent again
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sent]").forEach(function (form) {
      delete form.dataset.sent;
      buttons(form).forEach(function (b) {
        b.disabled = false;
        b.removeAttribute("aria-busy");
      });
    });
  });

  document.addEventListener("htmx:sendError", function (event) {
    var cell = event.target.closest("td") || event.target.parentElement;
    if (cell) say(cell, CELL);
  });
})();
