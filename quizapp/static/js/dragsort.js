// Ordering and matching by drag and drop (mouse, pen and touch, through pointer events).
// An enhancement over the form's own drop-downs, which stay and carry the answer: dragging only
// fills them in, so the keyboard and pages without JavaScript work exactly as before.
(function () {
  "use strict";

  var drag = null;  // {kind, source, ghost, pointerId, list?}

  function rowsOf(form) { return Array.prototype.slice.call(form.querySelectorAll("li.pair")); }

  function selectOf(row) { return row.querySelector("select"); }

  function changed(select) { select.dispatchEvent(new Event("change", { bubbles: true })); }

  function say(form, text) {
    var status = form.querySelector("[data-drag-status]");
    if (status) { status.textContent = text; }
  }

  // Ordering: each row's place becomes its position in the list, top first.
  function placeRows(form) {
    rowsOf(form).forEach(function (row, index) {
      var select = selectOf(row);
      select.value = String(index + 1);
      changed(select);
    });
  }

  function enhance(form) {
    if (form.hasAttribute("data-drag-ready")) { return; }
    form.setAttribute("data-drag-ready", "");
    var kind = form.getAttribute("data-drag");
    var list = form.querySelector("ol.pairs");
    if (!list) { return; }
    var hint = document.createElement("p");
    hint.className = "drag-hint meta";
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    status.setAttribute("data-drag-status", "");
    if (kind === "ordering") {
      hint.textContent = "Drag the items into order, first at the top, or give each a place (1 for the first).";
      rowsOf(form).forEach(function (row) {
        row.classList.add("drag-row");
        var handle = document.createElement("span");
        handle.className = "drag-handle";
        handle.setAttribute("aria-hidden", "true");
        handle.setAttribute("data-drag-handle", "");
        handle.textContent = "⠿";
        row.insertBefore(handle, row.firstChild);
      });
    } else {
      hint.textContent = "Drag an answer onto its item, or choose it in the item's list.";
      var tray = document.createElement("div");
      tray.className = "drag-tray";
      tray.setAttribute("aria-hidden", "true");  // the drop-downs are the accessible way to answer
      var first = selectOf(rowsOf(form)[0]);
      Array.prototype.forEach.call(first.options, function (option) {
        if (!option.value) { return; }
        var chip = document.createElement("span");
        chip.className = "drag-chip";
        chip.setAttribute("data-drag-chip", option.value);
        chip.textContent = option.textContent;
        tray.appendChild(chip);
      });
      list.parentNode.insertBefore(tray, list);
      rowsOf(form).forEach(function (row) { row.classList.add("drop-row"); });
    }
    var said = form.querySelector("fieldset > p.meta");  // the kind's own hint, for the drop-downs
    if (said) { said.textContent = hint.textContent; } else {
      list.parentNode.insertBefore(hint, form.querySelector(".drag-tray") || list);
    }
    list.parentNode.insertBefore(status, list);
  }

  function enhanceAll() {
    document.querySelectorAll("form[data-drag]").forEach(enhance);
  }

  function rowAt(form, x, y) {
    var under = document.elementFromPoint(x, y);
    var row = under && under.closest ? under.closest("li.pair") : null;
    return row && form.contains(row) ? row : null;
  }

  document.addEventListener("pointerdown", function (event) {
    if (event.button !== 0 || !event.target.closest) { return; }
    var handle = event.target.closest("form[data-drag-ready] li.drag-row");
    var chip = event.target.closest("[data-drag-chip]");
    if (handle && event.target.closest("select, option")) { return; }  // the drop-down keeps its clicks
    if (!handle && !chip) { return; }
    var form = (handle || chip).closest("form");
    event.preventDefault();
    var source = handle || chip;
    var ghost = null;
    if (chip) {
      ghost = chip.cloneNode(true);
      ghost.classList.add("drag-ghost");
      document.body.appendChild(ghost);
      ghost.style.left = event.clientX + "px";
      ghost.style.top = event.clientY + "px";
    }
    source.classList.add("dragging");
    drag = { kind: handle ? "row" : "chip", source: source, ghost: ghost, form: form, pointerId: event.pointerId };
    if (source.setPointerCapture) { try { source.setPointerCapture(event.pointerId); } catch (e) { /* synthetic */ } }
  });

  document.addEventListener("pointermove", function (event) {
    if (!drag || event.pointerId !== drag.pointerId) { return; }
    event.preventDefault();
    if (drag.ghost) {
      drag.ghost.style.left = event.clientX + "px";
      drag.ghost.style.top = event.clientY + "px";
    }
    var target = rowAt(drag.form, event.clientX, event.clientY);
    rowsOf(drag.form).forEach(function (row) { row.classList.toggle("drop-target", row === target && drag.kind === "chip"); });
    if (drag.kind === "row" && target && target !== drag.source) {
      var box = target.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      target.parentNode.insertBefore(drag.source, after ? target.nextSibling : target);
    }
  });

  function finish(event) {
    if (!drag || event.pointerId !== drag.pointerId) { return; }
    var form = drag.form;
    drag.source.classList.remove("dragging");
    if (drag.ghost) { drag.ghost.remove(); }
    rowsOf(form).forEach(function (row) { row.classList.remove("drop-target"); });
    if (drag.kind === "row") {
      placeRows(form);
      say(form, "Order now: " + rowsOf(form).map(function (row) { return row.querySelector("label").textContent; }).join(", "));
    } else if (event.type === "pointerup") {
      var row = rowAt(form, event.clientX, event.clientY);
      if (row) {
        var select = selectOf(row);
        select.value = drag.source.getAttribute("data-drag-chip");
        changed(select);
        row.classList.add("dropped");
        say(form, row.querySelector("label").textContent + ": " + drag.source.textContent);
      }
    }
    drag = null;
  }
  document.addEventListener("pointerup", finish);
  document.addEventListener("pointercancel", finish);

  document.addEventListener("DOMContentLoaded", enhanceAll);
  // The study page swaps its content in place after an answer (study.js): enhance the new form.
  new MutationObserver(enhanceAll).observe(document.documentElement, { childList: true, subtree: true });
})();
