"""Charts drawn on the server as SVG: they print, work offline and need no JavaScript.

Every chart is a picture of a table the page also shows (the table is what screen readers use), so each
SVG carries role="img" and a short aria-label, plus a <title> per bar or tile for pointer users.
"""
import math

from markupsafe import Markup, escape

PALETTE = ("#6e1e3c", "#2f6f8f", "#b5651d", "#4d7c3a", "#6b5b95", "#8a6d1f", "#2e4a62", "#a23b72")
# Light to dark, for the state map; the text on the last two is white (contrast >= 4.5:1).
SCALE = ("#f1ece4", "#dcc6cf", "#b98a9c", "#8f4b66", "#5c1a33")

# Tile positions (column, row) of the 32 states: a rough map of Mexico, north-west to south-east.
MEXICO_TILES = {
    "BCN": (0, 0), "SON": (1, 0), "CHH": (2, 0), "COA": (3, 0), "NLE": (4, 0), "TAM": (5, 0),
    "BCS": (0, 1), "SIN": (1, 1), "DUR": (2, 1), "ZAC": (3, 1), "SLP": (4, 1), "VER": (5, 1),
    "NAY": (1, 2), "AGU": (2, 2), "GUA": (3, 2), "QUE": (4, 2), "HID": (5, 2), "PUE": (6, 2), "YUC": (8, 2),
    "JAL": (1, 3), "MIC": (2, 3), "MEX": (3, 3), "CMX": (4, 3), "TLA": (5, 3), "TAB": (6, 3), "CAM": (7, 3),
    "ROO": (8, 3),
    "COL": (1, 4), "GRO": (3, 4), "MOR": (4, 4), "OAX": (5, 4), "CHP": (6, 4),
}


def _number(value: float) -> str:
    """12345 -> "12,345" (the report's own style)."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def bar_chart(items: list[tuple[str, float]], label: str, width: int = 560, bar_height: int = 22,
              label_width: int = 190, color: str | None = None) -> Markup:
    """Horizontal bars, one per (label, value), largest scale = largest value."""
    if not items:
        return Markup("")
    gap = 8
    height = len(items) * (bar_height + gap) + gap
    largest = max(value for _, value in items) or 1
    room = width - label_width - 70
    parts = [(f'<svg class="chart chart-bars" viewBox="0 0 {width} {height}" width="100%" '
              f'role="img" aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">')]
    for index, (name, value) in enumerate(items):
        y = gap + index * (bar_height + gap)
        length = max(room * value / largest, 1 if value else 0)
        fill = color or PALETTE[index % len(PALETTE)]
        text_y = y + bar_height / 2 + 5
        short = name if len(name) <= 28 else name[:27] + "…"
        parts.append(
            f'<g><title>{escape(name)}: {_number(value)}</title>'
            f'<text x="{label_width - 8}" y="{text_y}" text-anchor="end" class="chart-label">{escape(short)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" rx="3" fill="{fill}"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{text_y}" class="chart-value">{_number(value)}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))


def split_bar(items: list[tuple[str, float]], label: str, width: int = 560, height: int = 34) -> Markup:
    """One bar split in shares (e.g. women / men), each share labelled with its percentage."""
    total = sum(value for _, value in items)
    if not total:
        return Markup("")
    parts = [(f'<svg class="chart chart-split" viewBox="0 0 {width} {height + 26}" width="100%" role="img" '
              f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">')]
    x = 0.0
    for index, (name, value) in enumerate(items):
        share = value / total
        w = width * share
        fill = PALETTE[index % len(PALETTE)]
        parts.append(f'<g><title>{escape(name)}: {_number(value)} ({share:.0%})</title>'
                     f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" fill="{fill}"/>')
        if w > 60:
            parts.append(f'<text x="{x + 6:.1f}" y="{height / 2 + 5}" class="chart-on-dark">{share:.0%}</text>')
        parts.append("</g>")
        x += w
    x = 0.0
    for index, (name, value) in enumerate(items):
        fill = PALETTE[index % len(PALETTE)]
        parts.append(f'<rect x="{x:.1f}" y="{height + 10}" width="12" height="12" fill="{fill}"/>'
                     f'<text x="{x + 16:.1f}" y="{height + 21}" class="chart-label">{escape(name)}</text>')
        x += 16 + 8 * len(name) + 24
    parts.append("</svg>")
    return Markup("".join(parts))


def bucket(value: float, largest: float) -> int:
    """Which of the SCALE colours a value gets (0 for nothing, 1-4 by quarter of the largest)."""
    if not value or not largest:
        return 0
    return min(4, 1 + int(4 * value / largest - 1e-9)) if value < largest else 4


def tile_map(values: dict[str, float], names: dict[str, str], label: str, tile: int = 58) -> Markup:
    """Mexico's 32 states as equal squares placed roughly where they are; colour = value."""
    largest = max(values.values(), default=0)
    columns = 1 + max(c for c, _ in MEXICO_TILES.values())
    rows = 1 + max(r for _, r in MEXICO_TILES.values())
    gap = 4
    width, height = columns * (tile + gap), rows * (tile + gap) + 40
    parts = [(f'<svg class="chart chart-map" viewBox="0 0 {width} {height}" width="100%" role="img" '
              f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">')]
    for code, (column, row) in MEXICO_TILES.items():
        value = values.get(code, 0)
        level = bucket(value, largest)
        x, y = column * (tile + gap), row * (tile + gap)
        text_class = "chart-on-dark" if level >= 3 else "chart-label"
        parts.append(
            f'<g><title>{escape(names.get(code, code))}: {_number(value)}</title>'
            f'<rect x="{x}" y="{y}" width="{tile}" height="{tile}" rx="4" fill="{SCALE[level]}" '
            f'stroke="#8d8d8d" stroke-width="0.5"/>'
            f'<text x="{x + tile / 2}" y="{y + tile / 2 - 3}" text-anchor="middle" class="{text_class} '
            f'chart-code">{code}</text>'
            f'<text x="{x + tile / 2}" y="{y + tile / 2 + 14}" text-anchor="middle" class="{text_class}">'
            f'{_number(value)}</text></g>')
    legend_y = rows * (tile + gap) + 10
    steps = [("0", 0)] + [(f"≤ {_number(math.ceil(largest * q / 4))}", q) for q in (1, 2, 3, 4)] if largest else []
    for index, (text, level) in enumerate(steps):
        x = index * 100
        parts.append(f'<rect x="{x}" y="{legend_y}" width="16" height="16" fill="{SCALE[level]}" '
                     f'stroke="#8d8d8d" stroke-width="0.5"/><text x="{x + 22}" y="{legend_y + 13}" '
                     f'class="chart-label">{escape(text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
