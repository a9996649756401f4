"""IGOkit: a sourced, time-aware knowledge base of intergovernmental organizations.

The public API returns lists of dataclasses (``Rows``) with ``.to_frame()`` for pandas::

    import igokit
    igokit.members("SCO", on="2024-07-05").to_frame()
"""


from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names below are loaded on first use (PEP 562): `import igokit` stays light
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

#: Public name → the module that defines it (``timeline`` is the API's ``get_timeline``).
_PUBLIC = {
    "KnowledgeBase": "igokit.api", "chair": "igokit.api", "coverage": "igokit.api",
    "default_kb": "igokit.api", "entity": "igokit.api", "members": "igokit.api",
    "officials": "igokit.api", "reconcile": "igokit.api", "sources": "igokit.api",
    "summits": "igokit.api", "timeline": "igokit.api",
    "DataError": "igokit.errors", "IGOkitError": "igokit.errors",
    "UnknownEntityError": "igokit.errors",
}

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

def __getattr__(name: str) -> Any:
    """The public names, imported on first use: every command of the CLI imports this package,
    and a query must not pay for the whole API. ``__version__`` comes from the package metadata
    (one source: pyproject.toml); importlib.metadata is slow to import, so it is read lazily too."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("igokit")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0+unknown"
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'igokit' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), "get_timeline" if name == "timeline" else name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
