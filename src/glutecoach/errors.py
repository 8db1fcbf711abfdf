"""The one error root of glutecoach, with narrow subclasses.

Each error carries a message written for the person who can fix it: what is wrong, where, and
what to do. The CLI maps each class to an exit code in one place.
"""


class GlutecoachError(Exception):
    """Root of every error glutecoach raises on purpose."""

    exit_code = 1


class InputError(GlutecoachError):
    """Something the user gave us (a file, a flag, a value) is wrong; they can fix it."""

    exit_code = 2


class LibraryError(GlutecoachError):
    """The exercise library's data files are invalid."""

    exit_code = 3


class NotFoundError(InputError):
    """An id that names nothing, e.g. an unknown exercise."""
