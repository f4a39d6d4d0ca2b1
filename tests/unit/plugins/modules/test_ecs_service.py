"""Unit tests of seed.aws_platform.ecs_service.

moto (in-process) backs creating, describing, updating, tagging and deleting services, in a VPC, cluster and task
definitions the tests create. What moto 5.2.1 gets wrong is worked around or scripted:

- CreateService ignores capacityProviderStrategy (the service gets launchType EC2), healthCheckGracePeriodSeconds,
  deploymentConfiguration, enableExecuteCommand and enableECSManagedTags; UpdateService keeps them. The tests
  assert the CreateService request for those, and the moto idempotence test sets enable_ecs_managed_tags=false.
- UpdateService stores taskDefinition as given (``web:2``, not its ARN) and leaves the deployments alone.
- Deployments never progress (rolloutState stays IN_PROGRESS unless MOTO_ECS_SERVICE_RUNNING is set), ListTasks
  and DescribeTasks know no service task, DeleteService makes a service INACTIVE at once.

botocore's Stubber scripts the waits (completion, failure with diagnostics, rollback, timeout), DRAINING services
and the failures, as AWS answers them.
"""

import datetime

import boto3
import pytest

from ansible_collections.seed.aws_platform.plugins.module_utils import ecs_services
from ansible_collections.seed.aws_platform.plugins.modules.ecs_service import main

REGION = "us-east-1"
ACCOUNT = "123456789012"
CLUSTER = "tiger"
CLUSTER_ARN = f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/{CLUSTER}"
NAME = "api"
SERVICE_ARN = f"arn:aws:ecs:{REGION}:{ACCOUNT}:service/{CLUSTER}/{NAME}"
TD1 = f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/web:1"
TD2 = f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/web:2"
TG_BLUE = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/blue/0123456789abcdef"
TG_GREEN = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/green/0123456789abcdef"
DELAY = ecs_services.WAIT_DELAY
T0 = datetime.datetime(2024, 5, 1, 10, 0, tzinfo=datetime.timezone.utc)


def minutes(count):
    return T0 + datetime.timedelta(minutes=count)


# --- moto fixtures --------------------------------------------------------------------------------------------


@pytest.fixture
def network(aws):
    """A VPC with two subnets and two security groups: {subnets: [...], groups: [...]}."""
    ec2 = boto3.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{index}.0/24")["Subnet"]["SubnetId"] for index in (1, 2)]
    groups = [
        ec2.create_security_group(VpcId=vpc, GroupName=name, Description=name)["GroupId"] for name in ("api", "other")
    ]
    return dict(subnets=subnets, groups=groups)


@pytest.fixture
def ecs(aws):
    """The ECS client of the tests, with cluster tiger and task definitions web:1 and web:2."""
    client = boto3.client("ecs", region_name=REGION)
    client.create_cluster(clusterName=CLUSTER)
    for _revision in (1, 2):
        client.register_task_definition(
            family="web",
            networkMode="awsvpc",
            requiresCompatibilities=["FARGATE"],
            cpu="256",
            memory="512",
            containerDefinitions=[dict(name="api", image="nginx", portMappings=[dict(containerPort=8000)])],
        )
    return client


def operations(calls):
    return [operation for operation, _params in calls]


def requests(calls, operation):
    return [params for name, params in calls if name == operation]


def stored(ecs):
    return ecs.describe_services(cluster=CLUSTER, services=[NAME], include=["TAGS"])["services"][0]


def stored_tags(ecs):
    return {tag["key"]: tag["value"] for tag in stored(ecs).get("tags") or []}


def present(network, **extra):
    """A Fargate service that moto keeps entirely at creation (it forgets enableECSManagedTags)."""
    args = dict(
        name=NAME,
        cluster=CLUSTER,
        task_definition="web:1",
        desired_count=2,
        launch_type="FARGATE",
        network_configuration=dict(subnets=network["subnets"], security_groups=[network["groups"][0]]),
        enable_ecs_managed_tags=False,
    )
    return dict(args, **extra)


@pytest.fixture
def created(run_module, ecs, network, api_calls):
    """A service the module created (present()); api_calls is cleared after it."""
    result = run_module(main, present(network, tags={"Environment": "tiger"}))
    assert result["changes"] == ["created"]
    api_calls.clear()
    return result


# --- create ---------------------------------------------------------------------------------------------------


def test_creates_a_fargate_service_with_every_setting(run_module, ecs, network, api_calls):
    args = dict(
        name=NAME,
        cluster=CLUSTER,
        task_definition=TD1,
        desired_count=2,
        launch_type="FARGATE",
        network_configuration=dict(subnets=network["subnets"], security_groups=[network["groups"][0]]),
        load_balancers=[dict(target_group_arn=TG_BLUE, container_name="api", container_port=8000)],
        health_check_grace_period_seconds=60,
        deployment_configuration=dict(
            maximum_percent=200, minimum_healthy_percent=50, circuit_breaker=dict(enable=True, rollback=True)
        ),
        enable_execute_command=True,
        tags={"Environment": "tiger", "CostCenter": 1234},
    )

    result = run_module(main, args, diff=True)

    assert (result["changed"], result["changes"]) == (True, ["created"])
    assert (result["code_deploy_required"], result["code_deploy_reasons"]) == (False, [])
    service = stored(ecs)
    assert (service["status"], service["taskDefinition"], service["desiredCount"]) == ("ACTIVE", TD1, 2)
    assert (service["launchType"], service["platformVersion"], service["propagateTags"]) == (
        "FARGATE",
        "LATEST",
        "SERVICE",
    )
    assert service["networkConfiguration"]["awsvpcConfiguration"] == dict(
        subnets=network["subnets"], securityGroups=[network["groups"][0]], assignPublicIp="DISABLED"
    )
    assert service["loadBalancers"] == [dict(targetGroupArn=TG_BLUE, containerName="api", containerPort=8000)]
    assert stored_tags(ecs) == {"Environment": "tiger", "CostCenter": "1234"}
    assert result["service"]["service_arn"] == SERVICE_ARN
    assert result["service"]["tags"] == {"Environment": "tiger", "CostCenter": "1234"}
    assert result["deployment"]["id"] == service["deployments"][0]["id"]
    assert result["deployment"]["status"] == "PRIMARY"
    assert result["diff"]["before"] == {"service": {}}
    assert result["diff"]["after"]["service"]["service_name"] == NAME
    # moto forgets these at creation: the request shows the module sends them.
    (create,) = requests(api_calls, "CreateService")
    assert create["healthCheckGracePeriodSeconds"] == 60
    assert create["deploymentConfiguration"] == dict(
        maximumPercent=200, minimumHealthyPercent=50, deploymentCircuitBreaker=dict(enable=True, rollback=True)
    )
    assert (create["enableExecuteCommand"], create["enableECSManagedTags"]) == (True, True)
    assert create["deploymentController"] == {"type": "ECS"}
    assert create["tags"] == [dict(key="Environment", value="tiger"), dict(key="CostCenter", value="1234")]


def test_a_capacity_provider_strategy_is_requested_without_launch_type(run_module, ecs, network, api_calls):
    strategy = [dict(capacity_provider="FARGATE", base=1, weight=1), dict(capacity_provider="FARGATE_SPOT", weight=3)]
    args = dict(present(network, launch_type=None), capacity_provider_strategy=strategy)

    result = run_module(main, {key: value for key, value in args.items() if value is not None})

    assert result["changes"] == ["created"]
    (create,) = requests(api_calls, "CreateService")
    assert "launchType" not in create
    assert create["capacityProviderStrategy"] == [
        dict(capacityProvider="FARGATE", weight=1, base=1),
        dict(capacityProvider="FARGATE_SPOT", weight=3),
    ]
    assert create["platformVersion"] == "LATEST"
    assert stored(ecs)["status"] == "ACTIVE"


def test_an_ec2_service_gets_no_platform_version(run_module, ecs, api_calls):
    run_module(main, dict(name=NAME, cluster=CLUSTER, task_definition="web:1", desired_count=1, launch_type="EC2"))

    (create,) = requests(api_calls, "CreateService")
    assert "platformVersion" not in create and "networkConfiguration" not in create
    assert (stored(ecs)["launchType"], stored(ecs).get("platformVersion")) == ("EC2", None)


def test_second_run_changes_nothing(run_module, ecs, network, created, api_calls):
    result = run_module(main, present(network, tags={"Environment": "tiger"}), diff=True)

    assert (result["changed"], result["changes"]) == (False, [])
    assert operations(api_calls) == ["DescribeServices"]
    assert result["diff"]["before"] == result["diff"]["after"]
    assert result["service"]["task_definition"] == TD1


def test_subnet_and_security_group_order_do_not_matter(run_module, ecs, network, created, api_calls):
    args = present(network)
    args["network_configuration"] = dict(
        subnets=list(reversed(network["subnets"])), security_groups=[network["groups"][0]]
    )

    result = run_module(main, dict(args, task_definition=TD1))

    assert result["changed"] is False
    assert operations(api_calls) == ["DescribeServices"]


def test_check_mode_reports_the_creation_and_creates_nothing(run_module, ecs, network, api_calls):
    result = run_module(main, present(network, tags={"a": 1}), check_mode=True, diff=True)

    assert (result["changed"], result["changes"]) == (True, ["created"])
    assert result["service"]["service_name"] == NAME
    assert result["service"]["task_definition"] == "web:1"
    assert result["service"]["tags"] == {"a": "1"}
    assert result["deployment"] == {}
    assert operations(api_calls) == ["DescribeServices"]
    assert ecs.describe_services(cluster=CLUSTER, services=[NAME])["services"] == []


def test_check_mode_on_a_converged_service_reports_nothing(run_module, ecs, network, created, api_calls):
    result = run_module(main, present(network, tags={"Environment": "tiger"}), check_mode=True)

    assert (result["changed"], result["changes"]) == (False, [])
    assert operations(api_calls) == ["DescribeServices"]


def test_waiting_for_a_creation_that_moto_completes(run_module, ecs, network, monkeypatch, sleeps):
    # With MOTO_ECS_SERVICE_RUNNING, moto starts a service's deployment COMPLETED.
    monkeypatch.setenv("MOTO_ECS_SERVICE_RUNNING", "2")

    result = run_module(main, present(network, wait=True))

    assert result["changes"] == ["created"]
    assert (result["deployment"]["rollout_state"], result["deployment"]["running_count"]) == ("COMPLETED", 2)
    assert sleeps == []


# --- updates in place -----------------------------------------------------------------------------------------


def test_a_new_task_definition_is_deployed(run_module, ecs, network, created, api_calls):
    result = run_module(main, present(network, task_definition=TD2), diff=True)

    assert (result["changed"], result["changes"]) == (True, ["task_definition"])
    assert requests(api_calls, "UpdateService") == [dict(cluster=CLUSTER, service=NAME, taskDefinition=TD2)]
    assert stored(ecs)["taskDefinition"] == TD2
    assert result["diff"]["before"]["service"]["task_definition"] == TD1
    assert result["diff"]["after"]["service"]["task_definition"] == TD2


def test_the_desired_count_is_set_exactly(run_module, ecs, network, created, api_calls):
    result = run_module(main, present(network, desired_count=5))

    assert result["changes"] == ["desired_count"]
    assert requests(api_calls, "UpdateService") == [dict(cluster=CLUSTER, service=NAME, desiredCount=5)]
    assert stored(ecs)["desiredCount"] == result["service"]["desired_count"] == 5


def test_an_omitted_desired_count_is_left_alone(run_module, ecs, network, created, api_calls):
    ecs.update_service(cluster=CLUSTER, service=NAME, desiredCount=7)
    args = present(network)
    del args["desired_count"]

    result = run_module(main, args)

    assert result["changed"] is False
    assert stored(ecs)["desiredCount"] == 7


def test_the_network_configuration_is_changed(run_module, ecs, network, created, api_calls):
    args = present(network)
    args["network_configuration"] = dict(
        subnets=network["subnets"][:1], security_groups=[network["groups"][1]], assign_public_ip=True
    )

    result = run_module(main, args)

    assert result["changes"] == ["network_configuration"]
    awsvpc = dict(subnets=network["subnets"][:1], assignPublicIp="ENABLED", securityGroups=[network["groups"][1]])
    assert requests(api_calls, "UpdateService") == [
        dict(cluster=CLUSTER, service=NAME, networkConfiguration=dict(awsvpcConfiguration=awsvpc))
    ]
    assert stored(ecs)["networkConfiguration"]["awsvpcConfiguration"] == awsvpc


def test_omitted_security_groups_are_kept_when_the_subnets_change(run_module, ecs, network, created, api_calls):
    args = present(network)
    args["network_configuration"] = dict(subnets=network["subnets"][1:])

    result = run_module(main, args)

    assert result["changes"] == ["network_configuration"]
    assert stored(ecs)["networkConfiguration"]["awsvpcConfiguration"] == dict(
        subnets=network["subnets"][1:], assignPublicIp="DISABLED", securityGroups=[network["groups"][0]]
    )


def test_load_balancers_are_added_and_removed(run_module, ecs, network, created, api_calls):
    target = [dict(target_group_arn=TG_BLUE, container_name="api", container_port=8000)]

    added = run_module(main, present(network, load_balancers=target))
    again = run_module(main, present(network, load_balancers=target))
    removed = run_module(main, present(network, load_balancers=[]))

    assert [added["changes"], again["changes"], removed["changes"]] == [["load_balancers"], [], ["load_balancers"]]
    assert requests(api_calls, "UpdateService") == [
        dict(
            cluster=CLUSTER,
            service=NAME,
            loadBalancers=[dict(targetGroupArn=TG_BLUE, containerName="api", containerPort=8000)],
        ),
        dict(cluster=CLUSTER, service=NAME, loadBalancers=[]),
    ]
    assert stored(ecs)["loadBalancers"] == []


def test_a_new_capacity_provider_strategy_forces_a_new_deployment(run_module, ecs, network, created, api_calls):
    args = dict(
        present(network),
        launch_type=None,
        capacity_provider_strategy=[dict(capacity_provider="FARGATE_SPOT", weight=1)],
    )
    args = {key: value for key, value in args.items() if value is not None}

    first = run_module(main, args)
    second = run_module(main, args)

    assert (first["changes"], second["changes"]) == (["capacity_provider_strategy"], [])
    assert requests(api_calls, "UpdateService") == [
        dict(
            cluster=CLUSTER,
            service=NAME,
            capacityProviderStrategy=[dict(capacityProvider="FARGATE_SPOT", weight=1)],
            forceNewDeployment=True,
        )
    ]
    assert stored(ecs)["capacityProviderStrategy"] == [dict(capacityProvider="FARGATE_SPOT", weight=1)]


def test_launch_type_takes_a_service_back_from_its_strategy(run_module, ecs, network, created, api_calls):
    ecs.update_service(
        cluster=CLUSTER,
        service=NAME,
        capacityProviderStrategy=[dict(capacityProvider="FARGATE_SPOT")],
        forceNewDeployment=True,
    )

    result = run_module(main, present(network))

    assert result["changes"] == ["capacity_provider_strategy"]
    assert requests(api_calls, "UpdateService") == [
        dict(cluster=CLUSTER, service=NAME, capacityProviderStrategy=[], forceNewDeployment=True)
    ]
    assert stored(ecs)["capacityProviderStrategy"] == []


@pytest.mark.parametrize(
    ("extra", "change", "key", "value"),
    [
        (dict(platform_version="1.4.0"), "platform_version", "platformVersion", "1.4.0"),
        (
            dict(health_check_grace_period_seconds=90),
            "health_check_grace_period_seconds",
            "healthCheckGracePeriodSeconds",
            90,
        ),
        (dict(enable_execute_command=True), "enable_execute_command", "enableExecuteCommand", True),
        (dict(propagate_tags="TASK_DEFINITION"), "propagate_tags", "propagateTags", "TASK_DEFINITION"),
        (dict(enable_ecs_managed_tags=True), "enable_ecs_managed_tags", "enableECSManagedTags", True),
    ],
)
def test_each_setting_is_updated_alone_and_then_kept(
    run_module, ecs, network, created, api_calls, extra, change, key, value
):
    first = run_module(main, present(network, **extra))
    second = run_module(main, present(network, **extra))

    assert (first["changes"], second["changes"]) == ([change], [])
    assert requests(api_calls, "UpdateService") == [{"cluster": CLUSTER, "service": NAME, key: value}]
    assert stored(ecs)[key] == value


def test_only_the_deployment_settings_given_are_compared_and_sent(run_module, ecs, network, created, api_calls):
    ecs.update_service(
        cluster=CLUSTER,
        service=NAME,
        deploymentConfiguration=dict(
            maximumPercent=200, minimumHealthyPercent=100, alarms=dict(alarmNames=["a"], enable=True, rollback=False)
        ),
    )
    same = run_module(main, present(network, deployment_configuration=dict(minimum_healthy_percent=100)))
    api_calls.clear()

    result = run_module(
        main,
        present(
            network,
            deployment_configuration=dict(maximum_percent=150, circuit_breaker=dict(enable=True, rollback=True)),
        ),
    )

    assert (same["changes"], result["changes"]) == ([], ["deployment_configuration"])
    wanted = dict(
        maximumPercent=150,
        minimumHealthyPercent=100,
        alarms=dict(alarmNames=["a"], enable=True, rollback=False),
        deploymentCircuitBreaker=dict(enable=True, rollback=True),
    )
    assert requests(api_calls, "UpdateService") == [dict(cluster=CLUSTER, service=NAME, deploymentConfiguration=wanted)]
    assert stored(ecs)["deploymentConfiguration"] == wanted


def test_force_new_deployment_always_deploys(run_module, ecs, network, created, api_calls):
    before = stored(ecs)["deployments"][0]["id"]

    result = run_module(main, present(network, force_new_deployment=True))

    assert (result["changed"], result["changes"]) == (True, ["force_new_deployment"])
    assert requests(api_calls, "UpdateService") == [dict(cluster=CLUSTER, service=NAME, forceNewDeployment=True)]
    assert stored(ecs)["deployments"][0]["id"] != before


def test_several_changes_go_in_one_call(run_module, ecs, network, created, api_calls):
    result = run_module(main, present(network, task_definition="web:2", desired_count=3, propagate_tags="NONE"))

    assert result["changes"] == ["task_definition", "desired_count", "propagate_tags"]
    assert requests(api_calls, "UpdateService") == [
        dict(cluster=CLUSTER, service=NAME, taskDefinition="web:2", desiredCount=3, propagateTags="NONE")
    ]
    service = stored(ecs)
    assert (ecs_services.task_definition_ref(service["taskDefinition"]), service["desiredCount"]) == ("web:2", 3)


def test_check_mode_reports_updates_and_changes_nothing(run_module, ecs, network, created, api_calls):
    result = run_module(
        main, present(network, task_definition="web:2", desired_count=4, tags={}), check_mode=True, diff=True
    )

    assert (result["changed"], result["changes"]) == (True, ["task_definition", "desired_count", "tags"])
    assert (result["service"]["task_definition"], result["service"]["desired_count"]) == ("web:2", 4)
    assert result["service"]["tags"] == {}
    assert result["diff"]["before"]["service"]["desired_count"] == 2
    assert operations(api_calls) == ["DescribeServices"]
    assert (stored(ecs)["taskDefinition"], stored(ecs)["desiredCount"], stored_tags(ecs)) == (
        TD1,
        2,
        {"Environment": "tiger"},
    )


# --- tags -----------------------------------------------------------------------------------------------------


def test_tags_are_added_changed_and_purged(run_module, ecs, network, created, api_calls):
    ecs.tag_resource(resourceArn=SERVICE_ARN, tags=[dict(key="Old", value="x")])

    result = run_module(main, present(network, tags={"Environment": "prod", "Team": "api"}))

    assert result["changes"] == ["tags"]
    assert stored_tags(ecs) == result["service"]["tags"] == {"Environment": "prod", "Team": "api"}
    assert requests(api_calls, "UntagResource") == [dict(resourceArn=SERVICE_ARN, tagKeys=["Old"])]
    assert requests(api_calls, "TagResource") == [
        dict(resourceArn=SERVICE_ARN, tags=[dict(key="Environment", value="prod"), dict(key="Team", value="api")])
    ]
    assert "UpdateService" not in operations(api_calls)


def test_purge_tags_false_only_adds_and_omitted_tags_are_left_alone(run_module, ecs, network, created, api_calls):
    added = run_module(main, present(network, tags={"Team": "api"}, purge_tags=False))
    left = run_module(main, present(network))

    assert (added["changes"], left["changes"]) == (["tags"], [])
    assert stored_tags(ecs) == {"Environment": "tiger", "Team": "api"}


# --- blue/green (CODE_DEPLOY) ---------------------------------------------------------------------------------


@pytest.fixture
def blue_green(run_module, ecs, network, api_calls):
    """Arguments of a blue/green service the module created; api_calls is cleared after it."""
    args = present(
        network,
        deployment_controller="CODE_DEPLOY",
        load_balancers=[dict(target_group_arn=TG_BLUE, container_name="api", container_port=8000)],
    )
    assert run_module(main, args)["changes"] == ["created"]
    api_calls.clear()
    return args


def test_a_blue_green_service_reports_what_codedeploy_must_change(run_module, ecs, network, blue_green, api_calls):
    args = dict(
        blue_green,
        task_definition="web:2",
        desired_count=4,
        platform_version="1.4.0",
        network_configuration=dict(subnets=network["subnets"][:1], security_groups=[network["groups"][0]]),
        health_check_grace_period_seconds=30,
    )

    result = run_module(main, args)

    assert result["changed"] is True
    assert result["changes"] == ["desired_count", "health_check_grace_period_seconds"]
    assert result["code_deploy_required"] is True
    assert result["code_deploy_reasons"] == [
        "task_definition is web:1, wanted web:2",
        "platform_version is LATEST, wanted 1.4.0",
        f"network_configuration is subnets {', '.join(sorted(network['subnets']))}; security groups {network['groups'][0]};"
        f" public IP DISABLED, wanted subnets {network['subnets'][0]}; security groups {network['groups'][0]}; public IP DISABLED",
    ]
    assert requests(api_calls, "UpdateService") == [
        dict(cluster=CLUSTER, service=NAME, desiredCount=4, healthCheckGracePeriodSeconds=30)
    ]
    service = stored(ecs)
    assert (service["taskDefinition"], service["desiredCount"], service["platformVersion"]) == (TD1, 4, "LATEST")
    assert result["deployment"] == {}


def test_a_blue_green_service_ignores_the_target_group_codedeploy_swapped(run_module, ecs, blue_green, api_calls):
    swapped = dict(
        blue_green, load_balancers=[dict(target_group_arn=TG_GREEN, container_name="api", container_port=8000)]
    )
    other_port = dict(
        blue_green, load_balancers=[dict(target_group_arn=TG_BLUE, container_name="api", container_port=9000)]
    )

    same = run_module(main, swapped)
    moved = run_module(main, other_port)

    assert (same["changed"], same["code_deploy_required"]) == (False, False)
    assert (moved["changed"], moved["code_deploy_reasons"]) == (False, ["load_balancers is api:8000, wanted api:9000"])
    assert "UpdateService" not in operations(api_calls)


def test_a_blue_green_service_gets_no_forced_deployment(run_module, ecs, blue_green, api_calls):
    result = run_module(main, dict(blue_green, force_new_deployment=True))

    assert (result["changed"], result["code_deploy_required"]) == (False, True)
    assert "force_new_deployment is true" in result["code_deploy_reasons"][0]
    assert operations(api_calls) == ["DescribeServices"]


def test_a_new_capacity_provider_strategy_of_a_blue_green_service_is_for_codedeploy(
    run_module, ecs, blue_green, api_calls
):
    args = dict(
        blue_green, launch_type=None, capacity_provider_strategy=[dict(capacity_provider="FARGATE_SPOT", weight=2)]
    )

    result = run_module(main, {key: value for key, value in args.items() if value is not None})

    assert result["code_deploy_reasons"] == [
        "capacity_provider_strategy is launch type FARGATE, wanted FARGATE_SPOT weight 2 base 0"
    ]
    assert operations(api_calls) == ["DescribeServices"]


def test_waiting_on_a_blue_green_service_waits_only_until_active(run_module, ecs, blue_green, sleeps):
    result = run_module(main, dict(blue_green, desired_count=3, wait=True))

    assert (result["changes"], result["service"]["status"], result["deployment"]) == (["desired_count"], "ACTIVE", {})
    assert sleeps == []


# --- refusals -------------------------------------------------------------------------------------------------


def test_the_deployment_controller_cannot_change(run_module, ecs, network, created, api_calls):
    result = run_module(main, present(network, deployment_controller="CODE_DEPLOY"))

    assert result["failed"] is True
    assert "deployment_controller is ECS, wanted CODE_DEPLOY" in result["msg"]
    assert "the service must be recreated" in result["msg"]
    assert operations(api_calls) == ["DescribeServices"]
    assert stored(ecs)["deploymentController"] == {"type": "ECS"}


def test_the_launch_type_cannot_change_not_even_in_check_mode(run_module, ecs, network, created, api_calls):
    result = run_module(main, present(network, launch_type="EC2"), check_mode=True)

    assert result["failed"] is True
    assert "launch_type is FARGATE, wanted EC2" in result["msg"] and "must be recreated" in result["msg"]
    assert stored(ecs)["launchType"] == "FARGATE"


def test_the_scheduling_strategy_cannot_change(run_module, ecs, network, created):
    args = present(network, scheduling_strategy="DAEMON")
    del args["desired_count"]

    result = run_module(main, args)

    assert result["failed"] is True
    assert "scheduling_strategy is REPLICA, wanted DAEMON" in result["msg"]


# --- delete ---------------------------------------------------------------------------------------------------


def test_deletes_the_service_after_scaling_it_to_zero(run_module, ecs, network, created, api_calls, sleeps):
    result = run_module(main, dict(name=NAME, cluster=CLUSTER, state="absent", wait=True), diff=True)

    assert (result["changed"], result["changes"], result["service"]) == (True, ["deleted"], {})
    assert operations(api_calls) == ["DescribeServices", "UpdateService", "DeleteService", "DescribeServices"]
    assert requests(api_calls, "UpdateService") == [dict(cluster=CLUSTER, service=NAME, desiredCount=0)]
    assert requests(api_calls, "DeleteService") == [dict(cluster=CLUSTER, service=NAME, force=True)]
    assert stored(ecs)["status"] == "INACTIVE"
    assert result["diff"]["before"]["service"]["service_arn"] == SERVICE_ARN
    assert result["diff"]["after"] == {"service": {}}
    assert sleeps == []


def test_a_blue_green_service_is_deleted_without_scaling(run_module, ecs, blue_green, api_calls):
    result = run_module(main, dict(name=NAME, cluster=CLUSTER, state="absent"))

    assert result["changes"] == ["deleted"]
    assert operations(api_calls) == ["DescribeServices", "DeleteService"]
    assert stored(ecs)["status"] == "INACTIVE"


def test_deleting_a_missing_or_inactive_service_changes_nothing(run_module, ecs, network, created, api_calls):
    absent = dict(name=NAME, cluster=CLUSTER, state="absent")
    first = run_module(main, absent)
    api_calls.clear()

    inactive = run_module(main, absent)
    missing = run_module(main, dict(absent, name="nothing"))
    no_cluster = run_module(main, dict(absent, cluster="nowhere"))

    assert first["changed"] is True
    assert [inactive["changed"], missing["changed"], no_cluster["changed"]] == [False, False, False]
    assert set(operations(api_calls)) == {"DescribeServices"}


def test_check_mode_reports_the_deletion_and_deletes_nothing(run_module, ecs, network, created, api_calls):
    result = run_module(main, dict(name=NAME, cluster=CLUSTER, state="absent"), check_mode=True)

    assert (result["changed"], result["changes"]) == (True, ["deleted"])
    assert operations(api_calls) == ["DescribeServices"]
    assert (stored(ecs)["status"], stored(ecs)["desiredCount"]) == ("ACTIVE", 2)


def test_a_deleted_service_is_created_again(run_module, ecs, network, created):
    run_module(main, dict(name=NAME, cluster=CLUSTER, state="absent"))

    result = run_module(main, present(network))

    assert result["changes"] == ["created"]
    assert stored(ecs)["status"] == "ACTIVE"


# --- invalid input --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (dict(name="api service"), "name 'api service' is not a valid ECS service name"),
        (dict(name="x" * 256), "is not a valid ECS service name"),
        (dict(task_definition="web"), "task_definition 'web' must be a task definition ARN or family:revision"),
        (dict(task_definition="web:0"), "must be a task definition ARN or family:revision"),
        (dict(desired_count=-1), "desired_count cannot be negative, not -1."),
        (dict(health_check_grace_period_seconds=-5), "health_check_grace_period_seconds cannot be negative"),
        (dict(scheduling_strategy="DAEMON"), "desired_count cannot be set with scheduling_strategy=DAEMON"),
        (dict(wait_timeout=0), "wait_timeout must be at least 1 second, not 0."),
        (dict(capacity_provider_strategy=[], launch_type=None), "capacity_provider_strategy cannot be empty"),
        (
            dict(capacity_provider_strategy=[dict(capacity_provider="FARGATE")]),
            "parameters are mutually exclusive: launch_type|capacity_provider_strategy",
        ),
        (dict(network_configuration=dict(subnets=[])), "network_configuration.subnets must list at least one subnet."),
        (dict(deployment_controller="EXTERNAL"), "value of deployment_controller must be one of: ECS, CODE_DEPLOY"),
    ],
)
def test_invalid_arguments_fail_before_any_call(run_module, ecs, network, api_calls, args, message):
    merged = dict(present(network), **args)

    result = run_module(main, {key: value for key, value in merged.items() if value is not None})

    assert result["failed"] is True
    assert message in result["msg"]
    assert api_calls == []


@pytest.mark.parametrize(
    ("missing", "message"),
    [("task_definition", "task_definition is required"), ("desired_count", "desired_count is required")],
)
def test_creation_needs_a_task_definition_and_a_count(run_module, ecs, network, api_calls, missing, message):
    args = present(network)
    del args[missing]

    result = run_module(main, args)

    assert result["failed"] is True
    assert result["msg"] == f"{message} to create ECS service {NAME} in cluster {CLUSTER}."
    assert operations(api_calls) == ["DescribeServices"]


def test_creation_in_a_missing_cluster_says_so(run_module, ecs, network):
    result = run_module(main, present(network, cluster="nowhere"))

    assert result["failed"] is True
    assert result["msg"] == f"Cluster nowhere does not exist: create it before ECS service {NAME} in cluster nowhere."


def test_absent_only_validates_the_name(run_module, ecs, api_calls):
    result = run_module(main, dict(name=NAME, cluster=CLUSTER, state="absent", task_definition="web", desired_count=-1))

    assert (result["failed"], result["changed"]) == (False, False)


# --- Stubber: waiting, diagnostics, DRAINING ----------------------------------------------------------------------


def deployment(
    deployment_id="ecs-svc/2",
    state="IN_PROGRESS",
    status="PRIMARY",
    running=2,
    desired=2,
    task_definition=TD2,
    reason=None,
):
    return dict(
        id=deployment_id,
        status=status,
        taskDefinition=task_definition,
        desiredCount=desired,
        runningCount=running,
        pendingCount=desired - running,
        failedTasks=0,
        rolloutState=state,
        rolloutStateReason=reason or f"ECS deployment {deployment_id} {state.lower()}.",
        createdAt=T0,
        updatedAt=T0,
    )


def service(status="ACTIVE", task_definition=TD1, deployments=None, events=None, **extra):
    """A Fargate service as DescribeServices answers it (the settings present() gives)."""
    described = dict(
        serviceArn=SERVICE_ARN,
        serviceName=NAME,
        clusterArn=CLUSTER_ARN,
        status=status,
        taskDefinition=task_definition,
        desiredCount=2,
        runningCount=2,
        pendingCount=0,
        launchType="FARGATE",
        platformVersion="LATEST",
        loadBalancers=[],
        networkConfiguration=dict(
            awsvpcConfiguration=dict(subnets=["subnet-1"], securityGroups=["sg-1"], assignPublicIp="DISABLED")
        ),
        deploymentConfiguration=dict(
            maximumPercent=200, minimumHealthyPercent=100, deploymentCircuitBreaker=dict(enable=True, rollback=False)
        ),
        deployments=(
            deployments if deployments is not None else [deployment("ecs-svc/1", "COMPLETED", task_definition=TD1)]
        ),
        events=events or [],
        schedulingStrategy="REPLICA",
        deploymentController=dict(type="ECS"),
        enableECSManagedTags=True,
        propagateTags="SERVICE",
        enableExecuteCommand=False,
        tags=[dict(key="Environment", value="tiger")],
    )
    return dict(described, **extra)


STUB_ARGS = dict(
    name=NAME,
    cluster=CLUSTER,
    task_definition="web:1",
    desired_count=2,
    launch_type="FARGATE",
    network_configuration=dict(subnets=["subnet-1"], security_groups=["sg-1"]),
)


@pytest.fixture
def stub(stubbed):
    return stubbed("ecs")


def describe(stub, *found):
    if found:
        stub.add_response(
            "describe_services",
            dict(services=list(found), failures=[]),
            dict(cluster=CLUSTER, services=[NAME], include=["TAGS"]),
        )
    else:
        stub.add_response(
            "describe_services",
            dict(services=[], failures=[dict(arn=SERVICE_ARN, reason="MISSING")]),
            dict(cluster=CLUSTER, services=[NAME], include=["TAGS"]),
        )


def update_to_td2(stub, first_deployment):
    stub.add_response(
        "update_service",
        dict(
            service=service(
                task_definition=TD2,
                deployments=[first_deployment, deployment("ecs-svc/1", "COMPLETED", "ACTIVE", task_definition=TD1)],
            )
        ),
        dict(cluster=CLUSTER, service=NAME, taskDefinition="web:2"),
    )


def test_the_stubbed_service_is_converged(run_module, stub):
    describe(stub, service())

    result = run_module(main, STUB_ARGS)

    assert (result["changed"], result["deployment"]["rollout_state"]) == (False, "COMPLETED")
    assert result["service"]["deployment_configuration"]["deployment_circuit_breaker"] == {
        "enable": True,
        "rollback": False,
    }
    assert result["service"]["deployments"][0]["created_at"] == T0.isoformat()


def test_waits_until_the_new_deployment_has_completed(run_module, stub, sleeps):
    describe(stub, service())
    update_to_td2(stub, deployment(running=0))
    old = deployment("ecs-svc/1", "COMPLETED", "ACTIVE", task_definition=TD1)
    describe(stub, service(task_definition=TD2, deployments=[deployment(running=1), old]))
    # Completed, but an older deployment is still draining and a task is missing: not done yet.
    describe(stub, service(task_definition=TD2, deployments=[deployment("ecs-svc/2", "COMPLETED", running=1), old]))
    describe(stub, service(task_definition=TD2, deployments=[deployment("ecs-svc/2", "COMPLETED")]))

    result = run_module(main, dict(STUB_ARGS, task_definition="web:2", wait=True))

    assert (result["changed"], result["changes"]) == (True, ["task_definition"])
    assert result["deployment"]["id"] == "ecs-svc/2"
    assert (result["deployment"]["rollout_state"], result["deployment"]["running_count"]) == ("COMPLETED", 2)
    assert result["service"]["task_definition"] == TD2
    assert result["service"]["tags"] == {"Environment": "tiger"}
    assert sleeps == [DELAY] * 3


def test_a_failed_deployment_fails_with_diagnostics(run_module, stub, sleeps):
    events = [
        dict(id=f"e{index}", createdAt=minutes(index), message=f"(service api) event {index}.")
        for index in (3, 7, 1, 6, 5, 2, 4)
    ]
    describe(stub, service())
    update_to_td2(stub, deployment())
    failed = deployment(state="FAILED", running=0, reason="ECS deployment circuit breaker: tasks failed to start.")
    describe(stub, service(task_definition=TD2, deployments=[failed], events=events))
    stub.add_response(
        "list_tasks",
        dict(taskArns=["arn:task/old", "arn:task/new-1", "arn:task/new-2"]),
        dict(cluster=CLUSTER, serviceName=NAME, desiredStatus="STOPPED", maxResults=100),
    )
    stub.add_response(
        "describe_tasks",
        dict(
            tasks=[
                dict(
                    taskArn="arn:task/old",
                    startedBy="ecs-svc/1",
                    stoppedAt=minutes(9),
                    stopCode="ServiceSchedulerInitiated",
                    stoppedReason="Scaling activity initiated by (deployment ecs-svc/2)",
                    containers=[],
                ),
                dict(
                    taskArn="arn:task/new-1",
                    startedBy="ecs-svc/2",
                    stoppedAt=minutes(2),
                    stopCode="EssentialContainerExited",
                    stoppedReason="Essential container in task exited",
                    taskDefinitionArn=TD2,
                    containers=[dict(name="api", exitCode=1), dict(name="log_router", exitCode=0)],
                ),
                dict(
                    taskArn="arn:task/new-2",
                    startedBy="ecs-svc/2",
                    stoppedAt=minutes(4),
                    stopCode="TaskFailedToStart",
                    stoppedReason="CannotPullContainerError: pull image manifest has been retried 5 time(s)",
                    containers=[dict(name="api", reason="CannotPullContainerError")],
                ),
            ],
            failures=[],
        ),
        dict(cluster=CLUSTER, tasks=["arn:task/old", "arn:task/new-1", "arn:task/new-2"]),
    )

    result = run_module(main, dict(STUB_ARGS, task_definition="web:2", wait=True))

    assert result["failed"] is True
    msg = result["msg"]
    assert msg.startswith(f"The deployment ecs-svc/2 of ECS service {NAME} in cluster {CLUSTER} failed.")
    assert "Rollout state reason: ECS deployment circuit breaker: tasks failed to start" in msg
    assert msg.index("event 7") < msg.index("event 6") < msg.index("event 3")
    assert "event 2" not in msg and "event 1" not in msg
    assert "arn:task/new-2: TaskFailedToStart: CannotPullContainerError: pull image manifest" in msg
    assert (
        "arn:task/new-1: EssentialContainerExited: Essential container in task exited; containers: api exit code 1"
        in msg
    )
    assert "arn:task/old" not in msg
    diagnostics = result["diagnostics"]
    assert diagnostics["rollout_state_reason"] == "ECS deployment circuit breaker: tasks failed to start."
    assert [event["message"] for event in diagnostics["events"]] == [
        f"(service api) event {index}." for index in (7, 6, 5, 4, 3)
    ]
    assert diagnostics["events"][0]["created_at"] == minutes(7).isoformat()
    assert diagnostics["stopped_tasks"] == [
        dict(
            task_arn="arn:task/new-2",
            task_definition_arn=None,
            stopped_at=minutes(4).isoformat(),
            stop_code="TaskFailedToStart",
            stopped_reason="CannotPullContainerError: pull image manifest has been retried 5 time(s)",
            containers=[dict(name="api", exit_code=None, reason="CannotPullContainerError")],
        ),
        dict(
            task_arn="arn:task/new-1",
            task_definition_arn=TD2,
            stopped_at=minutes(2).isoformat(),
            stop_code="EssentialContainerExited",
            stopped_reason="Essential container in task exited",
            containers=[dict(name="api", exit_code=1, reason=None), dict(name="log_router", exit_code=0, reason=None)],
        ),
    ]
    assert (result["changed"], result["changes"]) == (True, ["task_definition"])
    assert result["deployment"]["rollout_state"] == "FAILED"
    assert result["service"]["task_definition"] == TD2
    assert sleeps == [DELAY]


def test_a_rolled_back_deployment_is_a_failure(run_module, stub, sleeps):
    describe(stub, service())
    update_to_td2(stub, deployment())
    rollback = deployment(
        "ecs-svc/3", "IN_PROGRESS", task_definition=TD1, reason="ECS deployment ecs-svc/3 in progress."
    )
    replaced = deployment(
        status="ACTIVE", reason="ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/1."
    )
    describe(stub, service(deployments=[rollback, replaced]))
    stub.add_response(
        "list_tasks",
        dict(taskArns=[]),
        dict(cluster=CLUSTER, serviceName=NAME, desiredStatus="STOPPED", maxResults=100),
    )

    result = run_module(main, dict(STUB_ARGS, task_definition="web:2", wait=True))

    assert result["failed"] is True
    assert (
        "The deployment ecs-svc/2 of ECS service api in cluster tiger is no longer the service's primary deployment"
        in result["msg"]
    )
    assert "ecs-svc/3 replaced it" in result["msg"]
    assert "rolling back to deploymentId ecs-svc/1" in result["msg"]
    assert "No stopped task of the service is known to ECS." in result["msg"]
    assert result["deployment"]["id"] == "ecs-svc/2"
    assert result["diagnostics"]["stopped_tasks"] == []


def test_a_deployment_that_does_not_finish_in_time_fails(run_module, stub, sleeps):
    describe(stub, service(deployments=[deployment("ecs-svc/1", running=1, task_definition=TD1)]))
    for _poll in range(2):
        describe(stub, service(deployments=[deployment("ecs-svc/1", running=1, task_definition=TD1)]))
    stub.add_client_error(
        "list_tasks", service_error_code="AccessDeniedException", service_message="not allowed to ListTasks"
    )

    result = run_module(main, dict(STUB_ARGS, wait=True, wait_timeout=20))

    assert result["failed"] is True
    assert result["msg"].startswith(
        "Timed out after 20 seconds waiting for the deployment ecs-svc/1 of ECS service api in cluster tiger to complete;"
        " its rollout state is IN_PROGRESS with 1 of 2 tasks running."
    )
    assert "The stopped tasks could not be read: " in result["msg"] and "not allowed to ListTasks" in result["msg"]
    assert (result["changed"], result["diagnostics"]["stopped_tasks"]) == (False, [])
    assert sleeps == [DELAY] * 2


def test_a_service_being_deleted_is_waited_for_then_created_again(run_module, stub, sleeps):
    describe(stub, service(status="DRAINING"))
    describe(stub, service(status="DRAINING"))
    describe(stub, service(status="INACTIVE"))
    stub.add_response(
        "create_service",
        dict(service=service(deployments=[deployment("ecs-svc/9", task_definition=TD1)])),
        dict(
            cluster=CLUSTER,
            serviceName=NAME,
            taskDefinition="web:1",
            deploymentController=dict(type="ECS"),
            schedulingStrategy="REPLICA",
            enableExecuteCommand=False,
            propagateTags="SERVICE",
            enableECSManagedTags=True,
            desiredCount=2,
            launchType="FARGATE",
            platformVersion="LATEST",
            networkConfiguration=dict(
                awsvpcConfiguration=dict(subnets=["subnet-1"], assignPublicIp="DISABLED", securityGroups=["sg-1"])
            ),
        ),
    )

    result = run_module(main, STUB_ARGS)

    assert (result["changed"], result["changes"]) == (True, ["created"])
    assert result["deployment"]["id"] == "ecs-svc/9"
    assert sleeps == [DELAY]


def test_deletion_waits_until_the_service_is_inactive(run_module, stub, sleeps):
    describe(stub, service())
    stub.add_response(
        "update_service", dict(service=service(desiredCount=0)), dict(cluster=CLUSTER, service=NAME, desiredCount=0)
    )
    stub.add_response(
        "delete_service", dict(service=service(status="DRAINING")), dict(cluster=CLUSTER, service=NAME, force=True)
    )
    describe(stub, service(status="DRAINING"))
    describe(stub, service(status="INACTIVE"))

    result = run_module(main, dict(name=NAME, cluster=CLUSTER, state="absent", wait=True))

    assert (result["changed"], result["changes"]) == (True, ["deleted"])
    assert sleeps == [DELAY]


def test_a_deletion_that_times_out_fails(run_module, stub, sleeps):
    describe(stub, service(status="DRAINING"))
    for _poll in range(3):
        describe(stub, service(status="DRAINING"))

    result = run_module(main, dict(name=NAME, cluster=CLUSTER, state="absent", wait=True, wait_timeout=30))

    assert result["failed"] is True
    assert result["msg"].startswith(
        "Timed out after 30 seconds waiting for ECS service api to be deleted (INACTIVE); its status is DRAINING."
    )
    assert sleeps == [DELAY] * 2


def test_a_service_deleted_meanwhile_is_taken_as_deleted(run_module, stub):
    describe(stub, service(desiredCount=0))
    stub.add_client_error("delete_service", service_error_code="ServiceNotFoundException")

    result = run_module(main, dict(name=NAME, cluster=CLUSTER, state="absent"))

    assert (result["failed"], result["changed"], result["changes"]) == (False, False, [])


def test_a_failed_update_is_reported(run_module, stub):
    describe(stub, service())
    stub.add_client_error(
        "update_service", service_error_code="InvalidParameterException", service_message="TaskDefinition is inactive"
    )

    result = run_module(main, dict(STUB_ARGS, task_definition="web:2"))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to update ECS service api in cluster tiger")
    assert result["error"]["code"] == "InvalidParameterException"
    assert result["changes"] == ["task_definition"]
