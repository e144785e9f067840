/* The agenda's filters fold behind "Filtros" on phones; on a wide screen there is room, so they start open.
   Loaded right after the <details> (not deferred) so a desktop never sees them closed first. */
(function () {
  "use strict";
  if (!window.matchMedia("(min-width: 801px)").matches) { return; }
  document.querySelectorAll("details[data-open-on-wide]").forEach(function (details) { details.open = true; });
})();
