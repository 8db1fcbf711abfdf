"""The one error root of glutecoach, with narrow subclasses.

Each error carries a message written for the person who can fix it: what is wrong, where, and
what to do. The CLI maps each class to an exit code in one place.
"""

from __future__ import annotations


class GlutecoachError(Exception):
    """Root of every error glutecoach raises on purpose."""

    exit_code = 1


class InputError(GlutecoachError):
    """Something the user gave us (a file, a flag, a value) is wrong; they can fix it."""

    exit_code = 2


class InvalidFieldsError(InputError):
    """Input with problems in named fields: ``fields`` maps each field's dotted name (e.g.
    'running.monday'; '' for the value as a whole) to its message, for showing beside it. A
    field named like the whole is not named twice: ``InvalidFieldsError("email", {"email":
    "..."})`` reads 'email: ...'."""

    def __init__(self, what: str, fields: dict[str, str]) -> None:
        listed = "; ".join(
            message if name == what else f"{name or what}: {message}"
            for name, message in fields.items()
        )
        super().__init__(f"{what}: {listed}")
        self.fields = fields

    @classmethod
    def one(cls, field: str, message: str) -> InvalidFieldsError:
        """A problem with one field, e.g. ``one("email", "'x' is not an email address")``."""
        return cls(field, {field: message})


class LibraryError(GlutecoachError):
    """The exercise library's data files are invalid."""

    exit_code = 3


class NotFoundError(InputError):
    """An id that names nothing, e.g. an unknown exercise."""


class AnalysisError(GlutecoachError):
    """The analysis was asked for something the data cannot give (e.g. a frontal-plane angle
    from a side view, or arrays of mismatched shapes)."""


class NotCheckableError(InputError):
    """The exercise asked for is not judged from video; the message says why and lists the
    exercises that are (docs/video-coverage.md)."""


class StorageError(GlutecoachError):
    """The database cannot be opened, read or written (unreachable server, locked or damaged
    file, a conflicting write). The message names the database without its password."""

    exit_code = 4


class VideoError(InputError):
    """A video cannot be read: missing, empty, not a video, truncated or undecodable. The
    message names the file, the problem and what to do (record, export or copy it again)."""


class KeypointFileError(InputError):
    """A keypoint file (our CSV/JSON export) is malformed or does not fit the analysis."""


class PoseBackendError(GlutecoachError):
    """A pose back end cannot run here (unknown name, model file missing from the installed
    package, or the model failed); the message says how to fix the installation."""

    exit_code = 5


class OutputError(InputError):
    """An output file or folder cannot be written (unwritable or missing folder, a file where a
    folder should be, disk full). The message names the path and the reason; nothing
    half-written is left behind."""


class VideoWriteError(OutputError):
    """The annotated video could not be written (disk full, unwritable folder, ffmpeg failed):
    exit 2 like any other output that cannot be written."""


class ConfirmationError(InputError):
    """What was asked is unusual enough to need a yes (an exercise the plan leaves out, a date
    outside the plan or in the future). At a terminal the CLI asks each question; elsewhere this
    is exit 2, and ``--force`` accepts it."""

    def __init__(self, questions: tuple[str, ...], how: str = "add --force to accept it") -> None:
        self.questions = questions
        listing = "; ".join(questions)
        super().__init__(f"{listing}. Nothing was stored: {how}")


class ClusterError(GlutecoachError):
    """The batch engine cannot run: the Dask scheduler named cannot be reached, has no
    workers, or the local cluster cannot start. The message names the address."""

    exit_code = 7


class BatchFailuresError(GlutecoachError):
    """A batch ran to the end but some clips (or manifest rows) failed; every other clip's
    result is written, and each failure's reason is in the clips table."""

    exit_code = 6


class AccessError(GlutecoachError):
    """The person is not signed in, gave wrong credentials, or may not see or change what they
    asked for (another runner's data, an admin action)."""

    exit_code = 2


class ThrottledError(AccessError):
    """Too many failed sign-ins for one account in a short time; try again later."""
