"""Extension codedeploy_deployment_groups: deployment groups are answered whole, updated, renamed and deleted;
applications are deleted with their groups; the ECS deployment configurations exist."""

import pytest
from botocore.exceptions import ClientError

ROLE = "arn:aws:iam::123456789012:role/codedeploy"
LISTENER = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/0123456789abcdef/0123456789abcdef"
BLUE_GREEN = {
    "terminateBlueInstancesOnDeploymentSuccess": {"action": "TERMINATE", "terminationWaitTimeInMinutes": 5},
    "deploymentReadyOption": {"actionOnTimeout": "CONTINUE_DEPLOYMENT", "waitTimeInMinutes": 0},
}
LOAD_BALANCER = {
    "targetGroupPairInfoList": [
        {
            "targetGroups": [{"name": "web-blue"}, {"name": "web-green"}],
            "prodTrafficRoute": {"listenerArns": [LISTENER]},
        }
    ]
}
ECS_CONFIGS = [
    "CodeDeployDefault.ECSAllAtOnce",
    "CodeDeployDefault.ECSCanary10Percent15Minutes",
    "CodeDeployDefault.ECSCanary10Percent5Minutes",
    "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
    "CodeDeployDefault.ECSLinear10PercentEvery3Minutes",
]


@pytest.fixture
def codedeploy(aws):
    client = aws("codedeploy")
    client.create_application(applicationName="web", computePlatform="ECS", tags=[{"Key": "team", "Value": "a"}])
    client.create_deployment_group(
        applicationName="web",
        deploymentGroupName="web",
        serviceRoleArn=ROLE,
        deploymentStyle={"deploymentType": "BLUE_GREEN", "deploymentOption": "WITH_TRAFFIC_CONTROL"},
        blueGreenDeploymentConfiguration=BLUE_GREEN,
        loadBalancerInfo=LOAD_BALANCER,
        ecsServices=[{"serviceName": "web", "clusterName": "main"}],
        alarmConfiguration={"enabled": True, "alarms": [{"name": "web-5xx"}]},
        autoRollbackConfiguration={"enabled": True, "events": ["DEPLOYMENT_FAILURE"]},
        tags=[{"Key": "env", "Value": "dev"}],
    )
    return client


def group(codedeploy, name="web") -> dict:
    return codedeploy.get_deployment_group(applicationName="web", deploymentGroupName=name)["deploymentGroupInfo"]


def group_arn(name: str) -> str:
    return f"arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:web/{name}"


def test_an_ecs_group_is_answered_with_what_aws_answers(codedeploy):
    info = group(codedeploy)
    assert info["computePlatform"] == "ECS"
    # No configuration given: ECS's default, not moto's EC2 one.
    assert info["deploymentConfigName"] == "CodeDeployDefault.ECSAllAtOnce"
    assert info["alarmConfiguration"] == {
        "enabled": True,
        "ignorePollAlarmFailure": False,
        "alarms": [{"name": "web-5xx"}],
    }
    assert info["autoRollbackConfiguration"] == {"enabled": True, "events": ["DEPLOYMENT_FAILURE"]}
    assert info["deploymentStyle"] == {"deploymentType": "BLUE_GREEN", "deploymentOption": "WITH_TRAFFIC_CONTROL"}
    assert info["blueGreenDeploymentConfiguration"] == BLUE_GREEN
    assert info["loadBalancerInfo"] == LOAD_BALANCER
    assert info["ecsServices"] == [{"serviceName": "web", "clusterName": "main"}]
    assert (info["serviceRoleArn"], info["deploymentGroupName"], info["applicationName"]) == (ROLE, "web", "web")
    assert info["deploymentGroupId"]
    assert (info["terminationHookEnabled"], info["outdatedInstancesStrategy"]) == (False, "UPDATE")
    assert info["triggerConfigurations"] == []
    for absent in ("lastSuccessfulDeployment", "lastAttemptedDeployment", "targetRevision", "ec2TagSet"):
        assert absent not in info

    batch = codedeploy.batch_get_deployment_groups(applicationName="web", deploymentGroupNames=["web", "missing"])
    assert [item["deploymentGroupName"] for item in batch["deploymentGroupsInfo"]] == ["web"]
    assert "missing" in batch["errorMessage"]


def test_a_group_without_alarms_answers_aws_defaults(aws):
    codedeploy = aws("codedeploy")
    codedeploy.create_application(applicationName="api", computePlatform="ECS")
    codedeploy.create_deployment_group(
        applicationName="api",
        deploymentGroupName="api",
        serviceRoleArn=ROLE,
        deploymentConfigName="CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
    )
    info = codedeploy.get_deployment_group(applicationName="api", deploymentGroupName="api")["deploymentGroupInfo"]
    assert info["alarmConfiguration"] == {"enabled": False, "ignorePollAlarmFailure": False, "alarms": []}
    assert info["deploymentConfigName"] == "CodeDeployDefault.ECSLinear10PercentEvery1Minutes"
    with pytest.raises(ClientError, match="DeploymentConfigDoesNotExistException"):
        codedeploy.create_deployment_group(
            applicationName="api",
            deploymentGroupName="other",
            serviceRoleArn=ROLE,
            deploymentConfigName="CodeDeployDefault.ECSHalfAtATime",
        )


def test_update_changes_the_fields_given_and_keeps_the_others(codedeploy):
    answer = codedeploy.update_deployment_group(
        applicationName="web",
        currentDeploymentGroupName="web",
        deploymentConfigName="CodeDeployDefault.ECSCanary10Percent5Minutes",
        alarmConfiguration={"enabled": False, "ignorePollAlarmFailure": True, "alarms": []},
        autoRollbackConfiguration={"enabled": True, "events": ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]},
        blueGreenDeploymentConfiguration={
            **BLUE_GREEN,
            "deploymentReadyOption": {"actionOnTimeout": "STOP_DEPLOYMENT", "waitTimeInMinutes": 60},
        },
        serviceRoleArn="arn:aws:iam::123456789012:role/other",
        triggerConfigurations=[
            {
                "triggerName": "t",
                "triggerTargetArn": "arn:aws:sns:us-east-1:123456789012:t",
                "triggerEvents": ["DeploymentFailure"],
            }
        ],
    )
    assert answer["hooksNotCleanedUp"] == []
    info = group(codedeploy)
    assert info["deploymentConfigName"] == "CodeDeployDefault.ECSCanary10Percent5Minutes"
    assert info["alarmConfiguration"] == {"enabled": False, "ignorePollAlarmFailure": True, "alarms": []}
    assert info["autoRollbackConfiguration"]["events"] == ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]
    assert info["blueGreenDeploymentConfiguration"]["deploymentReadyOption"]["actionOnTimeout"] == "STOP_DEPLOYMENT"
    assert info["serviceRoleArn"] == "arn:aws:iam::123456789012:role/other"
    assert info["triggerConfigurations"][0]["triggerName"] == "t"
    # Not given: kept.
    assert info["loadBalancerInfo"] == LOAD_BALANCER
    assert info["ecsServices"] == [{"serviceName": "web", "clusterName": "main"}]

    codedeploy.update_deployment_group(
        applicationName="web", currentDeploymentGroupName="web", triggerConfigurations=[]
    )
    assert group(codedeploy)["triggerConfigurations"] == []

    with pytest.raises(ClientError, match="DeploymentConfigDoesNotExistException"):
        codedeploy.update_deployment_group(
            applicationName="web", currentDeploymentGroupName="web", deploymentConfigName="CodeDeployDefault.OneAtATime"
        )
    with pytest.raises(ClientError, match="DeploymentGroupDoesNotExistException"):
        codedeploy.update_deployment_group(applicationName="web", currentDeploymentGroupName="missing")


def test_a_rename_keeps_the_group_its_tags_and_its_deployments(codedeploy):
    before = group(codedeploy)
    revision = {"revisionType": "AppSpecContent", "appSpecContent": {"content": "{}"}}
    deployment_id = codedeploy.create_deployment(applicationName="web", deploymentGroupName="web", revision=revision)[
        "deploymentId"
    ]
    codedeploy.update_deployment_group(
        applicationName="web", currentDeploymentGroupName="web", newDeploymentGroupName="site"
    )

    renamed = group(codedeploy, "site")
    assert renamed["deploymentGroupId"] == before["deploymentGroupId"]
    assert renamed["lastAttemptedDeployment"]["deploymentId"] == deployment_id
    assert renamed["lastAttemptedDeployment"]["status"] in ("Created", "InProgress")
    assert codedeploy.list_deployment_groups(applicationName="web")["deploymentGroups"] == ["site"]
    with pytest.raises(ClientError, match="DeploymentGroupDoesNotExistException"):
        group(codedeploy, "web")
    assert codedeploy.list_tags_for_resource(ResourceArn=group_arn("site"))["Tags"] == [{"Key": "env", "Value": "dev"}]
    assert codedeploy.list_tags_for_resource(ResourceArn=group_arn("web"))["Tags"] == []
    deployment = codedeploy.get_deployment(deploymentId=deployment_id)["deploymentInfo"]
    assert deployment["deploymentGroupName"] == "site"

    codedeploy.create_deployment_group(applicationName="web", deploymentGroupName="other", serviceRoleArn=ROLE)
    with pytest.raises(ClientError, match="DeploymentGroupAlreadyExistsException"):
        codedeploy.update_deployment_group(
            applicationName="web", currentDeploymentGroupName="other", newDeploymentGroupName="site"
        )


def test_an_ecs_service_belongs_to_one_group(codedeploy):
    service = [{"serviceName": "web", "clusterName": "main"}]
    with pytest.raises(ClientError, match="ECSServiceMappingLimitExceededException"):
        codedeploy.create_deployment_group(
            applicationName="web", deploymentGroupName="second", serviceRoleArn=ROLE, ecsServices=service
        )
    codedeploy.create_deployment_group(applicationName="web", deploymentGroupName="second", serviceRoleArn=ROLE)
    with pytest.raises(ClientError, match="ECSServiceMappingLimitExceededException"):
        codedeploy.update_deployment_group(
            applicationName="web", currentDeploymentGroupName="second", ecsServices=service
        )
    # The group that has it may name it again.
    codedeploy.update_deployment_group(applicationName="web", currentDeploymentGroupName="web", ecsServices=service)


def test_delete_deployment_group_forgets_it_and_its_tags(codedeploy):
    assert (
        codedeploy.delete_deployment_group(applicationName="web", deploymentGroupName="web")["hooksNotCleanedUp"] == []
    )
    with pytest.raises(ClientError, match="DeploymentGroupDoesNotExistException"):
        group(codedeploy)
    assert codedeploy.list_deployment_groups(applicationName="web")["deploymentGroups"] == []
    assert codedeploy.list_tags_for_resource(ResourceArn=group_arn("web"))["Tags"] == []
    # As on AWS, deleting what is not there succeeds.
    codedeploy.delete_deployment_group(applicationName="web", deploymentGroupName="web")
    # The name is free again.
    codedeploy.create_deployment_group(applicationName="web", deploymentGroupName="web", serviceRoleArn=ROLE)
    assert "alarmConfiguration" in group(codedeploy)


def test_delete_application_deletes_its_groups(codedeploy):
    codedeploy.delete_application(applicationName="web")
    with pytest.raises(ClientError, match="ApplicationDoesNotExistException"):
        codedeploy.get_application(applicationName="web")
    assert codedeploy.list_applications()["applications"] == []
    app_arn = "arn:aws:codedeploy:us-east-1:123456789012:application:web"
    assert codedeploy.list_tags_for_resource(ResourceArn=app_arn)["Tags"] == []
    codedeploy.delete_application(applicationName="web")

    codedeploy.create_application(applicationName="web", computePlatform="ECS")
    assert codedeploy.list_deployment_groups(applicationName="web")["deploymentGroups"] == []
    # The service the deleted group held is free.
    codedeploy.create_deployment_group(
        applicationName="web",
        deploymentGroupName="web",
        serviceRoleArn=ROLE,
        ecsServices=[{"serviceName": "web", "clusterName": "main"}],
    )


def test_the_ecs_deployment_configurations_exist(aws):
    codedeploy = aws("codedeploy")
    assert codedeploy.list_deployment_configs()["deploymentConfigsList"] == ECS_CONFIGS
    canary = codedeploy.get_deployment_config(deploymentConfigName="CodeDeployDefault.ECSCanary10Percent5Minutes")[
        "deploymentConfigInfo"
    ]
    assert canary["computePlatform"] == "ECS"
    assert canary["trafficRoutingConfig"] == {
        "type": "TimeBasedCanary",
        "timeBasedCanary": {"canaryPercentage": 10, "canaryInterval": 5},
    }
    linear = codedeploy.get_deployment_config(deploymentConfigName="CodeDeployDefault.ECSLinear10PercentEvery3Minutes")
    assert linear["deploymentConfigInfo"]["trafficRoutingConfig"]["timeBasedLinear"] == {
        "linearPercentage": 10,
        "linearInterval": 3,
    }
    all_at_once = codedeploy.get_deployment_config(deploymentConfigName="CodeDeployDefault.ECSAllAtOnce")
    assert all_at_once["deploymentConfigInfo"]["trafficRoutingConfig"] == {"type": "AllAtOnce"}
    assert all_at_once["deploymentConfigInfo"]["deploymentConfigId"]
    with pytest.raises(ClientError, match="DeploymentConfigDoesNotExistException"):
        codedeploy.get_deployment_config(deploymentConfigName="Custom.Fast")
