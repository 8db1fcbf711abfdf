"""Schema revisions, oldest first: ``r0001_initial`` then each additive change."""
