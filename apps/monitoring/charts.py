"""Bar charts rendered on the server as inline SVG: no script, no external library.

Every chart carries a <title> and <desc> (read out by screen readers through aria-labelledby),
prints each number next to its bar (colour never carries meaning alone) and marks the numbers
with `data-figure` so tests and scrapers can read them. Colours are from the Okabe–Ito palette,
distinguishable with the common colour-vision deficiencies; text is near-black on white.
"""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator

BLUE = "#0072B2"
GREEN = "#009E73"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
SKY = "#56B4E9"
PURPLE = "#CC79A7"
GREY = "#6C757D"
TEXT = "#212529"
PALETTE = (BLUE, GREEN, ORANGE, VERMILLION, PURPLE, SKY)

WIDTH = 520
BAR_AREA = 380
ROW = 46
BAR_HEIGHT = 18


@dataclass
class Bar:
    key: str  # the data-figure name of the number
    label: str
    value: float | None  # None: nothing to draw (e.g. no answers)
    text: str = ""  # what is printed next to the bar; the value when empty
    colour: str = BLUE


def _number(value) -> str:
    """8.50 → «8,50»: the Russian decimal comma."""
    return str(value).replace(".", ",")


def bar_chart(
    *, chart_id: str, title: str, bars: list[Bar], maximum: float | None = None
) -> SafeString:
    """Horizontal bars, one row per bar: the label above, the bar and its number below."""
    top = maximum if maximum else max((b.value or 0 for b in bars), default=0)
    height = ROW * len(bars) + 8
    rows = []
    for index, bar in enumerate(bars):
        y = index * ROW
        width = round(BAR_AREA * (bar.value or 0) / top) if top else 0
        text = bar.text or _number(bar.value if bar.value is not None else 0)
        rows.append(
            format_html(
                '<g><text x="0" y="{}" font-size="13" fill="{}">{}</text>'
                '<rect x="0" y="{}" width="{}" height="{}" rx="2" fill="{}"></rect>'
                '<text x="{}" y="{}" font-size="14" font-weight="bold" fill="{}" data-figure="{}">{}</text></g>',
                y + 15,
                TEXT,
                Truncator(bar.label).chars(75),
                y + 22,
                width,
                BAR_HEIGHT,
                bar.colour,
                width + 8,
                y + 36,
                TEXT,
                bar.key,
                text,
            )
        )
    desc = "; ".join(
        f"{b.label}: {b.text or _number(b.value if b.value is not None else 0)}"
        for b in bars
    )
    return format_html(
        '<svg class="monitoring-chart" id="{}" role="img" aria-labelledby="{}-title {}-desc" '
        'viewBox="0 0 {} {}" width="100%" style="max-width: {}px" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg" '
        'font-family="system-ui, sans-serif"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        chart_id,
        chart_id,
        chart_id,
        WIDTH,
        height,
        WIDTH + 80,
        chart_id,
        title,
        chart_id,
        desc,
        format_html_join("", "{}", ((row,) for row in rows)),
    )
