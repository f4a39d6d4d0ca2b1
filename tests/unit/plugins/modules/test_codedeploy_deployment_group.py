"""Unit tests of seed.aws_platform.codedeploy_deployment_group.

moto (in-process) backs creating, describing and tagging deployment groups. moto 5.2.1 does not implement
UpdateDeploymentGroup or DeleteDeploymentGroup (NotImplementedError), and its GetDeploymentGroup always answers an
empty alarmConfiguration whatever the group has: botocore's Stubber backs updates, deletions, alarms and failures,
with groups shaped as AWS answers them, and asserts the exact requests.
"""

import datetime

import boto3
import pytest

from ansible_collections.seed.aws_platform.plugins.modules.codedeploy_deployment_group import main

REGION = "us-east-1"
ACCOUNT = "123456789012"
APP = "orders"
GROUP = "orders-production"
GROUP_ARN = f"arn:aws:codedeploy:{REGION}:{ACCOUNT}:deploymentgroup:{APP}/{GROUP}"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/codedeploy-ecs"
LISTENERS = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:listener/app/public/0123456789abcdef"
PROD = f"{LISTENERS}/0000000000000443"
TEST = f"{LISTENERS}/0000000000008443"
TOPIC = f"arn:aws:sns:{REGION}:{ACCOUNT}:deployments"
READS = ("GetDeploymentGroup", "GetApplication", "ListTagsForResource", "GetCallerIdentity")

SERVICE = dict(serviceName="orders", clusterName="production")
STYLE = dict(deploymentType="BLUE_GREEN", deploymentOption="WITH_TRAFFIC_CONTROL")
PAIR = dict(targetGroups=[dict(name="orders-blue"), dict(name="orders-green")], prodTrafficRoute=dict(listenerArns=[PROD]))
BLUE_GREEN = dict(
    deploymentReadyOption=dict(actionOnTimeout="CONTINUE_DEPLOYMENT", waitTimeInMinutes=0),
    terminateBlueInstancesOnDeploymentSuccess=dict(action="TERMINATE", terminationWaitTimeInMinutes=5),
)
ROLLBACK = dict(enabled=True, events=["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"])
NO_ALARMS = dict(enabled=False, ignorePollAlarmFailure=False, alarms=[])
# What the module sends to create a group from present() alone.
CREATION = dict(
    applicationName=APP,
    deploymentGroupName=GROUP,
    deploymentConfigName="CodeDeployDefault.ECSAllAtOnce",
    serviceRoleArn=ROLE,
    deploymentStyle=STYLE,
    ecsServices=[SERVICE],
    loadBalancerInfo=dict(targetGroupPairInfoList=[PAIR]),
    blueGreenDeploymentConfiguration=BLUE_GREEN,
    autoRollbackConfiguration=ROLLBACK,
)


def present(**extra):
    args = dict(
        application_name=APP,
        name=GROUP,
        service_role_arn=ROLE,
        ecs_services=[dict(cluster_name="production", service_name="orders")],
        load_balancer=dict(target_groups=["orders-blue", "orders-green"], prod_listener_arns=[PROD]),
    )
    return dict(args, **extra)


def absent(**extra):
    return dict(dict(application_name=APP, name=GROUP, state="absent"), **extra)


# --- moto ---------------------------------------------------------------------------------------


@pytest.fixture
def codedeploy(aws):
    return boto3.client("codedeploy", region_name=REGION)


@pytest.fixture
def application(codedeploy):
    codedeploy.create_application(applicationName=APP, computePlatform="ECS")
    return APP


def changes_made(calls):
    return [call for call in calls if call[0] not in READS]


def stored(codedeploy):
    return codedeploy.get_deployment_group(applicationName=APP, deploymentGroupName=GROUP)["deploymentGroupInfo"]


def stored_tags(codedeploy):
    return {tag["Key"]: tag["Value"] for tag in codedeploy.list_tags_for_resource(ResourceArn=GROUP_ARN)["Tags"]}


def exists(codedeploy):
    try:
        stored(codedeploy)
    except codedeploy.exceptions.DeploymentGroupDoesNotExistException:
        return False
    return True


def create(codedeploy, tags=None, **changes):
    request = dict(CREATION, **changes)
    if tags:
        request["tags"] = [dict(Key=key, Value=value) for key, value in tags.items()]
    codedeploy.create_deployment_group(**request)


def test_creates_the_group(run_module, codedeploy, application, api_calls):
    args = present(
        deployment_config_name="CodeDeployDefault.ECSCanary10Percent5Minutes",
        load_balancer=dict(target_groups=["orders-blue", "orders-green"], prod_listener_arns=[PROD], test_listener_arns=[TEST]),
        blue_green=dict(action_on_timeout="STOP_DEPLOYMENT", wait_time_in_minutes=60, termination_wait_time_in_minutes=30),
        auto_rollback=dict(events=["DEPLOYMENT_STOP_ON_REQUEST", "DEPLOYMENT_FAILURE", "DEPLOYMENT_FAILURE"]),
        triggers=[dict(name="deployments", target_arn=TOPIC, events=["DeploymentSuccess", "DeploymentFailure"])],
        tags={"Environment": "production", "Port": 443},
    )

    result = run_module(main, args, diff=True)

    assert result["changed"] is True and result["changes"] == ["created"]
    group, aws = result["deployment_group"], stored(codedeploy)
    assert group["deployment_group_id"] == aws["deploymentGroupId"]
    assert (group["application_name"], group["deployment_group_name"], group["compute_platform"]) == (APP, GROUP, "ECS")
    assert group["deployment_config_name"] == aws["deploymentConfigName"] == "CodeDeployDefault.ECSCanary10Percent5Minutes"
    assert group["deployment_style"] == dict(deployment_type="BLUE_GREEN", deployment_option="WITH_TRAFFIC_CONTROL")
    assert group["ecs_services"] == [dict(service_name="orders", cluster_name="production")]
    assert aws["loadBalancerInfo"]["targetGroupPairInfoList"] == [dict(PAIR, testTrafficRoute=dict(listenerArns=[TEST]))]
    assert group["load_balancer_info"]["target_group_pair_info_list"][0]["test_traffic_route"] == dict(listener_arns=[TEST])
    assert aws["blueGreenDeploymentConfiguration"] == dict(
        deploymentReadyOption=dict(actionOnTimeout="STOP_DEPLOYMENT", waitTimeInMinutes=60),
        terminateBlueInstancesOnDeploymentSuccess=dict(action="TERMINATE", terminationWaitTimeInMinutes=30),
    )
    assert group["auto_rollback_configuration"] == dict(
        enabled=True, events=["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST"]
    )
    assert aws["triggerConfigurations"] == [
        dict(triggerName="deployments", triggerTargetArn=TOPIC, triggerEvents=["DeploymentFailure", "DeploymentSuccess"])
    ]
    assert group["tags"] == stored_tags(codedeploy) == {"Environment": "production", "Port": "443"}
    assert result["diff"] == dict(before=dict(deployment_group={}), after=dict(deployment_group=group))


def test_the_creation_request_leaves_out_what_aws_defaults_and_sends_alarms(run_module, codedeploy, application, api_calls):
    run_module(main, present())
    run_module(main, present(name="orders-canary", alarms=dict(names=["orders-latency", "orders-5xx", "orders-5xx"])))

    creations = [params for operation, params in changes_made(api_calls)]
    assert [operation for operation, params in changes_made(api_calls)] == ["CreateDeploymentGroup"] * 2
    assert creations[0] == CREATION
    # moto's GetDeploymentGroup drops the alarms, so the request is what shows them.
    assert creations[1] == dict(
        CREATION,
        deploymentGroupName="orders-canary",
        alarmConfiguration=dict(
            enabled=True, ignorePollAlarmFailure=False, alarms=[dict(name="orders-5xx"), dict(name="orders-latency")]
        ),
    )


def test_second_run_changes_nothing(run_module, codedeploy, application, api_calls):
    args = present(
        load_balancer=dict(target_groups=["orders-blue", "orders-green"], prod_listener_arns=[PROD], test_listener_arns=[TEST]),
        triggers=[dict(name="deployments", target_arn=TOPIC, events=["DeploymentSuccess"])],
        tags={"Environment": "production"},
    )
    first = run_module(main, args)
    api_calls.clear()

    second = run_module(main, args, diff=True)

    assert (second["changed"], second["changes"]) == (False, [])
    assert second["deployment_group"] == first["deployment_group"]
    assert second["diff"]["before"] == second["diff"]["after"]
    assert changes_made(api_calls) == []


def test_check_mode_reports_the_creation_and_creates_nothing(run_module, codedeploy, application, api_calls):
    result = run_module(main, present(tags={"a": 1}), check_mode=True, diff=True)

    assert result["changed"] is True and result["changes"] == ["created"]
    group = result["deployment_group"]
    assert (group["application_name"], group["deployment_group_name"], group["compute_platform"]) == (APP, GROUP, "ECS")
    assert group["deployment_config_name"] == "CodeDeployDefault.ECSAllAtOnce"
    assert group["alarm_configuration"] == dict(enabled=False, ignore_poll_alarm_failure=False, alarms=[])
    assert group["tags"] == {"a": "1"} and "deployment_group_id" not in group
    assert result["diff"]["before"] == dict(deployment_group={})
    assert not exists(codedeploy)
    assert changes_made(api_calls) == []


def test_check_mode_creates_a_group_of_an_application_not_created_yet(run_module, codedeploy, api_calls):
    result = run_module(main, present(), check_mode=True)

    assert result["changed"] is True and result["changes"] == ["created"]
    assert changes_made(api_calls) == []


def test_the_application_must_exist(run_module, codedeploy, api_calls):
    result = run_module(main, present())

    assert result["failed"] is True
    assert result["msg"] == (
        "CodeDeploy application orders does not exist: create it first, with seed.aws_platform.codedeploy_application"
        " and compute_platform=ECS."
    )
    assert changes_made(api_calls) == []


def test_the_application_must_deploy_to_ecs(run_module, codedeploy, api_calls):
    codedeploy.create_application(applicationName=APP, computePlatform="Server")

    result = run_module(main, present(), check_mode=True)

    assert result["failed"] is True
    assert result["msg"].startswith("CodeDeploy application orders has compute platform Server, and this module manages")
    assert changes_made(api_calls) == []


def test_check_mode_on_a_converged_group_changes_nothing(run_module, codedeploy, application, api_calls):
    create(codedeploy, tags={"Environment": "production"})

    result = run_module(main, present(tags={"Environment": "production"}), check_mode=True)

    assert (result["changed"], result["changes"]) == (False, [])
    assert result["deployment_group"]["deployment_group_id"] == stored(codedeploy)["deploymentGroupId"]
    assert changes_made(api_calls) == []


def test_check_mode_reports_the_updates_and_changes_nothing(run_module, codedeploy, application, api_calls):
    create(codedeploy, tags={"drop": "1"})
    args = present(
        deployment_config_name="CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
        auto_rollback=dict(enabled=False),
        tags={"add": "2"},
    )

    result = run_module(main, args, check_mode=True, diff=True)

    assert result["changed"] is True
    assert result["changes"] == ["deployment_config_name", "auto_rollback", "tags"]
    group = result["deployment_group"]
    assert group["deployment_config_name"] == "CodeDeployDefault.ECSLinear10PercentEvery1Minutes"
    assert group["auto_rollback_configuration"] == dict(enabled=False, events=["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"])
    assert group["tags"] == {"add": "2"}
    assert result["diff"]["before"]["deployment_group"]["deployment_config_name"] == "CodeDeployDefault.ECSAllAtOnce"
    assert stored(codedeploy)["deploymentConfigName"] == "CodeDeployDefault.ECSAllAtOnce"
    assert stored(codedeploy)["autoRollbackConfiguration"] == ROLLBACK
    assert stored_tags(codedeploy) == {"drop": "1"}
    assert changes_made(api_calls) == []


def test_tags_are_added_changed_and_purged(run_module, codedeploy, application, api_calls):
    create(codedeploy, tags={"keep": "1", "drop": "2", "change": "old"})

    result = run_module(main, present(tags={"keep": "1", "change": "new", "add": "3"}), diff=True)

    assert result["changed"] is True and result["changes"] == ["tags"]
    assert result["deployment_group"]["tags"] == stored_tags(codedeploy) == {"keep": "1", "change": "new", "add": "3"}
    assert changes_made(api_calls) == [
        ("UntagResource", dict(ResourceArn=GROUP_ARN, TagKeys=["drop"])),
        ("TagResource", dict(ResourceArn=GROUP_ARN, Tags=[dict(Key="add", Value="3"), dict(Key="change", Value="new")])),
    ]
    assert result["diff"]["before"]["deployment_group"]["tags"] == {"keep": "1", "drop": "2", "change": "old"}


def test_purge_tags_false_only_adds_and_omitted_tags_are_left_alone(run_module, codedeploy, application):
    create(codedeploy, tags={"keep": "1"})

    added = run_module(main, present(tags={"add": "2"}, purge_tags=False))
    untouched = run_module(main, present())

    assert added["changes"] == ["tags"] and untouched["changes"] == []
    assert untouched["deployment_group"]["tags"] == stored_tags(codedeploy) == {"keep": "1", "add": "2"}


@pytest.mark.parametrize("check_mode", [False, True])
def test_another_ecs_service_is_refused(run_module, codedeploy, application, api_calls, check_mode):
    create(codedeploy)
    args = present(ecs_services=[dict(cluster_name="production", service_name="payments")], tags={"a": "1"})

    result = run_module(main, args, check_mode=check_mode)

    assert result["failed"] is True
    assert result["msg"] == (
        "CodeDeploy deployment group orders/orders-production deploys ECS service production/orders, not"
        " production/payments, and AWS does not let the ECS service of a deployment group change. Delete the group"
        " (state=absent) and create it again, or choose another name."
    )
    assert result["deployment_group"]["ecs_services"] == [dict(service_name="orders", cluster_name="production")]
    assert stored(codedeploy)["ecsServices"] == [SERVICE] and stored_tags(codedeploy) == {}
    assert changes_made(api_calls) == []


def test_absent_when_the_group_does_not_exist_changes_nothing(run_module, codedeploy, application, api_calls):
    result = run_module(main, absent(), diff=True)

    assert (result["changed"], result["changes"], result["deployment_group"]) == (False, [], {})
    assert result["diff"] == dict(before=dict(deployment_group={}), after=dict(deployment_group={}))
    assert changes_made(api_calls) == []


def test_absent_when_the_application_does_not_exist_changes_nothing(run_module, codedeploy, api_calls):
    result = run_module(main, absent())

    assert (result["changed"], result["changes"]) == (False, [])
    assert changes_made(api_calls) == []


def test_absent_in_check_mode_deletes_nothing(run_module, codedeploy, application, api_calls):
    create(codedeploy)

    result = run_module(main, absent(), check_mode=True, diff=True)

    assert (result["changed"], result["changes"], result["deployment_group"]) == (True, ["deleted"], {})
    assert result["diff"]["before"]["deployment_group"]["deployment_group_name"] == GROUP
    assert exists(codedeploy)
    assert changes_made(api_calls) == []


def test_absent_does_not_validate_the_configuration(run_module, codedeploy, application, api_calls):
    result = run_module(main, absent(load_balancer=dict(target_groups=["only-one"], prod_listener_arns=[])))

    assert result["changed"] is False


@pytest.mark.parametrize(
    "extra, message",
    [
        (
            dict(application_name="orders/blue"),
            "application_name 'orders/blue' is not a valid CodeDeploy application name: it must be 1 to 100 letters,"
            " digits and characters among . _ + = , @ -.",
        ),
        (dict(name="g" * 101), "name must be 1 to 100 characters long, not 101."),
        (
            dict(service_role_arn="codedeploy-ecs"),
            "service_role_arn 'codedeploy-ecs' is not the ARN of an IAM role (arn:aws:iam::ACCOUNT:role/NAME).",
        ),
        (
            dict(service_role_arn=f"arn:aws:iam::{ACCOUNT}:user/deployer"),
            f"service_role_arn 'arn:aws:iam::{ACCOUNT}:user/deployer' is not the ARN of an IAM role"
            " (arn:aws:iam::ACCOUNT:role/NAME).",
        ),
        (
            dict(deployment_config_name="CodeDeployDefault.OneAtATime"),
            "deployment_config_name CodeDeployDefault.OneAtATime is a built-in configuration of another compute platform"
            " than ECS; ECS deployment groups take CodeDeployDefault.ECS* ones, like CodeDeployDefault.ECSAllAtOnce, or"
            " a custom one.",
        ),
        (dict(ecs_services=[]), "ecs_services must name the ECS service of the group."),
        (
            dict(load_balancer=dict(target_groups=["orders-blue"], prod_listener_arns=[PROD])),
            "load_balancer.target_groups must name two different target groups, blue then green, not ['orders-blue'].",
        ),
        (
            dict(load_balancer=dict(target_groups=["orders-blue", "orders-blue"], prod_listener_arns=[PROD])),
            "load_balancer.target_groups must name two different target groups, blue then green, not"
            " ['orders-blue', 'orders-blue'].",
        ),
        (
            dict(load_balancer=dict(target_groups=["a", "b", "c"], prod_listener_arns=[PROD])),
            "load_balancer.target_groups must name two different target groups, blue then green, not ['a', 'b', 'c'].",
        ),
        (
            dict(load_balancer=dict(target_groups=["a", "b"], prod_listener_arns=[])),
            "load_balancer.prod_listener_arns must hold exactly one listener ARN, AWS's limit, not 0.",
        ),
        (
            dict(load_balancer=dict(target_groups=["a", "b"], prod_listener_arns=[PROD], test_listener_arns=[TEST, PROD])),
            "load_balancer.test_listener_arns can hold one listener ARN at most, AWS's limit, not 2.",
        ),
        (
            dict(blue_green=dict(wait_time_in_minutes=30)),
            "blue_green.wait_time_in_minutes is 30 but blue_green.action_on_timeout is CONTINUE_DEPLOYMENT, which"
            " reroutes traffic as soon as the green task set is ready; set action_on_timeout to STOP_DEPLOYMENT to wait"
            " for a manual ContinueDeployment, or wait_time_in_minutes to 0.",
        ),
        (
            dict(blue_green=dict(action_on_timeout="STOP_DEPLOYMENT")),
            "blue_green.wait_time_in_minutes must be at least 1 with action_on_timeout STOP_DEPLOYMENT, not 0: it is"
            " how long CodeDeploy waits for a manual ContinueDeployment before stopping the deployment.",
        ),
        (
            dict(blue_green=dict(termination_wait_time_in_minutes=2881)),
            "blue_green.termination_wait_time_in_minutes must be from 0 to 2880, not 2881.",
        ),
        (
            dict(auto_rollback=dict(events=[])),
            "auto_rollback.events cannot be empty when auto_rollback.enabled is true.",
        ),
        (
            dict(alarms=dict(names=[f"alarm-{number}" for number in range(11)])),
            "alarms.names can hold 10 alarms at most, not 11.",
        ),
        (dict(alarms=dict(enabled=True)), "alarms.enabled is true but alarms.names is empty."),
        (
            dict(triggers=[dict(name="t", target_arn=TOPIC, events=["DeploymentStart"])] * 2),
            "triggers names must be unique, t is used more than once.",
        ),
        (
            dict(triggers=[dict(name="t", target_arn="deployments", events=[])]),
            "triggers t: target_arn 'deployments' is not the ARN of an SNS topic; triggers t: events cannot be empty.",
        ),
        (
            dict(name="", load_balancer=dict(target_groups=["a"], prod_listener_arns=[PROD])),
            "name must be 1 to 100 characters long, not 0; load_balancer.target_groups must name two different target"
            " groups, blue then green, not ['a'].",
        ),
    ],
)
def test_invalid_arguments_fail_before_any_call(run_module, api_calls, extra, message):
    result = run_module(main, present(**extra))

    assert result["failed"] is True
    assert result["msg"] == message
    assert api_calls == []


@pytest.mark.parametrize(
    "args, fragments",
    [
        (
            dict(application_name=APP, name=GROUP),
            ["state is present but all of the following are missing: service_role_arn, ecs_services, load_balancer"],
        ),
        (
            present(auto_rollback=dict(events=["DEPLOYMENT_SUCCESS"])),
            ["value of events must be one or more of", "DEPLOYMENT_SUCCESS", "found in auto_rollback"],
        ),
        (
            present(triggers=[dict(name="t", target_arn=TOPIC, events=["deploymentStart"])]),
            ["value of events must be one or more of", "deploymentStart", "found in triggers"],
        ),
        (
            present(blue_green=dict(termination_action="DELETE")),
            ["value of termination_action must be one of: TERMINATE, KEEP_ALIVE, got: DELETE found in blue_green"],
        ),
        (
            present(load_balancer=dict(target_groups=["a", "b"])),
            ["missing required arguments: prod_listener_arns found in load_balancer"],
        ),
    ],
)
def test_arguments_ansible_refuses(run_module, api_calls, args, fragments):
    result = run_module(main, args)

    assert result["failed"] is True
    assert [fragment for fragment in fragments if fragment not in result["msg"]] == []
    assert api_calls == []


# --- Stubber ------------------------------------------------------------------------------------


DEPLOYED = datetime.datetime(2024, 5, 2, 9, 41, 12, tzinfo=datetime.timezone.utc)


def aws_group(**changes):
    """A group as AWS's GetDeploymentGroup answers it after a deployment; a change to None drops the key."""
    group = dict(
        applicationName=APP,
        deploymentGroupId="3b1c6f0e-7d0a-4a57-a1d4-0e6f1c2b3a4d",
        deploymentGroupName=GROUP,
        deploymentConfigName="CodeDeployDefault.ECSAllAtOnce",
        ec2TagFilters=[],
        onPremisesInstanceTagFilters=[],
        autoScalingGroups=[],
        serviceRoleArn=ROLE,
        triggerConfigurations=[],
        alarmConfiguration=NO_ALARMS,
        # AWS keeps the events in the order they were sent in.
        autoRollbackConfiguration=dict(enabled=True, events=["DEPLOYMENT_STOP_ON_ALARM", "DEPLOYMENT_FAILURE"]),
        deploymentStyle=STYLE,
        outdatedInstancesStrategy="UPDATE",
        blueGreenDeploymentConfiguration=BLUE_GREEN,
        loadBalancerInfo=dict(targetGroupPairInfoList=[PAIR]),
        lastSuccessfulDeployment=dict(deploymentId="d-EXAMPLE11", status="Succeeded", endTime=DEPLOYED, createTime=DEPLOYED),
        lastAttemptedDeployment=dict(deploymentId="d-EXAMPLE11", status="Succeeded", endTime=DEPLOYED, createTime=DEPLOYED),
        ec2TagSet=dict(ec2TagSetList=[]),
        onPremisesTagSet=dict(onPremisesTagSetList=[]),
        computePlatform="ECS",
        ecsServices=[SERVICE],
        terminationHookEnabled=False,
    )
    group.update(changes)
    return {key: value for key, value in group.items() if value is not None}


@pytest.fixture
def clients(stubbed):
    return stubbed("codedeploy"), stubbed("sts")


def expect_group(codedeploy, group):
    codedeploy.add_response(
        "get_deployment_group", dict(deploymentGroupInfo=group), dict(applicationName=APP, deploymentGroupName=GROUP)
    )


def expect_existing(clients, group, tags=None):
    """The module's first look: the group, the account for its ARN, and its tags."""
    codedeploy, sts = clients
    expect_group(codedeploy, group)
    sts.add_response(
        "get_caller_identity", dict(UserId="AIDAEXAMPLE", Account=ACCOUNT, Arn=f"arn:aws:iam::{ACCOUNT}:user/ansible")
    )
    codedeploy.add_response(
        "list_tags_for_resource",
        dict(Tags=[dict(Key=key, Value=value) for key, value in (tags or {}).items()]),
        dict(ResourceArn=GROUP_ARN),
    )


def expect_update(codedeploy, **request):
    codedeploy.add_response(
        "update_deployment_group",
        dict(hooksNotCleanedUp=[]),
        dict(applicationName=APP, currentDeploymentGroupName=GROUP, **request),
    )


FULL_ARGS = present(
    deployment_config_name="CodeDeployDefault.ECSCanary10Percent5Minutes",
    load_balancer=dict(target_groups=["orders-blue", "orders-green"], prod_listener_arns=[PROD], test_listener_arns=[TEST]),
    blue_green=dict(action_on_timeout="STOP_DEPLOYMENT", wait_time_in_minutes=60, termination_wait_time_in_minutes=30),
    auto_rollback=dict(events=["DEPLOYMENT_STOP_ON_ALARM", "DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST"]),
    alarms=dict(names=["orders-latency", "orders-5xx"], ignore_poll_alarm_failure=True),
    triggers=[
        dict(name="failures", target_arn=TOPIC, events=["DeploymentRollback", "DeploymentFailure"]),
        dict(name="all", target_arn=TOPIC, events=["DeploymentStart", "DeploymentSuccess"]),
    ],
    tags={"Environment": "production"},
)
FULL_GROUP = aws_group(
    deploymentConfigName="CodeDeployDefault.ECSCanary10Percent5Minutes",
    loadBalancerInfo=dict(targetGroupPairInfoList=[dict(PAIR, testTrafficRoute=dict(listenerArns=[TEST]))]),
    blueGreenDeploymentConfiguration=dict(
        deploymentReadyOption=dict(actionOnTimeout="STOP_DEPLOYMENT", waitTimeInMinutes=60),
        terminateBlueInstancesOnDeploymentSuccess=dict(action="TERMINATE", terminationWaitTimeInMinutes=30),
    ),
    autoRollbackConfiguration=dict(
        enabled=True, events=["DEPLOYMENT_STOP_ON_REQUEST", "DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]
    ),
    alarmConfiguration=dict(
        enabled=True, ignorePollAlarmFailure=True, alarms=[dict(name="orders-5xx"), dict(name="orders-latency")]
    ),
    triggerConfigurations=[
        dict(triggerName="all", triggerTargetArn=TOPIC, triggerEvents=["DeploymentSuccess", "DeploymentStart"]),
        dict(triggerName="failures", triggerTargetArn=TOPIC, triggerEvents=["DeploymentFailure", "DeploymentRollback"]),
    ],
)


def test_a_group_as_aws_has_it_matches_the_task(run_module, clients):
    expect_existing(clients, FULL_GROUP, tags={"Environment": "production"})

    result = run_module(main, FULL_ARGS, diff=True)

    assert (result["changed"], result["changes"]) == (False, [])
    group = result["deployment_group"]
    assert group["alarm_configuration"] == dict(
        enabled=True, ignore_poll_alarm_failure=True, alarms=[dict(name="orders-5xx"), dict(name="orders-latency")]
    )
    assert group["last_successful_deployment"] == dict(
        deployment_id="d-EXAMPLE11", status="Succeeded", end_time="2024-05-02T09:41:12+00:00", create_time="2024-05-02T09:41:12+00:00"
    )
    assert group["tags"] == {"Environment": "production"}
    assert result["diff"]["before"] == result["diff"]["after"]


def test_absent_keys_are_read_as_the_defaults_of_aws(run_module, clients):
    group = aws_group(
        alarmConfiguration=None,
        triggerConfigurations=None,
        blueGreenDeploymentConfiguration=dict(
            # The waits AWS does not use: with CONTINUE_DEPLOYMENT and KEEP_ALIVE.
            deploymentReadyOption=dict(actionOnTimeout="CONTINUE_DEPLOYMENT", waitTimeInMinutes=15),
            terminateBlueInstancesOnDeploymentSuccess=dict(action="KEEP_ALIVE", terminationWaitTimeInMinutes=60),
        ),
        lastSuccessfulDeployment=None,
        lastAttemptedDeployment=None,
    )
    expect_existing(clients, group)

    result = run_module(main, present(blue_green=dict(termination_action="KEEP_ALIVE"), alarms=dict(names=[])))

    assert (result["changed"], result["changes"]) == (False, [])
    assert "alarm_configuration" not in result["deployment_group"]


def test_a_group_without_its_ready_option_reroutes_immediately(run_module, clients):
    group = aws_group(
        blueGreenDeploymentConfiguration=dict(
            terminateBlueInstancesOnDeploymentSuccess=dict(action="TERMINATE", terminationWaitTimeInMinutes=5)
        ),
        autoRollbackConfiguration=None,
    )
    expect_existing(clients, group)

    result = run_module(main, present(auto_rollback=dict(enabled=False, events=[])))

    assert (result["changed"], result["changes"]) == (False, [])


@pytest.mark.parametrize(
    "args, group, changes, request_",
    [
        (
            present(deployment_config_name="CodeDeployDefault.ECSLinear10PercentEvery1Minutes"),
            aws_group(),
            ["deployment_config_name"],
            dict(deploymentConfigName="CodeDeployDefault.ECSLinear10PercentEvery1Minutes"),
        ),
        (
            present(deployment_config_name="orders-canary"),
            aws_group(deploymentConfigName=None),
            ["deployment_config_name"],
            dict(deploymentConfigName="orders-canary"),
        ),
        (
            present(service_role_arn=f"arn:aws:iam::{ACCOUNT}:role/service-role/codedeploy"),
            aws_group(),
            ["service_role_arn"],
            dict(serviceRoleArn=f"arn:aws:iam::{ACCOUNT}:role/service-role/codedeploy"),
        ),
        (
            present(),
            aws_group(deploymentStyle=None),
            ["deployment_style"],
            dict(deploymentStyle=STYLE),
        ),
        (
            present(
                load_balancer=dict(target_groups=["orders-blue", "orders-green"], prod_listener_arns=[PROD], test_listener_arns=[TEST])
            ),
            aws_group(),
            ["load_balancer"],
            dict(
                loadBalancerInfo=dict(targetGroupPairInfoList=[dict(PAIR, testTrafficRoute=dict(listenerArns=[TEST]))])
            ),
        ),
        (
            present(load_balancer=dict(target_groups=["orders-green", "orders-blue"], prod_listener_arns=[PROD])),
            aws_group(),
            ["load_balancer"],
            dict(
                loadBalancerInfo=dict(
                    targetGroupPairInfoList=[dict(PAIR, targetGroups=[dict(name="orders-green"), dict(name="orders-blue")])]
                )
            ),
        ),
        (
            present(load_balancer=dict(target_groups=["orders-blue", "orders-green"], prod_listener_arns=[TEST])),
            aws_group(loadBalancerInfo=dict(targetGroupPairInfoList=[dict(PAIR, testTrafficRoute=dict(listenerArns=[TEST]))])),
            ["load_balancer"],
            dict(loadBalancerInfo=dict(targetGroupPairInfoList=[dict(PAIR, prodTrafficRoute=dict(listenerArns=[TEST]))])),
        ),
        (
            present(blue_green=dict(action_on_timeout="STOP_DEPLOYMENT", wait_time_in_minutes=60)),
            aws_group(),
            ["blue_green"],
            dict(
                blueGreenDeploymentConfiguration=dict(
                    BLUE_GREEN, deploymentReadyOption=dict(actionOnTimeout="STOP_DEPLOYMENT", waitTimeInMinutes=60)
                )
            ),
        ),
        (
            present(blue_green=dict(action_on_timeout="STOP_DEPLOYMENT", wait_time_in_minutes=30)),
            aws_group(
                blueGreenDeploymentConfiguration=dict(
                    BLUE_GREEN, deploymentReadyOption=dict(actionOnTimeout="STOP_DEPLOYMENT", waitTimeInMinutes=60)
                )
            ),
            ["blue_green"],
            dict(
                blueGreenDeploymentConfiguration=dict(
                    BLUE_GREEN, deploymentReadyOption=dict(actionOnTimeout="STOP_DEPLOYMENT", waitTimeInMinutes=30)
                )
            ),
        ),
        (
            present(blue_green=dict(termination_wait_time_in_minutes=0)),
            aws_group(),
            ["blue_green"],
            dict(
                blueGreenDeploymentConfiguration=dict(
                    BLUE_GREEN,
                    terminateBlueInstancesOnDeploymentSuccess=dict(action="TERMINATE", terminationWaitTimeInMinutes=0),
                )
            ),
        ),
        (
            present(blue_green=dict(termination_action="KEEP_ALIVE")),
            aws_group(),
            ["blue_green"],
            dict(
                blueGreenDeploymentConfiguration=dict(
                    BLUE_GREEN, terminateBlueInstancesOnDeploymentSuccess=dict(action="KEEP_ALIVE")
                )
            ),
        ),
        (
            present(auto_rollback=dict(enabled=False)),
            aws_group(),
            ["auto_rollback"],
            dict(autoRollbackConfiguration=dict(ROLLBACK, enabled=False)),
        ),
        (
            present(auto_rollback=dict(events=["DEPLOYMENT_FAILURE"])),
            aws_group(),
            ["auto_rollback"],
            dict(autoRollbackConfiguration=dict(enabled=True, events=["DEPLOYMENT_FAILURE"])),
        ),
        (
            present(alarms=dict(names=["orders-5xx"])),
            aws_group(),
            ["alarms"],
            dict(alarmConfiguration=dict(enabled=True, ignorePollAlarmFailure=False, alarms=[dict(name="orders-5xx")])),
        ),
        (
            present(alarms=dict(names=["orders-5xx"], enabled=False)),
            aws_group(alarmConfiguration=dict(enabled=True, ignorePollAlarmFailure=False, alarms=[dict(name="orders-5xx")])),
            ["alarms"],
            dict(alarmConfiguration=dict(enabled=False, ignorePollAlarmFailure=False, alarms=[dict(name="orders-5xx")])),
        ),
        (
            present(),
            aws_group(alarmConfiguration=dict(enabled=True, ignorePollAlarmFailure=True, alarms=[dict(name="orders-5xx")])),
            ["alarms"],
            dict(alarmConfiguration=NO_ALARMS),
        ),
        (
            present(triggers=[dict(name="all", target_arn=TOPIC, events=["DeploymentSuccess"])]),
            aws_group(),
            ["triggers"],
            dict(
                triggerConfigurations=[dict(triggerName="all", triggerTargetArn=TOPIC, triggerEvents=["DeploymentSuccess"])]
            ),
        ),
        (
            present(),
            aws_group(
                triggerConfigurations=[dict(triggerName="all", triggerTargetArn=TOPIC, triggerEvents=["DeploymentSuccess"])]
            ),
            ["triggers"],
            dict(triggerConfigurations=[]),
        ),
        (
            present(
                deployment_config_name="CodeDeployDefault.ECSCanary10Percent15Minutes",
                alarms=dict(names=["orders-5xx"]),
                triggers=[dict(name="all", target_arn=TOPIC, events=["DeploymentStart"])],
            ),
            aws_group(),
            ["deployment_config_name", "alarms", "triggers"],
            dict(
                deploymentConfigName="CodeDeployDefault.ECSCanary10Percent15Minutes",
                alarmConfiguration=dict(enabled=True, ignorePollAlarmFailure=False, alarms=[dict(name="orders-5xx")]),
                triggerConfigurations=[dict(triggerName="all", triggerTargetArn=TOPIC, triggerEvents=["DeploymentStart"])],
            ),
        ),
    ],
)
def test_each_difference_is_updated_alone(run_module, clients, args, group, changes, request_):
    codedeploy, _sts = clients
    expect_existing(clients, group)
    expect_update(codedeploy, **request_)
    updated = dict(group, **request_)
    expect_group(codedeploy, updated)

    result = run_module(main, args, diff=True)

    assert result["changed"] is True and result["changes"] == changes
    assert result["deployment_group"]["deployment_group_id"] == "3b1c6f0e-7d0a-4a57-a1d4-0e6f1c2b3a4d"
    assert result["diff"]["before"]["deployment_group"] != result["diff"]["after"]["deployment_group"]
    assert result["diff"]["after"]["deployment_group"] == result["deployment_group"]


def test_the_group_after_the_update_is_read_back_from_aws(run_module, clients):
    codedeploy, _sts = clients
    expect_existing(clients, aws_group(), tags={"drop": "1"})
    expect_update(codedeploy, deploymentConfigName="CodeDeployDefault.ECSCanary10Percent5Minutes")
    codedeploy.add_response("untag_resource", {}, dict(ResourceArn=GROUP_ARN, TagKeys=["drop"]))
    codedeploy.add_response("tag_resource", {}, dict(ResourceArn=GROUP_ARN, Tags=[dict(Key="add", Value="2")]))
    expect_group(codedeploy, aws_group(deploymentConfigName="CodeDeployDefault.ECSCanary10Percent5Minutes"))

    result = run_module(main, present(deployment_config_name="CodeDeployDefault.ECSCanary10Percent5Minutes", tags={"add": "2"}))

    assert result["changes"] == ["deployment_config_name", "tags"]
    group = result["deployment_group"]
    assert group["deployment_config_name"] == "CodeDeployDefault.ECSCanary10Percent5Minutes"
    assert group["outdated_instances_strategy"] == "UPDATE"
    assert group["tags"] == {"add": "2"}


def test_check_mode_reports_the_updates_with_their_diff(run_module, clients):
    expect_existing(clients, FULL_GROUP, tags={"Environment": "production"})
    args = dict(FULL_ARGS, alarms=None, triggers=[], tags={"Environment": "staging"})

    result = run_module(main, args, check_mode=True, diff=True)

    assert result["changed"] is True and result["changes"] == ["alarms", "triggers", "tags"]
    before, after = result["diff"]["before"]["deployment_group"], result["diff"]["after"]["deployment_group"]
    assert before["alarm_configuration"]["alarms"] == [dict(name="orders-5xx"), dict(name="orders-latency")]
    assert after["alarm_configuration"] == dict(enabled=False, ignore_poll_alarm_failure=False, alarms=[])
    assert (len(before["trigger_configurations"]), after["trigger_configurations"]) == (2, [])
    assert (before["tags"], after["tags"]) == ({"Environment": "production"}, {"Environment": "staging"})
    assert after == result["deployment_group"]
    assert {key: value for key, value in before.items() if key not in ("alarm_configuration", "trigger_configurations", "tags")} == {
        key: value for key, value in after.items() if key not in ("alarm_configuration", "trigger_configurations", "tags")
    }


def test_a_group_of_another_compute_platform_is_refused(run_module, clients):
    expect_existing(clients, aws_group(computePlatform="Server", ecsServices=[], deploymentStyle=None))

    result = run_module(main, present())

    assert result["failed"] is True
    assert result["msg"].startswith("CodeDeploy application orders has compute platform Server")


def test_absent_deletes_the_group(run_module, clients):
    codedeploy, _sts = clients
    expect_existing(clients, aws_group(), tags={"Environment": "production"})
    codedeploy.add_response(
        "delete_deployment_group", dict(hooksNotCleanedUp=[]), dict(applicationName=APP, deploymentGroupName=GROUP)
    )

    result = run_module(main, absent(), diff=True)

    assert (result["changed"], result["changes"], result["deployment_group"]) == (True, ["deleted"], {})
    assert result["diff"]["before"]["deployment_group"]["tags"] == {"Environment": "production"}
    assert result["diff"]["after"] == dict(deployment_group={})


def test_a_failed_deletion_is_reported(run_module, clients):
    codedeploy, _sts = clients
    expect_existing(clients, aws_group())
    codedeploy.add_client_error(
        "delete_deployment_group", service_error_code="InvalidRoleException", service_message="Access denied."
    )

    result = run_module(main, absent())

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to delete CodeDeploy deployment group orders/orders-production")
    assert result["error"]["code"] == "InvalidRoleException"


def test_a_failed_update_is_reported(run_module, clients):
    codedeploy, _sts = clients
    expect_existing(clients, aws_group())
    codedeploy.add_client_error(
        "update_deployment_group",
        service_error_code="InvalidTargetGroupPairException",
        service_message="A target group pair associated with this deployment is not valid.",
    )

    result = run_module(main, present(load_balancer=dict(target_groups=["a", "b"], prod_listener_arns=[PROD])))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to update CodeDeploy deployment group orders/orders-production")
    assert result["error"]["code"] == "InvalidTargetGroupPairException"


def test_a_failed_creation_is_reported(run_module, clients):
    codedeploy, _sts = clients
    codedeploy.add_client_error(
        "get_deployment_group",
        service_error_code="DeploymentGroupDoesNotExistException",
        expected_params=dict(applicationName=APP, deploymentGroupName=GROUP),
    )
    codedeploy.add_response(
        "get_application",
        dict(application=dict(applicationName=APP, computePlatform="ECS", applicationId="2f2c8d5e")),
        dict(applicationName=APP),
    )
    codedeploy.add_client_error(
        "create_deployment_group",
        service_error_code="InvalidECSServiceException",
        service_message="The Amazon ECS service identifier is not valid.",
        expected_params=CREATION,
    )

    result = run_module(main, present())

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to create CodeDeploy deployment group orders/orders-production")
    assert result["error"]["code"] == "InvalidECSServiceException"


def test_a_failed_lookup_is_reported(run_module, clients):
    codedeploy, _sts = clients
    codedeploy.add_client_error("get_deployment_group", service_error_code="AccessDeniedException", http_status_code=403)

    result = run_module(main, absent())

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to describe CodeDeploy deployment group orders/orders-production")
