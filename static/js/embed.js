/* Agenda SNT embed: place the agenda of a body on any site, with no other script.
   <div data-agenda-snt data-organization="IACIP" data-accent="#8a1538" data-lang="es"></div>
   <script src="https://AGENDA/static/js/embed.js" async></script>
   Filters: data-organization, data-type, data-theme, data-region, data-state, data-modality, data-q;
   data-limit (1..50), data-accent (#rgb or #rrggbb), data-lang (es | en). The frame reports its height
   (postMessage); messages from any other origin or window are ignored. */
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector("script[src*='/static/js/embed.js']");
  if (!script) return;
  var base = script.src.replace(/\/static\/js\/embed\.js(?:[?#].*)?$/, "");
  var origin = base.match(/^https?:\/\/[^\/]+/i)[0].toLowerCase();
  var names = ["organization", "type", "theme", "region", "state", "modality", "q", "limit", "accent", "lang"];
  var frames = [];

  function place(holder) {
    if (holder.getAttribute("data-agenda-snt-placed")) return;
    holder.setAttribute("data-agenda-snt-placed", "1");
    var query = [];
    for (var i = 0; i < names.length; i++) {
      var value = holder.getAttribute("data-" + names[i]);
      if (value) query.push(names[i] + "=" + encodeURIComponent(value));
    }
    var frame = document.createElement("iframe");
    frame.src = base + "/embed/agenda" + (query.length ? "?" + query.join("&") : "");
    frame.title = holder.getAttribute("data-title") ||
      (holder.getAttribute("data-lang") === "en" ? "Upcoming events" : "Próximos eventos");
    frame.setAttribute("loading", "lazy");
    frame.style.cssText = "width:100%;border:0;height:420px;display:block";
    holder.appendChild(frame);
    frames.push(frame);
  }

  window.addEventListener("message", function (event) {
    if (event.origin.toLowerCase() !== origin) return;
    var data = event.data;
    if (!data || data.type !== "agenda-snt:height" || typeof data.height !== "number") return;
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = Math.max(120, Math.min(data.height, 20000)) + "px";
      }
    }
  });

  var holders = document.querySelectorAll("[data-agenda-snt]");
  for (var j = 0; j < holders.length; j++) place(holders[j]);
})();
