"""Unit tests of the task definition normalisation: what AWS stores compared with what an inventory writes.

``AWS_DESCRIBED`` is DescribeTaskDefinition's ``taskDefinition`` as real AWS answers it for ``INVENTORY`` registered
through the API (moto adds fewer defaults): the defaults AWS adds, fields only AWS sets, canonical task size.
"""

import copy
import datetime

import pytest

from ansible_collections.seed.aws_platform.plugins.module_utils.ecs_task_definitions import normalise_task_definition
from ansible_collections.seed.aws_platform.plugins.module_utils.ecs_task_definitions import same_task_definition
from ansible_collections.seed.aws_platform.plugins.module_utils.ecs_task_definitions import task_size

IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/tiger/web:1.4.2"
SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tiger/database-url-AbCdEf"
LOGS = {"awslogs-group": "/ecs/tiger-web", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "web"}
HEALTH = ["CMD-SHELL", "curl -fs http://localhost:8080/health || exit 1"]

# What the module sends for the inventory's definition (cpu "0.5 vCPU" and memory "1 GB" as the task gives them).
INVENTORY = {
    "family": "tiger-web",
    "networkMode": "awsvpc",
    "requiresCompatibilities": ["FARGATE"],
    "cpu": "0.5 vCPU",
    "memory": "1 GB",
    "executionRoleArn": "arn:aws:iam::123456789012:role/tiger-ecs-execution",
    "taskRoleArn": "arn:aws:iam::123456789012:role/tiger-web-task",
    "runtimePlatform": {"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"},
    "containerDefinitions": [
        {
            "name": "web",
            "image": IMAGE,
            "portMappings": [{"containerPort": 8080}],
            "environment": [{"name": "PORT", "value": "8080"}, {"name": "LOG_LEVEL", "value": "info"}],
            "secrets": [{"name": "DATABASE_URL", "valueFrom": SECRET}],
            "logConfiguration": {"logDriver": "awslogs", "options": LOGS},
            "healthCheck": {"command": HEALTH},
            "readonlyRootFilesystem": True,
            "dependsOn": [{"containerName": "migrate", "condition": "SUCCESS"}],
        },
        {"name": "migrate", "image": IMAGE, "essential": False, "command": ["manage", "migrate"], "user": "1000"},
    ],
}

AWS_DESCRIBED = {
    "taskDefinitionArn": "arn:aws:ecs:eu-west-1:123456789012:task-definition/tiger-web:7",
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
            "secrets": [{"name": "DATABASE_URL", "valueFrom": SECRET}],
            "dependsOn": [{"containerName": "migrate", "condition": "SUCCESS"}],
            "readonlyRootFilesystem": True,
            "ulimits": [],
            "logConfiguration": {"logDriver": "awslogs", "options": LOGS, "secretOptions": []},
            "healthCheck": {"command": HEALTH, "interval": 30, "timeout": 5, "retries": 3},
            "systemControls": [],
        },
        {
            "name": "migrate",
            "image": IMAGE,
            "cpu": 0,
            "portMappings": [],
            "essential": False,
            "command": ["manage", "migrate"],
            "environment": [],
            "mountPoints": [],
            "volumesFrom": [],
            "user": "1000",
            "systemControls": [],
        },
    ],
    "family": "tiger-web",
    "taskRoleArn": "arn:aws:iam::123456789012:role/tiger-web-task",
    "executionRoleArn": "arn:aws:iam::123456789012:role/tiger-ecs-execution",
    "networkMode": "awsvpc",
    "revision": 7,
    "volumes": [],
    "status": "ACTIVE",
    "requiresAttributes": [
        {"name": "com.amazonaws.ecs.capability.logging-driver.awslogs"},
        {"name": "ecs.capability.execution-role-awslogs"},
        {"name": "ecs.capability.secrets.asm.environment-variables"},
        {"name": "ecs.capability.container-health-check"},
        {"name": "ecs.capability.container-ordering"},
        {"name": "com.amazonaws.ecs.capability.task-iam-role"},
        {"name": "ecs.capability.task-eni"},
    ],
    "placementConstraints": [],
    "compatibilities": ["EC2", "FARGATE"],
    "runtimePlatform": {"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"},
    "requiresCompatibilities": ["FARGATE"],
    "cpu": "512",
    "memory": "1024",
    "registeredAt": datetime.datetime(2025, 3, 4, 10, 11, 12, tzinfo=datetime.timezone.utc),
    "registeredBy": "arn:aws:sts::123456789012:assumed-role/tiger-deploy/ansible",
    "enableFaultInjection": False,
}


def changed(definition, change):
    """A deep copy of ``definition`` changed by ``change(copy)``."""
    definition = copy.deepcopy(definition)
    change(definition)
    return definition


def test_the_inventory_definition_equals_what_aws_stores_for_it():
    assert same_task_definition(INVENTORY, AWS_DESCRIBED)
    assert normalise_task_definition(INVENTORY) == normalise_task_definition(AWS_DESCRIBED)


def test_the_normalised_form_has_no_defaults_and_no_aws_only_fields():
    normalised = normalise_task_definition(AWS_DESCRIBED)

    assert normalised["containerDefinitions"][0] == {
        "name": "web",
        "image": IMAGE,
        "portMappings": [{"containerPort": 8080}],
        "environment": [{"name": "LOG_LEVEL", "value": "info"}, {"name": "PORT", "value": "8080"}],
        "secrets": [{"name": "DATABASE_URL", "valueFrom": SECRET}],
        "dependsOn": [{"containerName": "migrate", "condition": "SUCCESS"}],
        "readonlyRootFilesystem": True,
        "logConfiguration": {"logDriver": "awslogs", "options": LOGS},
        "healthCheck": {"command": HEALTH},
    }
    assert sorted(normalised) == [
        "containerDefinitions",
        "cpu",
        "executionRoleArn",
        "family",
        "memory",
        "networkMode",
        "requiresCompatibilities",
        "runtimePlatform",
        "taskRoleArn",
    ]
    assert (normalised["cpu"], normalised["memory"], normalised["runtimePlatform"]) == (
        "512",
        "1024",
        {"cpuArchitecture": "ARM64"},
    )


def test_normalising_leaves_the_input_alone():
    described = copy.deepcopy(AWS_DESCRIBED)

    normalise_task_definition(described)

    assert described == AWS_DESCRIBED


def test_one_environment_value_makes_a_difference():
    def new_level(definition):
        definition["containerDefinitions"][0]["environment"][1]["value"] = "debug"

    assert not same_task_definition(changed(INVENTORY, new_level), AWS_DESCRIBED)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["containerDefinitions"][0].update(image=IMAGE.replace("1.4.2", "1.4.3")),
        lambda d: d["containerDefinitions"][0]["secrets"].append({"name": "API_KEY", "valueFrom": SECRET}),
        lambda d: d["containerDefinitions"][0]["portMappings"][0].update(protocol="udp"),
        lambda d: d["containerDefinitions"][0]["healthCheck"].update(interval=10),
        lambda d: d["containerDefinitions"][0].update(essential=False),
        lambda d: d["containerDefinitions"][1].pop("essential"),
        lambda d: d["containerDefinitions"].reverse(),
        lambda d: d.update(cpu="1024"),
        lambda d: d.update(memory="2 GB"),
        lambda d: d.pop("taskRoleArn"),
        lambda d: d.update(runtimePlatform={"cpuArchitecture": "X86_64", "operatingSystemFamily": "LINUX"}),
        lambda d: d.update(ephemeralStorage={"sizeInGiB": 30}),
        lambda d: d.update(volumes=[{"name": "scratch"}]),
    ],
    ids=[
        "image",
        "secret added",
        "protocol",
        "health check interval",
        "essential",
        "essential default",
        "container order",
        "cpu",
        "memory",
        "task role",
        "architecture",
        "ephemeral storage",
        "volume",
    ],
)
def test_a_change_of_content_makes_a_difference(change):
    assert not same_task_definition(changed(INVENTORY, change), AWS_DESCRIBED)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["containerDefinitions"][0]["environment"].reverse(),
        lambda d: d["containerDefinitions"][0].update(cpu=0, essential=True, privileged=False, mountPoints=[]),
        lambda d: d["containerDefinitions"][0]["portMappings"][0].update(hostPort=8080, protocol="tcp"),
        lambda d: d["containerDefinitions"][0]["healthCheck"].update(interval=30, timeout=5, retries=3, startPeriod=0),
        lambda d: d["containerDefinitions"][0].update(user=None, linuxParameters={"initProcessEnabled": False}),
        lambda d: d["containerDefinitions"][0]["logConfiguration"].update(secretOptions=[]),
        lambda d: d.update(cpu=512, memory="1024"),
        lambda d: d.update(requiresCompatibilities=["FARGATE"], volumes=[], placementConstraints=[], pidMode=None),
        lambda d: d.update(enableFaultInjection=False, tags=[{"key": "Environment", "value": "production"}]),
    ],
    ids=[
        "environment order",
        "container defaults",
        "awsvpc host port and tcp",
        "health check defaults",
        "None and default-valued nested",
        "empty secret options",
        "task size as int and digits",
        "empty task-level lists and None",
        "fault injection default and tags",
    ],
)
def test_what_aws_would_store_the_same_makes_no_difference(change):
    assert same_task_definition(changed(INVENTORY, change), AWS_DESCRIBED)


def test_runtime_platform_left_out_equals_linux_on_x86():
    inventory = changed(INVENTORY, lambda d: d.pop("runtimePlatform"))
    described = changed(
        AWS_DESCRIBED,
        lambda d: d.update(runtimePlatform={"cpuArchitecture": "X86_64", "operatingSystemFamily": "LINUX"}),
    )

    assert same_task_definition(inventory, described)
    assert not same_task_definition(inventory, AWS_DESCRIBED)


def test_bridge_mode_dynamic_host_port_is_the_default():
    def bridge(definition, host_port=None):
        definition.update(networkMode="bridge", requiresCompatibilities=["EC2"])
        mapping = {"containerPort": 8080} if host_port is None else {"containerPort": 8080, "hostPort": host_port}
        definition["containerDefinitions"][0]["portMappings"] = [mapping]

    assert same_task_definition(changed(INVENTORY, bridge), changed(AWS_DESCRIBED, lambda d: bridge(d, 0)))
    # In bridge mode the host port is the container port only when asked for.
    assert not same_task_definition(changed(INVENTORY, bridge), changed(AWS_DESCRIBED, lambda d: bridge(d, 8080)))


def test_network_mode_left_out_is_bridge():
    def bridge(definition):
        definition.update(networkMode="bridge")
        definition["containerDefinitions"][0]["portMappings"][0].update(hostPort=0)

    described = changed(AWS_DESCRIBED, bridge)

    assert same_task_definition(changed(INVENTORY, lambda d: d.pop("networkMode")), described)


def test_volumes_compare_by_name_with_their_defaults():
    efs = {"fileSystemId": "fs-0123456789abcdef0", "transitEncryption": "ENABLED"}
    inventory = changed(
        INVENTORY,
        lambda d: d.update(
            volumes=[{"name": "shared", "efsVolumeConfiguration": efs}, {"name": "scratch", "host": {}}]
        ),
    )
    described = changed(
        AWS_DESCRIBED,
        lambda d: d.update(
            volumes=[
                {"name": "scratch", "host": {}, "configuredAtLaunch": False},
                {"name": "shared", "efsVolumeConfiguration": dict(efs, rootDirectory="/")},
            ]
        ),
    )

    assert same_task_definition(inventory, described)
    assert normalise_task_definition(described)["volumes"] == [
        {"name": "scratch"},
        {"name": "shared", "efsVolumeConfiguration": efs},
    ]


def test_mount_points_read_only_false_is_the_default():
    def mount(read_only):
        point = {"sourceVolume": "scratch", "containerPath": "/tmp"}
        if read_only is not None:
            point["readOnly"] = read_only
        return lambda d: d["containerDefinitions"][0].update(mountPoints=[point])

    assert same_task_definition(changed(INVENTORY, mount(None)), changed(AWS_DESCRIBED, mount(False)))
    assert not same_task_definition(changed(INVENTORY, mount(True)), changed(AWS_DESCRIBED, mount(False)))


def test_nothing_to_compare_with_is_a_difference():
    assert not same_task_definition(INVENTORY, None)
    assert normalise_task_definition(None) == {}


@pytest.mark.parametrize(
    "value, kind, expected",
    [
        ("512", "cpu", "512"),
        (512, "cpu", "512"),
        ("1 vCPU", "cpu", "1024"),
        ("0.25 vcpu", "cpu", "256"),
        ("2vCPU", "cpu", "2048"),
        ("1 GB", "memory", "1024"),
        ("0.5GB", "memory", "512"),
        (" 2048 ", "memory", "2048"),
        ("1 GB", "cpu", None),
        ("1 vCPU", "memory", None),
        ("half", "cpu", None),
        ("-1", "memory", None),
    ],
)
def test_task_size(value, kind, expected):
    assert task_size(value, kind) == expected
