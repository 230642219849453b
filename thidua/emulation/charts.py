"""Inline SVG charts (no JavaScript library): horizontal bars and a line chart of ranks."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from thidua.lib.formats import number

PALETTE = [
    "#1f5fa8",
    "#c0392b",
    "#2e8b57",
    "#d68910",
    "#7d3c98",
    "#17808a",
    "#6e6e6e",
    "#a04000",
]


def text_width(text: str, size: int) -> float:
    """A generous estimate of the drawn width (no font metrics server-side)."""
    return len(text) * size * 0.62


def title_lines(title: str, width: int, size: int = 13) -> list[str]:
    """The title broken into lines that fit `width`, never cut."""
    lines: list[str] = []
    for word in title.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def _title(title: str, width: int) -> tuple[str, int]:
    """SVG text of the title and the height it takes."""
    lines = title_lines(title, width)
    spans = "".join(
        f'<tspan x="0" dy="{0 if i == 0 else 16}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text x="0" y="16" font-size="13" font-weight="bold">{spans}</text>',
        16 * len(lines),
    )


def bar_chart(
    title: str, rows: Sequence[tuple[str, float | None, str]], *, width: int = 560
) -> SafeString:
    """rows: (label, value, display). Missing values are listed as "chưa có".
    Labels, values and the title get the room they need: nothing is cut."""
    bar_h, gap = 20, 6
    label_w = int(max([text_width(label, 12) for label, _, _ in rows] + [60])) + 8
    pad = int(max([text_width(d, 12) for _, _, d in rows] + [40])) + 8
    if width - label_w - pad < 120:  # long labels: a wider drawing, scaled down
        width = label_w + pad + 120
    title_svg, title_h = _title(title, width)
    height = len(rows) * (bar_h + gap) + title_h + 14
    present = [v for _, v, _ in rows if v is not None]
    top = max([abs(v) for v in present] + [1e-9])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" aria-labelledby="t{id(rows)}">',
        f'<title id="t{id(rows)}">{escape(title)}</title>',
        title_svg,
    ]
    for i, (label, value, display) in enumerate(rows):
        y = title_h + 10 + i * (bar_h + gap)
        parts.append(f'<text x="0" y="{y + 14}" font-size="12">{escape(label)}</text>')
        if value is None:
            parts.append(
                f'<text x="{label_w}" y="{y + 14}" font-size="12" fill="#666">chưa có</text>'
            )
            continue
        w = max(1.0, (width - label_w - pad) * abs(value) / top)
        parts.append(
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{PALETTE[0]}"></rect>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 14}" font-size="12">{escape(display)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped


def rank_lines(
    title: str,
    years: Sequence[int],
    series: Sequence[tuple[str, Sequence[int | None]]],
    *,
    width: int = 560,
) -> SafeString:
    """Rank of each unit across years (rank 1 at the top)."""
    right = int(max([text_width(label, 11) for label, _ in series] + [60])) + 12
    title_svg, title_h = _title(title, width)
    height, left, top_pad, bottom = 270 + title_h, 40, title_h + 14, 30
    n = max([r for _, ranks in series for r in ranks if r is not None] + [1])
    plot_w = width - left - right
    plot_h = height - top_pad - bottom

    def x(i: int) -> float:
        return left + (plot_w * i / max(1, len(years) - 1))

    def y(rank: int) -> float:
        return top_pad + plot_h * (rank - 1) / max(1, n - 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px"><title>{escape(title)}</title>',
        title_svg,
    ]
    for rank in range(1, n + 1):
        parts.append(
            f'<text x="{left - 8}" y="{y(rank) + 4:.1f}" font-size="11" text-anchor="end">{rank}</text>'
        )
    for i, year in enumerate(years):
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - 8}" font-size="11" text-anchor="middle">{year}</text>'
        )
    for k, (label, ranks) in enumerate(series):
        color = PALETTE[k % len(PALETTE)]
        points = [(x(i), y(r)) for i, r in enumerate(ranks) if r is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(
                f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{path}"></polyline>'
            )
        for px, py in points:
            parts.append(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{color}"></circle>'
            )
        if points:
            last = points[-1]
            parts.append(
                f'<text x="{last[0] + 6:.1f}" y="{last[1] + 4:.1f}" font-size="11" fill="{color}">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped


def total_bars(title: str, rows: Sequence[tuple[str, float]]) -> SafeString:
    return bar_chart(title, [(label, value, number(value, 2)) for label, value in rows])
