// "All done": reload when the next learning step enters the learn-ahead window, or when the study
// day ends and brings its reviews and new facts, so the learner sees them without pressing
// anything (a page left open overnight included). The server says how many seconds to wait
// (data-refresh-in); the study page swaps its <main> after answers, so the element is looked up
// again on every tick. Without JavaScript the page says when to reload.
(function () {
  "use strict";
  var seen = null;
  var deadline = 0;

  function tick() {
    var waiting = document.querySelector("[data-refresh-in]");
    if (!waiting) { seen = null; return; }
    if (waiting !== seen) {
      seen = waiting;
      deadline = Date.now() + 1000 * Number(waiting.getAttribute("data-refresh-in"));
      var note = waiting.querySelector("[data-refresh-note]");
      if (note) { note.hidden = false; }
    }
    if (Date.now() >= deadline) {
      window.clearInterval(timer);
      window.location.reload();
    }
  }

  var timer = window.setInterval(tick, 1000);
  tick();
}());
