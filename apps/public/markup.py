"""The little formatting curators may use in texts for the website: Markdown, then a strict allow-list.

Whatever is typed or pasted, only these tags and http(s)/mailto/tel links reach the page.
"""

import html

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote", "hr"}
ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def render_markup(text: str) -> SafeString:
    rendered = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(rendered, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel="noopener noreferrer")
    return mark_safe(clean)  # noqa: S308 — sanitised by nh3 just above


def plain_text(text: str) -> str:
    """The text without any markup: for the feed and meta descriptions."""
    rendered = markdown.markdown(text or "", output_format="html")
    return html.unescape(" ".join(nh3.clean(rendered, tags=set()).split()))
