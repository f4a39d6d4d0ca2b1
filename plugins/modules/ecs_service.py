#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: ecs_service
version_added: 0.1.0
short_description: Manage ECS services, wait for their deployments and explain the failed ones
description:
  - Creates, updates in place, tags and deletes an Amazon ECS service, with the rolling update (V(ECS)) or the
    blue/green (V(CODE_DEPLOY)) deployment controller.
  - An existing service is changed with one C(UpdateService) call that sends only what differs from the task.
  - With O(wait=true), the module waits until the deployment it started (or the service's current one) has really
    finished, that is its C(rolloutState) is V(COMPLETED) with all its tasks running; when the deployment fails,
    is rolled back or does not finish in time, the task fails with what a person needs to see why (the rollout
    state reason, the last service events and why the service's tasks stopped).
  - A blue/green service's task definition, load balancers, network configuration, platform version and capacity
    provider strategy can only be changed by a CodeDeploy deployment. The module never sends them for such a
    service; it reports each difference in RV(code_deploy_reasons) and sets RV(code_deploy_required) so that the
    playbook runs the deployment.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  name:
    description:
      - Name of the service, unique in the cluster.
      - Up to 255 letters, digits, hyphens and underscores.
    type: str
    required: true
  cluster:
    description:
      - Name or ARN of the cluster of the service.
    type: str
    required: true
  state:
    description:
      - Whether the service should exist.
      - V(absent) scales a rolling update service to zero tasks, then deletes the service with C(force).
    type: str
    default: present
    choices: ['present', 'absent']
  task_definition:
    description:
      - The task definition the service runs, as an ARN or as V(family:revision).
      - A family without revision is refused, since the revision it means changes with every registration.
      - Required to create a service. When omitted, the task definition of an existing service is not compared.
    type: str
  desired_count:
    description:
      - Number of tasks the service keeps running.
      - Required to create a service with O(scheduling_strategy=REPLICA), not accepted with V(DAEMON).
      - The module sets exactly this number. A playbook that lets Application Auto Scaling change the count passes
        the service's current count, or omits the option, which leaves the count of an existing service alone.
    type: int
  launch_type:
    description:
      - Where the tasks run, V(FARGATE) or V(EC2).
      - Cannot be used with O(capacity_provider_strategy). When neither is given, a new service uses the cluster's
        default capacity provider strategy and an existing one keeps what it has.
      - ECS cannot change the launch type of a service; only a service using a capacity provider strategy can go
        back to its launch type, and the module fails for any other change of launch type.
    type: str
    choices: ['FARGATE', 'EC2']
  capacity_provider_strategy:
    description:
      - The capacity providers the tasks are spread over, for example V(FARGATE) and V(FARGATE_SPOT).
      - Compared as a set; a missing O(capacity_provider_strategy[].weight) or O(capacity_provider_strategy[].base)
        counts as V(0), as for AWS.
      - Changing the strategy of a rolling update service forces a new deployment, which AWS requires.
    type: list
    elements: dict
    suboptions:
      capacity_provider:
        description:
          - Name of the capacity provider.
        type: str
        required: true
      weight:
        description:
          - Relative share of the tasks placed with this provider, from 0 to 1000.
        type: int
      base:
        description:
          - Number of tasks placed with this provider before the weights apply, from 0 to 100000.
        type: int
  platform_version:
    description:
      - Fargate platform version of the tasks, for example V(1.4.0).
      - When omitted, V(LATEST) for a service on Fargate (O(launch_type=FARGATE), or only the V(FARGATE) and
        V(FARGATE_SPOT) capacity providers), and nothing for a service on EC2.
    type: str
  network_configuration:
    description:
      - The VPC networking of the tasks, required by task definitions with the C(awsvpc) network mode (Fargate).
      - When omitted, the network configuration of an existing service is not compared.
    type: dict
    suboptions:
      subnets:
        description:
          - IDs of the subnets of the tasks, compared as a set.
        type: list
        elements: str
        required: true
      security_groups:
        description:
          - IDs of the security groups of the tasks, compared as a set.
          - When omitted, AWS uses the VPC's default security group for a new service and the security groups of an
            existing service are not compared.
        type: list
        elements: str
      assign_public_ip:
        description:
          - Whether the tasks get a public IP address.
        type: bool
        default: false
  load_balancers:
    description:
      - The target groups the service registers its tasks with, compared as a set.
      - When omitted, the load balancers of an existing service are not compared. V([]) removes them all from a
        rolling update service.
      - For a blue/green service, the target group is not compared, since CodeDeploy moves the service from one
        target group of its deployment group to the other with every deployment; the container name and port are.
    type: list
    elements: dict
    suboptions:
      target_group_arn:
        description:
          - ARN of the target group.
        type: str
        required: true
      container_name:
        description:
          - Name of the container, in the task definition, that receives the traffic.
        type: str
        required: true
      container_port:
        description:
          - Port of that container.
        type: int
        required: true
  health_check_grace_period_seconds:
    description:
      - Seconds during which ECS ignores failing load balancer health checks of a new task.
      - When omitted, AWS uses V(0) for a new service and the grace period of an existing service is not compared.
    type: int
  deployment_controller:
    description:
      - V(ECS) for rolling updates, V(CODE_DEPLOY) for blue/green deployments driven by CodeDeploy.
      - It cannot change on an existing service; the module fails, the service must be deleted and created again.
    type: str
    default: ECS
    choices: ['ECS', 'CODE_DEPLOY']
  deployment_configuration:
    description:
      - How a deployment replaces the tasks.
      - Only the settings given are compared; those omitted keep the service's values (for a new service, the AWS
        defaults, for example V(200) and V(100) percent for a rolling update).
    type: dict
    suboptions:
      maximum_percent:
        description:
          - Upper limit of running tasks during a deployment, as a percentage of O(desired_count).
        type: int
      minimum_healthy_percent:
        description:
          - Lower limit of healthy tasks during a deployment, as a percentage of O(desired_count).
        type: int
      circuit_breaker:
        description:
          - The deployment circuit breaker, which marks a deployment whose tasks keep failing as V(FAILED).
          - Rolling update services only.
        type: dict
        suboptions:
          enable:
            description:
              - Whether the circuit breaker watches the deployments.
            type: bool
            required: true
          rollback:
            description:
              - Whether ECS rolls a failed deployment back to the last completed one.
            type: bool
            default: false
      alarms:
        description:
          - CloudWatch alarms that mark a deployment as V(FAILED) when they go into the C(ALARM) state.
        type: dict
        suboptions:
          alarm_names:
            description:
              - Names of the alarms, compared as a set.
            type: list
            elements: str
            required: true
          enable:
            description:
              - Whether the alarms are watched.
            type: bool
            default: true
          rollback:
            description:
              - Whether ECS rolls a failed deployment back to the last completed one.
            type: bool
            default: false
  enable_execute_command:
    description:
      - Whether ECS Exec can open a shell in the containers of the service's tasks.
    type: bool
    default: false
  propagate_tags:
    description:
      - Which tags ECS copies to the tasks it starts, those of the V(SERVICE), of the V(TASK_DEFINITION) or V(NONE).
    type: str
    default: SERVICE
    choices: ['SERVICE', 'TASK_DEFINITION', 'NONE']
  enable_ecs_managed_tags:
    description:
      - Whether ECS tags the tasks with the cluster and service names.
    type: bool
    default: true
  scheduling_strategy:
    description:
      - V(REPLICA) keeps O(desired_count) tasks, V(DAEMON) one task on each container instance (EC2 only).
      - It cannot change on an existing service; the module fails, the service must be deleted and created again.
    type: str
    default: REPLICA
    choices: ['REPLICA', 'DAEMON']
  force_new_deployment:
    description:
      - Whether to start a new deployment of a rolling update service even when nothing else changes, for example
        to pull again an image tag that now points to another image. The task always reports a change then.
      - A blue/green service gets a new deployment only through CodeDeploy; the module reports it in
        RV(code_deploy_reasons) instead.
      - Ignored when the service is created, which deploys anyway.
    type: bool
    default: false
  wait:
    description:
      - Whether to wait until the deployment of a rolling update service has completed (see the description); for a
        blue/green service, until the service is C(ACTIVE); with O(state=absent), until the service is C(INACTIVE).
      - When the module waits, a failed, rolled back or unfinished deployment makes the task fail, with
        RV(diagnostics).
    type: bool
    default: false
  wait_timeout:
    description:
      - How many seconds to wait at most.
    type: int
    default: 900
notes:
  - The service is read with C(DescribeServices) (with its tags); a service that is C(INACTIVE), or that ECS does
    not know, is absent. A service being deleted (C(DRAINING)) is waited for before a new one of the same name is
    created.
  - Tags are changed with C(TagResource) and C(UntagResource), which need the service's long ARN format (the
    default since 2021).
  - With O(wait=true), the module polls C(DescribeServices) every 15 seconds. A failure reports the last 5 service
    events and the stopped tasks of the deployment (C(ListTasks) and C(DescribeTasks)); ECS forgets stopped tasks
    about an hour after they stop.
  - This module supports check mode and diff mode.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: A Fargate service behind a load balancer, waiting until its deployment has completed
  seed.aws_platform.ecs_service:
    name: api
    cluster: tiger
    task_definition: tiger-api:12
    desired_count: 2
    launch_type: FARGATE
    network_configuration:
      subnets: "{{ private_subnet_ids }}"
      security_groups:
        - "{{ api_security_group_id }}"
    load_balancers:
      - target_group_arn: "{{ api_target_group_arn }}"
        container_name: api
        container_port: 8000
    health_check_grace_period_seconds: 60
    deployment_configuration:
      minimum_healthy_percent: 100
      maximum_percent: 200
      circuit_breaker:
        enable: true
        rollback: true
    tags:
      Environment: tiger
    wait: true
    wait_timeout: 1200
  register: api

- name: Keep the count Application Auto Scaling has set
  seed.aws_platform.ecs_service:
    name: api
    cluster: tiger
    task_definition: tiger-api:13
    desired_count: "{{ api.service.desired_count }}"
    launch_type: FARGATE
    wait: true

- name: A blue/green service; a new task definition is for CodeDeploy to roll out
  seed.aws_platform.ecs_service:
    name: web
    cluster: tiger
    deployment_controller: CODE_DEPLOY
    task_definition: "{{ web_task_definition_arn }}"
    desired_count: 2
    capacity_provider_strategy:
      - capacity_provider: FARGATE
        weight: 1
        base: 1
      - capacity_provider: FARGATE_SPOT
        weight: 3
    network_configuration:
      subnets: "{{ private_subnet_ids }}"
      security_groups:
        - "{{ web_security_group_id }}"
    load_balancers:
      - target_group_arn: "{{ web_blue_target_group_arn }}"
        container_name: web
        container_port: 8080
  register: web

- name: Roll the new task definition out with CodeDeploy
  ansible.builtin.debug:
    msg: "A CodeDeploy deployment is needed: {{ web.code_deploy_reasons | join('; ') }}"
  when: web.code_deploy_required

- name: Delete the service and wait until it is gone
  seed.aws_platform.ecs_service:
    name: api
    cluster: tiger
    state: absent
    wait: true
"""

RETURN = r"""
changes:
  description:
    - What the task changed, among V(created), V(deleted), V(task_definition), V(desired_count),
      V(capacity_provider_strategy), V(platform_version), V(network_configuration), V(load_balancers),
      V(health_check_grace_period_seconds), V(deployment_configuration), V(enable_execute_command),
      V(propagate_tags), V(enable_ecs_managed_tags), V(force_new_deployment) and V(tags); empty when nothing changed.
    - In check mode, what the task would change.
  returned: always
  type: list
  elements: str
  sample: ["task_definition", "desired_count"]
code_deploy_required:
  description:
    - Whether the blue/green service differs from the task in what only a CodeDeploy deployment can change
      (RV(code_deploy_reasons)). Always V(false) for a rolling update service.
  returned: always
  type: bool
  sample: true
code_deploy_reasons:
  description:
    - Each difference that needs a CodeDeploy deployment, as a sentence naming the option, the service's value and
      the wanted one.
  returned: always
  type: list
  elements: str
  sample: ["task_definition is web:7, wanted web:8"]
service:
  description:
    - The service as C(DescribeServices) reports it, snake_cased, with its tags as a dict.
    - After a change without O(wait), the service as C(CreateService) or C(UpdateService) returned it.
    - Empty when O(state=absent).
    - In check mode, a service that would be created has only the keys the task sets.
  returned: always
  type: dict
  contains:
    service_arn:
      description: ARN of the service.
      returned: when the service exists
      type: str
      sample: arn:aws:ecs:us-east-1:123456789012:service/tiger/api
    service_name:
      description: Name of the service.
      returned: always
      type: str
      sample: api
    cluster_arn:
      description: ARN of the cluster.
      returned: when the service exists
      type: str
      sample: arn:aws:ecs:us-east-1:123456789012:cluster/tiger
    status:
      description: V(ACTIVE), V(DRAINING) or V(INACTIVE).
      returned: when the service exists
      type: str
      sample: ACTIVE
    task_definition:
      description: ARN of the task definition of the service.
      returned: always
      type: str
      sample: arn:aws:ecs:us-east-1:123456789012:task-definition/tiger-api:12
    desired_count:
      description: Number of tasks the service keeps running.
      returned: always
      type: int
      sample: 2
    running_count:
      description: Number of tasks running.
      returned: when the service exists
      type: int
      sample: 2
    pending_count:
      description: Number of tasks starting.
      returned: when the service exists
      type: int
      sample: 0
    launch_type:
      description: V(FARGATE) or V(EC2), unless the service uses a capacity provider strategy.
      returned: when set
      type: str
      sample: FARGATE
    capacity_provider_strategy:
      description: The capacity provider strategy, each item with C(capacity_provider), C(weight) and C(base).
      returned: when set
      type: list
      elements: dict
      sample: [{"capacity_provider": "FARGATE_SPOT", "weight": 1, "base": 0}]
    platform_version:
      description: Fargate platform version of the service.
      returned: when set
      type: str
      sample: LATEST
    network_configuration:
      description: The VPC networking of the tasks, under C(awsvpc_configuration).
      returned: when set
      type: dict
      sample: {"awsvpc_configuration": {"subnets": ["subnet-0123456789abcdef0"], "security_groups": ["sg-0123456789abcdef0"],
               "assign_public_ip": "DISABLED"}}
    load_balancers:
      description: The target groups of the service, with C(target_group_arn), C(container_name), C(container_port).
      returned: always
      type: list
      elements: dict
      sample: [{"target_group_arn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/0123456789abcdef",
                "container_name": "api", "container_port": 8000}]
    health_check_grace_period_seconds:
      description: Load balancer health check grace period of new tasks.
      returned: when set
      type: int
      sample: 60
    deployment_controller:
      description: The deployment controller, its C(type) V(ECS) or V(CODE_DEPLOY).
      returned: always
      type: dict
      sample: {"type": "ECS"}
    deployment_configuration:
      description: How deployments replace tasks.
      returned: when the service exists or O(deployment_configuration) is set
      type: dict
      sample: {"maximum_percent": 200, "minimum_healthy_percent": 100,
               "deployment_circuit_breaker": {"enable": true, "rollback": true}}
    deployments:
      description: The deployments of a rolling update service, see RV(deployment) for their keys.
      returned: when the service exists
      type: list
      elements: dict
    events:
      description: The last service events (up to 100), newest first, each with C(id), C(created_at), C(message).
      returned: when the service exists
      type: list
      elements: dict
    enable_execute_command:
      description: Whether ECS Exec is on.
      returned: always
      type: bool
      sample: false
    propagate_tags:
      description: Which tags ECS copies to the tasks.
      returned: always
      type: str
      sample: SERVICE
    enable_ecs_managed_tags:
      description: Whether ECS tags the tasks with the cluster and service names.
      returned: always
      type: bool
      sample: true
    scheduling_strategy:
      description: V(REPLICA) or V(DAEMON).
      returned: always
      type: str
      sample: REPLICA
    tags:
      description: Tags of the service.
      returned: always
      type: dict
      sample: {"Environment": "tiger"}
deployment:
  description:
    - The PRIMARY deployment of the service, the one whose tasks the service is moving to, snake_cased.
    - Empty for a blue/green service, whose deployments are CodeDeploy's, when O(state=absent) and in check mode
      for a service that would be created.
  returned: always
  type: dict
  contains:
    id:
      description: ID of the deployment, which its tasks give as C(startedBy).
      type: str
      sample: ecs-svc/1234567890123456789
    status:
      description: V(PRIMARY).
      type: str
      sample: PRIMARY
    task_definition:
      description: ARN of the task definition the deployment runs.
      type: str
      sample: arn:aws:ecs:us-east-1:123456789012:task-definition/tiger-api:12
    desired_count:
      description: Number of tasks the deployment wants.
      type: int
      sample: 2
    running_count:
      description: Number of tasks of the deployment running.
      type: int
      sample: 2
    failed_tasks:
      description: Number of tasks of the deployment that failed to start.
      type: int
      sample: 0
    rollout_state:
      description: V(IN_PROGRESS), V(COMPLETED) or V(FAILED).
      type: str
      sample: COMPLETED
    rollout_state_reason:
      description: Why the deployment is in that state.
      type: str
      sample: ECS deployment ecs-svc/1234567890123456789 completed.
diagnostics:
  description:
    - Why a deployment waited for failed, was rolled back or did not finish in time; also in the failure message.
  returned: when O(wait=true) and the deployment fails or times out
  type: dict
  contains:
    rollout_state_reason:
      description: The rollout state reason of the deployment.
      type: str
      sample: "ECS deployment circuit breaker: tasks failed to start."
    events:
      description: The last 5 service events, newest first, each with C(id), C(created_at) and C(message).
      type: list
      elements: dict
    stopped_tasks:
      description:
        - The newest 5 stopped tasks of the deployment (of the service when none is the deployment's), each with
          C(task_arn), C(task_definition_arn), C(stopped_at), C(stop_code), C(stopped_reason) and C(containers)
          (each with C(name), C(exit_code) and C(reason)).
      type: list
      elements: dict
      sample: [{"task_arn": "arn:aws:ecs:us-east-1:123456789012:task/tiger/0123456789abcdef0123456789abcdef",
                "stop_code": "EssentialContainerExited", "stopped_reason": "Essential container in task exited",
                "containers": [{"name": "api", "exit_code": 1, "reason": null}]}]
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
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list

from ansible_collections.seed.aws_platform.plugins.module_utils import ecs_services
from ansible_collections.seed.aws_platform.plugins.module_utils.ecs_services import awsvpc_key
from ansible_collections.seed.aws_platform.plugins.module_utils.ecs_services import controller
from ansible_collections.seed.aws_platform.plugins.module_utils.ecs_services import describe_service
from ansible_collections.seed.aws_platform.plugins.module_utils.ecs_services import diagnostics_text
from ansible_collections.seed.aws_platform.plugins.module_utils.ecs_services import is_absent
from ansible_collections.seed.aws_platform.plugins.module_utils.ecs_services import list_stopped_tasks
from ansible_collections.seed.aws_platform.plugins.module_utils.ecs_services import load_balancer_key
from ansible_collections.seed.aws_platform.plugins.module_utils.ecs_services import normalize_deployment
from ansible_collections.seed.aws_platform.plugins.module_utils.ecs_services import normalize_service
from ansible_collections.seed.aws_platform.plugins.module_utils.ecs_services import primary_deployment
from ansible_collections.seed.aws_platform.plugins.module_utils.ecs_services import recent_events
from ansible_collections.seed.aws_platform.plugins.module_utils.ecs_services import rollout
from ansible_collections.seed.aws_platform.plugins.module_utils.ecs_services import service_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.ecs_services import stopped_task_summaries
from ansible_collections.seed.aws_platform.plugins.module_utils.ecs_services import strategy_key
from ansible_collections.seed.aws_platform.plugins.module_utils.ecs_services import task_definition_ref
from ansible_collections.seed.aws_platform.plugins.module_utils.ecs_services import uses_fargate
from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import converge_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import tag_map

SERVICE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
TASK_DEFINITION = re.compile(r"^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition/)?[A-Za-z0-9_-]{1,255}:[1-9]\d*$")

# Options UpdateService changes, with their request keys, in the order the module reports changes.
UPDATABLE = (
    ("task_definition", "taskDefinition"),
    ("desired_count", "desiredCount"),
    ("capacity_provider_strategy", "capacityProviderStrategy"),
    ("platform_version", "platformVersion"),
    ("network_configuration", "networkConfiguration"),
    ("load_balancers", "loadBalancers"),
    ("health_check_grace_period_seconds", "healthCheckGracePeriodSeconds"),
    ("deployment_configuration", "deploymentConfiguration"),
    ("enable_execute_command", "enableExecuteCommand"),
    ("propagate_tags", "propagateTags"),
    ("enable_ecs_managed_tags", "enableECSManagedTags"),
)
# What only a CodeDeploy deployment may change on a blue/green service.
CODE_DEPLOY_ONLY = (
    "task_definition",
    "capacity_provider_strategy",
    "platform_version",
    "network_configuration",
    "load_balancers",
)
RECREATE_ADVICE = (
    "ECS cannot change this on an existing service: the service must be recreated. Delete it (state=absent), then"
    " create it again with the new setting, or create the new service under another name and move the traffic."
)


class Context:
    """What a failure in the middle of the task reports besides its message."""

    def __init__(self) -> None:
        self.changes: List[str] = []
        self.code_deploy_reasons: List[str] = []

    def result(self) -> Dict[str, Any]:
        return dict(
            changed=bool(self.changes),
            changes=self.changes,
            code_deploy_required=bool(self.code_deploy_reasons),
            code_deploy_reasons=self.code_deploy_reasons,
        )


def validate_params(module: AnsibleAWSModule) -> None:
    """Fail on what AWS would refuse, before any call."""
    params = module.params
    if not SERVICE_NAME.match(params["name"]):
        module.fail_json(
            msg=f"name {params['name']!r} is not a valid ECS service name: it must be 1 to 255 letters, digits,"
            " hyphens and underscores."
        )
    if params["wait_timeout"] < 1:
        module.fail_json(msg=f"wait_timeout must be at least 1 second, not {params['wait_timeout']}.")
    if params["state"] == "absent":
        return
    task_definition = params["task_definition"]
    if task_definition is not None and not TASK_DEFINITION.match(task_definition):
        module.fail_json(
            msg=f"task_definition {task_definition!r} must be a task definition ARN or family:revision, for example"
            " web:12. A family without revision is not accepted, since the revision it means changes with every"
            " registration."
        )
    for option in ("desired_count", "health_check_grace_period_seconds"):
        if params[option] is not None and params[option] < 0:
            module.fail_json(msg=f"{option} cannot be negative, not {params[option]}.")
    if params["scheduling_strategy"] == "DAEMON" and params["desired_count"] is not None:
        module.fail_json(
            msg="desired_count cannot be set with scheduling_strategy=DAEMON, which runs one task on each container"
            " instance."
        )
    if params["capacity_provider_strategy"] == []:
        module.fail_json(
            msg="capacity_provider_strategy cannot be empty: omit it to use the cluster's default strategy, or set"
            " launch_type to go back to a launch type."
        )
    network = params["network_configuration"]
    if network is not None and not network["subnets"]:
        module.fail_json(msg="network_configuration.subnets must list at least one subnet.")


# --- what the task wants, in the shapes of the ECS API --------------------------------------------------------


def wanted_strategy(params: Dict[str, Any]) -> Optional[List[Dict[str, Any]]]:
    if params["capacity_provider_strategy"] is None:
        return None
    strategy = []
    for item in params["capacity_provider_strategy"]:
        entry = dict(capacityProvider=item["capacity_provider"])
        for option, key in (("weight", "weight"), ("base", "base")):
            if item[option] is not None:
                entry[key] = item[option]
        strategy.append(entry)
    return strategy


def wanted_network(params: Dict[str, Any], current: Optional[Dict[str, Any]] = None) -> Optional[Dict[str, Any]]:
    """The networkConfiguration to send; without security_groups, an existing service keeps its own."""
    network = params["network_configuration"]
    if network is None:
        return None
    awsvpc = dict(subnets=network["subnets"], assignPublicIp="ENABLED" if network["assign_public_ip"] else "DISABLED")
    groups = network["security_groups"]
    if groups is None:
        groups = ((current or {}).get("awsvpcConfiguration") or {}).get("securityGroups")
    if groups is not None:
        awsvpc["securityGroups"] = groups
    return dict(awsvpcConfiguration=awsvpc)


def wanted_load_balancers(params: Dict[str, Any]) -> Optional[List[Dict[str, Any]]]:
    if params["load_balancers"] is None:
        return None
    return [
        dict(
            targetGroupArn=lb["target_group_arn"],
            containerName=lb["container_name"],
            containerPort=lb["container_port"],
        )
        for lb in params["load_balancers"]
    ]


def wanted_deployment_settings(params: Dict[str, Any]) -> Dict[str, Any]:
    """The deploymentConfiguration settings the task gives; those it omits are neither compared nor changed."""
    configuration = params["deployment_configuration"] or {}
    wanted = {}
    for option, key in (("maximum_percent", "maximumPercent"), ("minimum_healthy_percent", "minimumHealthyPercent")):
        if configuration.get(option) is not None:
            wanted[key] = configuration[option]
    breaker = configuration.get("circuit_breaker")
    if breaker is not None:
        wanted["deploymentCircuitBreaker"] = dict(enable=breaker["enable"], rollback=breaker["rollback"])
    alarms = configuration.get("alarms")
    if alarms is not None:
        wanted["alarms"] = dict(
            alarmNames=sorted(set(alarms["alarm_names"])), enable=alarms["enable"], rollback=alarms["rollback"]
        )
    return wanted


def current_deployment_setting(configuration: Dict[str, Any], key: str) -> Any:
    """A deploymentConfiguration setting of the service, in the form wanted_deployment_settings gives it."""
    value = configuration.get(key)
    if key == "deploymentCircuitBreaker":
        value = value or {}
        return dict(enable=bool(value.get("enable")), rollback=bool(value.get("rollback")))
    if key == "alarms":
        value = value or {}
        return dict(
            alarmNames=sorted(set(value.get("alarmNames") or [])),
            enable=bool(value.get("enable")),
            rollback=bool(value.get("rollback")),
        )
    return value


def wanted_platform_version(params: Dict[str, Any], service: Optional[Dict[str, Any]]) -> Optional[str]:
    """platform_version, or LATEST when the tasks run on Fargate (as the task or else the service says)."""
    if params["platform_version"]:
        return params["platform_version"]
    strategy = wanted_strategy(params)
    if strategy is not None:
        fargate = uses_fargate(None, strategy)
    elif params["launch_type"]:
        fargate = params["launch_type"] == "FARGATE"
    elif service is not None:
        fargate = uses_fargate(service.get("launchType"), service.get("capacityProviderStrategy"))
    else:
        fargate = False
    return "LATEST" if fargate else None


# --- how values read in a message -----------------------------------------------------------------------------


def describe_strategy(strategy: Optional[List[Dict[str, Any]]], launch_type: Optional[str] = None) -> str:
    if not strategy:
        return f"launch type {launch_type}" if launch_type else "none"
    return ", ".join(
        f"{provider} weight {weight} base {base}" for provider, weight, base in sorted(strategy_key(strategy))
    )


def describe_network(configuration: Optional[Dict[str, Any]]) -> str:
    if not configuration:
        return "none"
    subnets, groups, public_ip = awsvpc_key(configuration)
    return (
        f"subnets {', '.join(sorted(subnets)) or 'none'}; security groups {', '.join(sorted(groups)) or 'none'};"
        f" public IP {public_ip}"
    )


def describe_load_balancers(load_balancers: Optional[List[Dict[str, Any]]], with_target_group: bool = True) -> str:
    if not load_balancers:
        return "none"
    return ", ".join(
        f"{target_group + ' -> ' if with_target_group else ''}{container}:{port}"
        for target_group, container, port in sorted(load_balancer_key(load_balancers), key=str)
    )


# --- create ---------------------------------------------------------------------------------------------------


def creation_request(params: Dict[str, Any]) -> Dict[str, Any]:
    request = dict(
        cluster=params["cluster"],
        serviceName=params["name"],
        taskDefinition=params["task_definition"],
        deploymentController=dict(type=params["deployment_controller"]),
        schedulingStrategy=params["scheduling_strategy"],
        enableExecuteCommand=params["enable_execute_command"],
        propagateTags=params["propagate_tags"],
        enableECSManagedTags=params["enable_ecs_managed_tags"],
    )
    optional = dict(
        desiredCount=params["desired_count"],
        launchType=params["launch_type"],
        capacityProviderStrategy=wanted_strategy(params),
        platformVersion=wanted_platform_version(params, None),
        networkConfiguration=wanted_network(params),
        loadBalancers=wanted_load_balancers(params),
        healthCheckGracePeriodSeconds=params["health_check_grace_period_seconds"],
        deploymentConfiguration=wanted_deployment_settings(params) or None,
    )
    request.update({key: value for key, value in optional.items() if value is not None})
    if params["tags"]:
        request["tags"] = ansible_dict_to_boto3_tag_list(tag_map(params["tags"]), "key", "value")
    return request


def create_service(client, module: AnsibleAWSModule, context: Context) -> Tuple[Dict[str, Any], Dict[str, str]]:
    """Create the service; return it (as planned in check mode) and its tags."""
    params = module.params
    where = f"ECS service {params['name']} in cluster {params['cluster']}"
    if not params["task_definition"]:
        module.fail_json(msg=f"task_definition is required to create {where}.")
    if params["desired_count"] is None and params["scheduling_strategy"] == "REPLICA":
        module.fail_json(msg=f"desired_count is required to create {where}.")
    context.changes.append("created")
    request = creation_request(params)
    tags = tag_map(params["tags"] or {})
    if module.check_mode:
        return {key: value for key, value in request.items() if key not in ("cluster", "tags")}, tags
    try:
        service = client.create_service(aws_retry=True, **request)["service"]
    except is_boto3_error_code("ClusterNotFoundException"):
        module.fail_json(msg=f"Cluster {params['cluster']} does not exist: create it before {where}.")
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to create {where}")
    if params["wait"]:
        service = wait_for_service(client, module, service, context)
    return service, tags


# --- update ---------------------------------------------------------------------------------------------------


def refuse_replacement(module: AnsibleAWSModule, service: Dict[str, Any]) -> None:
    """Fail on a difference that only a new service can apply."""
    params = module.params
    problems = []
    if controller(service) != params["deployment_controller"]:
        problems.append(f"deployment_controller is {controller(service)}, wanted {params['deployment_controller']}")
    current_strategy = service.get("schedulingStrategy") or "REPLICA"
    if current_strategy != params["scheduling_strategy"]:
        problems.append(f"scheduling_strategy is {current_strategy}, wanted {params['scheduling_strategy']}")
    launch_type = params["launch_type"]
    current_launch_type = service.get("launchType")
    if launch_type and current_launch_type and current_launch_type != launch_type:
        problems.append(f"launch_type is {current_launch_type}, wanted {launch_type}")
    elif launch_type and not current_launch_type and not service.get("capacityProviderStrategy"):
        problems.append(
            f"launch_type is not set (the service uses the cluster's default strategy), wanted {launch_type}"
        )
    if problems:
        module.fail_json(
            msg=f"ECS service {service['serviceName']} differs from the task in what ECS cannot change in place: "
            + "; ".join(problems)
            + ". "
            + RECREATE_ADVICE,
            service=normalize_service(service),
        )


def differences(module: AnsibleAWSModule, service: Dict[str, Any]) -> List[Tuple[str, Any, str]]:
    """(option, the UpdateService value, 'option is X, wanted Y') for each setting that differs, in UPDATABLE order."""
    params = module.params
    blue_green = controller(service) == "CODE_DEPLOY"
    found = {}

    task_definition = params["task_definition"]
    current_task_definition = service.get("taskDefinition")
    if task_definition and task_definition_ref(task_definition) != task_definition_ref(current_task_definition):
        found["task_definition"] = (
            task_definition,
            f"task_definition is {task_definition_ref(current_task_definition)}, wanted {task_definition_ref(task_definition)}",
        )

    if params["desired_count"] is not None and params["desired_count"] != service.get("desiredCount"):
        found["desired_count"] = (
            params["desired_count"],
            f"desired_count is {service.get('desiredCount')}, wanted {params['desired_count']}",
        )

    strategy = wanted_strategy(params)
    current_strategy = service.get("capacityProviderStrategy") or []
    if strategy is None and params["launch_type"] and current_strategy:
        # UpdateService has no launch type: an empty strategy takes the service back to its launch type.
        strategy = []
    if strategy is not None and strategy_key(strategy) != strategy_key(current_strategy):
        found["capacity_provider_strategy"] = (
            strategy,
            f"capacity_provider_strategy is {describe_strategy(current_strategy, service.get('launchType'))},"
            f" wanted {describe_strategy(strategy, params['launch_type'])}",
        )

    platform_version = wanted_platform_version(params, service)
    current_platform_version = service.get("platformVersion") or "LATEST"
    if platform_version and platform_version != current_platform_version:
        found["platform_version"] = (
            platform_version,
            f"platform_version is {current_platform_version}, wanted {platform_version}",
        )

    network = wanted_network(params, service.get("networkConfiguration"))
    if network is not None:
        compare_groups = params["network_configuration"]["security_groups"] is not None
        if awsvpc_key(network, compare_groups) != awsvpc_key(service.get("networkConfiguration"), compare_groups):
            found["network_configuration"] = (
                network,
                f"network_configuration is {describe_network(service.get('networkConfiguration'))},"
                f" wanted {describe_network(network)}",
            )

    load_balancers = wanted_load_balancers(params)
    current_load_balancers = service.get("loadBalancers") or []
    if load_balancers is not None:
        with_target_group = not blue_green
        if load_balancer_key(load_balancers, with_target_group) != load_balancer_key(
            current_load_balancers, with_target_group
        ):
            found["load_balancers"] = (
                load_balancers,
                f"load_balancers is {describe_load_balancers(current_load_balancers, with_target_group)},"
                f" wanted {describe_load_balancers(load_balancers, with_target_group)}",
            )

    grace = params["health_check_grace_period_seconds"]
    current_grace = service.get("healthCheckGracePeriodSeconds") or 0
    if grace is not None and grace != current_grace:
        found["health_check_grace_period_seconds"] = (
            grace,
            f"health_check_grace_period_seconds is {current_grace}, wanted {grace}",
        )

    settings = wanted_deployment_settings(params)
    current_configuration = service.get("deploymentConfiguration") or {}
    differing = [
        key for key, value in settings.items() if current_deployment_setting(current_configuration, key) != value
    ]
    if differing:
        found["deployment_configuration"] = (
            dict(current_configuration, **settings),
            "deployment_configuration differs in " + ", ".join(differing),
        )

    for option, key, default in (
        ("enable_execute_command", "enableExecuteCommand", False),
        ("propagate_tags", "propagateTags", "NONE"),
        ("enable_ecs_managed_tags", "enableECSManagedTags", False),
    ):
        # AWS reports these always; a service description without them has AWS's defaults.
        current = service.get(key)
        current = default if current is None else current
        if params[option] != current:
            found[option] = (params[option], f"{option} is {current}, wanted {params[option]}")

    return [(option, *found[option]) for option, _key in UPDATABLE if option in found]


def plan_update(module: AnsibleAWSModule, service: Dict[str, Any], context: Context) -> Dict[str, Any]:
    """The UpdateService parameters besides cluster and service, noting the changes and CodeDeploy reasons."""
    blue_green = controller(service) == "CODE_DEPLOY"
    keys = dict(UPDATABLE)
    request = {}
    for option, value, sentence in differences(module, service):
        if blue_green and option in CODE_DEPLOY_ONLY:
            context.code_deploy_reasons.append(sentence)
            continue
        request[keys[option]] = value
        context.changes.append(option)
    if module.params["force_new_deployment"]:
        if blue_green:
            context.code_deploy_reasons.append(
                "force_new_deployment is true, and a blue/green service gets a new deployment only from CodeDeploy"
            )
        else:
            request["forceNewDeployment"] = True
            context.changes.append("force_new_deployment")
    if "capacityProviderStrategy" in request:
        # AWS refuses a new capacity provider strategy on a rolling update service without a new deployment.
        request["forceNewDeployment"] = True
    return request


def update_tags(client, module: AnsibleAWSModule, service: Dict[str, Any], context: Context) -> Dict[str, str]:
    arn = service["serviceArn"]

    def apply(to_set: Dict[str, str], to_unset: List[str]) -> None:
        if to_unset:
            client.untag_resource(aws_retry=True, resourceArn=arn, tagKeys=to_unset)
        if to_set:
            client.tag_resource(
                aws_retry=True, resourceArn=arn, tags=ansible_dict_to_boto3_tag_list(to_set, "key", "value")
            )

    changed, tags = converge_tags(module, service_tags(service), apply, lambda: f"ECS service {arn}")
    if changed:
        context.changes.append("tags")
    return tags


def update_service(
    client, module: AnsibleAWSModule, service: Dict[str, Any], context: Context
) -> Tuple[Dict[str, Any], Dict[str, str]]:
    """Converge an existing service; return it (as it would be, in check mode) and its tags."""
    params = module.params
    refuse_replacement(module, service)
    request = plan_update(module, service, context)
    tags = update_tags(client, module, service, context)
    if module.check_mode:
        planned = {key: value for key, value in request.items() if key != "forceNewDeployment"}
        return dict(service, **planned), tags
    if request:
        try:
            service = client.update_service(
                aws_retry=True, cluster=params["cluster"], service=params["name"], **request
            )["service"]
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            module.fail_json_aws(
                e,
                msg=f"Failed to update ECS service {params['name']} in cluster {params['cluster']}",
                **context.result(),
            )
    if params["wait"]:
        service = wait_for_service(client, module, service, context)
    return service, tags


def ensure_present(
    client, module: AnsibleAWSModule, service: Optional[Dict[str, Any]], context: Context
) -> Tuple[Dict[str, Any], Dict[str, str]]:
    if service is not None and service["status"] == "DRAINING":
        if module.check_mode:
            return create_service(client, module, context)
        # ECS refuses a new service under the name of one it is still deleting.
        wait_until_inactive(client, module)
        service = None
    if is_absent(service):
        return create_service(client, module, context)
    return update_service(client, module, service, context)


# --- absent ---------------------------------------------------------------------------------------------------


def ensure_absent(client, module: AnsibleAWSModule, service: Optional[Dict[str, Any]], context: Context) -> None:
    params = module.params
    if is_absent(service):
        return
    where = f"ECS service {params['name']} in cluster {params['cluster']}"
    if service["status"] != "DRAINING":
        context.changes.append("deleted")
        if module.check_mode:
            return
        try:
            if controller(service) == "ECS" and service.get("desiredCount"):
                # Scaled to zero first, the tasks stop with the deployment's usual draining instead of all at once.
                client.update_service(aws_retry=True, cluster=params["cluster"], service=params["name"], desiredCount=0)
            client.delete_service(aws_retry=True, cluster=params["cluster"], service=params["name"], force=True)
        except is_boto3_error_code(["ServiceNotFoundException", "ServiceNotActiveException"]):
            # Deleted by someone else since it was described: that is the goal anyway.
            context.changes.remove("deleted")
            return
        except (
            botocore.exceptions.ClientError,
            botocore.exceptions.BotoCoreError,
        ) as e:  # pylint: disable=duplicate-except
            module.fail_json_aws(e, msg=f"Failed to delete {where}")
    if params["wait"] and not module.check_mode:
        wait_until_inactive(client, module)


# --- waiting --------------------------------------------------------------------------------------------------


def read_service(client, module: AnsibleAWSModule) -> Optional[Dict[str, Any]]:
    """The service as DescribeServices has it, or None; a missing cluster has no service."""
    params = module.params
    try:
        return describe_service(client, params["cluster"], params["name"])
    except is_boto3_error_code("ClusterNotFoundException"):
        return None
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to describe ECS service {params['name']} in cluster {params['cluster']}")


def polls(module: AnsibleAWSModule) -> int:
    return max(1, -(-module.params["wait_timeout"] // ecs_services.WAIT_DELAY))


def wait_until_inactive(client, module: AnsibleAWSModule) -> None:
    name, timeout = module.params["name"], module.params["wait_timeout"]
    service = None
    for attempt in range(polls(module) + 1):
        service = read_service(client, module)
        if is_absent(service):
            return
        if attempt < polls(module):
            time.sleep(ecs_services.WAIT_DELAY)
    module.fail_json(
        msg=f"Timed out after {timeout} seconds waiting for ECS service {name} to be deleted (INACTIVE); its status is"
        f" {service['status']}. ECS goes on deleting it: run the task again later, or raise wait_timeout.",
        service=normalize_service(service),
    )


def wait_for_service(client, module: AnsibleAWSModule, service: Dict[str, Any], context: Context) -> Dict[str, Any]:
    """Wait until the deployment of ``service`` completes (ACTIVE for blue/green); return the service then."""
    params = module.params
    name, timeout = params["name"], params["wait_timeout"]
    blue_green = controller(service) == "CODE_DEPLOY"
    deployment = primary_deployment(service)
    deployment_id = deployment["id"] if deployment else None
    for attempt in range(polls(module) + 1):
        if attempt:
            found = read_service(client, module)
            if is_absent(found):
                module.fail_json(
                    msg=f"ECS service {name} was deleted while the module waited for it.", **context.result()
                )
            service = found
        if blue_green:
            if service["status"] == "ACTIVE":
                return service
        else:
            state, deployment = rollout(service, deployment_id)
            if state == "COMPLETED":
                return service
            if state in ("FAILED", "REPLACED"):
                fail_deployment(client, module, service, deployment, state, deployment_id, context)
        if attempt < polls(module):
            time.sleep(ecs_services.WAIT_DELAY)
    if blue_green:
        module.fail_json(
            msg=f"Timed out after {timeout} seconds waiting for ECS service {name} to be ACTIVE; its status is"
            f" {service['status']}.",
            service=normalize_service(service),
            **context.result(),
        )
    fail_deployment(client, module, service, deployment, "TIMEOUT", deployment_id, context)


def fail_deployment(
    client,
    module: AnsibleAWSModule,
    service: Dict[str, Any],
    deployment: Optional[Dict[str, Any]],
    state: str,
    deployment_id: Optional[str],
    context: Context,
) -> None:
    """Fail the task with what explains why the deployment did not complete."""
    params = module.params
    deployment = deployment or {}
    tracked = deployment_id or deployment.get("id") or "(none reported yet)"
    what = f"deployment {tracked} of ECS service {params['name']} in cluster {params['cluster']}"
    if state == "FAILED":
        headline = f"The {what} failed."
    elif state == "REPLACED":
        primary = primary_deployment(service) or {}
        headline = (
            f"The {what} is no longer the service's primary deployment: {primary.get('id', 'another one')} replaced it,"
            " as a deployment circuit breaker rollback does, so the service does not run what the task asked for."
        )
    else:
        headline = (
            f"Timed out after {params['wait_timeout']} seconds waiting for the {what} to complete; its rollout state is"
            f" {deployment.get('rolloutState', 'unknown')} with {deployment.get('runningCount', 0)} of"
            f" {deployment.get('desiredCount', 0)} tasks running. The deployment goes on in ECS: run the task again"
            " later, or raise wait_timeout."
        )
    error = None
    try:
        tasks = list_stopped_tasks(client, params["cluster"], params["name"])
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        # The deployment's failure is what matters: a missing permission to read tasks must not hide it.
        tasks, error = [], str(e)
    diagnostics = dict(
        rollout_state_reason=deployment.get("rolloutStateReason"),
        events=recent_events(service),
        stopped_tasks=stopped_task_summaries(tasks, deployment_id or deployment.get("id")),
    )
    module.fail_json(
        msg=f"{headline} {diagnostics_text(diagnostics, error)}",
        service=normalize_service(service),
        deployment=normalize_deployment(deployment),
        diagnostics=diagnostics,
        **context.result(),
    )


def main() -> None:
    argument_spec = dict(
        name=dict(type="str", required=True),
        cluster=dict(type="str", required=True),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        task_definition=dict(type="str"),
        desired_count=dict(type="int"),
        launch_type=dict(type="str", choices=["FARGATE", "EC2"]),
        capacity_provider_strategy=dict(
            type="list",
            elements="dict",
            options=dict(
                capacity_provider=dict(type="str", required=True),
                weight=dict(type="int"),
                base=dict(type="int"),
            ),
        ),
        platform_version=dict(type="str"),
        network_configuration=dict(
            type="dict",
            options=dict(
                subnets=dict(type="list", elements="str", required=True),
                security_groups=dict(type="list", elements="str"),
                assign_public_ip=dict(type="bool", default=False),
            ),
        ),
        load_balancers=dict(
            type="list",
            elements="dict",
            options=dict(
                target_group_arn=dict(type="str", required=True),
                container_name=dict(type="str", required=True),
                container_port=dict(type="int", required=True),
            ),
        ),
        health_check_grace_period_seconds=dict(type="int"),
        deployment_controller=dict(type="str", default="ECS", choices=["ECS", "CODE_DEPLOY"]),
        deployment_configuration=dict(
            type="dict",
            options=dict(
                maximum_percent=dict(type="int"),
                minimum_healthy_percent=dict(type="int"),
                circuit_breaker=dict(
                    type="dict",
                    options=dict(
                        enable=dict(type="bool", required=True),
                        rollback=dict(type="bool", default=False),
                    ),
                ),
                alarms=dict(
                    type="dict",
                    options=dict(
                        alarm_names=dict(type="list", elements="str", required=True),
                        enable=dict(type="bool", default=True),
                        rollback=dict(type="bool", default=False),
                    ),
                ),
            ),
        ),
        enable_execute_command=dict(type="bool", default=False),
        propagate_tags=dict(type="str", default="SERVICE", choices=["SERVICE", "TASK_DEFINITION", "NONE"]),
        enable_ecs_managed_tags=dict(type="bool", default=True),
        scheduling_strategy=dict(type="str", default="REPLICA", choices=["REPLICA", "DAEMON"]),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
        force_new_deployment=dict(type="bool", default=False),
        wait=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=900),
    )

    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        mutually_exclusive=[("launch_type", "capacity_provider_strategy")],
    )
    validate_params(module)

    client = module.client("ecs", retry_decorator=AWSRetry.jittered_backoff())
    existing = read_service(client, module)
    before = {} if is_absent(existing) else normalize_service(existing)
    context = Context()

    if module.params["state"] == "present":
        service, tags = ensure_present(client, module, existing, context)
        result = dict(
            context.result(),
            service=normalize_service(service, tags),
            deployment=normalize_deployment(primary_deployment(service)),
        )
    else:
        ensure_absent(client, module, existing, context)
        result = dict(context.result(), service={}, deployment={})

    if module._diff:
        result["diff"] = dict(before=dict(service=before), after=dict(service=result["service"]))
    module.exit_json(**result)


if __name__ == "__main__":
    main()
