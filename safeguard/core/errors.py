"""The one error a service raises when the rules refuse a change.

Every app's own refusal (``GovernanceError``, ``EpisodeProblem``, ``FileRefused``…) derives from
``Refused``, so a page handles them all one way: ``safeguard.core.pages.submitted`` (and
``form_page(save=...)``) turns it into the form's error, on ``field`` when the service names one.
No Django here: the data wash engine and the file readers raise it too.
"""

from __future__ import annotations


class Refused(ValueError):
    """A change the rules refuse; the message is shown to the person who asked, as it is.

    It stays a ``ValueError`` so code that caught the app errors as ``ValueError`` keeps working.
    """

    field: str | None = None

    def __init__(self, message: str = "", *, field: str | None = None) -> None:
        super().__init__(message)
        if field is not None:
            self.field = field
