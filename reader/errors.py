"""The project's own error types: each carries one line a user can read, never a traceback.

Domain modules raise these for anything a user can cause (a bad file, a bad URL, a bad query);
the CLI prints the message on stderr and exits non-zero, the reader shows it as a notification.
"""


class FeedlensError(Exception):
    """Base of every error feedlens reports to a user as one line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class FeedParseError(FeedlensError):
    """A feed's bytes could not be read as RSS, Atom, JSON Feed or OPML."""


class LibraryError(FeedlensError):
    """The library file cannot be opened, is locked, or the disk refused a write."""


class NotFoundError(FeedlensError):
    """An article, feed or annotation the user named does not exist."""


class FetchError(FeedlensError):
    """A feed could not be fetched over HTTP."""
