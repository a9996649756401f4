"""IGOkit: a sourced, time-aware knowledge base of intergovernmental organizations.

The public API returns lists of dataclasses (``Rows``) with ``.to_frame()`` for pandas::

    import igokit
    igokit.members("SCO", on="2024-07-05").to_frame()
"""

__version__ = "0.1.0"

from igokit.api import (
    KnowledgeBase,
    chair,
    default_kb,
    entity,
    get_timeline,
    members,
    officials,
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
    "default_kb",
    "entity",
    "members",
    "officials",
    "sources",
    "summits",
    "timeline",
]
