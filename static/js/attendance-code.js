/* The session-code page reloads itself when the code changes (every 10 minutes), for a projector or a
   phone left on a table. A <meta refresh> would do it without JavaScript but is an accessibility failure. */
(function () {
  "use strict";
  var box = document.querySelector("[data-refresh-in]");
  if (!box) return;
  var seconds = parseInt(box.getAttribute("data-refresh-in"), 10) || 600;
  window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
})();
