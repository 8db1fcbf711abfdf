"""The exercise library: YAML data files, their loader, cross-file checks and queries."""
