#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: codedeploy_deployment_group
version_added: 0.1.0
short_description: Manage CodeDeploy deployment groups of ECS applications (blue/green)
description:
  - Creates, updates in place, tags and deletes an AWS CodeDeploy deployment group that releases one Amazon ECS
    service blue/green, shifting traffic between two target groups of an Application or Network Load Balancer.
  - A deployment group is identified by O(application_name) and O(name). The application must exist with the
    V(ECS) compute platform, see M(seed.aws_platform.codedeploy_application).
  - The deployment style is always blue/green with traffic control (C(BLUE_GREEN), C(WITH_TRAFFIC_CONTROL)), the only
    one AWS allows for ECS.
  - The configuration is declarative. Omitted O(alarms) and O(triggers) mean none, and an existing group is updated
    (C(UpdateDeploymentGroup), only the parts that differ) to match the task.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  application_name:
    description:
      - Name of the CodeDeploy application of the group.
    type: str
    required: true
  name:
    description:
      - Name of the deployment group, 1 to 100 characters, unique in the application.
    type: str
    required: true
  state:
    description:
      - Whether the deployment group should exist.
    type: str
    default: present
    choices: ['present', 'absent']
  service_role_arn:
    description:
      - ARN of the IAM role CodeDeploy assumes to change the ECS service, the load balancer listeners and to read the
        alarms, usually one with the AWS managed policy C(AWSCodeDeployRoleForECS).
      - Required when O(state=present).
    type: str
  deployment_config_name:
    description:
      - How traffic moves to the new (green) task set.
      - V(CodeDeployDefault.ECSAllAtOnce) moves it all at once. The other built-in configurations of ECS are canary
        ones, like V(CodeDeployDefault.ECSCanary10Percent5Minutes) (10% first, the rest 5 minutes later), and linear
        ones, like V(CodeDeployDefault.ECSLinear10PercentEvery1Minutes) (10% more every minute).
      - The name of a custom deployment configuration of the ECS compute platform is accepted too. Built-in
        configurations of the other compute platforms (C(CodeDeployDefault.) names without C(ECS)) are refused.
    type: str
    default: CodeDeployDefault.ECSAllAtOnce
  ecs_services:
    description:
      - The ECS service the group deploys, as its cluster and service names.
      - Required when O(state=present).
      - AWS does not let the ECS service of a group change. When an existing group deploys another service, the task
        fails and changes nothing; delete the group (O(state=absent)) and create it again, or use another O(name).
    type: list
    elements: dict
    suboptions:
      cluster_name:
        description:
          - Name of the ECS cluster of the service.
        type: str
        required: true
      service_name:
        description:
          - Name of the ECS service, which must use the C(CODE_DEPLOY) deployment controller.
        type: str
        required: true
  load_balancer:
    description:
      - The target groups and listeners CodeDeploy switches between the original (blue) and new (green) task sets.
      - Required when O(state=present).
    type: dict
    suboptions:
      target_groups:
        description:
          - Names (not ARNs) of the two target groups, the one the service uses first (blue), then the other (green).
        type: list
        elements: str
        required: true
      prod_listener_arns:
        description:
          - ARN of the listener that serves production traffic. AWS takes exactly one.
        type: list
        elements: str
        required: true
      test_listener_arns:
        description:
          - ARN of a listener that serves test traffic to the green task set before production traffic moves to it.
            AWS takes at most one.
        type: list
        elements: str
  blue_green:
    description:
      - When production traffic moves to the green task set, and what happens to the blue one afterwards.
    type: dict
    suboptions:
      action_on_timeout:
        description:
          - V(CONTINUE_DEPLOYMENT) reroutes traffic to the green task set as soon as it is ready.
          - V(STOP_DEPLOYMENT) waits for someone to call C(ContinueDeployment) for O(blue_green.wait_time_in_minutes),
            then stops the deployment when nobody did.
        type: str
        default: CONTINUE_DEPLOYMENT
        choices: ['CONTINUE_DEPLOYMENT', 'STOP_DEPLOYMENT']
      wait_time_in_minutes:
        description:
          - With O(blue_green.action_on_timeout=STOP_DEPLOYMENT), how many minutes to wait for C(ContinueDeployment),
            at least 1.
          - Must be V(0) with V(CONTINUE_DEPLOYMENT), which does not wait.
        type: int
        default: 0
      termination_action:
        description:
          - V(TERMINATE) deletes the blue task set after O(blue_green.termination_wait_time_in_minutes), V(KEEP_ALIVE)
            keeps it.
        type: str
        default: TERMINATE
        choices: ['TERMINATE', 'KEEP_ALIVE']
      termination_wait_time_in_minutes:
        description:
          - Minutes between a successful deployment and the deletion of the blue task set, from 0 to 2880 (2 days). A
            rollback to the blue task set stays possible until then.
          - Neither sent nor compared with O(blue_green.termination_action=KEEP_ALIVE).
        type: int
        default: 5
  auto_rollback:
    description:
      - Whether CodeDeploy rolls back to the blue task set by itself, and on which events.
    type: dict
    suboptions:
      enabled:
        description:
          - Whether automatic rollbacks are on.
        type: bool
        default: true
      events:
        description:
          - The events that roll a deployment back. At least one when O(auto_rollback.enabled=true).
          - V(DEPLOYMENT_STOP_ON_ALARM) needs O(alarms).
        type: list
        elements: str
        choices: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM', 'DEPLOYMENT_STOP_ON_REQUEST']
        default: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']
  alarms:
    description:
      - CloudWatch alarms that stop a deployment when they go to C(ALARM).
      - When omitted, the group has no alarms.
    type: dict
    suboptions:
      names:
        description:
          - Names of the CloudWatch alarms, 10 at most (the limit of the CodeDeploy API), compared as a set.
        type: list
        elements: str
      enabled:
        description:
          - Whether the alarms are watched.
          - Defaults to V(true) when O(alarms.names) is not empty, V(false) otherwise.
        type: bool
      ignore_poll_alarm_failure:
        description:
          - Whether a deployment goes on when CodeDeploy cannot read the state of the alarms.
        type: bool
        default: false
  triggers:
    description:
      - Notifications CodeDeploy publishes to SNS topics on deployment events, compared as a set keyed by name.
      - When omitted, the group has no triggers.
    type: list
    elements: dict
    suboptions:
      name:
        description:
          - Name of the trigger, unique in the group.
        type: str
        required: true
      target_arn:
        description:
          - ARN of the SNS topic.
        type: str
        required: true
      events:
        description:
          - The events that publish a notification.
        type: list
        elements: str
        required: true
        choices:
          - DeploymentStart
          - DeploymentSuccess
          - DeploymentFailure
          - DeploymentStop
          - DeploymentRollback
          - DeploymentReady
          - InstanceStart
          - InstanceSuccess
          - InstanceFailure
          - InstanceReady
notes:
  - The group is read with GetDeploymentGroup; a missing group or application is absent. Absent keys of its
    configuration are read as AWS's defaults (no alarms, no triggers, no automatic rollback, immediate rerouting).
  - An existing group is changed with one UpdateDeploymentGroup call carrying only the parts of the configuration that
    differ; its ECS service is never changed.
  - Tags are read with ListTagsForResource and changed with TagResource and UntagResource, on the ARN
    C(arn:PARTITION:codedeploy:REGION:ACCOUNT:deploymentgroup:APPLICATION/NAME); the account and partition are read
    with STS GetCallerIdentity.
  - This module supports check mode and diff mode.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Release the orders service blue/green, 10% of the traffic first, the rest 5 minutes later
  seed.aws_platform.codedeploy_deployment_group:
    application_name: orders
    name: orders-production
    service_role_arn: arn:aws:iam::123456789012:role/codedeploy-ecs
    deployment_config_name: CodeDeployDefault.ECSCanary10Percent5Minutes
    ecs_services:
      - cluster_name: production
        service_name: orders
    load_balancer:
      target_groups:
        - orders-blue
        - orders-green
      prod_listener_arns:
        - arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/public/0123456789abcdef/0123456789abcdef
      test_listener_arns:
        - arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/public/0123456789abcdef/fedcba9876543210
    blue_green:
      termination_wait_time_in_minutes: 30
    alarms:
      names:
        - orders-5xx
        - orders-latency
    triggers:
      - name: deployments
        target_arn: arn:aws:sns:us-east-1:123456789012:deployments
        events: [DeploymentStart, DeploymentSuccess, DeploymentFailure, DeploymentRollback]
    tags:
      Environment: production
  register: group

- name: Wait up to an hour for someone to approve the switch of production traffic
  seed.aws_platform.codedeploy_deployment_group:
    application_name: orders
    name: orders-production
    service_role_arn: arn:aws:iam::123456789012:role/codedeploy-ecs
    ecs_services:
      - cluster_name: production
        service_name: orders
    load_balancer:
      target_groups: [orders-blue, orders-green]
      prod_listener_arns:
        - arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/public/0123456789abcdef/0123456789abcdef
    blue_green:
      action_on_timeout: STOP_DEPLOYMENT
      wait_time_in_minutes: 60
    auto_rollback:
      events: [DEPLOYMENT_FAILURE, DEPLOYMENT_STOP_ON_REQUEST]

- name: Delete the deployment group
  seed.aws_platform.codedeploy_deployment_group:
    application_name: orders
    name: orders-production
    state: absent
"""

RETURN = r"""
changes:
  description:
    - What the task changed, among V(created), V(deleted), V(deployment_config_name), V(service_role_arn),
      V(deployment_style), V(load_balancer), V(blue_green), V(auto_rollback), V(alarms), V(triggers) and V(tags);
      empty when nothing changed.
  returned: always
  type: list
  elements: str
  sample: ["blue_green", "alarms"]
deployment_group:
  description:
    - The deployment group after the task, as GetDeploymentGroup reports it (snake_cased), with its tags.
    - Empty when O(state=absent).
    - In check mode, the configuration the task would set; a group that would be created has only those keys.
  returned: always
  type: dict
  contains:
    application_name:
      description: Name of the application.
      returned: always
      type: str
      sample: orders
    deployment_group_name:
      description: Name of the deployment group.
      returned: always
      type: str
      sample: orders-production
    deployment_group_id:
      description: Unique ID of the deployment group.
      returned: when the group exists
      type: str
      sample: 3b1c6f0e-7d0a-4a57-a1d4-0e6f1c2b3a4d
    compute_platform:
      description: V(ECS).
      returned: always
      type: str
      sample: ECS
    deployment_config_name:
      description: The deployment configuration.
      returned: always
      type: str
      sample: CodeDeployDefault.ECSAllAtOnce
    service_role_arn:
      description: ARN of the role CodeDeploy assumes.
      returned: always
      type: str
      sample: arn:aws:iam::123456789012:role/codedeploy-ecs
    deployment_style:
      description: C(deployment_type) V(BLUE_GREEN) and C(deployment_option) V(WITH_TRAFFIC_CONTROL).
      returned: always
      type: dict
      sample: {"deployment_type": "BLUE_GREEN", "deployment_option": "WITH_TRAFFIC_CONTROL"}
    ecs_services:
      description: The ECS service of the group, C(cluster_name) and C(service_name).
      returned: always
      type: list
      elements: dict
      sample: [{"cluster_name": "production", "service_name": "orders"}]
    load_balancer_info:
      description:
        - C(target_group_pair_info_list), one pair with C(target_groups) (each a C(name)), C(prod_traffic_route) and,
          when there is a test listener, C(test_traffic_route) (each with C(listener_arns)).
      returned: always
      type: dict
      sample:
        target_group_pair_info_list:
          - target_groups: [{"name": "orders-blue"}, {"name": "orders-green"}]
            prod_traffic_route:
              listener_arns: ["arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/public/0123/4567"]
    blue_green_deployment_configuration:
      description:
        - C(deployment_ready_option) (C(action_on_timeout), C(wait_time_in_minutes)) and
          C(terminate_blue_instances_on_deployment_success) (C(action), C(termination_wait_time_in_minutes)).
      returned: always
      type: dict
      sample:
        deployment_ready_option: {"action_on_timeout": "CONTINUE_DEPLOYMENT", "wait_time_in_minutes": 0}
        terminate_blue_instances_on_deployment_success: {"action": "TERMINATE", "termination_wait_time_in_minutes": 5}
    auto_rollback_configuration:
      description: C(enabled) and C(events).
      returned: always
      type: dict
      sample: {"enabled": true, "events": ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]}
    alarm_configuration:
      description: C(enabled), C(ignore_poll_alarm_failure) and C(alarms) (each a C(name)).
      returned: when the group has alarms, or AWS reports the configuration
      type: dict
      sample: {"enabled": true, "ignore_poll_alarm_failure": false, "alarms": [{"name": "orders-5xx"}]}
    trigger_configurations:
      description: The triggers, each with C(trigger_name), C(trigger_target_arn) and C(trigger_events).
      returned: when the group has triggers, or AWS reports them
      type: list
      elements: dict
      sample: []
    last_attempted_deployment:
      description: C(deployment_id), C(status), C(create_time) and C(end_time) of the last deployment.
      returned: when the group has had a deployment
      type: dict
    last_successful_deployment:
      description: C(deployment_id), C(status), C(create_time) and C(end_time) of the last successful deployment.
      returned: when a deployment of the group succeeded
      type: dict
    tags:
      description: Tags of the deployment group.
      returned: always
      type: dict
      sample: {"Environment": "production"}
"""

from typing import Any
from typing import Callable
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.arn import validate_aws_arn
from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.botocore import normalize_boto3_result
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list

from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy import APPLICATION_NOT_FOUND
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy import DEPLOYMENT_GROUP_NOT_FOUND
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy import ArnBuilder
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy import application_name_problem
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy import codedeploy_client
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy import deployment_group_name_problem
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy import ensure_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy import get_application
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy import list_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import tag_map

ROLLBACK_EVENTS = ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM", "DEPLOYMENT_STOP_ON_REQUEST"]
TRIGGER_EVENTS = [
    "DeploymentStart",
    "DeploymentSuccess",
    "DeploymentFailure",
    "DeploymentStop",
    "DeploymentRollback",
    "DeploymentReady",
    "InstanceStart",
    "InstanceSuccess",
    "InstanceFailure",
    "InstanceReady",
]
# The CodeDeploy API reference's limit for AlarmConfiguration.alarms.
MAX_ALARMS = 10
MAX_TERMINATION_WAIT = 2880
BUILT_IN_PREFIX = "CodeDeployDefault."
ECS_BUILT_IN_PREFIX = "CodeDeployDefault.ECS"
BLUE_GREEN_WITH_TRAFFIC_CONTROL = {"deploymentType": "BLUE_GREEN", "deploymentOption": "WITH_TRAFFIC_CONTROL"}


# --- validation ---------------------------------------------------------------------------------


def validation_problems(params: Dict[str, Any]) -> List[str]:
    """Every sentence explaining what AWS would refuse, or what would make no sense, in a task with state=present."""
    problems = []
    role = params["service_role_arn"]
    if not validate_aws_arn(role, service="iam", resource_type="role"):
        problems.append(f"service_role_arn {role!r} is not the ARN of an IAM role (arn:aws:iam::ACCOUNT:role/NAME)")
    config = params["deployment_config_name"]
    if config.startswith(BUILT_IN_PREFIX) and not config.startswith(ECS_BUILT_IN_PREFIX):
        problems.append(
            f"deployment_config_name {config} is a built-in configuration of another compute platform than ECS; ECS"
            f" deployment groups take {ECS_BUILT_IN_PREFIX}* ones, like CodeDeployDefault.ECSAllAtOnce, or a custom one"
        )
    if not params["ecs_services"]:
        problems.append("ecs_services must name the ECS service of the group")

    balancer = params["load_balancer"]
    groups = balancer["target_groups"]
    if len(groups) != 2 or len(set(groups)) != 2:
        problems.append(
            f"load_balancer.target_groups must name two different target groups, blue then green, not {groups}"
        )
    if len(balancer["prod_listener_arns"]) != 1:
        problems.append(
            f"load_balancer.prod_listener_arns must hold exactly one listener ARN, AWS's limit, not"
            f" {len(balancer['prod_listener_arns'])}"
        )
    if len(balancer["test_listener_arns"] or []) > 1:
        problems.append(
            f"load_balancer.test_listener_arns can hold one listener ARN at most, AWS's limit, not"
            f" {len(balancer['test_listener_arns'])}"
        )

    blue_green = params["blue_green"]
    wait, action = blue_green["wait_time_in_minutes"], blue_green["action_on_timeout"]
    if action == "CONTINUE_DEPLOYMENT" and wait != 0:
        problems.append(
            f"blue_green.wait_time_in_minutes is {wait} but blue_green.action_on_timeout is CONTINUE_DEPLOYMENT, which"
            " reroutes traffic as soon as the green task set is ready; set action_on_timeout to STOP_DEPLOYMENT to wait"
            " for a manual ContinueDeployment, or wait_time_in_minutes to 0"
        )
    if action == "STOP_DEPLOYMENT" and wait < 1:
        problems.append(
            f"blue_green.wait_time_in_minutes must be at least 1 with action_on_timeout STOP_DEPLOYMENT, not {wait}:"
            " it is how long CodeDeploy waits for a manual ContinueDeployment before stopping the deployment"
        )
    termination_wait = blue_green["termination_wait_time_in_minutes"]
    if not 0 <= termination_wait <= MAX_TERMINATION_WAIT:
        problems.append(
            f"blue_green.termination_wait_time_in_minutes must be from 0 to {MAX_TERMINATION_WAIT}, not {termination_wait}"
        )

    rollback = params["auto_rollback"]
    if rollback["enabled"] and not rollback["events"]:
        problems.append("auto_rollback.events cannot be empty when auto_rollback.enabled is true")

    alarms = params["alarms"] or {}
    names = set(alarms.get("names") or [])
    if len(names) > MAX_ALARMS:
        problems.append(f"alarms.names can hold {MAX_ALARMS} alarms at most, not {len(names)}")
    if alarms.get("enabled") and not names:
        problems.append("alarms.enabled is true but alarms.names is empty")

    triggers = params["triggers"] or []
    trigger_names = [trigger["name"] for trigger in triggers]
    duplicates = sorted({name for name in trigger_names if trigger_names.count(name) > 1})
    if duplicates:
        problems.append(f"triggers names must be unique, {', '.join(duplicates)} is used more than once")
    for trigger in triggers:
        if not validate_aws_arn(trigger["target_arn"], service="sns"):
            problems.append(f"triggers {trigger['name']}: target_arn {trigger['target_arn']!r} is not the ARN of an SNS topic")
        if not trigger["events"]:
            problems.append(f"triggers {trigger['name']}: events cannot be empty")
    return problems


def validate_params(module: AnsibleAWSModule) -> None:
    params = module.params
    problems = [
        problem
        for problem in (
            application_name_problem("application_name", params["application_name"]),
            deployment_group_name_problem("name", params["name"]),
        )
        if problem
    ]
    if params["state"] == "present":
        problems.extend(validation_problems(params))
    if problems:
        module.fail_json(msg="; ".join(problems) + ".")


# --- the configuration, as AWS takes it and as it compares --------------------------------------------------------


def desired_configuration(params: Dict[str, Any]) -> Dict[str, Any]:
    """The configuration of the task, in the shape of CreateDeploymentGroup's parameters (without the names and tags)."""
    balancer = params["load_balancer"]
    pair = dict(
        targetGroups=[{"name": name} for name in balancer["target_groups"]],
        prodTrafficRoute=dict(listenerArns=balancer["prod_listener_arns"]),
    )
    if balancer["test_listener_arns"]:
        pair["testTrafficRoute"] = dict(listenerArns=balancer["test_listener_arns"])

    blue_green = params["blue_green"]
    terminate = dict(action=blue_green["termination_action"])
    if blue_green["termination_action"] == "TERMINATE":
        terminate["terminationWaitTimeInMinutes"] = blue_green["termination_wait_time_in_minutes"]

    rollback = params["auto_rollback"]
    alarms = params["alarms"] or {}
    alarm_names = sorted(set(alarms.get("names") or []))
    enabled = alarms.get("enabled")
    return dict(
        deploymentConfigName=params["deployment_config_name"],
        serviceRoleArn=params["service_role_arn"],
        deploymentStyle=dict(BLUE_GREEN_WITH_TRAFFIC_CONTROL),
        ecsServices=[
            dict(serviceName=service["service_name"], clusterName=service["cluster_name"])
            for service in params["ecs_services"]
        ],
        loadBalancerInfo=dict(targetGroupPairInfoList=[pair]),
        blueGreenDeploymentConfiguration=dict(
            deploymentReadyOption=dict(
                actionOnTimeout=blue_green["action_on_timeout"], waitTimeInMinutes=blue_green["wait_time_in_minutes"]
            ),
            terminateBlueInstancesOnDeploymentSuccess=terminate,
        ),
        autoRollbackConfiguration=dict(enabled=rollback["enabled"], events=sorted(set(rollback["events"] or []))),
        alarmConfiguration=dict(
            enabled=bool(alarm_names) if enabled is None else enabled,
            ignorePollAlarmFailure=alarms.get("ignore_poll_alarm_failure") or False,
            alarms=[{"name": name} for name in alarm_names],
        ),
        triggerConfigurations=[
            dict(triggerName=trigger["name"], triggerTargetArn=trigger["target_arn"], triggerEvents=sorted(set(trigger["events"])))
            for trigger in sorted(params["triggers"] or [], key=lambda trigger: trigger["name"])
        ],
    )


# Each normaliser reads a part of the configuration as GetDeploymentGroup or the task has it, an absent key being
# AWS's default, into a form that compares equal when AWS would behave the same.


def listeners(route: Optional[Dict[str, Any]]) -> List[str]:
    return sorted((route or {}).get("listenerArns") or [])


def comparable_load_balancer(info: Optional[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [
        dict(
            target_groups=[group["name"] for group in pair.get("targetGroups") or []],
            prod=listeners(pair.get("prodTrafficRoute")),
            test=listeners(pair.get("testTrafficRoute")),
        )
        for pair in (info or {}).get("targetGroupPairInfoList") or []
    ]


def comparable_blue_green(config: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    ready = (config or {}).get("deploymentReadyOption") or {}
    terminate = (config or {}).get("terminateBlueInstancesOnDeploymentSuccess") or {}
    action = ready.get("actionOnTimeout", "CONTINUE_DEPLOYMENT")
    termination = terminate.get("action", "TERMINATE")
    # AWS uses each wait only with STOP_DEPLOYMENT and TERMINATE.
    return dict(
        action_on_timeout=action,
        wait=ready.get("waitTimeInMinutes", 0) if action == "STOP_DEPLOYMENT" else None,
        termination_action=termination,
        termination_wait=terminate.get("terminationWaitTimeInMinutes", 0) if termination == "TERMINATE" else None,
    )


def comparable_auto_rollback(config: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    config = config or {}
    return dict(enabled=bool(config.get("enabled")), events=sorted(set(config.get("events") or [])))


def comparable_alarms(config: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    config = config or {}
    return dict(
        enabled=bool(config.get("enabled")),
        ignore_poll_alarm_failure=bool(config.get("ignorePollAlarmFailure")),
        names=sorted({alarm["name"] for alarm in config.get("alarms") or []}),
    )


def comparable_triggers(triggers: Optional[List[Dict[str, Any]]]) -> List[Dict[str, Any]]:
    return sorted(
        (
            dict(
                name=trigger["triggerName"],
                target_arn=trigger.get("triggerTargetArn"),
                events=sorted(set(trigger.get("triggerEvents") or [])),
            )
            for trigger in triggers or []
        ),
        key=lambda trigger: trigger["name"],
    )


def comparable_style(style: Optional[Dict[str, Any]]) -> Tuple[str, str]:
    style = style or {}
    return style.get("deploymentType", "IN_PLACE"), style.get("deploymentOption", "WITHOUT_TRAFFIC_CONTROL")


def comparable_ecs_services(services: Optional[List[Dict[str, Any]]]) -> List[Tuple[str, str]]:
    return sorted({(service.get("clusterName"), service.get("serviceName")) for service in services or []})


def comparable_config_name(name: Optional[str]) -> str:
    # AWS's default, for a group created without one.
    return name or "CodeDeployDefault.OneAtATime"


def comparable_text(value: Optional[str]) -> Optional[str]:
    return value


# (name in ``changes``, key of GetDeploymentGroup and UpdateDeploymentGroup, normaliser), in the order of ``changes``.
UPDATABLE: List[Tuple[str, str, Callable[[Any], Any]]] = [
    ("deployment_config_name", "deploymentConfigName", comparable_config_name),
    ("service_role_arn", "serviceRoleArn", comparable_text),
    ("deployment_style", "deploymentStyle", comparable_style),
    ("load_balancer", "loadBalancerInfo", comparable_load_balancer),
    ("blue_green", "blueGreenDeploymentConfiguration", comparable_blue_green),
    ("auto_rollback", "autoRollbackConfiguration", comparable_auto_rollback),
    ("alarms", "alarmConfiguration", comparable_alarms),
    ("triggers", "triggerConfigurations", comparable_triggers),
]


def differences(desired: Dict[str, Any], group: Dict[str, Any]) -> List[Tuple[str, str]]:
    """(name in ``changes``, UpdateDeploymentGroup key) of each part of the configuration that differs."""
    return [
        (change, key)
        for change, key, comparable in UPDATABLE
        if comparable(desired.get(key)) != comparable(group.get(key))
    ]


def creation_request(desired: Dict[str, Any]) -> Dict[str, Any]:
    """CreateDeploymentGroup's configuration: the parts that are AWS's defaults are left out, as AWS documents them."""
    request = dict(desired)
    if comparable_alarms(request["alarmConfiguration"]) == comparable_alarms(None):
        del request["alarmConfiguration"]
    if not request["triggerConfigurations"]:
        del request["triggerConfigurations"]
    return request


# --- AWS -------------------------------------------------------------------------------------


def group_label(params: Dict[str, Any]) -> str:
    return f"{params['application_name']}/{params['name']}"


def get_deployment_group(client, module: AnsibleAWSModule) -> Optional[Dict[str, Any]]:
    """The group as GetDeploymentGroup has it, or None when it or its application does not exist."""
    params = module.params
    try:
        found = client.get_deployment_group(
            aws_retry=True, applicationName=params["application_name"], deploymentGroupName=params["name"]
        )
    except is_boto3_error_code([DEPLOYMENT_GROUP_NOT_FOUND, APPLICATION_NOT_FOUND]):
        return None
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to describe CodeDeploy deployment group {group_label(params)}")
    return found["deploymentGroupInfo"]


def find_deployment_group(client, module: AnsibleAWSModule, arns: ArnBuilder) -> Optional[Dict[str, Any]]:
    """The group with its tags, or None."""
    group = get_deployment_group(client, module)
    if group is None:
        return None
    arn = arns.deployment_group(module.params["application_name"], module.params["name"])
    return dict(group, tags=list_tags(client, module, arn))


def read_back(client, module: AnsibleAWSModule, tags: Dict[str, str]) -> Dict[str, Any]:
    group = get_deployment_group(client, module)
    if group is None:
        module.fail_json(
            msg=f"CodeDeploy deployment group {group_label(module.params)} cannot be found after the change: it was"
            " deleted meanwhile."
        )
    return dict(group, tags=tags)


def refuse_non_ecs_application(module: AnsibleAWSModule, platform: Optional[str]) -> None:
    if platform != "ECS":
        name = module.params["application_name"]
        module.fail_json(
            msg=f"CodeDeploy application {name} has compute platform {platform}, and this module manages deployment"
            " groups of ECS applications only. Use an application created with compute_platform=ECS."
        )


def create_group(client, module: AnsibleAWSModule, desired: Dict[str, Any]) -> Dict[str, Any]:
    params = module.params
    application = get_application(client, module, params["application_name"])
    if application is not None:
        refuse_non_ecs_application(module, application.get("computePlatform"))
    elif not module.check_mode:
        module.fail_json(
            msg=f"CodeDeploy application {params['application_name']} does not exist: create it first, with"
            " seed.aws_platform.codedeploy_application and compute_platform=ECS."
        )
    tags = tag_map(params["tags"] or {})
    if module.check_mode:
        # The application may be created by an earlier task that check mode did not run.
        return dict(
            desired,
            applicationName=params["application_name"],
            deploymentGroupName=params["name"],
            computePlatform="ECS",
            tags=tags,
        )
    request = creation_request(desired)
    if tags:
        request["tags"] = ansible_dict_to_boto3_tag_list(tags)
    try:
        client.create_deployment_group(
            aws_retry=True, applicationName=params["application_name"], deploymentGroupName=params["name"], **request
        )
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to create CodeDeploy deployment group {group_label(params)}")
    return read_back(client, module, tags)


def refuse_other_service(module: AnsibleAWSModule, desired: Dict[str, Any], group: Dict[str, Any]) -> None:
    wanted, current = comparable_ecs_services(desired["ecsServices"]), comparable_ecs_services(group.get("ecsServices"))
    if wanted != current:

        def names(services):
            return ", ".join(f"{cluster}/{service}" for cluster, service in services) or "no service"

        module.fail_json(
            msg=f"CodeDeploy deployment group {group_label(module.params)} deploys ECS service {names(current)}, not"
            f" {names(wanted)}, and AWS does not let the ECS service of a deployment group change. Delete the group"
            " (state=absent) and create it again, or choose another name.",
            deployment_group=normalize_group(group),
        )


def update_group(
    client, module: AnsibleAWSModule, arns: ArnBuilder, desired: Dict[str, Any], group: Dict[str, Any]
) -> Tuple[List[str], Dict[str, Any]]:
    params = module.params
    refuse_non_ecs_application(module, group.get("computePlatform"))
    refuse_other_service(module, desired, group)
    different = differences(desired, group)
    if different and not module.check_mode:
        request = {key: desired[key] for _change, key in different}
        try:
            client.update_deployment_group(
                aws_retry=True,
                applicationName=params["application_name"],
                currentDeploymentGroupName=params["name"],
                **request,
            )
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            module.fail_json_aws(e, msg=f"Failed to update CodeDeploy deployment group {group_label(params)}")
    tags_changed, tags = ensure_tags(
        client, module, group["tags"], lambda: arns.deployment_group(params["application_name"], params["name"])
    )
    changes = [change for change, _key in different] + (["tags"] if tags_changed else [])
    if different and not module.check_mode:
        return changes, read_back(client, module, tags)
    return changes, dict(group, **{key: desired[key] for _change, key in different}, tags=tags)


def ensure_present(
    client, module: AnsibleAWSModule, arns: ArnBuilder, group: Optional[Dict[str, Any]]
) -> Tuple[List[str], Dict[str, Any]]:
    desired = desired_configuration(module.params)
    if group is None:
        return ["created"], create_group(client, module, desired)
    return update_group(client, module, arns, desired, group)


def ensure_absent(client, module: AnsibleAWSModule, group: Optional[Dict[str, Any]]) -> List[str]:
    if group is None:
        return []
    if not module.check_mode:
        params = module.params
        try:
            client.delete_deployment_group(
                aws_retry=True, applicationName=params["application_name"], deploymentGroupName=params["name"]
            )
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            module.fail_json_aws(e, msg=f"Failed to delete CodeDeploy deployment group {group_label(params)}")
    return ["deleted"]


def normalize_group(group: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The snake_cased group the module returns, tags as a dict, or an empty dict."""
    if not group:
        return {}
    group = dict(group)
    tags = group.pop("tags", {})
    return dict(camel_dict_to_snake_dict(normalize_boto3_result(group)), tags=tags)


def main() -> None:
    argument_spec = dict(
        application_name=dict(type="str", required=True),
        name=dict(type="str", required=True),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        service_role_arn=dict(type="str"),
        deployment_config_name=dict(type="str", default="CodeDeployDefault.ECSAllAtOnce"),
        ecs_services=dict(
            type="list",
            elements="dict",
            options=dict(
                cluster_name=dict(type="str", required=True),
                service_name=dict(type="str", required=True),
            ),
        ),
        load_balancer=dict(
            type="dict",
            options=dict(
                target_groups=dict(type="list", elements="str", required=True),
                prod_listener_arns=dict(type="list", elements="str", required=True),
                test_listener_arns=dict(type="list", elements="str"),
            ),
        ),
        blue_green=dict(
            type="dict",
            apply_defaults=True,
            options=dict(
                action_on_timeout=dict(
                    type="str", default="CONTINUE_DEPLOYMENT", choices=["CONTINUE_DEPLOYMENT", "STOP_DEPLOYMENT"]
                ),
                wait_time_in_minutes=dict(type="int", default=0),
                termination_action=dict(type="str", default="TERMINATE", choices=["TERMINATE", "KEEP_ALIVE"]),
                termination_wait_time_in_minutes=dict(type="int", default=5),
            ),
        ),
        auto_rollback=dict(
            type="dict",
            apply_defaults=True,
            options=dict(
                enabled=dict(type="bool", default=True),
                events=dict(
                    type="list",
                    elements="str",
                    choices=ROLLBACK_EVENTS,
                    default=["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"],
                ),
            ),
        ),
        alarms=dict(
            type="dict",
            options=dict(
                names=dict(type="list", elements="str"),
                enabled=dict(type="bool"),
                ignore_poll_alarm_failure=dict(type="bool", default=False),
            ),
        ),
        triggers=dict(
            type="list",
            elements="dict",
            options=dict(
                name=dict(type="str", required=True),
                target_arn=dict(type="str", required=True),
                events=dict(type="list", elements="str", required=True, choices=TRIGGER_EVENTS),
            ),
        ),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )

    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        required_if=[("state", "present", ["service_role_arn", "ecs_services", "load_balancer"])],
    )
    validate_params(module)

    client = codedeploy_client(module)
    arns = ArnBuilder(module, client)
    existing = find_deployment_group(client, module, arns)

    if module.params["state"] == "present":
        changes, group = ensure_present(client, module, arns, existing)
    else:
        changes, group = ensure_absent(client, module, existing), None

    result = dict(changed=bool(changes), changes=changes, deployment_group=normalize_group(group))
    if module._diff:
        result["diff"] = dict(
            before=dict(deployment_group=normalize_group(existing)), after=dict(deployment_group=result["deployment_group"])
        )
    module.exit_json(**result)


if __name__ == "__main__":
    main()
