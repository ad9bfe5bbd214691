// quizapp: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // Move focus to the first invalid field after a refused form, so keyboard and
  // screen-reader users land where the problem is.
  document.addEventListener("DOMContentLoaded", function () {
    var invalid = document.querySelector("[aria-invalid='true']");
    if (invalid) { invalid.focus(); }
  });
  // Enter on a drop-down of an answer (matching, ordering, comparison) submits the answer, as
  // Enter does in a text box, instead of opening the list; an empty one is then flagged by the
  // browser's own check. Arrow keys still change the choice, Space or Alt+Down still opens it.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey ||
        event.isComposing) { return; }
    var target = event.target;
    if (!target || target.tagName !== "SELECT") { return; }
    var form = target.closest("form[data-answer]");
    if (!form) { return; }
    event.preventDefault();
    form.requestSubmit();
  });
})();
// A print view's Print button (hidden without this file: the browser's own Print works anyway).
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var button = document.querySelector("[data-print]");
  if (!button) { return; }
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
