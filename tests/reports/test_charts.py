"""Server-rendered SVG charts: well-formed, labelled, scaled to the data, escaped."""
import xml.etree.ElementTree as ET

from agenda.reports.charts import MEXICO_TILES, SCALE, bar_chart, bucket, split_bar, tile_map

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))


def test_bar_chart_scales_bars_to_the_largest_value_and_escapes_labels():
    svg = parse(bar_chart([("Panel <b>", 2), ("Webinar", 1)], "Eventos por tipo"))
    assert svg.get("role") == "img" and svg.get("aria-label") == "Eventos por tipo"
    widths = [float(rect.get("width")) for rect in svg.iter(f"{SVG}rect")]
    assert widths[0] == 2 * widths[1]
    assert [t.text for t in svg.iter(f"{SVG}title")] == ["Panel <b>: 2", "Webinar: 1"]


def test_split_bar_shows_shares():
    svg = parse(split_bar([("Mujer", 74), ("Hombre", 110)], "Género"))
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "40%" in texts and "60%" in texts


def test_tile_map_has_every_state_once_coloured_by_value():
    assert len(MEXICO_TILES) == 32 and len(set(MEXICO_TILES.values())) == 32
    svg = parse(tile_map({"GUA": 300, "ZAC": 70}, {"GUA": "Guanajuato", "ZAC": "Zacatecas"}, "Mapa"))
    tiles = {g.find(f"{SVG}title").text: g.find(f"{SVG}rect").get("fill") for g in svg.iter(f"{SVG}g")}
    assert len(tiles) == 32
    assert tiles["Guanajuato: 300"] == SCALE[4]
    assert tiles["Zacatecas: 70"] == SCALE[1]
    assert tiles["CHP: 0"] == SCALE[0]


def test_buckets_split_by_quarters():
    assert [bucket(v, 100) for v in (0, 1, 25, 26, 50, 51, 75, 76, 100)] == [0, 1, 1, 2, 2, 3, 3, 4, 4]
