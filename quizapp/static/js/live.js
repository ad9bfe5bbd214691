// Live quiz screens (projector and phones). Every page works without this file: it only keeps
// the page current. It polls a small JSON state; when the signature changes it fetches the page
// again and swaps the live panel in place, so nobody has to reload.
(function () {
  "use strict";
  var POLL_MS = 1000;
  var root = document.querySelector("[data-live]");
  if (!root) return;
  var stateUrl = root.getAttribute("data-state-url");
  var signature = root.getAttribute("data-signature");
  var countdownTimer = null;
  var countdownEnd = null;
  var busy = false;

  function startCountdown() {
    window.clearInterval(countdownTimer);
    countdownEnd = null;
    var timer = root.querySelector("[data-countdown]");
    if (!timer) return;
    countdownEnd = Date.now() + parseInt(timer.getAttribute("data-countdown"), 10) * 1000;
    function tick() {
      var left = Math.max(0, Math.ceil((countdownEnd - Date.now()) / 1000));
      timer.textContent = String(left);
      if (left <= 5) timer.classList.add("live-timer-low");
      if (left === 0) {
        window.clearInterval(countdownTimer);
        autoReveal();
      }
    }
    tick();
    countdownTimer = window.setInterval(tick, 250);
  }

  // On the projector: show the answer by itself when time is up or everyone has answered.
  // The server ignores a second press for the same question, so two open tabs do no harm.
  function autoReveal() {
    var form = root.querySelector("form[data-reveal]");
    if (form && !busy) { busy = true; form.submit(); }
  }

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-live]");
    if (!fresh) { window.location.reload(); return; }
    var hadFocusInside = root.contains(document.activeElement);
    root.replaceWith(fresh);
    root = fresh;
    signature = root.getAttribute("data-signature");
    var focus = root.querySelector("[autofocus]");
    if (focus && (hadFocusInside || document.activeElement === document.body)) focus.focus();
    enhance();
  }

  function refresh() {
    return fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.redirected || !response.ok) { window.location.reload(); return null; }
        return response.text();
      })
      .then(function (html) { if (html) swap(html); });
  }

  function poll() {
    if (busy) return;
    fetch(stateUrl, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (state && state.signature !== signature) return refresh();
        // The server's deadline wins over this screen's clock (a sleeping laptop, a slow start).
        if (state && typeof state.seconds_left === "number" && countdownEnd !== null) {
          countdownEnd = Date.now() + state.seconds_left * 1000;
        }
        return null;
      })
      .catch(function () { /* offline for a moment: the next poll tries again */ })
      .then(function () { window.setTimeout(poll, POLL_MS); });
  }

  // Presentation mode: the projector's page can fill the screen (Fullscreen API, where there is one).
  function fullscreenLabel() {
    var button = root.querySelector("[data-fullscreen]");
    if (button) button.textContent = document.fullscreenElement ? "Leave full screen" : "Full screen";
  }

  function fullscreenButton() {
    var button = root.querySelector("[data-fullscreen]");
    if (!button || !document.fullscreenEnabled) return;
    button.hidden = false;
    fullscreenLabel();
    button.addEventListener("click", function () {
      if (document.fullscreenElement) document.exitFullscreen();
      else document.documentElement.requestFullscreen().catch(function () { /* refused: stay windowed */ });
    });
  }
  document.addEventListener("fullscreenchange", fullscreenLabel);

  function enhance() {
    busy = false;
    fullscreenButton();
    startCountdown();
    var reveal = root.querySelector("form[data-reveal][data-everyone-answered]");
    if (reveal) autoReveal();
  }

  enhance();
  window.setTimeout(poll, POLL_MS);
})();
