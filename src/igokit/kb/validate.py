"""``python -m igokit.kb.validate [DATA_DIR]``: check the curated YAML and print every problem."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from igokit.errors import DataError
from igokit.kb.catalog import load_catalog
from igokit.kb.indicator_data import load_indicator_files


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else None
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
