"""Unit tests of seed.aws_platform.ecs_task.

moto 5.2.1 (in-process) runs Fargate tasks without container instances, and its tasks do stop: each DescribeTasks
moves a task one step from RUNNING through DEACTIVATING, STOPPING and DEPROVISIONING to STOPPED. The tests use it
for running, waiting until STOPPED and reading the task back. What moto gets wrong is scripted with botocore's
Stubber, as AWS answers:

- a task reports only the first container of its task definition, always with exitCode 0 (even while it runs), and
  no stopCode or stoppedReason: exit codes other than 0, CannotPullContainerError / TaskFailedToStart, several
  containers and missing containers are scripted;
- RunTask never returns failures, and fails with an internal error (not a failure) for capacityProviderStrategy
  or launchType EC2 without container instances;
- tasks never stay running, so timeouts (and StopTask) are scripted.

moto also needs ``memory`` on every container definition and a VPC with DNS hostnames for an awsvpc task, which the
fixtures give it. The module's clock is replaced so that waiting takes no time.
"""

import boto3
import pytest
from botocore.stub import ANY

from ansible_collections.seed.aws_platform.plugins.modules import ecs_task
from ansible_collections.seed.aws_platform.plugins.modules.ecs_task import main

REGION = "us-east-1"
ACCOUNT = "123456789012"
CLUSTER = "tiger"
TD = f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/migrate:1"
TASK_ARN = f"arn:aws:ecs:{REGION}:{ACCOUNT}:task/{CLUSTER}/0123456789abcdef0123456789abcdef"
CLUSTER_ARN = f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/{CLUSTER}"
MIGRATE = dict(name="app", command=["python", "manage.py", "migrate"], environment={"DEBUG": "0", "WORKERS": 2})
AWSVPC = dict(subnets=["subnet-1"], securityGroups=["sg-1"], assignPublicIp="DISABLED")


class Clock:
    """The module's ``time``: sleeping advances the monotonic clock at once."""

    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(ecs_task, "time", fake)
    return fake


# --- moto ---------------------------------------------------------------------------------------------------


@pytest.fixture
def network(aws):
    """A VPC (with DNS hostnames, without which moto cannot attach a task) with a subnet and a security group."""
    ec2 = boto3.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(VpcId=vpc, GroupName="migrate", Description="migrate")["GroupId"]
    return dict(subnet=subnet, group=group)


@pytest.fixture
def ecs(aws):
    """Cluster tiger and the Fargate task definition migrate:1 (container app)."""
    client = boto3.client("ecs", region_name=REGION)
    client.create_cluster(clusterName=CLUSTER)
    client.register_task_definition(
        family="migrate",
        networkMode="awsvpc",
        requiresCompatibilities=["FARGATE"],
        cpu="256",
        memory="512",
        containerDefinitions=[dict(name="app", image="tiger-api:1a2b3c4", memory=512, essential=True)],
    )
    return client


def operations(calls):
    return [operation for operation, _params in calls]


def requests(calls, operation):
    return [params for name, params in calls if name == operation]


def stored_tasks(ecs):
    arns = ecs.list_tasks(cluster=CLUSTER)["taskArns"]
    return ecs.describe_tasks(cluster=CLUSTER, tasks=arns, include=["TAGS"])["tasks"] if arns else []


def migration(network, **extra):
    args = dict(
        cluster=CLUSTER,
        task_definition="migrate:1",
        container_overrides=[MIGRATE],
        network_configuration=dict(subnets=[network["subnet"]], security_groups=[network["group"]]),
        poll_interval=0,
    )
    return dict(args, **extra)


def test_runs_the_task_waits_until_it_stopped_and_returns_its_exit_codes(run_module, ecs, network, api_calls, clock):
    args = migration(
        network,
        started_by="release-1a2b3c4",
        tags={"Release": "1a2b3c4", "Build": 42},
        platform_version="1.4.0",
        propagate_tags="TASK_DEFINITION",
    )

    result = run_module(main, args)

    assert result["changed"] is True and result["failed"] is False
    (stored,) = stored_tasks(ecs)
    assert result["task_arn"] == stored["taskArn"] == result["task"]["task_arn"]
    assert (stored["lastStatus"], result["task"]["last_status"]) == ("STOPPED", "STOPPED")
    assert stored["taskDefinitionArn"] == TD and stored["startedBy"] == "release-1a2b3c4"
    assert stored["overrides"]["containerOverrides"] == [
        dict(
            name="app",
            command=["python", "manage.py", "migrate"],
            environment=[dict(name="DEBUG", value="0"), dict(name="WORKERS", value="2")],
        )
    ]
    assert {tag["key"]: tag["value"] for tag in stored["tags"]} == {"Release": "1a2b3c4", "Build": "42"}
    assert result["task"]["tags"] == {"Release": "1a2b3c4", "Build": "42"}
    assert {detail["name"]: detail["value"] for detail in stored["attachments"][0]["details"]}["subnetId"] == network[
        "subnet"
    ]
    assert result["exit_codes"] == {"app": 0}
    assert (result["stop_code"], result["stopped_reason"]) == (None, None)
    assert "would_run" not in result

    calls = operations(api_calls)
    assert calls[:2] == ["DescribeTaskDefinition", "RunTask"]
    assert set(calls[2:]) == {"DescribeTasks"} and clock.sleeps == [0] * (len(calls) - 3)
    assert requests(api_calls, "DescribeTaskDefinition") == [dict(taskDefinition="migrate:1")]
    (sent,) = requests(api_calls, "RunTask")
    assert len(sent.pop("clientToken")) == 36
    assert sent == dict(
        cluster=CLUSTER,
        taskDefinition="migrate:1",
        count=1,
        launchType="FARGATE",
        platformVersion="1.4.0",
        networkConfiguration=dict(
            awsvpcConfiguration=dict(
                subnets=[network["subnet"]], securityGroups=[network["group"]], assignPublicIp="DISABLED"
            )
        ),
        overrides=stored["overrides"],
        startedBy="release-1a2b3c4",
        tags=[dict(key="Release", value="1a2b3c4"), dict(key="Build", value="42")],
        propagateTags="TASK_DEFINITION",
    )
    assert requests(api_calls, "DescribeTasks")[-1] == dict(
        cluster=CLUSTER, tasks=[stored["taskArn"]], include=["TAGS"]
    )


@pytest.mark.parametrize(
    "shape, public_ip",
    [
        (lambda net: dict(subnets=[net["subnet"]], securityGroups=[net["group"]], assignPublicIp="ENABLED"), "ENABLED"),
        (
            lambda net: dict(subnets=[net["subnet"]], security_groups=[net["group"]], assign_public_ip="DISABLED"),
            "DISABLED",
        ),
        (lambda net: dict(subnets=[net["subnet"]], security_groups=[net["group"]], assign_public_ip=True), "ENABLED"),
        (lambda net: dict(subnets=[net["subnet"]], securityGroups=[net["group"]]), "DISABLED"),
    ],
    ids=["DescribeServices-awsvpcConfiguration", "snake-cased-service-result", "module-keys", "default-public-ip"],
)
def test_a_service_network_configuration_is_taken_as_it_is(run_module, ecs, network, api_calls, shape, public_ip):
    result = run_module(main, migration(network, network_configuration=shape(network), wait=False))

    assert result["changed"] is True
    (sent,) = requests(api_calls, "RunTask")
    assert sent["networkConfiguration"] == dict(
        awsvpcConfiguration=dict(
            subnets=[network["subnet"]], securityGroups=[network["group"]], assignPublicIp=public_ip
        )
    )
    (stored,) = stored_tasks(ecs)
    assert stored["taskArn"] == result["task_arn"]
    assert stored["attachments"][0]["details"][0] == dict(name="subnetId", value=network["subnet"])


def test_without_wait_the_task_is_returned_as_run(run_module, ecs, network, api_calls):
    result = run_module(main, migration(network, wait=False))

    assert result["changed"] is True
    assert operations(api_calls) == ["RunTask"]
    (stored,) = stored_tasks(ecs)
    assert result["task_arn"] == stored["taskArn"]
    assert result["task"]["last_status"] == "RUNNING"


def test_every_run_runs_a_new_task(run_module, ecs, network, api_calls, clock):
    first = run_module(main, migration(network))
    second = run_module(main, migration(network))

    assert (first["changed"], second["changed"]) == (True, True)
    assert first["task_arn"] != second["task_arn"]
    assert sorted(task["taskArn"] for task in stored_tasks(ecs)) == sorted([first["task_arn"], second["task_arn"]])
    tokens = [params["clientToken"] for params in requests(api_calls, "RunTask")]
    assert len(set(tokens)) == 2


def test_check_mode_runs_nothing_and_returns_the_request(run_module, ecs, network, api_calls):
    result = run_module(main, migration(network, started_by="release-1a2b3c4", tags={"Release": 7}), check_mode=True)

    assert result["changed"] is True and result["failed"] is False
    assert (result["task"], result["task_arn"], result["exit_codes"]) == ({}, None, {})
    assert (result["stop_code"], result["stopped_reason"]) == (None, None)
    assert result["would_run"] == dict(
        cluster=CLUSTER,
        taskDefinition="migrate:1",
        count=1,
        launchType="FARGATE",
        networkConfiguration=dict(
            awsvpcConfiguration=dict(
                subnets=[network["subnet"]], securityGroups=[network["group"]], assignPublicIp="DISABLED"
            )
        ),
        overrides=dict(
            containerOverrides=[
                dict(
                    name="app",
                    command=["python", "manage.py", "migrate"],
                    environment=[dict(name="DEBUG", value="0"), dict(name="WORKERS", value="2")],
                )
            ]
        ),
        startedBy="release-1a2b3c4",
        tags=[dict(key="Release", value="7")],
    )
    assert api_calls == []
    assert stored_tasks(ecs) == []


def test_check_mode_request_with_a_capacity_provider_strategy(run_module, api_calls):
    args = dict(
        cluster=CLUSTER,
        task_definition=TD,
        capacity_provider_strategy=[
            dict(capacity_provider="FARGATE_SPOT", weight=3, base=1),
            dict(capacity_provider="FARGATE"),
        ],
        network_configuration=AWSVPC,
        platform_version="LATEST",
        propagate_tags="NONE",
    )

    result = run_module(main, args, check_mode=True)

    assert result["changed"] is True
    assert result["would_run"] == dict(
        cluster=CLUSTER,
        taskDefinition=TD,
        count=1,
        capacityProviderStrategy=[
            dict(capacityProvider="FARGATE_SPOT", weight=3, base=1),
            dict(capacityProvider="FARGATE"),
        ],
        platformVersion="LATEST",
        networkConfiguration=dict(awsvpcConfiguration=AWSVPC),
        propagateTags="NONE",
    )
    assert api_calls == []


def test_a_missing_cluster_is_reported(run_module, ecs, network, api_calls):
    result = run_module(main, migration(network, cluster="lion", wait=False))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to run a task of task definition migrate:1 in cluster lion")
    assert result["error"]["code"] == "ClusterNotFoundException"
    assert stored_tasks(ecs) == []


def test_a_missing_task_definition_runs_nothing(run_module, ecs, network, api_calls):
    result = run_module(main, migration(network, task_definition="migrate:9"))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to describe task definition migrate:9; no task was run")
    assert operations(api_calls) == ["DescribeTaskDefinition"]
    assert stored_tasks(ecs) == []


# --- Stubber: what moto does not do -------------------------------------------------------------------------


@pytest.fixture
def stub(stubbed):
    return stubbed("ecs")


def container(name, status="STOPPED", exit_code=None, reason=None):
    found = dict(
        containerArn=f"arn:aws:ecs:{REGION}:{ACCOUNT}:container/{CLUSTER}/0123/{name}", name=name, lastStatus=status
    )
    if exit_code is not None:
        found["exitCode"] = exit_code
    if reason is not None:
        found["reason"] = reason
    return found


def task(status, containers, stop_code=None, stopped_reason=None, **extra):
    found = dict(
        taskArn=TASK_ARN,
        clusterArn=CLUSTER_ARN,
        taskDefinitionArn=TD,
        lastStatus=status,
        desiredStatus="STOPPED" if status == "STOPPED" else "RUNNING",
        launchType="FARGATE",
        containers=containers,
        **extra,
    )
    if stop_code:
        found["stopCode"] = stop_code
    if stopped_reason:
        found["stoppedReason"] = stopped_reason
    return found


def task_definition(stub, *containers):
    """DescribeTaskDefinition of migrate:1: ``containers`` are (name, essential), essential None for no flag."""
    definitions = []
    for name, essential in containers:
        definitions.append(
            dict(name=name, image="tiger-api")
            if essential is None
            else dict(name=name, image="tiger-api", essential=essential)
        )
    stub.add_response(
        "describe_task_definition",
        dict(taskDefinition=dict(taskDefinitionArn=TD, family="migrate", revision=1, containerDefinitions=definitions)),
        dict(taskDefinition="migrate:1"),
    )


def runs(stub, started, **request):
    expected = dict(
        dict(
            cluster=CLUSTER,
            taskDefinition="migrate:1",
            count=1,
            launchType="FARGATE",
            networkConfiguration=dict(awsvpcConfiguration=AWSVPC),
            clientToken=ANY,
        ),
        **request,
    )
    stub.add_response("run_task", dict(tasks=[started], failures=[]), expected)


def described(stub, *states):
    for state in states:
        stub.add_response(
            "describe_tasks",
            dict(tasks=[state], failures=[]),
            dict(cluster=CLUSTER, tasks=[TASK_ARN], include=["TAGS"]),
        )


def stubbed_args(**extra):
    return dict(dict(cluster=CLUSTER, task_definition="migrate:1", network_configuration=AWSVPC), **extra)


PENDING = task("PENDING", [container("app", "PENDING")])
RUNNING = task("RUNNING", [container("app", "RUNNING")])


def test_success_needs_only_the_essential_containers_to_exit_0(run_module, stub, clock):
    task_definition(stub, ("app", None), ("log-router", False))
    runs(stub, PENDING)
    stopped = task(
        "STOPPED",
        [container("app", exit_code=0), container("log-router", exit_code=1)],
        "EssentialContainerExited",
        "Essential container in task exited",
        tags=[dict(key="Release", value="1a2b3c4")],
    )
    described(stub, PENDING, RUNNING, stopped)

    result = run_module(main, stubbed_args())

    assert result["changed"] is True and result["failed"] is False
    assert result["task_arn"] == TASK_ARN
    assert result["exit_codes"] == {"app": 0, "log-router": 1}
    assert (result["stop_code"], result["stopped_reason"]) == (
        "EssentialContainerExited",
        "Essential container in task exited",
    )
    assert result["task"]["tags"] == {"Release": "1a2b3c4"}
    assert [item["exit_code"] for item in result["task"]["containers"]] == [0, 1]
    assert clock.sleeps == [5, 5]


def test_an_essential_container_that_exits_non_zero_fails_the_task(run_module, stub, clock):
    task_definition(stub, ("app", True), ("log-router", False))
    runs(stub, PENDING)
    stopped = task(
        "STOPPED",
        [
            container("app", exit_code=2, reason="OutOfMemoryError: Container killed due to memory usage"),
            container("log-router", exit_code=0),
        ],
        "EssentialContainerExited",
        "Essential container in task exited",
    )
    described(stub, RUNNING, stopped)

    result = run_module(main, stubbed_args(poll_interval=0))

    assert result["failed"] is True and result["changed"] is True
    assert result["msg"] == (
        f"The one-off task {TASK_ARN} of {TD} failed: essential container app did not exit with code 0. Stop code"
        " EssentialContainerExited, stopped reason: Essential container in task exited. Containers: app (essential)"
        " exit code 2, OutOfMemoryError: Container killed due to memory usage; log-router (not essential) exit code 0."
    )
    assert result["task_arn"] == TASK_ARN
    assert result["exit_codes"] == {"app": 2, "log-router": 0}
    assert (result["stop_code"], result["stopped_reason"]) == (
        "EssentialContainerExited",
        "Essential container in task exited",
    )
    assert result["task"]["containers"][0]["reason"] == "OutOfMemoryError: Container killed due to memory usage"
    assert clock.sleeps == [0]


def test_a_task_that_failed_to_start_reports_why(run_module, stub, clock):
    task_definition(stub, ("app", True))
    runs(stub, PENDING)
    pull_error = (
        "CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref"
        " 123456789012.dkr.ecr.us-east-1.amazonaws.com/tiger-api:1a2b3c4: not found"
    )
    stopped = task("STOPPED", [container("app", reason=pull_error)], "TaskFailedToStart", pull_error)
    described(stub, stopped)

    result = run_module(main, stubbed_args(poll_interval=0))

    assert result["failed"] is True
    assert result["msg"] == (
        f"The one-off task {TASK_ARN} of {TD} failed: essential container app did not exit with code 0. Stop code"
        f" TaskFailedToStart, stopped reason: {pull_error}. Containers: app (essential) exit code none, {pull_error}."
    )
    assert result["exit_codes"] == {"app": None}
    assert result["stop_code"] == "TaskFailedToStart"
    assert clock.sleeps == []


def test_an_essential_container_missing_from_the_task_counts_as_failed(run_module, stub, clock):
    task_definition(stub, ("app", True), ("migrations", True))
    runs(stub, PENDING)
    described(
        stub,
        task(
            "STOPPED", [container("app", exit_code=0)], "EssentialContainerExited", "Essential container in task exited"
        ),
    )

    result = run_module(main, stubbed_args(poll_interval=0))

    assert result["failed"] is True
    assert "essential container migrations did not exit with code 0" in result["msg"]
    assert "migrations (essential) exit code none, missing from the task" in result["msg"]
    assert result["exit_codes"] == {"app": 0, "migrations": None}


def test_run_task_failures_fail_with_their_reasons(run_module, stub):
    task_definition(stub, ("app", True))
    stub.add_response(
        "run_task",
        dict(
            tasks=[],
            failures=[
                dict(
                    arn=CLUSTER_ARN,
                    reason="Capacity is unavailable at this time.",
                    detail="Please try again later or in a different availability zone",
                )
            ],
        ),
        dict(
            cluster=CLUSTER,
            taskDefinition="migrate:1",
            count=1,
            launchType="FARGATE",
            networkConfiguration=dict(awsvpcConfiguration=AWSVPC),
            clientToken=ANY,
        ),
    )

    result = run_module(main, stubbed_args())

    assert result["failed"] is True
    assert result["msg"] == (
        f"ECS did not run a task of task definition migrate:1 in cluster {CLUSTER}: {CLUSTER_ARN} Capacity is"
        " unavailable at this time. Please try again later or in a different availability zone."
    )
    assert result["failures"] == [
        dict(
            arn=CLUSTER_ARN,
            reason="Capacity is unavailable at this time.",
            detail="Please try again later or in a different availability zone",
        )
    ]
    assert (result["task"], result["task_arn"]) == ({}, None)


def test_a_timeout_stops_the_task_and_fails_with_its_status(run_module, stub, clock):
    task_definition(stub, ("app", True))
    runs(stub, PENDING)
    described(stub, PENDING, RUNNING, RUNNING, RUNNING)
    stub.add_response(
        "stop_task",
        dict(task=dict(RUNNING, desiredStatus="STOPPED", stoppedReason="Timed out waiting for the one-off task")),
        dict(cluster=CLUSTER, task=TASK_ARN, reason="Timed out waiting for the one-off task"),
    )

    result = run_module(main, stubbed_args(wait_timeout=12))

    assert result["failed"] is True and result["changed"] is True
    assert result["msg"] == (
        f"Timed out after 12 seconds waiting for the one-off task {TASK_ARN} to stop; its last status is RUNNING. It"
        " has been stopped (StopTask, reason 'Timed out waiting for the one-off task')."
    )
    assert clock.sleeps == [5, 5, 2]
    assert result["task"]["desired_status"] == "STOPPED"
    assert result["stopped_reason"] == "Timed out waiting for the one-off task"
    assert result["task_arn"] == TASK_ARN


def test_a_timeout_says_when_the_task_could_not_be_stopped(run_module, stub, clock):
    task_definition(stub, ("app", True))
    runs(stub, PENDING)
    described(stub, PENDING, PENDING)
    stub.add_client_error("stop_task", service_error_code="AccessDeniedException", service_message="not allowed")

    result = run_module(main, stubbed_args(wait_timeout=1, poll_interval=10))

    assert result["failed"] is True
    assert result["msg"].startswith(
        f"Timed out after 1 seconds waiting for the one-off task {TASK_ARN} to stop; its last status is PENDING. It"
        " could not be stopped, stop it by hand: An error occurred (AccessDeniedException)"
    )
    assert result["task"]["last_status"] == "PENDING"
    assert clock.sleeps == [1]


def test_a_task_ecs_no_longer_knows_fails(run_module, stub, clock):
    task_definition(stub, ("app", True))
    runs(stub, PENDING)
    stub.add_response(
        "describe_tasks",
        dict(tasks=[], failures=[dict(arn=TASK_ARN, reason="MISSING")]),
        dict(cluster=CLUSTER, tasks=[TASK_ARN], include=["TAGS"]),
    )

    result = run_module(main, stubbed_args())

    assert result["failed"] is True and result["changed"] is True
    assert result["msg"] == f"ECS does not know the one-off task {TASK_ARN} in cluster {CLUSTER} (MISSING)."
    assert result["task_arn"] == TASK_ARN


def test_a_failure_to_describe_the_task_names_it(run_module, stub, clock):
    task_definition(stub, ("app", True))
    runs(stub, PENDING)
    stub.add_client_error("describe_tasks", service_error_code="AccessDeniedException", service_message="not allowed")

    result = run_module(main, stubbed_args())

    assert result["failed"] is True and result["changed"] is True
    assert result["msg"].startswith(f"Failed to describe the one-off task {TASK_ARN}, which may still be running")
    assert result["task_arn"] == TASK_ARN


def test_a_capacity_provider_strategy_replaces_the_launch_type(run_module, stub):
    expected = dict(
        cluster=CLUSTER,
        taskDefinition="migrate:1",
        count=1,
        capacityProviderStrategy=[dict(capacityProvider="FARGATE_SPOT", weight=1)],
        platformVersion="1.4.0",
        networkConfiguration=dict(awsvpcConfiguration=AWSVPC),
        propagateTags="TASK_DEFINITION",
        clientToken=ANY,
    )
    stub.add_response("run_task", dict(tasks=[PENDING], failures=[]), expected)

    result = run_module(
        main,
        stubbed_args(
            capacity_provider_strategy=[dict(capacity_provider="FARGATE_SPOT", weight=1)],
            platform_version="1.4.0",
            propagate_tags="TASK_DEFINITION",
            wait=False,
        ),
    )

    assert result["changed"] is True
    assert result["task"]["last_status"] == "PENDING"
    assert result["exit_codes"] == {"app": None}


def test_an_ec2_task_is_run_with_its_launch_type(run_module, stub):
    stub.add_response(
        "run_task",
        dict(tasks=[PENDING], failures=[]),
        dict(cluster=CLUSTER, taskDefinition=TD, count=1, launchType="EC2", clientToken=ANY),
    )

    result = run_module(main, dict(cluster=CLUSTER, task_definition=TD, launch_type="EC2", wait=False))

    assert (result["changed"], result["task_arn"]) == (True, TASK_ARN)


# --- invalid input ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (
            dict(started_by="r" * 37),
            "started_by '" + "r" * 37 + "' is not valid: it must be 1 to 36 letters, digits,"
            " hyphens, forward slashes and underscores (it has 37 characters).",
        ),
        (
            dict(started_by="release 1"),
            "started_by 'release 1' is not valid: it must be 1 to 36 letters, digits,"
            " hyphens, forward slashes and underscores (it has 9 characters).",
        ),
        (
            dict(launch_type="FARGATE", capacity_provider_strategy=[dict(capacity_provider="FARGATE")]),
            "parameters are mutually exclusive: launch_type|capacity_provider_strategy",
        ),
        (
            dict(task_definition="migrate"),
            "task_definition 'migrate' must be a task definition ARN or family:revision,"
            " for example migrate:12. A family without revision is not accepted, since the revision it means changes"
            " with every registration.",
        ),
        (dict(cluster=""), "cluster cannot be empty."),
        (dict(wait_timeout=0), "wait_timeout must be at least 1 second, not 0."),
        (dict(poll_interval=-1), "poll_interval cannot be negative, not -1."),
        (dict(network_configuration=dict(subnets=[])), "network_configuration.subnets must list at least one subnet."),
        (
            dict(network_configuration=dict(subnets=["subnet-1"], assignPublicIp="maybe")),
            "network_configuration.assign_public_ip must be true, false, ENABLED or DISABLED, not 'maybe'.",
        ),
        (
            dict(propagate_tags="SERVICE"),
            "propagate_tags=SERVICE is refused by AWS for a task that no service starts:"
            " use TASK_DEFINITION to copy the tags of the task definition, or set tags.",
        ),
        (
            dict(container_overrides=[dict(name="app"), dict(name="app", command=["true"])]),
            "container_overrides names the container app more than once.",
        ),
        (
            dict(capacity_provider_strategy=[]),
            "capacity_provider_strategy cannot be empty: omit it to run with launch_type.",
        ),
        (
            dict(launch_type="EC2", platform_version="1.4.0"),
            "platform_version '1.4.0' applies to Fargate only, not to launch_type=EC2.",
        ),
    ],
    ids=[
        "started_by-too-long",
        "started_by-characters",
        "launch_type-and-strategy",
        "family-without-revision",
        "empty-cluster",
        "wait_timeout",
        "poll_interval",
        "no-subnet",
        "assign_public_ip",
        "propagate-service",
        "duplicate-override",
        "empty-strategy",
        "platform-version-on-ec2",
    ],
)
@pytest.mark.parametrize("check_mode", [False, True], ids=["run", "check-mode"])
def test_invalid_arguments_fail_before_any_call(run_module, api_calls, args, message, check_mode):
    result = run_module(main, dict(dict(cluster=CLUSTER, task_definition="migrate:1"), **args), check_mode=check_mode)

    assert result["failed"] is True
    assert result["msg"] == message
    assert api_calls == []
