/* Event page: when the visitor's own time zone differs from the event's, show each session in it too. */
(function () {
  "use strict";
  var page = document.querySelector("[data-event-zone]");
  if (!page || !window.Intl || !Intl.DateTimeFormat) { return; }
  var eventZone = page.getAttribute("data-event-zone");
  var visitorZone;
  try { visitorZone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!visitorZone || visitorZone === eventZone) { return; }
  function sameWallClock(a, b) {
    var opts = { hour: "2-digit", minute: "2-digit", year: "numeric", month: "2-digit", day: "2-digit", hourCycle: "h23" };
    var now = new Date();
    return new Intl.DateTimeFormat("es-MX", Object.assign({ timeZone: a }, opts)).format(now) ===
           new Intl.DateTimeFormat("es-MX", Object.assign({ timeZone: b }, opts)).format(now);
  }
  if (sameWallClock(eventZone, visitorZone)) { return; }
  var lang = document.documentElement.lang || "es";
  var dayFmt = new Intl.DateTimeFormat(lang, { timeZone: visitorZone, weekday: "short", day: "numeric", month: "short" });
  var timeFmt = new Intl.DateTimeFormat(lang, { timeZone: visitorZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  var label = lang === "en" ? "Your time (" : "En su zona (";
  document.querySelectorAll(".session").forEach(function (item) {
    var times = item.querySelectorAll("time[data-utc]");
    var out = item.querySelector(".visitor-time");
    if (times.length < 2 || !out) { return; }
    var start = new Date(times[0].getAttribute("data-utc"));
    var end = new Date(times[1].getAttribute("data-utc"));
    out.textContent = label + visitorZone.replace(/_/g, " ") + "): " + dayFmt.format(start) + ", " +
      timeFmt.format(start) + "–" + timeFmt.format(end);
    out.hidden = false;
  });
  var note = document.querySelector(".visitor-zone-note");
  if (note) {
    note.textContent = lang === "en" ? "Times in your own zone are shown too." : "También se muestran en su zona horaria.";
    note.hidden = false;
  }
})();
