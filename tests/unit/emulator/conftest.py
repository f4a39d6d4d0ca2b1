"""Fixtures for the emulator's own tests, each emulator under a name no one else is using."""

import sys
import uuid
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

REPO_ROOT = Path(__file__).resolve().parents[3]
# The emulator package is imported as ``tests.emulator``, from the repository root, as scripts/emulator runs it.
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.emulator import Emulator  # noqa: E402


@pytest.fixture(scope="session")
def make_name():
    """Makes emulator names no one else is using; their logs are removed at the end of the session."""
    names = []

    def make() -> str:
        names.append(f"pytest-{uuid.uuid4().hex[:8]}")
        return names[-1]

    yield make
    for name in names:
        Emulator(name).log_path.unlink(missing_ok=True)


@pytest.fixture
def unique_name(make_name) -> str:
    return make_name()


@pytest.fixture(scope="session")
def emulator(make_name):
    """A running emulator, shared by the tests of this folder, stopped at the end."""
    emulator = Emulator(make_name())
    emulator.start()
    yield emulator
    emulator.stop()


@pytest.fixture
def aws(emulator):
    """``aws("ec2")``: a boto3 client on a freshly reset emulator, no retries (moto answers 500 for gaps)."""
    emulator.reset()

    def client(service: str):
        config = Config(retries={"max_attempts": 1})
        return boto3.client(service, endpoint_url=emulator.endpoint(), region_name="us-east-1", config=config)

    return client
