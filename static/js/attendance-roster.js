/* Roster: check people in without reloading the page (the forms work without JavaScript too), and filter
   the list while typing. Each tap is one POST with the form's CSRF token; the count comes from the server. */
(function () {
  "use strict";
  var list = document.querySelector("[data-roster]");
  var status = document.getElementById("roster-status");
  var counter = document.getElementById("present-count");

  function say(message, isError) {
    if (!status) return;
    status.textContent = message;
    status.className = "roster-status" + (isError ? " is-error" : " is-ok");
  }

  function updateCount(data) {
    if (!counter || typeof data.present !== "number") return;
    counter.querySelector("[data-present]").textContent = data.present;
    counter.querySelector("[data-registered]").textContent = data.registered;
  }

  function setPresent(row, present) {
    row.classList.toggle("is-present", present);
    row.querySelectorAll("[data-when-present]").forEach(function (el) { el.hidden = !present; });
    row.querySelectorAll("[data-when-absent]").forEach(function (el) { el.hidden = present; });
    var next = row.querySelector(present ? "[data-when-present] button" : "[data-when-absent] button");
    if (next) next.focus();
  }

  if (list && window.fetch && window.FormData) {
    list.addEventListener("submit", function (event) {
      var form = event.target.closest("[data-roster-action]");
      if (!form) return;
      event.preventDefault();
      var button = form.querySelector("button");
      button.disabled = true;
      fetch(form.action, {
        method: "POST", body: new FormData(form), credentials: "same-origin",
        headers: {"Accept": "application/json"}
      }).then(function (response) {
        return response.json().then(function (data) { return {ok: response.ok, data: data}; });
      }).then(function (result) {
        button.disabled = false;
        if (!result.ok) { say(result.data.message || "No se pudo guardar.", true); return; }
        setPresent(form.closest(".roster-row"), form.action.indexOf("/presente") !== -1);
        updateCount(result.data);
        say(result.data.message, false);
      }).catch(function () {
        button.disabled = false;
        say("Sin conexión: no se guardó. Inténtelo de nuevo.", true);
      });
    });
  }

  function plain(text) {
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  var filter = document.querySelector("[data-roster-filter]");
  if (list && filter) {
    var empty = document.querySelector("[data-roster-empty]");
    filter.addEventListener("input", function () {
      var words = plain(filter.value).trim().split(/\s+/).filter(Boolean);
      var shown = 0;
      list.querySelectorAll(".roster-row").forEach(function (row) {
        var text = plain(row.getAttribute("data-search"));
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      if (empty) empty.hidden = shown !== 0;
    });
  }
})();
