"""iCalendar feeds (docs/api.md, Calendars) and the pages to subscribe to them.

Map: ical.py (pure model -> VEVENT/VCALENDAR bytes), selection.py (which events each feed holds, with the
agenda's own filters), builder.py + chunks.py + cache.py + changes.py (versions, ETags and cached bytes; see
builder's docstring), responses.py (HTTP: 304, HEAD, caching), services.py (secret URLs, what people follow),
views.py (URLs and pages), links.py (webcal, Google Calendar and Outlook links).
"""
