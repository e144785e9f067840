/* Copy buttons of the calendar pages. Without JavaScript the buttons stay hidden and the read-only field
   can be selected and copied by hand. */
(function () {
  "use strict";
  function announce(button, text) {
    var status = document.getElementById(button.getAttribute("data-copy") + "-status");
    if (status) { status.textContent = ""; window.setTimeout(function () { status.textContent = text; }, 50); }
  }
  function fallback(input) {
    input.focus();
    input.select();
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-copy"));
    if (!input) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var done = function () { announce(button, button.getAttribute("data-copied")); };
      var failed = function () {
        if (fallback(input)) { done(); } else { announce(button, button.getAttribute("data-failed")); }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, failed);
      } else {
        failed();
      }
    });
  });
  document.querySelectorAll("input.copy-value").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });
})();
