"""``python -m clover_desk.app``: the self-test (the window opens via ``clover_desk.launch``)."""

import sys

from clover_desk.app import main

# Guarded: the history's writer process is started with "spawn", which imports this
# module again in the child under another name; there it must not run the self-test.
if __name__ == "__main__":
    sys.exit(main())
