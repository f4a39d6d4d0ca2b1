"""One named emulator: its files under ``.emulator/``, and starting, probing, resetting and stopping it.

The server runs detached (its own session, stdio on its log file) so that it outlives the command
that started it: Molecule's create playbook starts it and its destroy playbook stops it, in
separate processes. ``.emulator/NAME.json`` is how those processes find it again.
"""

import contextlib
import fcntl
import http.client
import json
import os
import select
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.emulator.loopback import endpoint_url, is_loopback_host

REPO_ROOT = Path(__file__).resolve().parents[2]
STATE_DIR = REPO_ROOT / ".emulator"
SERVER_MODULE = "tests.emulator.server"
DEFAULT_NAME = "default"
DEFAULT_HOST = "127.0.0.1"
REGION = "us-east-1"
LOG_TAIL_LINES = 20
# Variables that would send SDK calls somewhere other than where the playbook says, or with real
# credentials: a missing endpoint override must fail against the fake credentials, not be masked.
MASKING_VARIABLES = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL")

# moto settings the server starts with unless the environment sets them: a requested ACM certificate
# stays PENDING_VALIDATION for 3 seconds (moto's default is 60), long enough that the edge layer's
# wait for issuance really polls, short enough for every converge.
SERVER_DEFAULTS = {"MOTO_ACM_VALIDATION_WAIT": "3"}

# The harness never goes through an HTTP proxy, whatever the environment says.
_http = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class EmulatorError(RuntimeError):
    """The emulator could not be started, reached or stopped; the message says why."""


@dataclass(frozen=True)
class Emulator:
    name: str = DEFAULT_NAME

    @property
    def state_path(self) -> Path:
        return STATE_DIR / f"{self.name}.json"

    @property
    def log_path(self) -> Path:
        return STATE_DIR / f"{self.name}.log"

    def state(self) -> dict | None:
        """The state file's content (endpoint, port, pid, log), or None when there is none."""
        try:
            return json.loads(self.state_path.read_text())
        except FileNotFoundError:
            return None

    def endpoint(self) -> str:
        state = self.state()
        if state is None:
            raise EmulatorError(f"emulator {self.name!r} is not running (no {self.state_path})")
        return state["endpoint"]

    def healthy(self) -> bool:
        """True when the state file names a live server of ours that answers."""
        state = self.state()
        return state is not None and _is_server(state["pid"]) and _answers(state["endpoint"])

    def start(self, host: str = DEFAULT_HOST, port: int = 0, timeout: float = 60.0, env: dict | None = None) -> str:
        """Start the server unless this name already runs a healthy one; return its endpoint.

        ``env`` is added to the server's environment (moto settings such as MOTO_ACM_VALIDATION_WAIT
        are otherwise inherited from ours).
        """
        if not is_loopback_host(host):
            raise EmulatorError(f"refusing to bind {host!r}: the emulator listens on loopback only")
        with self._lock():
            if self.healthy():
                return self.endpoint()
            self._stop_locked(timeout=5.0)
            return self._spawn(host, port, timeout, env or {})

    @contextlib.contextmanager
    def running(self, keep: bool = False, **start_options):
        """Start (or reuse) it for a with-block, which gets the endpoint; stop it afterwards unless
        ``keep`` or it was running before."""
        was_running = self.healthy()
        endpoint = self.start(**start_options)
        try:
            yield endpoint
        finally:
            if not (keep or was_running):
                self.stop()

    def stop(self, timeout: float = 10.0) -> bool:
        """Stop the server (SIGTERM, then SIGKILL after ``timeout``); False when none was running."""
        with self._lock():
            return self._stop_locked(timeout)

    def reset(self) -> None:
        """Empty every moto backend of this emulator."""
        self.post("/moto-api/reset")

    def post(self, path: str) -> bytes:
        return self.request(path, method="POST")

    def request(self, path: str, method: str = "GET") -> bytes:
        """Call the moto-api of this emulator, e.g. ``request("/moto-api/recorder/download-recording")``."""
        url = self.endpoint() + path
        try:
            with _http.open(
                urllib.request.Request(url, data=b"" if method == "POST" else None, method=method)
            ) as reply:
                return reply.read()
        except OSError as error:
            raise EmulatorError(f"{method} {url} failed: {error}") from error

    def env(self) -> dict[str, str]:
        """The environment that points AWS SDKs and our playbooks at this emulator with fake credentials."""
        no_proxy = [part for part in os.environ.get("NO_PROXY", "").split(",") if part]
        return {
            "SEED_EMULATOR_ENDPOINT": self.endpoint(),
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "AWS_DEFAULT_REGION": REGION,
            "AWS_REGION": REGION,
            "AWS_EC2_METADATA_DISABLED": "true",
            # A proxy set for the internet must not see requests meant for loopback.
            "NO_PROXY": ",".join(dict.fromkeys(no_proxy + ["127.0.0.1", "localhost", "::1"])),
        }

    def child_env(self) -> dict[str, str]:
        """Our environment for a child process: masking variables dropped, ``env()`` added."""
        masking = set(masking_variables())
        return {**{k: v for k, v in os.environ.items() if k not in masking}, **self.env()}

    def log_tail(self, lines: int = LOG_TAIL_LINES) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no log)"

    @contextlib.contextmanager
    def _lock(self):
        """Serialise starts and stops across processes (parallel Molecule scenarios).

        One lock for all names: a lock file per name could not be deleted safely, and starts are short.
        """
        STATE_DIR.mkdir(exist_ok=True)
        with open(STATE_DIR / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _spawn(self, host: str, port: int, timeout: float, env: dict) -> str:
        read_end, write_end = os.pipe()
        command = [sys.executable, "-m", SERVER_MODULE, "--name", self.name, "--host", host, "--port", str(port)]
        with open(self.log_path, "w") as log:
            process = subprocess.Popen(
                [*command, "--ready-fd", str(write_end)],
                cwd=REPO_ROOT,
                env={**SERVER_DEFAULTS, **os.environ,
                     "MOTO_RECORDER_FILEPATH": str(STATE_DIR / f"{self.name}.recording"), **env},
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                pass_fds=(write_end,),
                start_new_session=True,
            )
        os.close(write_end)
        try:
            bound = _read_ready(read_end, timeout)
        finally:
            os.close(read_end)
        if bound is None:
            if (returncode := process.poll()) is None:
                _terminate(process.pid, timeout=5.0)
            raise self._start_failed(
                f"timed out after {timeout:.0f}s" if returncode is None else f"exited with code {returncode}"
            )
        endpoint = endpoint_url(bound["host"], bound["port"])
        state = {
            "name": self.name,
            "endpoint": endpoint,
            "port": bound["port"],
            "pid": process.pid,
            "log": str(self.log_path),
        }
        self.state_path.write_text(json.dumps(state, indent=2) + "\n")
        if not _wait_until(lambda: _answers(endpoint), timeout):
            self._stop_locked(timeout=5.0)
            raise self._start_failed(f"bound {endpoint} but never answered")
        return endpoint

    def _start_failed(self, why: str) -> EmulatorError:
        return EmulatorError(f"emulator {self.name!r} {why}; {self.log_path} ends with:\n{self.log_tail()}")

    def _stop_locked(self, timeout: float) -> bool:
        state = self.state()
        if state is None:
            return False
        was_running = _is_server(state["pid"])
        if was_running:
            _terminate(state["pid"], timeout)
        self.state_path.unlink(missing_ok=True)
        return was_running


def masking_variables() -> list[str]:
    """What users of ``Emulator.env()`` must unset: profiles and every AWS_ENDPOINT_URL* override."""
    overrides = sorted(name for name in os.environ if name.startswith("AWS_ENDPOINT_URL_"))
    return [*MASKING_VARIABLES, *overrides]


def _read_ready(fd: int, timeout: float) -> dict | None:
    """What the server wrote on its ready pipe, or None if it exited or timed out first."""
    data = b""
    deadline = time.monotonic() + timeout
    while (remaining := deadline - time.monotonic()) > 0:
        if not select.select([fd], [], [], remaining)[0]:
            break
        chunk = os.read(fd, 4096)
        if not chunk:
            return json.loads(data) if data else None
        data += chunk
    return None


def _answers(endpoint: str) -> bool:
    try:
        with _http.open(f"{endpoint}/moto-api/", timeout=2) as reply:
            return reply.status == 200
    except (OSError, http.client.HTTPException):
        return False


def _is_server(pid: int) -> bool:
    """True while ``pid`` is a running emulator server; a recycled pid of another program is not."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaps it when this very process started it, so it cannot linger as a zombie
    try:
        return SERVER_MODULE.encode() in Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return False


def _terminate(pid: int, timeout: float) -> None:
    """SIGTERM the server's process group, SIGKILL it if it is still there after ``timeout``."""
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, sig)
        if _wait_until(lambda: not _is_server(pid), wait):
            return
    raise EmulatorError(f"emulator process {pid} survived SIGKILL")


def _wait_until(condition, timeout: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)
    return True
