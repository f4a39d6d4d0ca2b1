# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""boto3 helpers shared by the elasticache_replication_group and elasticache_replication_group_info modules.

DescribeReplicationGroups does not report the engine version, subnet group, security groups, parameter group or
maintenance window of a group: they are read from its primary cache cluster (DescribeCacheClusters).
"""

import time
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.transformation import boto3_resource_to_ansible_dict

GROUP_NOT_FOUND = "ReplicationGroupNotFoundFault"
CLUSTER_NOT_FOUND = "CacheClusterNotFound"
INVALID_STATE = "InvalidReplicationGroupState"

# Seconds between two DescribeReplicationGroups while waiting; tests patch time.sleep.
WAIT_DELAY = 15

# What the primary cache cluster tells about its group, as the modules return it.
CLUSTER_ATTRIBUTES = (
    "engine_version",
    "cache_subnet_group_name",
    "security_group_ids",
    "cache_parameter_group_name",
    "preferred_maintenance_window",
)


def elasticache_client(module: AnsibleAWSModule):
    """The client both modules use: every call made with ``aws_retry=True`` is retried with jittered backoff."""
    return module.client("elasticache", retry_decorator=AWSRetry.jittered_backoff())


def describe_replication_group(client, replication_group_id: str) -> Optional[Dict[str, Any]]:
    """DescribeReplicationGroups of one group, or None when there is no such group."""
    try:
        groups = client.describe_replication_groups(aws_retry=True, ReplicationGroupId=replication_group_id)
    except is_boto3_error_code(GROUP_NOT_FOUND):
        return None
    return groups["ReplicationGroups"][0] if groups["ReplicationGroups"] else None


@AWSRetry.jittered_backoff()
def describe_replication_groups(client) -> List[Dict[str, Any]]:
    """Every replication group of the region, following all pages.

    The retry wraps the whole pagination because a paginator bypasses the retrying client wrapper.
    """
    paginator = client.get_paginator("describe_replication_groups")
    return paginator.paginate().build_full_result()["ReplicationGroups"]


@AWSRetry.jittered_backoff()
def describe_cache_clusters(client) -> List[Dict[str, Any]]:
    """Every cache cluster of the region, following all pages."""
    paginator = client.get_paginator("describe_cache_clusters")
    return paginator.paginate().build_full_result()["CacheClusters"]


def primary_cluster_id(group: Dict[str, Any]) -> Optional[str]:
    """The cache cluster that is the primary of the group's (only) node group, or its first member."""
    for node_group in group.get("NodeGroups", []):
        for member in node_group.get("NodeGroupMembers", []):
            if member.get("CurrentRole") == "primary":
                return member["CacheClusterId"]
    members = group.get("MemberClusters", [])
    return members[0] if members else None


def describe_primary_cluster(client, group: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """DescribeCacheClusters of the group's primary cluster, or None when it cannot be found (yet)."""
    cluster_id = primary_cluster_id(group)
    if not cluster_id:
        return None
    try:
        clusters = client.describe_cache_clusters(aws_retry=True, CacheClusterId=cluster_id)["CacheClusters"]
    except is_boto3_error_code(CLUSTER_NOT_FOUND):
        return None
    return clusters[0] if clusters else None


def list_tags(client, arn: str) -> Optional[Dict[str, str]]:
    """The tags of the group, or None when ElastiCache does not list them yet (while the group is created)."""
    try:
        tags = client.list_tags_for_resource(aws_retry=True, ResourceName=arn)["TagList"]
    except is_boto3_error_code(INVALID_STATE):
        return None
    return boto3_tag_list_to_ansible_dict(tags)


def cluster_attributes(cluster: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The attributes of a group that only its primary cluster reports, snake_cased; empty without the cluster."""
    if not cluster:
        return {}
    return {
        "engine_version": cluster.get("EngineVersion"),
        "cache_subnet_group_name": cluster.get("CacheSubnetGroupName"),
        "security_group_ids": [item["SecurityGroupId"] for item in cluster.get("SecurityGroups", [])],
        "cache_parameter_group_name": cluster.get("CacheParameterGroup", {}).get("CacheParameterGroupName"),
        "preferred_maintenance_window": cluster.get("PreferredMaintenanceWindow"),
    }


def endpoint(node_group: Dict[str, Any], key: str) -> Optional[Dict[str, Any]]:
    found = node_group.get(key)
    return {"address": found["Address"], "port": found["Port"]} if found else None


def normalize_replication_group(
    group: Dict[str, Any], cluster: Optional[Dict[str, Any]] = None, tags: Optional[Dict[str, str]] = None
) -> Dict[str, Any]:
    """A DescribeReplicationGroups entry as both modules return it.

    Snake_cased, with ``tags`` as a dict, ``replicas`` (the number of members but the primary), ``port``,
    ``primary_endpoint`` and ``reader_endpoint`` at the top, and the attributes of the primary cluster.
    """
    normalized = boto3_resource_to_ansible_dict(group, transform_tags=False, force_tags=False)
    node_groups = group.get("NodeGroups") or [{}]
    primary_endpoint = endpoint(node_groups[0], "PrimaryEndpoint")
    normalized.update(
        engine=group.get("Engine", "redis"),
        replicas=max(len(group.get("MemberClusters", [])) - 1, 0),
        port=primary_endpoint["port"] if primary_endpoint else None,
        primary_endpoint=primary_endpoint,
        reader_endpoint=endpoint(node_groups[0], "ReaderEndpoint"),
        tags=tags or {},
        **cluster_attributes(cluster),
    )
    return normalized


def wait_for_replication_group(
    client, module: AnsibleAWSModule, replication_group_id: str, status: Optional[str], timeout: int
) -> Optional[Dict[str, Any]]:
    """Poll until the group has ``status`` (None: until it is gone) and return it; fail after ``timeout`` seconds.

    botocore's ReplicationGroupAvailable waiter gives up on no status but 'deleted', and its timing is fixed,
    so the group is polled here with WAIT_DELAY seconds between two calls.
    """
    polls = max(1, -(-timeout // WAIT_DELAY))
    group = None
    for attempt in range(polls + 1):
        try:
            group = describe_replication_group(client, replication_group_id)
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            module.fail_json_aws(e, msg=f"Failed to describe replication group {replication_group_id}")
        if group is None and status is None:
            return None
        if group is None:
            module.fail_json(msg=f"Replication group {replication_group_id} disappeared while waiting for it.")
        if status is not None and group["Status"] == status:
            return group
        if status is not None and group["Status"] in ("create-failed", "deleting", "deleted"):
            module.fail_json(
                msg=f"Replication group {replication_group_id} is {group['Status']}, it will not become {status}."
            )
        if attempt < polls:
            time.sleep(WAIT_DELAY)
    wanted = "deleted" if status is None else status
    module.fail_json(
        msg=(
            f"Timed out after {timeout} seconds waiting for replication group {replication_group_id} to be {wanted};"
            f" its status is {group['Status']}. The change goes on in AWS: run the task again later,"
            " or raise wait_timeout."
        ),
        replication_group=normalize_replication_group(group),
    )
