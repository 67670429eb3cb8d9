"""``python -m fractal_lba``: the SDK's command line (see :mod:`fractal_lba.cli`)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
