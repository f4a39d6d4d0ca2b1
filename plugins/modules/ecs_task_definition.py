#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: ecs_task_definition
version_added: 0.1.0
short_description: Register ECS task definitions only when their content changes
description:
  - Registers a new revision of an Amazon ECS task definition family when, and only when, the definition the task
    gives differs in content from the latest C(ACTIVE) revision of the family; with O(state=absent) deregisters
    every C(ACTIVE) revision of the family.
  - Both sides are compared the way AWS stores them, so re-running a task with the same definition registers
    nothing. Defaults AWS fills in (V(essential=true), V(cpu=0), empty lists, the host port and protocol of port
    mappings, health check timings), a key left out on one side and set to its default on the other, the order of
    environment variables and secrets, V(512) against V("512") or V(1 vCPU) against V(1024) for the task size all
    compare equal. The order of the container definitions is significant.
  - Changing only O(tags) retags the latest revision (C(TagResource), C(UntagResource)) and registers nothing.
  - In diff mode, the module shows the differences between the normalised definition of O(diff_against) (by default
    the latest C(ACTIVE) revision) and the definition the task gives, so a release playbook run with C(--check
    --diff) shows what would change against the revision a service runs.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  family:
    description:
      - Name of the task definition family, up to 255 letters, digits, hyphens and underscores.
    type: str
    required: true
  state:
    description:
      - With V(present), the latest C(ACTIVE) revision of the family has the content of the task, registered if
        needed.
      - With V(absent), every C(ACTIVE) revision of the family is deregistered (AWS keeps them as C(INACTIVE)).
    type: str
    default: present
    choices: ['present', 'absent']
  container_definitions:
    description:
      - The containers of the task, in AWS's own camelCase shape (C(name), C(image), C(cpu), C(memory),
        C(memoryReservation), C(essential), C(command), C(entryPoint), C(environment), C(secrets), C(portMappings),
        C(logConfiguration), C(healthCheck), C(readonlyRootFilesystem), C(user), C(linuxParameters), C(mountPoints),
        C(dependsOn) and the others of the ECS API reference), passed to C(RegisterTaskDefinition) as they are.
      - Each container needs a C(name), unique in the task, and an C(image).
      - C(privileged=true) is refused when O(requires_compatibilities) contains V(FARGATE).
      - Values must have the types the ECS API wants; for example environment values are strings, so quote
        numbers. The module checks this before comparing, also in check mode.
      - Required when O(state=present), unless O(base_task_definition) is given.
    type: list
    elements: dict
  base_task_definition:
    description:
      - An existing revision (ARN or C(family:revision)) to start from instead of O(container_definitions); its
        containers and task-level settings (CPU, memory, roles, network mode, volumes, runtime platform, storage) are
        taken as they are, with O(container_images) applied; its tags too when O(tags) is not given.
      - For releases, which change the image of the revision a service runs and nothing else.
      - Mutually exclusive with O(container_definitions).
    type: str
  container_images:
    description:
      - Container name -> image, replacing the C(image) of those containers of O(base_task_definition) or
        O(container_definitions). A name the task has no container of is an error.
    type: dict
  cpu:
    description:
      - Task-level CPU units, V(256) to V(16384), or a string in vCPU such as V(1 vCPU). Required for Fargate.
      - Sent and compared as CPU units.
    type: str
  memory:
    description:
      - Task-level memory in MiB, or a string in GB such as V(2 GB). Required for Fargate.
      - Sent and compared in MiB.
    type: str
  network_mode:
    description:
      - Docker networking mode of the containers. Fargate requires V(awsvpc).
    type: str
    default: awsvpc
    choices: ['awsvpc', 'bridge', 'host', 'none']
  requires_compatibilities:
    description:
      - Launch types the task definition is validated against.
    type: list
    elements: str
    default: ['FARGATE']
    choices: ['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES']
  execution_role_arn:
    description:
      - ARN of the IAM role the ECS agent uses to pull images, read secrets and write logs.
    type: str
  task_role_arn:
    description:
      - ARN of the IAM role the containers call AWS with.
    type: str
  runtime_platform:
    description:
      - Operating system and CPU architecture the task runs on.
      - Left out, Fargate runs Linux on X86_64, and a definition saying so explicitly compares equal.
    type: dict
    suboptions:
      cpu_architecture:
        description:
          - CPU architecture.
        type: str
        choices: ['X86_64', 'ARM64']
      operating_system_family:
        description:
          - Operating system family, for example V(LINUX) or V(WINDOWS_SERVER_2022_CORE).
        type: str
        default: LINUX
  ephemeral_storage_gib:
    description:
      - Ephemeral storage of a Fargate task in GiB, 21 to 200. Left out, Fargate gives 20 GiB.
    type: int
  volumes:
    description:
      - Data volumes of the task, in AWS's camelCase shape (C(name), C(host), C(efsVolumeConfiguration),
        C(dockerVolumeConfiguration), ...), passed to C(RegisterTaskDefinition) as they are.
      - Their order is not significant.
    type: list
    elements: dict
  pid_mode:
    description:
      - Process namespace of the containers. Fargate supports only V(task).
    type: str
    choices: ['host', 'task']
  ipc_mode:
    description:
      - IPC namespace of the containers.
    type: str
    choices: ['host', 'task', 'none']
  diff_against:
    description:
      - In diff mode, the task definition the diff starts from, as an ARN or V(family:revision), for example the
        revision a service runs.
      - Left out, the diff starts from the latest C(ACTIVE) revision of O(family).
      - Used only in diff mode; it never decides whether a revision is registered.
    type: str
notes:
  - Tags belong to each revision. A new revision gets O(tags) (with O(purge_tags=false), merged into the tags of the
    latest revision); when O(tags) is left out, it gets the tags of the latest revision.
  - In check mode, a revision that would be registered is returned with RV(task_definition_arn) empty and
    RV(revision) the number AWS would give it.
  - This module supports check mode and diff mode.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: The web service's task definition; a new revision only when something changed
  seed.aws_platform.ecs_task_definition:
    family: tiger-web
    cpu: "512"
    memory: "1024"
    execution_role_arn: arn:aws:iam::123456789012:role/tiger-ecs-execution
    task_role_arn: arn:aws:iam::123456789012:role/tiger-web-task
    runtime_platform:
      cpu_architecture: ARM64
    container_definitions:
      - name: web
        image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/tiger/web:1.4.2
        portMappings:
          - containerPort: 8080
        environment:
          - name: PORT
            value: "8080"
        secrets:
          - name: DATABASE_URL
            valueFrom: arn:aws:secretsmanager:eu-west-1:123456789012:secret:tiger/database-url
        logConfiguration:
          logDriver: awslogs
          options:
            awslogs-group: /ecs/tiger-web
            awslogs-region: eu-west-1
            awslogs-stream-prefix: web
        healthCheck:
          command: ["CMD-SHELL", "curl -fs http://localhost:8080/health || exit 1"]
        readonlyRootFilesystem: true
    tags:
      Environment: production
  register: web_task

- name: Show what a release would change against the revision the service runs
  seed.aws_platform.ecs_task_definition:
    family: tiger-web
    cpu: "512"
    memory: "1024"
    container_definitions: "{{ web_containers }}"
    diff_against: "{{ web_service.service.task_definition }}"

- name: Release image 1.4.3 on the revision the service runs, changing nothing else
  seed.aws_platform.ecs_task_definition:
    family: tiger-web
    base_task_definition: "{{ web_service.service.task_definition }}"
    container_images:
      web: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/tiger/web:1.4.3
    diff_against: "{{ web_service.service.task_definition }}"
  check_mode: true
  diff: true

- name: Deregister every revision of an old family
  seed.aws_platform.ecs_task_definition:
    family: tiger-legacy-worker
    state: absent
"""

RETURN = r"""
task_definition:
  description:
    - The latest C(ACTIVE) revision after the task, as C(DescribeTaskDefinition) returns it, with its tags.
    - Top-level keys are snake_cased; RV(task_definition.container_definitions) and RV(task_definition.volumes) are
      kept exactly as AWS returns them, in camelCase, so they can be passed back to the module.
    - In check mode, a revision that would be registered has only what the task gives, with an empty
      RV(task_definition.task_definition_arn).
    - Empty when O(state=absent).
  returned: always
  type: dict
  contains:
    task_definition_arn:
      description: ARN of the revision.
      returned: when O(state=present)
      type: str
      sample: arn:aws:ecs:eu-west-1:123456789012:task-definition/tiger-web:7
    family:
      description: The family.
      returned: when O(state=present)
      type: str
      sample: tiger-web
    revision:
      description: Revision number.
      returned: when O(state=present)
      type: int
      sample: 7
    status:
      description: V(ACTIVE).
      returned: when O(state=present)
      type: str
      sample: ACTIVE
    container_definitions:
      description: Container definitions, camelCase, with the defaults AWS added.
      returned: when O(state=present)
      type: list
      elements: dict
      sample: [{"name": "web", "image": "tiger/web:1.4.2", "cpu": 0, "essential": true, "portMappings": []}]
    volumes:
      description: Data volumes, camelCase.
      returned: when O(state=present)
      type: list
      elements: dict
      sample: []
    cpu:
      description: Task-level CPU units.
      returned: when set
      type: str
      sample: "512"
    memory:
      description: Task-level memory in MiB.
      returned: when set
      type: str
      sample: "1024"
    network_mode:
      description: Networking mode.
      returned: when O(state=present)
      type: str
      sample: awsvpc
    requires_compatibilities:
      description: Launch types the definition was validated against.
      returned: when O(state=present)
      type: list
      elements: str
      sample: ["FARGATE"]
    compatibilities:
      description: Launch types the definition is compatible with, as AWS determined.
      returned: when the revision exists
      type: list
      elements: str
      sample: ["EC2", "FARGATE"]
    execution_role_arn:
      description: Execution role.
      returned: when set
      type: str
      sample: arn:aws:iam::123456789012:role/tiger-ecs-execution
    task_role_arn:
      description: Task role.
      returned: when set
      type: str
      sample: arn:aws:iam::123456789012:role/tiger-web-task
    runtime_platform:
      description: Operating system family and CPU architecture.
      returned: when set
      type: dict
      sample: {"cpu_architecture": "ARM64", "operating_system_family": "LINUX"}
    ephemeral_storage:
      description: Ephemeral storage, as C(size_in_gi_b).
      returned: when set
      type: dict
      sample: {"size_in_gi_b": 30}
    tags:
      description: Tags of the revision.
      returned: when O(state=present)
      type: dict
      sample: {"Environment": "production"}
task_definition_arn:
  description:
    - ARN of the revision RV(task_definition) describes, to give to a service.
    - Empty in check mode when a revision would be registered, and when O(state=absent).
  returned: always
  type: str
  sample: arn:aws:ecs:eu-west-1:123456789012:task-definition/tiger-web:7
revision:
  description:
    - Revision number of RV(task_definition); in check mode, the number a new revision would get.
  returned: when O(state=present)
  type: int
  sample: 7
registered:
  description: Whether a new revision was registered, or in check mode would be.
  returned: always
  type: bool
  sample: true
deregistered_arns:
  description: ARNs of the revisions deregistered, or in check mode that would be.
  returned: when O(state=absent)
  type: list
  elements: str
  sample: ["arn:aws:ecs:eu-west-1:123456789012:task-definition/tiger-legacy-worker:3"]
diff:
  description:
    - In diff mode, the normalised definition (camelCase, AWS's defaults left out, with its C(tags)) of
      O(diff_against) or of the latest C(ACTIVE) revision before, and of the resulting revision after.
  returned: in diff mode
  type: dict
  contains:
    before:
      description: Definition compared against; empty when there is none.
      type: dict
      returned: in diff mode
    after:
      description: Definition after the task; empty when O(state=absent).
      type: dict
      returned: in diff mode
"""

import copy
import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

try:
    import botocore
    from botocore.validate import validate_parameters
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_message
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.transformation import boto3_resource_to_ansible_dict

from ansible_collections.seed.aws_platform.plugins.module_utils.ecs_task_definitions import normalise_task_definition
from ansible_collections.seed.aws_platform.plugins.module_utils.ecs_task_definitions import same_task_definition
from ansible_collections.seed.aws_platform.plugins.module_utils.ecs_task_definitions import task_size
from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import converge_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import tag_changes

FAMILY = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
# AWS's answer (code ClientException, shared with other errors) for a family or revision that does not exist.
NOT_FOUND_MESSAGE = "Unable to describe task definition"
# Kept as AWS returns them: container and volume keys are the API's, the module takes them back as they are, and
# tag keys are the user's.
CAMEL_KEYS = ["containerDefinitions", "volumes", "tags"]


def ecs_tags(tags: List[Dict[str, str]]) -> Dict[str, str]:
    return boto3_tag_list_to_ansible_dict(tags, tag_name_key_name="key", tag_value_key_name="value")


def revision_of(arn: str) -> Tuple[str, int]:
    family, revision = arn.rsplit("/", 1)[-1].rsplit(":", 1)
    return family, int(revision)


def validate_containers(module: AnsibleAWSModule) -> None:
    params = module.params
    names = set()
    fargate = "FARGATE" in params["requires_compatibilities"]
    for index, container in enumerate(params["container_definitions"]):
        for key in ("name", "image"):
            if not isinstance(container.get(key), str) or not container[key]:
                module.fail_json(
                    msg=f"container_definitions[{index}] has no {key}: every container definition needs a name and an"
                    " image (camelCase keys, as in the ECS API)."
                )
        name = container["name"]
        if name in names:
            module.fail_json(
                msg=f"container_definitions has two containers named {name!r}: container names must be unique in a"
                " task definition."
            )
        names.add(name)
        if fargate and container.get("privileged") is True:
            module.fail_json(
                msg=f"Container {name!r} sets privileged: true, which Fargate does not support"
                " (requires_compatibilities contains FARGATE). Remove privileged, or give requires_compatibilities:"
                " [EC2] to run the task on EC2."
            )


def validate_params(module: AnsibleAWSModule) -> None:
    params = module.params
    if not FAMILY.match(params["family"]):
        module.fail_json(
            msg=f"family {params['family']!r} is not valid: it must be 1 to 255 letters, digits, hyphens and"
            " underscores."
        )
    if params["state"] != "present":
        return
    if params["base_task_definition"]:
        # The base revision was accepted by ECS once; only the images change.
        return
    if not params["container_definitions"]:
        module.fail_json(msg="container_definitions is required when state is present, with at least one container.")
    for kind, form in (
        ("cpu", "CPU units such as 512, or vCPU such as '1 vCPU'"),
        ("memory", "MiB such as 1024, or GB such as '2 GB'"),
    ):
        if params[kind] is not None and task_size(params[kind], kind) is None:
            module.fail_json(msg=f"{kind} {params[kind]!r} is not valid: give it in {form}.")
    storage = params["ephemeral_storage_gib"]
    if storage is not None and not 21 <= storage <= 200:
        module.fail_json(msg=f"ephemeral_storage_gib must be between 21 and 200 GiB, not {storage}.")
    if "FARGATE" in params["requires_compatibilities"]:
        if params["network_mode"] != "awsvpc":
            module.fail_json(
                msg=f"network_mode {params['network_mode']!r} is not supported by Fargate (requires_compatibilities"
                " contains FARGATE): use awsvpc."
            )
        missing = [kind for kind in ("cpu", "memory") if params[kind] is None]
        if missing:
            module.fail_json(
                msg=f"Fargate (requires_compatibilities contains FARGATE) needs the task-level {' and '.join(missing)}."
            )
        if params["pid_mode"] == "host":
            module.fail_json(
                msg="pid_mode 'host' is not supported by Fargate (requires_compatibilities contains FARGATE): use task."
            )
    validate_containers(module)


def desired_definition(params: Dict[str, Any]) -> Dict[str, Any]:
    """The RegisterTaskDefinition request of the task, without tags."""
    definition = dict(
        family=params["family"],
        containerDefinitions=params["container_definitions"],
        networkMode=params["network_mode"],
        requiresCompatibilities=params["requires_compatibilities"],
    )
    for kind in ("cpu", "memory"):
        if params[kind] is not None:
            definition[kind] = task_size(params[kind], kind)
    optional = (
        ("executionRoleArn", "execution_role_arn"),
        ("taskRoleArn", "task_role_arn"),
        ("volumes", "volumes"),
        ("pidMode", "pid_mode"),
        ("ipcMode", "ipc_mode"),
    )
    definition.update({key: params[option] for key, option in optional if params[option] is not None})
    platform = params["runtime_platform"]
    if platform is not None:
        definition["runtimePlatform"] = {
            key: platform[option]
            for key, option in (
                ("cpuArchitecture", "cpu_architecture"),
                ("operatingSystemFamily", "operating_system_family"),
            )
            if platform[option] is not None
        }
    if params["ephemeral_storage_gib"] is not None:
        definition["ephemeralStorage"] = {"sizeInGiB": params["ephemeral_storage_gib"]}
    return definition


# Task-level settings a release carries over from the base revision.
BASE_KEYS = ("networkMode", "requiresCompatibilities", "cpu", "memory", "executionRoleArn", "taskRoleArn", "volumes",
             "pidMode", "ipcMode", "runtimePlatform", "ephemeralStorage", "placementConstraints", "proxyConfiguration",
             "inferenceAccelerators")


def definition_from_base(client, module: AnsibleAWSModule) -> Dict[str, Any]:
    """The RegisterTaskDefinition request of the base revision under this family, without tags."""
    reference = module.params["base_task_definition"]
    base = describe(client, module, reference)
    if base is None:
        module.fail_json(msg=f"base_task_definition {reference!r} names no task definition: give the ARN or family:revision"
                         " of an existing one.")
    definition = dict(family=module.params["family"], containerDefinitions=copy.deepcopy(base["containerDefinitions"]))
    definition.update({key: copy.deepcopy(base[key]) for key in BASE_KEYS if base.get(key) not in (None, [], {})})
    if module.params["tags"] is None:
        module.params["tags"] = dict(base.get("tags") or {})
    return definition


def apply_images(module: AnsibleAWSModule, definition: Dict[str, Any]) -> None:
    images = module.params["container_images"] or {}
    names = [container["name"] for container in definition["containerDefinitions"]]
    unknown = sorted(set(images) - set(names))
    if unknown:
        module.fail_json(msg=f"container_images names {', '.join(unknown)}, but the task's containers are {', '.join(names)}.")
    for container in definition["containerDefinitions"]:
        if container["name"] in images:
            container["image"] = images[container["name"]]


def validate_request(client, module: AnsibleAWSModule, request: Dict[str, Any]) -> None:
    """Fail as RegisterTaskDefinition would on a key or a type the API does not take, also in check mode."""
    try:
        validate_parameters(request, client.meta.service_model.operation_model("RegisterTaskDefinition").input_shape)
    except botocore.exceptions.ParamValidationError as e:
        module.fail_json(
            msg=f"The task definition of family {request['family']} is not one RegisterTaskDefinition accepts: {e}"
        )


def describe(client, module: AnsibleAWSModule, reference: str) -> Optional[Dict[str, Any]]:
    """The task definition ``reference`` (family, family:revision or ARN) with its ``tags`` as a dict, or None."""
    try:
        found = client.describe_task_definition(aws_retry=True, taskDefinition=reference, include=["TAGS"])
    except is_boto3_error_message(NOT_FOUND_MESSAGE):
        return None
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to describe task definition {reference}")
    return dict(found["taskDefinition"], tags=ecs_tags(found.get("tags", [])))


@AWSRetry.jittered_backoff()
def _list_revisions(client, **request: Any) -> List[str]:
    # The retry wraps the whole pagination because a paginator bypasses the retrying client wrapper.
    return client.get_paginator("list_task_definitions").paginate(**request).build_full_result()["taskDefinitionArns"]


def list_revisions(client, module: AnsibleAWSModule, family: str, status: str) -> List[str]:
    """ARNs of the revisions of ``family`` with ``status``, newest first."""
    try:
        arns = _list_revisions(client, familyPrefix=family, status=status, sort="DESC")
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to list the {status} revisions of task definition family {family}")
    # Filtered and sorted here as well: moto ignores sort, and familyPrefix is documented as the full family name only.
    arns = [arn for arn in arns if revision_of(arn)[0] == family]
    return sorted(arns, key=lambda arn: revision_of(arn)[1], reverse=True)


def find_latest(client, module: AnsibleAWSModule, family: str) -> Optional[Dict[str, Any]]:
    """The latest ACTIVE revision of ``family``, or None."""
    latest = describe(client, module, family)
    if latest is None or latest["status"] == "ACTIVE":
        return latest
    # AWS describes a family as its latest ACTIVE revision, moto as its latest revision whatever its status.
    active = list_revisions(client, module, family, "ACTIVE")
    return describe(client, module, active[0]) if active else None


def next_revision(client, module: AnsibleAWSModule, family: str, latest: Optional[Dict[str, Any]]) -> int:
    """The number AWS gives the next revision: deregistered revisions keep theirs."""
    inactive = list_revisions(client, module, family, "INACTIVE")
    numbers = [revision_of(inactive[0])[1]] if inactive else []
    if latest is not None:
        numbers.append(latest["revision"])
    return max(numbers, default=0) + 1


def retag(client, module: AnsibleAWSModule, latest: Dict[str, Any]) -> Tuple[bool, Dict[str, str]]:
    arn = latest["taskDefinitionArn"]

    def apply(to_set: Dict[str, str], to_unset: List[str]) -> None:
        if to_unset:
            client.untag_resource(aws_retry=True, resourceArn=arn, tagKeys=to_unset)
        if to_set:
            client.tag_resource(
                aws_retry=True, resourceArn=arn, tags=ansible_dict_to_boto3_tag_list(to_set, "key", "value")
            )

    return converge_tags(module, latest["tags"], apply, lambda: arn)


def register(
    client, module: AnsibleAWSModule, desired: Dict[str, Any], latest: Optional[Dict[str, Any]]
) -> Dict[str, Any]:
    """Register ``desired`` (in check mode, plan it) with the tags a new revision gets."""
    current_tags = latest["tags"] if latest is not None else {}
    changes = tag_changes(module, current_tags)
    tags = changes[2] if changes is not None else current_tags
    if module.check_mode:
        revision = next_revision(client, module, desired["family"], latest)
        return dict(desired, taskDefinitionArn="", revision=revision, status="ACTIVE", tags=tags)
    request = dict(desired, tags=ansible_dict_to_boto3_tag_list(tags, "key", "value")) if tags else desired
    try:
        registered = client.register_task_definition(aws_retry=True, **request)["taskDefinition"]
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to register a new revision of task definition family {desired['family']}")
    return dict(registered, tags=tags)


def ensure_present(
    client, module: AnsibleAWSModule, desired: Dict[str, Any], latest: Optional[Dict[str, Any]]
) -> Tuple[bool, bool, Dict[str, Any]]:
    """(changed, registered, the revision after)."""
    if same_task_definition(desired, latest):
        tags_changed, tags = retag(client, module, latest)
        return tags_changed, False, dict(latest, tags=tags)
    return True, True, register(client, module, desired, latest)


def ensure_absent(client, module: AnsibleAWSModule, family: str) -> List[str]:
    """Deregister every ACTIVE revision of ``family``; return their ARNs."""
    arns = list_revisions(client, module, family, "ACTIVE")
    if module.check_mode:
        return arns
    for arn in arns:
        try:
            client.deregister_task_definition(aws_retry=True, taskDefinition=arn)
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            module.fail_json_aws(e, msg=f"Failed to deregister task definition {arn}")
    return arns


def diff_side(definition: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    if not definition:
        return {}
    return dict(normalise_task_definition(definition), tags=definition.get("tags", {}))


def diff_base(client, module: AnsibleAWSModule, latest: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    reference = module.params["diff_against"]
    if reference is None:
        return latest
    base = describe(client, module, reference)
    if base is None:
        module.fail_json(
            msg=f"diff_against {reference!r} names no task definition: give the ARN or family:revision of an"
            " existing one."
        )
    return base


def main() -> None:
    argument_spec = dict(
        family=dict(type="str", required=True),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        container_definitions=dict(type="list", elements="dict"),
        base_task_definition=dict(type="str"),
        container_images=dict(type="dict"),
        cpu=dict(type="str"),
        memory=dict(type="str"),
        network_mode=dict(type="str", default="awsvpc", choices=["awsvpc", "bridge", "host", "none"]),
        requires_compatibilities=dict(
            type="list",
            elements="str",
            default=["FARGATE"],
            choices=["EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"],
        ),
        execution_role_arn=dict(type="str"),
        task_role_arn=dict(type="str"),
        runtime_platform=dict(
            type="dict",
            options=dict(
                cpu_architecture=dict(type="str", choices=["X86_64", "ARM64"]),
                operating_system_family=dict(type="str", default="LINUX"),
            ),
        ),
        ephemeral_storage_gib=dict(type="int"),
        volumes=dict(type="list", elements="dict"),
        pid_mode=dict(type="str", choices=["host", "task"]),
        ipc_mode=dict(type="str", choices=["host", "task", "none"]),
        diff_against=dict(type="str"),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )

    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        mutually_exclusive=[("container_definitions", "base_task_definition")],
    )
    validate_params(module)

    client = module.client("ecs", retry_decorator=AWSRetry.jittered_backoff())
    family = module.params["family"]
    desired = None
    if module.params["state"] == "present":
        if module.params["base_task_definition"]:
            desired = definition_from_base(client, module)
        else:
            desired = desired_definition(module.params)
        apply_images(module, desired)
        validate_request(client, module, desired)
    latest = find_latest(client, module, family)
    # Read before any change, so that a diff_against naming the family shows the revision the task started from.
    base = diff_base(client, module, latest) if module._diff else None

    if desired is not None:
        changed, registered, after = ensure_present(client, module, desired, latest)
        result = dict(
            changed=changed,
            registered=registered,
            task_definition=boto3_resource_to_ansible_dict(
                after, transform_tags=False, force_tags=False, ignore_list=CAMEL_KEYS
            ),
            task_definition_arn=after["taskDefinitionArn"],
            revision=after["revision"],
        )
    else:
        deregistered = ensure_absent(client, module, family)
        after = None
        result = dict(
            changed=bool(deregistered),
            registered=False,
            task_definition={},
            task_definition_arn="",
            deregistered_arns=deregistered,
        )

    if module._diff:
        result["diff"] = dict(before=diff_side(base), after=diff_side(after))
    module.exit_json(**result)


if __name__ == "__main__":
    main()
