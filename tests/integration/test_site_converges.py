"""site.yml builds each environment in the emulator, converges to no change, and check mode agrees."""

import pytest


pytestmark = pytest.mark.emulator


# scripts/test runs Ansible with Mitogen's strategy; tiger also converges with plain Ansible's
# linear strategy, as AWX or a user's shell runs it.
PLAIN_ANSIBLE = {"ANSIBLE_STRATEGY": "linear"}


@pytest.mark.parametrize(
    "environment, azs, nat_gateways, env",
    [("tiger", 2, 2, PLAIN_ANSIBLE), ("cheetah", 2, 2, None), ("prod", 3, 3, None)],
    ids=["tiger-plain-ansible", "cheetah", "prod"],
)
def test_environment_converges_then_reports_no_change(
    empty_emulator, run_playbook, aws, vpcs, repo_root, environment, azs, nat_gateways, env
):
    inventory = repo_root / "inventories" / environment

    first = run_playbook(inventory, env=env)
    assert first.returncode == 0, first.failure_messages() or first.stderr
    assert first.total("changed") > 0

    second = run_playbook(inventory, env=env)
    assert second.returncode == 0, second.failure_messages() or second.stderr
    assert second.changed_tasks() == []

    check = run_playbook(inventory, check=True, env=env)
    assert check.returncode == 0, check.failure_messages() or check.stderr
    assert check.changed_tasks() == []

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


def test_check_mode_on_an_empty_account_creates_nothing(empty_emulator, run_playbook, aws, vpcs, repo_root):
    run = run_playbook(repo_root / "inventories" / "tiger", check=True)
    assert run.returncode == 0, run.failure_messages() or run.stderr
    assert run.changed_tasks() == [
        "seed.aws_platform.network : Ensure the VPC exists with DNS support and hostnames [tiger-platform]"
    ]
    assert vpcs() == []
    assert aws("ec2").describe_addresses()["Addresses"] == []
    assert aws("iam").list_roles()["Roles"] == []
