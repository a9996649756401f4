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

    def to_data(self) -> dict[str, object]:
        """The error as plain data (class name, message, fields) that crosses a process or a
        network boundary; :func:`error_from_data` rebuilds it."""
        return {"class": type(self).__name__, "message": str(self), "fields": self._fields()}

    def _fields(self) -> dict[str, object]:
        return {}

    def __reduce__(self) -> tuple[object, ...]:
        # Exceptions pickle as ``cls(*self.args)``, which breaks every subclass whose
        # constructor takes other arguments than its message (a worker's ReadError could not
        # be unpickled in the parent: BrokenProcessPool). Pickle through the plain data.
        return (error_from_data, (self.to_data(),))


class InputError(IGOkitError, ValueError):
    """A problem with what the user asked for (a name, a date, a selector): exit code 2."""

    code = "input-error"
    exit_code = 2
    http_status = 400


class DataError(IGOkitError):
    """Curated YAML that does not validate; ``problems`` lists every ``file:line: message``."""

    code = "data-error"

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        shown = "\n".join(problems[:50])
        more = f"\n... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in the curated data:\n{shown}{more}")

    def _fields(self) -> dict[str, object]:
        return {"problems": list(self.problems)}


class UnknownEntityError(InputError, LookupError):
    """A name or id that the knowledge base does not know; ``suggestions`` holds close names."""

    code = "unknown-entity"
    http_status = 404

    def __init__(self, name: str, suggestions: list[str] | None = None, kind: str = "name") -> None:
        self.name = name
        self.suggestions = suggestions or []
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        self.kind = kind
        super().__init__(f"Unknown {kind} {name!r}.{hint}")

    def _fields(self) -> dict[str, object]:
        return {"name": self.name, "suggestions": list(self.suggestions), "kind": self.kind}


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
        self.reason = message
        super().__init__(f"{path}: {message}")

    def _fields(self) -> dict[str, object]:
        return {"path": self.path, "message": self.reason}


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


class BudgetExceededError(ReadError):
    """A file that would need more than a budget allows (decompressed size, XML depth or
    entities, YAML aliases, time, text size): refused, named, and the batch goes on."""

    code = "budget-exceeded"


class StaleDataWarning(UserWarning):
    """The curated data does not validate, so the knowledge base could not be rebuilt: answers
    come from the last good build. ``problems`` lists the curated data's problems."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = list(problems)


class InternalError(IGOkitError):
    """Anything IGOkit did not raise on purpose: a bug, reported as such (never as bad input)."""

    code = "internal-error"


def error_from_data(data: dict[str, object]) -> IGOkitError:
    """Rebuild an error sent as :meth:`IGOkitError.to_data`. An unknown class name comes back as
    an :class:`InternalError` carrying the message (nothing is lost, nothing is executed)."""
    name = str(data.get("class", ""))
    message = str(data.get("message", ""))
    fields = data.get("fields")
    fields = fields if isinstance(fields, dict) else {}
    cls = _class_named(name)
    try:
        if cls is None:
            return InternalError(message)
        if issubclass(cls, ReadError):
            return cls(str(fields.get("path", "")), str(fields.get("message", message)))
        if cls is DataError:
            problems = fields.get("problems")
            listed = problems if isinstance(problems, list) else [message]
            return DataError([str(p) for p in listed])
        if cls is UnknownEntityError:
            sugg = fields.get("suggestions")
            return UnknownEntityError(str(fields.get("name", "")),
                                      [str(s) for s in sugg] if isinstance(sugg, list) else None,
                                      str(fields.get("kind", "name")))
        return cls(message)
    except Exception:  # a subclass with an unusual constructor: keep the message
        return InternalError(message)


def _class_named(name: str) -> type[IGOkitError] | None:
    """The IGOkitError subclass called ``name``, wherever it is defined (looked up at call
    time, so subclasses in other modules count)."""
    todo: list[type[IGOkitError]] = [IGOkitError]
    while todo:
        cls = todo.pop()
        if cls.__name__ == name:
            return cls
        todo.extend(cls.__subclasses__())
    return None
