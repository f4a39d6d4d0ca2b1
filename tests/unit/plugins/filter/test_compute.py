"""The compute layer's filters: Fargate sizes, service checks, container definitions, scaling."""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.seed.aws_platform.plugins.filter.compute import (
    alb_resource_label,
    compute_errors,
    compute_name_components,
    compute_services,
    container_definitions,
    fargate_size_errors,
    scaling_policies,
    scaling_schedules,
    secret_arns_by_short_name,
    task_volumes,
)
from ansible_collections.seed.aws_platform.plugins.filter.naming import resource_names

CONTEXT = {"domain": "staging.example.com", "secrets": ["secret-key"], "repositories": ["fastapi-app"], "name_prefix": "cheetah"}


def spec(name="fastapi-app", host=None, port=8000, deployment="rolling", routing=None, **compute):
    return {"host": host or f"cheetah-{name}", "name": name, "port": port, "permissions": {}, "deployment": deployment,
            "routing": routing or {}, "compute": compute}


API = spec(cpu=512, memory=1024, desired_count=2, image_repository="fastapi-app",
           secrets={"SECRET_KEY": "secret-key", "DATABASE_URL": "database-url"}, environment={"APP_ENV": "cheetah"},
           scaling={"min": 2, "max": 6, "cpu_target": 70, "requests_per_target": 100,
                    "schedules": [{"name": "night", "schedule": "cron(0 20 ? * MON-FRI *)", "min": 0, "max": 0}]})
WORKER = spec("celery-worker", port=None, cpu=256, memory=512, image_repository="fastapi-app", command=["celery", "worker"])


@pytest.mark.parametrize("cpu, memory", [(256, 512), (256, 2048), (512, 4096), (1024, 2048), (4096, 30720), (8192, 16384),
                                         (16384, 122880), ("1024", "8192")])
def test_fargate_offers_these_pairs(cpu, memory):
    assert fargate_size_errors(cpu, memory) == []


@pytest.mark.parametrize("cpu, memory, expected", [
    (512, 512, "Fargate does not offer cpu 512 with memory 512; with cpu 512 it offers 1024-4096 MiB in steps of 1024"),
    (256, 4096, "with cpu 256 it offers 512-2048 MiB"),
    (8192, 18432, "with cpu 8192 it offers 16384-61440 MiB in steps of 4096"),
    (300, 1024, "Fargate offers cpu 256, 512, 1024, 2048, 4096, 8192, 16384, not 300"),
    ("half", 1024, "must be whole numbers"),
])
def test_fargate_refuses_other_pairs(cpu, memory, expected):
    [message] = fargate_size_errors(cpu, memory, "service")
    assert expected in message


def test_the_seed_services_are_sound():
    assert compute_errors([API, WORKER], CONTEXT) == []


def test_defaults_are_filled_in_and_secure():
    [worker] = compute_services([WORKER])
    assert worker["readonly_root_filesystem"] is True and worker["user"] == "1000:1000"
    assert worker["writable_paths"] == ["/tmp"] and worker["scaling"] is None and worker["desired_count"] == 1
    assert worker["release"]["deployment_config"] == "CodeDeployDefault.ECSAllAtOnce"
    assert compute_services([spec("web")])[0]["image_repository"] == "web"


@pytest.mark.parametrize("service, expected", [
    (spec(cpu=512, memory=512, image_repository="fastapi-app"), "Fargate does not offer cpu 512 with memory 512"),
    (spec(deployment="blue_green", image_repository="fastapi-app",
          capacity_provider_strategy=[{"capacity_provider": "FARGATE_SPOT", "weight": 1}]),
     "service_capacity_provider_strategy: a blue/green service cannot run on FARGATE_SPOT only"),
    (spec(image_repository="fastapi-app", capacity_provider_strategy=[{"capacity_provider": "EC2", "weight": 1}]),
     "unknown capacity provider 'EC2'"),
    (spec(image_repository="fastapi-app", capacity_provider_strategy=[
        {"capacity_provider": "FARGATE", "weight": 1, "base": 1}, {"capacity_provider": "FARGATE_SPOT", "weight": 1, "base": 1}]),
     "only one capacity provider may have a base above 0"),
    (spec(image_repository="fastapi-app", scaling={"min": 5, "max": 2}), "service_scaling: min 5 is above max 2"),
    (spec(image_repository="fastapi-app", desired_count=9, scaling={"min": 1, "max": 4}),
     "service_desired_count: 9 is outside the scaling range 1-4"),
    (spec(image_repository="fastapi-app", scaling={"min": 1, "max": 4, "cpu_target": 170}), "between 1 and 100, not 170"),
    (spec(image_repository="fastapi-app", scaling={"min": 1, "max": 4, "schedules": [{"name": "x", "schedule": "daily", "min": 0}]}),
     "schedules[0].schedule: 'daily' is not at(...), rate(...) or cron(...)"),
    (spec("worker", port=None, image_repository="fastapi-app", routing={"path_patterns": ["/x/*"]}),
     "service_routing: the service has no service_container_port, so no edge listener can serve its route"),
    (spec("worker", port=None, image_repository="fastapi-app", deployment="blue_green"), "blue_green needs a load balancer route"),
    (spec(image_repository="fastapi-app", routing={"host_headers": ["api.other.org"]}),
     "'api.other.org' is outside staging.example.com: no edge listener serves it"),
    (spec(image_repository="fastapi-app", secrets={"SECRET_KEY": "missing"}), "service_secrets.SECRET_KEY: unknown secret 'missing'"),
    (spec(image_repository="fastapi-app", secrets={"A": "secret-key"}, environment={"A": "x"}),
     "A set both as plain environment and as secret"),
    (spec(image_repository="fastapi-app", environment={"bad-name": "x"}), "'bad-name' is not a valid environment variable name"),
    (spec(image_repository="other"), "service_image_repository: 'other' is not in ecs_cluster_repositories (fastapi-app)"),
    (spec("beat", port=None, image_repository="fastapi-app", singleton=True, desired_count=2), "a singleton service runs exactly 1 task"),
    (spec("beat", port=None, image_repository="fastapi-app", singleton=True, scaling={"min": 1, "max": 2}), "never autoscaled"),
    (spec(image_repository="fastapi-app", deployment="blue_green", release={"rollback_alarms": [f"a{i}" for i in range(11)]}),
     "CodeDeploy watches at most 10 alarms"),
    (spec(image_repository="fastapi-app", deployment="blue_green", release={"hooks": {"BeforeEverything": "fn"}}),
     "unknown lifecycle events BeforeEverything"),
    (spec(image_repository="fastapi-app", release={"termination_wait_minutes": 15}), "apply to blue_green services only"),
])
def test_bad_settings_are_named(service, expected):
    errors = compute_errors([service], CONTEXT)
    assert any(expected in error for error in errors), errors


def test_two_hosts_cannot_claim_one_service_name():
    errors = compute_errors([API, spec(host="other-host", image_repository="fastapi-app")], CONTEXT)
    assert "hostvars[other-host].service_name: 'fastapi-app' is used by another service host" in errors


def test_container_definition_injects_secrets_by_arn_and_hardens_the_container():
    [api] = compute_services([API])
    arns = {"secret-key": "arn:aws:secretsmanager:us-east-1:1:secret:cheetah/fastapi/secret-key-AbCdEf",
            "database-url": "arn:aws:secretsmanager:us-east-1:1:secret:cheetah/fastapi/database-url-GhIjKl"}
    [container] = container_definitions(api, {"image": "1.dkr.ecr.us-east-1.amazonaws.com/cheetah-fastapi-app:v1",
                                              "log_group": "/ecs/cheetah-fastapi-app", "region": "us-east-1",
                                              "secret_arns": arns, "exec": True})
    assert container["secrets"] == [{"name": "DATABASE_URL", "valueFrom": arns["database-url"]},
                                    {"name": "SECRET_KEY", "valueFrom": arns["secret-key"]}]
    assert container["environment"] == [{"name": "APP_ENV", "value": "cheetah"}]
    assert container["privileged"] is False and container["readonlyRootFilesystem"] is True and container["user"] == "1000:1000"
    assert container["mountPoints"] == [{"sourceVolume": "writable-tmp", "containerPath": "/tmp", "readOnly": False}]
    assert task_volumes(api) == [{"name": "writable-tmp"}]
    assert container["portMappings"] == [{"containerPort": 8000, "protocol": "tcp"}]
    assert container["logConfiguration"]["options"] == {"awslogs-group": "/ecs/cheetah-fastapi-app", "awslogs-region": "us-east-1",
                                                        "awslogs-stream-prefix": "fastapi-app"}
    assert container["linuxParameters"] == {"initProcessEnabled": True}


def test_an_unpublished_secret_fails_except_in_check_mode():
    [api] = compute_services([API])
    context = {"image": "i", "log_group": "g", "region": "us-east-1", "secret_arns": {}}
    with pytest.raises(AnsibleFilterError, match="secret 'database-url' \\(DATABASE_URL\\) is not published"):
        container_definitions(api, context)
    [planned] = container_definitions(api, dict(context, check_mode=True))
    assert planned["secrets"][0]["valueFrom"] == "(not created yet: database-url)"


def test_scaling_policies_and_schedules():
    [api] = compute_services([API])
    label = alb_resource_label("arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/alb/50dc6c495c0c9188",
                               "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/tg/943f017f100becff")
    assert label == "app/alb/50dc6c495c0c9188/targetgroup/tg/943f017f100becff"
    policies = scaling_policies(api, {"name": "cheetah-fastapi-app", "resource_label": label})
    assert [(p["name"], p["predefined_metric_type"], p["target_value"]) for p in policies] == [
        ("cheetah-fastapi-app-cpu", "ECSServiceAverageCPUUtilization", 70.0),
        ("cheetah-fastapi-app-requests", "ALBRequestCountPerTarget", 100.0)]
    assert policies[1]["resource_label"] == label and policies[0]["scale_in_cooldown"] == 300
    assert scaling_policies(api, {"name": "x", "resource_label": ""})[-1]["name"] == "x-cpu"
    assert scaling_schedules(api) == [{"name": "night", "schedule": "cron(0 20 ? * MON-FRI *)", "timezone": "UTC",
                                       "min_capacity": 0, "max_capacity": 0}]
    assert alb_resource_label("", "x") == ""


def test_names_follow_the_convention():
    names = resource_names(compute_name_components(["api"], compute_services([API])), "pcs-prod")
    assert names["cluster"] == "pcs-prod-cluster" and names["repository_api"] == "pcs-prod-api"
    assert names["exec_log_group"] == "/ecs/pcs-prod-exec" and names["log_group_fastapi-app"] == "/ecs/pcs-prod-fastapi-app"
    assert secret_arns_by_short_name({"tiger/fastapi/a": "arn1", "other/b": "arn2"}, "tiger/fastapi/") == {"a": "arn1"}
