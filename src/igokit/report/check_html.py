"""A standalone HTML page for a claim check: the text with claims highlighted, and the verdicts.

No script, no external resource: it opens from disk and prints. Every piece of document text is
escaped (Jinja2 autoescape), so nothing in a checked document can run in the page.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, select_autoescape

from igokit.api import CheckReport

COLOURS = {"supported": "#1a7f37", "contradicted": "#cf222e", "outdated": "#bf8700",
           "unverifiable": "#6e7781"}

_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Claim check{% if title %}: {{ title }}{% endif %}</title>
<style>
body{font:16px/1.55 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:62rem;
margin:1.5rem auto;padding:0 1rem;color:#1f2328}
h1{font-size:1.4rem} .meta{color:#57606a}
.text{white-space:pre-wrap;border:1px solid #d0d7de;border-radius:6px;padding:1rem;
background:#f6f8fa;max-height:40rem;overflow:auto}
mark{padding:0 .1em;border-radius:3px;background:none;border-bottom:3px solid}
{% for v, c in colours.items() %}mark.{{ v }}{border-color:{{ c }};background:{{ c }}1a}
.badge.{{ v }}{background:{{ c }}}
{% endfor %}
.badge{color:#fff;border-radius:1em;padding:.05em .6em;font-size:.85em;white-space:nowrap}
table{border-collapse:collapse;width:100%;margin-top:1rem}
th,td{border-bottom:1px solid #d0d7de;padding:.4rem;text-align:left;vertical-align:top}
caption{text-align:left;font-weight:600;padding:.4rem 0}
@media print{.text{max-height:none}}
</style></head><body>
<h1>Claim check{% if title %}: {{ title }}{% endif %}</h1>
<p class="meta">Reference date <strong>{{ report.as_of }}</strong> (from {{ report.as_of_source }}).
{% for v, n in report.summary().items() %}
<span class="badge {{ v }}">{{ n }} {{ v }}</span> {% endfor %}
<br>Dating: {{ report.dating }}.</p>
<div class="text">{{ marked }}</div>
<table>
<caption>Claims and verdicts</caption>
<thead><tr><th scope="col">#</th><th scope="col">Claim</th><th scope="col">Type</th>
<th scope="col">Verdict</th><th scope="col">Read as</th><th scope="col">Why</th>
<th scope="col">Knowledge base</th>
<th scope="col">Sources</th></tr></thead>
<tbody>
{% for c in claims %}<tr id="claim-{{ loop.index }}"><td>{{ loop.index }}</td><td>{{ c.text }}</td>
<td>{{ c.type }}</td><td><span class="badge {{ c.verdict }}">{{ c.verdict }}</span></td>
<td>{{ c.read_as }}</td><td>{{ c.reason }}</td>
<td>{% if c.expected %}expected: {{ c.expected }}<br>{% endif %}
{% if c.valid_during %}true during: {{ c.valid_during|join('; ') }}<br>{% endif %}
{% if c.correction %}<em>{{ c.correction }}</em>{% endif %}</td>
<td>{{ c.sources|join(', ') }}</td></tr>
{% endfor %}</tbody></table>
</body></html>
"""


def _marked(report: CheckReport, env: Environment) -> Any:
    """The text with each claim wrapped in <mark>, every piece escaped."""
    from markupsafe import Markup, escape

    parts: list[str] = []
    pos = 0
    for i, c in enumerate(sorted(report.claims, key=lambda c: c.start), start=1):
        if c.start < pos:
            continue
        parts.append(str(escape(report.text[pos:c.start])))
        parts.append(f'<mark class="{c.verdict}" title="{escape(c.verdict)}: '
                     f'{escape(c.correction or c.expected or "")}">'
                     f"{escape(report.text[c.start:c.end])}</mark>"
                     f'<sup><a href="#claim-{i}">{i}</a></sup>')
        pos = c.end
    parts.append(str(escape(report.text[pos:])))
    return Markup("".join(parts))


def render_check_html(report: CheckReport, title: str | None = None) -> str:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = env.from_string(_TEMPLATE)
    claims = []
    for c in sorted(report.claims, key=lambda c: c.start):
        d = c.to_dict()
        d["sources"] = sorted({s for e in c.evidence for s in e.sources})
        claims.append(d)
    return template.render(report=report, claims=claims, marked=_marked(report, env),
                           colours=COLOURS, title=title)
