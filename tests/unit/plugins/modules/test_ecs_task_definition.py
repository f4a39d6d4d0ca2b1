"""Unit tests of seed.aws_platform.ecs_task_definition.

moto (in-process) backs registering, describing, listing, deregistering and tagging task definitions, and the tests
read the result back from it. moto stores fewer defaults than AWS and describes a family as its latest revision even
when that one is INACTIVE (AWS: the latest ACTIVE one); botocore's Stubber plays AWS's own answers (the defaults it
adds) and the failures.
"""

import copy
import datetime

import boto3
import pytest

from ansible_collections.seed.aws_platform.plugins.modules.ecs_task_definition import main

REGION = "us-east-1"
FAMILY = "tiger-web"
ARN = f"arn:aws:ecs:{REGION}:123456789012:task-definition/{FAMILY}"
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/tiger/web:1.4.2"
CONTAINERS = [
    {
        "name": "web",
        "image": IMAGE,
        "portMappings": [{"containerPort": 8080}],
        "environment": [{"name": "PORT", "value": "8080"}, {"name": "LOG_LEVEL", "value": "info"}],
        "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/tiger-web"}},
    }
]
BASE = dict(family=FAMILY, cpu="256", memory="512", container_definitions=CONTAINERS)


@pytest.fixture
def ecs(aws):
    return boto3.client("ecs", region_name=REGION)


def containers(**changes):
    """CONTAINERS with the web container's keys changed."""
    return [dict(copy.deepcopy(CONTAINERS[0]), **changes)]


def with_environment(level):
    return containers(environment=[{"name": "PORT", "value": "8080"}, {"name": "LOG_LEVEL", "value": level}])


def arns(ecs, status="ACTIVE"):
    return ecs.list_task_definitions(familyPrefix=FAMILY, status=status)["taskDefinitionArns"]


def described(ecs, reference=FAMILY):
    found = ecs.describe_task_definition(taskDefinition=reference, include=["TAGS"])
    return found["taskDefinition"], {tag["key"]: tag["value"] for tag in found.get("tags", [])}


def register(ecs, environment_level="info", tags=None):
    """A revision registered outside the module, as the module would register BASE."""
    request = dict(
        family=FAMILY,
        cpu="256",
        memory="512",
        networkMode="awsvpc",
        requiresCompatibilities=["FARGATE"],
        containerDefinitions=with_environment(environment_level),
    )
    if tags:
        request["tags"] = [{"key": key, "value": value} for key, value in tags.items()]
    return ecs.register_task_definition(**request)["taskDefinition"]


# --- create -------------------------------------------------------------------------------------


def test_registers_the_first_revision_with_tags(run_module, ecs):
    result = run_module(main, dict(BASE, cpu="0.25 vCPU", memory="0.5 GB", tags={"Environment": "prod", "Tier": 2}))

    assert (result["changed"], result["registered"]) == (True, True)
    assert (result["task_definition_arn"], result["revision"]) == (f"{ARN}:1", 1)
    definition, tags = described(ecs)
    assert tags == {"Environment": "prod", "Tier": "2"}
    assert (definition["cpu"], definition["memory"], definition["networkMode"]) == ("256", "512", "awsvpc")
    assert definition["requiresCompatibilities"] == ["FARGATE"]
    assert definition["containerDefinitions"][0]["environment"] == CONTAINERS[0]["environment"]
    returned = result["task_definition"]
    assert returned["task_definition_arn"] == f"{ARN}:1"
    assert returned["tags"] == {"Environment": "prod", "Tier": "2"}
    # Container definitions come back in AWS's camelCase, with what moto added.
    assert returned["container_definitions"] == definition["containerDefinitions"]
    assert returned["container_definitions"][0]["portMappings"] == [{"containerPort": 8080}]
    assert returned["container_definitions"][0]["logConfiguration"]["options"] == {"awslogs-group": "/ecs/tiger-web"}
    assert returned["requires_compatibilities"] == ["FARGATE"]


def test_every_option_reaches_register_task_definition(run_module, ecs):
    volumes = [{"name": "scratch", "host": {}}]
    result = run_module(
        main,
        dict(
            BASE,
            execution_role_arn="arn:aws:iam::123456789012:role/tiger-ecs-execution",
            task_role_arn="arn:aws:iam::123456789012:role/tiger-web-task",
            runtime_platform={"cpu_architecture": "ARM64"},
            ephemeral_storage_gib=30,
            volumes=volumes,
            pid_mode="task",
        ),
    )

    definition = described(ecs)[0]
    assert definition["executionRoleArn"] == "arn:aws:iam::123456789012:role/tiger-ecs-execution"
    assert definition["taskRoleArn"] == "arn:aws:iam::123456789012:role/tiger-web-task"
    assert definition["runtimePlatform"] == {"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"}
    assert definition["ephemeralStorage"] == {"sizeInGiB": 30}
    assert (definition["volumes"], definition["pidMode"]) == (volumes, "task")
    returned = result["task_definition"]
    assert returned["runtime_platform"] == {"cpu_architecture": "ARM64", "operating_system_family": "LINUX"}
    assert returned["volumes"] == volumes


def test_check_mode_on_nothing_plans_revision_one_and_registers_nothing(run_module, ecs):
    result = run_module(main, dict(BASE, tags={"Environment": "prod"}), check_mode=True)

    assert (result["changed"], result["registered"]) == (True, True)
    assert (result["task_definition_arn"], result["revision"]) == ("", 1)
    assert result["task_definition"]["container_definitions"] == CONTAINERS
    assert result["task_definition"]["tags"] == {"Environment": "prod"}
    assert arns(ecs) == [] and arns(ecs, "INACTIVE") == []


def test_check_mode_counts_deregistered_revisions_for_the_next_number(run_module, ecs):
    register(ecs)
    register(ecs, "debug")
    ecs.deregister_task_definition(taskDefinition=f"{FAMILY}:2")

    result = run_module(main, dict(BASE, container_definitions=with_environment("warning")), check_mode=True)

    assert (result["changed"], result["revision"], result["task_definition_arn"]) == (True, 3, "")
    assert arns(ecs) == [f"{ARN}:1"]


# --- idempotence --------------------------------------------------------------------------------


def test_second_run_registers_nothing(run_module, ecs):
    run_module(main, dict(BASE, tags={"Environment": "prod"}))

    result = run_module(main, dict(BASE, tags={"Environment": "prod"}), diff=True)

    assert (result["changed"], result["registered"]) == (False, False)
    assert (result["task_definition_arn"], result["revision"]) == (f"{ARN}:1", 1)
    assert result["diff"]["before"] == result["diff"]["after"]
    assert arns(ecs) == [f"{ARN}:1"]


def test_explicit_defaults_and_another_order_register_nothing(run_module, ecs):
    run_module(main, BASE)
    spelled_out = containers(
        cpu=0,
        essential=True,
        portMappings=[{"containerPort": 8080, "hostPort": 8080, "protocol": "tcp"}],
        environment=list(reversed(CONTAINERS[0]["environment"])),
        mountPoints=[],
        secrets=[],
    )

    result = run_module(main, dict(BASE, cpu=256, memory="0.5GB", container_definitions=spelled_out))

    assert result["changed"] is False
    assert arns(ecs) == [f"{ARN}:1"]


def test_check_mode_on_the_converged_definition_changes_nothing(run_module, ecs):
    register(ecs, tags={"Environment": "prod"})

    result = run_module(main, dict(BASE, tags={"Environment": "prod"}), check_mode=True)

    assert (result["changed"], result["registered"], result["revision"]) == (False, False, 1)
    assert result["task_definition_arn"] == f"{ARN}:1"


# --- new revisions ------------------------------------------------------------------------------


def test_one_environment_value_registers_exactly_one_new_revision(run_module, ecs):
    register(ecs, tags={"Environment": "prod"})

    result = run_module(main, dict(BASE, container_definitions=with_environment("debug")), diff=True)
    again = run_module(main, dict(BASE, container_definitions=with_environment("debug")))

    assert (result["changed"], result["registered"], result["revision"]) == (True, True, 2)
    assert (again["changed"], again["revision"]) == (False, 2)
    assert sorted(arns(ecs)) == [f"{ARN}:1", f"{ARN}:2"]
    definition, tags = described(ecs, f"{FAMILY}:2")
    assert definition["containerDefinitions"][0]["environment"][1] == {"name": "LOG_LEVEL", "value": "debug"}
    # Without tags in the task, the new revision keeps the family's tags.
    assert tags == {"Environment": "prod"}
    before, after = result["diff"]["before"], result["diff"]["after"]
    assert before["containerDefinitions"][0]["environment"] == [
        {"name": "LOG_LEVEL", "value": "info"},
        {"name": "PORT", "value": "8080"},
    ]
    assert after["containerDefinitions"][0]["environment"][0] == {"name": "LOG_LEVEL", "value": "debug"}
    assert {key: value for key, value in before.items() if key != "containerDefinitions"} == {
        key: value for key, value in after.items() if key != "containerDefinitions"
    }


SECRETS = [{"name": "API_KEY", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/tiger/api-key"}]
TASK_ROLE = "arn:aws:iam::123456789012:role/tiger-web-task"
EXECUTION_ROLE = "arn:aws:iam::123456789012:role/tiger-ecs-execution"


@pytest.mark.parametrize(
    "changes, path, expected",
    [
        (
            dict(container_definitions=containers(image=f"{IMAGE}-2")),
            ("containerDefinitions", 0, "image"),
            f"{IMAGE}-2",
        ),
        (dict(container_definitions=containers(secrets=SECRETS)), ("containerDefinitions", 0, "secrets"), SECRETS),
        (dict(cpu="512", memory="1024"), ("cpu",), "512"),
        (dict(memory="1 GB"), ("memory",), "1024"),
        (dict(task_role_arn=TASK_ROLE), ("taskRoleArn",), TASK_ROLE),
        (dict(execution_role_arn=EXECUTION_ROLE), ("executionRoleArn",), EXECUTION_ROLE),
        (dict(runtime_platform={"cpu_architecture": "ARM64"}), ("runtimePlatform", "cpuArchitecture"), "ARM64"),
        (dict(ephemeral_storage_gib=40), ("ephemeralStorage", "sizeInGiB"), 40),
        (dict(volumes=[{"name": "scratch", "host": {}}]), ("volumes",), [{"name": "scratch", "host": {}}]),
        (dict(requires_compatibilities=["FARGATE", "EC2"]), ("requiresCompatibilities",), ["FARGATE", "EC2"]),
    ],
    ids=[
        "image",
        "secrets",
        "cpu",
        "memory",
        "task role",
        "execution role",
        "architecture",
        "storage",
        "volumes",
        "compat",
    ],
)
def test_a_change_registers_a_new_revision(run_module, ecs, changes, path, expected):
    register(ecs)

    result = run_module(main, dict(BASE, **changes))

    assert (result["changed"], result["registered"], result["revision"]) == (True, True, 2)
    latest = described(ecs)[0]
    assert latest["revision"] == 2
    value = latest
    for key in path:
        value = value[key]
    assert value == expected
    assert sorted(arns(ecs)) == [f"{ARN}:1", f"{ARN}:2"]


def test_new_revision_merges_tags_without_purge(run_module, ecs):
    register(ecs, tags={"Environment": "prod", "Owner": "web"})

    result = run_module(
        main, dict(BASE, container_definitions=with_environment("debug"), tags={"Release": "42"}, purge_tags=False)
    )

    assert described(ecs, f"{FAMILY}:2")[1] == {"Environment": "prod", "Owner": "web", "Release": "42"}
    assert result["task_definition"]["tags"] == {"Environment": "prod", "Owner": "web", "Release": "42"}
    # The earlier revision keeps its own tags.
    assert described(ecs, f"{FAMILY}:1")[1] == {"Environment": "prod", "Owner": "web"}


def test_the_latest_active_revision_is_compared_even_when_a_later_one_is_inactive(run_module, ecs):
    register(ecs)
    register(ecs, "debug")
    ecs.deregister_task_definition(taskDefinition=f"{FAMILY}:2")

    result = run_module(main, BASE)

    assert (result["changed"], result["task_definition_arn"]) == (False, f"{ARN}:1")
    assert arns(ecs) == [f"{ARN}:1"]


def test_a_family_with_only_inactive_revisions_gets_a_new_one(run_module, ecs):
    register(ecs)
    ecs.deregister_task_definition(taskDefinition=f"{FAMILY}:1")

    result = run_module(main, BASE)

    assert (result["changed"], result["registered"], result["revision"]) == (True, True, 2)
    assert arns(ecs) == [f"{ARN}:2"]


# --- tags ---------------------------------------------------------------------------------------


def test_tag_changes_retag_the_revision_without_registering(run_module, ecs):
    register(ecs, tags={"Environment": "prod", "Owner": "web"})

    result = run_module(main, dict(BASE, tags={"Environment": "staging", "Release": "42"}), diff=True)

    assert (result["changed"], result["registered"], result["revision"]) == (True, False, 1)
    assert arns(ecs) == [f"{ARN}:1"]
    assert described(ecs)[1] == {"Environment": "staging", "Release": "42"}
    assert result["task_definition"]["tags"] == {"Environment": "staging", "Release": "42"}
    assert result["diff"]["before"]["tags"] == {"Environment": "prod", "Owner": "web"}
    assert result["diff"]["after"]["tags"] == {"Environment": "staging", "Release": "42"}


def test_tags_are_added_without_purge(run_module, ecs):
    register(ecs, tags={"Environment": "prod"})

    result = run_module(main, dict(BASE, tags={"Release": "42"}, purge_tags=False))

    assert (result["changed"], result["registered"]) == (True, False)
    assert described(ecs)[1] == {"Environment": "prod", "Release": "42"}


def test_empty_tags_purge_all(run_module, ecs):
    register(ecs, tags={"Environment": "prod"})

    result = run_module(main, dict(BASE, tags={}))

    assert (result["changed"], result["registered"]) == (True, False)
    assert described(ecs)[1] == {}


def test_tags_left_out_are_left_alone(run_module, ecs):
    register(ecs, tags={"Environment": "prod"})

    result = run_module(main, BASE)

    assert result["changed"] is False
    assert described(ecs)[1] == {"Environment": "prod"}


def test_check_mode_reports_a_retag_and_keeps_the_tags(run_module, ecs):
    register(ecs, tags={"Environment": "prod"})

    result = run_module(main, dict(BASE, tags={"Environment": "staging"}), check_mode=True)

    assert (result["changed"], result["registered"]) == (True, False)
    assert result["task_definition"]["tags"] == {"Environment": "staging"}
    assert described(ecs)[1] == {"Environment": "prod"}


# --- diff against another revision --------------------------------------------------------------


def test_diff_against_the_revision_a_service_runs(run_module, ecs):
    register(ecs)
    register(ecs, "debug")

    result = run_module(
        main,
        dict(BASE, container_definitions=with_environment("debug"), diff_against=f"{ARN}:1"),
        check_mode=True,
        diff=True,
    )

    assert (result["changed"], result["revision"]) == (False, 2)
    levels = [
        next(var["value"] for var in side["containerDefinitions"][0]["environment"] if var["name"] == "LOG_LEVEL")
        for side in (result["diff"]["before"], result["diff"]["after"])
    ]
    assert levels == ["info", "debug"]


def test_diff_against_family_and_revision(run_module, ecs):
    register(ecs)
    register(ecs, "debug")

    result = run_module(main, dict(BASE, diff_against=f"{FAMILY}:2"), check_mode=True, diff=True)

    assert (result["changed"], result["revision"]) == (True, 3)
    assert result["diff"]["before"]["containerDefinitions"][0]["environment"][0]["value"] == "debug"
    assert result["diff"]["after"]["containerDefinitions"][0]["environment"][0]["value"] == "info"


def test_diff_against_the_family_shows_the_revision_before_the_registration(run_module, ecs):
    register(ecs)

    result = run_module(
        main, dict(BASE, container_definitions=with_environment("debug"), diff_against=FAMILY), diff=True
    )

    assert (result["changed"], result["revision"]) == (True, 2)
    assert result["diff"]["before"]["containerDefinitions"][0]["environment"][0]["value"] == "info"
    assert result["diff"]["after"]["containerDefinitions"][0]["environment"][0]["value"] == "debug"


def test_diff_on_creation_starts_from_nothing(run_module, ecs):
    result = run_module(main, BASE, check_mode=True, diff=True)

    assert result["diff"]["before"] == {}
    assert result["diff"]["after"] == {
        "family": FAMILY,
        "cpu": "256",
        "memory": "512",
        "networkMode": "awsvpc",
        "requiresCompatibilities": ["FARGATE"],
        "containerDefinitions": [
            dict(CONTAINERS[0], environment=sorted(CONTAINERS[0]["environment"], key=lambda var: var["name"]))
        ],
        "tags": {},
    }


def test_diff_against_a_missing_revision_fails(run_module, ecs):
    register(ecs)

    result = run_module(main, dict(BASE, diff_against=f"{FAMILY}:9"), diff=True)

    assert result["failed"] is True
    assert result["msg"] == (
        f"diff_against '{FAMILY}:9' names no task definition: give the ARN or family:revision of an existing one."
    )


# --- delete -------------------------------------------------------------------------------------


def test_absent_deregisters_every_active_revision(run_module, ecs):
    register(ecs)
    register(ecs, "debug")
    register(ecs, "warning")
    ecs.deregister_task_definition(taskDefinition=f"{FAMILY}:1")

    result = run_module(main, dict(family=FAMILY, state="absent"), diff=True)

    assert (result["changed"], result["registered"]) == (True, False)
    assert result["deregistered_arns"] == [f"{ARN}:3", f"{ARN}:2"]
    assert (result["task_definition"], result["task_definition_arn"]) == ({}, "")
    assert arns(ecs) == []
    assert sorted(arns(ecs, "INACTIVE")) == [f"{ARN}:1", f"{ARN}:2", f"{ARN}:3"]
    assert result["diff"]["before"]["containerDefinitions"][0]["environment"][0]["value"] == "warning"
    assert result["diff"]["after"] == {}


def test_absent_in_check_mode_deregisters_nothing(run_module, ecs):
    register(ecs)

    result = run_module(main, dict(family=FAMILY, state="absent"), check_mode=True)

    assert (result["changed"], result["deregistered_arns"]) == (True, [f"{ARN}:1"])
    assert arns(ecs) == [f"{ARN}:1"]


def test_absent_without_active_revisions_changes_nothing(run_module, ecs):
    register(ecs)
    ecs.deregister_task_definition(taskDefinition=f"{FAMILY}:1")

    result = run_module(main, dict(family=FAMILY, state="absent"))
    missing = run_module(main, dict(family="never-registered", state="absent"))

    assert (result["changed"], result["deregistered_arns"]) == (False, [])
    assert (missing["changed"], missing["deregistered_arns"]) == (False, [])


# --- invalid input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (
            dict(container_definitions=[{"image": IMAGE}]),
            "container_definitions[0] has no name: every container definition needs a name and an image"
            " (camelCase keys, as in the ECS API).",
        ),
        (
            dict(container_definitions=[CONTAINERS[0], {"name": "worker", "image": ""}]),
            "container_definitions[1] has no image: every container definition needs a name and an image"
            " (camelCase keys, as in the ECS API).",
        ),
        (
            dict(container_definitions=[CONTAINERS[0], {"name": "web", "image": IMAGE}]),
            "container_definitions has two containers named 'web': container names must be unique in a task definition.",
        ),
        (
            dict(container_definitions=containers(privileged=True)),
            "Container 'web' sets privileged: true, which Fargate does not support (requires_compatibilities contains"
            " FARGATE). Remove privileged, or give requires_compatibilities: [EC2] to run the task on EC2.",
        ),
        (
            dict(family="tiger web"),
            "family 'tiger web' is not valid: it must be 1 to 255 letters, digits, hyphens and underscores.",
        ),
        (dict(cpu="half"), "cpu 'half' is not valid: give it in CPU units such as 512, or vCPU such as '1 vCPU'."),
        (dict(memory="1 vCPU"), "memory '1 vCPU' is not valid: give it in MiB such as 1024, or GB such as '2 GB'."),
        (dict(ephemeral_storage_gib=20), "ephemeral_storage_gib must be between 21 and 200 GiB, not 20."),
        (
            dict(network_mode="bridge"),
            "network_mode 'bridge' is not supported by Fargate (requires_compatibilities contains FARGATE): use awsvpc.",
        ),
        (dict(cpu=None), "Fargate (requires_compatibilities contains FARGATE) needs the task-level cpu."),
        (
            dict(pid_mode="host"),
            "pid_mode 'host' is not supported by Fargate (requires_compatibilities contains FARGATE): use task.",
        ),
        (
            dict(container_definitions=None),
            "container_definitions is required when state is present, with at least one container.",
        ),
        (
            dict(container_definitions=[]),
            "container_definitions is required when state is present, with at least one container.",
        ),
    ],
    ids=[
        "no name",
        "empty image",
        "duplicate names",
        "privileged on Fargate",
        "family",
        "cpu",
        "memory",
        "storage",
        "Fargate network mode",
        "Fargate without cpu",
        "Fargate pid mode",
        "no containers",
        "empty containers",
    ],
)
def test_invalid_input_is_refused_before_any_change(run_module, ecs, args, message):
    result = run_module(main, dict(BASE, **args))

    assert result["failed"] is True
    assert result["msg"] == message
    assert arns(ecs) == []


@pytest.mark.parametrize(
    "container, detail",
    [
        (
            containers(environment=[{"name": "PORT", "value": 8080}]),
            "Invalid type for parameter containerDefinitions[0].environment[0].value, value: 8080",
        ),
        (
            containers(port_mappings=[{"containerPort": 8080}]),
            'Unknown parameter in containerDefinitions[0]: "port_mappings"',
        ),
    ],
    ids=["number as environment value", "snake_case key"],
)
def test_what_the_api_would_refuse_is_refused_in_check_mode_too(run_module, ecs, container, detail):
    result = run_module(main, dict(BASE, container_definitions=container), check_mode=True)

    assert result["failed"] is True
    assert result["msg"].startswith(
        f"The task definition of family {FAMILY} is not one RegisterTaskDefinition accepts: Parameter validation failed"
    )
    assert detail in result["msg"]


def test_privileged_is_allowed_on_ec2(run_module, ecs):
    result = run_module(
        main,
        dict(
            BASE,
            requires_compatibilities=["EC2"],
            network_mode="bridge",
            container_definitions=containers(privileged=True, memory=256),
        ),
    )

    assert (result["changed"], result["revision"]) == (True, 1)
    assert described(ecs)[0]["containerDefinitions"][0]["privileged"] is True


# --- AWS's own answers (Stubber) ----------------------------------------------------------------


@pytest.fixture
def stubbed_ecs(stubbed):
    return stubbed("ecs")


def aws_described(revision=7):
    """DescribeTaskDefinition of BASE as real AWS answers it: every default AWS adds, fields only it sets."""
    return {
        "taskDefinition": {
            "taskDefinitionArn": f"{ARN}:{revision}",
            "containerDefinitions": [
                {
                    "name": "web",
                    "image": IMAGE,
                    "cpu": 0,
                    "portMappings": [{"containerPort": 8080, "hostPort": 8080, "protocol": "tcp"}],
                    "essential": True,
                    "environment": [{"name": "LOG_LEVEL", "value": "info"}, {"name": "PORT", "value": "8080"}],
                    "environmentFiles": [],
                    "mountPoints": [],
                    "volumesFrom": [],
                    "ulimits": [],
                    "logConfiguration": {
                        "logDriver": "awslogs",
                        "options": {"awslogs-group": "/ecs/tiger-web"},
                        "secretOptions": [],
                    },
                    "systemControls": [],
                }
            ],
            "family": FAMILY,
            "networkMode": "awsvpc",
            "revision": revision,
            "volumes": [],
            "status": "ACTIVE",
            "requiresAttributes": [{"name": "com.amazonaws.ecs.capability.logging-driver.awslogs"}],
            "placementConstraints": [],
            "compatibilities": ["EC2", "FARGATE"],
            "requiresCompatibilities": ["FARGATE"],
            "cpu": "256",
            "memory": "512",
            "registeredAt": datetime.datetime(2025, 3, 4, 10, 11, 12, tzinfo=datetime.timezone.utc),
            "registeredBy": "arn:aws:sts::123456789012:assumed-role/tiger-deploy/ansible",
            "enableFaultInjection": False,
        },
        "tags": [{"key": "Environment", "value": "prod"}],
    }


def test_what_aws_stores_for_the_definition_registers_nothing(run_module, stubbed_ecs):
    stubbed_ecs.add_response("describe_task_definition", aws_described(), dict(taskDefinition=FAMILY, include=["TAGS"]))

    result = run_module(main, dict(BASE, tags={"Environment": "prod"}))

    assert (result["changed"], result["registered"], result["revision"]) == (False, False, 7)
    assert result["task_definition"]["registered_by"] == "arn:aws:sts::123456789012:assumed-role/tiger-deploy/ansible"
    assert result["task_definition"]["registered_at"] == "2025-03-04T10:11:12+00:00"
    assert result["task_definition"]["tags"] == {"Environment": "prod"}
    assert result["task_definition"]["container_definitions"][0]["environmentFiles"] == []


def test_a_change_against_aws_registers_with_the_family_tags(run_module, stubbed_ecs):
    stubbed_ecs.add_response("describe_task_definition", aws_described(), dict(taskDefinition=FAMILY, include=["TAGS"]))
    registered = aws_described(8)["taskDefinition"]
    stubbed_ecs.add_response(
        "register_task_definition",
        {"taskDefinition": registered},
        dict(
            family=FAMILY,
            containerDefinitions=with_environment("debug"),
            networkMode="awsvpc",
            requiresCompatibilities=["FARGATE"],
            cpu="256",
            memory="512",
            tags=[{"key": "Environment", "value": "prod"}],
        ),
    )

    result = run_module(main, dict(BASE, container_definitions=with_environment("debug")))

    assert (result["changed"], result["registered"], result["revision"]) == (True, True, 8)
    assert result["task_definition"]["tags"] == {"Environment": "prod"}


def test_a_failed_describe_is_reported(run_module, stubbed_ecs):
    stubbed_ecs.add_client_error(
        "describe_task_definition", service_error_code="AccessDeniedException", service_message="Not allowed."
    )

    result = run_module(main, BASE)

    assert result["failed"] is True
    assert result["msg"].startswith(f"Failed to describe task definition {FAMILY}")
    assert result["error"]["code"] == "AccessDeniedException"


def test_a_failed_registration_is_reported(run_module, stubbed_ecs):
    stubbed_ecs.add_client_error(
        "describe_task_definition",
        service_error_code="ClientException",
        service_message="Unable to describe task definition.",
    )
    stubbed_ecs.add_client_error(
        "register_task_definition",
        service_error_code="ClientException",
        service_message="Fargate requires that 'cpu' be defined at the task level.",
    )

    result = run_module(main, BASE)

    assert result["failed"] is True
    assert result["msg"].startswith(f"Failed to register a new revision of task definition family {FAMILY}")
    assert result["error"]["code"] == "ClientException"


# --- releases: base_task_definition and container_images ------------------------------------------------


def test_a_release_changes_only_the_image_of_the_base_revision(run_module, ecs):
    base = register(ecs, tags={"Service": "web"})
    release_image = IMAGE.replace(":1.4.2", ":1.4.3")

    result = run_module(main, dict(family=FAMILY, base_task_definition=base["taskDefinitionArn"],
                                   container_images={"web": release_image}, diff_against=base["taskDefinitionArn"]),
                        diff=True)

    assert (result["changed"], result["registered"], result["revision"]) == (True, True, 2)
    definition, tags = described(ecs, f"{FAMILY}:2")
    assert definition["containerDefinitions"][0]["image"] == release_image
    assert definition["containerDefinitions"][0]["environment"] == base["containerDefinitions"][0]["environment"]
    assert (definition["cpu"], definition["memory"], definition["networkMode"]) == ("256", "512", "awsvpc")
    assert tags == {"Service": "web"}
    assert result["diff"]["before"]["containerDefinitions"][0]["image"] == IMAGE
    assert result["diff"]["after"]["containerDefinitions"][0]["image"] == release_image

    again = run_module(main, dict(family=FAMILY, base_task_definition=f"{FAMILY}:2", container_images={"web": release_image}))
    assert (again["changed"], again["registered"], again["revision"]) == (False, False, 2)
    assert len(arns(ecs)) == 2


def test_a_release_in_check_mode_shows_the_diff_and_registers_nothing(run_module, ecs):
    base = register(ecs)
    result = run_module(main, dict(family=FAMILY, base_task_definition=base["taskDefinitionArn"],
                                   container_images={"web": "repo:9"}, diff_against=base["taskDefinitionArn"]),
                        check_mode=True, diff=True)
    assert (result["changed"], result["task_definition_arn"]) == (True, "")
    assert result["diff"]["after"]["containerDefinitions"][0]["image"] == "repo:9"
    assert len(arns(ecs)) == 1


def test_a_release_refuses_an_unknown_container_and_a_missing_base(run_module, ecs):
    base = register(ecs)
    unknown = run_module(main, dict(family=FAMILY, base_task_definition=base["taskDefinitionArn"], container_images={"api": "x"}))
    assert unknown["failed"] and "container_images names api, but the task's containers are web" in unknown["msg"]
    missing = run_module(main, dict(family=FAMILY, base_task_definition=f"{FAMILY}:7", container_images={"web": "x"}))
    assert missing["failed"] and "base_task_definition 'tiger-web:7' names no task definition" in missing["msg"]
    both = run_module(main, dict(BASE, base_task_definition=base["taskDefinitionArn"]))
    assert both["failed"] and "mutually exclusive" in both["msg"]
    assert len(arns(ecs)) == 1


def test_container_images_apply_to_container_definitions_too(run_module, ecs):
    result = run_module(main, dict(BASE, container_images={"web": "repo:2"}))
    assert described(ecs)[0]["containerDefinitions"][0]["image"] == "repo:2" and result["registered"]
