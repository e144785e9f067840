"""schema.org Event JSON-LD for public event pages (what search engines read to show an event).

Status: cancelled -> EventCancelled; postponed -> EventPostponed; published with a reason kept from a
postponement (re-published with new dates and the reason left on) -> EventRescheduled; else EventScheduled.
Offers: free (price 0, MXN), availability from the seats left: InStock, LimitedAvailability (10 % or fewer
left), SoldOut (full; the waiting list is not a seat); for an event that takes no registration, no offer."""
from ..api.serializers import event_url, iso
from ..events.models import Event

SCHEMA = "https://schema.org/"
STATUS = {"cancelled": "EventCancelled", "postponed": "EventPostponed"}
MODE = {"virtual": "OnlineEventAttendanceMode", "presencial": "OfflineEventAttendanceMode",
        "hibrida": "MixedEventAttendanceMode"}


def event_status(event: Event) -> str:
    if event.status in STATUS:
        return SCHEMA + STATUS[event.status]
    if event.status == "published" and event.status_reason:
        return SCHEMA + "EventRescheduled"
    return SCHEMA + "EventScheduled"


def _place(event: Event) -> dict:
    address = {"@type": "PostalAddress", "addressCountry": "MX"}
    if event.venue_address:
        address["streetAddress"] = event.venue_address
    if event.venue_city:
        address["addressLocality"] = event.venue_city
    if event.venue_state is not None:
        address["addressRegion"] = event.venue_state.name
    name = event.venue_address or event.venue_city or (event.venue_state.name if event.venue_state else
                                                        event.organization.name)
    return {"@type": "Place", "name": name, "address": address}


def _virtual(event: Event) -> dict:
    # The meeting link is for registered people only: the public stream, else the event page.
    return {"@type": "VirtualLocation", "url": event.stream_url or event_url(event)}


def availability(seats_left: int | None, capacity: int | None) -> str:
    if capacity is None or seats_left is None:
        return SCHEMA + "InStock"
    if seats_left <= 0:
        return SCHEMA + "SoldOut"
    if seats_left * 10 <= capacity:
        return SCHEMA + "LimitedAvailability"
    return SCHEMA + "InStock"


def event_json_ld(event: Event, seats_left: int | None, registration_url: str) -> dict:
    zone = event.timezone
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary or event.title,
        "url": event_url(event),
        "startDate": iso(event.first_starts_at, zone),
        "endDate": iso(event.last_ends_at, zone),
        "eventStatus": event_status(event),
        "eventAttendanceMode": SCHEMA + MODE.get(event.modality, "OnlineEventAttendanceMode"),
        "inLanguage": "es-MX",
        "organizer": {"@type": "Organization", "name": event.organization.name,
                      **({"url": event.organization.website} if event.organization.website else {})},
    }
    locations = {"virtual": [_virtual(event)], "presencial": [_place(event)],
                 "hibrida": [_place(event), _virtual(event)]}[event.modality if event.modality in MODE else "virtual"]
    data["location"] = locations[0] if len(locations) == 1 else locations
    if event.registration_required:
        offer = {"@type": "Offer", "price": 0, "priceCurrency": "MXN", "url": registration_url,
                 "availability": availability(seats_left, event.capacity)}
        if event.registration_opens_at:
            offer["validFrom"] = iso(event.registration_opens_at, zone)
        data["offers"] = offer
        if event.capacity is not None:
            data["maximumAttendeeCapacity"] = event.capacity
            data["remainingAttendeeCapacity"] = seats_left
    return data

