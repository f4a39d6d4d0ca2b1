"""Extension ecs_run_task_fargate: one-off Fargate tasks run, exit and fail as on AWS, without container instances."""

import json
import time

import pytest
from botocore.exceptions import ClientError

from tests.emulator import Emulator

TASK_SECONDS = 1.0
ACCOUNT = "123456789012"
REGISTRY = f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com"
MANIFEST = {
    "schemaVersion": 2,
    "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
    "config": {
        "mediaType": "application/vnd.docker.container.image.v1+json",
        "size": 1469,
        "digest": "sha256:" + "c" * 64,
    },
    "layers": [
        {"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 3, "digest": "sha256:" + "a" * 64}
    ],
}


@pytest.fixture(scope="module")
def emulator(make_name):
    """An emulator of this module's own, whose one-off tasks take TASK_SECONDS from RunTask to STOPPED."""
    emulator = Emulator(make_name())
    emulator.start(env={"SEED_EMULATOR_ECS_TASK_SECONDS": str(TASK_SECONDS)})
    yield emulator
    emulator.stop()


@pytest.fixture
def ecs(aws):
    return aws("ecs")


@pytest.fixture
def network(aws):
    """An awsvpc configuration in a new VPC (without DNS hostnames, where moto's own RunTask fails)."""
    ec2 = aws("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(VpcId=vpc, GroupName="tasks", Description="tasks")["GroupId"]
    return {"awsvpcConfiguration": {"subnets": [subnet], "securityGroups": [group]}}


@pytest.fixture
def cluster(ecs):
    ecs.create_cluster(clusterName="jobs")
    return "jobs"


def register(ecs, family: str, image: str = "public.ecr.aws/docker/library/busybox:1.36", **container) -> str:
    """A Fargate task definition whose containers, as usual on Fargate, have no memory of their own."""
    return ecs.register_task_definition(
        family=family,
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="256",
        memory="512",
        containerDefinitions=[{"name": "job", "image": image, "essential": True, **container}],
    )["taskDefinition"]["taskDefinitionArn"]


def wait_for_stop(ecs, cluster: str, task_arn: str, timeout: float = 15) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        [task] = ecs.describe_tasks(cluster=cluster, tasks=[task_arn])["tasks"]
        if task["lastStatus"] == "STOPPED" or time.monotonic() > deadline:
            return task
        time.sleep(0.1)


def test_a_task_runs_and_exits_without_container_instances(ecs, cluster, network):
    register(ecs, "migrate", command=["migrate", "--up"])
    [task] = ecs.run_task(
        cluster=cluster, taskDefinition="migrate", launchType="FARGATE", networkConfiguration=network
    )["tasks"]
    assert (task["lastStatus"], task["desiredStatus"], task["launchType"]) == ("PROVISIONING", "RUNNING", "FARGATE")
    assert task["group"] == "family:migrate" and task["platformVersion"] == "1.4.0"
    assert task["containers"][0]["lastStatus"] == "PENDING"
    [attachment] = task["attachments"]
    details = {item["name"]: item["value"] for item in attachment["details"]}
    assert details["subnetId"] == network["awsvpcConfiguration"]["subnets"][0]
    assert details["privateIPv4Address"].startswith("10.20.1.") and details["networkInterfaceId"].startswith("eni-")
    assert task["availabilityZone"] == "us-east-1a"
    assert ecs.list_tasks(cluster=cluster)["taskArns"] == [task["taskArn"]]

    seen = set()
    deadline = time.monotonic() + 15
    while "STOPPED" not in seen and time.monotonic() < deadline:
        [current] = ecs.describe_tasks(cluster=cluster, tasks=[task["taskArn"]])["tasks"]
        seen.add(current["lastStatus"])
        time.sleep(0.05)
    assert seen <= {"PROVISIONING", "PENDING", "RUNNING", "STOPPED"} and "STOPPED" in seen
    assert (current["desiredStatus"], current["stopCode"]) == ("STOPPED", "EssentialContainerExited")
    assert current["stoppedReason"] == "Essential container in task exited"
    [container] = current["containers"]
    assert (container["lastStatus"], container["exitCode"]) == ("STOPPED", 0)
    # RUNNING from half the task's time on, STOPPED at its end.
    started = (current["startedAt"] - current["createdAt"]).total_seconds()
    stopped = (current["stoppedAt"] - current["createdAt"]).total_seconds()
    assert started == pytest.approx(TASK_SECONDS / 2, abs=0.01) and stopped == pytest.approx(TASK_SECONDS, abs=0.01)

    assert ecs.list_tasks(cluster=cluster)["taskArns"] == []
    assert ecs.list_tasks(cluster=cluster, desiredStatus="STOPPED")["taskArns"] == [task["taskArn"]]


def test_a_command_starting_with_false_exits_with_1(ecs, cluster, network):
    register(ecs, "migrate")
    overrides = {"containerOverrides": [{"name": "job", "command": ["false"]}]}
    [task] = ecs.run_task(
        cluster=cluster,
        taskDefinition="migrate",
        launchType="FARGATE",
        networkConfiguration=network,
        overrides=overrides,
    )["tasks"]
    stopped = wait_for_stop(ecs, cluster, task["taskArn"])
    assert stopped["stopCode"] == "EssentialContainerExited"
    assert stopped["containers"][0]["exitCode"] == 1
    assert stopped["overrides"]["containerOverrides"] == overrides["containerOverrides"]


def test_a_capacity_provider_strategy_runs_on_fargate(ecs, network):
    ecs.create_cluster(
        clusterName="spot",
        capacityProviders=["FARGATE", "FARGATE_SPOT"],
        defaultCapacityProviderStrategy=[{"capacityProvider": "FARGATE_SPOT", "weight": 1}],
    )
    register(ecs, "report")
    strategy = [{"capacityProvider": "FARGATE", "weight": 1}]
    [given] = ecs.run_task(
        cluster="spot", taskDefinition="report", capacityProviderStrategy=strategy, networkConfiguration=network
    )["tasks"]
    assert (given["launchType"], given["capacityProviderName"]) == ("FARGATE", "FARGATE")
    # Neither a launch type nor a strategy: the cluster's default strategy.
    [default] = ecs.run_task(cluster="spot", taskDefinition="report", networkConfiguration=network, count=1)["tasks"]
    assert (default["launchType"], default["capacityProviderName"]) == ("FARGATE", "FARGATE_SPOT")
    assert wait_for_stop(ecs, "spot", default["taskArn"])["containers"][0]["exitCode"] == 0


def test_an_image_missing_from_this_accounts_ecr_fails_to_start(aws, ecs, cluster, network):
    ecr = aws("ecr")
    ecr.create_repository(repositoryName="tools")
    pushed = ecr.put_image(repositoryName="tools", imageManifest=json.dumps(MANIFEST), imageTag="v1")["image"]
    digest = pushed["imageId"]["imageDigest"]

    register(ecs, "by-tag", image=f"{REGISTRY}/tools:v1")
    register(ecs, "by-digest", image=f"{REGISTRY}/tools@{digest}")
    register(ecs, "missing-tag", image=f"{REGISTRY}/tools:v2")
    register(ecs, "missing-repository", image=f"{REGISTRY}/nothing:v1")
    # Another account's registry is not the emulator's business: it always pulls.
    register(ecs, "other-account", image="210987654321.dkr.ecr.us-east-1.amazonaws.com/tools:v9")
    arns = {
        family: ecs.run_task(
            cluster=cluster, taskDefinition=family, launchType="FARGATE", networkConfiguration=network
        )["tasks"][0]["taskArn"]
        for family in ("by-tag", "by-digest", "missing-tag", "missing-repository", "other-account")
    }
    stopped = {family: wait_for_stop(ecs, cluster, arn) for family, arn in arns.items()}

    for family in ("by-tag", "by-digest", "other-account"):
        assert stopped[family]["stopCode"] == "EssentialContainerExited", family
        assert stopped[family]["containers"][0]["exitCode"] == 0
    assert stopped["by-tag"]["containers"][0]["imageDigest"] == digest
    for family, image in (("missing-tag", f"{REGISTRY}/tools:v2"), ("missing-repository", f"{REGISTRY}/nothing:v1")):
        task = stopped[family]
        reason = (
            f"CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref {image}: "
            "not found"
        )
        assert (task["stopCode"], task["stoppedReason"]) == ("TaskFailedToStart", reason)
        [container] = task["containers"]
        assert (container["lastStatus"], container["reason"]) == ("STOPPED", reason)
        assert "exitCode" not in container and "startedAt" not in task
        # It failed where a task that pulls starts running: half the task's time.
        assert (task["stoppedAt"] - task["createdAt"]).total_seconds() == pytest.approx(TASK_SECONDS / 2, abs=0.01)
    listed = ecs.list_tasks(cluster=cluster, desiredStatus="STOPPED", family="missing-tag")["taskArns"]
    assert listed == [arns["missing-tag"]]


def test_stop_task_stops_a_task_at_once(ecs, cluster, network):
    register(ecs, "worker")
    [task] = ecs.run_task(cluster=cluster, taskDefinition="worker", launchType="FARGATE", networkConfiguration=network)[
        "tasks"
    ]
    stopped = ecs.stop_task(cluster=cluster, task=task["taskArn"], reason="release cancelled")["task"]
    assert (stopped["lastStatus"], stopped["stopCode"]) == ("STOPPED", "UserInitiated")
    assert stopped["stoppedReason"] == "release cancelled"
    [described] = ecs.describe_tasks(cluster=cluster, tasks=[task["taskArn"]])["tasks"]
    assert (described["lastStatus"], described["stopCode"]) == ("STOPPED", "UserInitiated")


def test_what_aws_refuses_is_refused(ecs, cluster, network):
    register(ecs, "migrate")
    ecs.register_task_definition(
        family="ec2-only", containerDefinitions=[{"name": "job", "image": "busybox", "memory": 64}]
    )
    refused = [
        dict(taskDefinition="migrate", networkConfiguration=network),
        dict(taskDefinition="ec2-only", networkConfiguration=network),
        dict(taskDefinition="migrate"),
        dict(
            taskDefinition="migrate",
            networkConfiguration={"awsvpcConfiguration": {"subnets": ["subnet-0123456789abcdef0"]}},
        ),
    ]
    messages = []
    for index, arguments in enumerate(refused):
        extra = {"capacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 1}]} if index == 0 else {}
        with pytest.raises(ClientError) as error:
            ecs.run_task(cluster=cluster, launchType="FARGATE", **arguments, **extra)
        assert error.value.response["Error"]["Code"] == "InvalidParameterException"
        messages.append(error.value.response["Error"]["Message"])
    assert messages[:3] == [
        "Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.",
        "Task definition does not support launch_type FARGATE.",
        "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    ]
    assert "subnet-0123456789abcdef0" in messages[3]
    assert ecs.list_tasks(cluster=cluster)["taskArns"] == []
