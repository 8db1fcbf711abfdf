"""Allow ``python -m glutecoach``."""

from glutecoach.cli.entry import main

main()
