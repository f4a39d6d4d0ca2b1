"""Unit tests of the codedeploy_deployment helpers: AppSpec building and reading, summaries of a deployment."""

import datetime
import hashlib
import json

import pytest

from ansible_collections.seed.aws_platform.plugins.module_utils import codedeploy_deployments
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import Timeline
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import appspec_revision
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import appspec_task_definition
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import build_appspec
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import deployment_error
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import failure_message
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import lifecycle_events
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import normalize_deployment
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import normalize_events
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import parse_appspec
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import revision_text
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import rollback_info
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import same_task_definition
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import waiting_reason

TASK_DEFINITION = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:42"
STARTED = datetime.datetime(2024, 5, 1, 10, 24, tzinfo=datetime.timezone.utc)
ENDED = datetime.datetime(2024, 5, 1, 10, 25, 10, tzinfo=datetime.timezone.utc)
DEPLOYMENT = dict(deploymentId="d-A1B2C3D4E", deploymentGroupName="tiger-web", applicationName="tiger")


def params(**extra):
    return dict(dict(task_definition=TASK_DEFINITION, container_name="web", container_port=8000), **extra)


def event(name, status, **extra):
    return dict(lifecycleEventName=name, status=status, **extra)


# --- AppSpec ------------------------------------------------------------------------------------


def test_the_minimal_appspec_names_the_task_definition_and_the_container():
    assert build_appspec(params()) == {
        "version": 0.0,
        "Resources": [
            {
                "TargetService": {
                    "Type": "AWS::ECS::Service",
                    "Properties": {
                        "TaskDefinition": TASK_DEFINITION,
                        "LoadBalancerInfo": {"ContainerName": "web", "ContainerPort": 8000},
                    },
                }
            }
        ],
    }


def test_the_full_appspec_has_platform_network_capacity_providers_and_hooks_in_lifecycle_order():
    appspec = build_appspec(
        params(
            platform_version="1.4.0",
            network_configuration=dict(
                subnets=["subnet-1", "subnet-2"], security_groups=["sg-1"], assign_public_ip=True
            ),
            capacity_provider_strategy=[
                dict(capacity_provider="FARGATE", weight=1, base=1),
                dict(capacity_provider="FARGATE_SPOT", weight=3, base=None),
            ],
            hooks={
                "AfterAllowTraffic": "arn:aws:lambda:us-east-1:123456789012:function:after",
                "BeforeInstall": "before",
            },
        )
    )

    properties = appspec["Resources"][0]["TargetService"]["Properties"]
    assert properties["PlatformVersion"] == "1.4.0"
    assert properties["NetworkConfiguration"] == {
        "AwsvpcConfiguration": {
            "Subnets": ["subnet-1", "subnet-2"],
            "SecurityGroups": ["sg-1"],
            "AssignPublicIp": "ENABLED",
        }
    }
    assert properties["CapacityProviderStrategy"] == [
        {"CapacityProvider": "FARGATE", "Weight": 1, "Base": 1},
        {"CapacityProvider": "FARGATE_SPOT", "Weight": 3},
    ]
    assert appspec["Hooks"] == [
        {"BeforeInstall": "before"},
        {"AfterAllowTraffic": "arn:aws:lambda:us-east-1:123456789012:function:after"},
    ]


def test_a_network_configuration_without_security_groups_or_public_ip_disables_the_public_ip():
    appspec = build_appspec(params(network_configuration=dict(subnets=["subnet-1"], security_groups=None)))

    network = appspec["Resources"][0]["TargetService"]["Properties"]["NetworkConfiguration"]
    assert network == {"AwsvpcConfiguration": {"Subnets": ["subnet-1"], "AssignPublicIp": "DISABLED"}}


def test_the_revision_carries_the_appspec_as_json_with_its_sha256():
    appspec = build_appspec(params())

    revision = appspec_revision(appspec)

    content = revision["appSpecContent"]["content"]
    assert revision["revisionType"] == "AppSpecContent"
    assert json.loads(content) == appspec
    assert revision["appSpecContent"]["sha256"] == hashlib.sha256(content.encode()).hexdigest()
    assert appspec_revision(build_appspec(params())) == revision


@pytest.mark.parametrize(
    "revision, text",
    [
        (
            {"revisionType": "AppSpecContent", "appSpecContent": {"content": "{}", "sha256": "abc"}},
            {"content": "{}", "sha256": "abc"},
        ),
        ({"revisionType": "String", "string": {"content": "x"}}, {"content": "x"}),
        ({"revisionType": "AppSpecContent", "appSpecContent": {"sha256": "abc"}}, {"sha256": "abc"}),
        ({"revisionType": "S3", "s3Location": {"bucket": "b", "key": "k"}}, {}),
        ({}, {}),
    ],
)
def test_revision_text(revision, text):
    assert revision_text(revision) == text


YAML_APPSPEC = f"""
version: 0.0
Resources:
  - TargetService:
      Type: AWS::ECS::Service
      Properties:
        TaskDefinition: "{TASK_DEFINITION}"
        LoadBalancerInfo:
          ContainerName: web
          ContainerPort: 8000
"""


@pytest.mark.parametrize(
    "content, task_definition",
    [
        (json.dumps(build_appspec(params())), TASK_DEFINITION),
        (YAML_APPSPEC, TASK_DEFINITION),
        (json.dumps({"Resources": ["text", {"Fn": {"Type": "AWS::Lambda::Function"}}]}), None),
        ("version: [unclosed", None),
        ("just a string", None),
        ("", None),
        (None, None),
    ],
)
def test_the_task_definition_is_read_back_from_json_or_yaml(content, task_definition):
    assert appspec_task_definition(parse_appspec(content)) == task_definition


@pytest.mark.parametrize(
    "first, second, same",
    [
        (TASK_DEFINITION, TASK_DEFINITION, True),
        (TASK_DEFINITION, "web:42", True),
        (TASK_DEFINITION, TASK_DEFINITION.replace(":42", ":43"), False),
        (TASK_DEFINITION, TASK_DEFINITION.replace("/web:", "/api:"), False),
        (None, TASK_DEFINITION, False),
        (None, None, False),
    ],
)
def test_same_task_definition(first, second, same):
    assert same_task_definition(first, second) is same


# --- summaries ----------------------------------------------------------------------------------


def test_a_deployment_is_snake_cased_with_timestamps_as_strings():
    deployment = dict(
        DEPLOYMENT,
        createTime=STARTED,
        deploymentOverview={"InProgress": 1},
        revision={"revisionType": "AppSpecContent", "appSpecContent": {"sha256": "abc"}},
    )

    assert normalize_deployment(deployment) == dict(
        deployment_id="d-A1B2C3D4E",
        deployment_group_name="tiger-web",
        application_name="tiger",
        create_time="2024-05-01T10:24:00+00:00",
        deployment_overview={"in_progress": 1},
        revision={"revision_type": "AppSpecContent", "app_spec_content": {"sha256": "abc"}},
    )
    assert normalize_deployment(None) == {}


def test_lifecycle_events_come_from_the_ecs_targets():
    targets = [
        {"deploymentTargetType": "ECSTarget", "ecsTarget": {"lifecycleEvents": [event("BeforeInstall", "Succeeded")]}},
        {"deploymentTargetType": "ECSTarget", "ecsTarget": {}},
        {"deploymentTargetType": "InstanceTarget", "instanceTarget": {"lifecycleEvents": [event("Install", "Failed")]}},
    ]

    assert lifecycle_events(targets) == [event("BeforeInstall", "Succeeded")]
    assert normalize_events([event("Install", "Succeeded", startTime=STARTED, endTime=ENDED)]) == [
        dict(
            lifecycle_event_name="Install",
            status="Succeeded",
            start_time="2024-05-01T10:24:00+00:00",
            end_time="2024-05-01T10:25:10+00:00",
        )
    ]


def test_the_timeline_records_what_changed_from_one_look_to_the_next():
    timeline = Timeline()

    timeline.record(dict(status="Created"), [], "t1")
    timeline.record(dict(status="Created"), [], "t2")
    timeline.record(
        dict(status="InProgress"), [event("BeforeInstall", "InProgress"), event("Install", "Pending")], "t3"
    )
    timeline.record(dict(status="InProgress"), [event("BeforeInstall", "Succeeded"), event("Install", "Pending")], "t4")
    timeline.record(
        dict(status="Succeeded"), [event("BeforeInstall", "Succeeded"), event("Install", "Succeeded")], "t5"
    )

    assert timeline.entries == [
        {"time": "t1", "event": "deployment", "status": "Created"},
        {"time": "t3", "event": "BeforeInstall", "status": "InProgress"},
        {"time": "t3", "event": "Install", "status": "Pending"},
        {"time": "t3", "event": "deployment", "status": "InProgress"},
        {"time": "t4", "event": "BeforeInstall", "status": "Succeeded"},
        {"time": "t5", "event": "Install", "status": "Succeeded"},
        {"time": "t5", "event": "deployment", "status": "Succeeded"},
    ]


def test_now_is_utc_iso8601():
    stamp = datetime.datetime.fromisoformat(codedeploy_deployments.now())

    assert stamp.utcoffset() == datetime.timedelta(0)


FAILED_EVENTS = [
    event("BeforeInstall", "Succeeded"),
    event(
        "AfterAllowTestTraffic",
        "Failed",
        diagnostics=dict(
            errorCode="ScriptFailed",
            scriptName="smoke",
            message="The hook returned Failed",
            logTail="line 1\nGET /health 503\n",
        ),
    ),
    event("AfterAllowTraffic", "Failed", diagnostics=dict(errorCode="Later", message="not the first")),
]
FAILED = dict(
    DEPLOYMENT,
    status="Failed",
    errorInformation=dict(code="HOOK_EXECUTION_FAILURE", message="Lifecycle hook AfterAllowTestTraffic failed."),
    rollbackInfo=dict(rollbackDeploymentId="d-ROLLBACK1", rollbackMessage="Rolled back by deployment d-ROLLBACK1"),
)


def test_a_failure_says_what_failed_where_and_how_it_was_rolled_back():
    assert failure_message(FAILED, FAILED_EVENTS) == (
        "CodeDeploy deployment d-A1B2C3D4E of deployment group tiger-web (application tiger) failed:"
        " HOOK_EXECUTION_FAILURE: Lifecycle hook AfterAllowTestTraffic failed."
        " Lifecycle event AfterAllowTestTraffic failed: ScriptFailed: The hook returned Failed."
        " Log tail: line 1\nGET /health 503"
        " CodeDeploy rolls back with deployment d-ROLLBACK1: Rolled back by deployment d-ROLLBACK1."
    )
    assert deployment_error(FAILED, FAILED_EVENTS) == dict(
        code="HOOK_EXECUTION_FAILURE",
        message="Lifecycle hook AfterAllowTestTraffic failed.",
        failed_lifecycle_event="AfterAllowTestTraffic",
        diagnostics=dict(
            error_code="ScriptFailed",
            script_name="smoke",
            message="The hook returned Failed",
            log_tail="line 1\nGET /health 503\n",
        ),
    )
    assert rollback_info(FAILED) == dict(
        rollback_deployment_id="d-ROLLBACK1", rollback_message="Rolled back by deployment d-ROLLBACK1"
    )


def test_a_long_log_tail_is_cut_in_the_message_only():
    tail = "x" * 3000 + "END"
    events = [event("Install", "Failed", diagnostics=dict(logTail=tail))]

    message = failure_message(dict(DEPLOYMENT, status="Failed"), events)

    assert message.endswith("Lifecycle event Install failed. Log tail: ..." + tail[-1000:])
    assert deployment_error(dict(DEPLOYMENT, status="Failed"), events)["diagnostics"]["log_tail"] == tail


def test_a_stopped_deployment_without_details():
    deployment = dict(DEPLOYMENT, status="Stopped", rollbackInfo=dict(rollbackMessage="Automatic rollback is disabled"))

    assert failure_message(deployment, []) == (
        "CodeDeploy deployment d-A1B2C3D4E of deployment group tiger-web (application tiger) was stopped;"
        " CodeDeploy gives no error information. Rollback: Automatic rollback is disabled."
    )
    assert deployment_error(deployment, []) == {}
    assert rollback_info(dict(DEPLOYMENT)) == {}


def test_the_waiting_reason_names_the_running_lifecycle_event_and_explains_ready():
    events = [event("Install", "Succeeded"), event("AfterAllowTestTraffic", "InProgress", startTime=STARTED)]

    assert waiting_reason(dict(status="InProgress"), events) == (
        "its status is InProgress and lifecycle event AfterAllowTestTraffic is in progress"
        " since 2024-05-01T10:24:00+00:00"
    )
    ready = waiting_reason(dict(status="Ready"), [])
    assert ready.startswith("its status is Ready: CodeDeploy waits for the traffic to be rerouted")
    assert "ContinueDeployment" in ready
