"""IGOkit: a sourced, time-aware knowledge base of intergovernmental organizations.

The public API returns lists of dataclasses (``Rows``) with ``.to_frame()`` for pandas::

    import igokit
    igokit.members("SCO", on="2024-07-05").to_frame()
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("igokit")  # one source: pyproject.toml
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

from igokit.api import (
    KnowledgeBase,
    chair,
    coverage,
    default_kb,
    entity,
    get_timeline,
    members,
    officials,
    reconcile,
    sources,
    summits,
)
from igokit.errors import DataError, IGOkitError, UnknownEntityError

timeline = get_timeline

__all__ = [
    "DataError",
    "IGOkitError",
    "KnowledgeBase",
    "UnknownEntityError",
    "__version__",
    "chair",
    "coverage",
    "default_kb",
    "entity",
    "members",
    "officials",
    "reconcile",
    "sources",
    "summits",
    "timeline",
]
