"""Phone first (issue 16): the agenda's filters behind "Filtros", no date range on the month view, English
dates with capital month names, and a first personal calendar address that is not an empty feed."""
import re

from sqlalchemy import select

from agenda.accounts.models import User
from agenda.catalog.models import Organization
from agenda.extensions import db
from agenda.feeds.models import FeedSubscription, FeedToken

SECRET_URL = re.compile(r"/calendario/([A-Za-z0-9_-]{20,})\.ics")


def _details(html: str) -> str:
    return re.search(r'<details class="more-filters"[^>]*>', html).group(0)


def test_filters_fold_behind_a_filtros_button_and_the_search_box_stays_outside(client):
    html = client.get("/agenda").text
    details = html.split('<details class="more-filters"')[1].split("</details>")[0]
    assert "Filtros" in details and 'id="f-type"' in details and 'id="f-from"' in details
    assert 'id="f-q"' in html and 'id="f-q"' not in details  # search is always visible
    assert " open" not in _details(html)  # folded by default (static/js/filters.js opens it on wide screens)
    assert 'src="/static/js/filters.js"' in html


def test_filters_in_use_leave_the_disclosure_open_and_are_counted(client):
    html = client.get("/agenda?type=webinar&modality=virtual").text
    assert " open" in _details(html)
    assert '<span class="filter-count">(2)</span>' in html
    wrong = client.get("/agenda?from=ayer")
    assert wrong.status_code == 400 and " open" in _details(wrong.text)  # the error is not hidden


def test_the_month_view_has_no_date_range_and_ignores_one_in_the_url(client, make_event):
    make_event(title="Webinar de este mes")
    html = client.get("/agenda/mes").text
    assert 'id="f-from"' not in html and 'id="f-to"' not in html and 'id="f-type"' in html
    assert client.get("/agenda/mes?from=nada").status_code == 200  # nothing on the page to show the error


def test_english_dates_write_month_names_with_a_capital(client, make_event):
    make_event(title="Webinar en inglés")
    months = ("January|February|March|April|May|June|July|August|September|October|November|December")
    for path in ("/agenda?lang=en", "/?lang=en"):
        html = client.get(path).text
        assert re.search(rf"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), ({months}) \d", html), path
        assert not re.search(rf"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), ({months.lower()}) ",
                             html), path
    html = client.get("/agenda?lang=es").text
    assert re.search(r">(Lunes|Martes|Miércoles|Jueves|Viernes|Sábado|Domingo) \d+ de [a-z]+ de \d{4}<", html)


def _followed(app, user_id):
    with app.app_context():
        return sorted(db.session.scalars(select(Organization.acronym).join(
            FeedSubscription, FeedSubscription.organization_id == Organization.id)
            .where(FeedSubscription.user_id == user_id)))


def test_a_first_calendar_address_starts_with_the_system_and_the_persons_own_body(client, login_as, app,
                                                                                  make_event):
    make_event(title="Sesión de la Comisión", organization="SNT", visibility="members")
    user_id, _email = login_as("commissioner", organization="INAI")
    created = client.post("/mis-calendarios/direcciones", data={"label": "Teléfono"})
    assert created.status_code == 201
    assert _followed(app, user_id) == ["INAI", "SNT"]
    assert "Su calendario incluye los eventos de: SNT, INAI" in created.text
    (secret,) = set(SECRET_URL.findall(created.text))
    feed = client.get(f"/calendario/{secret}.ics").text
    assert "SUMMARY:Sesión de la Comisión" in feed  # not an empty feed


def test_defaults_never_override_a_choice_or_come_back_after_one(client, login_as, app):
    user_id, _email = login_as("commissioner", organization="INAI")
    assert client.post("/mis-calendarios/seguir", data={"regions": ["norte"]}).status_code == 302
    client.post("/mis-calendarios/direcciones", data={"label": "Teléfono"})
    assert _followed(app, user_id) == []  # she chose a region: nothing added
    client.post("/mis-calendarios/seguir", data={})
    client.post("/mis-calendarios/direcciones", data={"label": "Outlook"})
    assert _followed(app, user_id) == []  # emptied on purpose, and not her first address


def test_an_address_that_follows_nothing_says_so(client, login_as, app):
    login_as("commissioner", organization="INAI")
    with app.app_context():
        db.session.add(FeedToken(user_id=db.session.scalar(select(User.id)), label="Vieja", token_hash="0" * 64,
                                 hint="000000"))
        db.session.commit()
    created = client.post("/mis-calendarios/direcciones", data={"label": "Teléfono"})
    assert "Su calendario aún no sigue nada" in created.text
