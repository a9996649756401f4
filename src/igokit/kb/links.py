"""Which addresses may become links: the one rule the validator, the report and the web app share.

A source's or a document's ``url`` comes from curated YAML, from a sidecar next to an ingested
file, or from the file itself, so it is untrusted: ``javascript:``, ``data:`` or ``vbscript:``
addresses would run in the reader's browser when clicked in the offline report. Only ``http``
and ``https`` addresses (and, where a caller allows it, relative ones) are links; anything else
is shown as text.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["LINK_SCHEMES", "link_problem", "safe_link"]

#: The schemes an address may have to be shown as a link.
LINK_SCHEMES = frozenset({"http", "https"})
# C0 controls, space and DEL: browsers drop tabs and newlines inside a scheme
# ("java\tscript:"), so an address containing any of them is never a link.
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def link_problem(url: str, *, relative: bool = False) -> str | None:
    """Why ``url`` may not be a link (``None`` when it may). ``relative``: a relative
    address (no scheme, no host) is allowed too, e.g. ``figures/a.svg``."""
    if not url:
        return "the address is empty"
    if _CONTROL.search(url.strip()):
        return "the address contains spaces or control characters"
    try:
        parts = urlsplit(url.strip())
    except ValueError as exc:  # e.g. an unbalanced '[' in the host
        return f"the address cannot be parsed ({exc})"
    scheme = parts.scheme.lower()
    if scheme in LINK_SCHEMES:
        return None if parts.netloc else f"an {scheme} address needs a host"
    if not scheme:
        if relative and not parts.netloc and not url.strip().startswith("\\"):
            return None
        return "the address has no scheme (write https://...)"
    return f"the scheme {scheme!r} is not allowed (only {', '.join(sorted(LINK_SCHEMES))})"


def safe_link(url: object, *, relative: bool = False) -> str | None:
    """``url`` stripped when it may be a link, else ``None`` (show it as text)."""
    if not isinstance(url, str) or link_problem(url, relative=relative) is not None:
        return None
    return url.strip()
