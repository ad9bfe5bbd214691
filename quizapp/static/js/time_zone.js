// Settings: while the time zone is still the default (UTC), fill in the one this browser reports,
// if the page's list knows it. Nothing is saved until the learner presses "Save settings".
(function () {
  "use strict";
  var input = document.querySelector("[data-detect-zone]");
  if (!input || input.value !== "UTC" || !window.Intl) return;
  var detected = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var list = document.getElementById(input.getAttribute("list"));
  if (!detected || detected === "UTC" || !list) return;
  var known = Array.prototype.some.call(list.options, function (option) { return option.value === detected; });
  if (!known) return;
  input.value = detected;
  var help = document.getElementById(input.id + "-help");
  if (help) help.textContent = "Detected from this browser: " + detected + " (saved when you save settings). " + help.textContent;
})();
