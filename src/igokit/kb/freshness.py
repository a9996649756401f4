"""Where the curated data lives and whether the knowledge base still matches it.

Light on purpose (no YAML, no catalog): every command opens the knowledge base, and this check
runs first. The full stamp hashes every curated file's content; a quick stamp of file sizes and
modification times (as ``make`` and git's index do) lets an unchanged installation skip that
hashing, and any change to a file's size or time falls back to the full comparison.
"""

from __future__ import annotations

import functools
import os
from importlib.util import find_spec
from pathlib import Path

#: Folders of data/ that hold settings read by their own loaders, not facts for the catalog.
NOT_FACTS = frozenset({"codebook", "indices", "claims", "mappings", "coverage", "vocabulary",
                       "event_rules", "declarations"})

#: The modules that turn the curated files into rows (a change to them is a change of build) and
#: those that register migrations (a change to them may bring a table the database lacks).
_BUILD_CODE = ("catalog.py", "store.py", "model.py", "indicator_data.py", "schema.py",
               "documents.py", "indicators.py", "layers.py")


def data_dir() -> Path:
    """The folder of the curated YAML shipped inside the package (installed as files, never
    zipped: not importlib.resources, whose import costs more than this whole check)."""
    return Path(__file__).resolve().parent.parent / "data"


def facts_dir() -> Path:
    """The tree the fact tables are built from: ``$IGOKIT_FACTS`` when set (a folder laid out as
    data/ — sources/, entities/, events/, statements/, indicators/ — such as a private or a
    synthetic knowledge base; bench/kb_scale.py uses it), else the shipped data. Settings
    (vocabulary, codebook, coverage ...) always come from :func:`data_dir`."""
    env = os.environ.get("IGOKIT_FACTS")
    return Path(env).expanduser().resolve() if env else data_dir()


def data_files(root: Path | None = None) -> list[Path]:
    root = root or facts_dir()
    return sorted(p for p in root.glob("*/*.yaml") if p.parent.name not in NOT_FACTS)


#: Settings the build also copies into the knowledge base (``meta``), so that a query reads them
#: from there instead of parsing YAML: the status vocabulary and the curated coverage.
SETTINGS_IN_KB = ("vocabulary/statuses.yaml", "coverage/organizations.yaml")


def stamp_files(root: Path | None = None) -> list[Path]:
    """Every file whose content the built knowledge base depends on: the facts (under ``root``)
    and the settings the build copies (always from :func:`data_dir`)."""
    settings = [data_dir() / name for name in SETTINGS_IN_KB]
    return data_files(root) + [p for p in settings if p.exists()]


def data_digest(root: Path | None = None) -> str:
    """A hash of every curated file's name and content: the KB rebuilds when it moves."""
    import hashlib

    h = hashlib.sha256()
    root = root or facts_dir()
    for path in stamp_files(root):
        h.update((str(path.relative_to(root)) if path.is_relative_to(root) else path.name).encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def quick_stamp(root: Path | None = None) -> str:
    """Names, sizes and modification times of the curated files, the build code, the installed
    package's metadata and pycountry: equal quick stamps mean nothing the build reads changed."""
    root = root or facts_dir()
    # the listing itself, not a hash of it: a few KB in ``meta``, compared as text, and no
    # hashlib (whose OpenSSL import costs more than the whole comparison)
    return "\n".join([*(_entry(path) for path in stamp_files(root)), _code_stamp()])


def _entry(path: Path) -> str:
    st = path.stat()
    return f"{path}\0{st.st_size}\0{st.st_mtime_ns}"


@functools.cache
def _code_stamp() -> str:
    """The build code, the migration modules, the package metadata and pycountry, as they were
    the first time this process looked: the code it runs. Cached so that a long-running process
    (the web app) whose files are upgraded under it does not stamp a database with code it has
    not loaded; the next process, with the new code, sees another stamp and migrates."""
    here = Path(__file__).parent
    paths = [here / name for name in _BUILD_CODE]
    for package in ("pycountry",):  # country names come from its catalogues
        spec = find_spec(package)
        if spec is not None and spec.origin:
            paths.append(Path(spec.origin))
    paths += sorted(here.parent.parent.glob("igokit-*.dist-info/METADATA"))  # a wheel install
    return "\n".join(_entry(path) for path in paths)
