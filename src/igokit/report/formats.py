"""The names of the export tables and formats (light: the CLI's choices need them at start-up,
without importing pandas)."""

TABLES = ("statements", "members", "timeline", "summits", "initiatives", "indicators", "codes",
          "documents")
FORMATS = ("csv", "parquet", "json")
