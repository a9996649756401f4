"""Charts for the report: matplotlib (Agg) figures saved as SVG, PNG and the CSV behind them.

Every chart is written three times into ``out/figures/``: ``<id>.svg`` (also inlined in the
page, with ``<title>``/``<desc>`` for screen readers), ``<id>.png`` (200 dpi, for papers) and
``<id>.csv`` (the exact numbers drawn). Text stays text in the SVG (``svg.fonttype: none``) and
ids inside each SVG are salted with the figure id, so several SVGs can share one page.

Charts are drawn 6 inches wide with 10.5 pt text, so that scaled to a 480 px phone screen the
text stays about 11 px. Year axes show at most ~10 labels (every 2nd, 5th, 10th ... year), so
labels never overlap; shares (%) always start at 0 and sit in their own panel rather than on a
second axis that could be cut to exaggerate change.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import matplotlib

matplotlib.use("Agg")

import pandas as pd
from markupsafe import Markup, escape
from matplotlib.figure import Figure as MplFigure
from matplotlib.ticker import MaxNLocator

#: Okabe-Ito: distinguishable with the common colour-vision deficiencies, and in greyscale print.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000", "#999999")
STATUS_COLOURS = {"member": "#0072B2", "observer": "#E69F00", "dialogue_partner": "#56B4E9",
                  "partner": "#009E73", "associate": "#CC79A7"}

#: matplotlib settings for every figure (typed loosely: matplotlib types each key precisely)
RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.size": 10.5,
    "legend.fontsize": 9.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "text.parse_math": False,
    "figure.dpi": 100,
}
_NO_META_SVG = {"Creator": None, "Date": None, "Format": None, "Type": None}
_NO_META_PNG = {"Software": None}


@dataclass(slots=True)
class Figure:
    """A saved chart: what the page shows and where the files are (relative to the site)."""

    id: str
    title: str
    caption: str
    alt: str
    svg: Markup
    files: dict[str, str]
    sources: list[str] = field(default_factory=list)
    documents: list[int] = field(default_factory=list)

    def manifest(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "caption": self.caption, "alt": self.alt,
                "files": self.files, "sources": self.sources, "documents": self.documents}


#: Default chart size in inches (see the module docstring).
WIDTH, HEIGHT = 6.0, 3.4
#: Most tick labels on a category or year axis before they are thinned.
MAX_TICK_LABELS = 10


def new_figure(width: float = WIDTH, height: float = HEIGHT) -> MplFigure:
    """A matplotlib figure not tied to pyplot (no global state, safe in threads)."""
    with _rc():
        return MplFigure(figsize=(width, height), layout="constrained")


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` fit for CSV: lists joined with ``;``, dicts as JSON."""
    out = frame.copy()
    for col in out.columns:
        if out[col].map(lambda v: isinstance(v, (list, tuple, set, dict))).any():
            out[col] = out[col].map(
                lambda v: ";".join(map(str, v)) if isinstance(v, (list, tuple, set)) else
                (json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else v))
    return out


_XML_PROLOGUE = re.compile(r"^\s*<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*|<!--.*?-->\s*", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)


def inline_svg(svg: str, fig_id: str, title: str, desc: str) -> str:
    """SVG text fit to put inside HTML: no prologue, comments or RDF metadata; labelled for
    assistive technology."""
    svg = _METADATA.sub("", _XML_PROLOGUE.sub("", svg))
    head_end = svg.index(">", svg.index("<svg")) + 1
    head = svg[:head_end].replace(
        "<svg ", f'<svg role="img" aria-labelledby="{fig_id}-t {fig_id}-d" ', 1)
    label = (f'<title id="{fig_id}-t">{escape(title)}</title>'
             f'<desc id="{fig_id}-d">{escape(desc)}</desc>')
    return head + label + svg[head_end:]


class FigureWriter:
    """Saves charts into ``<out>/figures`` and remembers them for the page and the manifest."""

    def __init__(self, out_dir: Path) -> None:
        self.root = out_dir
        self.dir = out_dir / "figures"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.figures: list[Figure] = []
        #: the place on the page of the section now drawing (sections may be built in another
        #: order than they are shown; the manifest follows the page)
        self.rank = 0
        self._ranks: dict[str, int] = {}

    def save(self, fig_id: str, fig: MplFigure, data: pd.DataFrame, *, title: str, caption: str,
             alt: str, sources: Sequence[str] = (), documents: Sequence[int] = ()) -> Figure:
        files = {ext: f"figures/{fig_id}.{ext}" for ext in ("svg", "png", "csv")}
        csv_frame(data).to_csv(self.root / files["csv"], index=False)
        with _rc({"svg.hashsalt": fig_id}):
            fig.savefig(self.root / files["svg"], format="svg", metadata=_NO_META_SVG)
            fig.savefig(self.root / files["png"], format="png", dpi=200, metadata=_NO_META_PNG)
        svg = (self.root / files["svg"]).read_text(encoding="utf-8")
        figure = Figure(fig_id, title, caption, alt,
                        Markup(inline_svg(svg, fig_id, title, alt)), files,
                        sorted(set(sources)), sorted(set(documents)))
        self.figures.append(figure)
        self._ranks[fig_id] = self.rank
        return figure

    def write_manifest(self) -> Path:
        path = self.dir / "figures.json"
        shown = sorted(self.figures, key=lambda f: self._ranks.get(f.id, 0))  # stable
        path.write_text(json.dumps([f.manifest() for f in shown], ensure_ascii=False,
                                   indent=1), encoding="utf-8")
        return path


# ---------------------------------------------------------------- chart types


def _legend_above(ax: Any, n: int, ncols: int = 4) -> None:
    """The legend above the plot, across the whole figure (constrained layout makes room, so
    it is never cut however long the axis labels are)."""
    ax.figure.legend(*ax.get_legend_handles_labels(), frameon=False, ncols=min(n, ncols),
                     loc="outside upper left", handlelength=1.2, columnspacing=1.2)


def _rc(extra: dict[str, Any] | None = None) -> Any:
    """matplotlib's settings for every figure (its stubs type each key precisely; ours is a
    plain dict, hence the cast)."""
    return matplotlib.rc_context(cast(Any, {**RC, **(extra or {})}))


def _dates(values: Sequence[str]) -> list[Any]:
    """ISO days as dates (matplotlib plots dates; its stubs type the axis as numbers)."""
    return [dt.date.fromisoformat(v) for v in values]


def _year_like(label: str) -> bool:
    return label.isdigit() and len(label) == 4


def tick_step(n: int, max_labels: int = MAX_TICK_LABELS) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50 ... that leaves at most ``max_labels`` of ``n``."""
    step, k = 1, 0
    while -(-n // step) > max_labels:
        k += 1
        step = (1, 2, 5)[k % 3] * 10 ** (k // 3)
    return step


def thin_labels(labels: Sequence[str], max_labels: int = MAX_TICK_LABELS) -> list[str]:
    """``labels`` with some blanked so at most about ``max_labels`` remain: years keep the
    multiples of the step (2000, 2005 ...), other labels every step-th; when the labels are
    years, the ones that are not (such as "undated") are always kept."""
    labels = [str(x) for x in labels]
    step = tick_step(len(labels), max_labels)
    if step == 1:
        return labels
    years = any(_year_like(x) for x in labels)
    others = [i for i, x in enumerate(labels) if not _year_like(x)]
    out = []
    for i, lab in enumerate(labels):
        if years:  # a year too close to a kept non-year label ("undated") would touch it
            keep = not _year_like(lab) or (int(lab) % step == 0 and
                                           all(abs(i - j) >= step for j in others))
        else:
            keep = i % step == 0
        out.append(lab if keep else "")
    return out


def _needs_rotation(shown: Sequence[str], axes_inches: float = WIDTH * 0.8) -> bool:
    """Would the shown labels touch if written horizontally? (about 0.09 in per character at
    the default font size)."""
    kept = [i for i, x in enumerate(shown) if x]
    if len(kept) < 2:
        return False
    slot = axes_inches / len(shown)
    gap = min(b - a for a, b in itertools.pairwise(kept))
    longest = max(len(shown[i]) for i in kept)
    return longest * 0.09 + 0.1 > slot * gap


def category_axis(ax: Any, labels: Sequence[str], axis: str = "x") -> None:
    """Categorical ticks at 0..n-1 with thinned labels; rotated only when they are long."""
    shown = thin_labels(labels)
    rotation = 30 if _needs_rotation(shown) else 0
    if axis == "x":
        ax.set_xticks(range(len(shown)), shown, rotation=rotation,
                      ha="right" if rotation else "center")
        ax.tick_params(axis="x", length=0 if len(shown) > 30 else 3.5)
    else:
        ax.set_yticks(range(len(shown)), shown)


def year_axis(ax: Any, years: Sequence[int]) -> None:
    """Numeric year ticks, thinned to multiples of a step so labels never overlap."""
    ys = sorted({int(y) for y in years})
    if not ys:
        return
    step = tick_step(ys[-1] - ys[0] + 1)
    ticks = [y for y in range(ys[0], ys[-1] + 1) if y % step == 0] or ys[:1]
    ax.set_xticks(ticks, [str(y) for y in ticks])
    ax.set_xlim(ys[0] - 0.6, ys[-1] + 0.6)


def stacked_steps(frame: pd.DataFrame, x: str, series: Sequence[str], labels: dict[str, str],
                  colours: dict[str, str], ylabel: str) -> MplFigure:
    """Stacked areas that change in steps at the dates of ``frame[x]`` (ISO days)."""
    fig = new_figure()
    with _rc():
        ax = fig.add_subplot()
        xs = _dates(list(frame[x]))
        ys = [frame[s].astype(float).tolist() for s in series]
        ax.stackplot(xs, *ys, step="post", labels=[labels.get(s, s) for s in series],
                     colors=[colours.get(s, PALETTE[i % len(PALETTE)])
                             for i, s in enumerate(series)], alpha=0.9, linewidth=0)
        ax.set_ylabel(ylabel)
        ax.set_xlim(xs[0], xs[-1])
        ax.margins(y=0.05)
        _legend_above(ax, len(series))
    return fig


def grouped_bars(frame: pd.DataFrame, group: str, category: str, value: str,
                 ylabel: str, percent: bool = False) -> MplFigure:
    """One cluster per ``category`` value (e.g. area), one bar per ``group`` (e.g. year)."""
    fig = new_figure()
    with _rc():
        ax = fig.add_subplot()
        cats = list(dict.fromkeys(frame[category]))
        groups = list(dict.fromkeys(frame[group]))
        width = 0.8 / max(len(groups), 1)
        for i, g in enumerate(groups):
            part = frame[frame[group] == g].set_index(category)[value]
            vals = [float(part.get(c, 0.0)) * (100 if percent else 1) for c in cats]
            pos = [k - 0.4 + width * (i + 0.5) for k in range(len(cats))]
            ax.bar(pos, vals, width, label=str(g), color=PALETTE[i % len(PALETTE)])
        category_axis(ax, [str(c) for c in cats])
        ax.set_ylabel(ylabel)
        ax.grid(axis="x", visible=False)
        if len(groups) > 1 or groups != ["all"]:
            _legend_above(ax, len(groups))
    return fig


def stacked_bars(frame: pd.DataFrame, category: str, series: Sequence[str], ylabel: str,
                 colours: dict[str, str] | None = None, horizontal: bool = False) -> MplFigure:
    """Bars of ``frame[category]`` stacked by the columns ``series``. Vertical bars over many
    categories (years) get thinned tick labels."""
    fig = new_figure(WIDTH, max(2.6, 0.32 * len(frame) + 1.3) if horizontal else HEIGHT)
    with _rc():
        ax = fig.add_subplot()
        cats = [str(c) for c in frame[category]]
        pos = list(range(len(cats)))
        base = [0.0] * len(cats)
        width = 0.8 if len(cats) < 40 else 0.9
        for i, s in enumerate(series):
            vals = frame[s].fillna(0).astype(float).tolist()
            colour = (colours or {}).get(s, PALETTE[i % len(PALETTE)])
            label = s.replace("_", " ")
            if horizontal:
                ax.barh(pos, vals, left=base, label=label, color=colour, height=width)
            else:
                ax.bar(pos, vals, bottom=base, label=label, color=colour, width=width)
            base = [b + v for b, v in zip(base, vals, strict=True)]
        (ax.xaxis if horizontal else ax.yaxis).set_major_locator(MaxNLocator(integer=True))
        if horizontal:
            ax.set_yticks(pos, cats)
            ax.set_ylim(len(cats) - 0.5, -0.5)  # first category on top
            ax.set_xlabel(ylabel)
            ax.grid(axis="y", visible=False)
        else:
            category_axis(ax, cats)
            ax.set_xlim(-0.6, len(cats) - 0.4)
            ax.set_ylabel(ylabel)
            ax.grid(axis="x", visible=False)
        _legend_above(ax, len(series))
    return fig


def heatmap(frame: pd.DataFrame, row: str, col: str, value: str, label: str, *,
            percent: bool = False) -> MplFigure:
    """Rows × columns coloured by ``value`` (e.g. area × year). Column labels are thinned;
    the colour scale starts at 0."""
    rows = list(dict.fromkeys(frame[row]))
    cols = list(dict.fromkeys(frame[col]))
    grid = (frame.pivot_table(index=row, columns=col, values=value, aggfunc="sum")
            .reindex(index=rows, columns=cols))
    data = grid.to_numpy(dtype=float) * (100 if percent else 1)
    fig = new_figure(WIDTH, max(2.6, 0.3 * len(rows) + 1.5))
    with _rc():
        ax = fig.add_subplot()
        top = float(pd.Series(data.ravel()).max(skipna=True) or 1.0)
        image = ax.imshow(data, aspect="auto", cmap="cividis", vmin=0, vmax=top,
                          interpolation="nearest")
        category_axis(ax, [str(c) for c in cols])
        category_axis(ax, [str(r) for r in rows], axis="y")
        ax.grid(visible=False)
        for side in ("top", "right", "bottom", "left"):
            ax.spines[side].set_visible(False)
        bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
        bar.set_label(label)
        bar.outline.set_visible(False)
    return fig


def difference_ci(frame: pd.DataFrame, label_a: str, label_b: str) -> MplFigure:
    """Dot-and-whisker: share difference B − A (percentage points) with its 95% interval."""
    fig = new_figure(WIDTH, max(2.6, 0.34 * len(frame) + 1.3))
    with _rc():
        ax = fig.add_subplot()
        areas = list(frame["area"])
        d = (frame["diff"] * 100).tolist()
        lo = (frame["diff_low"] * 100).tolist()
        hi = (frame["diff_high"] * 100).tolist()
        colours = [PALETTE[5] if s else PALETTE[8] for s in frame["significant"]]
        for k, (a, b) in enumerate(zip(lo, hi, strict=True)):
            ax.plot([a, b], [k, k], color=colours[k], linewidth=2)
        ax.scatter(d, range(len(areas)), color=colours, zorder=3)
        ax.axvline(0, color="#333333", linewidth=0.8)
        ax.set_yticks(range(len(areas)), areas)
        ax.invert_yaxis()
        ax.set_xlabel(f"{label_b} minus {label_a}\n(percentage points of sentences, 95% CI)")
        ax.grid(axis="y", visible=False)
    return fig


def lines(frame: pd.DataFrame, x: str, series: str, value: str, ylabel: str, *,
          invert: bool = False, threshold: float | None = None,
          threshold_label: str = "") -> MplFigure:
    """One line per ``series`` value over ``x`` (years); the legend sits above the plot so the
    plot keeps the full width on narrow screens."""
    n = frame[series].nunique()
    fig = new_figure(WIDTH, HEIGHT + 0.25 * -(-n // 4))
    with _rc():
        ax = fig.add_subplot()
        for i, (name, part) in enumerate(frame.groupby(series, sort=True)):
            part = part.sort_values(x)
            ax.plot(part[x].astype(int), part[value].astype(float), marker="o", markersize=3.5,
                    label=str(name), color=PALETTE[i % len(PALETTE)],
                    linestyle="-" if i < len(PALETTE) else "--")
        if threshold is not None:
            ax.axhline(threshold, color="#cf222e", linewidth=1, linestyle=":")
            ax.annotate(threshold_label, (0.005, threshold), xycoords=("axes fraction", "data"),
                        fontsize=9, color="#cf222e", va="bottom")
        year_axis(ax, list(frame[x]))
        if invert:
            ax.invert_yaxis()
        ax.set_ylabel(ylabel)
        _legend_above(ax, n)
    return fig


def bars_and_share(frame: pd.DataFrame, x: str, bars: str, share: str, bar_label: str,
                   share_label: str) -> MplFigure:
    """An amount by year (bars, from 0) and, in its own panel below on the same years, a share
    (%) whose axis also starts at 0 — no second y axis that could be cut to exaggerate."""
    fig = new_figure(WIDTH, HEIGHT + 1.4)
    with _rc():
        ax, ax2 = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
        xs = frame[x].astype(int).tolist()
        ax.bar(xs, frame[bars].astype(float).fillna(0).tolist(), color=PALETTE[0])
        ax.set_title(bar_label, loc="left", fontsize=RC["font.size"])
        ax.set_ylim(bottom=0)
        ax.grid(axis="x", visible=False)
        shares = frame[share].astype(float)
        ax2.plot(xs, shares.tolist(), color=PALETTE[5], marker="o", markersize=3.5)
        top = float(shares.max()) if shares.notna().any() else 100.0
        ax2.set_ylim(0, min(100.0, max(10.0, top * 1.15)))
        ax2.set_title(share_label, loc="left", fontsize=RC["font.size"])
        year_axis(ax2, xs)
        ax.tick_params(axis="x", labelbottom=False)
    return fig


def hbars(labels: Sequence[str], values: Sequence[float], xlabel: str,
          highlight: str | None = None) -> MplFigure:
    """Horizontal bars in the given order (first on top); ``highlight`` gets a second colour."""
    fig = new_figure(WIDTH, max(2.4, 0.3 * len(labels) + 1.1))
    with _rc():
        ax = fig.add_subplot()
        colours = [PALETTE[1] if lab == highlight else PALETTE[0] for lab in labels]
        ax.barh(list(labels), list(values), color=colours)
        ax.invert_yaxis()
        ax.set_xlabel(xlabel)
        ax.grid(axis="y", visible=False)
    return fig


def rank_ranges(labels: Sequence[str], median: Sequence[float], low: Sequence[float],
                high: Sequence[float], point: Sequence[float], xlabel: str) -> MplFigure:
    """Rank stability: the rank range (5th-95th percentile) under random weights, its median
    and the rank with the published weights."""
    fig = new_figure(WIDTH, max(2.4, 0.3 * len(labels) + 1.4))
    with _rc():
        ax = fig.add_subplot()
        ys = list(range(len(labels)))
        for y, a, b in zip(ys, low, high, strict=True):
            ax.plot([a, b], [y, y], color=PALETTE[4], linewidth=5, solid_capstyle="round")
        ax.scatter(median, ys, color=PALETTE[0], zorder=3, label="median rank (random weights)")
        ax.scatter(point, ys, color=PALETTE[5], marker="D", s=18, zorder=4,
                   label="rank with the index's weights")
        ax.set_yticks(ys, list(labels))
        ax.invert_yaxis()
        top = max([*high, *point, 1])
        ax.set_xlim(0.5, top + 0.5)
        ax.set_xticks(range(1, int(top) + 1))
        ax.set_xlabel(xlabel)
        ax.grid(axis="y", visible=False)
        _legend_above(ax, 2)
    return fig
