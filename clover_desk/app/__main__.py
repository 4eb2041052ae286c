"""``python -m clover_desk.app``: the self-test (the window opens via ``clover_desk.launch``)."""

import sys

from clover_desk.app import main

sys.exit(main())
