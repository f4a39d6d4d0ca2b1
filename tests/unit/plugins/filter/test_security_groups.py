import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.seed.aws_platform.plugins.filter.security_groups import (
    security_group_errors,
    security_group_plan,
)

SERVICES = [
    {"host": "tiger-fastapi-app", "name": "fastapi-app", "port": 8000, "permissions": {}},
    {"host": "tiger-celery-worker", "name": "celery-worker", "port": None, "permissions": {}},
]
NAMES = {"alb": "tiger-alb", "ecs_tasks": "tiger-ecs-tasks", "database": "tiger-database", "redis": "tiger-redis",
         "efs": "tiger-efs", "bastion": "tiger-bastion"}


def by_key(plan):
    return {group["key"]: group for group in plan}


def test_the_chain_alb_to_tasks_to_data_stores():
    plan = security_group_plan(SERVICES, NAMES)
    assert [group["key"] for group in plan] == ["ecs_tasks", "alb", "database", "redis"]
    groups = by_key(plan)
    assert groups["alb"]["rules"] == [
        {"proto": "tcp", "ports": [80], "cidr_ip": "0.0.0.0/0", "rule_desc": "HTTP from the internet, redirected to HTTPS"},
        {"proto": "tcp", "ports": [443], "cidr_ip": "0.0.0.0/0", "rule_desc": "HTTPS from the internet"},
    ]
    assert groups["alb"]["rules_egress"] == [
        {"proto": "tcp", "ports": [8000], "group_name": "tiger-ecs-tasks", "rule_desc": "Service ports of the ECS tasks"}]
    assert groups["ecs_tasks"]["rules"] == [{
        "proto": "tcp", "ports": [8000], "group_name": "tiger-alb", "rule_desc": "Service ports from the ALB",
        "group_desc": "Application load balancer: HTTPS from the internet"}]
    assert groups["database"]["rules"] == [{"proto": "tcp", "ports": [5432], "group_name": "tiger-ecs-tasks",
                                            "rule_desc": "PostgreSQL from the ECS tasks only"}]
    assert groups["redis"]["rules"][0]["ports"] == [6379]
    assert groups["database"]["rules_egress"] == [] and groups["redis"]["rules_egress"] == []


def test_behind_cloudfront_the_alb_takes_https_from_the_prefix_list_only():
    groups = by_key(security_group_plan(SERVICES, NAMES, "cloudfront", "pl-3b927c52"))
    assert groups["alb"]["rules"] == [{"proto": "tcp", "ports": [443], "ip_prefix": "pl-3b927c52",
                                       "rule_desc": "HTTPS from CloudFront's origin-facing addresses"}]


def test_the_test_listener_opens_to_the_vpc_only_for_blue_green_services():
    listener = {"port": 8443, "cidrs": ["10.1.0.0/16"]}
    rolling = by_key(security_group_plan(SERVICES, NAMES, test_listener=listener))
    assert all(8443 not in rule["ports"] for rule in rolling["alb"]["rules"])
    blue_green = [dict(service, deployment="blue_green") for service in SERVICES]
    groups = by_key(security_group_plan(blue_green, NAMES, "cloudfront", "pl-3b927c52", test_listener=listener))
    assert groups["alb"]["rules"][-1] == {"proto": "tcp", "ports": [8443], "cidr_ip": "10.1.0.0/16",
                                          "rule_desc": "Test listener of blue/green deployments"}


def test_every_rule_has_a_description_and_only_the_alb_faces_everywhere():
    plan = security_group_plan(SERVICES, NAMES, optional_groups=["efs"],
                               extra_groups={"bastion": {"ingress": [{"ports": [22], "cidr": "192.0.2.0/24",
                                                                     "description": "SSH from the office"}]}})
    for group in plan:
        for rule in group["rules"]:
            assert rule["rule_desc"]
            assert rule.get("cidr_ip") != "0.0.0.0/0" or group["key"] == "alb"
    assert by_key(plan)["efs"]["rules"][0]["ports"] == [2049]
    assert by_key(plan)["bastion"]["rules"] == [{"proto": "tcp", "ports": [22], "cidr_ip": "192.0.2.0/24",
                                                 "rule_desc": "SSH from the office"}]


@pytest.mark.parametrize(
    "services, kwargs, message",
    [
        ([dict(SERVICES[0], port=70000)], {}, "hostvars[tiger-fastapi-app].service_container_port: port 70000 is outside 1-65535"),
        ([dict(SERVICES[0], port=0)], {}, "hostvars[tiger-fastapi-app].service_container_port: port 0 is outside 1-65535"),
        (SERVICES, {"extra_groups": {"bastion": {"ingress": [{"ports": [22], "source_group": "vpn", "description": "SSH"}]}}},
         "security_extra_groups.bastion.ingress[0]: source_group 'vpn' is not a security group of this inventory"),
        (SERVICES, {"extra_groups": {"admin": {"ingress": [{"ports": [8443], "cidr": "0.0.0.0/0", "description": "x"}]}}},
         "security_extra_groups.admin.ingress[0]: opens ports to 0.0.0.0/0; only the ALB faces the internet"),
        (SERVICES, {"extra_groups": {"admin": {"ingress": [{"ports": [8443], "source_group": "alb"}]}}},
         "security_extra_groups.admin.ingress[0]: needs a description"),
        (SERVICES, {"optional_groups": ["nfs"]}, "security_optional_groups: unknown group(s) nfs; optional groups are msk, efs"),
    ],
)
def test_bad_groups_are_named(services, kwargs, message):
    errors = security_group_errors(services, **kwargs)
    assert len(errors) == 1 and errors[0].startswith(message), errors
    with pytest.raises(AnsibleFilterError):
        security_group_plan(services, NAMES, **kwargs)


def test_a_source_group_of_the_inventory_is_referenced_by_name():
    plan = security_group_plan(SERVICES, NAMES, extra_groups={
        "bastion": {"ingress": [{"ports": [22], "source_group": "ecs_tasks", "description": "SSH from the tasks"}]}})
    assert by_key(plan)["bastion"]["rules"][0]["group_name"] == "tiger-ecs-tasks"
