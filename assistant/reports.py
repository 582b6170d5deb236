"""A manager's view worth opening: the report as a self-contained HTML page of charts (inline SVG,
no scripts, nothing fetched), and the tickets and the audit log as CSV. The figures are
`metrics`' own, per day and overall; this module only draws and writes them."""

from __future__ import annotations

import csv
import html
import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from assistant.metrics import AGENT_ZERO, article_figures, compute, daily, describe, rate
from assistant.store.models import aware

PALETTE = ("#2563eb", "#f59e0b", "#dc2626", "#16a34a", "#7c3aed", "#0891b2", "#db2777", "#65a30d")
VERDICTS = (("as drafted", "as_drafted", "#16a34a"), ("edited", "edited", "#f59e0b"), ("rewritten", "rewritten", "#dc2626"))
WIDTH, HEIGHT, PAD = 640, 220, 44
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run a cell starting with these


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _frame(title: str, body: str, legend: list[tuple[str, str]] | None = None, note: str = "") -> str:
    keys = "".join(f'<span class="key"><i style="background:{colour}"></i>{_e(label)}</span>' for label, colour in legend or [])
    return (
        f'<figure><figcaption>{_e(title)}</figcaption><svg role="img" aria-label="{_e(title)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}">{body}</svg><div class="legend">{keys}</div>' + (f'<p class="note">{_e(note)}</p>' if note else "") + "</figure>"
    )


def _axes(labels: list[str], top: float, unit: str) -> str:
    inner_w, inner_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD
    parts = [f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" class="axis"/>']
    for step in range(5):
        value = top * step / 4
        y = HEIGHT - PAD - inner_h * step / 4
        parts.append(f'<line x1="{PAD}" y1="{y:.1f}" x2="{WIDTH - PAD}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{PAD - 6}" y="{y + 4:.1f}" class="tick" text-anchor="end">{_e(_number(value))}{_e(unit)}</text>')
    every = max(1, len(labels) // 10)
    for index, label in enumerate(labels):
        if index % every == 0:
            x = PAD + inner_w * (index + 0.5) / max(1, len(labels))
            parts.append(f'<text x="{x:.1f}" y="{HEIGHT - PAD + 16}" class="tick" text-anchor="middle">{_e(label)}</text>')
    return "".join(parts)


def _number(value: float) -> str:
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def _top(values: list[float]) -> float:
    """The axis' top: four equal round steps (1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5 or 8 times a power of ten) above the largest value."""
    largest = max([v for v in values if v is not None] + [0.0])
    if largest <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(largest) - math.log10(4))
    steps = [float(f"{m * power:.12g}") for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8, 10)]
    if all(float(v).is_integer() for v in values if v is not None):  # counts: whole-number ticks
        steps = [step for step in steps if step >= 1 and step.is_integer()] or [1.0]
    top = 4 * next((step for step in steps if 4 * step >= largest), steps[-1])
    return top if top >= largest else largest  # values too small or large to round: the largest itself


def line_chart(title: str, labels: list[str], series: list[tuple[str, list[float | None]]], unit: str = "", note: str = "") -> str:
    """Lines over days; a day without a value breaks its line (a gap, not a zero)."""
    top = _top([v for _, values in series for v in values if v is not None])
    inner_w, inner_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD
    body = [_axes(labels, top, unit)]
    for number, (name, values) in enumerate(series):
        colour = PALETTE[number % len(PALETTE)]
        runs: list[list[tuple[float, float]]] = [[]]
        for index, value in enumerate(values):
            if value is None:
                runs.append([])
                continue
            runs[-1].append((PAD + inner_w * (index + 0.5) / max(1, len(labels)), HEIGHT - PAD - inner_h * value / top))
        for run in runs:
            if len(run) > 1:
                points = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
            for x, y in run:
                body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"><title>{_e(name)}</title></circle>')
    return _frame(title, "".join(body), [(name, PALETTE[n % len(PALETTE)]) for n, (name, _) in enumerate(series)], note)


def bar_chart(title: str, bars: list[tuple[str, list[tuple[str, float]]]], parts: list[tuple[str, str]], unit: str = "", note: str = "") -> str:
    """Stacked bars: for each label, its parts' values in the order of `parts` (name, colour)."""
    top = _top([sum(value for _, value in stack) for _, stack in bars])
    inner_w, inner_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD
    body = [_axes([label for label, _ in bars], top, unit)]
    width = inner_w / max(1, len(bars)) * 0.7
    for index, (label, stack) in enumerate(bars):
        x = PAD + inner_w * (index + 0.15) / max(1, len(bars))
        y = float(HEIGHT - PAD)
        colours = dict(parts)
        for name, value in stack:
            height = inner_h * value / top
            y -= height
            tip = f"{label}: {name} {_number(value)}{unit}"
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="{colours.get(name, PALETTE[0])}"><title>{_e(tip)}</title></rect>'
            )
    return _frame(title, "".join(body), parts if len(parts) > 1 else [], note)


def _table(head: list[str], rows: list[list[Any]]) -> str:
    cells = "".join(f"<th>{_e(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{_e(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


STYLE = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1360px;color:#111827;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}.period{color:#4b5563;margin:0 0 16px}
.grid2{display:grid;grid-template-columns:repeat(auto-fill,minmax(660px,1fr));gap:12px}
figure{margin:0;border:1px solid #e5e7eb;border-radius:8px;padding:10px 12px;background:#fff}figcaption{font-weight:600;margin-bottom:4px}
svg .axis{stroke:#6b7280}svg .grid{stroke:#f3f4f6}svg .tick{font-size:11px;fill:#4b5563}
.legend{display:flex;gap:14px;flex-wrap:wrap;font-size:12px;color:#374151}.key i{display:inline-block;width:10px;height:10px;margin-right:5px;border-radius:2px}
.note{font-size:12px;color:#6b7280;margin:4px 0 0}ul.summary{margin:0;padding-left:18px}
table{border-collapse:collapse;font-size:13px}th,td{border-bottom:1px solid #e5e7eb;padding:4px 10px;text-align:right}th:first-child,td:first-child{text-align:left}
"""


@dataclass(frozen=True)
class Line:
    """Lines over days (a gap where a day has no value)."""

    title: str
    labels: list[str]
    series: list[tuple[str, list[float | None]]]
    note: str = ""


@dataclass(frozen=True)
class Bars:
    """Stacked bars: for each label, its parts' values in the order of `parts` (name, colour)."""

    title: str
    bars: list[tuple[str, list[tuple[str, float]]]]
    parts: list[tuple[str, str]]
    note: str = ""


@dataclass(frozen=True)
class Report:
    """What the HTML page and the Slack image show: the figures overall, the charts, the tables."""

    since: datetime
    until: datetime
    overall: dict[str, Any]
    charts: list[Line | Bars]
    agents: list[list[Any]]
    articles: list[list[Any]]
    summary: list[str]


def build(store: Any, since: datetime, until: datetime, name: Callable[[str], str] | None = None) -> Report:
    """The report's charts and tables for [since, until): per day (first response, responses per
    interaction, SLA breaches, draft acceptance, conversations per network) and per agent."""
    since, until = aware(since), aware(until)
    touches = store.touches(since, until)
    overall = compute(touches, since, until)
    days = daily(touches, since, until)
    labels = [day[5:] for day, _ in days]
    who = name or (lambda actor: actor)
    first = Line(
        "First response, from when the customer wrote (minutes)",
        labels,
        [
            ("median", [n["first_response_minutes"]["median"] for _, n in days]),
            ("p90", [n["first_response_minutes"]["p90"] for _, n in days]),
        ],
        note="Per day the conversation opened; a gap is a day with no answered conversation.",
    )
    per_interaction = Line("Responses per interaction", labels, [("replies per answered conversation", [n["responses_per_interaction"] for _, n in days])])
    breaches = Bars(
        "SLA breaches", [(label, [("breaches", float(n["sla_breaches"]))]) for label, (_, n) in zip(labels, days, strict=True)], [("breaches", "#dc2626")]
    )
    acceptance = Bars(
        "Draft acceptance: replies out",
        [(label, [(words, float(n["drafts"][key])) for words, key, _ in VERDICTS]) for label, (_, n) in zip(labels, days, strict=True)],
        [(words, colour) for words, _, colour in VERDICTS],
        note="As drafted: sent unchanged; edited: at most half the characters changed; rewritten: more, or no draft.",
    )
    networks = sorted({network for _, n in days for network in n["networks"]})
    colours = {network: PALETTE[i % len(PALETTE)] for i, network in enumerate(networks)}
    volume = Bars(
        "Conversations opened, per network",
        [(label, [(network, float(n["networks"].get(network, 0))) for network in networks]) for label, (_, n) in zip(labels, days, strict=True)],
        [(network, colours[network]) for network in networks],
    )
    agents = overall["agents"]
    per_agent = Bars(
        "Replies per agent",
        [(who(actor), [(words, float(counts.get(key, 0))) for words, key, _ in VERDICTS]) for actor, counts in agents.items()],
        [(words, colour) for words, _, colour in VERDICTS],
        note="Escalations and dismissals are in the table below.",
    )
    agent_rows = [[who(actor)] + [{**AGENT_ZERO, **counts}[key] for key in AGENT_ZERO] for actor, counts in agents.items()]
    articles = article_figures(store.desk_history(), since, until)
    article_rows = [[article] + list(counts.values()) for article, counts in articles.items()]
    summary = [line.strip() for line in describe(overall, name=who)]
    return Report(since, until, overall, [first, per_interaction, breaches, acceptance, volume, per_agent], agent_rows, article_rows, summary)


def svg(chart: Line | Bars) -> str:
    if isinstance(chart, Line):
        return line_chart(chart.title, chart.labels, chart.series, note=chart.note)
    return bar_chart(chart.title, chart.bars, chart.parts, note=chart.note)


def html_report(store: Any, since: datetime, until: datetime, *, name: Callable[[str], str] | None = None, title: str = "Social inbox report") -> str:
    """The whole report as one HTML page: the summary, then a chart per figure per day, per network,
    per agent, and the per-article table."""
    report = build(store, since, until, name)
    since, until, overall = report.since, report.until, report.overall
    first, per_interaction, breaches, acceptance, volume, per_agent = (svg(chart) for chart in report.charts)
    agent_rows, article_rows = report.agents, report.articles
    summary = "".join(f"<li>{_e(line)}</li>" for line in report.summary)
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title><style>{STYLE}</style></head><body>'
        f'<h1>{_e(title)}</h1><p class="period">{_e(since.strftime("%Y-%m-%d %H:%M"))} to {_e(until.strftime("%Y-%m-%d %H:%M"))} UTC · '
        f"{overall['interactions']} conversations, {overall['answered']} answered, escalated {_e(rate(overall['escalated'], overall['interactions']))}</p>"
        f'<ul class="summary">{summary}</ul>'
        f'<h2>Per day</h2><div class="grid2">{first}{per_interaction}{breaches}{acceptance}{volume}</div>'
        f'<h2>Per agent</h2><div class="grid2">{per_agent}<figure><figcaption>Agents</figcaption>'
        f"{_table(['agent', *[key.replace('_', ' ') for key in AGENT_ZERO]], agent_rows) if agent_rows else '<p>No replies in the period.</p>'}</figure></div>"
        '<h2>Per article</h2><p class="note">First-round drafts an agent acted on, most often rewritten or escalated first: the article to fix first is at the top.</p>'
        f"{_table(['article', 'cited', 'as drafted', 'edited', 'rewritten', 'escalated', 'dismissed'], article_rows) if article_rows else '<p>No drafts acted on in the period.</p>'}"
        "</body></html>"
    )


def cell(value: Any) -> str:
    """A CSV cell a spreadsheet shows as text: one starting like a formula gets a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv(rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return out.getvalue()


TICKET_COLUMNS = [
    "ticket",
    "network",
    "customer",
    "written_at",
    "received_at",
    "state",
    "priority",
    "intent",
    "assigned_to",
    "claimed_by",
    "first_reply_at",
    "first_response_minutes",
    "replies",
    "escalated",
    "articles",
    "post",
]
EVENT_COLUMNS = ["ticket", "at", "actor", "kind", "from_state", "to_state", "note", "text"]


def export_csv(store: Any, since: datetime, until: datetime, folder: Path) -> tuple[Path, Path]:
    """tickets.csv (each conversation opened in the period, one row) and events.csv (their audit
    log up to `until`) in `folder`. Personal data was masked when the posts arrived."""
    since, until = aware(since), aware(until)
    touches = store.touches(since, until)
    opened = sorted({t.ticket_id for t in touches if t.kind == "received" and since <= aware(t.at) < until})
    tickets: list[list[Any]] = [list(TICKET_COLUMNS)]
    events: list[list[Any]] = [list(EVENT_COLUMNS)]
    for ticket_id in opened:
        ticket = store.get(ticket_id)
        replies = [e for e in ticket.events if e.kind in ("posted", "dry_run") and aware(e.at) < until]
        written = min(aware(ticket.post.posted_at), aware(ticket.post.received_at))
        first = aware(replies[0].at) if replies else None
        cited = sorted({str(c.get("article_id", "")) for d in ticket.drafts for c in d.citations or []})
        tickets.append(
            [
                ticket.id,
                ticket.post.platform,
                "@" + ticket.post.author_handle,
                written.isoformat(timespec="seconds"),
                aware(ticket.post.received_at).isoformat(timespec="seconds"),
                ticket.state,
                ticket.priority,
                ticket.intent,
                ticket.assigned_to,
                ticket.claimed_by,
                first.isoformat(timespec="seconds") if first else "",
                round((first - written).total_seconds() / 60, 1) if first else "",
                len(replies),
                any(e.kind == "escalated" for e in ticket.events),
                " ".join(cited),
                ticket.post.text,
            ]
        )
        for event in ticket.events:
            if aware(event.at) < until:
                events.append(
                    [
                        ticket.id,
                        aware(event.at).isoformat(timespec="seconds"),
                        event.actor,
                        event.kind,
                        event.from_state,
                        event.to_state,
                        event.note,
                        event.text,
                    ]
                )
    folder.mkdir(parents=True, exist_ok=True)
    ticket_path, event_path = folder / "tickets.csv", folder / "events.csv"
    ticket_path.write_text(_csv(tickets), encoding="utf-8")
    event_path.write_text(_csv(events), encoding="utf-8")
    return ticket_path, event_path


def png(report: Report, title: str = "Social inbox report") -> bytes:
    """The report's charts as one PNG image (for Slack, which shows images, not SVG): the period
    and the summary, then the six charts two by two, drawn from the same figures as the page."""
    from PIL import Image, ImageDraw, ImageFont

    cell_w, cell_h, top_h = 660, 300, 60 + 18 * len(report.summary)
    image = Image.new("RGB", (2 * cell_w + 30, top_h + 3 * (cell_h + 12) + 20), "white")
    draw = ImageDraw.Draw(image)
    big, small = ImageFont.load_default(size=20), ImageFont.load_default(size=13)
    draw.text((16, 12), title, fill="#111827", font=big)
    period = f"{report.since:%Y-%m-%d %H:%M} to {report.until:%Y-%m-%d %H:%M} UTC"
    draw.text((16, 40), period, fill="#4b5563", font=small)
    for number, line in enumerate(report.summary):
        draw.text((16, 60 + 18 * number), "- " + line, fill="#111827", font=small)
    for index, chart in enumerate(report.charts):
        left, top = 10 + (index % 2) * (cell_w + 10), top_h + (index // 2) * (cell_h + 12)
        _draw_chart(draw, chart, left, top, cell_w, cell_h, small)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _draw_chart(draw: Any, chart: Line | Bars, left: int, top: int, width: int, height: int, font: Any) -> None:
    draw.rounded_rectangle((left, top, left + width, top + height), radius=8, outline="#e5e7eb", fill="white")
    draw.text((left + 12, top + 8), chart.title, fill="#111827", font=font)
    x0, y0, x1, y1 = left + 50, top + 34, left + width - 16, top + height - 56  # the plot area
    if isinstance(chart, Line):
        labels = chart.labels
        values = [v for _, series in chart.series for v in series if v is not None]
        legend = [(name, PALETTE[n % len(PALETTE)]) for n, (name, _) in enumerate(chart.series)]
    else:
        labels = [label for label, _ in chart.bars]
        values = [sum(value for _, value in stack) for _, stack in chart.bars]
        legend = chart.parts if len(chart.parts) > 1 else []
    top_value = _top(values)
    for step in range(5):
        y = y1 - (y1 - y0) * step / 4
        draw.line((x0, y, x1, y), fill="#f3f4f6")
        draw.text((x0 - 6, y), f"{_number(top_value * step / 4)}", fill="#4b5563", font=font, anchor="rm")
    draw.line((x0, y1, x1, y1), fill="#6b7280")
    slot = (x1 - x0) / max(1, len(labels))
    every = max(1, len(labels) // 10)
    for index, label in enumerate(labels):
        if index % every == 0:
            draw.text((x0 + slot * (index + 0.5), y1 + 6), label[:14], fill="#4b5563", font=font, anchor="ma")
    if isinstance(chart, Line):
        for number, (_, series) in enumerate(chart.series):
            colour = PALETTE[number % len(PALETTE)]
            previous = None
            for index, value in enumerate(series):
                if value is None:
                    previous = None
                    continue
                point = (x0 + slot * (index + 0.5), y1 - (y1 - y0) * value / top_value)
                if previous is not None:
                    draw.line((previous, point), fill=colour, width=2)
                draw.ellipse((point[0] - 3, point[1] - 3, point[0] + 3, point[1] + 3), fill=colour)
                previous = point
    else:
        colours = dict(chart.parts)
        for index, (_, stack) in enumerate(chart.bars):
            bottom = float(y1)
            for part, value in stack:
                height_px = (y1 - y0) * value / top_value
                if height_px > 0:
                    draw.rectangle((x0 + slot * (index + 0.15), bottom - height_px, x0 + slot * (index + 0.85), bottom), fill=colours.get(part, PALETTE[0]))
                bottom -= height_px
    x = left + 12
    for name, colour in legend:
        draw.rectangle((x, top + height - 30, x + 10, top + height - 20), fill=colour)
        draw.text((x + 14, top + height - 31), name, fill="#374151", font=font)
        x += 24 + int(draw.textlength(name, font=font))
