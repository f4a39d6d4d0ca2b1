"""Extension ecs_service_deployments: rolling deployments progress, complete, fail and roll back as on AWS."""

import json
import time

import pytest
from botocore.exceptions import ClientError

from tests.emulator import Emulator

ROLLOUT_SECONDS = 1.0
ACCOUNT = "123456789012"
REGISTRY = f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com"
PUBLIC_IMAGE = "public.ecr.aws/nginx/nginx:1.27"
MANIFEST = {
    "schemaVersion": 2,
    "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
    "config": {
        "mediaType": "application/vnd.docker.container.image.v1+json",
        "size": 1469,
        "digest": "sha256:" + "c" * 64,
    },
    "layers": [
        {"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 3, "digest": "sha256:" + "b" * 64}
    ],
}
CODE_DEPLOY = "Use AWS CodeDeploy to trigger a new deployment."


@pytest.fixture(scope="module")
def emulator(make_name):
    """An emulator of this module's own, whose deployments take ROLLOUT_SECONDS to roll out."""
    emulator = Emulator(make_name())
    emulator.start(env={"SEED_EMULATOR_ECS_ROLLOUT_SECONDS": str(ROLLOUT_SECONDS)})
    yield emulator
    emulator.stop()


@pytest.fixture
def ecs(aws):
    client = aws("ecs")
    client.create_cluster(clusterName="web")
    return client


@pytest.fixture
def network(aws):
    ec2 = aws("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.30.{index}.0/24", AvailabilityZone=f"us-east-1{zone}")["Subnet"][
            "SubnetId"
        ]
        for index, zone in ((1, "a"), (2, "b"))
    ]
    group = ec2.create_security_group(VpcId=vpc, GroupName="app", Description="app")["GroupId"]
    return {"awsvpcConfiguration": {"subnets": subnets, "securityGroups": [group], "assignPublicIp": "DISABLED"}}


@pytest.fixture
def images(aws):
    """ECR repository ``app`` with tag ``v1`` pushed (``v2`` never is)."""
    ecr = aws("ecr")
    ecr.create_repository(repositoryName="app")
    ecr.put_image(repositoryName="app", imageManifest=json.dumps(MANIFEST), imageTag="v1")
    return {"present": f"{REGISTRY}/app:v1", "missing": f"{REGISTRY}/app:v2"}


def register(ecs, image: str = PUBLIC_IMAGE, family: str = "app") -> str:
    return ecs.register_task_definition(
        family=family,
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="256",
        memory="512",
        containerDefinitions=[
            {"name": "app", "image": image, "essential": True, "portMappings": [{"containerPort": 80}]}
        ],
    )["taskDefinition"]["taskDefinitionArn"]


def create(ecs, network, task_definition: str, desired: int = 2, **more) -> dict:
    more.setdefault("launchType", "FARGATE")
    return ecs.create_service(
        cluster="web",
        serviceName="app",
        taskDefinition=task_definition,
        desiredCount=desired,
        networkConfiguration=network,
        **more,
    )["service"]


def describe(ecs, name: str = "app") -> dict:
    [service] = ecs.describe_services(cluster="web", services=[name])["services"]
    return service


def wait_until(ecs, condition, timeout: float = 20, name: str = "app") -> dict:
    deadline = time.monotonic() + timeout
    while True:
        service = describe(ecs, name)
        if condition(service):
            return service
        assert time.monotonic() < deadline, json.dumps(service, default=str, indent=1)
        time.sleep(0.1)


def settled(service: dict) -> bool:
    """One deployment, COMPLETED (the service's steady state)."""
    return len(service["deployments"]) == 1 and service["deployments"][0]["rolloutState"] == "COMPLETED"


def messages(service: dict) -> list[str]:
    return [event["message"] for event in service["events"]]


def tasks(ecs, status: str = "RUNNING", service: str = "app") -> list[dict]:
    arns = ecs.list_tasks(cluster="web", serviceName=service, desiredStatus=status)["taskArns"]
    return ecs.describe_tasks(cluster="web", tasks=arns)["tasks"] if arns else []


def test_a_new_service_rolls_out_its_first_deployment(ecs, network):
    task_definition = register(ecs)
    created = create(ecs, network, task_definition)
    [deployment] = created["deployments"]
    assert (deployment["status"], deployment["rolloutState"]) == ("PRIMARY", "IN_PROGRESS")
    assert deployment["rolloutStateReason"] == f"ECS deployment {deployment['id']} in progress."
    assert (deployment["desiredCount"], deployment["runningCount"], deployment["pendingCount"]) == (2, 0, 2)
    assert deployment["taskDefinition"] == task_definition and deployment["id"].startswith("ecs-svc/")
    assert (created["runningCount"], created["pendingCount"]) == (0, 2)
    [started] = messages(created)
    assert started.startswith("(service app) has started 2 tasks: (task ")

    service = wait_until(ecs, settled)
    [deployment] = service["deployments"]
    assert deployment["rolloutStateReason"] == f"ECS deployment {deployment['id']} completed."
    assert (deployment["runningCount"], deployment["pendingCount"], deployment["failedTasks"]) == (2, 0, 0)
    assert (service["runningCount"], service["pendingCount"], service["desiredCount"]) == (2, 0, 2)
    assert messages(service) == [
        "(service app) has reached a steady state.",
        f"(service app) (deployment {deployment['id']}) deployment completed.",
        started,
    ]
    running = tasks(ecs)
    assert len(running) == 2 and {task["lastStatus"] for task in running} == {"RUNNING"}
    assert {(task["group"], task["startedBy"], task["taskDefinitionArn"]) for task in running} == {
        ("service:app", deployment["id"], task_definition)
    }
    assert all(f"(task {task['taskArn'].split('/')[-1]})" in started for task in running)
    assert ecs.list_services(cluster="web")["serviceArns"] == [service["serviceArn"]]
    [cluster] = ecs.describe_clusters(clusters=["web"])["clusters"]
    assert (cluster["runningTasksCount"], cluster["pendingTasksCount"], cluster["activeServicesCount"]) == (2, 0, 1)


def test_settings_are_answered_with_awss_defaults(ecs, network):
    task_definition = register(ecs)
    default = create(ecs, network, task_definition)
    assert default["deploymentConfiguration"] == {
        "maximumPercent": 200,
        "minimumHealthyPercent": 100,
        "deploymentCircuitBreaker": {"enable": False, "rollback": False},
    }
    assert (default["launchType"], default["platformVersion"], default["platformFamily"]) == (
        "FARGATE",
        "LATEST",
        "Linux",
    )
    assert default["healthCheckGracePeriodSeconds"] == 0
    assert (default["enableExecuteCommand"], default["enableECSManagedTags"], default["propagateTags"]) == (
        False,
        False,
        "NONE",
    )
    assert (default["placementConstraints"], default["placementStrategy"]) == ([], [])
    assert "capacityProviderStrategy" not in default and "createdAt" in default

    configuration = {
        "maximumPercent": 150,
        "minimumHealthyPercent": 50,
        "deploymentCircuitBreaker": {"enable": True, "rollback": True},
        "alarms": {"alarmNames": ["app-5xx"], "enable": True, "rollback": False},
    }
    strategy = [
        {"capacityProvider": "FARGATE", "weight": 1, "base": 1},
        {"capacityProvider": "FARGATE_SPOT", "weight": 3},
    ]
    given = ecs.create_service(
        cluster="web",
        serviceName="given",
        taskDefinition=task_definition,
        desiredCount=1,
        networkConfiguration=network,
        capacityProviderStrategy=strategy,
        platformVersion="1.4.0",
        deploymentConfiguration=configuration,
        healthCheckGracePeriodSeconds=30,
        enableExecuteCommand=True,
        enableECSManagedTags=True,
        propagateTags="SERVICE",
        tags=[{"key": "team", "value": "web"}],
    )["service"]
    described = describe(ecs, "given")
    for service in (given, described):
        assert service["deploymentConfiguration"] == configuration
        assert "launchType" not in service
        assert service["capacityProviderStrategy"] == [strategy[0], {**strategy[1], "base": 0}]
        assert (service["platformVersion"], service["healthCheckGracePeriodSeconds"]) == ("1.4.0", 30)
        assert (service["enableExecuteCommand"], service["enableECSManagedTags"], service["propagateTags"]) == (
            True,
            True,
            "SERVICE",
        )
    [task] = ecs.describe_tasks(
        cluster="web", tasks=ecs.list_tasks(cluster="web", serviceName="given")["taskArns"], include=["TAGS"]
    )["tasks"]
    assert task["capacityProviderName"] == "FARGATE" and task["enableExecuteCommand"] is True
    assert {tag["key"]: tag["value"] for tag in task["tags"]} == {
        "aws:ecs:clusterName": "web",
        "aws:ecs:serviceName": "given",
        "team": "web",
    }

    with pytest.raises(ClientError, match="Specifying both a launch type and capacity provider strategy"):
        create(ecs, network, task_definition, capacityProviderStrategy=strategy)

    updated = ecs.update_service(cluster="web", service="given", deploymentConfiguration={"minimumHealthyPercent": 100})
    assert updated["service"]["deploymentConfiguration"] == {**configuration, "minimumHealthyPercent": 100}
    assert len(updated["service"]["deployments"]) == 1


def test_a_new_task_definition_starts_a_new_deployment(ecs, network):
    first = register(ecs)
    create(ecs, network, first)
    before = wait_until(ecs, settled)
    old_tasks = {task["taskArn"] for task in tasks(ecs)}
    second = register(ecs, image="public.ecr.aws/nginx/nginx:1.28")

    updated = ecs.update_service(cluster="web", service="app", taskDefinition="app")["service"]
    assert updated["taskDefinition"] == second
    new, old = updated["deployments"]
    assert (new["status"], new["rolloutState"], new["taskDefinition"]) == ("PRIMARY", "IN_PROGRESS", second)
    assert (new["runningCount"], new["pendingCount"]) == (0, 2)
    assert (old["status"], old["rolloutState"], old["taskDefinition"]) == ("ACTIVE", "COMPLETED", first)
    assert (old["id"], old["runningCount"]) == (before["deployments"][0]["id"], 2)
    assert (updated["runningCount"], updated["pendingCount"]) == (2, 2)

    after = wait_until(ecs, settled)
    [deployment] = after["deployments"]
    assert (deployment["id"], deployment["taskDefinition"]) == (new["id"], second)
    assert after["runningCount"] == 2
    assert {task["taskDefinitionArn"] for task in tasks(ecs)} == {second}
    replaced = [task for task in tasks(ecs, "STOPPED") if task["taskArn"] in old_tasks]
    assert len(replaced) == 2
    for task in replaced:
        assert (task["stopCode"], task["desiredStatus"]) == ("ServiceSchedulerInitiated", "STOPPED")
        assert task["stoppedReason"] == f"Scaling activity initiated by (deployment {new['id']})"
    steady, completed, stopped = messages(after)[:3]
    assert steady == "(service app) has reached a steady state."
    assert completed == f"(service app) (deployment {new['id']}) deployment completed."
    assert stopped.startswith("(service app) has stopped 2 running tasks: (task ")
    assert all(f"(task {arn.split('/')[-1]})" in stopped for arn in old_tasks)


def test_what_starts_a_deployment_and_what_does_not(ecs, network):
    task_definition = register(ecs)
    create(ecs, network, task_definition)
    deployment_id = wait_until(ecs, settled)["deployments"][0]["id"]

    # The same task definition, a new deployment configuration or grace period: no new deployment.
    unchanged = ecs.update_service(
        cluster="web", service="app", taskDefinition=task_definition, healthCheckGracePeriodSeconds=60
    )["service"]
    assert [deployment["id"] for deployment in unchanged["deployments"]] == [deployment_id]
    assert unchanged["healthCheckGracePeriodSeconds"] == 60

    ids = {deployment_id}
    changes = [
        {"forceNewDeployment": True},
        {
            "networkConfiguration": {
                "awsvpcConfiguration": {
                    **network["awsvpcConfiguration"],
                    "subnets": network["awsvpcConfiguration"]["subnets"][:1],
                }
            }
        },
        {"platformVersion": "1.4.0"},
        {"capacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT", "weight": 1}]},
    ]
    for change in changes:
        updated = ecs.update_service(cluster="web", service="app", **change)["service"]
        primary = updated["deployments"][0]
        assert (primary["status"], primary["rolloutState"]) == ("PRIMARY", "IN_PROGRESS"), change
        assert primary["id"] not in ids
        ids.add(primary["id"])
    service = wait_until(ecs, settled)
    [deployment] = service["deployments"]
    assert deployment["capacityProviderStrategy"] == [{"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 0}]
    assert deployment["platformVersion"] == "1.4.0"
    assert (
        deployment["networkConfiguration"]["awsvpcConfiguration"]["subnets"]
        == network["awsvpcConfiguration"]["subnets"][:1]
    )
    assert "launchType" not in service and {task["capacityProviderName"] for task in tasks(ecs)} == {"FARGATE_SPOT"}


def test_a_new_desired_count_alone_starts_no_deployment(ecs, network):
    create(ecs, network, register(ecs))
    deployment_id = wait_until(ecs, settled)["deployments"][0]["id"]

    scaled = ecs.update_service(cluster="web", service="app", desiredCount=3)["service"]
    [deployment] = scaled["deployments"]
    assert (deployment["id"], deployment["rolloutState"], deployment["desiredCount"]) == (deployment_id, "COMPLETED", 3)
    # moto copied the desired count to runningCount at once; a new task needs its time to start.
    assert (scaled["desiredCount"], scaled["runningCount"], scaled["pendingCount"]) == (3, 2, 1)
    assert messages(scaled)[0].startswith("(service app) has started 1 tasks: (task ")
    grown = wait_until(ecs, lambda service: service["runningCount"] == 3)
    assert messages(grown)[0] == "(service app) has reached a steady state."

    shrunk = ecs.update_service(cluster="web", service="app", desiredCount=1)["service"]
    assert [deployment["id"] for deployment in shrunk["deployments"]] == [deployment_id]
    assert (shrunk["desiredCount"], shrunk["runningCount"], shrunk["pendingCount"]) == (1, 1, 0)
    assert messages(shrunk)[0].startswith("(service app) has stopped 2 running tasks: (task ")
    assert len(tasks(ecs)) == 1


def test_a_stopped_task_is_replaced(ecs, network):
    create(ecs, network, register(ecs), desired=1)
    wait_until(ecs, settled)
    [task] = tasks(ecs)
    ecs.stop_task(cluster="web", task=task["taskArn"], reason="poked")
    service = describe(ecs)
    assert (service["runningCount"], service["pendingCount"]) == (0, 1)
    replacement = wait_until(ecs, lambda service: service["runningCount"] == 1)
    assert messages(replacement)[0] == "(service app) has reached a steady state."
    [stopped] = tasks(ecs, "STOPPED")
    assert (stopped["stopCode"], stopped["stoppedReason"]) == ("UserInitiated", "poked")


def test_the_circuit_breaker_rolls_back_a_deployment_whose_image_is_missing(ecs, network, images):
    good = register(ecs, image=images["present"])
    breaker = {"deploymentCircuitBreaker": {"enable": True, "rollback": True}}
    create(ecs, network, good, deploymentConfiguration=breaker)
    good_deployment = wait_until(ecs, settled)["deployments"][0]["id"]
    bad = register(ecs, image=images["missing"])

    failing = ecs.update_service(cluster="web", service="app", taskDefinition=bad)["service"]["deployments"][0]
    service = wait_until(ecs, lambda service: settled(service) and service["deployments"][0]["id"] != failing["id"])
    [rollback] = service["deployments"]
    assert rollback["id"] not in (good_deployment, failing["id"])
    assert (rollback["taskDefinition"], service["taskDefinition"]) == (good, good)
    assert (rollback["runningCount"], service["runningCount"]) == (2, 2)
    assert rollback["rolloutStateReason"] == f"ECS deployment {rollback['id']} completed."
    events = messages(service)
    assert events[:2] == [
        "(service app) has reached a steady state.",
        f"(service app) (deployment {rollback['id']}) deployment completed.",
    ]
    assert f"(service app) (deployment {failing['id']}) deployment failed: tasks failed to start." in events
    assert f"(service app) rolling back to deployment {good_deployment}." in events

    reason = (
        "CannotPullContainerError: pull image manifest has been retried 1 time(s): "
        f"failed to resolve ref {images['missing']}: not found"
    )
    failed = [task for task in tasks(ecs, "STOPPED") if task["taskDefinitionArn"] == bad]
    # 2 tasks per attempt until the threshold (3): two attempts.
    assert len(failed) == 4
    for task in failed:
        assert (task["lastStatus"], task["desiredStatus"], task["stopCode"]) == (
            "STOPPED",
            "STOPPED",
            "TaskFailedToStart",
        )
        assert (task["stoppedReason"], task["group"], task["startedBy"]) == (reason, "service:app", failing["id"])
        [container] = task["containers"]
        assert (container["name"], container["lastStatus"], container["reason"]) == ("app", "STOPPED", reason)
    assert {task["taskDefinitionArn"] for task in tasks(ecs)} == {good}


def test_the_circuit_breaker_without_rollback_leaves_the_deployment_failed(ecs, network, images):
    breaker = {"deploymentCircuitBreaker": {"enable": True, "rollback": False}}
    create(ecs, network, register(ecs, image=images["present"]), deploymentConfiguration=breaker)
    wait_until(ecs, settled)
    register(ecs, image=images["missing"])
    ecs.update_service(cluster="web", service="app", taskDefinition="app")

    service = wait_until(ecs, lambda service: service["deployments"][0]["rolloutState"] == "FAILED")
    failed, old = service["deployments"]
    assert (failed["status"], failed["rolloutStateReason"]) == (
        "PRIMARY",
        "ECS deployment circuit breaker: tasks failed to start.",
    )
    assert (failed["failedTasks"], failed["runningCount"], failed["pendingCount"]) == (4, 0, 0)
    # The old tasks keep the service running.
    assert (old["status"], old["rolloutState"], old["runningCount"], service["runningCount"]) == (
        "ACTIVE",
        "COMPLETED",
        2,
        2,
    )
    time.sleep(ROLLOUT_SECONDS * 1.5)
    assert describe(ecs)["deployments"][0]["failedTasks"] == 4


def test_without_circuit_breaker_a_failing_deployment_stays_in_progress(ecs, network, images):
    create(ecs, network, register(ecs, image=images["missing"]), desired=1)
    service = wait_until(ecs, lambda service: service["deployments"][0]["failedTasks"] >= 4)
    [deployment] = service["deployments"]
    assert (deployment["rolloutState"], service["runningCount"]) == ("IN_PROGRESS", 0)
    assert len(tasks(ecs, "STOPPED")) >= 4


def test_a_first_deployment_that_fails_has_nothing_to_roll_back_to(ecs, network, images):
    breaker = {"deploymentCircuitBreaker": {"enable": True, "rollback": True}}
    create(ecs, network, register(ecs, image=images["missing"]), desired=1, deploymentConfiguration=breaker)
    service = wait_until(ecs, lambda service: service["deployments"][0]["rolloutState"] == "FAILED")
    [deployment] = service["deployments"]
    assert deployment["failedTasks"] == 3
    assert not any("rolling back" in message for message in messages(service))


def test_code_deploy_services_run_their_desired_count_and_refuse_what_codedeploy_owns(ecs, network):
    task_definition = register(ecs)
    created = create(ecs, network, task_definition, deploymentController={"type": "CODE_DEPLOY"})
    for service in (created, describe(ecs)):
        assert (service["runningCount"], service["pendingCount"], service["deployments"]) == (2, 0, [])
        assert service["taskDefinition"] == task_definition
    other = register(ecs, image="public.ecr.aws/nginx/nginx:1.28")

    refused = {
        "taskDefinition": (
            other,
            "Unable to update task definition on services with a CODE_DEPLOY deployment controller.",
        ),
        "loadBalancers": (
            [
                {
                    "targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green/1",
                    "containerName": "app",
                    "containerPort": 80,
                }
            ],
            "Unable to update load balancers on services with a CODE_DEPLOY deployment controller.",
        ),
        "networkConfiguration": (
            network,
            "Unable to update network parameters on services with a CODE_DEPLOY deployment controller.",
        ),
        "platformVersion": (
            "1.4.0",
            "Unable to update platform version on services with a CODE_DEPLOY deployment controller.",
        ),
        "forceNewDeployment": (
            True,
            "Unable to force a new deployment on services with a CODE_DEPLOY deployment controller.",
        ),
    }
    for name, (value, message) in refused.items():
        with pytest.raises(ClientError) as error:
            ecs.update_service(cluster="web", service="app", **{name: value})
        assert error.value.response["Error"]["Code"] == "InvalidParameterException"
        assert error.value.response["Error"]["Message"] == f"{message} {CODE_DEPLOY}"

    scaled = ecs.update_service(cluster="web", service="app", desiredCount=4, healthCheckGracePeriodSeconds=15)[
        "service"
    ]
    assert (scaled["desiredCount"], scaled["runningCount"], scaled["taskDefinition"]) == (4, 4, task_definition)
    assert scaled["healthCheckGracePeriodSeconds"] == 15


def test_list_tasks_by_service_and_delete_service(ecs, network):
    task_definition = register(ecs)
    create(ecs, network, task_definition, desired=1)
    ecs.create_service(
        cluster="web",
        serviceName="other",
        taskDefinition=task_definition,
        desiredCount=1,
        launchType="FARGATE",
        networkConfiguration=network,
    )
    wait_until(ecs, settled)
    [mine] = tasks(ecs)
    [theirs] = tasks(ecs, service="other")
    assert (mine["group"], theirs["group"]) == ("service:app", "service:other")
    with pytest.raises(ClientError, match="ServiceNotFoundException"):
        ecs.list_tasks(cluster="web", serviceName="nothing")

    ecs.delete_service(cluster="web", service="app", force=True)
    assert tasks(ecs) == []
    [stopped] = tasks(ecs, "STOPPED")
    assert (stopped["taskArn"], stopped["stopCode"]) == (mine["taskArn"], "ServiceSchedulerInitiated")
    assert len(tasks(ecs, service="other")) == 1
