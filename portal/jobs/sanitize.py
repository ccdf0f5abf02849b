"""Turning an employer's job description (HTML or plain text) into a safe HTML fragment."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = frozenset({"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "h3", "h4", "a"})
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})

_LOOKS_LIKE_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_BLOCK_TAG = re.compile(r"<\s*/?\s*(p|br|li|ul|ol|h3|h4)\b[^>]*>", re.IGNORECASE)


def sanitize_description(html_or_text: str) -> str:
    """Safe HTML for a job description: basic formatting tags only, links to http, https or mailto only.

    Plain text (no tags) becomes paragraphs split on blank lines, with single line breaks kept as <br>.
    """
    text = html_or_text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    if not _LOOKS_LIKE_HTML.search(text):
        text = _paragraphs_from_text(text)
    return nh3.clean(
        text,
        tags=set(ALLOWED_TAGS),
        attributes={"a": {"href"}},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        attribute_filter=_keep_absolute_links,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def description_text(html_fragment: str) -> str:
    """The readable text of a sanitised description, for checks such as 'is it empty?' and for search indexing."""
    spaced = _BLOCK_TAG.sub(r" \g<0>", html_fragment)  # so "<li>a</li><li>b</li>" reads "a b", not "ab"
    cleaned = nh3.clean(spaced, tags=set())
    return " ".join(html.unescape(cleaned).split())


def _paragraphs_from_text(text: str) -> str:
    paragraphs = [block.strip() for block in _BLANK_LINES.split(text) if block.strip()]
    return "".join(f"<p>{html.escape(block, quote=False).replace(chr(10), '<br>')}</p>" for block in paragraphs)


def _keep_absolute_links(tag: str, attribute: str, value: str) -> str | None:
    # nh3's url_schemes lets relative URLs through; a job description has no page of its own to be relative to.
    if tag == "a" and attribute == "href":
        scheme = urlsplit(value.strip()).scheme.lower()
        return value if scheme in ALLOWED_URL_SCHEMES else None
    return value
