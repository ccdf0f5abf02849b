"""Small charts drawn as inline SVG by the server: no script, no external service, no style attributes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

LABEL_WIDTH = 140
BAR_AREA = 300
VALUE_WIDTH = 60
ROW_HEIGHT = 26
BAR_HEIGHT = 18
PALETTE = ("#1f6feb", "#2da44e", "#bf8700", "#8250df", "#cf222e", "#57606a", "#0a7d8c")


@dataclass(frozen=True)
class Bar:
    """One bar: its label and value (None draws no bar and says so)."""

    label: str
    value: float | None


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def bar_chart(title: str, bars: Sequence[Bar], *, unit: str = "", css_class: str = "chart") -> Markup:
    """A horizontal bar chart as an <svg> element with a title and text for screen readers; values scale to the max."""
    height = max(1, len(bars)) * ROW_HEIGHT + 8
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    top = max((b.value for b in bars if b.value is not None), default=0) or 1
    described = "; ".join(
        f"{b.label}: {_number(b.value) + (' ' + unit if unit else '') if b.value is not None else 'no data'}"
        for b in bars
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{escape(css_class)}" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}: {escape(described)}" '
        'preserveAspectRatio="xMinYMin meet">',
        f"<title>{escape(title)}</title>",
    ]
    if not bars:
        parts.append('<text x="0" y="18" class="chart-empty" fill="#57606a" font-size="13">No data yet</text>')
    for index, bar in enumerate(bars):
        y = 4 + index * ROW_HEIGHT
        text_y = y + BAR_HEIGHT - 5
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{text_y}" text-anchor="end" class="chart-label" fill="#24292f" '
            f'font-size="12">{escape(_shorten(bar.label))}</text>'
        )
        if bar.value is None:
            parts.append(
                f'<text x="{LABEL_WIDTH}" y="{text_y}" class="chart-value" fill="#57606a" font-size="12">no data</text>'
            )
            continue
        length = 0 if bar.value <= 0 else max(1.0, round(BAR_AREA * bar.value / top, 1))
        colour = PALETTE[index % len(PALETTE)]
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" rx="2" class="chart-bar" '
            f'fill="{colour}"/>'
        )
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 4}" y="{text_y}" class="chart-value" fill="#24292f" font-size="12">'
            f"{escape(_number(bar.value))}{escape(' ' + unit) if unit else ''}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _shorten(label: str, limit: int = 22) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
