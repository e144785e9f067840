"""The events blueprint and the helpers its templates use (labels, Markdown)."""
from flask import Blueprint

from . import display

bp = Blueprint("events", __name__)


@bp.app_template_filter("markdown")
def markdown_filter(text: str | None):
    return display.render_markdown(text)


@bp.app_context_processor
def event_helpers():
    return {"event_label": display.label, "zone_label": display.zone_label}
