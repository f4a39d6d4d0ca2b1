"""Extension codedeploy_ecs_deployments: blue/green deployments of an ECS service progress, move the load balancer's
traffic, update the service, fail, stop and roll back."""

import io
import json
import textwrap
import time
import zipfile

import pytest
from botocore.exceptions import ClientError

from tests.emulator import Emulator

STEP = 0.4  # SEED_EMULATOR_CODEDEPLOY_STEP_SECONDS of this module's emulator: long enough to see `Created`
EVENTS = [
    "BeforeInstall",
    "Install",
    "AfterInstall",
    "AllowTestTraffic",
    "AfterAllowTestTraffic",
    "BeforeAllowTraffic",
    "AllowTraffic",
    "AfterAllowTraffic",
]
ALARM = "web-5xx"


@pytest.fixture(scope="module")
def emulator(make_name):
    """An emulator of this module's own, whose deployments take a step every STEP seconds."""
    emulator = Emulator(make_name())
    emulator.start(env={"SEED_EMULATOR_CODEDEPLOY_STEP_SECONDS": str(STEP)})
    yield emulator
    emulator.stop()


@pytest.fixture
def platform(aws):
    """An ALB (production listener 80 with a rule, test listener 8080, both to blue), two target groups, an ECS
    service on revision 1 with the CODE_DEPLOY controller, an alarm, and a CodeDeploy application and group."""
    ec2, elbv2, ecs = aws("ec2"), aws("elbv2"), aws("ecs")
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.20.{i}.0/24", AvailabilityZone=f"us-east-1{zone}")["Subnet"][
            "SubnetId"
        ]
        for i, zone in enumerate("ab")
    ]
    security_group = ec2.create_security_group(GroupName="web", Description="web tasks", VpcId=vpc)["GroupId"]
    alb = elbv2.create_load_balancer(Name="web", Subnets=subnets, Type="application")["LoadBalancers"][0]
    blue, green = (
        elbv2.create_target_group(Name=name, Protocol="HTTP", Port=80, VpcId=vpc, TargetType="ip")["TargetGroups"][0]
        for name in ("web-blue", "web-green")
    )
    forward_blue = [{"Type": "forward", "TargetGroupArn": blue["TargetGroupArn"]}]
    prod, test = (
        elbv2.create_listener(
            LoadBalancerArn=alb["LoadBalancerArn"], Protocol="HTTP", Port=port, DefaultActions=forward_blue
        )["Listeners"][0]["ListenerArn"]
        for port in (80, 8080)
    )
    rule = elbv2.create_rule(
        ListenerArn=prod,
        Priority=10,
        Conditions=[{"Field": "path-pattern", "Values": ["/api/*"]}],
        Actions=forward_blue,
    )["Rules"][0]["RuleArn"]

    ecs.create_cluster(clusterName="main")
    revisions = [
        ecs.register_task_definition(
            family="web",
            requiresCompatibilities=["FARGATE"],
            networkMode="awsvpc",
            cpu="256",
            memory="512",
            containerDefinitions=[{"name": "web", "image": f"nginx:1.2{n}", "portMappings": [{"containerPort": 80}]}],
        )["taskDefinition"]["taskDefinitionArn"]
        for n in (6, 7)
    ]
    ecs.create_service(
        cluster="main",
        serviceName="web",
        taskDefinition=revisions[0],
        desiredCount=2,
        launchType="FARGATE",
        deploymentController={"type": "CODE_DEPLOY"},
        loadBalancers=[{"targetGroupArn": blue["TargetGroupArn"], "containerName": "web", "containerPort": 80}],
        networkConfiguration={"awsvpcConfiguration": {"subnets": subnets, "securityGroups": [security_group]}},
    )
    aws("cloudwatch").put_metric_alarm(
        AlarmName=ALARM,
        Namespace="AWS/ApplicationELB",
        MetricName="HTTPCode_Target_5XX_Count",
        Statistic="Sum",
        Period=60,
        EvaluationPeriods=1,
        Threshold=5,
        ComparisonOperator="GreaterThanThreshold",
    )
    codedeploy = aws("codedeploy")
    codedeploy.create_application(applicationName="web", computePlatform="ECS")
    codedeploy.create_deployment_group(
        applicationName="web",
        deploymentGroupName="web",
        serviceRoleArn="arn:aws:iam::123456789012:role/codedeploy",
        deploymentConfigName="CodeDeployDefault.ECSAllAtOnce",
        deploymentStyle={"deploymentType": "BLUE_GREEN", "deploymentOption": "WITH_TRAFFIC_CONTROL"},
        blueGreenDeploymentConfiguration={
            "terminateBlueInstancesOnDeploymentSuccess": {"action": "TERMINATE", "terminationWaitTimeInMinutes": 5},
            "deploymentReadyOption": {"actionOnTimeout": "CONTINUE_DEPLOYMENT", "waitTimeInMinutes": 0},
        },
        loadBalancerInfo={
            "targetGroupPairInfoList": [
                {
                    "targetGroups": [{"name": "web-blue"}, {"name": "web-green"}],
                    "prodTrafficRoute": {"listenerArns": [prod]},
                    "testTrafficRoute": {"listenerArns": [test]},
                }
            ]
        },
        ecsServices=[{"serviceName": "web", "clusterName": "main"}],
        alarmConfiguration={"enabled": True, "alarms": [{"name": ALARM}]},
        autoRollbackConfiguration={"enabled": True, "events": ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]},
    )
    return {
        "codedeploy": codedeploy,
        "elbv2": elbv2,
        "ecs": ecs,
        "cloudwatch": aws("cloudwatch"),
        "blue": blue["TargetGroupArn"],
        "green": green["TargetGroupArn"],
        "prod": prod,
        "test": test,
        "rule": rule,
        "revisions": revisions,
    }


def appspec(task_definition: str, hooks: list | None = None) -> dict:
    document = {
        "version": 0.0,
        "Resources": [
            {
                "TargetService": {
                    "Type": "AWS::ECS::Service",
                    "Properties": {
                        "TaskDefinition": task_definition,
                        "LoadBalancerInfo": {"ContainerName": "web", "ContainerPort": 80},
                    },
                }
            }
        ],
    }
    if hooks:
        document["Hooks"] = hooks
    return {"revisionType": "AppSpecContent", "appSpecContent": {"content": json.dumps(document)}}


def deploy(platform, revision: dict, **more) -> str:
    return platform["codedeploy"].create_deployment(
        applicationName="web", deploymentGroupName="web", revision=revision, **more
    )["deploymentId"]


def wait_for(platform, deployment_id: str, *statuses: str, timeout: float = 40 * STEP) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        info = platform["codedeploy"].get_deployment(deploymentId=deployment_id)["deploymentInfo"]
        if info["status"] in statuses or time.monotonic() > deadline:
            assert info["status"] in statuses, info
            return info
        time.sleep(STEP / 5)


def target(platform, deployment_id: str) -> dict:
    return platform["codedeploy"].get_deployment_target(deploymentId=deployment_id, targetId="main:web")[
        "deploymentTarget"
    ]["ecsTarget"]


def events(platform, deployment_id: str) -> dict[str, dict]:
    return {event["lifecycleEventName"]: event for event in target(platform, deployment_id)["lifecycleEvents"]}


def forwarded_to(platform, listener: str) -> set[str]:
    """The target groups a listener's default action and rules forward to with some weight."""
    arns = set()
    for rule in platform["elbv2"].describe_rules(ListenerArn=listener)["Rules"]:
        for action in rule["Actions"]:
            groups = (action.get("ForwardConfig") or {}).get("TargetGroups") or [
                {"TargetGroupArn": action["TargetGroupArn"]}
            ]
            arns.update(group["TargetGroupArn"] for group in groups if group.get("Weight", 1))
    return arns


def service_task_definition(platform) -> str:
    return platform["ecs"].describe_services(cluster="main", services=["web"])["services"][0]["taskDefinition"]


def colour(platform, arns: set[str]) -> str:
    return {frozenset([platform["blue"]]): "blue", frozenset([platform["green"]]): "green"}.get(
        frozenset(arns), str(arns)
    )


def test_a_deployment_progresses_through_the_lifecycle_events_and_moves_the_traffic(platform):
    codedeploy = platform["codedeploy"]
    deployment_id = deploy(platform, appspec(platform["revisions"][1]), description="release 2")
    assert deployment_id.startswith("d-") and len(deployment_id) == 11

    created = codedeploy.get_deployment(deploymentId=deployment_id)["deploymentInfo"]
    assert created["status"] == "Created"
    with pytest.raises(ClientError, match="DeploymentNotStartedException"):
        codedeploy.list_deployment_targets(deploymentId=deployment_id)

    running = wait_for(platform, deployment_id, "InProgress")
    assert "deploymentOverview" not in running and "completeTime" not in running
    assert codedeploy.list_deployment_targets(deploymentId=deployment_id)["targetIds"] == ["main:web"]

    done = wait_for(platform, deployment_id, "Succeeded")
    assert done["deploymentOverview"] == {
        "Pending": 0,
        "InProgress": 0,
        "Succeeded": 1,
        "Failed": 0,
        "Skipped": 0,
        "Ready": 0,
    }
    assert (done["computePlatform"], done["creator"], done["description"]) == ("ECS", "user", "release 2")
    assert done["deploymentConfigName"] == "CodeDeployDefault.ECSAllAtOnce"
    assert done["deploymentStyle"] == {"deploymentType": "BLUE_GREEN", "deploymentOption": "WITH_TRAFFIC_CONTROL"}
    assert done["revision"]["appSpecContent"]["sha256"]
    assert done["instanceTerminationWaitTimeStarted"] is True
    assert "errorInformation" not in done and "rollbackInfo" not in done
    # One step to start, one per lifecycle event, one of termination wait.
    assert (done["startTime"] - done["createTime"]).total_seconds() == pytest.approx(STEP, abs=0.01)
    assert (done["completeTime"] - done["createTime"]).total_seconds() == pytest.approx(10 * STEP, abs=0.01)

    ecs_target = target(platform, deployment_id)
    assert (ecs_target["deploymentId"], ecs_target["targetId"], ecs_target["status"]) == (
        deployment_id,
        "main:web",
        "Succeeded",
    )
    assert ecs_target["targetArn"].startswith("arn:aws:ecs:us-east-1:123456789012:service/")
    lifecycle = ecs_target["lifecycleEvents"]
    assert [event["lifecycleEventName"] for event in lifecycle] == EVENTS
    assert {event["status"] for event in lifecycle} == {"Succeeded"}
    for before, after in zip(lifecycle, lifecycle[1:]):
        assert (after["endTime"] - after["startTime"]).total_seconds() == pytest.approx(STEP, abs=0.01)
        assert after["startTime"] == before["endTime"]
    assert lifecycle[0]["startTime"] == done["startTime"]
    [green_set] = ecs_target["taskSetsInfo"]
    assert (green_set["taskSetLabel"], green_set["status"], green_set["trafficWeight"]) == ("Green", "PRIMARY", 100.0)
    assert green_set["targetGroup"] == {"name": "web-green"}

    batch = codedeploy.batch_get_deployment_targets(deploymentId=deployment_id, targetIds=["main:web"])
    assert batch["deploymentTargets"][0]["deploymentTargetType"] == "ECSTarget"
    with pytest.raises(ClientError, match="DeploymentTargetDoesNotExistException"):
        codedeploy.get_deployment_target(deploymentId=deployment_id, targetId="main:other")

    # The production listener (default action and rule) and the test listener forward to green; the service runs 2.
    assert colour(platform, forwarded_to(platform, platform["prod"])) == "green"
    assert colour(platform, forwarded_to(platform, platform["test"])) == "green"
    [api_rule] = platform["elbv2"].describe_rules(RuleArns=[platform["rule"]])["Rules"]
    assert api_rule["Actions"][0]["TargetGroupArn"] == platform["green"]
    assert service_task_definition(platform) == platform["revisions"][1]

    group = codedeploy.get_deployment_group(applicationName="web", deploymentGroupName="web")["deploymentGroupInfo"]
    assert group["lastSuccessfulDeployment"]["deploymentId"] == deployment_id
    assert group["lastSuccessfulDeployment"]["status"] == "Succeeded"
    assert group["lastSuccessfulDeployment"]["endTime"] == done["completeTime"]
    assert group["lastAttemptedDeployment"]["deploymentId"] == deployment_id
    assert group["targetRevision"]["revisionType"] == "AppSpecContent"
    assert codedeploy.list_deployments(
        applicationName="web", deploymentGroupName="web", includeOnlyStatuses=["Succeeded"]
    )["deployments"] == [deployment_id]


def test_the_next_deployment_moves_the_traffic_back_to_blue(platform):
    codedeploy = platform["codedeploy"]
    first = deploy(platform, appspec(platform["revisions"][1]))
    with pytest.raises(ClientError, match="DeploymentLimitExceededException") as refused:
        deploy(platform, appspec(platform["revisions"][0]))
    assert f"already has an active Deployment '{first}'" in str(refused.value)
    wait_for(platform, first, "Succeeded")

    # A YAML AppSpec naming revision 1 by family:revision: the service goes back to it.
    content = textwrap.dedent("""\
        version: 0.0
        Resources:
          - TargetService:
              Type: AWS::ECS::Service
              Properties:
                TaskDefinition: web:1
                LoadBalancerInfo:
                  ContainerName: web
                  ContainerPort: 80
        """)
    second = deploy(platform, {"revisionType": "AppSpecContent", "appSpecContent": {"content": content}})
    # Nothing reads the deployment: reading the listener is enough to bring it up to date.
    time.sleep(12 * STEP)
    assert colour(platform, forwarded_to(platform, platform["prod"])) == "blue"
    assert colour(platform, forwarded_to(platform, platform["test"])) == "blue"
    info = wait_for(platform, second, "Succeeded")
    assert (
        info["previousRevision"]["appSpecContent"]["content"]
        == appspec(platform["revisions"][1])["appSpecContent"]["content"]
    )
    assert service_task_definition(platform) == platform["revisions"][0]
    [blue_set] = target(platform, second)["taskSetsInfo"]
    assert blue_set["targetGroup"] == {"name": "web-blue"}


def test_an_alarm_in_alarm_stops_the_deployment_and_rolls_it_back(platform):
    codedeploy = platform["codedeploy"]
    platform["cloudwatch"].set_alarm_state(AlarmName=ALARM, StateValue="ALARM", StateReason="5xx")
    deployment_id = deploy(platform, appspec(platform["revisions"][1]))

    info = wait_for(platform, deployment_id, "Stopped", "Failed", "Succeeded")
    assert info["status"] == "Stopped"
    assert info["errorInformation"] == {
        "code": "ALARM_ACTIVE",
        "message": "One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, "
        f"and the affected deployments have been stopped. Activated alarms: <{ALARM}>",
    }
    assert info["deploymentOverview"]["Failed"] == 1
    rollback_id = info["rollbackInfo"]["rollbackDeploymentId"]
    assert info["rollbackInfo"]["rollbackMessage"] == (
        f"Deployment {deployment_id} terminated. Automatic rollback is triggered with a DeploymentId {rollback_id}."
    )
    statuses = [event["status"] for event in target(platform, deployment_id)["lifecycleEvents"]]
    assert statuses == ["Failed"] + ["Skipped"] * 7

    rollback = codedeploy.get_deployment(deploymentId=rollback_id)["deploymentInfo"]
    assert (rollback["status"], rollback["creator"]) == ("Succeeded", "codeDeployRollback")
    assert rollback["deploymentConfigName"] == "CodeDeployDefault.ECSAllAtOnce"
    assert rollback["rollbackInfo"]["rollbackTriggeringDeploymentId"] == deployment_id
    # Nothing had moved: production still on blue, the service on revision 1.
    assert colour(platform, forwarded_to(platform, platform["prod"])) == "blue"
    assert service_task_definition(platform) == platform["revisions"][0]


def test_an_alarm_while_ready_rolls_the_test_listener_back(platform):
    codedeploy = platform["codedeploy"]
    codedeploy.update_deployment_group(
        applicationName="web",
        currentDeploymentGroupName="web",
        blueGreenDeploymentConfiguration={
            "terminateBlueInstancesOnDeploymentSuccess": {"action": "TERMINATE", "terminationWaitTimeInMinutes": 5},
            "deploymentReadyOption": {"actionOnTimeout": "STOP_DEPLOYMENT", "waitTimeInMinutes": 30},
        },
    )
    deployment_id = deploy(platform, appspec(platform["revisions"][1]))
    wait_for(platform, deployment_id, "Ready")
    assert colour(platform, forwarded_to(platform, platform["test"])) == "green"

    platform["cloudwatch"].set_alarm_state(AlarmName=ALARM, StateValue="ALARM", StateReason="5xx")
    info = wait_for(platform, deployment_id, "Stopped")
    assert info["errorInformation"]["code"] == "ALARM_ACTIVE"
    assert info["rollbackInfo"]["rollbackDeploymentId"]
    assert colour(platform, forwarded_to(platform, platform["test"])) == "blue"
    assert colour(platform, forwarded_to(platform, platform["prod"])) == "blue"
    assert [event["status"] for event in events(platform, deployment_id).values()][-3:] == ["Skipped"] * 3


@pytest.fixture
def hook_function(emulator, aws):
    """A Lambda function for the hooks; moto stores it and the deployment only looks it up."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("index.py", "def handler(event, context):\n    return None\n")
    role = aws("iam").create_role(RoleName="hooks", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    return aws("lambda").create_function(
        FunctionName="validate",
        Runtime="python3.11",
        Role=role,
        Handler="index.handler",
        Code={"ZipFile": archive.getvalue()},
    )["FunctionName"]


def test_a_missing_hook_function_fails_its_event_and_the_deployment_rolls_back(platform, hook_function):
    hooks = [{"BeforeInstall": hook_function}, {"AfterAllowTraffic": "missing-smoke-test"}]
    deployment_id = deploy(platform, appspec(platform["revisions"][1], hooks))

    info = wait_for(platform, deployment_id, "Failed", "Stopped", "Succeeded")
    assert info["status"] == "Failed"
    assert info["errorInformation"] == {
        "code": "HOOK_EXECUTION_FAILURE",
        "message": "The deployment failed because one or more of the lifecycle event validation functions failed.",
    }
    lifecycle = events(platform, deployment_id)
    assert [lifecycle[name]["status"] for name in EVENTS] == ["Succeeded"] * 7 + ["Failed"]
    diagnostics = lifecycle["AfterAllowTraffic"]["diagnostics"]
    assert diagnostics["errorCode"] == "UnknownError"
    assert "missing-smoke-test" in diagnostics["message"] and "Function not found" in diagnostics["message"]
    # Production had moved to green at AllowTraffic: the rollback puts it and the service back.
    assert info["rollbackInfo"]["rollbackDeploymentId"]
    assert colour(platform, forwarded_to(platform, platform["prod"])) == "blue"
    assert colour(platform, forwarded_to(platform, platform["test"])) == "blue"
    assert service_task_definition(platform) == platform["revisions"][0]


def test_a_task_definition_ecs_does_not_have_fails_install(platform):
    deployment_id = deploy(platform, appspec("web:9"))
    info = wait_for(platform, deployment_id, "Failed", "Stopped", "Succeeded")
    assert info["status"] == "Failed"
    assert info["errorInformation"]["code"] == "ECS_UPDATE_ERROR"
    assert "web:9" in info["errorInformation"]["message"]
    assert [event["status"] for event in events(platform, deployment_id).values()] == ["Succeeded", "Failed"] + [
        "Skipped"
    ] * 6
    assert colour(platform, forwarded_to(platform, platform["prod"])) == "blue"


def test_stop_deployment_stops_and_rolls_back_on_request(platform):
    codedeploy = platform["codedeploy"]
    codedeploy.update_deployment_group(
        applicationName="web",
        currentDeploymentGroupName="web",
        blueGreenDeploymentConfiguration={
            "deploymentReadyOption": {"actionOnTimeout": "STOP_DEPLOYMENT", "waitTimeInMinutes": 30}
        },
    )
    deployment_id = deploy(platform, appspec(platform["revisions"][1]))
    wait_for(platform, deployment_id, "Ready")

    assert codedeploy.stop_deployment(deploymentId=deployment_id, autoRollbackEnabled=True)["status"] == "Pending"
    info = codedeploy.get_deployment(deploymentId=deployment_id)["deploymentInfo"]
    assert info["status"] == "Stopped"
    assert info["errorInformation"]["code"] == "MANUAL_STOP"
    assert info["rollbackInfo"]["rollbackDeploymentId"]
    assert colour(platform, forwarded_to(platform, platform["test"])) == "blue"
    with pytest.raises(ClientError, match="DeploymentAlreadyCompletedException"):
        codedeploy.stop_deployment(deploymentId=deployment_id)

    # Without autoRollbackEnabled the group decides: DEPLOYMENT_STOP_ON_REQUEST is not among its events.
    second = deploy(platform, appspec(platform["revisions"][1]))
    codedeploy.stop_deployment(deploymentId=second)
    stopped = codedeploy.get_deployment(deploymentId=second)["deploymentInfo"]
    assert stopped["status"] == "Stopped" and "rollbackInfo" not in stopped


def test_continue_deployment_reroutes_traffic_after_ready(platform):
    codedeploy = platform["codedeploy"]
    codedeploy.update_deployment_group(
        applicationName="web",
        currentDeploymentGroupName="web",
        blueGreenDeploymentConfiguration={
            "deploymentReadyOption": {"actionOnTimeout": "STOP_DEPLOYMENT", "waitTimeInMinutes": 30}
        },
    )
    deployment_id = deploy(platform, appspec(platform["revisions"][1]))
    with pytest.raises(ClientError, match="DeploymentIsNotInReadyStateException"):
        codedeploy.continue_deployment(deploymentId=deployment_id, deploymentWaitType="READY_WAIT")
    wait_for(platform, deployment_id, "Ready")
    time.sleep(3 * STEP)

    # Ready waits: test traffic on green, production on blue, BeforeAllowTraffic not started.
    assert codedeploy.get_deployment(deploymentId=deployment_id)["deploymentInfo"]["status"] == "Ready"
    ecs_target = target(platform, deployment_id)
    assert ecs_target["status"] == "Ready"
    assert {event["lifecycleEventName"]: event["status"] for event in ecs_target["lifecycleEvents"]}[
        "BeforeAllowTraffic"
    ] == "Pending"
    assert [task_set["trafficWeight"] for task_set in ecs_target["taskSetsInfo"]] == [100.0, 0.0]
    assert colour(platform, forwarded_to(platform, platform["test"])) == "green"
    assert colour(platform, forwarded_to(platform, platform["prod"])) == "blue"

    codedeploy.continue_deployment(deploymentId=deployment_id, deploymentWaitType="READY_WAIT")
    wait_for(platform, deployment_id, "Succeeded")
    assert colour(platform, forwarded_to(platform, platform["prod"])) == "green"
    assert service_task_definition(platform) == platform["revisions"][1]
    with pytest.raises(ClientError, match="DeploymentAlreadyCompletedException"):
        codedeploy.continue_deployment(deploymentId=deployment_id)


def test_weighted_forwards_swap_their_target_groups(platform):
    elbv2 = platform["elbv2"]
    weighted = {
        "TargetGroups": [
            {"TargetGroupArn": platform["blue"], "Weight": 100},
            {"TargetGroupArn": platform["green"], "Weight": 0},
        ]
    }
    elbv2.modify_listener(ListenerArn=platform["prod"], DefaultActions=[{"Type": "forward", "ForwardConfig": weighted}])
    deployment_id = deploy(platform, appspec(platform["revisions"][1]))
    wait_for(platform, deployment_id, "Succeeded")
    [listener] = elbv2.describe_listeners(ListenerArns=[platform["prod"]])["Listeners"]
    weights = {
        group["TargetGroupArn"]: group["Weight"]
        for group in listener["DefaultActions"][0]["ForwardConfig"]["TargetGroups"]
    }
    assert weights == {platform["green"]: 100, platform["blue"]: 0}
