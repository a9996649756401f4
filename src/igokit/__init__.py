"""IGOkit: a sourced, time-aware knowledge base of intergovernmental organizations.

The public API returns lists of dataclasses (``Rows``) with ``.to_frame()`` for pandas::

    import igokit
    igokit.members("SCO", on="2024-07-05").to_frame()
"""


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

def __getattr__(name: str) -> str:
    """``__version__`` from the package metadata (one source: pyproject.toml), read on first
    use: importlib.metadata is slow to import and a query command does not need it."""
    if name != "__version__":
        raise AttributeError(f"module 'igokit' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("igokit")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"
