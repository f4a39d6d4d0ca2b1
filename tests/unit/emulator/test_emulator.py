"""The emulator command, through scripts/emulator as Molecule and developers call it, from another cwd."""

import json
import subprocess

import boto3
import pytest

from tests.emulator import is_loopback_url
from tests.emulator.instance import REPO_ROOT, STATE_DIR

SCRIPT = REPO_ROOT / "scripts" / "emulator"


def emulator_cli(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False)


@pytest.fixture(scope="module")
def started(make_name, tmp_path_factory):
    """(name, endpoint) of an emulator started by the command on a free port."""
    name, cwd = make_name(), tmp_path_factory.mktemp("elsewhere")
    result = emulator_cli("start", "--name", name, "--port", "0", cwd=cwd)
    assert result.returncode == 0, result.stderr
    yield name, result.stdout.strip()
    emulator_cli("stop", "--name", name, cwd=cwd)


def test_start_writes_state_and_is_idempotent(started, tmp_path):
    name, endpoint = started
    state = json.loads((STATE_DIR / f"{name}.json").read_text())
    assert state["endpoint"] == endpoint == f"http://127.0.0.1:{state['port']}"
    assert state["port"] > 0 and state["pid"] > 0 and state["log"].endswith(f"{name}.log")

    again = emulator_cli("start", "--name", name, cwd=tmp_path)
    assert (again.returncode, again.stdout.strip()) == (0, endpoint)
    assert json.loads((STATE_DIR / f"{name}.json").read_text())["pid"] == state["pid"]


def test_status_reports_healthy(started, tmp_path):
    name, endpoint = started
    result = emulator_cli("status", "--name", name, cwd=tmp_path)
    assert result.returncode == 0
    assert endpoint in result.stdout and "healthy" in result.stdout


def test_reset_empties_state(started, tmp_path):
    name, endpoint = started
    ec2 = boto3.client("ec2", endpoint_url=endpoint, region_name="us-east-1")
    vpc_id = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    assert vpc_id in [vpc["VpcId"] for vpc in ec2.describe_vpcs()["Vpcs"]]

    assert emulator_cli("reset", "--name", name, cwd=tmp_path).returncode == 0
    assert vpc_id not in [vpc["VpcId"] for vpc in ec2.describe_vpcs()["Vpcs"]]


def test_push_image_puts_tagged_images_into_ecr_once(started, tmp_path):
    name, endpoint = started
    ecr = boto3.client("ecr", endpoint_url=endpoint, region_name="us-east-1")
    ecr.create_repository(repositoryName="demo-app", imageTagMutability="IMMUTABLE")

    first = emulator_cli("push-image", "--name", name, "demo-app", "v1", "v2", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    again = emulator_cli("push-image", "--name", name, "demo-app", "v1", cwd=tmp_path)
    assert again.returncode == 0, again.stderr

    images = ecr.describe_images(repositoryName="demo-app")["imageDetails"]
    assert sorted(tag for image in images for tag in image["imageTags"]) == ["v1", "v2"]
    # One image per tag, each with its own digest, which the command prints; pushing v1 again changes nothing.
    digests = dict(line.split() for line in first.stdout.splitlines())
    assert len(set(digests.values())) == 2 and again.stdout.split() == ["demo-app:v1", digests["demo-app:v1"]]
    missing = emulator_cli("push-image", "--name", name, "no-such-repository", "v1", cwd=tmp_path)
    assert missing.returncode != 0 and "RepositoryNotFoundException" in missing.stderr


def test_env_points_at_the_emulator_without_masking_overrides(started, tmp_path):
    name, endpoint = started
    lines = emulator_cli("env", "--name", name, cwd=tmp_path).stdout.splitlines()
    assert f"export SEED_EMULATOR_ENDPOINT={endpoint}" in lines
    assert "export AWS_ACCESS_KEY_ID=testing" in lines and "export AWS_REGION=us-east-1" in lines
    assert not any(line.startswith("export AWS_ENDPOINT_URL") for line in lines)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.com", "::"])
def test_start_refuses_a_non_loopback_host(host, unique_name, tmp_path):
    result = emulator_cli("start", "--name", unique_name, "--host", host, cwd=tmp_path)
    assert result.returncode == 1 and "loopback only" in result.stderr
    assert not (STATE_DIR / f"{unique_name}.json").exists()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:5000", True),
        ("http://localhost:1", True),
        ("http://[::1]:8080/moto-api/", True),
        ("http://127.1.2.3", True),
        ("http://10.0.0.1:5000", False),
        ("https://ec2.us-east-1.amazonaws.com", False),
        ("http://localhost.example.com", False),
        ("", False),
        ("http://[::1", False),
    ],
)
def test_is_loopback_url(url, expected):
    assert is_loopback_url(url) is expected


def test_run_propagates_exit_code_and_env_then_stops(unique_name, tmp_path):
    check = 'test "$AWS_ACCESS_KEY_ID" = testing && test -z "${AWS_ENDPOINT_URL:-}" && echo "$SEED_EMULATOR_ENDPOINT"; exit 7'
    result = subprocess.run(
        [str(SCRIPT), "run", "--name", unique_name, "--", "sh", "-c", check],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "AWS_ENDPOINT_URL": "http://x"},
        check=False,
    )
    assert result.returncode == 7, result.stderr
    assert is_loopback_url(result.stdout.strip())
    assert not (STATE_DIR / f"{unique_name}.json").exists()


def test_run_leaves_an_already_running_emulator_running(started, tmp_path):
    name, endpoint = started
    result = emulator_cli("run", "--name", name, "--", "true", cwd=tmp_path)
    assert result.returncode == 0
    assert emulator_cli("status", "--name", name, cwd=tmp_path).returncode == 0


def test_stop_removes_the_state_file(unique_name, tmp_path):
    assert emulator_cli("start", "--name", unique_name, cwd=tmp_path).returncode == 0
    assert (STATE_DIR / f"{unique_name}.json").exists()

    assert emulator_cli("stop", "--name", unique_name, cwd=tmp_path).returncode == 0
    assert not (STATE_DIR / f"{unique_name}.json").exists()
    assert emulator_cli("status", "--name", unique_name, cwd=tmp_path).returncode == 1
    assert emulator_cli("stop", "--name", unique_name, cwd=tmp_path).returncode == 0
