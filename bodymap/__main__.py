"""``python -m bodymap`` runs the command line."""

import sys

from bodymap.cli import main

sys.exit(main())
