#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: ecs_cluster
version_added: 0.1.0
short_description: Manage Amazon ECS clusters, with Container Insights, ECS Exec and capacity providers
description:
  - Creates, updates in place, tags and deletes an Amazon ECS cluster.
  - Besides what M(community.aws.ecs_cluster) manages, sets the Container Insights setting of the cluster and the
    configuration of ECS Exec (C(aws ecs execute-command)), that is the KMS key of the sessions and where their
    output is logged.
  - A cluster whose status is V(INACTIVE) (deleted, but still described by AWS for a while) is taken as absent.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  name:
    description:
      - Name of the cluster, 1 to 255 letters, digits, hyphens and underscores.
    type: str
    required: true
  state:
    description:
      - Whether the cluster should exist.
      - With V(absent), a cluster that still has active services is not deleted, the task fails instead.
    type: str
    default: present
    choices: ['present', 'absent']
  container_insights:
    description:
      - The C(containerInsights) setting of the cluster.
      - V(enhanced) is Container Insights with enhanced observability (task and container level metrics).
      - A cluster that AWS describes without the setting is taken as V(disabled).
    type: str
    default: enabled
    choices: ['enabled', 'enhanced', 'disabled']
  execute_command:
    description:
      - Configuration of ECS Exec for the cluster (C(configuration.executeCommandConfiguration)).
      - When omitted, a new cluster gets the AWS defaults and the configuration of an existing cluster is left as
        it is.
      - An existing configuration is compared as a whole, with the defaults below filled in; when it differs, the
        whole configuration is replaced.
    type: dict
    suboptions:
      kms_key_id:
        description:
          - ID or ARN of the KMS key that encrypts the data between the local client and the container.
          - Compared as given, so give it in the form AWS reports it.
        type: str
      logging:
        description:
          - Where the output of the commands goes. V(DEFAULT) is the awslogs configuration of the task definition,
            V(NONE) is nowhere, V(OVERRIDE) is the CloudWatch Logs group and S3 bucket given here.
          - V(OVERRIDE) requires O(execute_command.log_group_name) or O(execute_command.s3_bucket_name), and these
            options apply only with V(OVERRIDE).
        type: str
        default: DEFAULT
        choices: ['DEFAULT', 'NONE', 'OVERRIDE']
      log_group_name:
        description:
          - Name of the CloudWatch Logs group the output goes to (C(cloudWatchLogGroupName)).
        type: str
      log_encryption_enabled:
        description:
          - Whether the log group is encrypted, which makes ECS Exec check it before it sends output there
            (C(cloudWatchEncryptionEnabled)).
          - Defaults to V(true) when O(execute_command.log_group_name) is set; applies only with it.
        type: bool
      s3_bucket_name:
        description:
          - Name of the S3 bucket the output goes to (C(s3BucketName)).
        type: str
      s3_key_prefix:
        description:
          - Prefix of the S3 keys the output is written under (C(s3KeyPrefix)); applies only with
            O(execute_command.s3_bucket_name).
        type: str
      s3_encryption_enabled:
        description:
          - Whether the bucket is encrypted, which makes ECS Exec check it before it sends output there
            (C(s3EncryptionEnabled)); applies only with O(execute_command.s3_bucket_name).
          - AWS takes V(false) when omitted.
        type: bool
  capacity_providers:
    description:
      - Names of the capacity providers of the cluster, for example V(FARGATE) and V(FARGATE_SPOT), compared as a
        set.
      - When omitted, a new cluster has none and the capacity providers of an existing cluster are left as they
        are. V([]) removes them all.
      - A capacity provider that a service of the cluster uses cannot be removed; AWS refuses the change.
    type: list
    elements: str
  default_capacity_provider_strategy:
    description:
      - The capacity provider strategy that services and tasks launched without a launch type or strategy of their
        own use, compared as a set of (provider, weight, base).
      - Requires O(capacity_providers), which must list every provider of the strategy.
      - When omitted, a new cluster has none and the strategy of an existing cluster is left as it is; it must then
        use only providers that O(capacity_providers) keeps. V([]) removes it.
      - At most one entry may have a O(default_capacity_provider_strategy[].base) above 0, and with several entries
        at least one must have a O(default_capacity_provider_strategy[].weight) above 0.
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
          - Relative share of the tasks, beyond the base, that the provider runs; 0 to 1000.
          - A provider with weight 0 runs no task beyond its base.
        type: int
        default: 0
      base:
        description:
          - How many tasks, at least, run on this provider before the weights apply; 0 to 100000.
        type: int
        default: 0
notes:
  - The cluster is read with DescribeClusters (including its settings, configurations and tags), created with
    CreateCluster, its setting and ECS Exec configuration changed with UpdateCluster, its capacity providers and
    default strategy with PutClusterCapacityProviders, and its tags with TagResource and UntagResource; each only
    when something differs.
  - AWS changes the capacity providers of a cluster asynchronously; RV(cluster.attachments_status) tells how far it
    is.
  - This module supports check mode and diff mode.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: A Fargate cluster, mostly on Spot, with Container Insights and logged ECS Exec sessions
  seed.aws_platform.ecs_cluster:
    name: tiger
    container_insights: enabled
    execute_command:
      kms_key_id: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
      logging: OVERRIDE
      log_group_name: /ecs/tiger/exec
    capacity_providers:
      - FARGATE
      - FARGATE_SPOT
    default_capacity_provider_strategy:
      - capacity_provider: FARGATE
        base: 1
        weight: 1
      - capacity_provider: FARGATE_SPOT
        weight: 3
    tags:
      Environment: tiger
  register: cluster

- name: Turn Container Insights off, leaving everything else as it is
  seed.aws_platform.ecs_cluster:
    name: tiger
    container_insights: disabled

- name: Delete the cluster once its services are gone
  seed.aws_platform.ecs_cluster:
    name: tiger
    state: absent
"""

RETURN = r"""
changes:
  description:
    - What the task changed, among V(created), V(deleted), V(container_insights), V(execute_command),
      V(capacity_providers), V(default_capacity_provider_strategy) and V(tags); empty when nothing changed.
    - In check mode, what the task would change.
  returned: always
  type: list
  elements: str
  sample: ["container_insights", "tags"]
cluster:
  description:
    - The cluster after the task, as DescribeClusters reports it (snake_cased).
    - Empty when O(state=absent).
    - In check mode, the cluster as the task would leave it; a cluster that would be created has only the keys the
      task sets.
  returned: always
  type: dict
  contains:
    cluster_arn:
      description: ARN of the cluster.
      returned: when the cluster exists
      type: str
      sample: arn:aws:ecs:us-east-1:123456789012:cluster/tiger
    cluster_name:
      description: Name of the cluster.
      returned: always
      type: str
      sample: tiger
    status:
      description: V(ACTIVE), V(PROVISIONING), V(DEPROVISIONING) or V(FAILED).
      returned: when the cluster exists
      type: str
      sample: ACTIVE
    settings:
      description: Settings of the cluster, each a C(name) and a C(value); C(containerInsights) among them.
      returned: always
      type: list
      elements: dict
      sample: [{"name": "containerInsights", "value": "enabled"}]
    configuration:
      description:
        - Configuration of the cluster; C(execute_command_configuration) is the ECS Exec one, with C(kms_key_id),
          C(logging) and C(log_configuration) (C(cloud_watch_log_group_name), C(cloud_watch_encryption_enabled),
          C(s3_bucket_name), C(s3_key_prefix), C(s3_encryption_enabled)).
      returned: when the cluster has one
      type: dict
      sample: {"execute_command_configuration": {"logging": "OVERRIDE",
               "log_configuration": {"cloud_watch_log_group_name": "/ecs/tiger/exec", "cloud_watch_encryption_enabled": true}}}
    capacity_providers:
      description: Names of the capacity providers of the cluster.
      returned: always
      type: list
      elements: str
      sample: ["FARGATE", "FARGATE_SPOT"]
    default_capacity_provider_strategy:
      description: The default capacity provider strategy, each entry with C(capacity_provider), C(weight) and C(base).
      returned: always
      type: list
      elements: dict
      sample: [{"capacity_provider": "FARGATE", "weight": 1, "base": 1}]
    active_services_count:
      description: Number of services of the cluster that are V(ACTIVE).
      returned: when the cluster exists
      type: int
      sample: 2
    running_tasks_count:
      description: Number of tasks of the cluster that are V(RUNNING).
      returned: when the cluster exists
      type: int
      sample: 4
    pending_tasks_count:
      description: Number of tasks of the cluster that are V(PENDING).
      returned: when the cluster exists
      type: int
      sample: 0
    registered_container_instances_count:
      description: Number of container instances registered to the cluster (none with Fargate only).
      returned: when the cluster exists
      type: int
      sample: 0
    attachments_status:
      description: Status of the last change of capacity providers, for example V(UPDATE_COMPLETE).
      returned: when AWS reports it
      type: str
      sample: UPDATE_COMPLETE
    tags:
      description: Tags of the cluster.
      returned: always
      type: dict
      sample: {"Environment": "tiger"}
"""

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

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict

from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import converge_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import tag_map

NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
INSIGHTS = "containerInsights"
# ECS Exec log options and their logConfiguration keys; each of the others applies only with the location it follows.
LOG_LOCATIONS = (("log_group_name", "cloudWatchLogGroupName"), ("s3_bucket_name", "s3BucketName"))
LOG_DETAILS = (
    ("log_encryption_enabled", "cloudWatchEncryptionEnabled", "log_group_name"),
    ("s3_key_prefix", "s3KeyPrefix", "s3_bucket_name"),
    ("s3_encryption_enabled", "s3EncryptionEnabled", "s3_bucket_name"),
)
MAX_WEIGHT = 1000
MAX_BASE = 100000
CHANGE_ORDER = (
    "created",
    "container_insights",
    "execute_command",
    "capacity_providers",
    "default_capacity_provider_strategy",
    "tags",
    "deleted",
)


def validate_params(module: AnsibleAWSModule) -> None:
    """Fail on what AWS would refuse, before any call."""
    params = module.params
    if not NAME.match(params["name"]):
        module.fail_json(
            msg=f"name {params['name']!r} is not a valid ECS cluster name: it must be 1 to 255 letters, digits,"
            " hyphens and underscores."
        )
    if params["state"] == "absent":
        return
    if params["execute_command"] is not None:
        validate_execute_command(module, params["execute_command"])
    providers = params["capacity_providers"]
    if providers is not None and not all(providers):
        module.fail_json(msg="capacity_providers cannot contain empty names.")
    if params["default_capacity_provider_strategy"] is not None:
        validate_strategy(module, params["default_capacity_provider_strategy"], providers)


def validate_execute_command(module: AnsibleAWSModule, options: Dict[str, Any]) -> None:
    logging = options["logging"]
    locations = [option for option, _key in LOG_LOCATIONS if options[option]]
    if logging == "OVERRIDE" and not locations:
        module.fail_json(
            msg="execute_command.logging=OVERRIDE requires execute_command.log_group_name or"
            " execute_command.s3_bucket_name: where ECS Exec sends the output of the commands."
        )
    if logging != "OVERRIDE" and locations:
        module.fail_json(
            msg=f"execute_command.{locations[0]} applies only with execute_command.logging=OVERRIDE, not {logging}."
        )
    for option, _key, location in LOG_DETAILS:
        if options[option] is not None and not options[location]:
            module.fail_json(msg=f"execute_command.{option} applies only with execute_command.{location}.")


def validate_strategy(module: AnsibleAWSModule, strategy: List[Dict[str, Any]], providers: List[str]) -> None:
    seen = set()
    for item in strategy:
        name = item["capacity_provider"]
        if name not in providers:
            module.fail_json(
                msg=f"default_capacity_provider_strategy uses capacity provider {name!r}, which capacity_providers"
                f" does not list ({', '.join(providers) or 'none'}): a cluster's strategy can only use its own"
                " capacity providers."
            )
        if name in seen:
            module.fail_json(msg=f"default_capacity_provider_strategy lists capacity provider {name!r} twice.")
        seen.add(name)
        if not 0 <= item["weight"] <= MAX_WEIGHT:
            module.fail_json(
                msg=f"The weight of capacity provider {name!r} in default_capacity_provider_strategy must be between"
                f" 0 and {MAX_WEIGHT}, not {item['weight']}."
            )
        if not 0 <= item["base"] <= MAX_BASE:
            module.fail_json(
                msg=f"The base of capacity provider {name!r} in default_capacity_provider_strategy must be between"
                f" 0 and {MAX_BASE}, not {item['base']}."
            )
    with_base = [item["capacity_provider"] for item in strategy if item["base"] > 0]
    if len(with_base) > 1:
        module.fail_json(
            msg="Only one capacity provider of default_capacity_provider_strategy may have a base above 0, not"
            f" {len(with_base)} ({', '.join(with_base)})."
        )
    if len(strategy) > 1 and not any(item["weight"] for item in strategy):
        module.fail_json(
            msg="With several capacity providers in default_capacity_provider_strategy, at least one must have a"
            " weight above 0: AWS places no task with a strategy whose weights are all 0."
        )


# --- the comparable state -----------------------------------------------------------------------


def container_insights_of(cluster: Dict[str, Any]) -> str:
    # A cluster created without the setting has it off, unless the account's default says otherwise, which
    # DescribeClusters then reports as the setting.
    settings = {setting.get("name"): setting.get("value") for setting in cluster.get("settings") or []}
    return settings.get(INSIGHTS) or "disabled"


def execute_command_of(cluster: Dict[str, Any]) -> Dict[str, Any]:
    """The ECS Exec configuration of the cluster as the options name it, AWS's defaults filled in."""
    configuration = (cluster.get("configuration") or {}).get("executeCommandConfiguration") or {}
    log = configuration.get("logConfiguration") or {}
    current = dict(kms_key_id=configuration.get("kmsKeyId") or None, logging=configuration.get("logging") or "DEFAULT")
    for option, key in LOG_LOCATIONS:
        current[option] = log.get(key) or None
    for option, key, _location in LOG_DETAILS:
        current[option] = bool(log.get(key)) if option.endswith("_enabled") else log.get(key) or None
    return current


def wanted_execute_command(options: Dict[str, Any]) -> Dict[str, Any]:
    """O(execute_command) in the form of execute_command_of, with the module's defaults filled in."""
    wanted = dict(kms_key_id=options["kms_key_id"] or None, logging=options["logging"])
    for option, _key in LOG_LOCATIONS:
        wanted[option] = options[option] or None
    wanted["log_encryption_enabled"] = bool(
        options["log_group_name"] if options["log_encryption_enabled"] is None else options["log_encryption_enabled"]
    )
    wanted["s3_key_prefix"] = options["s3_key_prefix"] or None
    wanted["s3_encryption_enabled"] = bool(options["s3_encryption_enabled"])
    return wanted


def execute_command_request(wanted: Dict[str, Any]) -> Dict[str, Any]:
    """The executeCommandConfiguration of ``wanted`` (see wanted_execute_command)."""
    request = dict(logging=wanted["logging"])
    if wanted["kms_key_id"]:
        request["kmsKeyId"] = wanted["kms_key_id"]
    log = {key: wanted[option] for option, key in LOG_LOCATIONS if wanted[option]}
    for option, key, location in LOG_DETAILS:
        if wanted[location] and (wanted[option] or option.endswith("_enabled")):
            log[key] = wanted[option]
    if log:
        request["logConfiguration"] = log
    return request


def strategy_of(items: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """A capacity provider strategy as the options name it, sorted, AWS's defaults filled in."""
    strategy = [
        dict(
            capacity_provider=item.get("capacityProvider", item.get("capacity_provider")),
            weight=item.get("weight") or 0,
            base=item.get("base") or 0,
        )
        for item in items
    ]
    return sorted(strategy, key=lambda item: item["capacity_provider"])


def strategy_request(strategy: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [
        dict(capacityProvider=item["capacity_provider"], weight=item["weight"], base=item["base"]) for item in strategy
    ]


def same_strategy(one: List[Dict[str, Any]], other: List[Dict[str, Any]]) -> bool:
    def as_set(strategy):
        return {(item["capacity_provider"], item["weight"], item["base"]) for item in strategy}

    return as_set(one) == as_set(other)


def tags_of(cluster: Dict[str, Any]) -> Dict[str, str]:
    return boto3_tag_list_to_ansible_dict(cluster.get("tags") or [], "key", "value")


def comparable(cluster: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """What the module manages of the cluster, in the options' terms, for the diff; empty when there is none."""
    if not cluster:
        return {}
    return dict(
        container_insights=container_insights_of(cluster),
        execute_command=execute_command_of(cluster),
        capacity_providers=sorted(cluster.get("capacityProviders") or []),
        default_capacity_provider_strategy=strategy_of(cluster.get("defaultCapacityProviderStrategy") or []),
        tags=tags_of(cluster),
    )


def normalize_cluster(cluster: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The snake_cased cluster the module returns: tags as a dict, the capacity provider keys always there."""
    if not cluster:
        return {}
    cluster = dict(cluster)
    cluster.pop("ResponseMetadata", None)
    tags = tags_of(cluster)
    cluster.pop("tags", None)
    cluster["capacityProviders"] = list(cluster.get("capacityProviders") or [])
    cluster["defaultCapacityProviderStrategy"] = strategy_request(
        strategy_of(cluster.get("defaultCapacityProviderStrategy") or [])
    )
    return dict(camel_dict_to_snake_dict(cluster), tags=tags)


# --- calls --------------------------------------------------------------------------------------


def find_cluster(client, module: AnsibleAWSModule, name: str) -> Optional[Dict[str, Any]]:
    """The cluster with its settings, configuration and tags, or None when it is missing or INACTIVE."""
    try:
        found = client.describe_clusters(
            aws_retry=True, clusters=[name], include=["SETTINGS", "CONFIGURATIONS", "TAGS"]
        )
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to describe ECS cluster {name}")
    # A missing cluster is a failure entry with reason MISSING, not an error; a deleted one stays INACTIVE a while.
    return next(
        (
            cluster
            for cluster in found.get("clusters", [])
            if cluster.get("clusterName") == name and cluster.get("status") != "INACTIVE"
        ),
        None,
    )


def call(client, module: AnsibleAWSModule, operation: str, failure: str, **params: Any) -> Dict[str, Any]:
    try:
        return getattr(client, operation)(aws_retry=True, **params)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=failure)


def read_back(client, module: AnsibleAWSModule, name: str, expected: Dict[str, Any]) -> Dict[str, Any]:
    """The cluster after a change; what the module expects when AWS does not describe it (yet)."""
    return find_cluster(client, module, name) or expected


# --- present ------------------------------------------------------------------------------------


def creation_request(params: Dict[str, Any]) -> Dict[str, Any]:
    request = dict(clusterName=params["name"], settings=[dict(name=INSIGHTS, value=params["container_insights"])])
    if params["execute_command"] is not None:
        request["configuration"] = dict(
            executeCommandConfiguration=execute_command_request(wanted_execute_command(params["execute_command"]))
        )
    if params["capacity_providers"] is not None:
        request["capacityProviders"] = list(dict.fromkeys(params["capacity_providers"]))
    if params["default_capacity_provider_strategy"] is not None:
        request["defaultCapacityProviderStrategy"] = strategy_request(
            strategy_of(params["default_capacity_provider_strategy"])
        )
    tags = tag_map(params["tags"] or {})
    if tags:
        request["tags"] = ansible_dict_to_boto3_tag_list(tags, "key", "value")
    return request


def create_cluster(client, module: AnsibleAWSModule) -> Dict[str, Any]:
    request = creation_request(module.params)
    if module.check_mode:
        return request
    name = module.params["name"]
    created = call(client, module, "create_cluster", f"Failed to create ECS cluster {name}", **request)["cluster"]
    return read_back(client, module, name, created)


def plan_update(module: AnsibleAWSModule, cluster: Dict[str, Any]) -> Tuple[List[str], Dict[str, Any], Dict[str, Any]]:
    """(changes, UpdateCluster parameters, PutClusterCapacityProviders parameters) for an existing cluster.

    The tags are planned apart, by converge_tags.
    """
    params = module.params
    changes, update, providers_request = [], {}, {}
    if params["container_insights"] != container_insights_of(cluster):
        changes.append("container_insights")
        update["settings"] = [dict(name=INSIGHTS, value=params["container_insights"])]
    if params["execute_command"] is not None:
        wanted = wanted_execute_command(params["execute_command"])
        if wanted != execute_command_of(cluster):
            changes.append("execute_command")
            update["configuration"] = dict(executeCommandConfiguration=execute_command_request(wanted))

    current_providers = cluster.get("capacityProviders") or []
    current_strategy = strategy_of(cluster.get("defaultCapacityProviderStrategy") or [])
    providers = (
        current_providers if params["capacity_providers"] is None else list(dict.fromkeys(params["capacity_providers"]))
    )
    strategy = current_strategy
    if params["default_capacity_provider_strategy"] is not None:
        strategy = strategy_of(params["default_capacity_provider_strategy"])
    if set(providers) != set(current_providers):
        changes.append("capacity_providers")
    if not same_strategy(strategy, current_strategy):
        changes.append("default_capacity_provider_strategy")
    if set(providers) != set(current_providers) or not same_strategy(strategy, current_strategy):
        # PutClusterCapacityProviders sets both at once: the strategy kept must only use providers kept.
        dropped = [item["capacity_provider"] for item in strategy if item["capacity_provider"] not in providers]
        if dropped:
            module.fail_json(
                msg=f"The default capacity provider strategy of ECS cluster {params['name']} uses {', '.join(dropped)},"
                " which capacity_providers no longer lists: set default_capacity_provider_strategy as well.",
                cluster=normalize_cluster(cluster),
            )
        providers_request = dict(
            capacityProviders=providers, defaultCapacityProviderStrategy=strategy_request(strategy)
        )
    return changes, update, providers_request


def expected_cluster(
    cluster: Dict[str, Any], update: Dict[str, Any], providers_request: Dict[str, Any]
) -> Dict[str, Any]:
    """The cluster as the planned UpdateCluster and PutClusterCapacityProviders calls leave it."""
    after = dict(cluster, **providers_request)
    if "settings" in update:
        others = [setting for setting in cluster.get("settings") or [] if setting.get("name") != INSIGHTS]
        after["settings"] = others + update["settings"]
    if "configuration" in update:
        after["configuration"] = dict(cluster.get("configuration") or {}, **update["configuration"])
    return after


def update_tags(client, module: AnsibleAWSModule, cluster: Dict[str, Any]) -> Tuple[bool, Dict[str, str]]:
    """Converge the cluster's tags to ``tags`` and ``purge_tags``; return whether they change and the tags after."""
    arn = cluster["clusterArn"]

    def apply(to_set: Dict[str, str], to_unset: List[str]) -> None:
        if to_unset:
            client.untag_resource(aws_retry=True, resourceArn=arn, tagKeys=to_unset)
        if to_set:
            client.tag_resource(
                aws_retry=True, resourceArn=arn, tags=ansible_dict_to_boto3_tag_list(to_set, "key", "value")
            )

    return converge_tags(module, tags_of(cluster), apply, lambda: arn)


def update_cluster(client, module: AnsibleAWSModule, cluster: Dict[str, Any]) -> Tuple[List[str], Dict[str, Any]]:
    """(changes, the cluster after the task) for an existing cluster."""
    name = module.params["name"]
    changes, update, providers_request = plan_update(module, cluster)
    if update and not module.check_mode:
        call(
            client,
            module,
            "update_cluster",
            f"Failed to update the settings of ECS cluster {name}",
            cluster=name,
            **update,
        )
    if providers_request and not module.check_mode:
        call(
            client,
            module,
            "put_cluster_capacity_providers",
            f"Failed to set the capacity providers of ECS cluster {name}",
            cluster=name,
            **providers_request,
        )
    tags_changed, tags = update_tags(client, module, cluster)
    if tags_changed:
        changes.append("tags")
    after = dict(
        expected_cluster(cluster, update, providers_request), tags=ansible_dict_to_boto3_tag_list(tags, "key", "value")
    )
    if changes and not module.check_mode:
        after = read_back(client, module, name, after)
    return changes, after


def ensure_present(
    client, module: AnsibleAWSModule, cluster: Optional[Dict[str, Any]]
) -> Tuple[List[str], Dict[str, Any]]:
    if cluster is None:
        return ["created"], create_cluster(client, module)
    return update_cluster(client, module, cluster)


# --- absent -------------------------------------------------------------------------------------


def refuse_services(module: AnsibleAWSModule, cluster: Dict[str, Any], count: Optional[int]) -> None:
    services = "active services" if count is None else f"{count} active service{'' if count == 1 else 's'}"
    module.fail_json(
        msg=f"ECS cluster {module.params['name']} cannot be deleted: it still has {services}, which must be deleted"
        " first (for example with an ecs_service task with state=absent).",
        cluster=normalize_cluster(cluster),
    )


def ensure_absent(client, module: AnsibleAWSModule, cluster: Optional[Dict[str, Any]]) -> List[str]:
    if cluster is None:
        return []
    if cluster.get("activeServicesCount"):
        refuse_services(module, cluster, cluster["activeServicesCount"])
    if module.check_mode:
        return ["deleted"]
    try:
        client.delete_cluster(aws_retry=True, cluster=module.params["name"])
    except is_boto3_error_code("ClusterNotFoundException"):
        # Deleted by someone else since we described it: that is the goal anyway.
        return []
    except is_boto3_error_code("ClusterContainsServicesException"):  # pylint: disable=duplicate-except
        refuse_services(module, cluster, None)
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to delete ECS cluster {module.params['name']}")
    return ["deleted"]


def main() -> None:
    argument_spec = dict(
        name=dict(type="str", required=True),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        container_insights=dict(type="str", default="enabled", choices=["enabled", "enhanced", "disabled"]),
        execute_command=dict(
            type="dict",
            options=dict(
                kms_key_id=dict(type="str", no_log=False),
                logging=dict(type="str", default="DEFAULT", choices=["DEFAULT", "NONE", "OVERRIDE"]),
                log_group_name=dict(type="str"),
                log_encryption_enabled=dict(type="bool"),
                s3_bucket_name=dict(type="str"),
                s3_key_prefix=dict(type="str", no_log=False),
                s3_encryption_enabled=dict(type="bool"),
            ),
        ),
        capacity_providers=dict(type="list", elements="str"),
        default_capacity_provider_strategy=dict(
            type="list",
            elements="dict",
            options=dict(
                capacity_provider=dict(type="str", required=True),
                weight=dict(type="int", default=0),
                base=dict(type="int", default=0),
            ),
        ),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )

    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        required_by=dict(default_capacity_provider_strategy=["capacity_providers"]),
    )
    validate_params(module)

    client = module.client("ecs", retry_decorator=AWSRetry.jittered_backoff())
    existing = find_cluster(client, module, module.params["name"])

    if module.params["state"] == "present":
        changes, cluster = ensure_present(client, module, existing)
    else:
        changes, cluster = ensure_absent(client, module, existing), None

    changes = [change for change in CHANGE_ORDER if change in changes]
    result = dict(changed=bool(changes), changes=changes, cluster=normalize_cluster(cluster))
    if module._diff:
        result["diff"] = dict(before=comparable(existing), after=comparable(cluster))
    module.exit_json(**result)


if __name__ == "__main__":
    main()
