"""A broken inventory fails in preflight, names the variable at fault, and leaves the account untouched."""

import pytest
import yaml


pytestmark = pytest.mark.emulator


def edit(inventory, layer: str, **changes) -> None:
    """Change variables of group_vars/<env>/<layer>.yml, or of host_vars/<host>.yml when layer is a host."""
    path = inventory / "group_vars" / inventory.name / f"{layer}.yml"
    if not path.exists():
        path = inventory / "host_vars" / f"{layer}.yml"
    values = yaml.safe_load(path.read_text())
    values.update(changes)
    path.write_text(yaml.safe_dump(values))


TIGER_DATABASE = {"engine": "postgres", "instance_class": "db.t3.micro", "allocated_storage_gb": 20, "max_allocated_storage_gb": 100,
                  "multi_az": False, "database_name": "fastapi", "master_username": "fastapi_admin", "deletion_protection": False}

BAD_INVENTORIES = {
    "overlapping subnets": (
        "network",
        {"network_subnets": {"public": ["10.0.1.0/24", "10.0.2.0/24"], "private": ["10.0.1.128/25", "10.0.11.0/24"],
                             "database": ["10.0.20.0/24", "10.0.21.0/24"]}},
        "network_subnets.private[0]: 10.0.1.128/25 overlaps 10.0.1.0/24 (network_subnets.public[0])",
    ),
    "subnet outside the VPC": (
        "network",
        {"network_subnets": {"public": ["10.0.1.0/24", "10.0.2.0/24"], "private": ["10.0.10.0/24", "10.0.11.0/24"],
                             "database": ["10.0.20.0/24", "192.168.21.0/24"]}},
        "network_subnets.database[1]: 192.168.21.0/24 is outside the VPC CIDR 10.0.0.0/16 (network_vpc_cidr)",
    ),
    "unknown NAT strategy": (
        "network",
        {"network_nat_strategy": "per_region"},
        "network_nat_strategy",
    ),
    "fewer zones than the database tier needs": (
        "network",
        {"network_availability_zones": ["us-east-1a"], "network_subnets": {}},
        "network_availability_zones: 1 zone(s) given; the database tier needs at least 2",
    ),
    "name over its AWS limit": (
        "platform",
        {"platform_name_prefix": "tiger-" + "x" * 52},
        "does not fit the flow_logs_role: iam_role name",
    ),
    "unknown permission kind": (
        "tiger-fastapi-app",
        {"service_permissions": {"dynamodb": ["orders"]}},
        "hostvars[tiger-fastapi-app].service_permissions: unknown permission kind 'dynamodb'; known kinds: s3, ses, sns,",
    ),
    "port outside 1-65535": (
        "tiger-fastapi-app",
        {"service_container_port": 80000},
        "hostvars[tiger-fastapi-app].service_container_port: port 80000 is outside 1-65535",
    ),
    "source group not in the inventory": (
        "security",
        {"security_extra_groups": {"bastion": {"description": "SSH", "ingress": [
            {"ports": [22], "source_group": "vpn", "description": "SSH from the VPN"}]}}},
        "security_extra_groups.bastion.ingress[0]: source_group 'vpn' is not a security group of this inventory",
    ),
    "instance class of another engine": (
        "data",
        {"data_database": dict(TIGER_DATABASE, engine="aurora-postgresql", instance_class="db.t3.micro", readers=1)},
        "data_database.instance_class: 'db.t3.micro' is too small for aurora-postgresql; its burstable classes are "
        "db.t3.medium and larger",
    ),
    "storage over the autoscaling maximum": (
        "data",
        {"data_database": dict(TIGER_DATABASE, allocated_storage_gb=200)},
        "data_database.allocated_storage_gb: 200 GB is over the autoscaling maximum max_allocated_storage_gb 100 GB",
    ),
    "more replicas than a node group allows": (
        "data",
        {"data_cache": {"node_type": "cache.t3.micro", "replicas": 6}},
        "data_cache.replicas: 6 is more than a node group allows; a primary takes 0-5 replicas",
    ),
    "bucket name S3 would reject": (
        "data",
        {"data_buckets": [{"name": "fastapi-logs", "purpose": "logs"}, {"name": "fastapi-assets"}, {"name": "Fastapi_Uploads"}]},
        "data_buckets[2].name: bucket name 'tiger-Fastapi_Uploads-000000000000' (<prefix>-<name>-<account id>) may hold only "
        "lowercase letters",
    ),
    "single-AZ database without accepting the risk": (
        "data",
        {"data_accepted_risks": ["database_deletion_unprotected", "single_node_cache"]},
        "data_database.multi_az: false keeps the database in one availability zone; accept the risk with "
        "data_accepted_risks: [single_az_database]",
    ),
    "domain that is not a DNS name": (
        "edge",
        {"edge_domain": "tiger_internal"},
        "edge_domain: 'tiger_internal' is not a valid DNS name",
    ),
    "WAF rate limit below AWS's minimum": (
        "edge",
        {"edge_waf": {"enabled": True, "rate_limit": 5}},
        "edge_waf.rate_limit: 5 requests is outside what AWS WAF accepts (10-2000000000 per window)",
    ),
    "path pattern two services claim": (
        "tiger-celery-worker",
        {"service_container_port": 8001, "service_routing": {"path_patterns": ["/*"], "priority": 200}},
        "service fastapi-app (service_deployment/service_routing): path pattern '/*' is also claimed by service "
        "celery-worker; give one of them other path_patterns or host_headers",
    ),
    "target group name over 32 characters even shortened": (
        "edge",
        {"edge_name_prefix": "tiger-" + "x" * 26},
        "does not fit the fastapi-app: target_group name 'tiger-" + "x" * 26 + "-fastapi-app' is 44 characters even "
        "after shortening; AWS allows at most 32",
    ),
    "CPU/memory pair Fargate does not offer": (
        "tiger-fastapi-app",
        {"service_cpu": 512, "service_memory": 512},
        "hostvars[tiger-fastapi-app].service_cpu/service_memory: Fargate does not offer cpu 512 with memory 512; with "
        "cpu 512 it offers 1024-4096 MiB in steps of 1024",
    ),
    "Spot-only strategy for a blue/green service": (
        "tiger-fastapi-app",
        {"service_deployment": "blue_green", "service_capacity_provider_strategy": [{"capacity_provider": "FARGATE_SPOT", "weight": 1}]},
        "hostvars[tiger-fastapi-app].service_capacity_provider_strategy: a blue/green service cannot run on FARGATE_SPOT only",
    ),
    "scaling minimum above maximum": (
        "tiger-fastapi-app",
        {"service_scaling": {"min": 5, "max": 2, "cpu_target": 70}},
        "hostvars[tiger-fastapi-app].service_scaling: min 5 is above max 2",
    ),
    "route no edge listener serves": (
        "tiger-celery-worker",
        {"service_routing": {"path_patterns": ["/tasks/*"]}},
        "hostvars[tiger-celery-worker].service_routing: the service has no service_container_port, so no edge listener "
        "can serve its route",
    ),
    "percentage threshold above 100": (
        "monitoring",
        {"monitoring_alarm_overrides": {"cpu": {"threshold": 120}}},
        "monitoring_alarm_overrides.cpu.threshold: 120 is a percentage and must lie in 0-100",
    ),
    "alarm on a service the inventory does not declare": (
        "monitoring",
        {"monitoring_service_alarm_overrides": {"payments": {"cpu": {"threshold": 90}}}},
        "monitoring_service_alarm_overrides.payments: the inventory declares no service 'payments' (services: "
        "celery-worker, fastapi-app)",
    ),
    "subscription protocol SNS does not support": (
        "monitoring",
        {"monitoring_subscriptions": [{"topic": "critical", "protocol": "slack", "endpoint": "#alerts"}]},
        "monitoring_subscriptions[0].protocol: SNS supports email, email-json, https, http, sms, sqs, lambda, firehose, "
        "application, not 'slack'",
    ),
    "alert topics without the alerts key": (
        "security",
        {"security_kms_keys": ["data", "logs", "secrets"]},
        "security_kms_keys: add 'alerts'; the alert topics are encrypted with it (SNS.1)",
    ),
    "budget of zero": (
        "monitoring",
        {"monitoring_budget": {"limit": 0, "notifications": [{"type": "ACTUAL", "threshold": 80, "topics": ["warning"]}]}},
        "monitoring_budget.limit: a budget needs an amount above 0 USD, not 0",
    ),
}


@pytest.mark.parametrize("case", BAD_INVENTORIES, ids=list(BAD_INVENTORIES))
def test_bad_inventory_fails_in_preflight_naming_the_variable(case, empty_emulator, run_playbook, inventory_copy, vpcs):
    layer, changes, expected = BAD_INVENTORIES[case]
    inventory = inventory_copy("tiger")
    edit(inventory, layer, **changes)

    run = run_playbook(inventory)

    assert run.returncode != 0
    messages = run.failure_messages()
    assert expected in messages
    [failed_play] = [play["play"]["name"] for play in run.report["plays"]
                     if any(r.get("failed") for t in play["tasks"] for r in t["hosts"].values())]
    assert failed_play == "Validate the inventory before any change"
    assert vpcs() == []


def test_unknown_nat_strategy_message_lists_the_choices(empty_emulator, run_playbook, inventory_copy):
    inventory = inventory_copy("tiger")
    edit(inventory, "network", network_nat_strategy="per_region")
    messages = run_playbook(inventory).failure_messages()
    assert "network_nat_strategy" in messages and "none, single, per_az" in messages


def test_credentials_of_another_account_are_refused(empty_emulator, run_playbook, inventory_copy, vpcs):
    inventory = inventory_copy("tiger")
    edit(inventory, "platform", platform_account_id="210987654321")
    run = run_playbook(inventory)
    assert run.returncode != 0
    assert "platform_account_id is 210987654321 but the credentials belong to account 123456789012" in run.failure_messages()
    assert vpcs() == []


def test_emulator_run_refuses_an_endpoint_off_loopback(empty_emulator, run_playbook, repo_root):
    run = run_playbook(repo_root / "inventories" / "tiger",
                       extra_vars={"platform_aws_endpoint_url": "https://ec2.us-east-1.amazonaws.com"})
    assert run.returncode != 0
    assert "must be a loopback URL when platform_emulator is true" in run.failure_messages()
