"""Open figures: public, no personal data, every cell of 1-4 people shown as "<5" (page, CSV, JSON)."""

import pytest

from agenda.reports.open_data import SUPPRESSED, open_figures, suppress
from tests.reports.test_figures import jornada  # noqa: F401  (fixture)

PERIOD = "from=2020-09-01&to=2020-11-10"


@pytest.mark.parametrize("count, shown", [(0, 0), (1, SUPPRESSED), (4, SUPPRESSED), (5, 5), (410, 410)])
def test_suppress(count, shown):
    assert suppress(count) == shown


def test_open_figures_suppress_small_cells_and_their_derived_figures():
    data = {"period": {"from": "2020-01-01", "to": "2020-12-31"},
            "totals": {"events": 2, "sessions": 3, "registrations": 9, "participants": 7, "public_servants": 3,
                       "bodies": 2, "institutions": 3, "states": 2, "regions": 1, "certificates": 0,
                       "reach": {"views": 10, "people": 4}},
            "by_type": {"webinar": {"events": 1, "sessions": 1, "registrations": 2, "participants": 2,
                                    "public_servants": 2, "certificates": 0}},
            "by_region": {"centro": 6, "norte": 1}, "by_state": {"GUA": {"participants": 3, "public_servants": 3,
                                                                         "events": 1}},
            "by_gender": {"mujer": 5, "hombre": 2}, "by_sector": {"gobierno": 3},
            "events": [{"id": 1, "title": "A", "type": "webinar", "organization": "IACIP", "visibility": "public",
                        "sessions": 1, "registrations": 2, "participants": 2, "public_servants": 2, "completed": 2,
                        "certificates": 0, "bodies": 1, "institutions": 2, "states": 1, "regions": 1},
                       {"id": 2, "title": "Sesión privada", "type": "sesion_ordinaria", "organization": "SNT",
                        "visibility": "members", "sessions": 2, "registrations": 7, "participants": 7,
                        "public_servants": 1, "completed": 7, "certificates": 0, "bodies": 1, "institutions": 1,
                        "states": 1, "regions": 1}]}
    result = open_figures(data)
    assert result["totals"]["participants"] == 7 and result["totals"]["public_servants"] == SUPPRESSED
    assert result["totals"]["reach"] == {"views": 10, "people": 4}  # reach is not people we know
    assert result["by_region"] == {"centro": 6, "norte": SUPPRESSED}
    assert result["by_gender"] == {"mujer": 5, "hombre": SUPPRESSED}
    assert result["by_state"]["GUA"] == {"participants": SUPPRESSED, "public_servants": SUPPRESSED, "events": 1}
    assert result["by_type"]["webinar"]["events"] == 1 and result["by_type"]["webinar"]["participants"] == SUPPRESSED
    assert [e["id"] for e in result["events"]] == [1]  # members-only events are not listed
    event = result["events"][0]
    assert event["participants"] == event["bodies"] == event["institutions"] == event["states"] == SUPPRESSED
    assert event["sessions"] == 1 and event["certificates"] == 0 and "visibility" not in event
    assert data["by_region"]["norte"] == 1  # the input is left alone


def test_public_page_csv_and_json(client, jornada):  # noqa: F811
    jornada_id, webinar_id = jornada
    page = client.get(f"/cifras?{PERIOD}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-open="participants">6<' in html
    assert 'data-state="GUA">&lt;5<' in html and "Diccionario de datos" in html
    assert "@x.mx" not in html and "Fresnillo" not in html  # no e-mails, no institution names
    body = client.get(f"/cifras.json?{PERIOD}").get_json()
    jornada_row = next(e for e in body["events"] if e["id"] == jornada_id)
    webinar_row = next(e for e in body["events"] if e["id"] == webinar_id)
    assert jornada_row["participants"] == 6 and jornada_row["completed"] == SUPPRESSED
    assert webinar_row["participants"] == webinar_row["bodies"] == SUPPRESSED
    assert body["by_gender"] == {"mujer": 6} and body["suppression"] == {"threshold": 5, "marker": "<5"}
    text = client.get(f"/cifras.csv?{PERIOD}").get_data(as_text=True)
    assert "participants,6" in text and f"{webinar_id},Webinar,webinar,IZAI,1,<5,<5" in text
    assert "@x.mx" not in text
    assert client.get("/cifras.xml").status_code == 404
    assert client.get("/cifras?from=ayer").status_code == 400
