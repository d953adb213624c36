"""Errors people see. Anything else is logged with its traceback and shown as a short, kind message."""

from __future__ import annotations


class UserFacingError(Exception):
    """An error whose message is written for the person: what is wrong and how to fix it."""

    exit_code = 2

    def __init__(self, message: str, *, exit_code: int | None = None, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        # For operators (CLI and logs): setting names and the like, which a person in Slack has no use for.
        self.detail = detail
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message


class ConfigError(UserFacingError):
    """A setting is missing or invalid."""


class InputError(UserFacingError):
    """The person's input was refused (empty, too long, malformed)."""


class NotFoundError(UserFacingError):
    """A named thing (file, use case, program) does not exist."""


class UseCaseNotFound(NotFoundError):
    """No use case by the name given (the refusal names the closest or the known ones)."""


class PermissionDenied(UserFacingError):
    """The person may not do this (not an admin, not a participant)."""


class StoreError(UserFacingError):
    """The data directory or a store cannot be used as it is."""


def as_sentence(message: str) -> str:
    """A message as a person reads it, opening with a capital whatever engine worded it ('unknown rule …' ->
    'Unknown rule …'); one opening with a file name, an option or an id (updates.csv, --skip, rk-001) stays as typed."""
    first = message.split(" ", 1)[0]
    return message[:1].upper() + message[1:] if first.isalpha() and first.islower() else message


KIND_MESSAGE = "Sorry, something went wrong on my side. It has been logged; please try again in a moment."


_CANNOT_WRITE = {"EACCES": "permission denied", "EPERM": "not permitted", "EROFS": "read-only file system",
                 "ENOSPC": "no space left on the device", "EDQUOT": "disk quota exceeded"}


def from_os_error(exc: OSError) -> StoreError | None:
    """The StoreError for a file compel cannot write (permissions, a read-only or full disk); None for other OSErrors."""
    import errno

    why = _CANNOT_WRITE.get(errno.errorcode.get(exc.errno or 0, ""))
    if why is None:
        return None
    where = f" {exc.filename}" if exc.filename else ""
    return StoreError(f"cannot write{where} ({why}); make the data dir writable, or set COMPEL_DATA_DIR to a folder that is.")
