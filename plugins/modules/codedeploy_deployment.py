#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: codedeploy_deployment
version_added: 0.1.0
short_description: Release an ECS task definition blue/green through CodeDeploy and wait for the outcome
description:
  - Releases a new revision of the task definition of an Amazon ECS service through an AWS CodeDeploy blue/green
    deployment of the service's deployment group, waits until the deployment has really ended, and when it fails
    or is stopped says why (error of the deployment, failed lifecycle event with its diagnostics and log tail,
    rollback).
  - The module builds the deployment's AppSpec from its options and sends it as the revision's content.
  - A deployment is created only when needed. Nothing is created when the group's ECS service already runs
    O(task_definition) and no deployment of the group is active; when an active deployment already releases
    O(task_definition), the module waits on it instead. An active deployment of another revision makes the task
    fail, naming it, since CodeDeploy runs one deployment of a group at a time.
  - With O(state=stopped), stops the deployment O(deployment_id), or the active deployment of the group.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  application_name:
    description:
      - Name of the CodeDeploy application (compute platform ECS).
    type: str
    required: true
  deployment_group_name:
    description:
      - Name of the deployment group of O(application_name) that deploys the ECS service.
    type: str
    required: true
  state:
    description:
      - V(present) releases O(task_definition), creating a deployment unless one is unnecessary, and with O(wait)
        waits until the deployment ends; or, with O(deployment_id), waits on that existing deployment.
      - V(stopped) stops the deployment O(deployment_id), or when it is omitted the active deployment of the group
        (C(StopDeployment)). A deployment that has already ended, or a group without an active deployment, is left
        as it is.
    type: str
    default: present
    choices: ['present', 'stopped']
  task_definition:
    description:
      - ARN of the task definition revision to release, for example
        V(arn:aws:ecs:us-east-1:123456789012:task-definition/web:42).
      - Required with O(state=present) unless O(deployment_id) is given, and cannot be combined with it.
      - It is the C(TaskDefinition) of the AppSpec, and what the running service is compared with.
    type: str
  container_name:
    description:
      - Name of the container of O(task_definition) that receives the load balancer's traffic
        (C(LoadBalancerInfo.ContainerName) of the AppSpec).
      - Required with O(task_definition).
    type: str
  container_port:
    description:
      - Port of O(container_name) that receives the load balancer's traffic (C(LoadBalancerInfo.ContainerPort)).
      - Required with O(task_definition).
    type: int
  platform_version:
    description:
      - Fargate platform version of the replacement tasks, for example V(LATEST) or V(1.4.0)
        (C(PlatformVersion) of the AppSpec).
      - When omitted, the AppSpec has none and ECS keeps the service's.
    type: str
  network_configuration:
    description:
      - Network configuration of the replacement tasks (C(NetworkConfiguration.AwsvpcConfiguration) of the
        AppSpec).
      - When omitted, the AppSpec has none and ECS keeps the service's.
    type: dict
    suboptions:
      subnets:
        description:
          - IDs of the subnets of the tasks, at least one.
        type: list
        elements: str
        required: true
      security_groups:
        description:
          - IDs of the security groups of the tasks.
        type: list
        elements: str
      assign_public_ip:
        description:
          - Whether the tasks get a public IP address (C(AssignPublicIp) V(ENABLED) or V(DISABLED)).
        type: bool
        default: false
  capacity_provider_strategy:
    description:
      - Capacity provider strategy of the replacement tasks (C(CapacityProviderStrategy) of the AppSpec).
      - When omitted, the AppSpec has none.
    type: list
    elements: dict
    suboptions:
      capacity_provider:
        description:
          - Name of the capacity provider, for example V(FARGATE) or V(FARGATE_SPOT).
        type: str
        required: true
      weight:
        description:
          - Relative share of the tasks placed with this capacity provider.
        type: int
      base:
        description:
          - Number of tasks placed with this capacity provider before the weights apply.
        type: int
  hooks:
    description:
      - Lambda functions that CodeDeploy runs at lifecycle events of the deployment, as a mapping of lifecycle event
        to function name or ARN (C(Hooks) of the AppSpec).
      - The lifecycle events are V(BeforeInstall), V(AfterInstall), V(AfterAllowTestTraffic), V(BeforeAllowTraffic)
        and V(AfterAllowTraffic).
    type: dict
  description:
    description:
      - Description of a deployment the module creates.
    type: str
  deployment_id:
    description:
      - ID of an existing deployment of the group, for example V(d-A1B2C3D4E).
      - With O(state=present), the module creates no deployment and waits on this one.
      - With O(state=stopped), the deployment to stop.
    type: str
  rollback:
    description:
      - With O(state=stopped), whether CodeDeploy rolls the service back to the revision it ran before the stopped
        deployment (C(autoRollbackEnabled) of C(StopDeployment)).
    type: bool
    default: true
  wait:
    description:
      - Whether to wait until the deployment has ended (V(Succeeded), V(Failed) or V(Stopped)).
      - With O(state=present), the task fails when the deployment fails or is stopped.
      - Without waiting, the module returns the deployment as it is and does not fail on its status.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait at most. A deployment still running then makes the task fail; it goes on in AWS.
      - A deployment in status V(Ready) waits for the traffic to be rerouted by hand, so the module keeps waiting
        until then or until the timeout.
    type: int
    default: 1800
  poll_interval:
    description:
      - Seconds between two looks at the deployment while waiting.
    type: int
    default: 5
notes:
  - The module reads the deployment group (C(GetDeploymentGroup)) for its ECS service, the service (ECS
    C(DescribeServices)) for the task definition it runs (that of its C(PRIMARY) task set when it has task sets),
    and the group's active deployments (C(ListDeployments) with the statuses C(Created), C(Queued),
    C(InProgress), C(Baking) and C(Ready), then C(BatchGetDeployments)).
  - The task definition of an active deployment is read from its revision (C(GetDeployment)), and when
    CodeDeploy does not return the AppSpec there, with C(GetApplicationRevision). When it cannot be read at all,
    the deployment counts as one of another revision.
  - While waiting, each look reads the deployment (C(GetDeployment)) and the lifecycle events of its ECS target
    (C(ListDeploymentTargets) and C(BatchGetDeploymentTargets)).
  - This module supports check mode and diff mode. Check mode creates and stops nothing and does not wait; when
    the application or deployment group does not exist yet, it reports that a deployment would be created.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Release the new task definition blue/green and wait until it is live
  seed.aws_platform.codedeploy_deployment:
    application_name: tiger-web
    deployment_group_name: tiger-web
    task_definition: "{{ task_definition.taskdefinition.taskDefinitionArn }}"
    container_name: web
    container_port: 8000
    platform_version: LATEST
    network_configuration:
      subnets: "{{ private_subnet_ids }}"
      security_groups:
        - "{{ web_security_group_id }}"
      assign_public_ip: false
    capacity_provider_strategy:
      - capacity_provider: FARGATE
        base: 1
        weight: 1
      - capacity_provider: FARGATE_SPOT
        weight: 3
    hooks:
      AfterAllowTestTraffic: tiger-web-smoke-test
    description: Release of {{ git_sha }}
    wait_timeout: 2400
  register: release

- name: Show how it went
  ansible.builtin.debug:
    msg: "{{ release.deployment_id }} {{ release.status }} {{ release.timeline | map(attribute='event') | list }}"

- name: Start a release without waiting, then wait on it later
  seed.aws_platform.codedeploy_deployment:
    application_name: tiger-web
    deployment_group_name: tiger-web
    task_definition: arn:aws:ecs:us-east-1:123456789012:task-definition/tiger-web:42
    container_name: web
    container_port: 8000
    wait: false
  register: started

- name: Wait on that deployment
  seed.aws_platform.codedeploy_deployment:
    application_name: tiger-web
    deployment_group_name: tiger-web
    deployment_id: "{{ started.deployment_id }}"

- name: Stop the active deployment of the group and roll back
  seed.aws_platform.codedeploy_deployment:
    application_name: tiger-web
    deployment_group_name: tiger-web
    state: stopped
"""

RETURN = r"""
deployment:
  description:
    - The deployment, as C(GetDeployment) reports it (snake_cased, timestamps as ISO 8601 strings).
    - The deployment the module created, waited on or stopped; when the service already runs O(task_definition),
      the group's last successful deployment if CodeDeploy reports one.
    - Empty when there is none, and in check mode when a deployment would be created.
  returned: always
  type: dict
  contains:
    deployment_id:
      description: ID of the deployment.
      type: str
      sample: d-A1B2C3D4E
    application_name:
      description: Name of the application.
      type: str
      sample: tiger-web
    deployment_group_name:
      description: Name of the deployment group.
      type: str
      sample: tiger-web
    deployment_config_name:
      description: Deployment configuration, how traffic is shifted.
      type: str
      sample: CodeDeployDefault.ECSAllAtOnce
    status:
      description: V(Created), V(Queued), V(InProgress), V(Baking), V(Ready), V(Succeeded), V(Failed) or V(Stopped).
      type: str
      sample: Succeeded
    revision:
      description: The revision, with the AppSpec as C(app_spec_content.content) when CodeDeploy returns it.
      type: dict
      sample: {"revision_type": "AppSpecContent", "app_spec_content": {"sha256": "9f86d081884c7d65..."}}
    error_information:
      description: C(code) and C(message) of the error of a failed deployment.
      type: dict
      sample: {"code": "HEALTH_CONSTRAINTS", "message": "The deployment failed because ..."}
    rollback_info:
      description: C(rollback_deployment_id), C(rollback_triggering_deployment_id) and C(rollback_message).
      type: dict
    create_time:
      description: When the deployment was created.
      type: str
      sample: "2024-05-01T10:20:30.123000+00:00"
    complete_time:
      description: When the deployment ended.
      type: str
      sample: "2024-05-01T10:31:02.456000+00:00"
    description:
      description: Description of the deployment.
      type: str
      sample: Release of 1a2b3c4
deployment_id:
  description: ID of RV(deployment), null when there is none.
  returned: always
  type: str
  sample: d-A1B2C3D4E
status:
  description: Status of RV(deployment), null when there is none.
  returned: always
  type: str
  sample: Succeeded
lifecycle_events:
  description:
    - The lifecycle events of the deployment's ECS target at the last look (C(BatchGetDeploymentTargets)), in
      CodeDeploy's order; empty before the deployment has started.
  returned: always
  type: list
  elements: dict
  contains:
    lifecycle_event_name:
      description: Name of the lifecycle event.
      type: str
      sample: AfterAllowTestTraffic
    status:
      description: V(Pending), V(InProgress), V(Succeeded), V(Failed), V(Skipped) or V(Unknown).
      type: str
      sample: Succeeded
    start_time:
      description: When the lifecycle event started.
      type: str
      sample: "2024-05-01T10:24:00+00:00"
    end_time:
      description: When the lifecycle event ended.
      type: str
      sample: "2024-05-01T10:25:10+00:00"
    diagnostics:
      description: C(error_code), C(script_name), C(message) and C(log_tail) of a failed lifecycle event.
      type: dict
timeline:
  description:
    - What the module saw change while it looked at the deployment, oldest first. Each entry has C(time) (ISO 8601,
      UTC, when the module saw it), C(event) (V(deployment) for the deployment's own status, or the name of a
      lifecycle event) and C(status).
  returned: always
  type: list
  elements: dict
  sample:
    - {"time": "2024-05-01T10:20:31+00:00", "event": "deployment", "status": "Created"}
    - {"time": "2024-05-01T10:21:01+00:00", "event": "BeforeInstall", "status": "Succeeded"}
    - {"time": "2024-05-01T10:21:01+00:00", "event": "deployment", "status": "InProgress"}
    - {"time": "2024-05-01T10:31:04+00:00", "event": "deployment", "status": "Succeeded"}
appspec:
  description:
    - The AppSpec built from the options, which the module sends (or in check mode would send) as the revision's
      content in JSON.
    - Empty with O(state=stopped), or when O(deployment_id) is given instead of O(task_definition).
  returned: always
  type: dict
  sample:
    version: 0.0
    Resources:
      - TargetService:
          Type: AWS::ECS::Service
          Properties:
            TaskDefinition: arn:aws:ecs:us-east-1:123456789012:task-definition/tiger-web:42
            LoadBalancerInfo: {"ContainerName": "web", "ContainerPort": 8000}
    Hooks:
      - AfterAllowTestTraffic: tiger-web-smoke-test
error:
  description:
    - Why the deployment went wrong, empty when it did not.
  returned: always
  type: dict
  contains:
    code:
      description: C(errorInformation.code) of the deployment.
      type: str
      sample: HOOK_EXECUTION_FAILURE
    message:
      description: C(errorInformation.message) of the deployment.
      type: str
    failed_lifecycle_event:
      description: Name of the first lifecycle event that failed, or null.
      type: str
      sample: AfterAllowTestTraffic
    diagnostics:
      description: C(error_code), C(script_name), C(message) and C(log_tail) of that lifecycle event.
      type: dict
rollback:
  description:
    - C(rollbackInfo) of the deployment, snake_cased (C(rollback_deployment_id), C(rollback_message),
      C(rollback_triggering_deployment_id)); empty when there is none.
  returned: always
  type: dict
  sample: {"rollback_deployment_id": "d-B2C3D4E5F", "rollback_message": "Rolled back by deployment d-B2C3D4E5F"}
"""

import re
import time
from typing import Any
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry

from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import ACTIVE_STATUSES
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import ENDED_STATUSES
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import LIFECYCLE_HOOKS
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import NOT_STARTED_STATUSES
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import TEXT_REVISION_TYPES
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import Timeline
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import appspec_revision
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import appspec_task_definition
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import build_appspec
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import deployment_error
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import deployment_name
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import failure_message
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import lifecycle_events
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import normalize_deployment
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import normalize_events
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import now
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import parse_appspec
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import revision_text
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import rollback_info
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import same_task_definition
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy_deployments import waiting_reason

TASK_DEFINITION_ARN = re.compile(r"^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition/[A-Za-z0-9_-]{1,255}:\d+$")
GROUP_NOT_FOUND = ("ApplicationDoesNotExistException", "DeploymentGroupDoesNotExistException")
# BatchGetDeployments and BatchGetDeploymentTargets take at most 25 IDs.
BATCH_SIZE = 25

# A deployment as CodeDeploy reports it, the lifecycle events of its ECS target and the timeline of the run.
Watched = Tuple[Dict[str, Any], List[Dict[str, Any]], List[Dict[str, Any]]]


def validate_params(module: AnsibleAWSModule) -> None:
    """Fail on what CodeDeploy would refuse or misread, before any call."""
    params = module.params
    if params["wait_timeout"] < 1:
        module.fail_json(msg=f"wait_timeout must be at least 1 second, not {params['wait_timeout']}.")
    if params["poll_interval"] < 0:
        module.fail_json(msg=f"poll_interval cannot be negative, it is {params['poll_interval']}.")
    if params["state"] != "present" or not params["task_definition"]:
        return
    if not TASK_DEFINITION_ARN.match(params["task_definition"]):
        module.fail_json(
            msg=f"task_definition {params['task_definition']!r} is not the ARN of a task definition revision, such"
            " as arn:aws:ecs:us-east-1:123456789012:task-definition/web:42."
        )
    if not 1 <= params["container_port"] <= 65535:
        module.fail_json(msg=f"container_port must be between 1 and 65535, not {params['container_port']}.")
    network = params["network_configuration"]
    if network and not network["subnets"]:
        module.fail_json(msg="network_configuration.subnets must list at least one subnet ID.")
    for event, function in (params["hooks"] or {}).items():
        if event not in LIFECYCLE_HOOKS:
            module.fail_json(
                msg=f"hooks has an unknown lifecycle event {event!r}: the hooks of an ECS deployment run at "
                + ", ".join(LIFECYCLE_HOOKS)
                + "."
            )
        if not isinstance(function, str) or not function:
            module.fail_json(msg=f"hooks.{event} must be the name or ARN of a Lambda function, not {function!r}.")


def group_name(module: AnsibleAWSModule) -> str:
    params = module.params
    return f"deployment group {params['deployment_group_name']} of CodeDeploy application {params['application_name']}"


# --- reading -------------------------------------------------------------------------------------


def get_deployment_group(client, module: AnsibleAWSModule) -> Optional[Dict[str, Any]]:
    try:
        return client.get_deployment_group(
            aws_retry=True,
            applicationName=module.params["application_name"],
            deploymentGroupName=module.params["deployment_group_name"],
        )["deploymentGroupInfo"]
    except is_boto3_error_code(GROUP_NOT_FOUND):
        return None
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to read {group_name(module)}")


def running_task_definition(ecs, module: AnsibleAWSModule, group: Dict[str, Any]) -> Optional[str]:
    """The task definition the group's ECS service runs: its PRIMARY task set's, or the service's."""
    services = group.get("ecsServices") or []
    if group.get("computePlatform") != "ECS" or not services:
        module.fail_json(
            msg=f"The {group_name(module)} does not deploy an ECS service (compute platform"
            f" {group.get('computePlatform')}): codedeploy_deployment releases ECS task definitions only."
        )
    cluster, service = services[0]["clusterName"], services[0]["serviceName"]
    try:
        found = ecs.describe_services(aws_retry=True, cluster=cluster, services=[service])
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to describe ECS service {service} of cluster {cluster}")
    active = [item for item in found.get("services", []) if item.get("status") != "INACTIVE"]
    if not active:
        reasons = ", ".join(failure.get("reason", "") for failure in found.get("failures", [])) or "INACTIVE"
        module.fail_json(
            msg=f"ECS service {service} of cluster {cluster}, which {group_name(module)} deploys, does not exist"
            f" ({reasons}). Create the service with deployment controller CODE_DEPLOY first."
        )
    primary = next((item for item in active[0].get("taskSets", []) if item.get("status") == "PRIMARY"), None)
    return (primary or active[0]).get("taskDefinition")


def get_deployment(client, module: AnsibleAWSModule, deployment_id: str) -> Dict[str, Any]:
    try:
        return client.get_deployment(aws_retry=True, deploymentId=deployment_id)["deploymentInfo"]
    except is_boto3_error_code("DeploymentDoesNotExistException"):
        module.fail_json(msg=f"CodeDeploy deployment {deployment_id} (deployment_id) does not exist.")
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to read CodeDeploy deployment {deployment_id}")


def get_own_deployment(client, module: AnsibleAWSModule) -> Dict[str, Any]:
    """The deployment ``deployment_id``, which must be one of the group."""
    deployment = get_deployment(client, module, module.params["deployment_id"])
    wanted = (module.params["application_name"], module.params["deployment_group_name"])
    if (deployment.get("applicationName"), deployment.get("deploymentGroupName")) != wanted:
        module.fail_json(
            msg=f"CodeDeploy deployment {deployment['deploymentId']} (deployment_id) belongs to deployment group"
            f" {deployment.get('deploymentGroupName')} of application {deployment.get('applicationName')},"
            f" not to {group_name(module)}.",
            deployment=normalize_deployment(deployment),
        )
    return deployment


def active_deployments(client, module: AnsibleAWSModule) -> List[Dict[str, Any]]:
    """The group's deployments that have not ended, newest first; none when the group does not exist."""
    request = dict(
        applicationName=module.params["application_name"],
        deploymentGroupName=module.params["deployment_group_name"],
        includeOnlyStatuses=list(ACTIVE_STATUSES),
    )
    ids = []
    try:
        while True:
            page = client.list_deployments(aws_retry=True, **request)
            ids.extend(page.get("deployments", []))
            if not page.get("nextToken"):
                break
            request["nextToken"] = page["nextToken"]
        deployments = []
        for start in range(0, len(ids), BATCH_SIZE):
            batch = client.batch_get_deployments(aws_retry=True, deploymentIds=ids[start : start + BATCH_SIZE])
            deployments.extend(batch["deploymentsInfo"])
    except is_boto3_error_code(GROUP_NOT_FOUND):
        return []
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to list the active deployments of {group_name(module)}")
    # One may have ended between the two calls.
    active = [item for item in deployments if item.get("status") in ACTIVE_STATUSES]
    return sorted(active, key=lambda item: item["createTime"], reverse=True)


def read_lifecycle_events(client, module: AnsibleAWSModule, deployment: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The lifecycle events of the deployment's ECS target; none before the deployment has started."""
    if deployment.get("status") in NOT_STARTED_STATUSES:
        return []
    deployment_id = deployment["deploymentId"]
    request = dict(deploymentId=deployment_id)
    target_ids = []
    try:
        while True:
            page = client.list_deployment_targets(aws_retry=True, **request)
            target_ids.extend(page.get("targetIds", []))
            if not page.get("nextToken"):
                break
            request["nextToken"] = page["nextToken"]
        targets = []
        for start in range(0, len(target_ids), BATCH_SIZE):
            batch = client.batch_get_deployment_targets(
                aws_retry=True, deploymentId=deployment_id, targetIds=target_ids[start : start + BATCH_SIZE]
            )
            targets.extend(batch.get("deploymentTargets", []))
    except is_boto3_error_code("DeploymentNotStartedException"):
        # Its status was read a moment before; the targets come once CodeDeploy has started it.
        return []
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to read the lifecycle events of CodeDeploy deployment {deployment_id}")
    return lifecycle_events(targets)


def deployment_task_definition(client, module: AnsibleAWSModule, deployment: Dict[str, Any], revision: Dict[str, Any]):
    """The TaskDefinition of the deployment's AppSpec, or None when CodeDeploy does not give the AppSpec.

    ``revision`` is the one the module would send: a deployment with the same SHA-256 releases its task definition.
    """
    theirs = deployment.get("revision") or {}
    text = revision_text(theirs)
    if text.get("sha256") and text["sha256"] == revision_text(revision).get("sha256"):
        return module.params["task_definition"]
    if not text.get("content") and theirs.get("revisionType") in TEXT_REVISION_TYPES:
        try:
            found = client.get_application_revision(
                aws_retry=True, applicationName=module.params["application_name"], revision=theirs
            )
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError):
            # Not knowing the revision is answered below: the deployment counts as one of another revision.
            found = {}
        text = revision_text(found.get("revision") or {})
    return appspec_task_definition(parse_appspec(text.get("content")))


# --- waiting -------------------------------------------------------------------------------------


def result_keys(changed: bool, deployment: Dict[str, Any], events: List[Dict[str, Any]], timeline, appspec):
    """The module's result keys for ``deployment`` (an empty dict when there is none)."""
    return dict(
        changed=changed,
        deployment=normalize_deployment(deployment),
        deployment_id=deployment.get("deploymentId"),
        status=deployment.get("status"),
        lifecycle_events=normalize_events(events),
        timeline=timeline,
        appspec=appspec,
        error=deployment_error(deployment, events),
        rollback=rollback_info(deployment),
    )


def watch(client, module: AnsibleAWSModule, deployment: Dict[str, Any], wait: bool, changed: bool, appspec) -> Watched:
    """Look at the deployment, and with ``wait`` again every poll_interval until it has ended or time is up."""
    params = module.params
    timeline = Timeline()
    deadline = time.monotonic() + params["wait_timeout"]
    while True:
        events = read_lifecycle_events(client, module, deployment)
        timeline.record(deployment, events, now())
        if not wait or deployment.get("status") in ENDED_STATUSES:
            return deployment, events, timeline.entries
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            module.fail_json(
                msg=f"Timed out after {params['wait_timeout']} seconds waiting for {deployment_name(deployment)} to"
                f" end; {waiting_reason(deployment, events)}. The deployment goes on in AWS: run the task again to"
                " wait on it, stop it with state=stopped, or raise wait_timeout.",
                **result_keys(changed, deployment, events, timeline.entries, appspec),
            )
        time.sleep(min(params["poll_interval"], remaining))
        deployment = get_deployment(client, module, deployment["deploymentId"])


def follow(client, module: AnsibleAWSModule, deployment: Dict[str, Any], changed: bool, appspec) -> Dict[str, Any]:
    """The result for the deployment that releases the task: waited on unless wait=false or in check mode, and then
    failing unless it succeeds."""
    wait = module.params["wait"] and not module.check_mode
    deployment, events, timeline = watch(client, module, deployment, wait, changed, appspec)
    result = result_keys(changed, deployment, events, timeline, appspec)
    if wait and deployment["status"] in ("Failed", "Stopped"):
        module.fail_json(msg=failure_message(deployment, events), **result)
    return result


# --- present -------------------------------------------------------------------------------------


def create_deployment(client, module: AnsibleAWSModule, revision: Dict[str, Any]) -> Dict[str, Any]:
    params = module.params
    request = dict(
        applicationName=params["application_name"],
        deploymentGroupName=params["deployment_group_name"],
        revision=revision,
    )
    if params["description"]:
        request["description"] = params["description"]
    try:
        deployment_id = client.create_deployment(aws_retry=True, **request)["deploymentId"]
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(
            e, msg=f"Failed to create a deployment of {params['task_definition']} in {group_name(module)}"
        )
    return get_deployment(client, module, deployment_id)


def refuse_other_deployment(module: AnsibleAWSModule, deployment: Dict[str, Any], releases: Optional[str]) -> None:
    what = f"releases {releases}" if releases else "has an AppSpec CodeDeploy does not return"
    module.fail_json(
        msg=f"The {group_name(module)} already has an active deployment, {deployment['deploymentId']}"
        f" (status {deployment['status']}), that {what}, not {module.params['task_definition']}. CodeDeploy runs one"
        " deployment of a group at a time: wait for it to end, or stop it with state=stopped"
        f" (deployment_id={deployment['deploymentId']}), then run the task again.",
        deployment=normalize_deployment(deployment),
        deployment_id=deployment["deploymentId"],
        status=deployment["status"],
    )


def ensure_present(client, ecs, module: AnsibleAWSModule, appspec: Dict[str, Any]) -> Tuple[Dict[str, Any], Dict]:
    """(result, diff) of a release of task_definition."""
    wanted = module.params["task_definition"]
    group = get_deployment_group(client, module)
    if group is None:
        if module.check_mode:
            # An earlier task of the play creates the application and group, which check mode did not.
            diff = dict(before=dict(task_definition=None), after=dict(task_definition=wanted))
            return result_keys(True, {}, [], [], appspec), diff
        module.fail_json(
            msg=f"The {group_name(module)} does not exist: create the application and the deployment group"
            " (seed.aws_platform.codedeploy_application and codedeploy_deployment_group) first."
        )
    running = running_task_definition(ecs, module, group)
    diff = dict(before=dict(task_definition=running), after=dict(task_definition=wanted))
    revision = appspec_revision(appspec)

    active = active_deployments(client, module)
    if active:
        releases = deployment_task_definition(client, module, active[0], revision)
        if not same_task_definition(releases, wanted):
            refuse_other_deployment(module, active[0], releases)
        return follow(client, module, active[0], False, appspec), diff

    if same_task_definition(running, wanted):
        last = (group.get("lastSuccessfulDeployment") or {}).get("deploymentId")
        if not last:
            return result_keys(False, {}, [], [], appspec), diff
        return follow(client, module, get_deployment(client, module, last), False, appspec), diff

    if module.check_mode:
        return result_keys(True, {}, [], [], appspec), diff
    return follow(client, module, create_deployment(client, module, revision), True, appspec), diff


# --- stopped -------------------------------------------------------------------------------------


def ensure_stopped(client, module: AnsibleAWSModule) -> Tuple[Dict[str, Any], Dict[str, Any]]:
    """(result, diff) of stopping deployment_id, or the group's active deployment."""
    if module.params["deployment_id"]:
        deployment = get_own_deployment(client, module)
    else:
        active = active_deployments(client, module)
        deployment = active[0] if active else {}
    before = dict(deployment_id=deployment.get("deploymentId"), status=deployment.get("status"))
    if not deployment:
        return result_keys(False, {}, [], [], {}), dict(before=before, after=before)
    if deployment["status"] in ENDED_STATUSES or module.check_mode:
        changed = deployment["status"] not in ENDED_STATUSES
        deployment, events, timeline = watch(client, module, deployment, False, changed, {})
        after = dict(before, status="Stopped") if changed else before
        return result_keys(changed, deployment, events, timeline, {}), dict(before=before, after=after)

    changed = True
    try:
        client.stop_deployment(
            aws_retry=True, deploymentId=deployment["deploymentId"], autoRollbackEnabled=module.params["rollback"]
        )
    except is_boto3_error_code("DeploymentAlreadyCompletedException"):
        changed = False
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to stop {deployment_name(deployment)}")
    deployment = get_deployment(client, module, deployment["deploymentId"])
    deployment, events, timeline = watch(client, module, deployment, module.params["wait"], changed, {})
    after = dict(deployment_id=deployment["deploymentId"], status=deployment["status"])
    return result_keys(changed, deployment, events, timeline, {}), dict(before=before, after=after)


def main() -> None:
    argument_spec = dict(
        application_name=dict(type="str", required=True),
        deployment_group_name=dict(type="str", required=True),
        state=dict(type="str", default="present", choices=["present", "stopped"]),
        task_definition=dict(type="str"),
        container_name=dict(type="str"),
        container_port=dict(type="int"),
        platform_version=dict(type="str"),
        network_configuration=dict(
            type="dict",
            options=dict(
                subnets=dict(type="list", elements="str", required=True),
                security_groups=dict(type="list", elements="str"),
                assign_public_ip=dict(type="bool", default=False),
            ),
        ),
        capacity_provider_strategy=dict(
            type="list",
            elements="dict",
            options=dict(
                capacity_provider=dict(type="str", required=True),
                weight=dict(type="int"),
                base=dict(type="int"),
            ),
        ),
        hooks=dict(type="dict"),
        description=dict(type="str"),
        deployment_id=dict(type="str"),
        rollback=dict(type="bool", default=True),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=1800),
        poll_interval=dict(type="int", default=5),
    )

    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        required_if=[("state", "present", ("task_definition", "deployment_id"), True)],
        required_by={"task_definition": ("container_name", "container_port")},
        mutually_exclusive=[("task_definition", "deployment_id")],
    )
    validate_params(module)

    params = module.params
    client = module.client("codedeploy", retry_decorator=AWSRetry.jittered_backoff())
    if params["state"] == "stopped":
        result, diff = ensure_stopped(client, module)
    elif params["deployment_id"]:
        result, diff = follow(client, module, get_own_deployment(client, module), False, {}), None
    else:
        ecs = module.client("ecs", retry_decorator=AWSRetry.jittered_backoff())
        result, diff = ensure_present(client, ecs, module, build_appspec(params))

    if module._diff and diff:
        result["diff"] = diff
    module.exit_json(**result)


if __name__ == "__main__":
    main()
