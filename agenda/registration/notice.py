"""The privacy notice as safe HTML, for the registration forms (the site's and the embedded one)."""
import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_markdown = MarkdownIt("commonmark", {"html": False})
_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "code"}


def notice_html(text: str) -> Markup:
    """The privacy notice (Markdown written by admins) as safe HTML: text, emphasis, lists and links only."""
    return Markup(nh3.clean(_markdown.render(text or ""), tags=_TAGS, attributes={"a": {"href"}},
                            url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer"))
