"""The count of political prisoners over time, drawn at build time as accessible SVG."""

from __future__ import annotations

from markupsafe import escape

from ..languages.i18n import Translator
from ..model.model import StatPoint

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40
QUALIFIER_LINE = 14
"""From the baseline of a qualifier ("over") to that of the number below it."""


def _position(point: StatPoint) -> float:
    """The point's place in time, in years (an after-date at the day after its bound)."""
    date = point.date
    if date.after:
        day = date.first_day()
        return day.year + (day.month - 1) / 12 + day.day / 365
    year, month, day, _ = date.sort_key()
    return year + (max(month, 1) - 1) / 12 + max(day, 1) / 365


def statistics_chart(points: tuple[StatPoint, ...], i18n: Translator) -> str:
    """An SVG line chart; decorative for screen readers, who get the table beside it."""
    if not points:
        return ""
    first, last = _position(points[0]) - 0.1, _position(points[-1]) + 0.1

    def x(position: float) -> float:
        return LEFT + (position - first) / (last - first) * (WIDTH - LEFT - RIGHT)
    top = max(p.count for p in points)
    ceiling = (top // 500 + 1) * 500
    floor = 0

    def y(count: int) -> float:
        return TOP + (1 - (count - floor) / (ceiling - floor)) * (HEIGHT - TOP - BOTTOM)

    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">']
    for tick in range(floor, ceiling + 1, 500):
        ty = y(tick)
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
                     f'y1="{ty:.1f}" y2="{ty:.1f}"/>')
        parts.append(f'<text class="axis" x="{LEFT - 8}" y="{ty + 4:.1f}" '
                     f'text-anchor="end">{escape(i18n.number(tick))}</text>')
    for year in range(int(first) + 1, int(last) + 1):
        parts.append(f'<line class="tick" x1="{x(year):.1f}" x2="{x(year):.1f}" '
                     f'y1="{TOP}" y2="{HEIGHT - BOTTOM}"/>')
        parts.append(f'<text class="axis" x="{x(year):.1f}" y="{HEIGHT - BOTTOM + 18}" '
                     f'text-anchor="middle">{year}</text>')
    coords = [(x(_position(p)), y(p.count)) for p in points]
    path = " ".join(f"{px:.1f},{py:.1f}" for px, py in coords)
    parts.append(f'<polyline class="line" points="{path}"/>')
    previous_x, below = -1000.0, False
    for point, (px, py) in zip(points, coords, strict=True):
        # Labels of points close together alternate above and below the line.
        below = not below if px - previous_x < 48 else False
        previous_x = px
        parts.append(f'<circle class="dot" cx="{px:.1f}" cy="{py:.1f}" r="4"/>')
        parts.append(_label(point, px, py, below, i18n))
    parts.append("</svg>")
    return "".join(parts)


def _label(point: StatPoint, px: float, py: float, below: bool, i18n: Translator) -> str:
    """A point's count; an estimate has its qualifier ("over", "nearly", "about") on a
    line of its own above the number, so that it never reads as an exact figure."""
    number = escape(i18n.number(point.count))
    if point.qualifier == "exact":
        y = py + 22 if below else py - 10
        return f'<text class="value" x="{px:.1f}" y="{y:.1f}" text-anchor="middle">{number}</text>'
    qualifier = escape(i18n.t(f"timeline.chart_qualifier.{point.qualifier}"))
    if py - 10 - QUALIFIER_LINE - 12 < 0:  # no room above, at the top of the chart
        below = True
    y = py + 22 if below else py - 10 - QUALIFIER_LINE  # the qualifier's line
    return (f'<text class="value" x="{px:.1f}" y="{y:.1f}" text-anchor="middle">'
            f'<tspan class="qualifier" x="{px:.1f}" y="{y:.1f}">{qualifier}</tspan>'
            f'<tspan x="{px:.1f}" y="{y + QUALIFIER_LINE:.1f}">{number}</tspan></text>')
