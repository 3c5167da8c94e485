"""Log handler for the console: writes to whatever `sys.stderr` is when a record is emitted, not
the stream that was current when logging was configured (a daemon, a test runner or a CLI can
swap stderr afterwards; a handler holding the old, closed stream loses the records)."""
from __future__ import annotations

import logging
import sys


class StderrHandler(logging.StreamHandler):
    def __init__(self, level=logging.NOTSET):
        logging.Handler.__init__(self, level)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):  # StreamHandler.setStream; the stream is always the current stderr
        pass
