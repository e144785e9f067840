// Reads iCalendar text on stdin with Mozilla's ical.js (the parser of Thunderbird) and prints, as JSON, each
// VEVENT's UID, start and end as UTC instants (ISO 8601) and whether it is all-day. Used by tests/readers.py.
import ICAL from "ical.js";

let text = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) text += chunk;

const calendar = new ICAL.Component(ICAL.parse(text));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);  // as Thunderbird does: the calendar's own VTIMEZONE defines the TZID
}
const instant = (time) => {
  if (time.isDate) return `${time.toString()}T00:00:00Z`;
  return time.toJSDate().toISOString();  // toJSDate converts through the VTIMEZONE of the TZID
};
const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  return {uid: event.uid, start: instant(event.startDate), end: instant(event.endDate),
          all_day: event.startDate.isDate};
});
process.stdout.write(JSON.stringify(events));
