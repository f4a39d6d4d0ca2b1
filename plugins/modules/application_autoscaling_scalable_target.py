#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: application_autoscaling_scalable_target
version_added: 0.1.0
short_description: Manage an Application Auto Scaling target with its target tracking policies and scheduled actions
description:
  - Registers, updates and deregisters an Application Auto Scaling scalable target, by default the desired count of
    an ECS service, and converges in the same task its capacity range, its target tracking scaling policies and its
    scheduled actions.
  - Each AWS call is made only when what it sets differs from what AWS has, so a converged target costs three
    C(Describe) calls, and C(ListTagsForResource) with O(tags).
  - A target is identified by O(service_namespace), O(resource_id) and O(scalable_dimension).
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  service_namespace:
    description:
      - The AWS service of the resource, for example V(ecs), V(dynamodb) or V(rds).
    type: str
    default: ecs
  resource_id:
    description:
      - Identifier of the resource, whose form depends on the service, for example V(service/CLUSTER/SERVICE) for an
        ECS service.
    type: str
    required: true
  scalable_dimension:
    description:
      - The scalable dimension of the resource, for example V(ecs:service:DesiredCount).
    type: str
    default: ecs:service:DesiredCount
  state:
    description:
      - Whether the target should be registered.
      - V(absent) deregisters it, and AWS deletes its scaling policies and scheduled actions with it.
    type: str
    default: present
    choices: ['present', 'absent']
  min_capacity:
    description:
      - The lowest capacity scaling may set. Required when O(state=present).
      - At most O(max_capacity).
    type: int
  max_capacity:
    description:
      - The highest capacity scaling may set. Required when O(state=present).
    type: int
  suspended_state:
    description:
      - Which kinds of scaling are suspended.
      - When omitted, a new target has none suspended and the suspended state of an existing target is left as it
        is. When given, the three flags are compared and a flag left out is V(false).
    type: dict
    suboptions:
      dynamic_scaling_in_suspended:
        description: Whether scaling policies may not scale in.
        type: bool
        default: false
      dynamic_scaling_out_suspended:
        description: Whether scaling policies may not scale out.
        type: bool
        default: false
      scheduled_scaling_suspended:
        description: Whether scheduled actions do not run.
        type: bool
        default: false
  policies:
    description:
      - The target tracking scaling policies of the target, each kept close to its O(policies[].target_value).
      - A policy is put (C(PutScalingPolicy)) only when it is new or its configuration differs from the task.
      - When omitted, the policies of the target are neither compared nor removed. V([]) with
        O(purge_policies=true) removes them all.
      - Step scaling and predictive scaling policies of the target are never changed or removed; a name in
        O(policies) that is one of them makes the task fail.
    type: list
    elements: dict
    suboptions:
      name:
        description:
          - Name of the policy, unique among the policies of the target.
        type: str
        required: true
      target_value:
        description:
          - The value of the metric the policy keeps the target at, for example V(70) (percent) for
            V(ECSServiceAverageCPUUtilization). Greater than 0.
        type: float
        required: true
      predefined_metric_type:
        description:
          - The predefined metric the policy tracks, for example V(ECSServiceAverageCPUUtilization),
            V(ECSServiceAverageMemoryUtilization) or V(ALBRequestCountPerTarget).
          - Exactly one of O(policies[].predefined_metric_type) and O(policies[].customized_metric) is required.
        type: str
      resource_label:
        description:
          - For V(ALBRequestCountPerTarget), and required with it, the target group whose requests are counted, as
            V(app/LOAD-BALANCER-NAME/LOAD-BALANCER-ID/targetgroup/TARGET-GROUP-NAME/TARGET-GROUP-ID).
        type: str
      customized_metric:
        description:
          - A CloudWatch metric the policy tracks, in the shape of AWS's C(CustomizedMetricSpecification) (keys
            C(MetricName), C(Namespace), C(Dimensions), C(Statistic), C(Unit), or C(Metrics) for metric math),
            passed to AWS as it is and compared with what AWS has key by key.
        type: dict
      scale_in_cooldown:
        description:
          - Seconds after a scale-in before another scale-in may start.
          - When omitted, a new policy gets AWS's default and an existing policy keeps its cooldown.
        type: int
      scale_out_cooldown:
        description:
          - Seconds after a scale-out before another scale-out may start.
          - When omitted, a new policy gets AWS's default and an existing policy keeps its cooldown.
        type: int
      disable_scale_in:
        description:
          - Whether the policy never scales in, leaving that to another policy or to a person.
        type: bool
        default: false
  purge_policies:
    description:
      - Whether target tracking policies of the target that are not in O(policies) are deleted.
      - Has no effect when O(policies) is omitted.
    type: bool
    default: true
  scheduled_actions:
    description:
      - The scheduled actions of the target, which change its capacity range at given times.
      - An action is put (C(PutScheduledAction)) only when it is new or differs from the task.
      - When omitted, the scheduled actions of the target are neither compared nor removed. V([]) with
        O(purge_scheduled_actions=true) removes them all.
    type: list
    elements: dict
    suboptions:
      name:
        description:
          - Name of the action, unique among the scheduled actions of the target.
        type: str
        required: true
      schedule:
        description:
          - When the action runs, as V(at(yyyy-mm-ddThh:mm:ss)), V(rate(VALUE UNIT)) or V(cron(FIELDS)), for example
            V(cron(0 20 * * ? *)).
        type: str
        required: true
      timezone:
        description:
          - IANA time zone of the V(at) and V(cron) expressions, for example V(Europe/Paris).
          - When omitted, V(UTC).
        type: str
      min_capacity:
        description:
          - The minimum capacity the action sets. At least one of O(scheduled_actions[].min_capacity) and
            O(scheduled_actions[].max_capacity) is required.
        type: int
      max_capacity:
        description:
          - The maximum capacity the action sets.
        type: int
      start_time:
        description:
          - When a recurring action starts to apply, as an ISO 8601 date and time, for example
            V(2030-01-31T22:00:00Z); without a time zone, UTC. Compared to the second.
        type: str
      end_time:
        description:
          - When a recurring action stops applying, in the form of O(scheduled_actions[].start_time).
        type: str
  purge_scheduled_actions:
    description:
      - Whether scheduled actions of the target that are not in O(scheduled_actions) are deleted.
      - Has no effect when O(scheduled_actions) is omitted.
    type: bool
    default: true
notes:
  - Changes are made in this order; C(RegisterScalableTarget) (a new target, or a new range or suspended state), the
    tags, C(PutScalingPolicy) for new and changed policies, C(DeleteScalingPolicy) for purged ones, then the same for
    scheduled actions. New policies thus start before old ones stop.
  - AWS keeps a value of a scheduled action that C(PutScheduledAction) does not name, so an action whose minimum or
    maximum capacity the task leaves out is deleted and put again, and one whose time zone the task leaves out is
    put with V(UTC).
  - Tags are read only when O(tags) is given, with C(ListTagsForResource) on the ARN of the target.
  - This module supports check mode and diff mode. The diff shows the range, suspended state, tags, target tracking
    policies and scheduled actions, the last two by name.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Scale the web service between 2 and 10 tasks on CPU, memory and requests, smaller at night
  seed.aws_platform.application_autoscaling_scalable_target:
    resource_id: service/tiger/web
    min_capacity: 2
    max_capacity: 10
    policies:
      - name: cpu
        predefined_metric_type: ECSServiceAverageCPUUtilization
        target_value: 60
        scale_in_cooldown: 300
        scale_out_cooldown: 60
      - name: memory
        predefined_metric_type: ECSServiceAverageMemoryUtilization
        target_value: 75
      - name: requests
        predefined_metric_type: ALBRequestCountPerTarget
        resource_label: app/tiger/50dc6c495c0c9188/targetgroup/tiger-web/943f017f100becff
        target_value: 500
    scheduled_actions:
      - name: night
        schedule: cron(0 22 * * ? *)
        timezone: Europe/Paris
        min_capacity: 1
        max_capacity: 4
      - name: morning
        schedule: cron(0 7 * * ? *)
        timezone: Europe/Paris
        min_capacity: 2
        max_capacity: 10
    tags:
      Environment: tiger
  register: scaling

- name: Track a custom metric and keep the policies and actions set up elsewhere
  seed.aws_platform.application_autoscaling_scalable_target:
    resource_id: service/tiger/worker
    min_capacity: 1
    max_capacity: 20
    policies:
      - name: backlog
        target_value: 100
        customized_metric:
          MetricName: BacklogPerTask
          Namespace: Tiger/Worker
          Statistic: Average
          Dimensions:
            - Name: Service
              Value: worker
        disable_scale_in: true
    purge_policies: false

- name: Freeze scaling during a migration
  seed.aws_platform.application_autoscaling_scalable_target:
    resource_id: service/tiger/web
    min_capacity: 2
    max_capacity: 10
    suspended_state:
      dynamic_scaling_in_suspended: true
      dynamic_scaling_out_suspended: true
      scheduled_scaling_suspended: true

- name: Stop scaling the service (AWS deletes its policies and scheduled actions)
  seed.aws_platform.application_autoscaling_scalable_target:
    resource_id: service/tiger/web
    state: absent
"""

RETURN = r"""
changes:
  description:
    - What the task changed, in the order it was changed; V(registered), V(range), V(suspended_state), V(tags),
      V(policy NAME added), V(policy NAME updated), V(policy NAME removed), V(scheduled action NAME added),
      V(scheduled action NAME updated), V(scheduled action NAME removed) or V(deregistered).
    - Empty when nothing changed.
  returned: always
  type: list
  elements: str
  sample: ["range", "policy cpu updated", "scheduled action night added"]
scalable_target:
  description:
    - The scalable target after the task, as DescribeScalableTargets reports it (snake_cased).
    - Empty when O(state=absent).
    - In check mode, a target that would be registered has only the keys the task sets.
  returned: always
  type: dict
  contains:
    service_namespace:
      description: The AWS service of the resource.
      returned: always
      type: str
      sample: ecs
    resource_id:
      description: Identifier of the resource.
      returned: always
      type: str
      sample: service/tiger/web
    scalable_dimension:
      description: The scalable dimension.
      returned: always
      type: str
      sample: ecs:service:DesiredCount
    min_capacity:
      description: The lowest capacity scaling may set.
      returned: always
      type: int
      sample: 2
    max_capacity:
      description: The highest capacity scaling may set.
      returned: always
      type: int
      sample: 10
    suspended_state:
      description: Which kinds of scaling are suspended.
      returned: always
      type: dict
      sample: {"dynamic_scaling_in_suspended": false, "dynamic_scaling_out_suspended": false,
               "scheduled_scaling_suspended": false}
    scalable_target_arn:
      description: ARN of the target, which its tags are attached to.
      returned: when the target is registered
      type: str
      sample: arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/0ec3a45f1bd1c41e6e9d9b2bd1c6b1ec
    role_arn:
      description: The service-linked role Application Auto Scaling uses for the resource.
      returned: when the target is registered
      type: str
      sample: >-
        arn:aws:iam::123456789012:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService
    creation_time:
      description: When the target was registered, in ISO 8601.
      returned: when the target is registered
      type: str
      sample: "2030-01-31T22:00:00.123000+00:00"
    tags:
      description: Tags of the target.
      returned: when O(tags) is given
      type: dict
      sample: {"Environment": "tiger"}
policies:
  description:
    - Every scaling policy of the target after the task, as DescribeScalingPolicies reports it (snake_cased),
      including step scaling policies the module does not manage.
    - In check mode, a policy that would be created has no RV(policies[].policy_arn) and no RV(policies[].alarms).
  returned: always
  type: list
  elements: dict
  contains:
    policy_name:
      description: Name of the policy.
      type: str
      sample: cpu
    policy_arn:
      description: ARN of the policy.
      type: str
      sample: arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:6d8972f3-efc8-437c-92d1-6270f29a66e7:resource/ecs/service/tiger/web:policyName/cpu
    policy_type:
      description: V(TargetTrackingScaling) for the policies of this module.
      type: str
      sample: TargetTrackingScaling
    target_tracking_scaling_policy_configuration:
      description: The configuration of a target tracking policy.
      type: dict
      sample: {"target_value": 60.0, "predefined_metric_specification": {
               "predefined_metric_type": "ECSServiceAverageCPUUtilization"}, "scale_in_cooldown": 300,
               "scale_out_cooldown": 60, "disable_scale_in": false}
    alarms:
      description: The CloudWatch alarms AWS created for the policy, each with C(alarm_name) and C(alarm_arn).
      type: list
      elements: dict
      sample: [{"alarm_name": "TargetTracking-service/tiger/web-AlarmHigh-1b437334",
                "alarm_arn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:TargetTracking-service/tiger/web-AlarmHigh-1b437334"}]
scheduled_actions:
  description:
    - Every scheduled action of the target after the task, as DescribeScheduledActions reports it (snake_cased).
    - In check mode, an action that would be created has no RV(scheduled_actions[].scheduled_action_arn).
  returned: always
  type: list
  elements: dict
  contains:
    scheduled_action_name:
      description: Name of the action.
      type: str
      sample: night
    scheduled_action_arn:
      description: ARN of the action.
      type: str
      sample: arn:aws:autoscaling:us-east-1:123456789012:scheduledAction:ecs/service/tiger/web:scheduledActionName/night
    schedule:
      description: When the action runs.
      type: str
      sample: cron(0 22 * * ? *)
    timezone:
      description: Time zone of the schedule.
      type: str
      sample: Europe/Paris
    start_time:
      description: When a recurring action starts to apply, in ISO 8601.
      type: str
      sample: "2030-01-31T22:00:00+00:00"
    end_time:
      description: When a recurring action stops applying, in ISO 8601.
      type: str
      sample: "2030-12-31T22:00:00+00:00"
    scalable_target_action:
      description: The C(min_capacity) and C(max_capacity) the action sets.
      type: dict
      sample: {"min_capacity": 1, "max_capacity": 4}
"""

import datetime
import re
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
from ansible_collections.amazon.aws.plugins.module_utils.transformation import boto3_resource_to_ansible_dict

from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import converge_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import tag_map

TARGET_TRACKING = "TargetTrackingScaling"
ALB_METRIC = "ALBRequestCountPerTarget"
SCHEDULE = re.compile(r"^(at|rate|cron)\(.+\)$")
SUSPENDED_STATE = (
    ("dynamic_scaling_in_suspended", "DynamicScalingInSuspended"),
    ("dynamic_scaling_out_suspended", "DynamicScalingOutSuspended"),
    ("scheduled_scaling_suspended", "ScheduledScalingSuspended"),
)
COOLDOWNS = (("scale_in_cooldown", "ScaleInCooldown"), ("scale_out_cooldown", "ScaleOutCooldown"))
CAPACITIES = (("min_capacity", "MinCapacity"), ("max_capacity", "MaxCapacity"))
TIMES = (("start_time", "StartTime"), ("end_time", "EndTime"))
DEFAULT_TIMEZONE = "UTC"

Action = Tuple[str, Dict[str, Any]]


# --- validation ---------------------------------------------------------------------------------


def parse_time(module: AnsibleAWSModule, where: str, option: str, value: str) -> datetime.datetime:
    """An ISO 8601 date and time as an aware datetime, to the second; without a time zone, UTC."""
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        module.fail_json(
            msg=f"{where}: {option} {value!r} is not an ISO 8601 date and time, such as 2030-01-31T22:00:00Z."
        )
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed.replace(microsecond=0)


def duplicates(items: List[Dict[str, Any]]) -> List[str]:
    names = [item["name"] for item in items]
    return sorted({name for name in names if names.count(name) > 1})


def validate_policy(module: AnsibleAWSModule, policy: Dict[str, Any]) -> None:
    where = f"policies[{policy['name']}]"
    if policy["target_value"] <= 0:
        module.fail_json(msg=f"{where}: target_value must be greater than 0, not {policy['target_value']}.")
    metric = policy["predefined_metric_type"]
    if metric == ALB_METRIC and not policy["resource_label"]:
        module.fail_json(
            msg=f"{where}: resource_label is required with predefined_metric_type {ALB_METRIC}; it names the target"
            " group whose requests are counted, as app/<load-balancer-name>/<load-balancer-id>/targetgroup/"
            "<target-group-name>/<target-group-id>."
        )
    if policy["resource_label"] and metric != ALB_METRIC:
        module.fail_json(
            msg=f"{where}: resource_label {policy['resource_label']!r} only applies to predefined_metric_type"
            f" {ALB_METRIC}, not {metric or 'customized_metric'}."
        )
    for option, _key in COOLDOWNS:
        if policy[option] is not None and policy[option] < 0:
            module.fail_json(msg=f"{where}: {option} must be 0 or more seconds, not {policy[option]}.")


def validate_scheduled_action(module: AnsibleAWSModule, action: Dict[str, Any]) -> None:
    where = f"scheduled_actions[{action['name']}]"
    if not SCHEDULE.match(action["schedule"]):
        module.fail_json(
            msg=f"{where}: schedule {action['schedule']!r} is not valid: it must be at(yyyy-mm-ddThh:mm:ss),"
            " rate(<value> <unit>) or cron(<fields>)."
        )
    for option, _key in CAPACITIES:
        if action[option] is not None and action[option] < 0:
            module.fail_json(msg=f"{where}: {option} must be 0 or more, not {action[option]}.")
    if action["min_capacity"] is not None and action["max_capacity"] is not None:
        if action["min_capacity"] > action["max_capacity"]:
            module.fail_json(
                msg=f"{where}: min_capacity {action['min_capacity']} is greater than max_capacity"
                f" {action['max_capacity']}."
            )
    times = {option: parse_time(module, where, option, action[option]) for option, _key in TIMES if action[option]}
    if len(times) == 2 and times["start_time"] >= times["end_time"]:
        module.fail_json(
            msg=f"{where}: start_time {action['start_time']!r} must be before end_time {action['end_time']!r}."
        )


def validate_params(module: AnsibleAWSModule) -> None:
    params = module.params
    if not params["resource_id"]:
        module.fail_json(msg="resource_id cannot be empty.")
    if params["state"] == "absent":
        return
    for option in ("min_capacity", "max_capacity"):
        if params[option] < 0:
            module.fail_json(msg=f"{option} must be 0 or more, not {params[option]}.")
    if params["min_capacity"] > params["max_capacity"]:
        module.fail_json(
            msg=f"min_capacity {params['min_capacity']} is greater than max_capacity {params['max_capacity']}."
        )
    for option in ("policies", "scheduled_actions"):
        repeated = duplicates(params[option] or [])
        if repeated:
            module.fail_json(msg=f"The names in {option} must be unique: {', '.join(repeated)} given more than once.")
    for policy in params["policies"] or []:
        validate_policy(module, policy)
    for action in params["scheduled_actions"] or []:
        validate_scheduled_action(module, action)


# --- reading ------------------------------------------------------------------------------------


def target_key(module: AnsibleAWSModule) -> Dict[str, str]:
    params = module.params
    return dict(
        ServiceNamespace=params["service_namespace"],
        ResourceId=params["resource_id"],
        ScalableDimension=params["scalable_dimension"],
    )


def target_name(module: AnsibleAWSModule) -> str:
    key = target_key(module)
    return f"scalable target {key['ResourceId']} ({key['ScalableDimension']})"


# The retries wrap the whole pagination because a paginator bypasses the retrying client wrapper that
# ``AnsibleAWSModule.client`` returns.
@AWSRetry.jittered_backoff()
def paginate(client, operation: str, key: str, **params) -> List[Dict[str, Any]]:
    return client.get_paginator(operation).paginate(**params).build_full_result()[key]


def of_target(module: AnsibleAWSModule, items: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Only the items of this very target: a filter by resource ID is not an exact match everywhere (moto)."""
    key = target_key(module)
    return [item for item in items if all(item.get(name) == value for name, value in key.items())]


def describe(client, module: AnsibleAWSModule, operation: str, key: str, what: str, **params) -> List[Dict[str, Any]]:
    try:
        found = paginate(client, operation, key, **params)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to describe {what}")
    return of_target(module, found)


def describe_target(client, module: AnsibleAWSModule) -> Optional[Dict[str, Any]]:
    key = target_key(module)
    found = describe(
        client,
        module,
        "describe_scalable_targets",
        "ScalableTargets",
        target_name(module),
        ServiceNamespace=key["ServiceNamespace"],
        ResourceIds=[key["ResourceId"]],
        ScalableDimension=key["ScalableDimension"],
    )
    return found[0] if found else None


def describe_policies(client, module: AnsibleAWSModule) -> List[Dict[str, Any]]:
    return describe(
        client,
        module,
        "describe_scaling_policies",
        "ScalingPolicies",
        f"the scaling policies of {target_name(module)}",
        **target_key(module),
    )


def describe_scheduled_actions(client, module: AnsibleAWSModule) -> List[Dict[str, Any]]:
    return describe(
        client,
        module,
        "describe_scheduled_actions",
        "ScheduledActions",
        f"the scheduled actions of {target_name(module)}",
        **target_key(module),
    )


def list_tags(client, module: AnsibleAWSModule, arn: str) -> Dict[str, str]:
    try:
        return client.list_tags_for_resource(aws_retry=True, ResourceARN=arn)["Tags"]
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to list the tags of {target_name(module)}")


def call(client, module: AnsibleAWSModule, operation: str, what: str, **request) -> Dict[str, Any]:
    try:
        return getattr(client, operation)(aws_retry=True, **request)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to {what}")


# --- the target ---------------------------------------------------------------------------------


def suspended_state(state: Optional[Dict[str, Any]]) -> Dict[str, bool]:
    """A SuspendedState with its three flags; AWS or moto may leave some or all out, which means not suspended."""
    return {key: bool((state or {}).get(key, False)) for _option, key in SUSPENDED_STATE}


def plan_target(module: AnsibleAWSModule, target: Optional[Dict[str, Any]]) -> Tuple[List[str], Dict[str, Any]]:
    """(changes, the target as it will be) for the range and suspended state."""
    params = module.params
    wanted = dict(MinCapacity=params["min_capacity"], MaxCapacity=params["max_capacity"])
    if params["suspended_state"] is not None:
        wanted["SuspendedState"] = {key: params["suspended_state"][option] for option, key in SUSPENDED_STATE}
    if target is None:
        planned = dict(target_key(module), SuspendedState=suspended_state(None))
        planned.update(wanted)
        return ["registered"], planned
    changes = []
    if (target["MinCapacity"], target["MaxCapacity"]) != (wanted["MinCapacity"], wanted["MaxCapacity"]):
        changes.append("range")
    if "SuspendedState" in wanted and wanted["SuspendedState"] != suspended_state(target.get("SuspendedState")):
        changes.append("suspended_state")
    return changes, dict(target, **wanted)


def register_target(client, module: AnsibleAWSModule, planned: Dict[str, Any], new: bool) -> None:
    request = dict(target_key(module), MinCapacity=planned["MinCapacity"], MaxCapacity=planned["MaxCapacity"])
    if module.params["suspended_state"] is not None:
        request["SuspendedState"] = planned["SuspendedState"]
    if new and module.params["tags"]:
        request["Tags"] = tag_map(module.params["tags"])
    call(client, module, "register_scalable_target", f"register {target_name(module)}", **request)


def update_tags(client, module: AnsibleAWSModule, target: Dict[str, Any]) -> Tuple[bool, Dict[str, str]]:
    arn = target["ScalableTargetARN"]

    def apply(to_set: Dict[str, str], to_unset: List[str]) -> None:
        if to_unset:
            client.untag_resource(aws_retry=True, ResourceARN=arn, TagKeys=to_unset)
        if to_set:
            client.tag_resource(aws_retry=True, ResourceARN=arn, Tags=to_set)

    return converge_tags(module, target["Tags"], apply, lambda: target_name(module))


# --- policies -----------------------------------------------------------------------------------


def policy_configuration(policy: Dict[str, Any], current: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The TargetTrackingScalingPolicyConfiguration of a policy of the task; a cooldown it leaves out is kept."""
    config = dict(TargetValue=float(policy["target_value"]), DisableScaleIn=policy["disable_scale_in"])
    if policy["predefined_metric_type"]:
        spec = dict(PredefinedMetricType=policy["predefined_metric_type"])
        if policy["resource_label"]:
            spec["ResourceLabel"] = policy["resource_label"]
        config["PredefinedMetricSpecification"] = spec
    else:
        config["CustomizedMetricSpecification"] = policy["customized_metric"]
    current_config = (current or {}).get("TargetTrackingScalingPolicyConfiguration") or {}
    for option, key in COOLDOWNS:
        value = policy[option] if policy[option] is not None else current_config.get(key)
        if value is not None:
            config[key] = value
    return config


def comparable_configuration(config: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """A configuration with what AWS adds or retypes made uniform: DisableScaleIn false, TargetValue a float."""
    config = dict(config or {})
    config["TargetValue"] = float(config.get("TargetValue", 0))
    config["DisableScaleIn"] = bool(config.get("DisableScaleIn", False))
    return config


def plan_policies(
    module: AnsibleAWSModule, current: List[Dict[str, Any]]
) -> Tuple[List[str], List[Action], List[Dict[str, Any]]]:
    """(changes, calls, the policies as they will be); fails on a name that is not a target tracking policy."""
    wanted = module.params["policies"]
    if wanted is None:
        return [], [], current
    by_name = {policy["PolicyName"]: policy for policy in current}
    changes, calls, after = [], [], dict(by_name)
    for policy in wanted:
        name = policy["name"]
        existing = by_name.get(name)
        if existing is not None and existing["PolicyType"] != TARGET_TRACKING:
            module.fail_json(
                msg=f"Scaling policy {name} of {target_name(module)} is a {existing['PolicyType']} policy, and this"
                " module only manages target tracking policies. Delete it, or give the target tracking policy"
                " another name."
            )
        config = policy_configuration(policy, existing)
        if existing is not None and comparable_configuration(config) == comparable_configuration(
            existing.get("TargetTrackingScalingPolicyConfiguration")
        ):
            continue
        changes.append(f"policy {name} {'added' if existing is None else 'updated'}")
        request = dict(
            target_key(module),
            PolicyName=name,
            PolicyType=TARGET_TRACKING,
            TargetTrackingScalingPolicyConfiguration=config,
        )
        calls.append(("put_scaling_policy", request))
        after[name] = dict(existing or {}, **request)
    if module.params["purge_policies"]:
        listed = {policy["name"] for policy in wanted}
        for policy in current:
            if policy["PolicyType"] == TARGET_TRACKING and policy["PolicyName"] not in listed:
                changes.append(f"policy {policy['PolicyName']} removed")
                calls.append(("delete_scaling_policy", dict(target_key(module), PolicyName=policy["PolicyName"])))
                del after[policy["PolicyName"]]
    return changes, calls, list(after.values())


# --- scheduled actions --------------------------------------------------------------------------


def timezone(action: Dict[str, Any]) -> str:
    return action.get("Timezone") or DEFAULT_TIMEZONE


def epoch(value: Optional[datetime.datetime]) -> Optional[int]:
    return None if value is None else int(value.timestamp())


def comparable_action(action: Dict[str, Any]) -> Tuple:
    target_action = action.get("ScalableTargetAction") or {}
    return (
        action.get("Schedule"),
        timezone(action),
        epoch(action.get("StartTime")),
        epoch(action.get("EndTime")),
        target_action.get("MinCapacity"),
        target_action.get("MaxCapacity"),
    )


def action_request(
    module: AnsibleAWSModule, action: Dict[str, Any], current: Optional[Dict[str, Any]]
) -> Dict[str, Any]:
    """The PutScheduledAction request of an action of the task."""
    where = f"scheduled_actions[{action['name']}]"
    request = dict(
        target_key(module),
        ScheduledActionName=action["name"],
        Schedule=action["schedule"],
        ScalableTargetAction={key: action[option] for option, key in CAPACITIES if action[option] is not None},
    )
    if action["timezone"]:
        request["Timezone"] = action["timezone"]
    elif current is not None and timezone(current) != DEFAULT_TIMEZONE:
        # PutScheduledAction keeps the time zone it is not given.
        request["Timezone"] = DEFAULT_TIMEZONE
    for option, key in TIMES:
        if action[option]:
            request[key] = parse_time(module, where, option, action[option])
    return request


def plan_scheduled_actions(
    module: AnsibleAWSModule, current: List[Dict[str, Any]]
) -> Tuple[List[str], List[Action], List[Dict[str, Any]]]:
    """(changes, calls, the scheduled actions as they will be)."""
    wanted = module.params["scheduled_actions"]
    if wanted is None:
        return [], [], current
    by_name = {action["ScheduledActionName"]: action for action in current}
    changes, calls, after = [], [], dict(by_name)
    for action in wanted:
        name = action["name"]
        existing = by_name.get(name)
        request = action_request(module, action, existing)
        if existing is not None and comparable_action(request) == comparable_action(existing):
            continue
        changes.append(f"scheduled action {name} {'added' if existing is None else 'updated'}")
        kept = existing or {}
        if set(kept.get("ScalableTargetAction") or {}) - set(request["ScalableTargetAction"]):
            # PutScheduledAction keeps a capacity it is not given: only a new action drops it.
            calls.append(("delete_scheduled_action", dict(target_key(module), ScheduledActionName=name)))
            kept = {}
        calls.append(("put_scheduled_action", request))
        # Unlike the other values, a start or end time PutScheduledAction is not given is removed.
        kept = {key: value for key, value in kept.items() if key not in ("StartTime", "EndTime")}
        after[name] = dict(kept, **request)
    if module.params["purge_scheduled_actions"]:
        listed = {action["name"] for action in wanted}
        for name in by_name:
            if name not in listed:
                changes.append(f"scheduled action {name} removed")
                calls.append(("delete_scheduled_action", dict(target_key(module), ScheduledActionName=name)))
                del after[name]
    return changes, calls, list(after.values())


# --- present and absent -------------------------------------------------------------------------


def make_calls(client, module: AnsibleAWSModule, calls: List[Action]) -> None:
    for operation, request in calls:
        name = request.get("PolicyName") or request.get("ScheduledActionName")
        what = f"{operation.replace('_', ' ')} {name} of {target_name(module)}"
        call(client, module, operation, what, **request)


def ensure_present(
    client,
    module: AnsibleAWSModule,
    target: Optional[Dict[str, Any]],
    policies: List[Dict[str, Any]],
    actions: List[Dict[str, Any]],
) -> Tuple[List[str], Dict[str, Any], List[Dict[str, Any]], List[Dict[str, Any]]]:
    """(changes, target, policies, scheduled actions) after the task; everything is planned before the first call."""
    target_changes, after_target = plan_target(module, target)
    policy_changes, policy_calls, after_policies = plan_policies(module, policies)
    action_changes, action_calls, after_actions = plan_scheduled_actions(module, actions)

    tags_changed = False
    if target is None:
        if module.params["tags"] is not None:
            after_target["Tags"] = tag_map(module.params["tags"])
        if not module.check_mode:
            register_target(client, module, after_target, new=True)
    else:
        if target_changes and not module.check_mode:
            register_target(client, module, after_target, new=False)
        if module.params["tags"] is not None:
            tags_changed, after_target["Tags"] = update_tags(client, module, target)

    changes = target_changes + (["tags"] if tags_changed else []) + policy_changes + action_changes
    if module.check_mode:
        return changes, after_target, after_policies, after_actions

    make_calls(client, module, policy_calls + action_calls)
    if target_changes:
        # The ARN and creation time of a new target, and what AWS made of the range.
        described = describe_target(client, module)
        if described is not None:
            after_target = dict(described, **({"Tags": after_target["Tags"]} if "Tags" in after_target else {}))
    if policy_calls:
        after_policies = describe_policies(client, module)
    if action_calls:
        after_actions = describe_scheduled_actions(client, module)
    return changes, after_target, after_policies, after_actions


def ensure_absent(client, module: AnsibleAWSModule, target: Optional[Dict[str, Any]]) -> List[str]:
    if target is None:
        return []
    if not module.check_mode:
        try:
            client.deregister_scalable_target(aws_retry=True, **target_key(module))
        except is_boto3_error_code("ObjectNotFoundException"):
            # Deregistered by someone else since we described it: that is the goal anyway.
            return []
        except (
            botocore.exceptions.ClientError,
            botocore.exceptions.BotoCoreError,
        ) as e:  # pylint: disable=duplicate-except
            module.fail_json_aws(e, msg=f"Failed to deregister {target_name(module)}")
    return ["deregistered"]


# --- results ------------------------------------------------------------------------------------


def snake(resource: Dict[str, Any], keep: Tuple[str, ...] = ()) -> Dict[str, Any]:
    resource = {key: value for key, value in resource.items() if key != "ResponseMetadata"}
    return boto3_resource_to_ansible_dict(resource, transform_tags=False, force_tags=False, ignore_list=list(keep))


def normalize_target(target: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    if not target:
        return {}
    return snake(dict(target, SuspendedState=suspended_state(target.get("SuspendedState"))), keep=("Tags",))


def utc(value: Optional[datetime.datetime]) -> Optional[str]:
    return None if value is None else value.astimezone(datetime.timezone.utc).isoformat()


def diff_view(
    target: Optional[Dict[str, Any]], policies: List[Dict[str, Any]], actions: List[Dict[str, Any]]
) -> Dict[str, Any]:
    """What the task converges, policies and actions by name, for a readable diff."""
    if not target:
        return {}
    view = dict(
        min_capacity=target["MinCapacity"],
        max_capacity=target["MaxCapacity"],
        suspended_state=snake(suspended_state(target.get("SuspendedState"))),
    )
    if "Tags" in target:
        view["tags"] = target["Tags"]
    view["policies"] = {
        policy["PolicyName"]: (
            snake(comparable_configuration(policy.get("TargetTrackingScalingPolicyConfiguration")))
            if policy["PolicyType"] == TARGET_TRACKING
            else dict(policy_type=policy["PolicyType"])
        )
        for policy in policies
    }
    view["scheduled_actions"] = {
        action["ScheduledActionName"]: dict(
            schedule=action.get("Schedule"),
            timezone=timezone(action),
            start_time=utc(action.get("StartTime")),
            end_time=utc(action.get("EndTime")),
            min_capacity=(action.get("ScalableTargetAction") or {}).get("MinCapacity"),
            max_capacity=(action.get("ScalableTargetAction") or {}).get("MaxCapacity"),
        )
        for action in actions
    }
    return view


def main() -> None:
    policy_options = dict(
        name=dict(type="str", required=True),
        target_value=dict(type="float", required=True),
        predefined_metric_type=dict(type="str"),
        resource_label=dict(type="str"),
        customized_metric=dict(type="dict"),
        scale_in_cooldown=dict(type="int"),
        scale_out_cooldown=dict(type="int"),
        disable_scale_in=dict(type="bool", default=False),
    )
    scheduled_action_options = dict(
        name=dict(type="str", required=True),
        schedule=dict(type="str", required=True),
        timezone=dict(type="str"),
        min_capacity=dict(type="int"),
        max_capacity=dict(type="int"),
        start_time=dict(type="str"),
        end_time=dict(type="str"),
    )
    argument_spec = dict(
        service_namespace=dict(type="str", default="ecs"),
        resource_id=dict(type="str", required=True),
        scalable_dimension=dict(type="str", default="ecs:service:DesiredCount"),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        min_capacity=dict(type="int"),
        max_capacity=dict(type="int"),
        suspended_state=dict(
            type="dict",
            options={option: dict(type="bool", default=False) for option, _key in SUSPENDED_STATE},
        ),
        policies=dict(
            type="list",
            elements="dict",
            options=policy_options,
            mutually_exclusive=[("predefined_metric_type", "customized_metric")],
            required_one_of=[("predefined_metric_type", "customized_metric")],
        ),
        purge_policies=dict(type="bool", default=True),
        scheduled_actions=dict(
            type="list",
            elements="dict",
            options=scheduled_action_options,
            required_one_of=[("min_capacity", "max_capacity")],
        ),
        purge_scheduled_actions=dict(type="bool", default=True),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )

    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        required_if=[("state", "present", ["min_capacity", "max_capacity"])],
    )
    validate_params(module)

    client = module.client("application-autoscaling", retry_decorator=AWSRetry.jittered_backoff())
    present = module.params["state"] == "present"
    target = describe_target(client, module)
    policies, actions = [], []
    if present or (module._diff and target is not None):
        policies, actions = describe_policies(client, module), describe_scheduled_actions(client, module)
    if target is not None and present and module.params["tags"] is not None:
        target = dict(target, Tags=list_tags(client, module, target["ScalableTargetARN"]))

    if present:
        changes, after_target, after_policies, after_actions = ensure_present(client, module, target, policies, actions)
    else:
        changes, after_target, after_policies, after_actions = ensure_absent(client, module, target), None, [], []

    result = dict(
        changed=bool(changes),
        changes=changes,
        scalable_target=normalize_target(after_target),
        policies=[snake(policy) for policy in after_policies],
        scheduled_actions=[snake(action) for action in after_actions],
    )
    if module._diff:
        result["diff"] = dict(
            before=diff_view(target, policies, actions), after=diff_view(after_target, after_policies, after_actions)
        )
    module.exit_json(**result)


if __name__ == "__main__":
    main()
