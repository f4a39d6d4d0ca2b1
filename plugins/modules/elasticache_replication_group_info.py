#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: elasticache_replication_group_info
version_added: 0.1.0
short_description: Gather information about ElastiCache for Redis OSS and Valkey replication groups
description:
  - Gathers information about one ElastiCache replication group, or every replication group of the region.
  - Each group has the same shape as the C(replication_group) that
    M(seed.aws_platform.elasticache_replication_group) returns.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  replication_group_id:
    description:
      - Identifier of the replication group to return.
      - When omitted, every replication group of the region is returned.
    type: str
notes:
  - The engine version, subnet group, security groups, parameter group and maintenance window of a group are read
    from its primary cache cluster, and left out when that cluster cannot be found.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Gather information about one replication group
  seed.aws_platform.elasticache_replication_group_info:
    replication_group_id: tiger-cache
  register: cache_info

- name: Fail unless it exists
  ansible.builtin.assert:
    that: cache_info.replication_groups | length == 1

- name: Gather information about every replication group of the region
  seed.aws_platform.elasticache_replication_group_info:
  register: all_caches
"""

RETURN = r"""
replication_groups:
  description:
    - The replication groups; empty when O(replication_group_id) does not exist.
    - Never an AUTH token, only whether the group has one.
  returned: always
  type: list
  elements: dict
  contains:
    replication_group_id:
      description: Identifier of the group.
      returned: always
      type: str
      sample: tiger-cache
    arn:
      description: ARN of the group.
      returned: always
      type: str
      sample: arn:aws:elasticache:us-east-1:123456789012:replicationgroup:tiger-cache
    status:
      description: Status of the group, for example V(creating), V(available), V(modifying).
      returned: always
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
      returned: when the primary cluster can be described
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
      returned: always
      type: list
      elements: str
      sample: ["tiger-cache-001", "tiger-cache-002", "tiger-cache-003"]
    node_groups:
      description: The node group of the group, with its endpoints and members.
      returned: always
      type: list
      elements: dict
    primary_endpoint:
      description: Endpoint of the primary, for writes, with C(address) and C(port); null while the group is created.
      returned: always
      type: dict
      sample: {"address": "master.tiger-cache.abc123.use1.cache.amazonaws.com", "port": 6379}
    reader_endpoint:
      description: Endpoint spreading reads over the replicas, with C(address) and C(port), or null.
      returned: always
      type: dict
      sample: {"address": "replica.tiger-cache.abc123.use1.cache.amazonaws.com", "port": 6379}
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
      description: Whether clients must give the AUTH token.
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
      returned: when the primary cluster can be described
      type: str
      sample: tiger-private
    security_group_ids:
      description: IDs of the VPC security groups, read from the primary cluster.
      returned: when the primary cluster can be described
      type: list
      elements: str
      sample: ["sg-0123456789abcdef0"]
    cache_parameter_group_name:
      description: Name of the cache parameter group, read from the primary cluster.
      returned: when the primary cluster can be described
      type: str
      sample: default.valkey7
    preferred_maintenance_window:
      description: Weekly maintenance window, read from the primary cluster.
      returned: when the primary cluster can be described
      type: str
      sample: sun:23:00-mon:01:00
    snapshot_retention_limit:
      description: Days automatic snapshots are kept.
      returned: always
      type: int
      sample: 7
    snapshot_window:
      description: Daily window of automatic snapshots.
      returned: always
      type: str
      sample: "03:00-04:00"
    tags:
      description: Tags of the group.
      returned: always
      type: dict
      sample: {"Environment": "tiger"}
"""

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.seed.aws_platform.plugins.module_utils.elasticache_replication_groups import (
    describe_cache_clusters,
)
from ansible_collections.seed.aws_platform.plugins.module_utils.elasticache_replication_groups import (
    describe_primary_cluster,
)
from ansible_collections.seed.aws_platform.plugins.module_utils.elasticache_replication_groups import (
    describe_replication_group,
)
from ansible_collections.seed.aws_platform.plugins.module_utils.elasticache_replication_groups import (
    describe_replication_groups,
)
from ansible_collections.seed.aws_platform.plugins.module_utils.elasticache_replication_groups import elasticache_client
from ansible_collections.seed.aws_platform.plugins.module_utils.elasticache_replication_groups import list_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.elasticache_replication_groups import (
    normalize_replication_group,
)
from ansible_collections.seed.aws_platform.plugins.module_utils.elasticache_replication_groups import primary_cluster_id


def main() -> None:
    argument_spec = dict(replication_group_id=dict(type="str"))

    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)

    client = elasticache_client(module)
    group_id = module.params["replication_group_id"]
    described = f"replication group {group_id}" if group_id else "replication groups"
    try:
        if group_id:
            group = describe_replication_group(client, group_id)
            groups = [group] if group else []
            clusters = {primary_cluster_id(group): describe_primary_cluster(client, group) for group in groups}
        else:
            groups = describe_replication_groups(client)
            # One paginated call for the clusters of every group rather than one call per group.
            clusters = (
                {cluster["CacheClusterId"]: cluster for cluster in describe_cache_clusters(client)} if groups else {}
            )
        replication_groups = [
            normalize_replication_group(group, clusters.get(primary_cluster_id(group)), list_tags(client, group["ARN"]))
            for group in groups
        ]
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to describe {described}")

    module.exit_json(replication_groups=replication_groups)


if __name__ == "__main__":
    main()
