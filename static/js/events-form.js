/* Event form, progressive enhancement: add session rows and copy the previous row with the next date.
   Without JavaScript the form still works: it always carries a few blank rows. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
  var list = document.getElementById("session-rows");
  if (!list) { return; }
  var tools = document.getElementById("session-tools");
  if (tools) { tools.hidden = false; }

  function rows() { return list.querySelectorAll(".session-row"); }

  function renumber(row, index) {
    row.querySelectorAll("input, select, label, p[id]").forEach(function (el) {
      ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) { el.setAttribute(attr, value.replace(/sessions-\d+-/g, "sessions-" + index + "-")); }
      });
    });
    var legend = row.querySelector(".row-number");
    if (legend) { legend.textContent = String(index + 1); }
  }

  function nextFreeIndex() {
    var max = -1;
    list.querySelectorAll("input[name^='sessions-']").forEach(function (el) {
      var m = /^sessions-(\d+)-/.exec(el.name);
      if (m) { max = Math.max(max, parseInt(m[1], 10)); }
    });
    return max + 1;
  }

  function blankRow() {
    var source = rows()[rows().length - 1];
    var row = source.cloneNode(true);
    renumber(row, nextFreeIndex());
    row.querySelectorAll("input").forEach(function (el) {
      if (el.type === "checkbox") { el.checked = false; } else { el.value = ""; }
      el.removeAttribute("aria-invalid");
    });
    row.querySelectorAll(".error").forEach(function (el) { el.remove(); });
    row.querySelectorAll(".has-error").forEach(function (el) { el.classList.remove("has-error"); });
    row.querySelectorAll(".remove-field").forEach(function (el) { el.remove(); });
    list.appendChild(row);
    return row;
  }

  function lastFilledRow() {
    var all = rows();
    for (var i = all.length - 1; i >= 0; i--) {
      if (all[i].querySelector("input[name$='-date']").value) { return all[i]; }
    }
    return null;
  }

  function firstEmptyRowAfter(row) {
    var all = Array.prototype.slice.call(rows());
    for (var i = all.indexOf(row) + 1; i < all.length; i++) {
      if (!all[i].querySelector("input[name$='-date']").value && !all[i].querySelector("input[type=hidden][name$='-id']").value) {
        return all[i];
      }
    }
    return blankRow();
  }

  function nextDay(iso, skipWeekend) {
    var parts = iso.split("-").map(Number);
    var d = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    do { d.setUTCDate(d.getUTCDate() + 1); } while (skipWeekend && (d.getUTCDay() === 0 || d.getUTCDay() === 6));
    return d.toISOString().slice(0, 10);
  }

  var status = document.getElementById("session-tools-status");
  function announce(text) { if (status) { status.textContent = text; } }

  document.getElementById("add-session").addEventListener("click", function () {
    var row = blankRow();
    row.querySelector("input[name$='-date']").focus();
    announce(list.getAttribute("data-added"));
  });
  document.getElementById("copy-session").addEventListener("click", function () {
    var source = lastFilledRow();
    if (!source) { announce(list.getAttribute("data-nothing")); return; }
    var target = firstEmptyRowAfter(source);
    var skip = document.getElementById("skip-weekends");
    ["start", "end", "title", "venue", "meeting_url"].forEach(function (name) {
      var from = source.querySelector("input[name$='-" + name + "']");
      var to = target.querySelector("input[name$='-" + name + "']");
      if (from && to) { to.value = from.value; }
    });
    var title = target.querySelector("input[name$='-title']");
    if (title && /(\d+)\s*$/.test(title.value)) {
      title.value = title.value.replace(/(\d+)\s*$/, function (m, n) { return String(parseInt(n, 10) + 1); });
    }
    var date = nextDay(source.querySelector("input[name$='-date']").value, skip && skip.checked);
    target.querySelector("input[name$='-date']").value = date;
    target.querySelector("input[name$='-date']").focus();
    announce(list.getAttribute("data-copied").replace("%s", date));
  });
})();
