"""Where the curated data lives and whether the knowledge base still matches it.

Light on purpose (no YAML, no catalog): every command opens the knowledge base, and this check
runs first. The full stamp hashes every curated file's content; a quick stamp of file sizes and
modification times (as ``make`` and git's index do) lets an unchanged installation skip that
hashing, and any change to a file's size or time falls back to the full comparison.
"""

from __future__ import annotations

import hashlib
from importlib.util import find_spec
from pathlib import Path

#: Folders of data/ that hold settings read by their own loaders, not facts for the catalog.
NOT_FACTS = frozenset({"codebook", "indices", "claims", "mappings", "coverage", "vocabulary"})

#: The modules that turn the curated files into rows: a change to them is a change of build.
_BUILD_CODE = ("catalog.py", "store.py", "model.py", "indicator_data.py", "schema.py")


def data_dir() -> Path:
    """The folder of the curated YAML shipped inside the package (installed as files, never
    zipped: not importlib.resources, whose import costs more than this whole check)."""
    return Path(__file__).resolve().parent.parent / "data"


def data_files(root: Path | None = None) -> list[Path]:
    root = root or data_dir()
    return sorted(p for p in root.glob("*/*.yaml") if p.parent.name not in NOT_FACTS)


def data_digest(root: Path | None = None) -> str:
    """A hash of every curated file's name and content: the KB rebuilds when it moves."""
    h = hashlib.sha256()
    root = root or data_dir()
    for path in data_files(root):
        h.update(str(path.relative_to(root)).encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def quick_stamp(root: Path | None = None) -> str:
    """Names, sizes and modification times of the curated files, the build code, the installed
    package's metadata and pycountry: equal quick stamps mean nothing the build reads changed."""
    root = root or data_dir()
    paths = list(data_files(root))
    here = Path(__file__).parent
    paths += [here / name for name in _BUILD_CODE]
    for package in ("pycountry",):  # country names come from its catalogues
        spec = find_spec(package)
        if spec is not None and spec.origin:
            paths.append(Path(spec.origin))
    paths += sorted(here.parent.parent.glob("igokit-*.dist-info/METADATA"))  # a wheel install
    h = hashlib.sha256()
    for path in paths:
        st = path.stat()
        h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()
