// Study page: keyboard shortcuts and answering without reloading the whole page.
// Everything here is an enhancement: the forms work the same without JavaScript.
(function () {
  "use strict";

  function study() { return document.querySelector("[data-study]"); }

  function typing(event) {
    var target = event.target;
    return target && (target.tagName === "INPUT" && !/^(radio|checkbox|submit|button)$/.test(target.type) ||
      target.tagName === "TEXTAREA" || target.tagName === "SELECT");
  }

  // Swap the page's <main> for the one in `html`, keep the URL honest, focus the new content.
  function swapMain(html, url) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.querySelector("main");
    var current = document.querySelector("main");
    if (!fresh || !current) { window.location.href = url; return; }
    current.innerHTML = fresh.innerHTML;
    revealShortcutButton();
    document.title = doc.title;
    if (url) { window.history.pushState({}, "", url); }
    var focus = current.querySelector("[autofocus]") || current.querySelector("[data-focus]") || current;
    focus.focus();
  }

  function submitWithoutReload(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    var busy = form.querySelectorAll("button, input[type=submit]");
    busy.forEach(function (b) { b.disabled = true; });
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        return response.text().then(function (text) { swapMain(text, response.url); });
      })
      .catch(function () { form.submit(); });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!study() || form.method.toLowerCase() !== "post" || !form.closest("[data-study]")) { return; }
    event.preventDefault();
    submitWithoutReload(form, event.submitter);
  });

  // The shortcut list: a modal <dialog> (Escape closes it natively); focus goes back where it was.
  var openedFrom = null;

  function showShortcuts() {
    var dialog = document.querySelector("[data-shortcuts]");
    if (!dialog || dialog.open) { return; }
    openedFrom = document.activeElement;
    dialog.showModal();
    var close = dialog.querySelector("[data-shortcuts-close]");
    if (close) { close.focus(); }
  }

  function revealShortcutButton() {
    document.querySelectorAll("[data-shortcuts-open]").forEach(function (b) { b.hidden = false; });
  }
  document.addEventListener("DOMContentLoaded", revealShortcutButton);

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-shortcuts-open]")) { showShortcuts(); }
  });

  document.addEventListener("close", function (event) {
    if (!event.target.matches || !event.target.matches("[data-shortcuts]")) { return; }
    var back = openedFrom && document.contains(openedFrom) ? openedFrom : document.querySelector("main");
    openedFrom = null;
    if (back) { back.focus(); }
  }, true);

  document.addEventListener("keydown", function (event) {
    var root = study();
    if (!root || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var key = event.key;
    var dialog = document.querySelector("[data-shortcuts]");
    if (dialog && dialog.open) { return; }  // the dialog has the keyboard: Tab, Enter, Escape
    if (key === "?" && !typing(event)) { event.preventDefault(); showShortcuts(); return; }
    // Escape leaves an answer box (its text stays), so the shortcut keys work without a mouse.
    if (key === "Escape" && typing(event)) {
      event.target.blur();
      document.querySelector("main").focus();
      return;
    }
    if (key === "u" || key === "U") {
      if (typing(event)) { return; }
      var undo = root.querySelector("[data-undo]");
      if (undo) { event.preventDefault(); undo.requestSubmit(); }
      return;
    }
    if (typing(event)) { return; }
    // Bury "-", suspend "@", flag "*" (Anki's keys where a browser leaves them free): each clicks
    // the button of the form that works without JavaScript.
    if (key === "-" || key === "@" || key === "*") {
      var mark = root.querySelector("[data-mark-key='" + key + "']");
      if (mark) { event.preventDefault(); mark.click(); }
      return;
    }
    var reveal = root.querySelector("details[data-reveal]");
    if (key === " " && reveal && !reveal.open) {
      event.preventDefault();
      reveal.open = true;
      var first = reveal.querySelector("[data-rating='3']") || reveal.querySelector("button");
      if (first) { first.focus(); }
      return;
    }
    if (/^[1-9]$/.test(key)) {
      var rating = root.querySelector("[data-rating='" + key + "']");
      if (rating && (!reveal || reveal.open)) { event.preventDefault(); rating.click(); return; }
      var option = root.querySelector("[data-option='" + key + "']");
      if (option) { event.preventDefault(); option.click(); option.focus(); }
      return;
    }
    if (key === "Enter") {
      var next = root.querySelector("[data-continue]");
      if (next) { event.preventDefault(); next.click(); return; }
      var answer = root.querySelector("form[data-answer]");
      if (answer && root.querySelector("[data-option]")) { event.preventDefault(); answer.requestSubmit(); }
    }
  });

  window.addEventListener("popstate", function () { window.location.reload(); });
})();
