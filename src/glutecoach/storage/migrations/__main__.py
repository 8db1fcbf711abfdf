"""Developer tool: ``python -m glutecoach.storage.migrations revision "what changes"`` writes a
new revision from the difference between the newest schema and ``tables.py``."""

import sys

from glutecoach.storage.schema import make_revision

if len(sys.argv) != 3 or sys.argv[1] != "revision":
    sys.exit('usage: python -m glutecoach.storage.migrations revision "what changes"')
make_revision(sys.argv[2])
