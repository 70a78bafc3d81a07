"""What test_check_xero_exchanges.py and test_check_magento_exchanges.py share.

A self-test's cases run its checker's main() on a log written from exchanges and read
back the exit status and the output; `--spec PATH` on the self-test's command line is
passed on to every run. A self-test sets sys.dont_write_bytecode and puts this folder on
sys.path before importing this module, so it runs from any working directory and leaves
no __pycache__ in the source tree.
"""

from __future__ import annotations

import io
import json
import sys
import tempfile
import unittest
from pathlib import Path
from typing import Optional

# ["--spec", PATH] when the self-test was given a spec, else empty.
SPEC: list = []


def given_spec() -> Optional[str]:
    """The spec given with --spec, or None when the checker is to find its own."""
    return SPEC[1] if SPEC else None


class CheckerTestCase(unittest.TestCase):
    """Cases that run a checker: `module` is the checker's module, whose main(argv, out=...) is run."""

    module = None

    def run_checker(self, *lines, raw: str | None = None, arguments=()) -> tuple:
        """(exit status, output) for a log of `lines` (one JSON object a line), or of the text `raw`."""
        with tempfile.TemporaryDirectory() as folder:
            log = Path(folder) / "exchanges.jsonl"
            log.write_text(raw if raw is not None else "".join(json.dumps(line) + "\n" for line in lines))
            return self.run_main([str(log), *arguments])

    def run_main(self, arguments: list) -> tuple:
        """(exit status, output) of the checker run with `arguments` and the spec given with --spec."""
        out = io.StringIO()
        status = self.module.main(arguments + SPEC, out=out)
        return status, out.getvalue()


def main() -> None:
    """Runs the self-test's cases, after taking --spec PATH off the command line for the checker."""
    if "--spec" in sys.argv:
        at = sys.argv.index("--spec")
        SPEC[:] = sys.argv[at : at + 2]
        del sys.argv[at : at + 2]
    unittest.main(module="__main__")
