#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: ecs_task
version_added: 0.1.0
short_description: Run a one-off ECS task, wait until it has stopped and check the exit codes of its containers
description:
  - Runs one task of a given task definition revision in an Amazon ECS cluster, for example the database migrations
    of a release, with C(RunTask).
  - With O(wait=true), the module then waits until the task has C(STOPPED) and succeeds only when every essential
    container of the task definition exited with code V(0). Otherwise the task fails with the task's stop code and
    stopped reason and the exit code and reason of each of its containers, for example
    V(CannotPullContainerError) when an image cannot be pulled.
  - Running a task is an action, not a state to converge to, so every run runs a new task and reports a change;
    check mode runs nothing and reports a change too.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  cluster:
    description:
      - Name or ARN of the cluster to run the task in.
    type: str
    required: true
  task_definition:
    description:
      - The task definition to run, as an ARN or as V(family:revision).
      - A family without revision is refused, since the revision it means changes with every registration.
    type: str
    required: true
  container_overrides:
    description:
      - Changes to the containers of the task definition for this task only, sent as C(overrides.containerOverrides).
    type: list
    elements: dict
    suboptions:
      name:
        description:
          - Name of the container, as in the task definition.
        type: str
        required: true
      command:
        description:
          - The command the container runs instead of that of the task definition, one list item per argument.
        type: list
        elements: str
      environment:
        description:
          - Environment variables added to those of the task definition, or replacing them, as names and values.
          - Values are sent as strings, so YAML numbers and booleans become their text.
        type: dict
  network_configuration:
    description:
      - The VPC networking of the task, required by task definitions with the C(awsvpc) network mode (Fargate).
      - Takes the module's keys, or the C(awsvpcConfiguration) of a service as C(DescribeServices) returns it
        (C(subnets), C(securityGroups), C(assignPublicIp)), so that a one-off task can run in the network of a
        service.
    type: dict
    suboptions:
      subnets:
        description:
          - IDs of the subnets the task may be placed in, at least one.
        type: list
        elements: str
        required: true
      security_groups:
        description:
          - IDs of the security groups of the task.
          - When omitted, AWS uses the default security group of the VPC.
        type: list
        elements: str
        aliases: ['securityGroups']
      assign_public_ip:
        description:
          - Whether the task gets a public IP address, which a task in a public subnet needs to pull its images
            without a NAT gateway.
          - A boolean, or V(ENABLED) or V(DISABLED) as AWS reports it.
        type: raw
        default: false
        aliases: ['assignPublicIp']
  launch_type:
    description:
      - Where the task runs, V(FARGATE) or V(EC2).
      - Ignored when O(capacity_provider_strategy) is given, and cannot be set together with it.
    type: str
    default: FARGATE
    choices: ['FARGATE', 'EC2']
  capacity_provider_strategy:
    description:
      - The capacity providers the task may be placed with, for example V(FARGATE_SPOT), instead of O(launch_type).
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
      - Fargate platform version of the task, for example V(1.4.0). When omitted, AWS uses V(LATEST).
      - Not accepted with O(launch_type=EC2).
    type: str
  started_by:
    description:
      - A label of the task, for example the release it migrates, which C(ListTasks) can filter on.
      - Up to 36 letters, digits, hyphens, forward slashes and underscores.
    type: str
  tags:
    description:
      - Tags of the task. Values are sent as strings.
    type: dict
    aliases: ['resource_tags']
  propagate_tags:
    description:
      - Whether ECS copies the tags of the V(TASK_DEFINITION) to the task. When omitted, or with V(NONE), it does not.
      - AWS refuses V(SERVICE) for a task that no service starts, so the module fails on it before running anything.
    type: str
    choices: ['TASK_DEFINITION', 'SERVICE', 'NONE']
  wait:
    description:
      - Whether to wait until the task has stopped and check the exit codes of its essential containers.
      - Without waiting, the module returns as soon as ECS has accepted the task, and the task's outcome is not
        checked.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait at most.
      - A task that has not stopped then is stopped with C(StopTask) (reason V(Timed out waiting for the one-off task)),
        and the module fails with the task's last status.
    type: int
    default: 1800
  poll_interval:
    description:
      - Seconds between two looks at the task while waiting.
    type: int
    default: 5
notes:
  - The module runs exactly one task (C(count=1)), with a new C(clientToken) per run, so that AWS does not run a
    second task when a call that already started it is retried.
  - With O(wait=true), the essential containers are read from the task definition with C(DescribeTaskDefinition)
    before the task runs, and the task is read with C(DescribeTasks) every O(poll_interval) seconds.
  - A container that is essential (the task definition's default) and reports no exit code, because it never
    started or is missing from the task, counts as failed.
  - C(RunTask) failures, such as missing capacity or an unknown cluster, make the task fail with their reasons.
  - In check mode, the module runs nothing and returns the C(RunTask) request in RV(would_run).
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Migrate the database with the release's task definition, in the network of the API service
  seed.aws_platform.ecs_task:
    cluster: tiger
    task_definition: "tiger-api:42"
    container_overrides:
      - name: api
        command: ["python", "manage.py", "migrate", "--no-input"]
        environment:
          DJANGO_SETTINGS_MODULE: tiger.settings.production
    network_configuration:
      subnets: "{{ private_subnet_ids }}"
      security_groups:
        - "{{ api_security_group_id }}"
    started_by: release-1a2b3c4
    tags:
      Release: 1a2b3c4
    wait_timeout: 900
  register: migration

- name: The same, with the network configuration of the running service
  seed.aws_platform.ecs_task:
    cluster: tiger
    task_definition: "{{ task_definition_arn }}"
    container_overrides:
      - name: api
        command: ["python", "manage.py", "migrate", "--no-input"]
    # The awsvpcConfiguration of DescribeServices: subnets, securityGroups, assignPublicIp.
    network_configuration: "{{ api_service.network_configuration.awsvpc_configuration }}"

- name: Start a report on Fargate Spot without waiting for it
  seed.aws_platform.ecs_task:
    cluster: tiger
    task_definition: "tiger-report:7"
    capacity_provider_strategy:
      - capacity_provider: FARGATE_SPOT
        weight: 1
    network_configuration:
      subnets: "{{ private_subnet_ids }}"
    propagate_tags: TASK_DEFINITION
    wait: false
"""

RETURN = r"""
task:
  description:
    - The task, as C(DescribeTasks) returns it (with its tags), once stopped when the module waited.
    - Without O(wait), as C(RunTask) returned it. After a timeout, as C(StopTask) returned it.
    - Empty in check mode.
  returned: always
  type: dict
  contains:
    task_arn:
      description: ARN of the task.
      returned: when a task ran
      type: str
      sample: arn:aws:ecs:us-east-1:123456789012:task/tiger/0123456789abcdef0123456789abcdef
    task_definition_arn:
      description: ARN of the task definition revision the task ran.
      returned: when a task ran
      type: str
      sample: arn:aws:ecs:us-east-1:123456789012:task-definition/tiger-api:42
    last_status:
      description: The task's status, V(STOPPED) once the module has waited.
      returned: when a task ran
      type: str
      sample: STOPPED
    desired_status:
      description: The status ECS moves the task to.
      returned: when a task ran
      type: str
      sample: STOPPED
    stop_code:
      description: Why the task stopped, for example V(EssentialContainerExited) or V(TaskFailedToStart).
      returned: when the task has stopped
      type: str
      sample: EssentialContainerExited
    stopped_reason:
      description: Why the task stopped, in words.
      returned: when the task has stopped
      type: str
      sample: Essential container in task exited
    containers:
      description: The containers of the task, with C(name), C(last_status), C(exit_code) and C(reason).
      returned: when a task ran
      type: list
      elements: dict
      sample: [{"name": "api", "last_status": "STOPPED", "exit_code": 0}]
    started_by:
      description: O(started_by).
      returned: when set
      type: str
      sample: release-1a2b3c4
    tags:
      description: Tags of the task.
      returned: when a task ran
      type: dict
      sample: {"Release": "1a2b3c4"}
task_arn:
  description: ARN of the task; null in check mode.
  returned: always
  type: str
  sample: arn:aws:ecs:us-east-1:123456789012:task/tiger/0123456789abcdef0123456789abcdef
exit_codes:
  description:
    - Exit code of each container of the task by container name, null for a container that has not exited (or is
      missing from the task although essential).
    - Empty in check mode.
  returned: always
  type: dict
  sample: {"api": 0, "log-router": null}
stopped_reason:
  description: The task's stopped reason; null while it runs and in check mode.
  returned: always
  type: str
  sample: Essential container in task exited
stop_code:
  description: The task's stop code; null while it runs and in check mode.
  returned: always
  type: str
  sample: EssentialContainerExited
would_run:
  description:
    - In check mode, the parameters of the C(RunTask) call the module would make, in the API's own shape
      (camelCase), without the C(clientToken) it adds to each call.
  returned: in check mode
  type: dict
  sample: {"cluster": "tiger", "taskDefinition": "tiger-api:42", "count": 1, "launchType": "FARGATE",
           "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0123456789abcdef0"],
                                                            "assignPublicIp": "DISABLED"}},
           "overrides": {"containerOverrides": [{"name": "api", "command": ["python", "manage.py", "migrate"]}]}}
"""

import re
import time
import uuid
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.transformation import boto3_resource_to_ansible_dict

from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import tag_map

TASK_DEFINITION = re.compile(r"^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition/)?[A-Za-z0-9_-]{1,255}:[1-9]\d*$")
STARTED_BY = re.compile(r"^[A-Za-z0-9/_-]{1,36}$")
STOP_REASON = "Timed out waiting for the one-off task"


def validate_params(module: AnsibleAWSModule) -> None:
    """Fail on what AWS would refuse, before any call: nothing must run when the task is wrong."""
    params = module.params
    if not params["cluster"]:
        module.fail_json(msg="cluster cannot be empty.")
    task_definition = params["task_definition"]
    if not TASK_DEFINITION.match(task_definition):
        module.fail_json(
            msg=f"task_definition {task_definition!r} must be a task definition ARN or family:revision, for example"
            " migrate:12. A family without revision is not accepted, since the revision it means changes with every"
            " registration."
        )
    started_by = params["started_by"]
    if started_by is not None and not STARTED_BY.match(started_by):
        module.fail_json(
            msg=f"started_by {started_by!r} is not valid: it must be 1 to 36 letters, digits, hyphens, forward"
            f" slashes and underscores (it has {len(started_by)} characters)."
        )
    if params["wait_timeout"] < 1:
        module.fail_json(msg=f"wait_timeout must be at least 1 second, not {params['wait_timeout']}.")
    if params["poll_interval"] < 0:
        module.fail_json(msg=f"poll_interval cannot be negative, not {params['poll_interval']}.")
    if params["propagate_tags"] == "SERVICE":
        module.fail_json(
            msg="propagate_tags=SERVICE is refused by AWS for a task that no service starts: use TASK_DEFINITION to"
            " copy the tags of the task definition, or set tags."
        )
    if params["capacity_provider_strategy"] == []:
        module.fail_json(msg="capacity_provider_strategy cannot be empty: omit it to run with launch_type.")
    if params["platform_version"] and params["launch_type"] == "EC2" and not params["capacity_provider_strategy"]:
        module.fail_json(
            msg=f"platform_version {params['platform_version']!r} applies to Fargate only, not to launch_type=EC2."
        )
    names = [override["name"] for override in params["container_overrides"] or []]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        module.fail_json(msg=f"container_overrides names the container {', '.join(twice)} more than once.")
    network = params["network_configuration"]
    if network is not None and not network["subnets"]:
        module.fail_json(msg="network_configuration.subnets must list at least one subnet.")


def assign_public_ip(module: AnsibleAWSModule, value: Any) -> str:
    """ENABLED or DISABLED, from a boolean or from the value a service's awsvpcConfiguration has."""
    if isinstance(value, str) and value.upper() in ("ENABLED", "DISABLED"):
        return value.upper()
    try:
        return "ENABLED" if boolean(value, strict=True) else "DISABLED"
    except TypeError:
        module.fail_json(
            msg=f"network_configuration.assign_public_ip must be true, false, ENABLED or DISABLED, not {value!r}."
        )


def run_task_request(module: AnsibleAWSModule) -> Dict[str, Any]:
    """The RunTask parameters of the task, without clientToken."""
    params = module.params
    request = dict(cluster=params["cluster"], taskDefinition=params["task_definition"], count=1)
    if params["capacity_provider_strategy"]:
        request["capacityProviderStrategy"] = [
            dict(
                capacityProvider=item["capacity_provider"],
                **{key: item[key] for key in ("weight", "base") if item[key] is not None},
            )
            for item in params["capacity_provider_strategy"]
        ]
    else:
        request["launchType"] = params["launch_type"]
    if params["platform_version"]:
        request["platformVersion"] = params["platform_version"]
    network = params["network_configuration"]
    if network is not None:
        awsvpc = dict(subnets=network["subnets"])
        if network["security_groups"] is not None:
            awsvpc["securityGroups"] = network["security_groups"]
        awsvpc["assignPublicIp"] = assign_public_ip(module, network["assign_public_ip"])
        request["networkConfiguration"] = dict(awsvpcConfiguration=awsvpc)
    overrides = []
    for item in params["container_overrides"] or []:
        override = dict(name=item["name"])
        if item["command"] is not None:
            override["command"] = item["command"]
        if item["environment"] is not None:
            override["environment"] = [
                dict(name=name, value=to_text(value)) for name, value in item["environment"].items()
            ]
        overrides.append(override)
    if overrides:
        request["overrides"] = dict(containerOverrides=overrides)
    if params["started_by"]:
        request["startedBy"] = params["started_by"]
    if params["tags"]:
        request["tags"] = ansible_dict_to_boto3_tag_list(tag_map(params["tags"]), "key", "value")
    if params["propagate_tags"]:
        request["propagateTags"] = params["propagate_tags"]
    return request


def essential_containers(client, module: AnsibleAWSModule) -> List[str]:
    """Names of the essential containers of the task definition; AWS takes a container without the flag as essential."""
    task_definition = module.params["task_definition"]
    try:
        found = client.describe_task_definition(aws_retry=True, taskDefinition=task_definition)["taskDefinition"]
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to describe task definition {task_definition}; no task was run")
    return [item["name"] for item in found.get("containerDefinitions") or [] if item.get("essential", True)]


def run_task(client, module: AnsibleAWSModule, request: Dict[str, Any]) -> Dict[str, Any]:
    what = f"task definition {request['taskDefinition']} in cluster {request['cluster']}"
    try:
        response = client.run_task(aws_retry=True, clientToken=str(uuid.uuid4()), **request)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to run a task of {what}")
    failures = response.get("failures") or []
    if failures or not response.get("tasks"):
        reasons = "; ".join(
            " ".join(part for part in (failure.get("arn"), failure.get("reason"), failure.get("detail")) if part)
            for failure in failures
        )
        module.fail_json(
            msg=f"ECS did not run a task of {what}: {reasons or 'it returned neither a task nor a failure'}.",
            failures=[boto3_resource_to_ansible_dict(failure, force_tags=False) for failure in failures],
            **result_keys(None),
        )
    return response["tasks"][0]


def describe_task(client, module: AnsibleAWSModule, cluster: str, arn: str) -> Dict[str, Any]:
    try:
        found = client.describe_tasks(aws_retry=True, cluster=cluster, tasks=[arn], include=["TAGS"])
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(
            e, msg=f"Failed to describe the one-off task {arn}, which may still be running", changed=True, task_arn=arn
        )
    if not found.get("tasks"):
        reasons = ", ".join(failure.get("reason", "") for failure in found.get("failures") or [])
        # As botocore's tasks_stopped waiter, take a task ECS does not know as a failure, not as "not yet".
        module.fail_json(
            msg=f"ECS does not know the one-off task {arn} in cluster {cluster} ({reasons or 'no task returned'}).",
            changed=True,
            **result_keys(None, arn),
        )
    return found["tasks"][0]


def stop_task(client, cluster: str, arn: str) -> Optional[Dict[str, Any]]:
    """The task StopTask returns, or the error that kept it from stopping the task."""
    try:
        return client.stop_task(aws_retry=True, cluster=cluster, task=arn, reason=STOP_REASON)["task"]
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        return dict(error=str(e))


def wait_until_stopped(client, module: AnsibleAWSModule, cluster: str, task: Dict[str, Any]) -> Dict[str, Any]:
    """Poll the task every poll_interval until it is STOPPED; on timeout, stop it and fail."""
    params = module.params
    arn = task["taskArn"]
    deadline = time.monotonic() + params["wait_timeout"]
    while True:
        task = describe_task(client, module, cluster, arn)
        if task.get("lastStatus") == "STOPPED":
            return task
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        time.sleep(min(params["poll_interval"], remaining))
    # A one-off task left running would go on holding its capacity, and a migration could run into the next release.
    stopped = stop_task(client, cluster, arn)
    if "error" in stopped:
        outcome = f"It could not be stopped, stop it by hand: {stopped['error']}"
        stopped = task
    else:
        outcome = f"It has been stopped (StopTask, reason {STOP_REASON!r})."
    module.fail_json(
        msg=f"Timed out after {params['wait_timeout']} seconds waiting for the one-off task {arn} to stop; its last"
        f" status is {task.get('lastStatus')}. {outcome}",
        changed=True,
        **result_keys(stopped),
    )


def exit_codes(task: Dict[str, Any], essential: List[str]) -> Dict[str, Optional[int]]:
    codes = {container["name"]: container.get("exitCode") for container in task.get("containers") or []}
    for name in essential:
        codes.setdefault(name, None)
    return codes


def failure_message(task: Dict[str, Any], essential: List[str], failed: List[str]) -> str:
    containers = {container["name"]: container for container in task.get("containers") or []}
    described = []
    for name, code in exit_codes(task, essential).items():
        container = containers.get(name, {})
        text = f"{name} ({'essential' if name in essential else 'not essential'}) exit code"
        text += f" {code if code is not None else 'none'}"
        if name not in containers:
            text += ", missing from the task"
        if container.get("reason"):
            text += f", {container['reason']}"
        described.append(text)
    return (
        f"The one-off task {task['taskArn']} of {task.get('taskDefinitionArn')} failed: essential container"
        f" {', '.join(failed)} did not exit with code 0. Stop code {task.get('stopCode') or 'none'}, stopped reason:"
        f" {task.get('stoppedReason') or 'none given'}. Containers: {'; '.join(described)}."
    )


def normalize_task(task: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The snake_cased task the module returns, tags as a dict, or an empty dict."""
    if not task:
        return {}
    task = dict(task, tags=boto3_tag_list_to_ansible_dict(task.get("tags") or [], "key", "value"))
    return boto3_resource_to_ansible_dict(task, transform_tags=False, force_tags=False, ignore_list=["tags"])


def result_keys(
    task: Optional[Dict[str, Any]], arn: Optional[str] = None, essential: Optional[List[str]] = None
) -> Dict[str, Any]:
    """The return values for ``task`` (None: no task, or none known, for task ``arn``)."""
    task = task or {}
    return dict(
        task=normalize_task(task),
        task_arn=task.get("taskArn", arn),
        exit_codes=exit_codes(task, essential or []) if task else {},
        stopped_reason=task.get("stoppedReason") or None,
        stop_code=task.get("stopCode"),
    )


def main() -> None:
    argument_spec = dict(
        cluster=dict(type="str", required=True),
        task_definition=dict(type="str", required=True),
        container_overrides=dict(
            type="list",
            elements="dict",
            options=dict(
                name=dict(type="str", required=True),
                command=dict(type="list", elements="str"),
                environment=dict(type="dict"),
            ),
        ),
        network_configuration=dict(
            type="dict",
            options=dict(
                subnets=dict(type="list", elements="str", required=True),
                security_groups=dict(type="list", elements="str", aliases=["securityGroups"]),
                assign_public_ip=dict(type="raw", default=False, aliases=["assignPublicIp"]),
            ),
        ),
        launch_type=dict(type="str", default="FARGATE", choices=["FARGATE", "EC2"]),
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
        started_by=dict(type="str"),
        tags=dict(type="dict", aliases=["resource_tags"]),
        propagate_tags=dict(type="str", choices=["TASK_DEFINITION", "SERVICE", "NONE"]),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=1800),
        poll_interval=dict(type="int", default=5),
    )

    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        mutually_exclusive=[("launch_type", "capacity_provider_strategy")],
    )
    validate_params(module)
    request = run_task_request(module)

    if module.check_mode:
        module.exit_json(changed=True, would_run=request, **result_keys(None))

    client = module.client("ecs", retry_decorator=AWSRetry.jittered_backoff())
    wait = module.params["wait"]
    essential = essential_containers(client, module) if wait else []
    task = run_task(client, module, request)
    if not wait:
        module.exit_json(changed=True, **result_keys(task))

    task = wait_until_stopped(client, module, request["cluster"], task)
    result = result_keys(task, essential=essential)
    failed = [name for name in essential if result["exit_codes"][name] != 0]
    if failed:
        module.fail_json(msg=failure_message(task, essential, failed), changed=True, **result)
    module.exit_json(changed=True, **result)


if __name__ == "__main__":
    main()
