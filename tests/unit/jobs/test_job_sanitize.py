"""The description sanitiser keeps basic formatting and removes anything that could run code."""

from __future__ import annotations

import pytest

from portal.jobs import description_text, sanitize_description


def test_script_and_its_content_are_removed() -> None:
    assert sanitize_description("<p>Hello</p><script>alert('x')</script>") == "<p>Hello</p>"


def test_event_handler_attributes_are_removed() -> None:
    cleaned = sanitize_description('<p onclick="steal()" onmouseover="x()">Click</p>')
    assert cleaned == "<p>Click</p>"


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java&#x09;script:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "/relative/path",
    ],
)
def test_only_http_https_and_mailto_links_keep_their_href(href: str) -> None:
    cleaned = sanitize_description(f'<p><a href="{href}">apply</a></p>')
    assert "href" not in cleaned
    assert "apply" in cleaned


@pytest.mark.parametrize("href", ["https://example.org/apply", "http://example.org", "mailto:jobs@example.org"])
def test_safe_links_are_kept_with_rel(href: str) -> None:
    cleaned = sanitize_description(f'<a href="{href}">apply</a>')
    assert f'href="{href}"' in cleaned
    assert 'rel="noopener noreferrer nofollow"' in cleaned


def test_basic_formatting_survives() -> None:
    html = (
        "<h3>About</h3><h4>Team</h4><p><strong>Bold</strong> <em>em</em> <b>b</b> <i>i</i><br></p>"
        "<ul><li>one</li></ul><ol><li>two</li></ol>"
    )
    assert sanitize_description(html) == html


@pytest.mark.parametrize(
    "dirty",
    [
        '<img src="x" onerror="alert(1)">',
        '<iframe src="https://evil.example"></iframe>',
        "<style>body{display:none}</style>",
        '<div style="position:fixed">',
        "<form action='https://evil.example'><input name=a></form>",
        "<svg onload=alert(1)>",
    ],
)
def test_other_tags_are_dropped(dirty: str) -> None:
    cleaned = sanitize_description(f"<p>ok</p>{dirty}")
    for word in ("img", "iframe", "style", "div", "form", "input", "svg", "onerror", "onload"):
        assert word not in cleaned


def test_plain_text_becomes_escaped_paragraphs() -> None:
    text = "Salary & benefits <3\nDay shifts\n\nApply by Friday."
    assert sanitize_description(text) == "<p>Salary &amp; benefits &lt;3<br>Day shifts</p><p>Apply by Friday.</p>"


def test_empty_input_gives_empty_output() -> None:
    assert sanitize_description("   \n ") == ""


def test_description_text_reads_like_prose() -> None:
    assert description_text("<p>A &amp; B</p><ul><li>x</li><li>y</li></ul>") == "A & B x y"
