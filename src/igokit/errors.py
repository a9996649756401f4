"""The exceptions IGOkit raises.

One base class, a few named subclasses, each with a stable ``code`` slug (frictionless-style) so
that the CLI, the web app and scripts can tell them apart without parsing messages.
"""

from __future__ import annotations


class IGOkitError(Exception):
    """Base class of every error IGOkit raises on purpose. Each class carries what the
    interfaces do with it: the CLI's exit code and the web app's HTTP status (one table, here)."""

    code = "igokit-error"
    exit_code = 1
    http_status = 500

    def __str__(self) -> str:
        return super().__str__()


class InputError(IGOkitError, ValueError):
    """A problem with what the user asked for (a name, a date, a selector): exit code 2."""

    code = "input-error"
    exit_code = 2
    http_status = 400


class DataError(IGOkitError):
    """Curated YAML that does not validate; ``problems`` lists every ``file:line: message``."""

    code = "data-error"

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = "\n".join(problems[:50])
        more = f"\n... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in the curated data:\n{shown}{more}")


class UnknownEntityError(InputError, LookupError):
    """A name or id that the knowledge base does not know; ``suggestions`` holds close names."""

    code = "unknown-entity"
    http_status = 404

    def __init__(self, name: str, suggestions: list[str] | None = None, kind: str = "name") -> None:
        self.name = name
        self.suggestions = suggestions or []
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"Unknown {kind} {name!r}.{hint}")


class DateFormatError(InputError, ValueError):
    """A date that is not YYYY, YYYY-MM or YYYY-MM-DD."""

    code = "date-format"
    http_status = 422


class ReadError(IGOkitError):
    """A document that could not be read. Subclasses say why."""

    code = "read-error"
    exit_code = 1
    http_status = 422

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")


class UnsupportedFormatError(ReadError):
    code = "unsupported-format"


class FileTooLargeError(ReadError):
    code = "file-too-large"


class NoTextLayerError(ReadError):
    """A PDF with no extractable text (a scan): OCR it first."""

    code = "no-text-layer"


class CorruptFileError(ReadError):
    code = "corrupt-file"


class EncodingError(ReadError):
    code = "encoding"


class InternalError(IGOkitError):
    """Anything IGOkit did not raise on purpose: a bug, reported as such (never as bad input)."""

    code = "internal-error"
