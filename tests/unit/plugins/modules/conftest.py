"""Running our modules in-process: arguments in, the result of exit_json/fail_json out."""

import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws

from ansible.module_utils import basic
from ansible.module_utils.testing import patch_module_args

REGION = "us-east-1"


class ModuleExit(Exception):
    """Carries the keyword arguments of exit_json or fail_json out of the module."""

    def __init__(self, result):
        super().__init__(result)
        self.result = result


def _exit_json(self, **kwargs):
    raise ModuleExit(dict(kwargs, failed=False))


def _fail_json(self, msg, **kwargs):
    raise ModuleExit(dict(kwargs, msg=msg, failed=True))


@pytest.fixture
def run_module(monkeypatch):
    """Return ``run(main, args, check_mode=False, diff=False) -> result``; a failure has ``failed: True``."""
    monkeypatch.setattr(basic.AnsibleModule, "exit_json", _exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", _fail_json)

    def run(main, args, check_mode=False, diff=False):
        module_args = dict(args, region=REGION, _ansible_check_mode=check_mode, _ansible_diff=diff)
        with patch_module_args(module_args), pytest.raises(ModuleExit) as exited:
            main()
        return exited.value.result

    return run


@pytest.fixture
def api_calls(aws, monkeypatch):
    """The (operation, parameters) of every call the module makes, whatever the service, in order."""
    calls = []

    def connect(module, conn_type=None, resource=None, **kwargs):
        client = boto3.client(resource, region_name=REGION)
        client.meta.events.register(
            "provide-client-params", lambda params, model, **kw: calls.append((model.name, dict(params)))
        )
        return client

    monkeypatch.setattr("ansible_collections.amazon.aws.plugins.module_utils.modules.boto3_conn", connect)
    return calls


@pytest.fixture
def aws():
    with mock_aws():
        yield


@pytest.fixture
def ec2(aws):
    return boto3.client("ec2", region_name=REGION)


@pytest.fixture
def stubbed_ec2(monkeypatch):
    """An EC2 client whose responses the test scripts; the modules get it from ``module.client``."""
    client = boto3.client("ec2", region_name=REGION)
    monkeypatch.setattr(
        "ansible_collections.amazon.aws.plugins.module_utils.modules.boto3_conn", lambda *args, **kwargs: client
    )
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


@pytest.fixture
def iam(aws):
    return boto3.client("iam", region_name=REGION)


@pytest.fixture
def sleeps(monkeypatch):
    """Record the back-off sleeps of AWSRetry instead of waiting."""
    recorded = []
    monkeypatch.setattr("ansible_collections.amazon.aws.plugins.module_utils.cloud.time.sleep", recorded.append)
    return recorded


@pytest.fixture
def stubbed(monkeypatch):
    """``stubbed("guardduty")``: a Stubber on the client of that service, which the modules get from ``module.client``.

    Call it once per service a test scripts (a module may also ask for ``sts``); every Stubber must end with no
    pending responses.
    """
    clients, stubbers = {}, []
    monkeypatch.setattr(
        "ansible_collections.amazon.aws.plugins.module_utils.modules.boto3_conn",
        lambda module, conn_type=None, resource=None, **kwargs: clients[resource],
    )

    def stub(service):
        clients[service] = boto3.client(service, region_name=REGION)
        stubbers.append(Stubber(clients[service]))
        stubbers[-1].activate()
        return stubbers[-1]

    yield stub
    for stubber in stubbers:
        stubber.deactivate()
        stubber.assert_no_pending_responses()
