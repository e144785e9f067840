import pytest
from sqlalchemy import func, select

from agenda.catalog import data
from agenda.catalog.models import Organization, Region, State
from agenda.catalog.services import load_catalog, save_organization, state_by_code
from agenda.domain import DomainError


def test_catalog_has_32_states_in_4_regions(session):
    assert session.scalar(select(func.count(State.id))) == 32
    regions = session.scalars(select(Region)).all()
    assert sorted(r.name for r in regions) == ["Centro", "Centro-Occidente", "Norte", "Sureste"]
    assert sum(len(r.states) for r in regions) == 32


def test_every_state_has_exactly_one_guarantor_body_plus_inai(session):
    ogls = session.scalars(select(Organization).where(Organization.kind == "ogl")).all()
    assert sorted(o.state.code for o in ogls) == sorted(code for code, *_ in data.STATES)
    acronyms = {o.acronym for o in session.scalars(select(Organization))}
    assert {"INAI", "SNT", "IACIP", "ITEI", "INFO CDMX", "IZAI", "CEGAIP", "COTAI"} <= acronyms
    assert session.scalar(select(Organization).where(Organization.acronym == "IACIP")).state.code == "GUA"


def test_loading_twice_adds_nothing_and_keeps_admin_edits(session):
    iacip = session.scalar(select(Organization).where(Organization.acronym == "IACIP"))
    iacip.name = "Nombre editado por un admin"
    session.commit()
    assert load_catalog(session) == {"regions": 0, "states": 0, "organizations": 0}
    session.commit()
    assert session.scalar(select(func.count(Organization.id))) == len(data.ORGANIZATIONS)
    assert session.get(Organization, iacip.id).name == "Nombre editado por un admin"


def test_state_codes_accept_iso_prefix(session):
    assert state_by_code(session, "MX-GUA").name == "Guanajuato"
    assert state_by_code(session, "jal").name == "Jalisco"
    assert state_by_code(session, "XXX") is None


def test_catalog_load_command(runner):
    result = runner.invoke(args=["catalog", "load"])
    assert result.exit_code == 0
    assert "0 organismos nuevos" in result.output


def test_admin_adds_and_edits_an_organization(client, login_as, session):
    login_as("admin")
    response = client.post("/admin/organismos/nuevo", data={
        "acronym": "ciesas", "name": "Centro de Investigaciones", "kind": "other", "state_code": "CMX",
        "website": "https://ciesas.edu.mx", "is_active": "y"})
    assert response.status_code == 302
    created = session.scalar(select(Organization).where(Organization.acronym == "CIESAS"))
    assert created.state.code == "CMX"
    response = client.post(f"/admin/organismos/{created.id}", data={
        "acronym": "CIESAS", "name": "CIESAS", "kind": "other", "state_code": "", "is_active": "y"})
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Organization, created.id).state is None


def test_duplicate_acronym_is_refused_next_to_the_field(client, login_as):
    login_as("admin")
    response = client.post("/admin/organismos/nuevo", data={"acronym": "iacip", "name": "Otro", "kind": "ogl"})
    assert response.status_code == 422
    assert "Ya existe un organismo con esas siglas" in response.text


ACRONYM_RULE = ("Use solo letras y números en las siglas, con guiones o un espacio entre palabras: forman la "
                "dirección del calendario del organismo.")


def test_acronyms_are_what_a_calendar_address_can_carry(client, login_as, session):
    login_as("admin")
    for acronym in ("QA/X", "QA.X", "QA_X", "-QA", "QA?X"):
        response = client.post("/admin/organismos/nuevo", data={"acronym": acronym, "name": "Pruebas",
                                                                "kind": "other"})
        assert response.status_code == 422, acronym
        assert f'id="acronym-error">{ACRONYM_RULE}</p>' in response.text, acronym
    assert session.scalar(select(Organization).where(Organization.name == "Pruebas")) is None

    response = client.post("/admin/organismos/nuevo", data={"acronym": " itai  qa-2 ", "name": "Pruebas",
                                                            "kind": "other"})
    assert response.status_code == 302
    assert session.scalar(select(Organization.acronym).where(Organization.name == "Pruebas")) == "ITAI QA-2"
    assert client.get("/organismos/ITAI%20QA-2/calendario.ics").status_code == 200


def test_every_shipped_acronym_keeps_passing_the_rule(client, login_as, session):
    login_as("admin")
    for organization in session.scalars(select(Organization)).all():
        response = client.post(f"/admin/organismos/{organization.id}", data={
            "acronym": organization.acronym, "name": organization.name, "kind": organization.kind,
            "state_code": organization.state.code if organization.state else "", "is_active": "y"})
        assert response.status_code == 302, organization.acronym
    assert len(data.ORGANIZATIONS) == 34  # 32 OGL, INAI and SNT


def test_an_unknown_state_is_a_form_error_not_dropped(client, login_as, session):
    login_as("admin")
    iacip = session.scalar(select(Organization).where(Organization.acronym == "IACIP"))
    response = client.post(f"/admin/organismos/{iacip.id}", data={
        "acronym": "IACIP", "name": iacip.name, "kind": "ogl", "state_code": "ZZ", "is_active": "y"})
    assert response.status_code == 422
    assert 'id="state_code-error">Estado desconocido.</p>' in response.text
    session.expire_all()
    assert session.get(Organization, iacip.id).state.code == "GUA"


def test_a_website_longer_than_its_column_is_a_form_error_not_a_500(client, login_as, session):
    login_as("admin")
    iacip = session.scalar(select(Organization).where(Organization.acronym == "IACIP"))
    response = client.post(f"/admin/organismos/{iacip.id}", data={
        "acronym": "IACIP", "name": iacip.name, "kind": "ogl", "state_code": "GUA", "is_active": "y",
        "website": "https://iacip-gto.org.mx/" + "a" * 300})
    assert response.status_code == 422
    assert 'id="website-error">El campo no puede tener más de 255 caracteres.</p>' in response.text
    session.expire_all()
    assert session.get(Organization, iacip.id).website is None


@pytest.mark.parametrize("field, limit", [("acronym", 32), ("name", 255), ("website", 255)])
def test_the_catalog_rules_bound_each_text_to_its_column(session, field, limit):
    values = {"acronym": "QA", "name": "Pruebas", "kind": "other", field: "https://e.org/" + "a" * limit}
    with pytest.raises(DomainError) as refused:
        save_organization(session, values)
    assert (refused.value.field, refused.value.status) == (field, 422)
    assert refused.value.message == f"Máximo {limit} caracteres."
