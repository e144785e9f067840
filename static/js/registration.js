/* Registration form: after a failed submit, focus and show the error summary (phones show the top of the form
   otherwise); a "¿Quiso decir …?" hint under the e-mail field for common domain typos (never blocks). */
(function () {
  "use strict";
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) {
    summary.focus();
    summary.scrollIntoView({block: "start"});
  }
  var form = document.getElementById("formulario-registro");
  var email = form && form.querySelector("input[type=email]");
  if (!email || !form.dataset.domainFixes) { return; }
  var fixes = JSON.parse(form.dataset.domainFixes);
  var hint = document.createElement("p");
  hint.className = "typo-hint";
  hint.id = email.id + "-typo";
  hint.setAttribute("role", "status");
  email.parentNode.insertBefore(hint, email.nextSibling);
  function check() {
    var value = email.value.trim();
    var at = value.lastIndexOf("@");
    var fixed = at > 0 ? fixes[value.slice(at + 1).toLowerCase()] : null;
    hint.textContent = "";
    if (!fixed) { return; }
    var suggestion = value.slice(0, at + 1) + fixed;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "link-button";
    button.textContent = form.dataset.typoQuestion.replace("%s", suggestion);
    button.addEventListener("click", function () {
      email.value = suggestion;
      hint.textContent = "";
      email.focus();
    });
    hint.appendChild(button);
  }
  email.addEventListener("blur", check);
  email.addEventListener("change", check);
})();
