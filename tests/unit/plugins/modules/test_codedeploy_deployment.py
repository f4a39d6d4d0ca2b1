"""Unit tests of seed.aws_platform.codedeploy_deployment.

moto (in-process) backs the application, the deployment group, the ECS service and CreateDeployment,
GetDeployment, ListDeployments and BatchGetDeployments. moto 5.2.1 leaves every deployment in status Created, reports
no lastSuccessfulDeployment and does not implement StopDeployment, ListDeploymentTargets, BatchGetDeploymentTargets or
GetApplicationRevision: botocore's Stubber scripts those paths as AWS answers them (progress to Succeeded, failure
with lifecycle diagnostics and rollback, Ready, stop, timeouts) and asserts the exact requests. The module's clock is
replaced so that waiting takes no time.
"""

import datetime
import json

import boto3
import pytest

from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import ACTIVE_STATUSES
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import appspec_revision
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import build_appspec
from ansible_collections.seed.aws_platform.plugins.modules import codedeploy_deployment
from ansible_collections.seed.aws_platform.plugins.modules.codedeploy_deployment import main

REGION = "us-east-1"
ACCOUNT = "123456789012"
APP = "tiger-web"
GROUP = "tiger-web"
CLUSTER = "tiger"
SERVICE = "web"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/codedeploy"


def task_definition(revision):
    return f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/web:{revision}"


TD1, TD2, TD3 = task_definition(1), task_definition(2), task_definition(3)
ID = "d-A1B2C3D4E"
T0 = datetime.datetime(2024, 5, 1, 10, 20, tzinfo=datetime.timezone.utc)


def release(td=TD2, **extra):
    return dict(
        dict(
            application_name=APP,
            deployment_group_name=GROUP,
            task_definition=td,
            container_name="web",
            container_port=8000,
        ),
        **extra,
    )


def group_args(**extra):
    return dict(dict(application_name=APP, deployment_group_name=GROUP), **extra)


def revision_of(td=TD2, **extra):
    return appspec_revision(build_appspec(dict(task_definition=td, container_name="web", container_port=8000, **extra)))


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
    monkeypatch.setattr(codedeploy_deployment, "time", fake)
    return fake


# --- moto ---------------------------------------------------------------------------------------


@pytest.fixture
def codedeploy(aws):
    return boto3.client("codedeploy", region_name=REGION)


@pytest.fixture
def platform(codedeploy):
    """An ECS service on web:1 (web:2 and web:3 registered), deployed by the CodeDeploy group tiger-web."""
    ecs = boto3.client("ecs", region_name=REGION)
    ecs.create_cluster(clusterName=CLUSTER)
    for _revision in range(3):
        ecs.register_task_definition(
            family="web", containerDefinitions=[{"name": "web", "image": "nginx", "memory": 128}]
        )
    ecs.create_service(
        cluster=CLUSTER,
        serviceName=SERVICE,
        taskDefinition=TD1,
        desiredCount=1,
        deploymentController={"type": "CODE_DEPLOY"},
    )
    codedeploy.create_application(applicationName=APP, computePlatform="ECS")
    codedeploy.create_deployment_group(
        applicationName=APP,
        deploymentGroupName=GROUP,
        serviceRoleArn=ROLE,
        ecsServices=[{"serviceName": SERVICE, "clusterName": CLUSTER}],
        deploymentStyle={"deploymentType": "BLUE_GREEN", "deploymentOption": "WITH_TRAFFIC_CONTROL"},
    )
    return ecs


def operations(calls):
    return [operation for operation, _params in calls]


def deployments_of(codedeploy):
    ids = codedeploy.list_deployments(applicationName=APP, deploymentGroupName=GROUP)["deployments"]
    return [codedeploy.get_deployment(deploymentId=deployment_id)["deploymentInfo"] for deployment_id in ids]


def test_check_mode_on_empty_reports_a_deployment_and_creates_none(run_module, codedeploy, platform, api_calls):
    result = run_module(main, release(), check_mode=True, diff=True)

    assert result["changed"] is True
    assert (result["deployment"], result["deployment_id"], result["status"]) == ({}, None, None)
    assert result["appspec"]["Resources"][0]["TargetService"]["Properties"]["TaskDefinition"] == TD2
    assert result["diff"] == dict(before=dict(task_definition=TD1), after=dict(task_definition=TD2))
    assert deployments_of(codedeploy) == []
    assert "CreateDeployment" not in operations(api_calls)


def test_creates_the_deployment_with_the_appspec_and_returns_it_without_waiting(
    run_module, codedeploy, platform, api_calls
):
    args = release(
        description="Release of 1a2b3c4",
        platform_version="LATEST",
        network_configuration=dict(subnets=["subnet-1"], security_groups=["sg-1"]),
        capacity_provider_strategy=[dict(capacity_provider="FARGATE_SPOT", weight=3)],
        hooks={"AfterAllowTestTraffic": "tiger-web-smoke-test"},
        wait=False,
    )

    result = run_module(main, args, diff=True)

    assert result["changed"] is True
    (stored,) = deployments_of(codedeploy)
    assert result["deployment_id"] == stored["deploymentId"] == result["deployment"]["deployment_id"]
    assert result["status"] == stored["status"] == "Created"
    assert stored["description"] == "Release of 1a2b3c4"
    assert stored["revision"]["revisionType"] == "AppSpecContent"
    sent = json.loads(stored["revision"]["appSpecContent"]["content"])
    assert (
        sent
        == result["appspec"]
        == {
            "version": 0.0,
            "Resources": [
                {
                    "TargetService": {
                        "Type": "AWS::ECS::Service",
                        "Properties": {
                            "TaskDefinition": TD2,
                            "LoadBalancerInfo": {"ContainerName": "web", "ContainerPort": 8000},
                            "PlatformVersion": "LATEST",
                            "NetworkConfiguration": {
                                "AwsvpcConfiguration": {
                                    "Subnets": ["subnet-1"],
                                    "SecurityGroups": ["sg-1"],
                                    "AssignPublicIp": "DISABLED",
                                }
                            },
                            "CapacityProviderStrategy": [{"CapacityProvider": "FARGATE_SPOT", "Weight": 3}],
                        },
                    }
                }
            ],
            "Hooks": [{"AfterAllowTestTraffic": "tiger-web-smoke-test"}],
        }
    )
    assert (
        stored["revision"]["appSpecContent"]["sha256"]
        == revision_of(
            platform_version="LATEST",
            network_configuration=dict(subnets=["subnet-1"], security_groups=["sg-1"]),
            capacity_provider_strategy=[dict(capacity_provider="FARGATE_SPOT", weight=3)],
            hooks={"AfterAllowTestTraffic": "tiger-web-smoke-test"},
        )["appSpecContent"]["sha256"]
    )
    assert (
        result["deployment"]["revision"]["app_spec_content"]["content"]
        == stored["revision"]["appSpecContent"]["content"]
    )
    # Created: not started, so no target is read (CodeDeploy would answer DeploymentNotStartedException).
    assert result["lifecycle_events"] == [] and "ListDeploymentTargets" not in operations(api_calls)
    assert [(entry["event"], entry["status"]) for entry in result["timeline"]] == [("deployment", "Created")]
    assert (result["error"], result["rollback"]) == ({}, {})
    assert result["diff"] == dict(before=dict(task_definition=TD1), after=dict(task_definition=TD2))


def test_second_run_waits_on_the_active_deployment_instead_of_creating_another(run_module, codedeploy, platform):
    first = run_module(main, release(wait=False))

    second = run_module(main, release(wait=False))
    in_check_mode = run_module(main, release(), check_mode=True)

    assert (second["changed"], in_check_mode["changed"]) == (False, False)
    assert second["deployment_id"] == in_check_mode["deployment_id"] == first["deployment_id"]
    assert len(deployments_of(codedeploy)) == 1


def test_an_active_deployment_of_another_revision_is_refused(run_module, codedeploy, platform):
    first = run_module(main, release(wait=False))

    result = run_module(main, release(TD3))

    assert result["failed"] is True
    assert result["msg"] == (
        f"The deployment group {GROUP} of CodeDeploy application {APP} already has an active deployment,"
        f" {first['deployment_id']} (status Created), that releases {TD2}, not {TD3}. CodeDeploy runs one deployment"
        " of a group at a time: wait for it to end, or stop it with state=stopped"
        f" (deployment_id={first['deployment_id']}), then run the task again."
    )
    assert (result["deployment_id"], result["status"]) == (first["deployment_id"], "Created")
    assert len(deployments_of(codedeploy)) == 1
    assert run_module(main, release(TD3), check_mode=True)["failed"] is True


def test_a_service_already_running_the_task_definition_is_left_alone(run_module, codedeploy, platform, api_calls):
    result = run_module(main, release(TD1), diff=True)
    in_check_mode = run_module(main, release(TD1), check_mode=True)

    assert (result["changed"], in_check_mode["changed"]) == (False, False)
    # moto reports no lastSuccessfulDeployment.
    assert (result["deployment"], result["deployment_id"], result["timeline"]) == ({}, None, [])
    assert result["diff"]["before"] == result["diff"]["after"] == dict(task_definition=TD1)
    assert deployments_of(codedeploy) == []


def test_waiting_times_out_with_the_status(run_module, codedeploy, platform, clock):
    result = run_module(main, release(wait_timeout=12))

    (stored,) = deployments_of(codedeploy)
    assert result["failed"] is True and result["changed"] is True
    assert result["msg"] == (
        f"Timed out after 12 seconds waiting for CodeDeploy deployment {stored['deploymentId']} of deployment group"
        f" {GROUP} (application {APP}) to end; its status is Created. The deployment goes on in AWS: run the task"
        " again to wait on it, stop it with state=stopped, or raise wait_timeout."
    )
    assert (result["deployment_id"], result["status"]) == (stored["deploymentId"], "Created")
    assert clock.sleeps == [5, 5, 2]


def test_an_existing_deployment_is_returned_by_id(run_module, codedeploy, platform):
    first = run_module(main, release(wait=False))

    result = run_module(main, group_args(deployment_id=first["deployment_id"], wait=False))

    assert (result["changed"], result["deployment_id"], result["status"]) == (False, first["deployment_id"], "Created")
    assert result["appspec"] == {}
    assert len(deployments_of(codedeploy)) == 1


def test_an_unknown_deployment_id_fails(run_module, codedeploy, platform):
    result = run_module(main, group_args(deployment_id="d-UNKNOWN00"))

    assert result["failed"] is True
    assert result["msg"] == "CodeDeploy deployment d-UNKNOWN00 (deployment_id) does not exist."


def test_stopping_without_an_active_deployment_changes_nothing(run_module, codedeploy, platform, api_calls):
    result = run_module(main, group_args(state="stopped"), diff=True)
    of_missing_group = run_module(main, dict(group_args(state="stopped"), deployment_group_name="gone"))

    assert (result["changed"], result["deployment"], of_missing_group["changed"]) == (False, {}, False)
    assert result["diff"]["before"] == result["diff"]["after"] == dict(deployment_id=None, status=None)
    assert "StopDeployment" not in operations(api_calls)


def test_a_missing_deployment_group_fails_except_in_check_mode(run_module, codedeploy, platform):
    args = release(deployment_group_name="gone")

    result = run_module(main, args)
    in_check_mode = run_module(main, args, check_mode=True)

    assert result["failed"] is True
    assert result["msg"] == (
        f"The deployment group gone of CodeDeploy application {APP} does not exist: create the application and the"
        " deployment group (seed.aws_platform.codedeploy_application and codedeploy_deployment_group) first."
    )
    assert (in_check_mode["changed"], in_check_mode["deployment"]) == (True, {})
    assert in_check_mode["appspec"]["Resources"][0]["TargetService"]["Properties"]["TaskDefinition"] == TD2


def test_a_group_that_deploys_no_ecs_service_is_refused(run_module, codedeploy, platform):
    codedeploy.create_application(applicationName="ec2-app", computePlatform="Server")
    codedeploy.create_deployment_group(applicationName="ec2-app", deploymentGroupName="hosts", serviceRoleArn=ROLE)

    result = run_module(main, release(application_name="ec2-app", deployment_group_name="hosts"))

    assert result["failed"] is True
    assert result["msg"] == (
        "The deployment group hosts of CodeDeploy application ec2-app does not deploy an ECS service (compute"
        " platform Server): codedeploy_deployment releases ECS task definitions only."
    )


def test_a_missing_ecs_service_fails(run_module, codedeploy, platform):
    codedeploy.create_deployment_group(
        applicationName=APP,
        deploymentGroupName="orphan",
        serviceRoleArn=ROLE,
        ecsServices=[{"serviceName": "gone", "clusterName": CLUSTER}],
    )

    result = run_module(main, release(deployment_group_name="orphan"))

    assert result["failed"] is True
    assert result["msg"] == (
        f"ECS service gone of cluster {CLUSTER}, which deployment group orphan of CodeDeploy application {APP}"
        " deploys, does not exist (MISSING). Create the service with deployment controller CODE_DEPLOY first."
    )
    assert deployments_of(codedeploy) == []


@pytest.mark.parametrize(
    "args, message",
    [
        (release("web:2"), "task_definition 'web:2' is not the ARN of a task definition revision, such as"),
        (release(container_port=0), "container_port must be between 1 and 65535, not 0."),
        (
            release(hooks={"Install": "fn"}),
            "hooks has an unknown lifecycle event 'Install': the hooks of an ECS deployment"
            " run at BeforeInstall, AfterInstall, AfterAllowTestTraffic, BeforeAllowTraffic,"
            " AfterAllowTraffic.",
        ),
        (
            release(hooks={"BeforeInstall": ""}),
            "hooks.BeforeInstall must be the name or ARN of a Lambda function, not ''.",
        ),
        (
            release(network_configuration=dict(subnets=[])),
            "network_configuration.subnets must list at least one subnet ID.",
        ),
        (release(wait_timeout=0), "wait_timeout must be at least 1 second, not 0."),
        (release(poll_interval=-1), "poll_interval cannot be negative, it is -1."),
        (group_args(), "state is present but any of the following are missing: task_definition, deployment_id"),
        (
            group_args(task_definition=TD2),
            "missing parameter(s) required by 'task_definition': container_name, container_port",
        ),
        (release(deployment_id=ID), "parameters are mutually exclusive: task_definition|deployment_id"),
    ],
)
def test_invalid_arguments_fail_before_any_call(run_module, api_calls, args, message):
    result = run_module(main, args)

    assert result["failed"] is True
    assert result["msg"].startswith(message)
    assert api_calls == []


# --- Stubber ------------------------------------------------------------------------------------


@pytest.fixture
def cd(stubbed):
    return stubbed("codedeploy")


@pytest.fixture
def ecs(stubbed):
    return stubbed("ecs")


SHA_ONLY = {"revisionType": "AppSpecContent", "appSpecContent": {"sha256": revision_of()["appSpecContent"]["sha256"]}}


def info(status, deployment_id=ID, **extra):
    """A deployment as GetDeployment and BatchGetDeployments answer it: its revision by SHA-256 of the AppSpec."""
    deployment = dict(
        deploymentId=deployment_id,
        applicationName=APP,
        deploymentGroupName=GROUP,
        deploymentConfigName="CodeDeployDefault.ECSAllAtOnce",
        status=status,
        createTime=T0,
        revision=SHA_ONLY,
        computePlatform="ECS",
    )
    return dict(deployment, **extra)


def expect_group(cd, last=None):
    group = dict(
        applicationName=APP,
        deploymentGroupName=GROUP,
        computePlatform="ECS",
        ecsServices=[dict(serviceName=SERVICE, clusterName=CLUSTER)],
    )
    if last:
        group["lastSuccessfulDeployment"] = dict(deploymentId=last, status="Succeeded", endTime=T0, createTime=T0)
    cd.add_response(
        "get_deployment_group", dict(deploymentGroupInfo=group), dict(applicationName=APP, deploymentGroupName=GROUP)
    )


def expect_service(ecs, td=TD1, task_sets=()):
    service = dict(
        serviceName=SERVICE,
        status="ACTIVE",
        taskDefinition=td,
        taskSets=[dict(status=status, taskDefinition=set_td) for status, set_td in task_sets],
    )
    ecs.add_response(
        "describe_services", dict(services=[service], failures=[]), dict(cluster=CLUSTER, services=[SERVICE])
    )


def expect_active(cd, *deployments):
    request = dict(applicationName=APP, deploymentGroupName=GROUP, includeOnlyStatuses=list(ACTIVE_STATUSES))
    ids = [deployment["deploymentId"] for deployment in deployments]
    cd.add_response("list_deployments", dict(deployments=ids), request)
    if ids:
        cd.add_response("batch_get_deployments", dict(deploymentsInfo=list(deployments)), dict(deploymentIds=ids))


def expect_get(cd, deployment):
    cd.add_response("get_deployment", dict(deploymentInfo=deployment), dict(deploymentId=deployment["deploymentId"]))


def event(name, status, **extra):
    return dict(lifecycleEventName=name, status=status, **extra)


def expect_targets(cd, *events, deployment_id=ID):
    target_id = f"{CLUSTER}:{SERVICE}"
    cd.add_response("list_deployment_targets", dict(targetIds=[target_id]), dict(deploymentId=deployment_id))
    target = dict(
        deploymentTargetType="ECSTarget",
        ecsTarget=dict(
            deploymentId=deployment_id, targetId=target_id, lifecycleEvents=list(events), status="InProgress"
        ),
    )
    cd.add_response(
        "batch_get_deployment_targets",
        dict(deploymentTargets=[target]),
        dict(deploymentId=deployment_id, targetIds=[target_id]),
    )


def expect_look(cd, deployment, *events):
    """One look while waiting: GetDeployment, then the lifecycle events once the deployment has started."""
    expect_get(cd, deployment)
    if deployment["status"] not in ("Created", "Queued"):
        expect_targets(cd, *events, deployment_id=deployment["deploymentId"])


def expect_create(cd, revision, **extra):
    cd.add_response(
        "create_deployment",
        dict(deploymentId=ID),
        dict(applicationName=APP, deploymentGroupName=GROUP, revision=revision, **extra),
    )


def statuses(result):
    return [(entry["event"], entry["status"]) for entry in result["timeline"]]


ALL_SUCCEEDED = [
    event(name, "Succeeded")
    for name in (
        "BeforeInstall",
        "Install",
        "AfterInstall",
        "AllowTestTraffic",
        "AfterAllowTestTraffic",
        "BeforeAllowTraffic",
        "AllowTraffic",
        "AfterAllowTraffic",
    )
]


def test_creates_and_waits_until_the_deployment_has_succeeded(run_module, cd, ecs, clock):
    expect_group(cd)
    expect_service(ecs)
    expect_active(cd)
    expect_create(cd, revision_of(), description="Release of 1a2b3c4")
    expect_get(cd, info("Created"))
    expect_look(
        cd,
        info("InProgress"),
        event("BeforeInstall", "Succeeded", startTime=T0, endTime=T0),
        event("Install", "InProgress", startTime=T0),
        event("AfterInstall", "Pending"),
    )
    expect_look(
        cd,
        info("InProgress"),
        event("BeforeInstall", "Succeeded", startTime=T0, endTime=T0),
        event("Install", "InProgress", startTime=T0),
        event("AfterInstall", "Pending"),
    )
    expect_look(cd, info("Succeeded", completeTime=T0), *ALL_SUCCEEDED)

    result = run_module(main, release(description="Release of 1a2b3c4"), diff=True)

    assert result["failed"] is False and result["changed"] is True
    assert (result["deployment_id"], result["status"]) == (ID, "Succeeded")
    assert result["deployment"]["complete_time"] == "2024-05-01T10:20:00+00:00"
    assert result["lifecycle_events"][0] == dict(lifecycle_event_name="BeforeInstall", status="Succeeded")
    assert [item["status"] for item in result["lifecycle_events"]] == ["Succeeded"] * 8
    assert statuses(result) == [
        ("deployment", "Created"),
        ("BeforeInstall", "Succeeded"),
        ("Install", "InProgress"),
        ("AfterInstall", "Pending"),
        ("deployment", "InProgress"),
    ] + [(item["lifecycleEventName"], "Succeeded") for item in ALL_SUCCEEDED[1:]] + [("deployment", "Succeeded")]
    assert all(datetime.datetime.fromisoformat(entry["time"]).tzinfo for entry in result["timeline"])
    assert (result["error"], result["rollback"]) == ({}, {})
    assert result["diff"] == dict(before=dict(task_definition=TD1), after=dict(task_definition=TD2))
    assert clock.sleeps == [5, 5, 5]


def test_a_failed_deployment_fails_the_task_saying_why(run_module, cd, ecs, clock):
    failed_hook = event(
        "AfterAllowTestTraffic",
        "Failed",
        startTime=T0,
        endTime=T0,
        diagnostics=dict(
            errorCode="ScriptFailed",
            scriptName="tiger-web-smoke-test",
            message="The smoke test returned Failed",
            logTail="GET /health 503",
        ),
    )
    expect_group(cd)
    expect_service(ecs)
    expect_active(cd)
    expect_create(cd, revision_of())
    expect_get(cd, info("InProgress"))
    expect_targets(cd, event("BeforeInstall", "Succeeded"), event("AfterAllowTestTraffic", "InProgress"))
    expect_look(
        cd,
        info(
            "Failed",
            errorInformation=dict(
                code="HOOK_EXECUTION_FAILURE", message="The deployment failed because a lifecycle hook failed."
            ),
            rollbackInfo=dict(rollbackDeploymentId="d-ROLLBACK1", rollbackMessage="Rolled back by d-ROLLBACK1"),
        ),
        event("BeforeInstall", "Succeeded"),
        failed_hook,
        event("AfterAllowTraffic", "Skipped"),
    )

    result = run_module(main, release(poll_interval=1))

    assert result["failed"] is True and result["changed"] is True
    assert result["msg"] == (
        f"CodeDeploy deployment {ID} of deployment group {GROUP} (application {APP}) failed: HOOK_EXECUTION_FAILURE:"
        " The deployment failed because a lifecycle hook failed. Lifecycle event AfterAllowTestTraffic failed:"
        " ScriptFailed: The smoke test returned Failed. Log tail: GET /health 503 CodeDeploy rolls back with"
        " deployment d-ROLLBACK1: Rolled back by d-ROLLBACK1."
    )
    assert result["error"] == dict(
        code="HOOK_EXECUTION_FAILURE",
        message="The deployment failed because a lifecycle hook failed.",
        failed_lifecycle_event="AfterAllowTestTraffic",
        diagnostics=dict(
            error_code="ScriptFailed",
            script_name="tiger-web-smoke-test",
            message="The smoke test returned Failed",
            log_tail="GET /health 503",
        ),
    )
    assert result["rollback"] == dict(
        rollback_deployment_id="d-ROLLBACK1", rollback_message="Rolled back by d-ROLLBACK1"
    )
    assert (result["deployment_id"], result["status"]) == (ID, "Failed")
    assert ("AfterAllowTestTraffic", "Failed") in statuses(result) and statuses(result)[-1] == ("deployment", "Failed")
    assert clock.sleeps == [1]


def test_a_deployment_stopped_while_waiting_fails_the_task(run_module, cd, clock):
    expect_look(cd, info("InProgress"))
    expect_look(cd, info("Stopped", errorInformation=dict(code="DEPLOYMENT_STOPPED", message="Stopped by a user.")))

    result = run_module(main, group_args(deployment_id=ID))

    assert result["failed"] is True and result["changed"] is False
    assert result["msg"] == (
        f"CodeDeploy deployment {ID} of deployment group {GROUP} (application {APP}) was stopped: DEPLOYMENT_STOPPED:"
        " Stopped by a user."
    )
    assert result["error"] == dict(
        code="DEPLOYMENT_STOPPED", message="Stopped by a user.", failed_lifecycle_event=None, diagnostics={}
    )


def test_without_wait_a_failed_deployment_is_returned_without_failing(run_module, cd, clock):
    expect_look(cd, info("Failed", errorInformation=dict(code="HEALTH_CONSTRAINTS", message="Too many tasks failed.")))

    result = run_module(main, group_args(deployment_id=ID, wait=False))

    assert result["failed"] is False
    assert (result["status"], result["error"]["code"]) == ("Failed", "HEALTH_CONSTRAINTS")
    assert clock.sleeps == []


def test_check_mode_does_not_wait(run_module, cd, clock):
    expect_look(cd, info("InProgress"), event("Install", "InProgress"))

    result = run_module(main, group_args(deployment_id=ID), check_mode=True)

    assert (result["failed"], result["changed"], result["status"]) == (False, False, "InProgress")
    assert clock.sleeps == []


def test_ready_is_waited_through_until_the_traffic_is_rerouted(run_module, cd, clock):
    waiting = [event("AfterAllowTestTraffic", "Succeeded"), event("BeforeAllowTraffic", "Pending")]
    expect_look(cd, info("Ready"), *waiting)
    expect_look(cd, info("Ready"), *waiting)
    expect_look(cd, info("Succeeded"), *ALL_SUCCEEDED)

    result = run_module(main, group_args(deployment_id=ID, poll_interval=30))

    assert result["failed"] is False and result["changed"] is False
    assert result["status"] == "Succeeded"
    assert [status for name, status in statuses(result) if name == "deployment"] == ["Ready", "Succeeded"]
    assert clock.sleeps == [30, 30]


def test_a_deployment_ready_until_the_timeout_explains_the_manual_reroute(run_module, cd, clock):
    expect_look(cd, info("Ready"))
    expect_look(cd, info("Ready"))

    result = run_module(main, group_args(deployment_id=ID, wait_timeout=60, poll_interval=60))

    assert result["failed"] is True
    assert result["msg"] == (
        f"Timed out after 60 seconds waiting for CodeDeploy deployment {ID} of deployment group {GROUP} (application"
        f" {APP}) to end; its status is Ready: CodeDeploy waits for the traffic to be rerouted to the replacement"
        " tasks by hand (ContinueDeployment with deploymentWaitType READY_WAIT, or Reroute traffic in the console),"
        " or for the wait time of the deployment group's blue/green configuration to run out. The deployment goes"
        " on in AWS: run the task again to wait on it, stop it with state=stopped, or raise wait_timeout."
    )
    assert result["status"] == "Ready"


def test_a_timeout_names_the_lifecycle_event_in_progress(run_module, cd, clock):
    running = [event("Install", "Succeeded"), event("AfterAllowTestTraffic", "InProgress", startTime=T0)]
    expect_look(cd, info("InProgress"), *running)
    expect_look(cd, info("InProgress"), *running)

    result = run_module(main, group_args(deployment_id=ID, wait_timeout=5))

    assert result["failed"] is True
    assert (
        "its status is InProgress and lifecycle event AfterAllowTestTraffic is in progress since"
        " 2024-05-01T10:20:00+00:00. The deployment goes on in AWS" in result["msg"]
    )
    assert result["lifecycle_events"][1] == dict(
        lifecycle_event_name="AfterAllowTestTraffic", status="InProgress", start_time="2024-05-01T10:20:00+00:00"
    )


def test_targets_not_started_yet_are_no_lifecycle_events(run_module, cd, clock):
    expect_get(cd, info("InProgress"))
    cd.add_client_error(
        "list_deployment_targets",
        service_error_code="DeploymentNotStartedException",
        expected_params=dict(deploymentId=ID),
    )

    result = run_module(main, group_args(deployment_id=ID, wait=False))

    assert (result["status"], result["lifecycle_events"]) == ("InProgress", [])


def test_a_deployment_of_another_group_is_refused(run_module, cd):
    expect_get(cd, dict(info("InProgress"), deploymentGroupName="other"))

    result = run_module(main, group_args(deployment_id=ID))

    assert result["failed"] is True
    assert result["msg"] == (
        f"CodeDeploy deployment {ID} (deployment_id) belongs to deployment group other of application {APP}, not to"
        f" deployment group {GROUP} of CodeDeploy application {APP}."
    )


def test_an_active_deployment_with_the_same_appspec_is_waited_on(run_module, cd, ecs, clock):
    expect_group(cd)
    expect_service(ecs)
    # GetDeployment gives the SHA-256 of the AppSpec, not its content: the same SHA-256 is the same AppSpec.
    expect_active(cd, info("InProgress"))
    expect_targets(cd, event("Install", "InProgress"))
    expect_look(cd, info("Succeeded"), *ALL_SUCCEEDED)

    result = run_module(main, release(), diff=True)

    assert result["failed"] is False and result["changed"] is False
    assert (result["deployment_id"], result["status"]) == (ID, "Succeeded")
    assert result["diff"] == dict(before=dict(task_definition=TD1), after=dict(task_definition=TD2))


def test_the_appspec_of_an_active_deployment_is_read_with_get_application_revision(run_module, cd, ecs, clock):
    other_hooks = revision_of(hooks={"BeforeInstall": "check"})
    sha_only = {"revisionType": "AppSpecContent", "appSpecContent": {"sha256": other_hooks["appSpecContent"]["sha256"]}}
    expect_group(cd)
    expect_service(ecs)
    expect_active(cd, info("Queued", revision=sha_only))
    cd.add_response(
        "get_application_revision",
        dict(applicationName=APP, revision=other_hooks),
        dict(applicationName=APP, revision=sha_only),
    )

    result = run_module(main, release(wait=False))

    assert (result["changed"], result["deployment_id"], result["status"]) == (False, ID, "Queued")


def test_an_active_deployment_whose_appspec_cannot_be_read_is_refused(run_module, cd, ecs):
    sha_only = {"revisionType": "AppSpecContent", "appSpecContent": {"sha256": "0" * 64}}
    expect_group(cd)
    expect_service(ecs)
    # The newest active deployment is the one that counts.
    expect_active(
        cd,
        info("Queued", deployment_id="d-OLDER0000", revision=sha_only, createTime=T0 - datetime.timedelta(hours=1)),
        info("InProgress", revision=sha_only),
    )
    cd.add_client_error("get_application_revision", service_error_code="RevisionDoesNotExistException")

    result = run_module(main, release())

    assert result["failed"] is True
    assert result["msg"].startswith(
        f"The deployment group {GROUP} of CodeDeploy application {APP} already has an active deployment, {ID} (status"
        f" InProgress), that has an AppSpec CodeDeploy does not return, not {TD2}."
    )


def test_the_service_runs_the_task_definition_of_its_primary_task_set(run_module, cd, ecs):
    expect_group(cd, last="d-LAST00000")
    expect_service(ecs, td=TD1, task_sets=[("ACTIVE", TD1), ("PRIMARY", TD2)])
    expect_active(cd)
    expect_look(cd, info("Succeeded", deployment_id="d-LAST00000"), *ALL_SUCCEEDED)

    result = run_module(main, release(), diff=True)

    assert result["failed"] is False and result["changed"] is False
    assert (result["deployment_id"], result["status"]) == ("d-LAST00000", "Succeeded")
    assert len(result["lifecycle_events"]) == 8
    assert result["diff"]["before"] == result["diff"]["after"] == dict(task_definition=TD2)


def test_a_deployment_is_created_when_the_primary_task_set_runs_another_task_definition(run_module, cd, ecs):
    expect_group(cd)
    expect_service(ecs, td=TD2, task_sets=[("PRIMARY", TD1)])
    expect_active(cd)
    expect_create(cd, revision_of())
    expect_get(cd, info("Created"))

    result = run_module(main, release(wait=False))

    assert (result["changed"], result["deployment_id"], result["status"]) == (True, ID, "Created")


def test_a_failed_creation_is_reported(run_module, cd, ecs):
    expect_group(cd)
    expect_service(ecs)
    expect_active(cd)
    cd.add_client_error(
        "create_deployment",
        service_error_code="DeploymentLimitExceededException",
        service_message="The deployment group already has an active deployment.",
    )

    result = run_module(main, release())

    assert result["failed"] is True
    assert result["msg"].startswith(f"Failed to create a deployment of {TD2} in deployment group {GROUP}")
    assert result["error"]["code"] == "DeploymentLimitExceededException"


# --- stopped ------------------------------------------------------------------------------------


def test_stops_the_deployment_without_rollback_and_waits_until_stopped(run_module, cd, clock):
    expect_get(cd, info("InProgress"))
    cd.add_response(
        "stop_deployment",
        dict(status="Pending", statusMessage="Stopping"),
        dict(deploymentId=ID, autoRollbackEnabled=False),
    )
    expect_look(cd, info("InProgress"), event("Install", "InProgress"))
    expect_look(cd, info("Stopped"), event("Install", "Failed"))

    result = run_module(main, group_args(state="stopped", deployment_id=ID, rollback=False), diff=True)

    assert result["failed"] is False and result["changed"] is True
    assert (result["deployment_id"], result["status"]) == (ID, "Stopped")
    assert result["diff"] == dict(
        before=dict(deployment_id=ID, status="InProgress"), after=dict(deployment_id=ID, status="Stopped")
    )
    assert statuses(result) == [
        ("Install", "InProgress"),
        ("deployment", "InProgress"),
        ("Install", "Failed"),
        ("deployment", "Stopped"),
    ]
    assert clock.sleeps == [5]


def test_stops_the_active_deployment_of_the_group_with_rollback(run_module, cd):
    expect_active(cd, info("Ready"))
    cd.add_response("stop_deployment", dict(status="Pending"), dict(deploymentId=ID, autoRollbackEnabled=True))
    expect_look(cd, info("Stopped", rollbackInfo=dict(rollbackDeploymentId="d-ROLLBACK1")))

    result = run_module(main, group_args(state="stopped"))

    assert result["failed"] is False and result["changed"] is True
    assert result["status"] == "Stopped"
    assert result["rollback"] == dict(rollback_deployment_id="d-ROLLBACK1")
    assert result["appspec"] == {}


def test_stop_in_check_mode_stops_nothing(run_module, cd):
    expect_active(cd, info("InProgress"))
    expect_targets(cd, event("Install", "InProgress"))

    result = run_module(main, group_args(state="stopped"), check_mode=True, diff=True)

    assert (result["changed"], result["status"]) == (True, "InProgress")
    assert result["diff"]["after"] == dict(deployment_id=ID, status="Stopped")


def test_a_deployment_that_has_ended_is_not_stopped(run_module, cd):
    expect_get(cd, info("Succeeded"))
    expect_targets(cd, *ALL_SUCCEEDED)

    result = run_module(main, group_args(state="stopped", deployment_id=ID))

    assert (result["changed"], result["status"]) == (False, "Succeeded")


def test_a_deployment_that_ends_before_the_stop_is_not_stopped(run_module, cd):
    expect_get(cd, info("InProgress"))
    cd.add_client_error("stop_deployment", service_error_code="DeploymentAlreadyCompletedException")
    expect_look(cd, info("Succeeded"), *ALL_SUCCEEDED)

    result = run_module(main, group_args(state="stopped", deployment_id=ID, wait=False))

    assert result["failed"] is False and result["changed"] is False
    assert result["status"] == "Succeeded"


def test_active_deployments_are_listed_across_pages(run_module, cd):
    request = dict(applicationName=APP, deploymentGroupName=GROUP, includeOnlyStatuses=list(ACTIVE_STATUSES))
    cd.add_response("list_deployments", dict(deployments=["d-OLDER0000"], nextToken="page-2"), request)
    cd.add_response("list_deployments", dict(deployments=[ID]), dict(request, nextToken="page-2"))
    older = info("InProgress", deployment_id="d-OLDER0000", createTime=T0 - datetime.timedelta(minutes=5))
    cd.add_response(
        "batch_get_deployments",
        dict(deploymentsInfo=[older, info("Succeeded")]),
        dict(deploymentIds=["d-OLDER0000", ID]),
    )
    cd.add_response(
        "stop_deployment", dict(status="Pending"), dict(deploymentId="d-OLDER0000", autoRollbackEnabled=True)
    )
    expect_look(cd, dict(older, status="Stopped"))

    result = run_module(main, group_args(state="stopped"))

    # The newer one ended between ListDeployments and BatchGetDeployments: the older one is the active one.
    assert (result["changed"], result["deployment_id"], result["status"]) == (True, "d-OLDER0000", "Stopped")
