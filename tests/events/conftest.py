"""Helpers for the events tests: users as model objects, and the 2020 Jornada's programme."""
from datetime import datetime

import pytest

from agenda.accounts.models import User

JORNADA_DAYS = (15, 16, 17, 18, 24, 25, 28, 29)  # September 2020


@pytest.fixture
def user(make_user, session):
    """user(role, organization) -> a User object from the test session."""
    def make(role="organizer", organization="IACIP", **kwargs):
        user_id, _email = make_user(role=role, organization=organization, **kwargs)
        return session.get(User, user_id)

    return make


def jornada_sessions(hour=10, zone_offset_hours=None):
    return [{"title": f"Sesión {n}", "start": datetime(2020, 9, day, hour), "end": datetime(2020, 9, day, hour + 2)}
            for n, day in enumerate(JORNADA_DAYS, start=1)]


def event_values(**overrides):
    values = {
        "title": "Jornada Nacional de Capacitación en Transparencia Proactiva",
        "summary": "Ocho sesiones virtuales para los organismos garantes.",
        "description": "Programa **completo**.",
        "type": "capacitacion",
        "modality": "virtual",
        "timezone": "America/Mexico_City",
        "sessions": jornada_sessions(),
    }
    values.update(overrides)
    return values


def form_data(sessions=(), people=(), **fields):
    """POST data for the organizer's event form. `sessions`: (date, start, end[, title]) tuples; `people`:
    (name, role, affiliation, session row index or "")."""
    data = {
        "title": "Evento de prueba", "summary": "", "description": "", "type": "webinar", "scope": "state",
        "modality": "virtual", "venue_address": "", "venue_city": "", "venue_state": "", "stream_url": "",
        "meeting_url": "", "timezone": "America/Mexico_City", "visibility": "public", "capacity": "",
        "waitlist": "y", "registration_required": "y", "registration_opens": "", "registration_closes": "",
    }
    data.update(fields)
    for index, row in enumerate(sessions):
        data[f"sessions-{index}-date"], data[f"sessions-{index}-start"], data[f"sessions-{index}-end"] = row[:3]
        data[f"sessions-{index}-title"] = row[3] if len(row) > 3 else ""
    for index, (name, role, affiliation, session) in enumerate(people):
        data[f"people-{index}-name"], data[f"people-{index}-role"] = name, role
        data[f"people-{index}-affiliation"], data[f"people-{index}-session"] = affiliation, str(session)
    return data


def jornada_form(**fields):
    return form_data(
        title="Jornada Nacional de Capacitación en Transparencia Proactiva", type="capacitacion",
        scope="national", summary="Ocho sesiones para los organismos garantes del país.",
        description="Organiza la **Comisión de Gobierno Abierto y de Transparencia Proactiva**.",
        themes=["transparencia-proactiva"], co_organizers=["IACIP"], stream_url="https://www.youtube.com/@INAImx",
        meeting_url="https://zoom.us/j/123456789", capacity="410",
        sessions=[(f"2020-09-{day:02d}", "10:00", "12:00", f"Sesión {n}") for n, day in enumerate(JORNADA_DAYS, 1)],
        people=[("Josefina Román Vergara", "inauguracion", "INAI", ""),
                ("Mariajose González", "moderador", "IACIP", "0")],
        **fields)
