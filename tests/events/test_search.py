"""Full-text search: what people type (no accents, plurals, prefixes) finds events, ranked, on both databases."""
import pytest
from sqlalchemy import select

from agenda.events.models import Event, EventSession, Person
from agenda.events.queries import list_events, parse_filters


def found(session, q, user=None, **extra):
    events, total = list_events(session, parse_filters({"q": q, **extra}), user)
    assert total == len(events)
    return [e.id for e in events]


def edit(session, event_id, **values):
    event = session.get(Event, event_id)
    for name, value in values.items():
        setattr(event, name, value)
    session.commit()
    return event


@pytest.fixture
def capacitacion(session, make_event):
    return make_event(title="Capacitación en protección de datos personales")


@pytest.mark.parametrize("q", ["capacitación", "capacitacion", "CAPACITACIÓN", "Capacitaciones",
                               "capacitar", "capacita", "protección datos", "proteccion DATOS personal",
                               "datos capacitaciones"])
def test_accents_case_plurals_verbs_and_prefix_are_ignored(session, make_event, capacitacion, q):
    make_event(title="Sesión ordinaria del Consejo")
    assert found(session, q) == [capacitacion]


def test_every_word_must_match(session, make_event, capacitacion):
    assert found(session, "capacitación archivos") == []
    assert found(session, "capacitación datos") == [capacitacion]


def test_people_bodies_sessions_themes_and_places_are_searched(session, make_event):
    event_id = make_event(title="Foro regional", organization="IACIP", co_organizers=["INAI"], sessions=2,
                          themes=["Datos Abiertos"], modality="presencial")
    event = edit(session, event_id, venue_city="León", venue_address="Poliforum León")
    event.sessions[1].title = "Mesa sobre archivos municipales"
    event.people.append(Person(name="María Fernández Ibáñez", role="ponente", affiliation="Universidad de Guanajuato",
                               position=0))
    session.commit()
    make_event(title="Otro foro", organization="ITEI")
    for q in ("fernandez", "maria ibanez", "universidad guanajuato", "archivo municipal", "iacip", "inai",
              "Instituto Nacional de Transparencia", "datos abiertos", "leon", "poliforum"):
        assert found(session, q) == [event_id], q


def test_a_title_edit_is_found_by_its_new_word_at_once(session, make_event, capacitacion):
    edit(session, capacitacion, title="Conversatorio sobre gobierno abierto")
    assert found(session, "conversatorios") == [capacitacion]
    assert found(session, "capacitación") == []


def test_jornada_nacional_ranks_first_and_sort_date_keeps_the_date_order(session, make_event):
    from datetime import datetime

    others = []
    for day in range(1, 6):
        others.append(make_event(title=f"Taller de Transparencia Proactiva {day}", start=datetime(2031, 3, day, 10)))
        edit(session, others[-1], description="Rumbo a la Jornada Nacional de Transparencia Proactiva.")
    jornada = make_event(title="Jornada Nacional de Transparencia Proactiva", start=datetime(2031, 3, 20, 10))
    ids = found(session, "jornada nacional transparencia proactiva")
    assert ids[0] == jornada and set(ids) == {jornada, *others}
    assert found(session, "jornada nacional transparencia proactiva", sort="date") == [*others, jornada]


def test_bad_sort_is_a_clear_400(session):
    from agenda.domain import DomainError

    with pytest.raises(DomainError) as caught:
        parse_filters({"q": "datos", "sort": "popularidad"})
    assert (caught.value.status, caught.value.field) == (400, "sort")


def test_members_only_and_drafts_are_never_found_by_who_may_not_see_them(session, make_event, user):
    public = make_event(title="Archivo público")
    members = make_event(title="Archivo solo integrantes", visibility="members")
    make_event(title="Archivo borrador", status="draft")
    assert found(session, "archivo") == [public]
    assert set(found(session, "archivo", user("commissioner", "INAI"))) == {public, members}


def test_deleting_a_session_or_event_forgets_its_words(session, make_event):
    event_id = make_event(title="Foro", sessions=2)
    event = session.get(Event, event_id)
    event.sessions[1].title = "Mesa de ciberseguridad"
    session.commit()
    assert found(session, "ciberseguridad") == [event_id]
    session.delete(session.scalar(select(EventSession).where(EventSession.title == "Mesa de ciberseguridad")))
    session.commit()
    assert found(session, "ciberseguridad") == []
    session.delete(session.get(Event, event_id))
    session.commit()
    assert found(session, "foro") == []


def test_search_syntax_in_the_query_is_just_text(session, make_event, capacitacion):
    for q in ('"capacitación', "capacitación & | ! :*", "datos)(", "NEAR(datos", "datos OR", "'"):
        list_events(session, parse_filters({"q": q}), None)


def test_api_orders_by_relevance_by_default_and_by_date_on_request(client, session, make_event):
    from datetime import datetime

    other = make_event(title="Taller", start=datetime(2031, 3, 1, 10))
    make_event(title="Conferencia", start=datetime(2031, 3, 2, 10))
    jornada = make_event(title="Jornada de datos abiertos", start=datetime(2031, 3, 9, 10))
    edit(session, other, description="Preparación de la jornada de datos abiertos.")
    relevance = client.get("/api/v1/events?q=jornada+datos").get_json()
    by_date = client.get("/api/v1/events?q=jornada+datos&sort=date").get_json()
    assert [e["id"] for e in relevance["items"]] == [jornada, other]
    assert [e["id"] for e in by_date["items"]] == [other, jornada]
    bad = client.get("/api/v1/events?q=datos&sort=popular")
    assert bad.status_code == 400 and bad.get_json()["field"] == "sort" and "relevance" in bad.get_json()["message"]


def test_highlights_mark_matched_words_and_escape_markup(client, session, make_event):
    make_event(title="<script>alert(1)</script> Capacitación & transparencia")
    page = client.get("/agenda?q=capacitacion").get_data(as_text=True)
    assert "<mark>Capacitación</mark> &amp; transparencia" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    from agenda.events.search import highlight

    assert str(highlight("Capacitaciones <b>de</b> datos", "capacitar dat")) == (
        "<mark>Capacitaciones</mark> &lt;b&gt;de&lt;/b&gt; <mark>datos</mark>")


def test_agenda_page_lists_by_relevance_with_q_and_by_date_with_sort_date(client, session, make_event):
    from datetime import datetime

    early = make_event(title="Taller", start=datetime(2031, 3, 1, 10))
    edit(session, early, description="Camino a la jornada nacional.")
    jornada = make_event(title="Jornada Nacional", start=datetime(2031, 3, 9, 10))
    ranked = client.get("/agenda?q=jornada+nacional").get_data(as_text=True)
    by_date = client.get("/agenda?q=jornada+nacional&sort=date").get_data(as_text=True)
    assert ranked.index(f"/eventos/{jornada}-") < ranked.index(f"/eventos/{early}-")
    assert by_date.index(f"/eventos/{early}-") < by_date.index(f"/eventos/{jornada}-")
    assert client.get("/agenda?q=x&sort=nada").status_code == 400


def test_did_you_mean_on_postgresql(client, session, make_event):
    make_event(title="Jornada de Transparencia Proactiva")
    make_event(title="Transparencia secreta", visibility="members")
    page = client.get("/agenda?q=transparensia+proactiva").get_data(as_text=True)
    if session.get_bind().dialect.name == "postgresql":
        assert "¿Quiso decir" in page and ">transparencia proactiva</a>" in page
        assert "secreta" not in client.get("/agenda?q=secretta").get_data(as_text=True)
    else:  # SQLite has no trigram similarity: no suggestion, and no error
        assert "¿Quiso decir" not in page and "No hay eventos próximos" in page


def test_renaming_an_organization_refreshes_the_search_rows_of_its_events(session, make_event):
    from agenda.catalog.services import organization_by_acronym, save_organization

    organized = make_event(title="Foro regional", organization="IACIP")
    co_organized = make_event(title="Taller nacional", organization="INAI", co_organizers=["IACIP"])
    other = make_event(title="Panel estatal", organization="ITEI")
    body = organization_by_acronym(session, "IACIP")
    save_organization(session, {"acronym": "GTOAIP", "name": "Instituto Guanajuatense de Acceso a la Información",
                                "kind": body.kind, "state_code": "GUA"}, body)
    session.commit()
    assert set(found(session, "gtoaip")) == {organized, co_organized}
    assert set(found(session, "guanajuatense")) == {organized, co_organized}
    assert found(session, "iacip") == [] and found(session, "itei") == [other]
    assert not {organized, co_organized} & set(found(session, "publica estado"))


def test_renaming_a_theme_refreshes_the_search_rows_of_its_events(session, make_event):
    from agenda.events.models import Theme
    from agenda.events.themes import save_theme

    tagged = make_event(title="Foro regional", themes=["Datos Abiertos"])
    make_event(title="Panel estatal", themes=["Gobierno Abierto"])
    theme = session.scalar(select(Theme).where(Theme.slug == "datos-abiertos"))
    save_theme(session, "Ciberseguridad y datos", True, theme)
    session.commit()
    assert found(session, "ciberseguridad") == [tagged]
    assert found(session, "abiertos datos") == []


def test_renames_on_the_admin_pages_are_found_at_once(client, session, make_event, login_as):
    from agenda.catalog.services import organization_by_acronym
    from agenda.events.models import Theme

    event_id = make_event(title="Foro regional", organization="ITEI", themes=["Datos Abiertos"])
    login_as("admin")
    theme = session.scalar(select(Theme).where(Theme.slug == "datos-abiertos"))
    assert client.post(f"/admin/temas/{theme.id}", data={"name": "Archivos Históricos", "is_active": "y"}
                       ).status_code == 302
    itei = organization_by_acronym(session, "ITEI")
    assert client.post(f"/admin/organismos/{itei.id}", data={
        "acronym": "ITEI", "name": "Instituto Jalisciense de Transparencia", "kind": itei.kind, "state_code": "JAL",
        "is_active": "y"}).status_code == 302
    for q in ("archivos historicos", "jalisciense"):
        assert f"/eventos/{event_id}-" in client.get(f"/agenda?q={q}").text, q
