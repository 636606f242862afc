"""The ``presse`` console script: a Ctrl-C while the CLI is still loading ends quietly.

Loading the CLI imports the plugins and their stages, which takes a noticeable moment; this
module imports nothing heavy, so an interrupt during that moment is one ``error:`` line and
exit code 130 instead of a traceback.
"""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from presse.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted while starting; nothing was run\n")
        raise SystemExit(130) from None
    run()
