"""The Jinja2 set-up every HTML report shares: the package's templates, HTML escaping on,
undefined names an error, and block tags leaving no blank lines behind."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined


def template_environment(*, keep_trailing_newline: bool = True) -> Environment:
    """A fresh environment over ``glutecoach/reports/templates``; callers add their filters."""
    return Environment(
        loader=PackageLoader("glutecoach.reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=keep_trailing_newline,
    )
