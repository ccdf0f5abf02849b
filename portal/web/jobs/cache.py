"""Whole rendered board and job pages for anonymous visitors, reused until any job or the board index changes.

A page is stored under (change stamp, today's date, path, full query string). The stamp is a token that
``portal.services.job_search`` renews on disk after every write to the board index and after every database commit
that touched a job or an organisation, so every server process sees a change on its next request: a closed job is
never served from here. Only requests that nothing can personalise take part (no log-in, no remember cookie, no
flashed message), and only the body is kept: headers and cookies are made fresh for every response.

Signed-in visitors get the page made for them, but the board's results (its ``content`` block, which shows nothing
about the visitor) come from the same cache: only the navigation around them is rendered again.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, current_app, request, session
from jinja2.runtime import Context

from ... import clock
from ...services import job_search

EXTENSION_KEY = "board_page_cache"
MAX_ENTRIES = 512
MAX_BYTES = 16 * 1024 * 1024
# A backstop only: every known change renews the stamp at once.
TTL_SECONDS = 300.0


@dataclass(frozen=True)
class CachedPage:
    """One rendered page: its HTML, status and when it was made (monotonic seconds)."""

    body: bytes
    status: int
    made_at: float


class PageCache:
    """A bounded least-recently-used map of rendered pages, safe to share between a worker's threads."""

    def __init__(
        self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES, ttl_seconds: float = TTL_SECONDS
    ) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.ttl_seconds = ttl_seconds
        self._pages: OrderedDict[tuple[object, ...], CachedPage] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> CachedPage | None:
        """The page stored under ``key`` if it is still fresh."""
        with self._lock:
            page = self._pages.get(key)
            if page is None:
                return None
            if time.monotonic() - page.made_at > self.ttl_seconds:
                self._drop(key)
                return None
            self._pages.move_to_end(key)
            return page

    def put(self, key: tuple[object, ...], body: bytes, status: int) -> None:
        """Store a page, evicting the least recently used ones to stay within the bounds."""
        if self.max_entries <= 0 or len(body) > self.max_bytes:
            return
        with self._lock:
            if key in self._pages:
                self._drop(key)
            self._pages[key] = CachedPage(body, status, time.monotonic())
            self._bytes += len(body)
            while len(self._pages) > self.max_entries or self._bytes > self.max_bytes:
                self._drop(next(iter(self._pages)))

    def clear(self) -> None:
        """Forget every page."""
        with self._lock:
            self._pages.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._pages)

    def _drop(self, key: tuple[object, ...]) -> None:
        self._bytes -= len(self._pages.pop(key).body)


def page_cache(app: Flask | None = None) -> PageCache:
    """The application's page cache (one per app and process)."""
    app = app or current_app
    cache = app.extensions.get(EXTENSION_KEY)
    if cache is None:
        cache = app.extensions[EXTENSION_KEY] = PageCache(int(app.config.get("BOARD_PAGE_CACHE_ENTRIES", MAX_ENTRIES)))
    return cache


def _personal_request() -> bool:
    """True when the page may differ for this visitor: logged in, remembered, or with a message waiting."""
    remember_cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    if remember_cookie in request.cookies:
        return True
    # Any key but the CSRF token (which the board and job pages never print for anonymous visitors) may personalise.
    return any(key != "csrf_token" for key in session)


def cached_page(render: Callable[[], tuple[str, int]]) -> Response | tuple[str, int]:
    """Serve this GET from the cache when nothing personalises it, else render it (and keep a 200 for next time)."""
    if request.method != "GET" or _personal_request():
        return render()
    cache = page_cache()
    # The host is part of the key: a page rendered for a forged Host header (its links name that host when
    # PORTAL_PUBLIC_URL is unset) is only ever served to requests for that same host.
    key = (job_search.board_stamp(), clock.today().toordinal(), request.host, request.path, request.query_string)
    page = cache.get(key)
    if page is None:
        html, status = render()
        if status != 200:
            return html, status
        page = CachedPage(html.encode(), status, 0.0)
        cache.put(key, page.body, status)
    return Response(page.body, status=page.status, mimetype="text/html")


def block_key(block: str) -> tuple[object, ...]:
    """The cache key of one template block of this request's page (valid for every visitor)."""
    return (
        job_search.board_stamp(),
        clock.today().toordinal(),
        f"block:{block}",
        request.host,
        request.path,
        request.query_string,
    )


def render_with_block(template_name: str, block: str, block_html: str | None, **context: Any) -> tuple[str, str]:
    """Render a template as ``render_template`` does, with one block's HTML given (when not None) instead of rendered.

    Returns the page and that block's HTML, to keep for the next request.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    template = app.jinja_env.get_or_select_template(template_name)
    app.update_template_context(context)
    ctx = template.new_context(context)
    stack = ctx.blocks[block]  # a list made for this context: changing it affects this rendering only
    original = stack[0]
    made: list[str] = []

    def given_or_rendered(block_context: Context) -> Iterator[str]:
        html = block_html if block_html is not None else "".join(original(block_context))
        made.append(html)
        yield html

    stack[0] = given_or_rendered
    try:
        page = "".join(template.root_render_func(ctx))
    except Exception:
        app.jinja_env.handle_exception()
    return page, made[0] if made else ""
