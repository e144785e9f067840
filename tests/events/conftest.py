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
