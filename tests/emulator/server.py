"""The emulator's server process: moto's WSGI application plus the project's extensions.

Run by ``start`` as ``python -m tests.emulator.server``; not meant to be started by hand. It builds
the application exactly as ``moto.server`` and ``ThreadedMotoServer`` do, serves it with werkzeug's
threaded server (Ansible forks talk to it concurrently), and once the socket is bound writes
``{"host": ..., "port": ...}`` to ``--ready-fd`` so that the parent learns the port the kernel picked.
"""

import argparse
import importlib
import json
import os
import pkgutil

from tests.emulator import extensions
from tests.emulator.loopback import is_loopback_host


def load_extensions() -> list[str]:
    """Import every module of ``tests/emulator/extensions`` and call its ``register()``; return their names."""
    loaded = []
    for module_info in pkgutil.iter_modules(extensions.__path__):
        module = importlib.import_module(f"{extensions.__name__}.{module_info.name}")
        register = getattr(module, "register", None)
        if callable(register):
            register()
            loaded.append(module_info.name)
    return loaded


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.emulator.server")
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--ready-fd", type=int, required=True)
    parser.add_argument("--name", help="only shown in ps and the log, to tell emulators apart")
    args = parser.parse_args(argv)
    if not is_loopback_host(args.host):
        parser.error(f"refusing to bind {args.host!r}: the emulator listens on loopback only")

    # moto reads most settings from the environment at import time: import it only now.
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    from werkzeug.serving import make_server

    loaded = load_extensions()
    server = make_server(args.host, args.port, DomainDispatcherApplication(create_backend_app), threaded=True)
    host, port = server.server_address[:2]
    # Services that build URLs to themselves (e.g. Lambda's MOTO_HTTP_ENDPOINT) read the port here.
    os.environ["MOTO_PORT"] = str(port)
    print(f"emulator {args.name}: serving on {host}:{port}, extensions: {', '.join(loaded) or 'none'}", flush=True)
    with os.fdopen(args.ready_fd, "w") as ready:
        json.dump({"host": host, "port": port}, ready)
    server.serve_forever()


if __name__ == "__main__":
    main()
