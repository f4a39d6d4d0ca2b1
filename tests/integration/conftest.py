"""Integration tests: whole playbooks against the local AWS emulator, through ansible-playbook."""

import json
import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.emulator import Emulator  # noqa: E402

ANSIBLE_PLAYBOOK = str(Path(sys.executable).with_name("ansible-playbook"))


@dataclass
class PlaybookRun:
    returncode: int
    report: dict
    stderr: str

    @property
    def stats(self) -> dict:
        return self.report.get("stats", {})

    def total(self, key: str) -> int:
        return sum(host[key] for host in self.stats.values())

    def changed_tasks(self) -> list[str]:
        return [
            f"{task['task']['name']} [{host}]"
            for play in self.report.get("plays", [])
            for task in play["tasks"]
            for host, result in task["hosts"].items()
            if result.get("changed")
        ]

    def failure_messages(self) -> str:
        """Every failed task's message, as one text to search."""
        return "\n".join(
            json.dumps(result.get("msg", result))
            for play in self.report.get("plays", [])
            for task in play["tasks"]
            for result in task["hosts"].values()
            if result.get("failed")
        )


@pytest.fixture(scope="session")
def emulator():
    emulator = Emulator(f"pytest-integration-{uuid.uuid4().hex[:8]}")
    emulator.start()
    yield emulator
    emulator.stop()
    emulator.log_path.unlink(missing_ok=True)


@pytest.fixture
def empty_emulator(emulator):
    emulator.reset()
    return emulator


@pytest.fixture
def run_playbook(emulator):
    """run_playbook(*inventories, check=False, playbook="playbooks/site.yml") -> PlaybookRun, with the emulator overlay."""

    def run(*inventories, check=False, playbook="playbooks/site.yml", extra_vars=None, env=None):
        argv = [ANSIBLE_PLAYBOOK, str(REPO_ROOT / playbook)]
        for inventory in (*inventories, REPO_ROOT / "inventories" / "emulator"):
            argv += ["-i", str(inventory)]
        if check:
            argv.append("--check")
        if extra_vars:
            argv += ["-e", json.dumps(extra_vars)]
        env = {**os.environ, **emulator.child_env(), "ANSIBLE_STDOUT_CALLBACK": "ansible.posix.json",
               "ANSIBLE_CONFIG": str(REPO_ROOT / "ansible.cfg"), **(env or {})}
        done = subprocess.run(argv, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=1200,
                              check=False)
        try:
            report = json.loads(done.stdout)
        except json.JSONDecodeError:
            report = {"unparsed_stdout": done.stdout}
        return PlaybookRun(done.returncode, report, done.stderr)

    return run


@pytest.fixture
def aws(emulator):
    def client(service: str):
        return boto3.client(service, endpoint_url=emulator.endpoint(), region_name="us-east-1",
                            aws_access_key_id="testing", aws_secret_access_key="testing")

    return client


@pytest.fixture
def inventory_copy(tmp_path):
    """inventory_copy("tiger") -> a writable copy of inventories/tiger to break on purpose."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(REPO_ROOT / "inventories" / name, target)
        return target

    return copy


@pytest.fixture
def vpcs(aws):
    """vpcs() -> ids of the VPCs besides the default one."""

    def list_vpcs() -> list[str]:
        found = aws("ec2").describe_vpcs(Filters=[{"Name": "is-default", "Values": ["false"]}])["Vpcs"]
        return [vpc["VpcId"] for vpc in found]

    return list_vpcs


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT
