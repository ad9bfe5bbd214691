// quizapp question editor: shows only the fields the chosen kind uses, and previews the questions
// a fact makes as the teacher types (the server checks it; nothing is saved). Without this file the
// form shows every field and its Preview button does the same on the server.
(function () {
  "use strict";
  var DELAY_MS = 350;

  function showFieldsFor(form, kind) {
    form.querySelectorAll("[data-kinds]").forEach(function (group) {
      group.hidden = group.getAttribute("data-kinds").split(" ").indexOf(kind) === -1;
    });
  }

  function setProblems(form, problems) {
    form.querySelectorAll(".field").forEach(function (box) {
      var input = box.querySelector("input, select, textarea");
      if (!input || !input.name) { return; }
      var messages = problems[input.name] || [];
      var errorId = input.id + "-error";
      var error = document.getElementById(errorId);
      var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && id !== errorId;
      });
      if (messages.length) {
        if (!error) {
          error = document.createElement("p");
          error.className = "error";
          error.id = errorId;
          box.appendChild(error);
        }
        error.textContent = messages.join(" ");
        described.push(errorId);
        input.setAttribute("aria-invalid", "true");
        box.classList.add("field-error");
      } else {
        if (error) { error.remove(); }
        input.removeAttribute("aria-invalid");
        box.classList.remove("field-error");
      }
      if (described.length) {
        input.setAttribute("aria-describedby", described.join(" "));
      } else {
        input.removeAttribute("aria-describedby");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-preview-url]");
    var preview = document.getElementById("fact-preview");
    var status = document.getElementById("preview-status");
    if (!form || !preview) { return; }
    var kind = form.elements.namedItem("kind");
    var timer = null;
    var asked = 0;
    var busy = false;  // one preview at a time: a large deck takes the server a while to check
    var again = false;

    function refresh() {
      if (busy) { again = true; return; }
      busy = true;
      var number = ++asked;
      fetch(form.getAttribute("data-preview-url"), {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        if (!response.ok) { throw new Error("preview refused: " + response.status); }
        return response.json();
      }).then(function (answer) {
        if (number !== asked) { return; }  // a later keystroke's preview is on its way
        preview.innerHTML = answer.preview;
        setProblems(form, answer.fields);
        var count = preview.querySelector(".preview-count");
        if (status && count) { status.textContent = "Preview updated: " + count.textContent; }
      }).catch(function () {
        if (status) { status.textContent = "The preview could not be updated; use the Preview button."; }
      }).then(function () {
        busy = false;
        if (again) { again = false; refresh(); }  // what was typed meanwhile
      });
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, DELAY_MS);
    }

    if (kind) {
      showFieldsFor(form, kind.value);
      kind.addEventListener("change", function () { showFieldsFor(form, kind.value); });
    }
    form.addEventListener("input", later);
    form.addEventListener("change", later);
  });
})();
