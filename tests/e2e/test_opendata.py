"""The open-data pages fit a phone and pass axe; an event page's JSON-LD, as the browser sees it, parses."""
import json

import pytest

from tests.e2e.conftest import serious_violations


@pytest.mark.parametrize("width", (360, 1280))
def test_the_open_data_pages_fit_and_pass_axe(page, axe, make_event, width):
    make_event(title="Webinar de datos abiertos", capacity=10)
    page.set_viewport_size({"width": width, "height": 800})
    problems = []
    for path in ("/datos-abiertos", "/datos-abiertos/agenda-eventos", "/datos-abiertos/agenda-sesiones"):
        assert page.goto(path).status == 200, path
        if page.evaluate("document.documentElement.scrollWidth") > width:
            problems.append(f"{path} @{width}: wider than the screen")
        problems += [f"{path} @{width}: {v}" for v in serious_violations(axe, page)]
    assert problems == []


def test_the_event_page_json_ld_parses_in_the_browser(page, make_event):
    event_id = make_event(title="Foro </script> & más", capacity=10)
    page.goto(f"/eventos/{event_id}")
    text = page.locator("script[type='application/ld+json']").text_content()
    data = json.loads(text)
    assert data["@type"] == "Event" and data["name"] == "Foro </script> & más"
    assert data["offers"]["availability"] == "https://schema.org/InStock"
