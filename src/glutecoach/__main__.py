"""Allow ``python -m glutecoach``."""

from glutecoach.cli.app import main

main()
