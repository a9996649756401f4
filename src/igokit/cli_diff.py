"""``igokit diff A B`` (the commitments of two declarations: repeated, changed, new, dropped)
and ``igokit reuse`` (passages reused between the ingested documents)."""

from __future__ import annotations

import click

from igokit.cli_common import _kb, emit, err, handle_errors, output_options


@click.command("diff")
@click.argument("a")
@click.argument("b")
@click.option("--threshold", type=float, default=0.6, show_default=True,
              help="Similarity from which a matched commitment counts as repeated (below: "
                   "changed).")
@click.option("--min-align", type=float, default=0.25, show_default=True,
              help="Least similarity for two commitments to be matched at all.")
@click.option("--all", "every_sentence", is_flag=True,
              help="Compare every sentence, not only those with a commitment cue.")
@click.option("--align", is_flag=True,
              help="Instead: every sentence of A and B aligned in order (monotone alignment).")
@output_options
@click.pass_context
@handle_errors
def diff(ctx: click.Context, a: str, b: str, threshold: float, min_align: float,
         every_sentence: bool, align: bool, as_json: bool, as_csv: bool) -> None:
    """What declaration B repeats, changes, adds and drops of declaration A's commitments.

    A and B are ingested document ids (see `igokit documents`) or files (read now, not
    stored), in the same language or not (across languages, sentences are matched by the
    entities, dates and numbers they share)."""
    from igokit.api import align_documents, diff_declarations

    kb = _kb(ctx)
    if align:
        aligned = align_documents(kb, a, b, min_align=min_align)
        emit(aligned, [("a_start", "A at"), ("a_text", "A"), ("b_start", "B at"),
                       ("b_text", "B"), ("similarity", "Sim."), ("basis", "By")],
             f"Alignment: {aligned.query['a']} → {aligned.query['b']} "
             f"({aligned.query['aligned']} aligned)", as_json, as_csv)
        return
    rows = diff_declarations(kb, a, b, threshold=threshold, min_align=min_align,
                             every_sentence=every_sentence)
    q = rows.query
    counts = ", ".join(f"{n} {c}" for c, n in q["counts"].items())
    emit(rows, [("status", "Class"), ("similarity", "Sim."), ("a_start", "A at"),
                ("a_text", "A"), ("b_start", "B at"), ("b_text", "B"), ("cues", "Cues")],
         f"{q['a']['label']} → {q['b']['label']}: {counts}", as_json, as_csv)
    if not as_json and not as_csv and not q["a"]["units"] and not q["b"]["units"]:
        err.print("[yellow]no commitment cue in either document: try --all[/yellow]")


@click.command("reuse")
@click.option("--threshold", type=float, default=0.5, show_default=True,
              help="Least score (the larger of shingle Jaccard and containment) of a pair.")
@click.option("--k", "k", type=click.IntRange(1, 12), default=4, show_default=True,
              help="Words per shingle.")
@click.option("--limit", type=int, default=200, show_default=True, help="Most pairs to show.")
@output_options
@click.pass_context
@handle_errors
def reuse(ctx: click.Context, threshold: float, k: int, limit: int, as_json: bool,
          as_csv: bool) -> None:
    """Passages of the ingested documents found again (nearly) word for word in another
    ingested document: MinHash LSH over word shingles (word forms normalised)."""
    from igokit.api import find_reuse

    rows = find_reuse(_kb(ctx), threshold=threshold, k=k, limit=limit)
    emit(rows, [("doc_a", "A"), ("a_start", "A at"), ("doc_b", "B"), ("b_start", "B at"),
                ("sentences", "Sent."), ("score", "Score"), ("text_a", "Passage (A)")],
         f"Reused passages ({rows.query['pairs']}, from {rows.query['units']} sentences)",
         as_json, as_csv)
