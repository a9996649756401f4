"""Candidate statements from recent documents, written as a YAML patch for review.

The knowledge base stops at its last fact. News written after it may report what it lacks: a
state admitted, a new chair, a new Secretary-General. ``propose`` reads documents dated after the
knowledge base's last fact, checks their claims, and keeps those the knowledge base cannot
confirm — contradicted, or unverifiable for want of a fact (not hedged, not a forecast) — whose
parsed form maps to a statement (a status, a status start, a chair, an office). Each becomes a
candidate statement in the curated YAML format, cited to a candidate source for its document,
with the passage and the checker's reason as comments. Nothing is applied: a reviewer edits the
patch and moves what holds into ``src/igokit/data/``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from igokit.kb.dates import FuzzyDate
from igokit.kb.knowledge_base import KnowledgeBase
from igokit.kb.vocabulary import STATUSES
from igokit.text.document import Document

STATUS_RELATIONS = set(STATUSES) - {"associate"}


@dataclass(slots=True)
class Candidate:
    statement: dict[str, Any]
    source_id: str
    passage: str
    reason: str
    verdict: str


@dataclass(slots=True)
class Proposal:
    last_fact: str
    documents: list[dict[str, Any]] = field(default_factory=list)  # read, with why skipped
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    candidates: list[Candidate] = field(default_factory=list)

    def to_yaml(self) -> str:
        """The patch: candidate sources and statements, each with its passage as a comment."""
        lines = [
            "# Candidate facts proposed by `igokit propose` — NOT applied. Review each one against",
            "# its source, fix what is wrong, and move what holds into src/igokit/data/",
            "# (sources into data/sources/, statements into data/statements/).",
            f"# The knowledge base's last dated fact: {self.last_fact}.",
            "",
            "sources:",
        ]
        for sid, src in self.sources.items():
            lines.append(f"  - id: {sid}")
            for key in ("kind", "title", "date", "url", "note"):
                if src.get(key):
                    lines.append(f"    {key}: {_q(src[key])}")
        lines += ["", "statements:"]
        if not self.candidates:
            lines.append("  []  # nothing to propose")
        for c in self.candidates:
            lines.append(f"  # {c.verdict}: {_one_line(c.reason)}")
            lines.append(f"  # passage: {_one_line(c.passage)}")
            parts = ", ".join(f"{k}: {_q(v)}" for k, v in c.statement.items())
            lines.append(f"  - {{{parts}, sources: [{c.source_id}]}}")
        return "\n".join(lines) + "\n"


def _q(value: Any) -> str:
    text = str(value)
    if re.fullmatch(r"[A-Za-z0-9_:./-]+", text) and not text[0].isdigit():
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]


def last_fact_day(kb: KnowledgeBase) -> str:
    return kb.last_fact_day()


def propose(kb: KnowledgeBase, documents: list[Document], org: str = "SCO",
            after: str | None = None) -> Proposal:
    """Candidates from ``documents`` dated after ``after`` (default: the last dated fact)."""
    from igokit.analysis.claims import check_text

    last = after or last_fact_day(kb)
    result = Proposal(last)
    limit = FuzzyDate.parse(last).first_day
    for doc in documents:
        entry: dict[str, Any] = {"path": doc.path, "title": doc.title, "date": doc.date}
        result.documents.append(entry)
        if not doc.date:
            entry["skipped"] = "no date (give it one in a FILE.meta.yaml sidecar)"
            continue
        if FuzzyDate.parse(doc.date).after_last_day <= limit:
            entry["skipped"] = f"dated before the knowledge base's last fact ({last})"
            continue
        report = check_text(kb, doc.text, doc_date=doc.date, org=org)
        sid = _source_id(doc)
        found = 0
        for claim in report.claims:
            cand = _candidate(claim, doc, report.text, org)
            if cand is None:
                continue
            cand.source_id = sid
            result.candidates.append(cand)
            found += 1
        if found:
            result.sources[sid] = {
                "kind": "news", "title": doc.title or Path(doc.path or "document").name,
                "date": doc.date, "url": doc.url,
                "note": "candidate source proposed from a read document; check it",
            }
        entry["candidates"] = found
    return result


def _source_id(doc: Document) -> str:
    digest = doc.sha256 or hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    return f"proposed-{(doc.date or '')[:10]}-{digest[:8]}"


def _candidate(claim: Any, doc: Document, text: str, org: str) -> Candidate | None:
    p = claim.parsed
    if p is None or claim.hedged or claim.negated or not p.subjects:
        return None
    if claim.verdict not in ("contradicted", "unverifiable"):
        return None
    if claim.verdict == "unverifiable" and not claim.reason.startswith("not judged"):
        return None  # a forecast, a step, or a statement that does not map to a fact
    when = p.time if p.time and p.time[:4].isdigit() else doc.date
    subject = p.subjects[0]
    stmt: dict[str, Any]
    if p.relation in STATUS_RELATIONS or p.relation.startswith("became_"):
        status = p.relation.removeprefix("became_")
        stmt = {"subject": subject, "predicate": "membership", "object": org, "value": status,
                "start": when}
    elif p.relation == "chaired":
        stmt = {"subject": subject, "predicate": "chair", "object": org, "start": when}
    elif p.relation == "holds_office" and p.object:
        body = "SCO-SECRETARIAT" if p.object == "secretary-general" else "RATS"
        stmt = {"subject": subject, "predicate": "office", "object": body, "value": p.object,
                "start": when}
    else:
        return None
    lo, hi = p.clause
    passage = text[max(lo, claim.start - 200) : min(hi, claim.end + 200)]
    return Candidate(stmt, "", passage, claim.reason, claim.verdict)


def today() -> dt.date:
    return dt.date.today()
