// Quiz countdown: shows the time the server gave this attempt. The server alone enforces it;
// at zero the page reloads and the server closes the attempt.
(function () {
  "use strict";
  var timer = document.querySelector("[data-remaining]");
  if (!timer) return;
  var shown = timer.querySelector("strong");
  var end = Date.now() + parseInt(timer.getAttribute("data-remaining"), 10) * 1000;
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    var minutes = Math.floor(left / 60), seconds = left % 60;
    shown.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    if (left === 0) {
      window.location.reload();
      return;
    }
    window.setTimeout(tick, 1000);
  }
  tick();
})();
