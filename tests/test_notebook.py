"""docs/walkthrough.ipynb runs from top to bottom (its code cells, in order, in one namespace).

The cells are executed in this process, without a Jupyter kernel: the notebook is a script a
political scientist reads; what matters is that every cell still runs against the current
library and draws its figures.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "docs" / "walkthrough.ipynb"


@pytest.mark.slow
def test_the_walkthrough_notebook_runs() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    assert len(code) >= 5
    namespace: dict[str, object] = {"display": print}
    for i, source in enumerate(code):
        exec(compile(source, f"{NOTEBOOK.name}[cell {i}]", "exec"), namespace)
    assert plt.get_fignums(), "the notebook draws figures"
    plt.close("all")
