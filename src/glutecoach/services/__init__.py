"""Use cases: what the CLI (and later the web app) ask glutecoach to do."""
