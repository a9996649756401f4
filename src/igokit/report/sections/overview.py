"""Overview: what the organization is, its composition today, chair, Secretary-General, counts."""

from __future__ import annotations

from collections import Counter

from igokit import __version__
from igokit.api import build_stamp, kb_counts
from igokit.report.context import STATUS_LABELS, ReportContext, Section


def build(ctx: ReportContext) -> Section:
    kb, org = ctx.kb, ctx.org
    info = kb.entity(org)
    facts = [s for s in info.statements if s.subject == info.id
             and s.predicate in ("founded", "seat", "predecessor")]
    current = kb.members(org, on=ctx.today.isoformat(), status="all")
    by_status = Counter(m.status for m in current)
    chairs = kb.chair(org, on=ctx.today.isoformat())
    sgs = kb.officials(org, "secretary-general", on=ctx.today.isoformat())
    summits = kb.summits(org)
    chs = [s for s in summits if s.council == f"{info.id}-CHS"]
    conn = kb.conn
    counts = {
        **kb_counts(conn),
        "meetings": len(summits),
        "heads_of_state_meetings": len(chs),
        "chairmanships": len(kb.chair(org, history=True)),
        "documents_ingested": len(ctx.documents()),
    }
    stamp = build_stamp(conn)
    composition = [{"status": s, "label": STATUS_LABELS.get(s, s), "count": by_status[s],
                    "countries": [m.name for m in current if m.status == s]}
                   for s in STATUS_LABELS if by_status.get(s)]
    return Section("overview", "Overview", "section_overview.html.j2", {
        "info": info,
        "facts": [{"predicate": f.predicate, "object": f.object_name or f.object,
                   "date": f.start, "sources": f.sources} for f in facts],
        "composition": composition,
        "chairs": chairs,
        "secretaries": sgs,
        "counts": counts,
        "last_summit": chs[-1] if chs else None,
        "data_stamp": stamp.split(":", 1)[-1][:12],
        "version": __version__,
    })
