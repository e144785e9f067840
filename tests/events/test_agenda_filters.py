"""Every filter of the HTML agenda, alone and combined, kept in the URL."""
from datetime import datetime

import pytest

EVENTS = {
    # title: make_event arguments
    "Webinar de datos abiertos en León": dict(type="webinar", themes=["Datos Abiertos"], organization="IACIP",
                                              modality="virtual", start=datetime(2031, 3, 3, 10)),
    "Panel de justicia abierta": dict(type="panel", themes=["Justicia Abierta"], organization="INAI",
                                      modality="hibrida", start=datetime(2031, 3, 10, 10),
                                      venue_city="Ciudad de México"),
    "Taller de municipio abierto en Mérida": dict(type="taller", themes=["Municipio Abierto"], organization="INAIP",
                                                  modality="presencial", start=datetime(2031, 4, 7, 9),
                                                  timezone="America/Merida", venue_city="Mérida"),
    "Conversatorio en Tijuana": dict(type="conversatorio", themes=["Gobierno Abierto"], organization="ITAIPBC",
                                     modality="virtual", start=datetime(2031, 4, 14, 17),
                                     timezone="America/Tijuana"),
}


@pytest.fixture
def agenda_events(make_event):
    return {title: make_event(title=title, **kwargs) for title, kwargs in EVENTS.items()}


def _titles(client, query: str) -> set[str]:
    response = client.get("/agenda?" + query)
    assert response.status_code == 200, response.text
    text = response.text.replace("<mark>", "").replace("</mark>", "")  # search highlights
    return {title for title in EVENTS if f">{title}</a>" in text}


ALL = set(EVENTS)


@pytest.mark.parametrize("query, expected", [
    ("", ALL),
    ("type=panel", {"Panel de justicia abierta"}),
    ("theme=municipio-abierto", {"Taller de municipio abierto en Mérida"}),
    ("region=norte", {"Conversatorio en Tijuana"}),
    ("region=sureste", {"Taller de municipio abierto en Mérida"}),
    ("state=GUA", {"Webinar de datos abiertos en León"}),
    ("state=mx-bcn", {"Conversatorio en Tijuana"}),
    ("organization=inai", {"Panel de justicia abierta"}),
    ("modality=presencial", {"Taller de municipio abierto en Mérida"}),
    ("modality=virtual", {"Webinar de datos abiertos en León", "Conversatorio en Tijuana"}),
    ("from=2031-04-01", {"Taller de municipio abierto en Mérida", "Conversatorio en Tijuana"}),
    ("to=2031-03-10", {"Webinar de datos abiertos en León", "Panel de justicia abierta"}),
    ("from=2031-03-04&to=2031-04-07", {"Panel de justicia abierta", "Taller de municipio abierto en Mérida"}),
    ("q=justicia", {"Panel de justicia abierta"}),
    ("q=MÉRIDA", {"Taller de municipio abierto en Mérida"}),
])
def test_each_filter_alone(client, agenda_events, query, expected):
    assert _titles(client, query) == expected


@pytest.mark.parametrize("query, expected", [
    ("modality=virtual&region=norte", {"Conversatorio en Tijuana"}),
    ("modality=virtual&type=webinar&theme=datos-abiertos&state=GUA&organization=IACIP&region=centro-occidente"
     "&from=2031-03-01&to=2031-03-31&q=datos", {"Webinar de datos abiertos en León"}),
    ("type=panel&modality=virtual", set()),
    ("from=2031-03-01&to=2031-04-30&modality=virtual&q=conversatorio", {"Conversatorio en Tijuana"}),
])
def test_filters_combined(client, agenda_events, query, expected):
    assert _titles(client, query) == expected


def test_filters_are_kept_in_the_form_and_the_links(client, agenda_events, make_event):
    for n in range(25):
        make_event(title=f"Webinar extra {n}", type="webinar", start=datetime(2031, 5, 1, 8))
    text = client.get("/agenda?type=webinar&q=webinar").text
    assert '<option value="webinar" selected>' in text
    assert 'name="q" value="webinar"' in text
    assert 'href="/agenda?type=webinar&amp;q=webinar&amp;page=2"' in text, "pagination keeps the filters"


@pytest.mark.parametrize("query, field", [("type=fiesta", "type"), ("from=mañana", "from"),
                                          ("state=XX", "state"), ("organization=NADA", "organization")])
def test_a_bad_filter_answers_400_with_the_message_next_to_it(client, query, field):
    response = client.get("/agenda?" + query)
    assert response.status_code == 400
    assert f'id="f-{field}-error"' in response.text


@pytest.mark.parametrize("path", ["/agenda", "/agenda/pasados", "/mis-eventos", "/asistencia"])
@pytest.mark.parametrize("page", ["²", "³", "٣", "9" * 5000])
def test_a_page_number_that_is_not_ascii_digits_answers_400_not_500(client, login_as, path, page):
    """str.isdigit() takes "²", which int() refuses, and "٣", which int() would read as 3."""
    login_as("organizer", "IACIP")
    response = client.get(f"{path}?page={page}")
    assert response.status_code == 400, path
    assert "El número de página no es válido." in response.text


def test_the_month_calendar_and_archive_take_the_same_filters(client, agenda_events, make_event):
    make_event(title="Panel pasado", type="panel", start=datetime(2020, 9, 15, 10))
    make_event(title="Webinar pasado", type="webinar", start=datetime(2020, 9, 16, 10))
    month = client.get("/agenda/mes/2031/3?type=panel").text
    assert "Panel de justicia abierta" in month and "Webinar de datos abiertos" not in month
    assert 'href="/agenda/mes/2031/4?type=panel"' in month, "month navigation keeps the filters"
    archive = client.get("/agenda/pasados?type=panel").text
    assert "Panel pasado" in archive and "Webinar pasado" not in archive
