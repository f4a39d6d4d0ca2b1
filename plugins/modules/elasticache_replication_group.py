#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: elasticache_replication_group
version_added: 0.1.0
short_description: Manage ElastiCache for Redis OSS and Valkey replication groups (cluster mode disabled)
description:
  - Creates, modifies and deletes an ElastiCache replication group with cluster mode disabled, that is one node
    group made of a primary and up to five replicas, running Redis OSS or Valkey.
  - What ElastiCache can change on an existing group is changed in place (C(ModifyReplicationGroup),
    C(IncreaseReplicaCount), C(DecreaseReplicaCount), tags).
  - The module never deletes and recreates a group on its own. When an existing group differs from the task in an
    attribute ElastiCache can only set at creation (encryption at rest or in transit, KMS key, AUTH, subnet group,
    port, a change of engine from Valkey back to Redis OSS, a downgrade of the engine version), the task fails,
    naming each attribute with its current and wanted value, and explains how to replace the group deliberately.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  replication_group_id:
    description:
      - Identifier of the replication group.
      - 1 to 40 lowercase letters, digits and hyphens, starting with a letter, without two hyphens in a row and not
        ending with a hyphen.
    type: str
    required: true
  state:
    description:
      - Whether the replication group should exist.
    type: str
    default: present
    choices: ['present', 'absent']
  description:
    description:
      - Description of the replication group.
      - When omitted, a new group is described as V(Replication group ID managed by Ansible) and the description
        of an existing group is left as it is.
    type: str
  engine:
    description:
      - The engine of the group.
      - ElastiCache upgrades a Redis OSS group to Valkey in place, which requires O(engine_version); a Valkey group
        cannot go back to Redis OSS, the task fails instead.
    type: str
    default: redis
    choices: ['redis', 'valkey']
  engine_version:
    description:
      - Version of the engine, for example V(7.1) or V(7.2).
      - An existing group matches when its version is this one or starts with it followed by a dot, so V(7.1)
        matches V(7.1.0).
      - A higher version is an in-place upgrade; a lower one cannot be applied in place and the task fails.
      - When omitted, AWS uses its default version for a new group and the version of an existing group is not
        compared.
    type: str
  cache_node_type:
    description:
      - The node type of the primary and replicas, for example V(cache.t4g.small).
      - Required to create a group. Changing it scales the group in place.
    type: str
  replicas:
    description:
      - Number of replicas besides the primary, from 0 to 5. The group has O(replicas) + 1 cache clusters.
      - Changed in place with C(IncreaseReplicaCount) and C(DecreaseReplicaCount), always applied immediately.
    type: int
    default: 0
  automatic_failover:
    description:
      - Whether ElastiCache promotes a replica when the primary fails. Requires O(replicas) of 1 or more.
    type: bool
    default: false
  multi_az:
    description:
      - Whether ElastiCache places the replicas in other Availability Zones than the primary.
      - Requires O(automatic_failover=true) and O(replicas) of 1 or more.
    type: bool
    default: false
  at_rest_encryption:
    description:
      - Whether data on disk (backups, swap) is encrypted. Only set at creation.
    type: bool
    default: true
  kms_key_id:
    description:
      - ID, ARN, alias (V(alias/NAME)) or alias ARN of the customer managed KMS key that encrypts data at rest.
      - Requires O(at_rest_encryption=true). When omitted, ElastiCache uses its own key, and the key of an existing
        group is not compared.
      - Only set at creation. An alias is resolved with KMS C(DescribeKey) when it has to be compared with the key
        of an existing group.
    type: str
  transit_encryption:
    description:
      - Whether clients connect with TLS. Only set at creation by this module.
      - Switching an existing group to TLS in place (C(TransitEncryptionMode) V(preferred), then V(required)) is
        out of scope, the task fails instead.
    type: bool
    default: true
  auth_token_secret:
    description:
      - ARN or name of a Secrets Manager secret whose C(SecretString) is the AUTH token (password) of the group.
        It must be 16 to 128 characters long, made of letters, digits and the characters C(!&#$^<>-).
      - The module reads the secret itself (C(GetSecretValue)) when it creates the group and sends the token with
        C(CreateReplicationGroup). The token is never returned, shown in the diff or written to a message.
      - Requires O(transit_encryption=true).
      - The token of an existing group cannot be read back, so it is not compared, and rotating it is out of scope
        of this module. Only whether the group has AUTH is compared; a group with AUTH and a task without
        O(auth_token_secret), or the reverse, makes the task fail as a change that needs a new group.
    type: str
  cache_subnet_group_name:
    description:
      - Name of the cache subnet group, which places the group in a VPC. Only set at creation.
      - When omitted, the subnet group of an existing group is not compared.
    type: str
  security_group_ids:
    description:
      - IDs of the VPC security groups of the group, compared as a set.
      - When omitted, the security groups of an existing group are not compared.
    type: list
    elements: str
  cache_parameter_group_name:
    description:
      - Name of the cache parameter group.
      - When omitted, AWS uses the default parameter group of the engine for a new group and the parameter group of
        an existing group is not compared.
    type: str
  port:
    description:
      - Port the nodes accept connections on. Only set at creation.
    type: int
    default: 6379
  snapshot_retention_limit:
    description:
      - Number of days (0 to 35) automatic snapshots are kept; V(0) turns automatic snapshots off.
      - When omitted, AWS uses V(0) for a new group and the limit of an existing group is not compared.
    type: int
  snapshot_window:
    description:
      - Daily UTC time range of automatic snapshots, as V(hh:mm-hh:mm), for example V(05:00-06:00).
      - When omitted, AWS chooses one for a new group and the window of an existing group is not compared.
    type: str
  preferred_maintenance_window:
    description:
      - Weekly UTC time range of maintenance, as V(ddd:hh:mm-ddd:hh:mm), for example V(sun:23:00-mon:01:30).
      - When omitted, AWS chooses one for a new group and the window of an existing group is not compared.
    type: str
  apply_immediately:
    description:
      - Whether C(ModifyReplicationGroup) applies the changes now rather than in the next maintenance window.
      - Replica count changes are always applied immediately.
    type: bool
    default: true
  final_snapshot_identifier:
    description:
      - With O(state=absent), name of a snapshot ElastiCache takes of the group before deleting it.
    type: str
  wait:
    description:
      - Whether to wait until the group is V(available), or with O(state=absent) until it is deleted.
      - ElastiCache makes one change at a time, so the module waits for the group to be V(available) before each
        change it makes, whatever O(wait) says.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait at most, for each wait.
    type: int
    default: 1800
notes:
  - DescribeReplicationGroups does not report the engine version, subnet group, security groups, parameter group
    and maintenance window of a group, so the module reads them from the group's primary cache cluster
    (C(DescribeCacheClusters)). When that cluster cannot be found, they are not compared and a warning says so.
  - Changes are made in this order, waiting for the group to be V(available) before each step; tags, then
    C(IncreaseReplicaCount), then C(ModifyReplicationGroup) with only the attributes that differ, then
    C(DecreaseReplicaCount). Automatic failover can thus be turned on together with the first replica, and turned
    off together with the last one.
  - This module supports check mode and diff mode. Check mode makes no change and does not read the AUTH token.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: A Valkey primary with two replicas across Availability Zones, TLS and AUTH
  seed.aws_platform.elasticache_replication_group:
    replication_group_id: tiger-cache
    description: Session cache of the FastAPI application
    engine: valkey
    engine_version: "7.2"
    cache_node_type: cache.t4g.small
    replicas: 2
    automatic_failover: true
    multi_az: true
    auth_token_secret: tiger/cache/auth-token
    cache_subnet_group_name: tiger-private
    security_group_ids:
      - sg-0123456789abcdef0
    snapshot_retention_limit: 7
    snapshot_window: "03:00-04:00"
    preferred_maintenance_window: sun:23:00-mon:01:00
    tags:
      Environment: tiger
  register: cache

- name: Give the application the endpoints
  ansible.builtin.set_fact:
    redis_url: "rediss://{{ cache.replication_group.primary_endpoint.address }}:{{ cache.replication_group.port }}"

- name: Scale up and add a replica, in place
  seed.aws_platform.elasticache_replication_group:
    replication_group_id: tiger-cache
    engine: valkey
    cache_node_type: cache.m7g.large
    replicas: 3
    automatic_failover: true
    multi_az: true
    auth_token_secret: tiger/cache/auth-token

- name: Delete the group, keeping a final snapshot
  seed.aws_platform.elasticache_replication_group:
    replication_group_id: tiger-cache
    state: absent
    final_snapshot_identifier: tiger-cache-final
"""

RETURN = r"""
changes:
  description:
    - What the task changed, among V(created), V(deleted), V(description), V(engine), V(engine_version),
      V(cache_node_type), V(replicas), V(automatic_failover), V(multi_az), V(security_group_ids),
      V(cache_parameter_group_name), V(snapshot_retention_limit), V(snapshot_window),
      V(preferred_maintenance_window) and V(tags); empty when nothing changed.
  returned: always
  type: list
  elements: str
  sample: ["cache_node_type", "replicas"]
replication_group:
  description:
    - The replication group after the task, as DescribeReplicationGroups reports it (snake_cased), with the
      attributes of its primary cluster and a few convenience keys.
    - Empty when O(state=absent).
    - In check mode, the attributes the task would set; a group that would be created has only those.
  returned: always
  type: dict
  contains:
    replication_group_id:
      description: Identifier of the group.
      returned: always
      type: str
      sample: tiger-cache
    arn:
      description: ARN of the group.
      returned: when the group exists
      type: str
      sample: arn:aws:elasticache:us-east-1:123456789012:replicationgroup:tiger-cache
    status:
      description: Status of the group, for example V(creating), V(available), V(modifying).
      returned: when the group exists
      type: str
      sample: available
    description:
      description: Description of the group.
      returned: always
      type: str
      sample: Session cache of the FastAPI application
    engine:
      description: V(redis) or V(valkey).
      returned: always
      type: str
      sample: valkey
    engine_version:
      description: Version of the engine, read from the primary cluster.
      returned: when the primary cluster can be described, or O(engine_version) is set
      type: str
      sample: 7.2.4
    cache_node_type:
      description: Node type of the nodes.
      returned: always
      type: str
      sample: cache.t4g.small
    replicas:
      description: Number of cache clusters of the group besides the primary.
      returned: always
      type: int
      sample: 2
    member_clusters:
      description: IDs of the cache clusters of the group.
      returned: when the group exists
      type: list
      elements: str
      sample: ["tiger-cache-001", "tiger-cache-002", "tiger-cache-003"]
    node_groups:
      description: The node group of the group, with its endpoints and members.
      returned: when the group exists
      type: list
      elements: dict
      contains:
        node_group_id:
          description: ID of the node group.
          type: str
          sample: "0001"
        status:
          description: Status of the node group.
          type: str
          sample: available
        primary_endpoint:
          description: Endpoint of the primary, C(address) and C(port).
          type: dict
          sample: {"address": "master.tiger-cache.abc123.use1.cache.amazonaws.com", "port": 6379}
        reader_endpoint:
          description: Endpoint spreading reads over the replicas, C(address) and C(port).
          type: dict
          sample: {"address": "replica.tiger-cache.abc123.use1.cache.amazonaws.com", "port": 6379}
        node_group_members:
          description: The primary and replicas, each with C(cache_cluster_id), C(current_role) and C(read_endpoint).
          type: list
          elements: dict
    primary_endpoint:
      description: Endpoint of the primary, for writes.
      returned: always
      type: dict
      contains:
        address:
          description: DNS name.
          type: str
          sample: master.tiger-cache.abc123.use1.cache.amazonaws.com
        port:
          description: Port.
          type: int
          sample: 6379
    reader_endpoint:
      description: Endpoint spreading reads over the replicas; null while ElastiCache has not published it.
      returned: always
      type: dict
      contains:
        address:
          description: DNS name.
          type: str
          sample: replica.tiger-cache.abc123.use1.cache.amazonaws.com
        port:
          description: Port.
          type: int
          sample: 6379
    port:
      description: Port of the nodes.
      returned: always
      type: int
      sample: 6379
    automatic_failover:
      description: V(enabled), V(disabled), V(enabling) or V(disabling).
      returned: always
      type: str
      sample: enabled
    multi_az:
      description: V(enabled) or V(disabled).
      returned: always
      type: str
      sample: enabled
    at_rest_encryption_enabled:
      description: Whether data at rest is encrypted.
      returned: always
      type: bool
      sample: true
    transit_encryption_enabled:
      description: Whether clients connect with TLS.
      returned: always
      type: bool
      sample: true
    auth_token_enabled:
      description: Whether clients must give the AUTH token. The token itself is never returned.
      returned: always
      type: bool
      sample: true
    kms_key_id:
      description: The KMS key that encrypts data at rest.
      returned: when a customer managed key is used
      type: str
      sample: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
    cache_subnet_group_name:
      description: Name of the cache subnet group, read from the primary cluster.
      returned: when the primary cluster can be described, or O(cache_subnet_group_name) is set
      type: str
      sample: tiger-private
    security_group_ids:
      description: IDs of the VPC security groups, read from the primary cluster.
      returned: when the primary cluster can be described, or O(security_group_ids) is set
      type: list
      elements: str
      sample: ["sg-0123456789abcdef0"]
    cache_parameter_group_name:
      description: Name of the cache parameter group, read from the primary cluster.
      returned: when the primary cluster can be described, or O(cache_parameter_group_name) is set
      type: str
      sample: default.valkey7
    preferred_maintenance_window:
      description: Weekly maintenance window, read from the primary cluster.
      returned: when the primary cluster can be described, or O(preferred_maintenance_window) is set
      type: str
      sample: sun:23:00-mon:01:00
    snapshot_retention_limit:
      description: Days automatic snapshots are kept.
      returned: when the group exists or O(snapshot_retention_limit) is set
      type: int
      sample: 7
    snapshot_window:
      description: Daily window of automatic snapshots.
      returned: when the group exists or O(snapshot_window) is set
      type: str
      sample: "03:00-04:00"
    tags:
      description: Tags of the group.
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

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list

from ansible_collections.seed.aws_platform.plugins.module_utils.elasticache_replication_groups import CLUSTER_ATTRIBUTES
from ansible_collections.seed.aws_platform.plugins.module_utils.elasticache_replication_groups import (
    describe_primary_cluster,
)
from ansible_collections.seed.aws_platform.plugins.module_utils.elasticache_replication_groups import (
    describe_replication_group,
)
from ansible_collections.seed.aws_platform.plugins.module_utils.elasticache_replication_groups import elasticache_client
from ansible_collections.seed.aws_platform.plugins.module_utils.elasticache_replication_groups import list_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.elasticache_replication_groups import (
    normalize_replication_group,
)
from ansible_collections.seed.aws_platform.plugins.module_utils.elasticache_replication_groups import (
    wait_for_replication_group,
)
from ansible_collections.seed.aws_platform.plugins.module_utils.resource_identifiers import identifier_problem
from ansible_collections.seed.aws_platform.plugins.module_utils.secretsmanager_secrets import secretsmanager_client
from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import tag_changes
from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import tag_map

HOUR_MINUTE = r"([01]\d|2[0-3]):[0-5]\d"
SNAPSHOT_WINDOW = re.compile(rf"^{HOUR_MINUTE}-{HOUR_MINUTE}$")
DAY = r"(sun|mon|tue|wed|thu|fri|sat)"
MAINTENANCE_WINDOW = re.compile(rf"^{DAY}:{HOUR_MINUTE}-{DAY}:{HOUR_MINUTE}$", re.IGNORECASE)
AUTH_TOKEN = re.compile(r"^[A-Za-z0-9!&#$^<>-]{16,128}$")

# Statuses a group leaves by itself, which ElastiCache refuses changes in.
TRANSITIONAL = ("creating", "modifying", "snapshotting")

# Options ModifyReplicationGroup changes and their request keys, in the order the module reports changes.
MODIFIABLE = (
    ("description", "ReplicationGroupDescription"),
    ("engine", "Engine"),
    ("engine_version", "EngineVersion"),
    ("cache_node_type", "CacheNodeType"),
    ("automatic_failover", "AutomaticFailoverEnabled"),
    ("multi_az", "MultiAZEnabled"),
    ("security_group_ids", "SecurityGroupIds"),
    ("cache_parameter_group_name", "CacheParameterGroupName"),
    ("snapshot_retention_limit", "SnapshotRetentionLimit"),
    ("snapshot_window", "SnapshotWindow"),
    ("preferred_maintenance_window", "PreferredMaintenanceWindow"),
)
CHANGE_ORDER = (
    [name for name, _key in MODIFIABLE[:4]] + ["replicas"] + [name for name, _key in MODIFIABLE[4:]] + ["tags"]
)

REPLACEMENT_ADVICE = (
    "AWS can only apply this by creating a new replication group, and this module never deletes or recreates one"
    " by itself. To do it deliberately: take a snapshot (state=absent with final_snapshot_identifier deletes the"
    " group after snapshotting it), then create the group again with the new settings, under a new"
    " replication_group_id to keep the old one meanwhile, or restore the snapshot into a new group."
)

# An API call the module plans: the client method and its parameters.
Action = Tuple[str, Dict[str, Any]]


def validate_params(module: AnsibleAWSModule) -> None:
    """Fail on what AWS would refuse, before any call."""
    params = module.params
    problem = identifier_problem(params["replication_group_id"], 40, lowercase=True)
    if problem:
        module.fail_json(msg=f"replication_group_id {params['replication_group_id']!r} {problem}.")
    if params["wait_timeout"] < 1:
        module.fail_json(msg=f"wait_timeout must be at least 1 second, not {params['wait_timeout']}.")
    if params["state"] == "absent":
        return

    replicas = params["replicas"]
    if not 0 <= replicas <= 5:
        module.fail_json(msg=f"replicas must be between 0 and 5, not {replicas}.")
    if params["automatic_failover"] and replicas < 1:
        module.fail_json(
            msg="automatic_failover=true requires at least one replica (replicas >= 1): ElastiCache fails over to a"
            " replica. To go down to no replica, set automatic_failover=false and multi_az=false as well."
        )
    if params["multi_az"] and replicas < 1:
        module.fail_json(msg="multi_az=true requires at least one replica (replicas >= 1).")
    if params["multi_az"] and not params["automatic_failover"]:
        module.fail_json(msg="multi_az=true requires automatic_failover=true.")
    if params["auth_token_secret"] and not params["transit_encryption"]:
        module.fail_json(
            msg="auth_token_secret requires transit_encryption=true: ElastiCache only accepts an AUTH token with TLS."
        )
    if params["kms_key_id"] and not params["at_rest_encryption"]:
        module.fail_json(msg="kms_key_id requires at_rest_encryption=true.")
    limit = params["snapshot_retention_limit"]
    if limit is not None and not 0 <= limit <= 35:
        module.fail_json(msg=f"snapshot_retention_limit must be between 0 and 35, not {limit}.")
    if params["snapshot_window"] is not None and not SNAPSHOT_WINDOW.match(params["snapshot_window"]):
        module.fail_json(
            msg="snapshot_window must be a UTC range hh:mm-hh:mm such as 05:00-06:00,"
            f" not {params['snapshot_window']!r}."
        )
    window = params["preferred_maintenance_window"]
    if window is not None and not MAINTENANCE_WINDOW.match(window):
        module.fail_json(
            msg="preferred_maintenance_window must be a UTC range ddd:hh:mm-ddd:hh:mm such as sun:23:00-mon:01:30,"
            f" not {window!r}."
        )
    if not 1 <= params["port"] <= 65535:
        module.fail_json(msg=f"port must be between 1 and 65535, not {params['port']}.")


def call(client, module: AnsibleAWSModule, operation: str, group_id: str, **params: Any) -> Dict[str, Any]:
    try:
        response = getattr(client, operation)(aws_retry=True, **params)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to {operation.replace('_', ' ')} {group_id}")
    return response


def read_group(client, module: AnsibleAWSModule, group_id: str, group: Optional[Dict[str, Any]] = None):
    """(DescribeReplicationGroups entry, primary cluster, tags) of the group; (None, None, {}) when there is none.

    The primary cluster is None when it cannot be found, the tags when ElastiCache cannot list them yet.
    """
    try:
        if group is None:
            group = describe_replication_group(client, group_id)
        if group is None:
            return None, None, {}
        cluster = describe_primary_cluster(client, group)
        tags = list_tags(client, group["ARN"])
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to describe replication group {group_id}")
    return group, cluster, tags


def read_auth_token(module: AnsibleAWSModule, secret_id: str) -> str:
    """The SecretString of the secret, checked as an AUTH token; never put in a message or a result."""
    client = secretsmanager_client(module)
    try:
        secret = client.get_secret_value(aws_retry=True, SecretId=secret_id)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to read the AUTH token from Secrets Manager secret {secret_id}")
    token = secret.get("SecretString")
    if token:
        # Should anything ever carry it into the output, Ansible masks it.
        module.no_log_values.add(token)
    if not token or not AUTH_TOKEN.match(token):
        module.fail_json(
            msg=f"The SecretString of Secrets Manager secret {secret_id} is not a valid AUTH token: it must be 16"
            " to 128 characters long and contain only letters, digits and the characters !&#$^<>-"
            " (the value is not shown)."
        )
    return token


# --- comparison ---------------------------------------------------------------------------------


def version_tuple(version: str) -> Tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version))


def version_matches(current: str, wanted: str) -> bool:
    return current == wanted or current.startswith(wanted + ".")


def version_is_lower(current: str, wanted: str) -> bool:
    wanted_parts = version_tuple(wanted)
    return bool(wanted_parts) and wanted_parts < version_tuple(current)[: len(wanted_parts)]


def kms_key_ref(key: str) -> str:
    """The key ID or alias name of a key given in any form."""
    if key.startswith("arn:"):
        key = key.split(":", 5)[5]
    return key[len("key/") :] if key.startswith("key/") else key


def same_kms_key(module: AnsibleAWSModule, current: Optional[str], wanted: str) -> bool:
    if not current:
        return False
    if kms_key_ref(current) == kms_key_ref(wanted):
        return True
    if not kms_key_ref(wanted).startswith("alias/"):
        return False
    # ElastiCache reports a key by ARN: only KMS knows which key an alias points to.
    kms = module.client("kms", retry_decorator=AWSRetry.jittered_backoff())
    try:
        resolved = kms.describe_key(aws_retry=True, KeyId=wanted)["KeyMetadata"]
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to resolve KMS key {wanted}")
    return kms_key_ref(current) in (resolved["KeyId"], kms_key_ref(resolved["Arn"]))


def enabled(value: Optional[str]) -> bool:
    return value in ("enabled", "enabling")


def on_off(value: bool) -> str:
    return "enabled" if value else "disabled"


def replacement_problems(module: AnsibleAWSModule, current: Dict[str, Any]) -> List[str]:
    """What differs between the group and the task that ElastiCache cannot change in place, one line each."""
    params = module.params
    problems = []

    def differs(name: str, now: Any, wanted: Any) -> None:
        problems.append(f"{name} is {now}, wanted {wanted}")

    def yes_no(value: Any) -> str:
        return "true" if value else "false"

    for name in ("at_rest_encryption", "transit_encryption"):
        now = bool(current.get(f"{name}_enabled"))
        if now != params[name]:
            differs(name, yes_no(now), yes_no(params[name]))
    kms_key_id = params["kms_key_id"]
    if kms_key_id and params["at_rest_encryption"] and not same_kms_key(module, current.get("kms_key_id"), kms_key_id):
        differs("kms_key_id", current.get("kms_key_id") or "the ElastiCache default key", kms_key_id)
    has_auth = bool(current.get("auth_token_enabled"))
    if has_auth and not params["auth_token_secret"]:
        problems.append("AUTH is enabled, wanted disabled (no auth_token_secret given)")
    elif params["auth_token_secret"] and not has_auth:
        problems.append("AUTH is disabled, wanted enabled (auth_token_secret given)")
    subnet_group = params["cache_subnet_group_name"]
    if subnet_group and "cache_subnet_group_name" in current and current["cache_subnet_group_name"] != subnet_group:
        differs("cache_subnet_group_name", current["cache_subnet_group_name"], subnet_group)
    if current.get("port") is not None and current["port"] != params["port"]:
        differs("port", current["port"], params["port"])
    if current["engine"] == "valkey" and params["engine"] == "redis":
        problems.append("engine is valkey, wanted redis (ElastiCache upgrades Redis OSS to Valkey in place, not back)")
    version = params["engine_version"]
    if (
        version
        and current["engine"] == params["engine"]
        and current.get("engine_version")
        and not version_matches(current["engine_version"], version)
        and version_is_lower(current["engine_version"], version)
    ):
        differs("engine_version", current["engine_version"], f"{version} (a downgrade)")
    return problems


def wanted_changes(module: AnsibleAWSModule, current: Dict[str, Any]) -> Dict[str, Any]:
    """The modifiable attributes that differ, by option name, with the wanted value."""
    params = module.params
    wanted = {}
    if params["description"] is not None and params["description"] != current.get("description"):
        wanted["description"] = params["description"]
    if params["engine"] != current["engine"]:
        if not params["engine_version"]:
            module.fail_json(
                msg=f"Changing the engine of replication group {params['replication_group_id']}"
                f" from {current['engine']} to {params['engine']} requires engine_version, for example 7.2."
            )
        wanted["engine"] = params["engine"]
        wanted["engine_version"] = params["engine_version"]
    elif (
        params["engine_version"]
        and current.get("engine_version")
        and not version_matches(current["engine_version"], params["engine_version"])
    ):
        wanted["engine_version"] = params["engine_version"]
    if params["cache_node_type"] and params["cache_node_type"] != current.get("cache_node_type"):
        wanted["cache_node_type"] = params["cache_node_type"]
    if params["automatic_failover"] != enabled(current.get("automatic_failover")):
        wanted["automatic_failover"] = params["automatic_failover"]
    if params["multi_az"] != enabled(current.get("multi_az")):
        wanted["multi_az"] = params["multi_az"]
    groups = params["security_group_ids"]
    if groups is not None and "security_group_ids" in current and set(groups) != set(current["security_group_ids"]):
        wanted["security_group_ids"] = groups
    parameter_group = params["cache_parameter_group_name"]
    if parameter_group is not None and "cache_parameter_group_name" in current:
        if parameter_group != current["cache_parameter_group_name"]:
            wanted["cache_parameter_group_name"] = parameter_group
    for name in ("snapshot_retention_limit", "snapshot_window"):
        if params[name] is not None and params[name] != current.get(name):
            wanted[name] = params[name]
    window = params["preferred_maintenance_window"]
    if window is not None and "preferred_maintenance_window" in current:
        if window.lower() != (current["preferred_maintenance_window"] or "").lower():
            wanted["preferred_maintenance_window"] = window.lower()
    return wanted


def unknown_cluster_attributes(module: AnsibleAWSModule, current: Dict[str, Any]) -> List[str]:
    return [name for name in CLUSTER_ATTRIBUTES if module.params[name] is not None and name not in current]


# --- present ------------------------------------------------------------------------------------


def creation_request(params: Dict[str, Any]) -> Dict[str, Any]:
    request = dict(
        ReplicationGroupId=params["replication_group_id"],
        ReplicationGroupDescription=params["description"] or default_description(params),
        Engine=params["engine"],
        CacheNodeType=params["cache_node_type"],
        NumCacheClusters=params["replicas"] + 1,
        AutomaticFailoverEnabled=params["automatic_failover"],
        MultiAZEnabled=params["multi_az"],
        AtRestEncryptionEnabled=params["at_rest_encryption"],
        TransitEncryptionEnabled=params["transit_encryption"],
        Port=params["port"],
    )
    optional = dict(
        EngineVersion=params["engine_version"],
        KmsKeyId=params["kms_key_id"],
        CacheSubnetGroupName=params["cache_subnet_group_name"],
        SecurityGroupIds=params["security_group_ids"],
        CacheParameterGroupName=params["cache_parameter_group_name"],
        SnapshotRetentionLimit=params["snapshot_retention_limit"],
        SnapshotWindow=params["snapshot_window"],
        PreferredMaintenanceWindow=params["preferred_maintenance_window"],
    )
    request.update({key: value for key, value in optional.items() if value is not None})
    if params["tags"]:
        request["Tags"] = ansible_dict_to_boto3_tag_list(tag_map(params["tags"]))
    return request


def default_description(params: Dict[str, Any]) -> str:
    return f"Replication group {params['replication_group_id']} managed by Ansible"


def planned_group(params: Dict[str, Any]) -> Dict[str, Any]:
    """The group check mode reports for a creation: what the task sets."""
    planned = dict(
        replication_group_id=params["replication_group_id"],
        description=params["description"] or default_description(params),
        engine=params["engine"],
        cache_node_type=params["cache_node_type"],
        replicas=params["replicas"],
        automatic_failover=on_off(params["automatic_failover"]),
        multi_az=on_off(params["multi_az"]),
        at_rest_encryption_enabled=params["at_rest_encryption"],
        transit_encryption_enabled=params["transit_encryption"],
        auth_token_enabled=bool(params["auth_token_secret"]),
        port=params["port"],
        primary_endpoint=None,
        reader_endpoint=None,
        tags=tag_map(params["tags"] or {}),
    )
    for name in (
        "engine_version",
        "kms_key_id",
        "cache_subnet_group_name",
        "security_group_ids",
        "cache_parameter_group_name",
        "snapshot_retention_limit",
        "snapshot_window",
        "preferred_maintenance_window",
    ):
        if params[name] is not None:
            planned[name] = params[name]
    return planned


def create_group(client, module: AnsibleAWSModule) -> Dict[str, Any]:
    params = module.params
    group_id = params["replication_group_id"]
    if not params["cache_node_type"]:
        module.fail_json(msg=f"cache_node_type is required to create replication group {group_id}.")
    if module.check_mode:
        return planned_group(params)
    request = creation_request(params)
    if params["auth_token_secret"]:
        request["AuthToken"] = read_auth_token(module, params["auth_token_secret"])
    group = call(client, module, "create_replication_group", group_id, **request)["ReplicationGroup"]
    if params["wait"]:
        group = wait_for_replication_group(client, module, group_id, "available", params["wait_timeout"])
    group, cluster, tags = read_group(client, module, group_id, group)
    return normalize_replication_group(group, cluster, tag_map(params["tags"] or {}) if tags is None else tags)


def tag_actions(module: AnsibleAWSModule, current: Dict[str, str]) -> Tuple[List[Action], Dict[str, str]]:
    """The calls that converge the tags, and the tags after them."""
    changes = tag_changes(module, current)
    if changes is None:
        return [], current
    to_set, to_unset, after = changes
    actions = []
    if to_unset:
        actions.append(("remove_tags_from_resource", dict(TagKeys=to_unset)))
    if to_set:
        actions.append(("add_tags_to_resource", dict(Tags=ansible_dict_to_boto3_tag_list(to_set))))
    return actions, after


def plan_update(
    module: AnsibleAWSModule, current: Dict[str, Any]
) -> Tuple[List[str], List[Action], List[Action], Dict[str, Any]]:
    """(changes, tag calls, group calls in order, the group as it will be) for an existing group."""
    params = module.params
    wanted = wanted_changes(module, current)
    after = dict(current)
    for name, value in wanted.items():
        after[name] = on_off(value) if name in ("automatic_failover", "multi_az") else value

    steps = []
    group_id = params["replication_group_id"]
    replicas = params["replicas"]
    if replicas > current["replicas"]:
        steps.append(
            (
                "increase_replica_count",
                dict(ReplicationGroupId=group_id, NewReplicaCount=replicas, ApplyImmediately=True),
            )
        )
    if wanted:
        modify = {key: wanted[name] for name, key in MODIFIABLE if name in wanted}
        steps.append(
            (
                "modify_replication_group",
                dict(ReplicationGroupId=group_id, ApplyImmediately=params["apply_immediately"], **modify),
            )
        )
    if replicas < current["replicas"]:
        steps.append(
            (
                "decrease_replica_count",
                dict(ReplicationGroupId=group_id, NewReplicaCount=replicas, ApplyImmediately=True),
            )
        )
    after["replicas"] = replicas

    tag_calls, after["tags"] = tag_actions(module, current["tags"])
    changed = (
        set(wanted) | ({"replicas"} if replicas != current["replicas"] else set()) | ({"tags"} if tag_calls else set())
    )
    return [name for name in CHANGE_ORDER if name in changed], tag_calls, steps, after


def wait_until_available(client, module: AnsibleAWSModule, group_id: str, status: str) -> None:
    if status != "available":
        wait_for_replication_group(client, module, group_id, "available", module.params["wait_timeout"])


def plan(
    module: AnsibleAWSModule, current: Dict[str, Any]
) -> Tuple[List[str], List[Action], List[Action], Dict[str, Any]]:
    """Refuse what needs a new group, then plan the changes in place (see plan_update)."""
    group_id = module.params["replication_group_id"]
    problems = replacement_problems(module, current)
    if problems:
        module.fail_json(
            msg=f"Replication group {group_id} differs from the task in attributes ElastiCache cannot change in place: "
            + "; ".join(problems)
            + ". "
            + REPLACEMENT_ADVICE,
            replication_group=current,
        )
    unknown = unknown_cluster_attributes(module, current)
    if unknown:
        module.warn(
            f"The primary cache cluster of replication group {group_id} could not be described, so {', '.join(unknown)}"
            " were not compared."
        )
    return plan_update(module, current)


def update_group(client, module: AnsibleAWSModule, group: Dict[str, Any], current: Dict[str, Any]):
    """(changes, the group after the task) for an existing group."""
    group_id = module.params["replication_group_id"]
    wait, timeout = module.params["wait"], module.params["wait_timeout"]
    if group["Status"] in ("deleting", "create-failed"):
        module.fail_json(
            msg=f"Replication group {group_id} is {group['Status']}: wait for it to be deleted, or delete it"
            " (state=absent), then run the task again."
        )

    changes, tag_calls, steps, after = plan(module, current)
    if module.check_mode:
        return changes, after
    if changes and group["Status"] != "available":
        # ElastiCache refuses changes while another one runs, which may also change what is to be done: plan again
        # once the group is available.
        group = wait_for_replication_group(client, module, group_id, "available", timeout)
        current = normalize_replication_group(*read_group(client, module, group_id, group))
        changes, tag_calls, steps, after = plan(module, current)
    if not changes:
        if wait and group["Status"] != "available":
            group = wait_for_replication_group(client, module, group_id, "available", timeout)
            return changes, normalize_replication_group(*read_group(client, module, group_id, group))
        return changes, current

    for operation, request in tag_calls:
        call(client, module, operation, group_id, ResourceName=group["ARN"], **request)
    status = group["Status"]
    for operation, request in steps:
        # One change at a time: each step waits for the previous one to end.
        wait_until_available(client, module, group_id, status)
        call(client, module, operation, group_id, **request)
        status = "modifying"
    found = wait_for_replication_group(client, module, group_id, "available", timeout) if wait else None
    return changes, normalize_replication_group(*read_group(client, module, group_id, found))


def ensure_present(client, module: AnsibleAWSModule, group, before: Dict[str, Any]) -> Tuple[List[str], Dict[str, Any]]:
    if group is None:
        return ["created"], create_group(client, module)
    return update_group(client, module, group, before)


# --- absent -------------------------------------------------------------------------------------


def ensure_absent(client, module: AnsibleAWSModule, group: Optional[Dict[str, Any]]) -> List[str]:
    params = module.params
    group_id = params["replication_group_id"]
    if group is None:
        return []
    deleting = group["Status"] == "deleting"
    if module.check_mode:
        return [] if deleting else ["deleted"]
    if not deleting:
        if group["Status"] in TRANSITIONAL:
            wait_until_available(client, module, group_id, group["Status"])
        request = dict(ReplicationGroupId=group_id, RetainPrimaryCluster=False)
        if params["final_snapshot_identifier"]:
            request["FinalSnapshotIdentifier"] = params["final_snapshot_identifier"]
        call(client, module, "delete_replication_group", group_id, **request)
    if params["wait"]:
        wait_for_replication_group(client, module, group_id, None, params["wait_timeout"])
    return [] if deleting else ["deleted"]


def main() -> None:
    argument_spec = dict(
        replication_group_id=dict(type="str", required=True),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        description=dict(type="str"),
        engine=dict(type="str", default="redis", choices=["redis", "valkey"]),
        engine_version=dict(type="str"),
        cache_node_type=dict(type="str"),
        replicas=dict(type="int", default=0),
        automatic_failover=dict(type="bool", default=False),
        multi_az=dict(type="bool", default=False),
        at_rest_encryption=dict(type="bool", default=True),
        kms_key_id=dict(type="str", no_log=False),
        transit_encryption=dict(type="bool", default=True),
        auth_token_secret=dict(type="str", no_log=False),
        cache_subnet_group_name=dict(type="str"),
        security_group_ids=dict(type="list", elements="str"),
        cache_parameter_group_name=dict(type="str"),
        port=dict(type="int", default=6379),
        snapshot_retention_limit=dict(type="int"),
        snapshot_window=dict(type="str"),
        preferred_maintenance_window=dict(type="str"),
        apply_immediately=dict(type="bool", default=True),
        final_snapshot_identifier=dict(type="str"),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=1800),
    )

    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    validate_params(module)

    client = elasticache_client(module)
    group_id = module.params["replication_group_id"]
    group, cluster, tags = read_group(client, module, group_id)
    before = normalize_replication_group(group, cluster, tags) if group else {}

    if module.params["state"] == "present":
        changes, replication_group = ensure_present(client, module, group, before)
    else:
        changes, replication_group = ensure_absent(client, module, group), {}

    result = dict(changed=bool(changes), changes=changes, replication_group=replication_group)
    if module._diff:
        result["diff"] = dict(before=dict(replication_group=before), after=dict(replication_group=replication_group))
    module.exit_json(**result)


if __name__ == "__main__":
    main()
