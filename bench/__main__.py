"""Entry point: `python -m bench [--quick] [--rounds N] [--only FIGURE]`."""

import sys

from .run import main

sys.exit(main())
