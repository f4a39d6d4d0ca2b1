"""The project's local AWS emulator: moto's server on loopback, plus the extensions in ``extensions/``.

Command line: ``scripts/emulator {start,stop,reset,status,env,run}`` (see ``docs/emulator.md``).
From Python (test fixtures, the benchmark)::

    from tests.emulator import Emulator
    emulator = Emulator("mytests")
    endpoint = emulator.start()      # reuses a healthy one of that name
    emulator.reset()
    ...
    emulator.stop()
"""

from tests.emulator.instance import Emulator, EmulatorError
from tests.emulator.loopback import is_loopback_url

__all__ = ["Emulator", "EmulatorError", "is_loopback_url"]
