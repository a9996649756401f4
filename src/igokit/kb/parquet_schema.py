"""The Parquet layout of a processed corpus: five tables, their Arrow schemas, file names.

``igokit process`` (:mod:`igokit.engine.distributed`) writes it; :mod:`igokit.kb.parquet_import`
loads it into a knowledge base; pandas, pyarrow, DuckDB or Spark read it as it is::

    OUT/_dataset.json                   layout version and the settings of the run
    OUT/_manifests/part-00000.json      one per partition: its files, fingerprint, counts, failures
    OUT/documents/part-00000.parquet    one row per document (text and extraction JSON)
    OUT/passages/part-00000.parquet     one row per passage: offsets into the document's text
    OUT/mentions/part-00000.parquet     one row per entity mention
    OUT/codes/part-00000.parquet        one row per (passage, policy area) the codebook scores
    OUT/claims/part-00000.parquet       one row per checked claim with its verdict

Every table is keyed by the document's ``sha256`` (of the file's bytes, as in the knowledge
base), so partitions join without any global numbering. The text is stored once (in
``documents``); passages, mentions, codes and claims hold code-point offsets into it. The schemas
are defined here once: every partition has exactly these columns, even an empty one.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

LAYOUT_VERSION = "igokit.parquet.v1"

#: Parquet column compression: zstd keeps the text and the extraction JSON ~4x smaller and is
#: read by pandas/pyarrow, DuckDB and Spark alike.
COMPRESSION = "zstd"

_S = pa.string()
_I = pa.int64()

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        ("sha256", _S), ("path", _S), ("format", _S), ("title", _S), ("date", _S),
        ("url", _S), ("lang", _S), ("size", _I), ("pages", pa.int32()), ("n_chars", _I),
        ("n_words", _I),
        ("meta", _S),  # JSON object
        ("text", pa.large_string()),
        # ``Extraction.to_dict()`` without the text, as JSON (paragraphs, sentences, mentions,
        # dates, quantities, meta): what ``igokit load-parquet`` stores in the knowledge base
        ("extraction", pa.large_string()),
        ("n_passages", pa.int32()), ("n_mentions", pa.int32()), ("n_claims", pa.int32()),
        ("claims_as_of", _S), ("claims_as_of_source", _S), ("claims_dating", _S),
        ("partition", _S),
    ]),
    "passages": pa.schema([
        ("sha256", _S), ("seq", pa.int32()), ("start", _I), ("end", _I), ("lang", _S),
    ]),
    "mentions": pa.schema([
        ("sha256", _S), ("passage_seq", pa.int32()), ("start", _I), ("end", _I),
        ("entity", _S), ("kind", _S), ("text", _S),
    ]),
    "codes": pa.schema([
        ("sha256", _S), ("passage_seq", pa.int32()), ("start", _I), ("end", _I), ("lang", _S),
        ("area", _S), ("score", pa.float64()),
        ("coded", pa.bool_()),  # score at or above the coder's threshold
        ("terms", pa.list_(_S)),
    ]),
    "claims": pa.schema([
        ("sha256", _S), ("seq", pa.int32()), ("start", _I), ("end", _I), ("type", _S),
        ("verdict", _S), ("text", _S), ("read_as", _S), ("expected", _S), ("reason", _S),
        ("correction", _S), ("reference_date", _S), ("valid_during", pa.list_(_S)),
        ("sources", pa.list_(_S)),
    ]),
}

TABLES: tuple[str, ...] = tuple(SCHEMAS)
MANIFESTS = "_manifests"
DATASET_FILE = "_dataset.json"


def partition_name(index: int) -> str:
    return f"part-{index:05d}"


def table_file(out: Path, table: str, partition: str) -> Path:
    return out / table / f"{partition}.parquet"


def manifest_file(out: Path, partition: str) -> Path:
    return out / MANIFESTS / f"{partition}.json"


def table_files(out: Path, table: str) -> list[Path]:
    """The finished partition files of one table, in partition order (temporary files, which
    start with a dot, are not listed: readers skip them too)."""
    folder = out / table
    return sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []
