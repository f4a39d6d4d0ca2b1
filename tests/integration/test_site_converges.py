"""site.yml builds each environment in the emulator, converges to no change, and check mode agrees."""

import pytest


pytestmark = pytest.mark.emulator


# scripts/test runs Ansible with Mitogen's strategy; tiger also converges with plain Ansible's
# linear strategy, as AWX or a user's shell runs it.
PLAIN_ANSIBLE = {"ANSIBLE_STRATEGY": "linear"}


@pytest.mark.parametrize(
    "environment, azs, nat_gateways, keys, task_roles, env",
    [
        ("tiger", 2, 2, 3, ["task:celery-worker", "task:fastapi-app"], PLAIN_ANSIBLE),
        ("cheetah", 2, 2, 6, ["task:celery-worker", "task:fastapi-app"], None),
        ("prod", 3, 3, 7, ["task:celery-beat", "task:celery-worker", "task:django-api"], None),
    ],
    ids=["tiger-plain-ansible", "cheetah", "prod"],
)
def test_environment_converges_then_reports_no_change(
    empty_emulator, run_playbook, aws, vpcs, repo_root, environment, azs, nat_gateways, keys, task_roles, env
):
    inventory = repo_root / "inventories" / environment

    first = run_playbook(inventory, env=env)
    assert first.returncode == 0, first.failure_messages() or first.stderr
    assert first.total("changed") > 0
    secret_versions = _secret_versions(aws)
    assert secret_versions

    second = run_playbook(inventory, env=env)
    assert second.returncode == 0, second.failure_messages() or second.stderr
    assert second.changed_tasks() == []

    check = run_playbook(inventory, check=True, env=env)
    assert check.returncode == 0, check.failure_messages() or check.stderr
    assert check.changed_tasks() == []
    # A re-run never writes a new version of a secret: the generated values stay as they were.
    assert _secret_versions(aws) == secret_versions

    ec2 = aws("ec2")
    [vpc_id] = vpcs()
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]
    assert len(subnets) == 3 * azs
    nats = ec2.describe_nat_gateways(Filter=[{"Name": "vpc-id", "Values": [vpc_id]}])["NatGateways"]
    assert len(nats) == nat_gateways
    # Elastic IPs are reused, never allocated again by the re-runs.
    assert len(ec2.describe_addresses()["Addresses"]) == nat_gateways
    flow_logs = ec2.describe_flow_logs(Filters=[{"Name": "resource-id", "Values": [vpc_id]}])["FlowLogs"]
    assert len(flow_logs) == 1

    # The security layer: one key per declared purpose, one task role per service host.
    [platform] = [host for host in first.stats if host.endswith("-platform")]
    security = first.report["plays"][-1]["tasks"][-1]["hosts"][platform]["msg"]["security"]
    assert len(aws("kms").list_keys()["Keys"]) == len(security["kms_key_arns"]) == keys
    assert sorted(role for role in security["role_arns"] if role.startswith("task:")) == task_roles
    assert len(security["security_group_ids"]) == 4


def test_check_mode_on_an_empty_account_creates_nothing(empty_emulator, run_playbook, aws, vpcs, repo_root):
    run = run_playbook(repo_root / "inventories" / "tiger", check=True)
    assert run.returncode == 0, run.failure_messages() or run.stderr
    # Nothing inside a VPC can be planned before it has an id; keys, secrets and roles can.
    assert run.changed_tasks() == [
        "seed.aws_platform.network : Ensure the VPC exists with DNS support and hostnames [tiger-platform]",
        "seed.aws_platform.security : Ensure one customer-managed key per purpose, rotated, with a policy for the "
        "services that use it [tiger-platform]",
        "seed.aws_platform.security : Ensure the application secrets exist, encrypted with the secrets key [tiger-platform]",
        "seed.aws_platform.security : Ensure the layer's roles, each assumable by one AWS service on behalf of this "
        "account only [tiger-platform]",
    ]
    assert vpcs() == []
    assert aws("ec2").describe_addresses()["Addresses"] == []
    assert aws("iam").list_roles()["Roles"] == []
    assert aws("kms").list_keys()["Keys"] == []
    assert aws("secretsmanager").list_secrets()["SecretList"] == []


def _secret_versions(aws) -> dict:
    secrets = aws("secretsmanager")
    return {secret["Name"]: secrets.describe_secret(SecretId=secret["ARN"])["VersionIdsToStages"]
            for secret in secrets.list_secrets()["SecretList"]}
