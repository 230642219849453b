/* Thi đua portal: small enhancements; every feature also works without JavaScript. */
(function () {
  "use strict";
  var d = document, root = d.documentElement;
  root.classList.add("js");
  var YEAR = 365 * 24 * 3600, SIZES = [-1, 0, 1, 2, 3];

  function cookie(name) {
    var m = d.cookie.match("(?:^|; )" + name + "=([^;]*)");
    return m ? decodeURIComponent(m[1]) : null;
  }
  function setCookie(name, value) {
    d.cookie = name + "=" + value + ";path=/;max-age=" + YEAR + ";samesite=lax";
  }
  function sizeClass(n) { return n ? "fs" + (n > 0 ? "p" : "m") + Math.abs(n) : ""; }

  // Font size and contrast: same cookies as the server's /hien-thi/ links, applied in place.
  d.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[data-size], a[data-contrast]");
    if (!a) return;
    e.preventDefault();
    if (a.dataset.size) {
      var cur = parseInt(cookie("cochu") || "0", 10);
      if (SIZES.indexOf(cur) < 0) cur = 0;
      var next = a.dataset.size === "+" ? Math.min(3, cur + 1) : a.dataset.size === "-" ? Math.max(-1, cur - 1) : 0;
      SIZES.forEach(function (n) { if (n) root.classList.remove(sizeClass(n)); });
      if (next) root.classList.add(sizeClass(next));
      setCookie("cochu", String(next));
      d.querySelectorAll("a[data-size='0']").forEach(function (el) {
        if (next === 0) el.setAttribute("aria-current", "true"); else el.removeAttribute("aria-current");
      });
    } else {
      var on = a.dataset.contrast === "1";
      root.classList.toggle("hc", on);
      setCookie("tuongphan", on ? "1" : "0");
      d.querySelectorAll("a[data-contrast]").forEach(function (el) {
        if ((el.dataset.contrast === "1") === on) el.setAttribute("aria-current", "true"); else el.removeAttribute("aria-current");
      });
    }
  });

  function post(url, data) {
    return fetch(url, {
      method: "POST", body: data, credentials: "same-origin", keepalive: true,
      headers: { Accept: "application/json" }
    }).then(function (r) { return r.json().then(function (j) { j._status = r.status; return j; }); });
  }
  function fmt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "."); }
  function showRating(r) {
    var p = d.querySelector("[data-rating-points]"), v = d.querySelector("[data-rating-votes]");
    if (p) p.textContent = r.points;
    if (v) v.textContent = r.votes;
    if (r.mine) {
      var input = d.getElementById("star" + r.mine);
      if (input) input.checked = true;
      var mine = d.querySelector("[data-rating-mine]");
      if (mine) mine.textContent = "Bạn đã chấm " + r.mine + " sao; bấm sao khác để đổi.";
    }
  }

  // Count this view through the uncached beacon and refresh figures the cached page may lack.
  var page = d.body.dataset.page || "";
  var form = new FormData();
  form.append("p", page);
  form.append("u", location.pathname);
  post("/tuong-tac/b/", form).then(function (j) {
    if (j.stats) Object.keys(j.stats).forEach(function (k) {
      var el = d.querySelector("[data-stat='" + k + "']");
      if (el) el.textContent = fmt(j.stats[k]);
    });
    var views = d.querySelector("[data-views]");
    if (views && j.views != null) views.textContent = fmt(j.views);
    if (j.rating) showRating(j.rating);
  }).catch(function () {});

  // Star rating without a page reload.
  var rate = d.querySelector("form[data-rate]");
  if (rate) rate.addEventListener("change", function (e) {
    if (e.target.name !== "score") return;
    var data = new FormData();
    data.append("score", e.target.value);
    post(rate.action, data).then(function (j) {
      var mine = d.querySelector("[data-rating-mine]");
      if (j.errors) { if (mine) mine.textContent = j.errors[0].message; return; }
      showRating(j);
    });
  });

  // Copy link: Clipboard API, else select the field and use execCommand.
  d.querySelectorAll("[data-copy]").forEach(function (btn) {
    btn.hidden = false;
    btn.addEventListener("click", function () {
      var field = d.querySelector(btn.dataset.copy), status = d.querySelector("[data-copy-status]");
      function done(ok) { if (status) status.textContent = ok ? "Đã sao chép liên kết." : "Hãy chọn và sao chép liên kết trong ô."; }
      function fallback() {
        field.focus(); field.select();
        var ok = false;
        try { ok = d.execCommand("copy"); } catch (err) { ok = false; }
        done(ok);
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () { done(true); }, fallback);
      } else fallback();
    });
  });
  d.querySelectorAll("[data-print]").forEach(function (btn) {
    btn.hidden = false;
    btn.addEventListener("click", function () { window.print(); });
  });

  // Banner slideshow: rotates every 6 s unless paused or the visitor prefers less motion.
  var slides = d.querySelectorAll("[data-slides] .slide");
  var pause = d.querySelector("[data-pause]");
  if (slides.length > 1 && !matchMedia("(prefers-reduced-motion: reduce)").matches) {
    var i = 0, timer = setInterval(step, 6000);
    function step() {
      slides[i].classList.remove("is-current");
      i = (i + 1) % slides.length;
      slides[i].classList.add("is-current");
    }
    if (pause) {
      pause.hidden = false;
      pause.addEventListener("click", function () {
        if (timer) { clearInterval(timer); timer = null; pause.textContent = "Chạy tiếp"; }
        else { timer = setInterval(step, 6000); pause.textContent = "Tạm dừng"; }
      });
    }
  }
})();
