"""``python -m igokit.kb.validate [DATA_DIR]``: check the curated YAML and print every problem."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from igokit.errors import DataError
from igokit.kb.catalog import load_catalog
from igokit.kb.indicator_data import load_indicator_files


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m igokit.kb.validate",
        description="Check curated facts (the shipped data, $IGOKIT_FACTS or FOLDER) and print "
                    "FILE:LINE: problem for every mistake.")
    parser.add_argument("folder", nargs="?", type=Path,
                        help="a folder laid out as src/igokit/data (default: the facts in use)")
    root = parser.parse_args(sys.argv[1:] if argv is None else argv).folder
    if root is not None and not root.is_dir():
        print(f"{root}: not a folder", file=sys.stderr)
        return 2
    try:
        catalog = load_catalog(root)
        builtin = load_indicator_files(catalog, root)
    except DataError as exc:
        for problem in exc.problems:
            print(problem)
        print(f"{len(exc.problems)} problem(s)", file=sys.stderr)
        return 1
    kinds = Counter(e.kind for e in catalog.entities.values())
    preds = Counter(s.predicate for s in catalog.statements)
    print(f"ok: {len(catalog.files)} files, {len(catalog.sources)} sources, "
          f"{len(catalog.entities)} entities ({dict(kinds)}), {len(catalog.statements)} statements "
          f"({dict(preds)}), {sum(map(len, builtin.values()))} built-in observations")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
