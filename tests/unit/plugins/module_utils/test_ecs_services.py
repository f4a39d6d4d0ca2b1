"""Unit tests of the ECS service helpers: comparison keys, rollout states and diagnostics, with scripted ECS answers."""

import datetime

import boto3
import pytest
from botocore.stub import Stubber

from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper

from ansible_collections.seed.aws_platform.plugins.module_utils import ecs_services

T0 = datetime.datetime(2024, 5, 1, 10, 0, tzinfo=datetime.timezone.utc)
SERVICE_ARN = "arn:aws:ecs:us-east-1:123456789012:service/tiger/api"


def minutes(count):
    return T0 + datetime.timedelta(minutes=count)


@pytest.fixture
def stubber():
    with Stubber(boto3.client("ecs", region_name="us-east-1")) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def retrying(stubber):
    """The client as AnsibleAWSModule.client gives it to the helpers, taking ``aws_retry``."""
    return RetryingBotoClientWrapper(stubber.client, AWSRetry.jittered_backoff())


def deployment(deployment_id, state="COMPLETED", status="PRIMARY", running=2, desired=2):
    return dict(id=deployment_id, status=status, rolloutState=state, runningCount=running, desiredCount=desired)


# --- reading --------------------------------------------------------------------------------------------------


def test_describe_service_returns_the_service_or_none(stubber):
    expected = dict(cluster="tiger", services=["api"], include=["TAGS"])
    stubber.add_response("describe_services", dict(services=[dict(serviceName="api", status="ACTIVE")]), expected)
    stubber.add_response(
        "describe_services", dict(services=[], failures=[dict(arn=SERVICE_ARN, reason="MISSING")]), expected
    )

    assert ecs_services.describe_service(retrying(stubber), "tiger", "api") == dict(serviceName="api", status="ACTIVE")
    assert ecs_services.describe_service(retrying(stubber), "tiger", "api") is None


@pytest.mark.parametrize(
    ("service", "absent"),
    [(None, True), (dict(status="INACTIVE"), True), (dict(status="DRAINING"), False), (dict(status="ACTIVE"), False)],
)
def test_inactive_and_missing_services_are_absent(service, absent):
    assert ecs_services.is_absent(service) is absent


def test_the_controller_defaults_to_ecs():
    assert ecs_services.controller({}) == "ECS"
    assert ecs_services.controller(dict(deploymentController=dict(type="CODE_DEPLOY"))) == "CODE_DEPLOY"


def test_list_stopped_tasks_describes_only_when_there_are_some(stubber):
    listed = dict(cluster="tiger", serviceName="api", desiredStatus="STOPPED", maxResults=100)
    stubber.add_response("list_tasks", dict(taskArns=[]), listed)
    stubber.add_response("list_tasks", dict(taskArns=["arn:task/1"]), listed)
    stubber.add_response(
        "describe_tasks",
        dict(tasks=[dict(taskArn="arn:task/1")], failures=[]),
        dict(cluster="tiger", tasks=["arn:task/1"]),
    )

    assert ecs_services.list_stopped_tasks(retrying(stubber), "tiger", "api") == []
    assert ecs_services.list_stopped_tasks(retrying(stubber), "tiger", "api") == [dict(taskArn="arn:task/1")]


# --- comparison keys ------------------------------------------------------------------------------------------


def test_task_definitions_compare_by_family_and_revision():
    arn = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:12"

    assert ecs_services.task_definition_ref(arn) == ecs_services.task_definition_ref("web:12") == "web:12"
    assert ecs_services.task_definition_ref(None) is None


def test_network_configurations_compare_as_sets():
    first = dict(awsvpcConfiguration=dict(subnets=["a", "b"], securityGroups=["x", "y"], assignPublicIp="DISABLED"))
    second = dict(awsvpcConfiguration=dict(subnets=["b", "a"], securityGroups=["y", "x"]))
    other_groups = dict(awsvpcConfiguration=dict(subnets=["a", "b"], securityGroups=["z"]))

    assert ecs_services.awsvpc_key(first) == ecs_services.awsvpc_key(second)
    assert ecs_services.awsvpc_key(first) != ecs_services.awsvpc_key(other_groups)
    assert ecs_services.awsvpc_key(first, False) == ecs_services.awsvpc_key(other_groups, False)
    assert ecs_services.awsvpc_key(None) == (frozenset(), frozenset(), "DISABLED")


def test_load_balancers_compare_as_sets_with_or_without_target_group():
    blue = [
        dict(targetGroupArn="blue", containerName="api", containerPort=80),
        dict(targetGroupArn="x", containerName="b", containerPort=1),
    ]
    green = [
        dict(targetGroupArn="x", containerName="b", containerPort=1),
        dict(targetGroupArn="green", containerName="api", containerPort=80),
    ]

    assert ecs_services.load_balancer_key(blue) != ecs_services.load_balancer_key(green)
    assert ecs_services.load_balancer_key(blue, False) == ecs_services.load_balancer_key(green, False)
    assert ecs_services.load_balancer_key(None) == frozenset()


def test_a_missing_weight_or_base_is_zero():
    assert ecs_services.strategy_key([dict(capacityProvider="FARGATE")]) == ecs_services.strategy_key(
        [dict(capacityProvider="FARGATE", weight=0, base=0)]
    )
    assert ecs_services.strategy_key([dict(capacityProvider="FARGATE", weight=1)]) != ecs_services.strategy_key(
        [dict(capacityProvider="FARGATE")]
    )


@pytest.mark.parametrize(
    ("launch_type", "strategy", "fargate"),
    [
        ("FARGATE", None, True),
        ("EC2", None, False),
        (None, None, False),
        ("EC2", [dict(capacityProvider="FARGATE"), dict(capacityProvider="FARGATE_SPOT")], True),
        (None, [dict(capacityProvider="FARGATE"), dict(capacityProvider="my-asg")], False),
    ],
)
def test_uses_fargate(launch_type, strategy, fargate):
    assert ecs_services.uses_fargate(launch_type, strategy) is fargate


# --- rollout --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("deployments", "tracked", "state", "deployment_id"),
    [
        ([deployment("d2")], "d2", "COMPLETED", "d2"),
        ([deployment("d2")], None, "COMPLETED", "d2"),
        ([deployment("d2", "IN_PROGRESS")], "d2", "IN_PROGRESS", "d2"),
        # Completed but still missing a task, or an older deployment still rolling: not done.
        ([deployment("d2", running=1)], "d2", "IN_PROGRESS", "d2"),
        ([deployment("d2"), deployment("d1", "IN_PROGRESS", "ACTIVE")], "d2", "IN_PROGRESS", "d2"),
        ([deployment("d2"), deployment("d1", "COMPLETED", "ACTIVE")], "d2", "COMPLETED", "d2"),
        ([deployment("d2", "FAILED")], "d2", "FAILED", "d2"),
        ([deployment("d3", "IN_PROGRESS"), deployment("d2", "FAILED", "ACTIVE")], "d2", "FAILED", "d2"),
        ([deployment("d3", "IN_PROGRESS"), deployment("d2", "IN_PROGRESS", "ACTIVE")], "d2", "REPLACED", "d2"),
        ([deployment("d3")], "d2", "REPLACED", "d3"),
        ([], "d2", "IN_PROGRESS", None),
    ],
)
def test_rollout_states(deployments, tracked, state, deployment_id):
    found_state, found = ecs_services.rollout(dict(deployments=deployments), tracked)

    assert found_state == state
    assert (found or {}).get("id") == deployment_id


def test_primary_deployment():
    service = dict(deployments=[deployment("d1", status="ACTIVE"), deployment("d2")])

    assert ecs_services.primary_deployment(service)["id"] == "d2"
    assert ecs_services.primary_deployment(dict(deployments=[])) is None
    assert ecs_services.primary_deployment(None) is None


# --- diagnostics ----------------------------------------------------------------------------------------------


def test_recent_events_are_the_newest_five_newest_first():
    events = [dict(id=str(index), createdAt=minutes(index), message=f"m{index}") for index in (2, 6, 1, 3, 5, 4)]

    recent = ecs_services.recent_events(dict(events=events))

    assert [event["message"] for event in recent] == ["m6", "m5", "m4", "m3", "m2"]
    assert recent[0] == dict(id="6", created_at=minutes(6).isoformat(), message="m6")
    assert ecs_services.recent_events({}) == []


def test_stopped_tasks_of_the_deployment_come_first_newest_first():
    tasks = [
        dict(taskArn="old", startedBy="d1", stoppedAt=minutes(9), stoppedReason="Scaling activity"),
        dict(
            taskArn="a",
            startedBy="d2",
            stoppedAt=minutes(1),
            stopCode="EssentialContainerExited",
            containers=[dict(name="api", exitCode=137)],
        ),
        dict(taskArn="b", startedBy="d2", createdAt=minutes(3), stopCode="TaskFailedToStart"),
    ]

    summaries = ecs_services.stopped_task_summaries(tasks, "d2")

    assert [summary["task_arn"] for summary in summaries] == ["b", "a"]
    assert summaries[1] == dict(
        task_arn="a",
        task_definition_arn=None,
        stopped_at=minutes(1).isoformat(),
        stop_code="EssentialContainerExited",
        stopped_reason=None,
        containers=[dict(name="api", exit_code=137, reason=None)],
    )


def test_without_tasks_of_the_deployment_the_newest_of_the_service_are_given():
    tasks = [dict(taskArn=str(index), startedBy="d1", stoppedAt=minutes(index)) for index in range(7)]

    summaries = ecs_services.stopped_task_summaries(tasks, "d2")

    assert [summary["task_arn"] for summary in summaries] == ["6", "5", "4", "3", "2"]


def test_diagnostics_text_names_reason_events_and_tasks():
    diagnostics = dict(
        rollout_state_reason="ECS deployment circuit breaker: tasks failed to start.",
        events=[dict(created_at="2024-05-01T10:05:00+00:00", message="(service api) was unable to place a task.")],
        stopped_tasks=[
            dict(
                task_arn="arn:task/1",
                stop_code="EssentialContainerExited",
                stopped_reason="Essential container in task exited",
                containers=[
                    dict(name="api", exit_code=1, reason=None),
                    dict(name="proxy", exit_code=None, reason="OOM"),
                ],
            )
        ],
    )

    assert ecs_services.diagnostics_text(diagnostics) == (
        "Rollout state reason: ECS deployment circuit breaker: tasks failed to start. Last service events, newest"
        " first: 2024-05-01T10:05:00+00:00 (service api) was unable to place a task. Stopped tasks: arn:task/1:"
        " EssentialContainerExited: Essential container in task exited; containers: api exit code 1, proxy exit code"
        " None (OOM)."
    )


def test_diagnostics_text_says_why_there_are_no_tasks():
    empty = dict(rollout_state_reason=None, events=[], stopped_tasks=[])

    assert ecs_services.diagnostics_text(empty) == "No stopped task of the service is known to ECS."
    assert ecs_services.diagnostics_text(empty, "AccessDenied") == "The stopped tasks could not be read: AccessDenied."


def test_normalize_service_snake_cases_with_tags_as_a_dict():
    service = dict(
        serviceArn=SERVICE_ARN,
        enableECSManagedTags=True,
        createdAt=T0,
        tags=[dict(key="Environment", value="tiger"), dict(key="CamelCase", value="kept")],
        ResponseMetadata={},
    )

    assert ecs_services.normalize_service(service) == dict(
        service_arn=SERVICE_ARN,
        enable_ecs_managed_tags=True,
        created_at=T0.isoformat(),
        tags={"Environment": "tiger", "CamelCase": "kept"},
    )
    assert ecs_services.normalize_service(dict(serviceName="api"), {"a": "1"}) == dict(
        service_name="api", tags={"a": "1"}
    )
    assert ecs_services.normalize_service(None) == {}


def test_normalize_deployment():
    assert ecs_services.normalize_deployment(dict(id="d1", rolloutState="COMPLETED", createdAt=T0)) == dict(
        id="d1", rollout_state="COMPLETED", created_at=T0.isoformat()
    )
    assert ecs_services.normalize_deployment(None) == {}
