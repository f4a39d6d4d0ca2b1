"""Benchmark a playbook on the local AWS emulator: converge from empty, reconverge, then --check.

For each phase: wall time, tasks and results, changed and failed counts, the AWS API requests
the emulator received (by service and operation) and a census of what it holds afterwards.
See tests/benchmark/README.md. Run through ``scripts/benchmark``.
"""

import argparse
import importlib.metadata
import importlib.util
import json
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))  # run as a script: tests.* resolves from the repository root

from tests.benchmark import census  # noqa: E402
from tests.benchmark.api_calls import count_calls, parse_recording  # noqa: E402
from tests.benchmark.playbook_report import summarize  # noqa: E402
from tests.emulator import Emulator  # noqa: E402

EMULATOR_NAME = "benchmark"
PHASES = (("converge", ()), ("reconverge", ()), ("check", ("--check",)))
STRATEGIES = ("linear", "free", "mitogen")
RECORDER = "/moto-api/recorder"
STDERR_TAIL_LINES = 30


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    inventories = [_locate(path) for path in args.inventory]
    overlay = [_locate(args.overlay)] if args.overlay else []
    playbook = _locate(args.playbook)
    label = "+".join(path.stem for path in inventories)
    output = Path(args.output or REPO_ROOT / "tests" / "benchmark" / "results" / f"{label}-{args.strategy}.json")

    command = [_ansible_playbook(), str(playbook)]
    for inventory in [*inventories, *overlay]:
        command += ["-i", str(inventory)]
    if args.forks:
        command += ["--forks", str(args.forks)]

    emulator = Emulator(EMULATOR_NAME)
    with emulator.running():
        emulator.reset()
        env = {
            **emulator.child_env(),
            **_strategy_env(args.strategy),
            "ANSIBLE_STDOUT_CALLBACK": "ansible.posix.json",
            "ANSIBLE_JSON_INDENT": "0",
        }
        phases = {name: _run_phase(emulator, command + list(extra), env) for name, extra in PHASES}

    result = {
        "inventory": [str(path) for path in inventories],
        "overlay": [str(path) for path in overlay],
        "playbook": args.playbook,
        "strategy": args.strategy,
        "forks": args.forks,
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "versions": _versions(args.strategy),
        "requests_total": sum(phase["requests"]["total"] for phase in phases.values()),
        "phases": phases,
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2) + "\n")
    _print_table(label, result)
    print(f"written to {output}")
    return 0 if all(phase["exit_code"] == 0 for phase in phases.values()) else 1


def _run_phase(emulator: Emulator, command: list[str], env: dict[str, str]) -> dict:
    emulator.post(f"{RECORDER}/reset-recording")
    emulator.post(f"{RECORDER}/start-recording")
    started = time.monotonic()
    try:
        finished = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False)
    finally:
        wall = time.monotonic() - started
        emulator.post(f"{RECORDER}/stop-recording")
    calls = count_calls(parse_recording(emulator.request(f"{RECORDER}/download-recording").decode()))
    return {
        "wall_s": round(wall, 2),
        "exit_code": finished.returncode,
        **_playbook_counts(finished),
        "requests": {"total": sum(sum(ops.values()) for ops in calls.values()), "by_service": calls},
        "resources": census.take(emulator.env()),
    }


def _playbook_counts(finished: subprocess.CompletedProcess) -> dict:
    """The callback's counts; its report is one line of JSON, the last such line of stdout."""
    reports = [line for line in finished.stdout.splitlines() if line.startswith("{")]
    if reports:
        return summarize(json.loads(reports[-1]))
    return {
        "error": "ansible-playbook wrote no JSON report",
        "stderr_tail": finished.stderr.splitlines()[-STDERR_TAIL_LINES:],
    }


def _locate(path: str) -> Path:
    """``path`` from the current directory, else from the repository root (where the defaults are)."""
    for base in (Path.cwd(), REPO_ROOT):
        if (base / path).exists():
            return (base / path).resolve()
    sys.exit(f"benchmark: {path} exists neither in {Path.cwd()} nor in {REPO_ROOT}")


def _strategy_env(strategy: str) -> dict[str, str]:
    if strategy != "mitogen":
        return {"ANSIBLE_STRATEGY": strategy}
    spec = importlib.util.find_spec("ansible_mitogen")
    if spec is None:
        sys.exit("benchmark: --strategy mitogen needs the mitogen package in this Python")
    return {
        "ANSIBLE_STRATEGY_PLUGINS": str(Path(spec.origin).parent / "plugins" / "strategy"),
        "ANSIBLE_STRATEGY": "mitogen_linear",
    }


def _ansible_playbook() -> str:
    """The ansible-playbook beside this Python (the venv's), else the one on PATH."""
    beside = Path(sys.executable).parent / "ansible-playbook"
    return str(beside) if beside.exists() else "ansible-playbook"


def _versions(strategy: str) -> dict[str, str]:
    packages = ["ansible-core", "moto", "boto3"] + (["mitogen"] if strategy == "mitogen" else [])
    return {package: importlib.metadata.version(package) for package in packages}


def _print_table(label: str, result: dict) -> None:
    print(
        f"\n{label}: {result['playbook']}, strategy {result['strategy']}, forks {result['forks'] or 'from ansible.cfg'}"
    )
    columns = ("wall_s", "tasks", "results", "changed", "failed")
    print(f"{'phase':<12}" + "".join(f"{column:>9}" for column in columns) + f"{'requests':>10}")
    for name, phase in result["phases"].items():
        cells = "".join(f"{phase.get(column, '-'):>9}" for column in columns)
        print(f"{name:<12}{cells}{phase['requests']['total']:>10}")
        for failure in phase.get("failures", []):
            print(f"    failed: {failure['task']} on {failure['host']}: {failure['msg']}")
        for line in phase.get("stderr_tail", []):
            print(f"    {line}")
    print(f"requests in all phases: {result['requests_total']}")
    final = list(result["phases"].values())[-1]["resources"]
    print("resources at the end: " + ", ".join(f"{name} {count}" for name, count in final.items()))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scripts/benchmark", description=__doc__)
    parser.add_argument(
        "--inventory",
        action="append",
        required=True,
        help="inventory to converge; repeat to pass several (all go to one run, in order)",
    )
    parser.add_argument("--playbook", default="playbooks/site.yml", help="default: %(default)s")
    parser.add_argument(
        "--overlay",
        default="inventories/emulator",
        help="inventory given last, pointing modules at the emulator (default: %(default)s; '' for none)",
    )
    parser.add_argument("--strategy", choices=STRATEGIES, default="linear", help="default: %(default)s")
    parser.add_argument("--forks", type=int, help="default: ansible.cfg's")
    parser.add_argument("--output", help="JSON file (default: tests/benchmark/results/INVENTORY-STRATEGY.json)")
    return parser


if __name__ == "__main__":
    sys.exit(main())
