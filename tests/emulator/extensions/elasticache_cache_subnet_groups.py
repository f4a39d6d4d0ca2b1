"""ElastiCache cache subnet groups: ModifyCacheSubnetGroup, DeleteCacheSubnetGroup, and the subnets' zones.

moto 5.2.1 creates and describes subnet groups, which community.aws.elasticache_subnet_group converges on a
second run, but:

- ModifyCacheSubnetGroup and DeleteCacheSubnetGroup are not implemented (HTTP 500): the module fails on
  ``state: absent`` and whenever a group's subnets or description change. Here both work as on AWS: a
  Modify replaces the description and the subnets (all of one VPC, InvalidSubnet otherwise); a Delete of a
  group a cache cluster or replication group uses is refused (CacheSubnetGroupInUse), and its tags go with it.
- Every subnet's ``SubnetAvailabilityZone`` is answered empty (moto keeps the zone as a string where botocore
  has a structure); here it is ``{"Name": ZONE}``.
- A subnet ID EC2 does not know is accepted, with a made-up VPC; here it is refused (InvalidSubnet), as on AWS.
"""

import functools

from moto.core.responses import ActionResult
from moto.core.responses import EmptyResult
from moto.ec2.models import ec2_backends
from moto.elasticache.exceptions import CacheSubnetGroupNotFound
from moto.elasticache.exceptions import ElastiCacheException
from moto.elasticache.exceptions import InvalidSubnet
from moto.elasticache.models import CacheSubnetGroup
from moto.elasticache.models import ElastiCacheBackend
from moto.elasticache.responses import ElastiCacheResponse


class CacheSubnetGroupInUse(ElastiCacheException):
    code = "CacheSubnetGroupInUse"

    def __init__(self, name: str, users: list[str]):
        super().__init__(f"Cache subnet group {name} is currently in use by: {', '.join(users)}.")


def check_subnets(account_id: str, region_name: str, subnet_ids: list[str]) -> None:
    known = {subnet.id for subnet in ec2_backends[account_id][region_name].describe_subnets()}
    unknown = [subnet_id for subnet_id in subnet_ids if subnet_id not in known]
    if unknown:
        raise InvalidSubnet(unknown[0])


def find(backend: ElastiCacheBackend, name: str) -> CacheSubnetGroup:
    try:
        return backend.cache_subnet_groups[name]
    except KeyError:
        raise CacheSubnetGroupNotFound(name) from None


def modify_cache_subnet_group(
    self: ElastiCacheBackend, name: str, description: str | None, subnet_ids
) -> CacheSubnetGroup:
    group = find(self, name)
    if subnet_ids:
        # A new group works the subnets out (zones, VPC, network types) and checks that they share one VPC.
        rebuilt = CacheSubnetGroup(
            account_id=self.account_id,
            region_name=self.region_name,
            cache_subnet_group_name=name,
            cache_subnet_group_description=group.cache_subnet_group_description,
            subnet_ids=list(subnet_ids),
            tags=group.tags,
        )
        group.subnet_ids, group.subnets = rebuilt.subnet_ids, rebuilt.subnets
        group.vpc_id, group.supported_network_types = rebuilt.vpc_id, rebuilt.supported_network_types
    if description is not None:
        group.cache_subnet_group_description = description
    return group


def delete_cache_subnet_group(self: ElastiCacheBackend, name: str) -> None:
    group = find(self, name)
    users = sorted(
        {
            *(
                cluster.cache_cluster_id
                for cluster in self.cache_clusters.values()
                if cluster.cache_subnet_group_name == name and cluster.cache_cluster_status != "deleting"
            ),
            *(
                replication_group.replication_group_id
                for replication_group in self.replication_groups.values()
                if replication_group.cache_subnet_group_name == name and replication_group.status != "deleting"
            ),
        }
    )
    if users:
        raise CacheSubnetGroupInUse(name, users)
    del self.cache_subnet_groups[name]
    self.tagging_service.delete_all_tags_for_resource(group.arn)


def modify_cache_subnet_group_response(self: ElastiCacheResponse) -> ActionResult:
    group = self.elasticache_backend.modify_cache_subnet_group(
        self._get_param("CacheSubnetGroupName"),
        self._get_param("CacheSubnetGroupDescription"),
        self._get_param("SubnetIds", []),
    )
    return ActionResult({"CacheSubnetGroup": group})


def delete_cache_subnet_group_response(self: ElastiCacheResponse) -> ActionResult:
    self.elasticache_backend.delete_cache_subnet_group(self._get_param("CacheSubnetGroupName"))
    return EmptyResult()


def register() -> None:
    original_init = CacheSubnetGroup.__init__

    @functools.wraps(original_init)
    def init(self, account_id, region_name, cache_subnet_group_name, cache_subnet_group_description, subnet_ids, tags):
        check_subnets(account_id, region_name, subnet_ids)
        original_init(
            self, account_id, region_name, cache_subnet_group_name, cache_subnet_group_description, subnet_ids, tags
        )
        for subnet in self.subnets:
            zone = subnet.get("subnet_availability_zone")
            if isinstance(zone, str):
                subnet["subnet_availability_zone"] = {"Name": zone}

    CacheSubnetGroup.__init__ = init
    ElastiCacheBackend.modify_cache_subnet_group = modify_cache_subnet_group
    ElastiCacheBackend.delete_cache_subnet_group = delete_cache_subnet_group
    ElastiCacheResponse.modify_cache_subnet_group = modify_cache_subnet_group_response
    ElastiCacheResponse.delete_cache_subnet_group = delete_cache_subnet_group_response
