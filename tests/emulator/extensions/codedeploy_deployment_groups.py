"""CodeDeploy deployment groups: UpdateDeploymentGroup, DeleteDeploymentGroup, DeleteApplication,
BatchGetDeploymentGroups, GetDeploymentConfig, ListDeploymentConfigs, and what GetDeploymentGroup drops.

moto 5.2.1 implements only the create, get and list calls of applications and deployment groups: UpdateDeploymentGroup,
DeleteDeploymentGroup, DeleteApplication, BatchGetDeploymentGroups, GetDeploymentConfig and ListDeploymentConfigs answer
HTTP 500. GetDeploymentGroup answers ``alarmConfiguration: {}`` whatever the group was given, never answers
``lastSuccessfulDeployment``/``lastAttemptedDeployment``/``targetRevision``, and an ECS group created without a
deployment configuration gets the EC2 one ``CodeDeployDefault.OneAtATime``. Here:

- UpdateDeploymentGroup changes every field AWS accepts (``currentDeploymentGroupName``/``newDeploymentGroupName``
  rename the group: its tags and deployments follow it); a field left out is kept, an empty list clears one. It answers
  ``hooksNotCleanedUp: []``. A new name already taken is refused (DeploymentGroupAlreadyExistsException).
- DeleteDeploymentGroup forgets the group and its tags (``hooksNotCleanedUp: []``); DeleteApplication forgets the
  application, its groups and their tags. Both succeed for names that do not exist, as on AWS. Deployments stay
  readable by ID, as on AWS.
- GetDeploymentGroup and BatchGetDeploymentGroups answer the fields AWS answers: ``alarmConfiguration`` (AWS's
  ``{enabled: false, ignorePollAlarmFailure: false, alarms: []}`` by default), ``terminationHookEnabled: false`` and
  ``outdatedInstancesStrategy: UPDATE`` by default, ``lastAttemptedDeployment`` and ``lastSuccessfulDeployment``
  (``deploymentId``, ``status``, ``createTime``, ``endTime``) from the group's deployments, ``targetRevision`` (the
  revision of the last successful deployment); empty sections AWS leaves out are left out.
- ECS groups: the deployment configuration defaults to ``CodeDeployDefault.ECSAllAtOnce``, must be one of AWS's five
  ECS configurations (DeploymentConfigDoesNotExistException otherwise), ``deploymentStyle`` is answered as
  ``BLUE_GREEN``/``WITH_TRAFFIC_CONTROL`` when none was given, and an ECS service can belong to one group only
  (ECSServiceMappingLimitExceededException).
- GetDeploymentConfig and ListDeploymentConfigs know the five built-in ECS configurations (``computePlatform: ECS``
  and their ``trafficRoutingConfig``).

Not done: custom deployment configurations (Create/DeleteDeploymentConfig), the EC2/Lambda built-in configurations,
checks that roles, alarms, target groups, listeners or ECS services exist (AWS checks some of them when the group is
created; here a deployment finds out, see extension codedeploy_ecs_deployments), and ``nextToken`` paging.
"""

import datetime
import functools
import json
import uuid
from typing import Any

from moto.codedeploy.exceptions import ApplicationDoesNotExistException
from moto.codedeploy.exceptions import ApplicationNameRequiredException
from moto.codedeploy.exceptions import CodeDeployException
from moto.codedeploy.exceptions import DeploymentGroupAlreadyExistsException
from moto.codedeploy.exceptions import DeploymentGroupDoesNotExistException
from moto.codedeploy.exceptions import DeploymentGroupNameRequiredException
from moto.codedeploy.models import CodeDeployBackend
from moto.codedeploy.models import DeploymentGroup
from moto.codedeploy.models import DeploymentInfo
from moto.codedeploy.responses import CodeDeployResponse

# AWS's built-in ECS deployment configurations and how each shifts production traffic.
ECS_CONFIGS: dict[str, dict[str, Any]] = {
    "CodeDeployDefault.ECSAllAtOnce": {"type": "AllAtOnce"},
    "CodeDeployDefault.ECSLinear10PercentEvery1Minutes": {
        "type": "TimeBasedLinear",
        "timeBasedLinear": {"linearPercentage": 10, "linearInterval": 1},
    },
    "CodeDeployDefault.ECSLinear10PercentEvery3Minutes": {
        "type": "TimeBasedLinear",
        "timeBasedLinear": {"linearPercentage": 10, "linearInterval": 3},
    },
    "CodeDeployDefault.ECSCanary10Percent5Minutes": {
        "type": "TimeBasedCanary",
        "timeBasedCanary": {"canaryPercentage": 10, "canaryInterval": 5},
    },
    "CodeDeployDefault.ECSCanary10Percent15Minutes": {
        "type": "TimeBasedCanary",
        "timeBasedCanary": {"canaryPercentage": 10, "canaryInterval": 15},
    },
}
DEFAULT_ECS_CONFIG = "CodeDeployDefault.ECSAllAtOnce"
# 2018-11-27, when CodeDeploy started deploying to ECS: the creation time built-in configurations answer.
BUILT_IN_CREATE_TIME = 1543276800.0
ECS_DEPLOYMENT_STYLE = {"deploymentType": "BLUE_GREEN", "deploymentOption": "WITH_TRAFFIC_CONTROL"}
DEFAULT_ALARM_CONFIGURATION = {"enabled": False, "ignorePollAlarmFailure": False, "alarms": []}
# UpdateDeploymentGroup parameters and the DeploymentGroup attributes moto keeps them in.
UPDATABLE = {
    "deploymentConfigName": "deployment_config_name",
    "ec2TagFilters": "ec2_tag_filters",
    "onPremisesInstanceTagFilters": "on_premises_instance_tag_filters",
    "autoScalingGroups": "auto_scaling_groups",
    "serviceRoleArn": "service_role_arn",
    "triggerConfigurations": "trigger_configurations",
    "alarmConfiguration": "alarm_configuration",
    "autoRollbackConfiguration": "auto_rollback_configuration",
    "outdatedInstancesStrategy": "outdated_instances_strategy",
    "deploymentStyle": "deployment_style",
    "blueGreenDeploymentConfiguration": "blue_green_deployment_configuration",
    "loadBalancerInfo": "load_balancer_info",
    "ec2TagSet": "ec2_tag_set",
    "ecsServices": "ecs_services",
    "onPremisesTagSet": "on_premises_tag_set",
    "terminationHookEnabled": "termination_hook_enabled",
}
# Statuses of deployments that have ended.
ENDED = ("Succeeded", "Failed", "Stopped")


class DeploymentConfigDoesNotExistException(CodeDeployException):
    code = 400

    def __init__(self, name: str):
        super().__init__("DeploymentConfigDoesNotExistException", f"No deployment configuration found for name: {name}")


class DeploymentConfigNameRequiredException(CodeDeployException):
    code = 400

    def __init__(self) -> None:
        super().__init__("DeploymentConfigNameRequiredException", "Deployment configuration name is required.")


class ECSServiceMappingLimitExceededException(CodeDeployException):
    code = 400

    def __init__(self, cluster: str, service: str, group: str):
        super().__init__(
            "ECSServiceMappingLimitExceededException",
            f"The ECS service {service} in cluster {cluster} is already associated with deployment group {group}.",
        )


def is_ecs(group: DeploymentGroup) -> bool:
    return group.application.compute_platform == "ECS"


def group_arn(backend: CodeDeployBackend, application_name: str, group_name: str) -> str:
    return (
        f"arn:aws:codedeploy:{backend.region_name}:{backend.account_id}:deploymentgroup:{application_name}/{group_name}"
    )


def application_arn(backend: CodeDeployBackend, application_name: str) -> str:
    return f"arn:aws:codedeploy:{backend.region_name}:{backend.account_id}:application:{application_name}"


def deployment_config_info(name: str | None) -> dict[str, Any]:
    if not name:
        raise DeploymentConfigNameRequiredException()
    if name not in ECS_CONFIGS:
        raise DeploymentConfigDoesNotExistException(name)
    return {
        # Stable per name, as AWS's IDs of built-in configurations are.
        "deploymentConfigId": str(uuid.uuid5(uuid.NAMESPACE_URL, f"codedeploy/{name}")),
        "deploymentConfigName": name,
        "createTime": BUILT_IN_CREATE_TIME,
        "computePlatform": "ECS",
        "trafficRoutingConfig": ECS_CONFIGS[name],
    }


def check_ecs_services(
    backend: CodeDeployBackend, services: list[dict[str, str]] | None, group: DeploymentGroup | None = None
) -> None:
    """An ECS service belongs to one deployment group at most, in any application (``group`` being the one changed)."""
    for service in services or []:
        for application_groups in backend.deployment_groups.values():
            for other in application_groups.values():
                if other is group:
                    continue
                for taken in other.ecs_services or []:
                    if (taken.get("clusterName"), taken.get("serviceName")) == (
                        service.get("clusterName"),
                        service.get("serviceName"),
                    ):
                        raise ECSServiceMappingLimitExceededException(
                            service.get("clusterName"), service.get("serviceName"), other.deployment_group_name
                        )


def find_group(backend: CodeDeployBackend, application_name: str | None, group_name: str | None) -> DeploymentGroup:
    if not application_name:
        raise ApplicationNameRequiredException("The application name is required.")
    if not group_name:
        raise DeploymentGroupNameRequiredException("The deployment group name is required.")
    return backend.get_deployment_group(application_name, group_name)


def epoch(value: Any) -> float | None:
    """A time as the epoch seconds AWS answers: our deployments keep floats, moto's keep ISO 8601 strings."""
    if value is None or isinstance(value, (int, float)):
        return value
    return datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()


def deployment_summary(deployment: DeploymentInfo) -> dict[str, Any]:
    summary = {
        "deploymentId": deployment.deployment_id,
        "status": deployment.status,
        "createTime": epoch(deployment.create_time),
    }
    if deployment.status in ENDED and deployment.complete_time is not None:
        summary["endTime"] = epoch(deployment.complete_time)
    return summary


def group_deployments(group: DeploymentGroup) -> list[DeploymentInfo]:
    """The group's deployments, oldest first (kept on the group, which lives in the backend)."""
    return getattr(group, "seed_deployments", [])


def group_info(self: DeploymentGroup) -> dict[str, Any]:
    """DeploymentGroupInfo as AWS answers it."""
    ecs = is_ecs(self)
    alarms = self.alarm_configuration
    if alarms is not None and not isinstance(alarms, dict):
        # moto's own AlarmConfiguration object, should anything build one.
        alarms = {
            "enabled": alarms.enabled,
            "ignorePollAlarmFailure": alarms.ignore_poll_alarm_failure,
            "alarms": alarms.alarms,
        }
    info: dict[str, Any] = {
        "applicationName": self.application.application_name,
        "deploymentGroupId": self.deployment_group_id,
        "deploymentGroupName": self.deployment_group_name,
        "deploymentConfigName": str(self.deployment_config_name),
        "ec2TagFilters": self.ec2_tag_filters or [],
        "onPremisesInstanceTagFilters": self.on_premises_instance_tag_filters or [],
        # AWS answers Auto Scaling groups as {name, hook}; moto keeps the names it was given.
        "autoScalingGroups": [
            {"name": item} if isinstance(item, str) else item for item in self.auto_scaling_groups or []
        ],
        "serviceRoleArn": self.service_role_arn,
        "triggerConfigurations": self.trigger_configurations or [],
        "alarmConfiguration": {**DEFAULT_ALARM_CONFIGURATION, **(alarms or {})},
        "deploymentStyle": self.deployment_style
        or (
            ECS_DEPLOYMENT_STYLE
            if ecs
            else {"deploymentType": "IN_PLACE", "deploymentOption": "WITHOUT_TRAFFIC_CONTROL"}
        ),
        "outdatedInstancesStrategy": self.outdated_instances_strategy or "UPDATE",
        "computePlatform": self.application.compute_platform,
        "terminationHookEnabled": bool(self.termination_hook_enabled),
    }
    optional = {
        "autoRollbackConfiguration": self.auto_rollback_configuration,
        "blueGreenDeploymentConfiguration": self.blue_green_deployment_configuration,
        "loadBalancerInfo": self.load_balancer_info,
        "ec2TagSet": self.ec2_tag_set,
        "onPremisesTagSet": self.on_premises_tag_set,
        "ecsServices": self.ecs_services,
    }
    info.update({key: value for key, value in optional.items() if value})
    deployments = group_deployments(self)
    if deployments:
        info["lastAttemptedDeployment"] = deployment_summary(deployments[-1])
    succeeded = [deployment for deployment in deployments if deployment.status == "Succeeded"]
    if succeeded:
        info["lastSuccessfulDeployment"] = deployment_summary(succeeded[-1])
        info["targetRevision"] = succeeded[-1].revision
    return info


def update_deployment_group(
    self: CodeDeployBackend, application_name: str, current_name: str, new_name: str | None, changes: dict[str, Any]
) -> DeploymentGroup:
    group = find_group(self, application_name, current_name)
    groups = self.deployment_groups[application_name]
    if new_name and new_name != current_name and new_name in groups:
        raise DeploymentGroupAlreadyExistsException(f"Deployment group {new_name} already exists.")
    if is_ecs(group) and changes.get("deploymentConfigName") is not None:
        deployment_config_info(changes["deploymentConfigName"])
    if changes.get("ecsServices") is not None:
        check_ecs_services(self, changes["ecsServices"], group)
    for parameter, attribute in UPDATABLE.items():
        if changes.get(parameter) is not None:
            setattr(group, attribute, changes[parameter])
    if new_name and new_name != current_name:
        del groups[current_name]
        group.deployment_group_name = new_name
        groups[new_name] = group
        old_arn, new_arn = group_arn(self, application_name, current_name), group_arn(self, application_name, new_name)
        tags = self.tagger.list_tags_for_resource(old_arn)["Tags"]
        self.tagger.delete_all_tags_for_resource(old_arn)
        if tags:
            self.tagger.tag_resource(new_arn, tags)
        for deployment in self.deployments.values():
            if deployment.deployment_group is group:
                deployment.deployment_group_name = new_name
    return group


def delete_deployment_group(self: CodeDeployBackend, application_name: str, group_name: str) -> None:
    if not application_name:
        raise ApplicationNameRequiredException("The application name is required.")
    if not group_name:
        raise DeploymentGroupNameRequiredException("The deployment group name is required.")
    if self.deployment_groups.get(application_name, {}).pop(group_name, None) is not None:
        self.tagger.delete_all_tags_for_resource(group_arn(self, application_name, group_name))


def delete_application(self: CodeDeployBackend, application_name: str) -> None:
    if not application_name:
        raise ApplicationNameRequiredException("The application name is required.")
    for group_name in list(self.deployment_groups.get(application_name, {})):
        self.delete_deployment_group(application_name, group_name)
    self.deployment_groups.pop(application_name, None)
    if self.applications.pop(application_name, None) is not None:
        self.tagger.delete_all_tags_for_resource(application_arn(self, application_name))


def update_deployment_group_response(self: CodeDeployResponse) -> str:
    changes = {parameter: self._get_param(parameter) for parameter in UPDATABLE}
    self.codedeploy_backend.update_deployment_group(
        self._get_param("applicationName"),
        self._get_param("currentDeploymentGroupName"),
        self._get_param("newDeploymentGroupName"),
        changes,
    )
    return json.dumps({"hooksNotCleanedUp": []})


def delete_deployment_group_response(self: CodeDeployResponse) -> str:
    self.codedeploy_backend.delete_deployment_group(
        self._get_param("applicationName"), self._get_param("deploymentGroupName")
    )
    return json.dumps({"hooksNotCleanedUp": []})


def delete_application_response(self: CodeDeployResponse) -> str:
    self.codedeploy_backend.delete_application(self._get_param("applicationName"))
    return "{}"


def batch_get_deployment_groups_response(self: CodeDeployResponse) -> str:
    application_name = self._get_param("applicationName")
    names = self._get_param("deploymentGroupNames") or []
    if not application_name:
        raise ApplicationNameRequiredException("The application name is required.")
    if application_name not in self.codedeploy_backend.applications:
        raise ApplicationDoesNotExistException(
            f"The application {application_name} does not exist with the user or AWS account."
        )
    found, missing = [], []
    for name in names:
        try:
            found.append(self.codedeploy_backend.get_deployment_group(application_name, name).to_dict())
        except DeploymentGroupDoesNotExistException:
            missing.append(name)
    answer: dict[str, Any] = {"deploymentGroupsInfo": found}
    if missing:
        answer["errorMessage"] = f"Deployment groups that do not exist: {', '.join(missing)}"
    return json.dumps(answer)


def get_deployment_config_response(self: CodeDeployResponse) -> str:
    return json.dumps({"deploymentConfigInfo": deployment_config_info(self._get_param("deploymentConfigName"))})


def list_deployment_configs_response(self: CodeDeployResponse) -> str:
    return json.dumps({"deploymentConfigsList": sorted(ECS_CONFIGS)})


def register() -> None:
    original_create_group = CodeDeployBackend.create_deployment_group

    @functools.wraps(original_create_group)
    def create_deployment_group(self, application_name, deployment_group_name, deployment_config_name, *args, **kwargs):
        application = self.applications.get(application_name)
        if application is not None and application.compute_platform == "ECS":
            # moto's default is the EC2 configuration CodeDeployDefault.OneAtATime.
            deployment_config_name = deployment_config_name or DEFAULT_ECS_CONFIG
            deployment_config_info(deployment_config_name)
            if deployment_group_name not in self.deployment_groups.get(application_name, {}):
                check_ecs_services(self, kwargs.get("ecs_services"))
        return original_create_group(
            self, application_name, deployment_group_name, deployment_config_name, *args, **kwargs
        )

    original_create_deployment = CodeDeployBackend.create_deployment

    @functools.wraps(original_create_deployment)
    def create_deployment(self, application_name, deployment_group_name, *args, **kwargs):
        config = kwargs.get("deployment_config_name")
        group = self.deployment_groups.get(application_name, {}).get(deployment_group_name)
        if config and group is not None and is_ecs(group):
            deployment_config_info(config)
        deployment_id = original_create_deployment(self, application_name, deployment_group_name, *args, **kwargs)
        # The group remembers its deployments, for lastAttemptedDeployment and lastSuccessfulDeployment.
        group.seed_deployments = [*group_deployments(group), self.deployments[deployment_id]]
        return deployment_id

    CodeDeployBackend.create_deployment_group = create_deployment_group
    CodeDeployBackend.create_deployment = create_deployment
    CodeDeployBackend.update_deployment_group = update_deployment_group
    CodeDeployBackend.delete_deployment_group = delete_deployment_group
    CodeDeployBackend.delete_application = delete_application
    DeploymentGroup.to_dict = group_info
    CodeDeployResponse.update_deployment_group = update_deployment_group_response
    CodeDeployResponse.delete_deployment_group = delete_deployment_group_response
    CodeDeployResponse.delete_application = delete_application_response
    CodeDeployResponse.batch_get_deployment_groups = batch_get_deployment_groups_response
    CodeDeployResponse.get_deployment_config = get_deployment_config_response
    CodeDeployResponse.list_deployment_configs = list_deployment_configs_response
