"""ElastiCache replication groups: ModifyReplicationGroup, IncreaseReplicaCount, DecreaseReplicaCount, and what
CreateReplicationGroup, DescribeReplicationGroups, DeleteReplicationGroup and DescribeCacheClusters get wrong.

moto 5.2.1 has no ModifyReplicationGroup, IncreaseReplicaCount or DecreaseReplicaCount (HTTP 500), so nothing can
converge an existing Redis. Here:

- ModifyReplicationGroup changes the group in place and answers it as AWS does: ReplicationGroupDescription,
  AutomaticFailoverEnabled, MultiAZEnabled, SecurityGroupIds, CacheSecurityGroupNames, CacheParameterGroupName,
  SnapshotRetentionLimit, SnapshotWindow, SnapshottingClusterId, PreferredMaintenanceWindow, PrimaryClusterId,
  NotificationTopicArn, AutoMinorVersionUpgrade, Engine, AuthToken (with AuthTokenUpdateStrategy), UserGroupIds*,
  LogDeliveryConfigurations, IpDiscovery, TransitEncryptionEnabled, TransitEncryptionMode, ClusterMode. As on AWS,
  CacheNodeType and EngineVersion change at once only with ApplyImmediately; without it they wait, in the member
  clusters' PendingModifiedValues, for a maintenance window that never comes in the emulator (a later call with
  ApplyImmediately applies them). Everything is done at once: the status stays ``available`` (AWS: ``modifying``).
  Multi-AZ needs automatic failover, and automatic failover a replica (InvalidParameterCombination); an unknown
  parameter group is refused (CacheParameterGroupNotFound) when extension elasticache_cache_parameter_groups is
  loaded; a custom group of another family than the engine version's is refused.
- IncreaseReplicaCount and DecreaseReplicaCount (NewReplicaCount, ReplicaConfiguration per shard, ReplicasToRemove)
  add or remove replica clusters named as moto's CreateReplicationGroup names them (``RG-00N``, or ``RG-SHARD-00N`` in
  cluster mode), highest numbers removed first. At most 5 replicas per shard; with automatic failover at least 1.
- CreateReplicationGroup: NumCacheClusters is honoured (moto makes one cluster whatever it says); the group reports
  AWS's defaults for SnapshotWindow (a well-formed ``05:00-06:00``), AutoMinorVersionUpgrade (true) and
  TransitEncryptionMode (``required`` with transit encryption); the node groups of a group without cluster mode have
  their ReaderEndpoint.
- Member clusters exist, as on AWS: DescribeCacheClusters finds ``RG-001`` and the others, with the group's node
  type, engine version (AWS's default ``7.1.0`` if none was given), parameter group (``default.redis7`` or the
  family's default if none was given), subnet group, SecurityGroups, maintenance and snapshot windows, encryption,
  CurrentRole's availability zone, and one CacheNode with its Endpoint. The ReplicationGroup shape has none of these,
  so a client reads them there. Every cluster (member or not) reports CacheParameterGroup and SecurityGroups, which
  moto drops.
- DeleteReplicationGroup answers ``deleting`` and forgets the group and its clusters at once (moto keeps it
  ``deleting`` forever, so a wait for its deletion never ends); RetainPrimaryCluster keeps the primary as a cluster.
"""

import functools
import inspect
import re
from typing import Any

import botocore.session
from moto.core.responses import ActionResult
from moto.core.utils import utcnow
from moto.elasticache.exceptions import InvalidParameterCombinationException
from moto.elasticache.exceptions import InvalidParameterValueException
from moto.elasticache.exceptions import ReplicationGroupNotFound
from moto.elasticache.models import CacheCluster
from moto.elasticache.models import ElastiCacheBackend
from moto.elasticache.models import ReplicationGroup
from moto.elasticache.responses import ElastiCacheResponse

DEFAULT_ENGINE_VERSIONS = {"redis": "7.1.0", "valkey": "8.0.1", "memcached": "1.6.22"}
MAX_REPLICAS = 5
# hh24:mi-hh24:mi, and ddd:hh24:mi-ddd:hh24:mi (AWS answers the days in lower case).
SNAPSHOT_WINDOW = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")
MAINTENANCE_WINDOW = re.compile(
    r"^(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):[0-5]\d-(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):[0-5]\d$"
)
# ModifyReplicationGroup parameters kept as they are on the group, by moto's attribute name.
STORED = {
    "ReplicationGroupDescription": "description",
    "NotificationTopicArn": "notification_topic_arn",
    "NotificationTopicStatus": "notification_topic_status",
    "AutoMinorVersionUpgrade": "auto_minor_version_upgrade",
    "IpDiscovery": "ip_discovery",
    "TransitEncryptionEnabled": "transit_encryption_enabled",
    "TransitEncryptionMode": "transit_encryption_mode",
    "ClusterMode": "cluster_mode",
    "CacheSecurityGroupNames": "cache_security_group_names",
    "SecurityGroupIds": "security_group_ids",
}


def family(engine: str, engine_version: str) -> str:
    """The parameter group family of an engine version: redis7, redis6.x, redis5.0, valkey8, memcached1.6."""
    major, minor = (re.findall(r"\d+", engine_version) + ["0", "0"])[:2]
    if engine == "valkey":
        return f"valkey{major}"
    if engine == "redis" and int(major) >= 7:
        return "redis7"
    if engine == "redis" and int(major) == 6:
        return "redis6.x"
    return f"{engine}{major}.{minor}"


def default_parameter_group(engine: str, engine_version: str, cluster_enabled: bool) -> str:
    return f"default.{family(engine, engine_version)}" + (".cluster.on" if cluster_enabled else "")


def parameter_group_family(backend: ElastiCacheBackend, name: str) -> str | None:
    """The family of a parameter group; raises CacheParameterGroupNotFound if the parameter group extension is
    loaded and does not know it, None when that extension is not loaded."""
    describe = getattr(backend, "describe_cache_parameter_groups", None)
    return describe(name)[0].cache_parameter_group_family if describe else None


def find(backend: ElastiCacheBackend, replication_group_id: str) -> ReplicationGroup:
    try:
        return backend.replication_groups[replication_group_id]
    except KeyError:
        raise ReplicationGroupNotFound(replication_group_id) from None


def domain(group: ReplicationGroup) -> str:
    """The DNS suffix moto gave the group's endpoints (``RG.abc123.use1.cache.amazonaws.com``)."""
    if getattr(group, "configuration_endpoint", None):
        return group.configuration_endpoint["address"].split(".", 1)[1]
    return group.node_groups[0]["primary_endpoint_address"].split(".", 1)[1]


def cluster_mode_enabled(group: ReplicationGroup) -> bool:
    return any("slots" in node_group for node_group in group.node_groups)


def members(group: ReplicationGroup) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(node_group, member) for node_group in group.node_groups for member in node_group["node_group_members"]]


def replicas(group: ReplicationGroup, node_group: dict[str, Any]) -> list[dict[str, Any]]:
    return [member for member in node_group["node_group_members"] if not is_primary(group, node_group, member)]


def is_primary(group: ReplicationGroup, node_group: dict[str, Any], member: dict[str, Any]) -> bool:
    if "current_role" in member:
        return member["current_role"] == "primary"
    return member is node_group["node_group_members"][0]


def add_replica(group: ReplicationGroup, node_group: dict[str, Any], availability_zone: str | None) -> None:
    """A replica named and shaped as moto's CreateReplicationGroup makes them, with the next free number."""
    clustered = cluster_mode_enabled(group)
    prefix = (
        f"{group.replication_group_id}-{node_group['node_group_id']}-"
        if clustered
        else f"{group.replication_group_id}-"
    )
    numbers = [int(member["cache_cluster_id"].rsplit("-", 1)[1]) for member in node_group["node_group_members"]]
    member: dict[str, Any] = {
        "cache_cluster_id": f"{prefix}{max(numbers, default=0) + 1:0>3}",
        "cache_node_id": node_group["node_group_id"],
        "preferred_availability_zone": availability_zone or "us-east-1b",
    }
    if not clustered:
        member["read_endpoint"] = {"address": f"{member['cache_cluster_id']}.{domain(group)}", "port": group.port}
        member["current_role"] = "replica"
    node_group["node_group_members"].append(member)


def set_replica_counts(group: ReplicationGroup, counts: dict[str, int], zones: dict[str, list[str]]) -> None:
    """Grow or shrink each node group named in ``counts`` to that many replicas."""
    for node_group in group.node_groups:
        wanted = counts.get(node_group["node_group_id"])
        if wanted is None:
            continue
        present = replicas(group, node_group)
        node_zones = zones.get(node_group["node_group_id"]) or []
        for index in range(len(present), wanted):
            add_replica(group, node_group, node_zones[index] if index < len(node_zones) else None)
        surplus = present[wanted:] if wanted < len(present) else []
        surplus_ids = {member["cache_cluster_id"] for member in surplus}
        node_group["node_group_members"] = [
            member for member in node_group["node_group_members"] if member["cache_cluster_id"] not in surplus_ids
        ]


def renumber(group: ReplicationGroup) -> None:
    """member_clusters and the snapshotting cluster after members came or went (moto's rule: the first replica)."""
    group.member_clusters = [member["cache_cluster_id"] for _node_group, member in members(group)]
    if group.snapshot_retention_limit and group.snapshotting_cluster_id not in group.member_clusters:
        group.snapshotting_cluster_id = group.member_clusters[1 if len(group.member_clusters) > 1 else 0]
    if not group.snapshot_retention_limit:
        group.snapshotting_cluster_id = None


def sync_clusters(backend: ElastiCacheBackend, group: ReplicationGroup) -> None:
    """Make the group's member clusters exist in DescribeCacheClusters, each as the group says it is."""
    wanted = {}
    for node_group, member in members(group):
        cluster_id = member["cache_cluster_id"]
        cluster = backend.cache_clusters.get(cluster_id)
        if cluster is None or getattr(cluster, "replication_group_id", None) != group.replication_group_id:
            cluster = new_cluster(backend, group, cluster_id)
            backend.cache_clusters[cluster_id] = cluster
        wanted[cluster_id] = cluster
        cluster.preferred_availability_zone = member.get("preferred_availability_zone")
        endpoint = member.get("read_endpoint") or {"address": f"{cluster_id}.{domain(group)}", "port": group.port}
        cluster.cache_nodes = [
            {
                "CacheNodeId": "0001",
                "CacheNodeStatus": "available",
                "CacheNodeCreateTime": cluster.cache_cluster_create_time,
                "Endpoint": {"Address": endpoint["address"], "Port": endpoint["port"]},
                "ParameterGroupStatus": "in-sync",
                "CustomerAvailabilityZone": member.get("preferred_availability_zone"),
            }
        ]
        for attribute in (
            "cache_node_type",
            "engine",
            "engine_version",
            "cache_parameter_group_name",
            "cache_subnet_group_name",
            "cache_security_group_names",
            "preferred_maintenance_window",
            "notification_topic_arn",
            "auto_minor_version_upgrade",
            "snapshot_retention_limit",
            "snapshot_window",
            "auth_token_enabled",
            "auth_token_last_modified_date",
            "transit_encryption_enabled",
            "transit_encryption_mode",
            "at_rest_encryption_enabled",
            "network_type",
            "ip_discovery",
            "port",
        ):
            setattr(cluster, attribute, getattr(group, attribute, None))
        cluster.security_group_ids = list(group.security_group_ids or [])
        cluster.pending_modified_values = dict(pending(group))
    for cluster_id, cluster in list(backend.cache_clusters.items()):
        if getattr(cluster, "replication_group_id", None) == group.replication_group_id and cluster_id not in wanted:
            del backend.cache_clusters[cluster_id]


def new_cluster(backend: ElastiCacheBackend, group: ReplicationGroup, cluster_id: str) -> CacheCluster:
    arguments = {name: None for name in inspect.signature(CacheCluster).parameters if name != "self"}
    arguments.update(
        account_id=backend.account_id,
        region_name=backend.region_name,
        cache_cluster_id=cluster_id,
        replication_group_id=group.replication_group_id,
        cache_node_type=group.cache_node_type,
        engine="redis",
        num_cache_nodes=1,
        log_delivery_configurations=[],
    )
    cluster = CacheCluster(**arguments)
    # CacheCluster sets these only for engine "redis"; a Valkey group's clusters need them too.
    cluster.replication_group_id = group.replication_group_id
    cluster.num_cache_nodes = 1
    return cluster


def pending(group: ReplicationGroup) -> dict[str, Any]:
    """The node changes waiting for ApplyImmediately (member clusters' PendingModifiedValues), on the group."""
    return group.__dict__.setdefault("pending_node_changes", {})


def apply_engine_version(group: ReplicationGroup, engine_version: str) -> None:
    old_default = default_parameter_group(group.engine, group.engine_version, group.cluster_enabled)
    group.engine_version = engine_version
    if group.cache_parameter_group_name == old_default:
        group.cache_parameter_group_name = default_parameter_group(group.engine, engine_version, group.cluster_enabled)


def check_parameter_group(backend: ElastiCacheBackend, group: ReplicationGroup, name: str | None, engine_version: str):
    """AWS refuses a custom parameter group of another family than the engine version's."""
    if not name or name.startswith("default."):
        return
    found = parameter_group_family(backend, name)
    wanted = family(group.engine, engine_version)
    if found and found != wanted:
        raise InvalidParameterCombinationException(
            f"The parameter group {name} is of family {found}; engine version {engine_version} needs family {wanted}."
        )


def modify_replication_group(self: ElastiCacheBackend, replication_group_id: str, **params: Any) -> ReplicationGroup:
    group = find(self, replication_group_id)
    apply_now = bool(params.get("ApplyImmediately"))
    failover = params.get("AutomaticFailoverEnabled")
    multi_az = params.get("MultiAZEnabled")
    failover_on = group.automatic_failover == "enabled" if failover is None else failover
    multi_az_on = group.multi_az == "enabled" if multi_az is None else multi_az
    if (failover is not None or multi_az is not None) and multi_az_on and not failover_on:
        raise InvalidParameterCombinationException("Multi-AZ can be enabled only with automatic failover.")
    if failover and not cluster_mode_enabled(group) and len(group.member_clusters) < 2:
        raise InvalidParameterCombinationException(
            "Replication group must have at least one read replica to enable automatic failover."
        )
    window = params.get("SnapshotWindow")
    if window is not None and not SNAPSHOT_WINDOW.match(window):
        raise InvalidParameterValueException(f"Invalid SnapshotWindow {window}: the format is hh24:mi-hh24:mi.")
    maintenance = params.get("PreferredMaintenanceWindow")
    if maintenance is not None:
        maintenance = maintenance.lower()
        if not MAINTENANCE_WINDOW.match(maintenance):
            raise InvalidParameterValueException(
                f"Invalid PreferredMaintenanceWindow {maintenance}: the format is ddd:hh24:mi-ddd:hh24:mi."
            )
    node_type = params.get("CacheNodeType")
    if node_type is not None and not node_type.startswith("cache."):
        raise InvalidParameterValueException(f"Invalid CacheNodeType: {node_type}")
    retention = params.get("SnapshotRetentionLimit")
    if retention is not None and not 0 <= int(retention) <= 35:
        raise InvalidParameterValueException("SnapshotRetentionLimit must be between 0 and 35.")
    primary = params.get("PrimaryClusterId")
    if primary is not None and cluster_mode_enabled(group):
        raise InvalidParameterValueException(
            "PrimaryClusterId is not supported for replication groups in cluster mode."
        )
    if primary is not None and primary not in group.member_clusters:
        raise InvalidParameterValueException(f"Cluster {primary} is not a member of {replication_group_id}.")
    snapshotting = params.get("SnapshottingClusterId")
    if snapshotting is not None and snapshotting not in group.member_clusters:
        raise InvalidParameterValueException(f"Cluster {snapshotting} is not a member of {replication_group_id}.")
    engine = params.get("Engine")
    if engine is not None and engine not in ("redis", "valkey"):
        raise InvalidParameterValueException(f"Invalid engine {engine}: a replication group runs redis or valkey.")
    engine_version = params.get("EngineVersion")
    parameter_group = params.get("CacheParameterGroupName")
    if parameter_group is not None:
        parameter_group_family(self, parameter_group)
    check_parameter_group(
        self,
        group,
        parameter_group or group.cache_parameter_group_name,
        engine_version or pending(group).get("EngineVersion") or group.engine_version,
    )

    transit = params.get("TransitEncryptionEnabled")
    if params.get("AuthToken") is not None and not (group.transit_encryption_enabled if transit is None else transit):
        raise InvalidParameterValueException("The AUTH token is only supported when encryption in-transit is enabled.")

    for name, attribute in STORED.items():
        if params.get(name) is not None:
            setattr(group, attribute, params[name])
    if failover is not None:
        group.automatic_failover = "enabled" if failover else "disabled"
    if multi_az is not None:
        group.multi_az = "enabled" if multi_az else "disabled"
    if window is not None:
        group.snapshot_window = window
    if maintenance is not None:
        group.preferred_maintenance_window = maintenance
    if retention is not None:
        group.snapshot_retention_limit = int(retention)
    if snapshotting is not None:
        group.snapshotting_cluster_id = snapshotting
    if parameter_group is not None:
        group.cache_parameter_group_name = parameter_group
    if engine is not None:
        group.engine = engine
    if primary is not None:
        set_primary(group, primary)
    if params.get("AuthToken") is not None or params.get("AuthTokenUpdateStrategy") == "DELETE":
        group.auth_token_enabled = params.get("AuthTokenUpdateStrategy") != "DELETE"
        group.auth_token_last_modified_date = utcnow()
    if params.get("RemoveUserGroups"):
        group.user_group_ids = []
    added, removed = params.get("UserGroupIdsToAdd") or [], params.get("UserGroupIdsToRemove") or []
    group.user_group_ids = [item for item in (group.user_group_ids or []) if item not in removed]
    group.user_group_ids += [item for item in added if item not in group.user_group_ids]
    if params.get("LogDeliveryConfigurations") is not None:
        group.log_delivery_configurations = group._get_log_delivery_configurations(params["LogDeliveryConfigurations"])

    changes = pending(group)
    if node_type is not None:
        changes["CacheNodeType"] = node_type
    if engine_version is not None:
        changes["EngineVersion"] = engine_version
    for name in ("CacheNodeType", "EngineVersion"):
        if changes.get(name) == getattr(group, "cache_node_type" if name == "CacheNodeType" else "engine_version"):
            changes.pop(name)
    if apply_now:
        if "CacheNodeType" in changes:
            group.cache_node_type = changes.pop("CacheNodeType")
        if "EngineVersion" in changes:
            apply_engine_version(group, changes.pop("EngineVersion"))
    renumber(group)
    sync_clusters(self, group)
    return group


def set_primary(group: ReplicationGroup, primary: str) -> None:
    """A failover to ``primary``: it becomes the primary and the old primary a replica."""
    group.primary_cluster_id = primary
    for _node_group, member in members(group):
        member["current_role"] = "primary" if member["cache_cluster_id"] == primary else "replica"


def replica_targets(group: ReplicationGroup, new_count: int | None, configuration: list[dict[str, Any]]):
    """NewReplicaCount for every node group, or ReplicaConfiguration per node group: (counts, zones)."""
    if new_count is None and not configuration:
        raise InvalidParameterValueException("Either NewReplicaCount or ReplicaConfiguration must be provided.")
    if new_count is not None and configuration:
        raise InvalidParameterCombinationException("NewReplicaCount and ReplicaConfiguration cannot be used together.")
    ids = [node_group["node_group_id"] for node_group in group.node_groups]
    if new_count is not None:
        return {node_group_id: int(new_count) for node_group_id in ids}, {}
    counts, zones = {}, {}
    for shard in configuration:
        if shard.get("NodeGroupId") not in ids:
            raise InvalidParameterValueException(
                f"Node group {shard.get('NodeGroupId')} is not in {group.replication_group_id}."
            )
        counts[shard["NodeGroupId"]] = int(shard["NewReplicaCount"])
        zones[shard["NodeGroupId"]] = list(shard.get("PreferredAvailabilityZones") or [])[1:]
    return counts, zones


def change_replica_count(
    self: ElastiCacheBackend, replication_group_id, increase, new_count, configuration, to_remove, apply_now
):
    group = find(self, replication_group_id)
    operation = "IncreaseReplicaCount" if increase else "DecreaseReplicaCount"
    if not apply_now:
        raise InvalidParameterValueException(f"{operation} supports only ApplyImmediately=true.")
    current = {node_group["node_group_id"]: len(replicas(group, node_group)) for node_group in group.node_groups}
    if to_remove:
        if new_count is not None or configuration:
            raise InvalidParameterCombinationException(
                "ReplicasToRemove cannot be used with NewReplicaCount or ReplicaConfiguration."
            )
        removable = {
            member["cache_cluster_id"]: node_group
            for node_group in group.node_groups
            for member in replicas(group, node_group)
        }
        unknown = [cluster_id for cluster_id in to_remove if cluster_id not in removable]
        if unknown:
            raise InvalidParameterValueException(f"Not replicas of {replication_group_id}: {', '.join(unknown)}")
        counts, zones = dict(current), {}
        for cluster_id in to_remove:
            counts[removable[cluster_id]["node_group_id"]] -= 1
    else:
        counts, zones = replica_targets(group, new_count, configuration)
    for node_group_id, count in counts.items():
        if increase and count <= current[node_group_id] or not increase and count >= current[node_group_id]:
            raise InvalidParameterValueException(
                f"The new replica count {count} of node group {node_group_id} must be "
                f"{'greater' if increase else 'less'} than its current replica count {current[node_group_id]}."
            )
        if count > MAX_REPLICAS or count < 0:
            raise InvalidParameterValueException(f"The replica count must be between 0 and {MAX_REPLICAS}.")
        if count < 1 and group.automatic_failover == "enabled":
            raise InvalidParameterCombinationException(
                "A replication group with automatic failover enabled needs at least one replica per node group."
            )
    if to_remove:
        wanted_gone = set(to_remove)
        for node_group in group.node_groups:
            node_group["node_group_members"] = [
                member for member in node_group["node_group_members"] if member["cache_cluster_id"] not in wanted_gone
            ]
    else:
        set_replica_counts(group, counts, zones)
    renumber(group)
    sync_clusters(self, group)
    return group


@functools.cache
def modify_parameters() -> tuple[str, ...]:
    """Every parameter of ModifyReplicationGroup in botocore's model but ReplicationGroupId."""
    model = botocore.session.get_session().get_service_model("elasticache").operation_model("ModifyReplicationGroup")
    return tuple(name for name in model.input_shape.members if name != "ReplicationGroupId")


def modify_replication_group_response(self: ElastiCacheResponse) -> ActionResult:
    # NodeGroupId is accepted and ignored.
    params = {name: self._get_param(name) for name in modify_parameters()}
    group = self.elasticache_backend.modify_replication_group(self._get_param("ReplicationGroupId"), **params)
    return ActionResult({"ReplicationGroup": group})


def replica_count_response(increase: bool):
    def respond(self: ElastiCacheResponse) -> ActionResult:
        group = self.elasticache_backend.change_replica_count(
            self._get_param("ReplicationGroupId"),
            increase,
            self._get_param("NewReplicaCount"),
            self._get_param("ReplicaConfiguration", []),
            self._get_param("ReplicasToRemove", []),
            bool(self._get_param("ApplyImmediately")),
        )
        return ActionResult({"ReplicationGroup": group})

    return respond


def cache_parameter_group(self: CacheCluster) -> dict[str, Any]:
    """CacheCluster.CacheParameterGroup, which moto drops: the group given, else the family's default."""
    name = getattr(self, "cache_parameter_group_name", None) or default_parameter_group(
        self.engine, self.engine_version or DEFAULT_ENGINE_VERSIONS.get(self.engine, "7.1.0"), False
    )
    return {"CacheParameterGroupName": name, "ParameterApplyStatus": "in-sync", "CacheNodeIdsToReboot": []}


def security_groups(self: CacheCluster) -> list[dict[str, str]]:
    """CacheCluster.SecurityGroups, which moto drops."""
    return [
        {"SecurityGroupId": group_id, "Status": "active"}
        for group_id in getattr(self, "security_group_ids", None) or []
    ]


def register() -> None:
    original_members = ReplicationGroup._set_node_members_clusters_disabled

    @functools.wraps(original_members)
    def set_node_members_clusters_disabled(self, *args, **kwargs):
        # moto ignores NumCacheClusters and makes ReplicasPerNodeGroup + 1 clusters (one without it).
        call = inspect.signature(original_members).bind(self, *args, **kwargs)
        clusters, replicas_per_node_group = (
            call.arguments["num_cache_clusters"],
            call.arguments["replicas_per_node_group"],
        )
        if not replicas_per_node_group and clusters and int(clusters) > 1:
            call.arguments["replicas_per_node_group"] = int(clusters) - 1
        return original_members(*call.args, **call.kwargs)

    original_create = ElastiCacheBackend.create_replication_group
    create_signature = inspect.signature(original_create)

    @functools.wraps(original_create)
    def create_replication_group(*args, **kwargs):
        call = create_signature.bind(*args, **kwargs)
        backend, arguments = call.arguments["self"], call.arguments
        if arguments.get("cache_parameter_group_name"):
            parameter_group_family(backend, arguments["cache_parameter_group_name"])
        group = original_create(*args, **kwargs)
        group.engine_version = group.engine_version or DEFAULT_ENGINE_VERSIONS.get(group.engine, "7.1.0")
        group.cache_parameter_group_name = group.cache_parameter_group_name or default_parameter_group(
            group.engine, group.engine_version, group.cluster_enabled
        )
        if not arguments.get("snapshot_window"):
            group.snapshot_window = "05:00-06:00"
        if group.auto_minor_version_upgrade is None:
            group.auto_minor_version_upgrade = True
        if group.transit_encryption_enabled and not group.transit_encryption_mode:
            group.transit_encryption_mode = "required"
        if group.preferred_maintenance_window:
            group.preferred_maintenance_window = group.preferred_maintenance_window.lower()
        group.security_group_ids = list(group.security_group_ids or [])
        group.pending_modified_values = {}
        for node_group in group.node_groups:
            if "reader_endpoint_address" in node_group:
                node_group["reader_endpoint"] = {"address": node_group["reader_endpoint_address"], "port": group.port}
        renumber(group)
        sync_clusters(backend, group)
        return group

    original_delete = ElastiCacheBackend.delete_replication_group

    @functools.wraps(original_delete)
    def delete_replication_group(self, replication_group_id, retain_primary_cluster):
        group = find(self, replication_group_id)
        primary = next(
            (
                member["cache_cluster_id"]
                for node_group, member in members(group)
                if is_primary(group, node_group, member)
            ),
            None,
        )
        answered = original_delete(self, replication_group_id, retain_primary_cluster)
        del self.replication_groups[replication_group_id]
        for cluster_id, cluster in list(self.cache_clusters.items()):
            if getattr(cluster, "replication_group_id", None) != replication_group_id:
                continue
            if retain_primary_cluster and cluster_id == primary:
                cluster.replication_group_id = None
            else:
                del self.cache_clusters[cluster_id]
        return answered

    ReplicationGroup._set_node_members_clusters_disabled = set_node_members_clusters_disabled
    ElastiCacheBackend.create_replication_group = create_replication_group
    ElastiCacheBackend.delete_replication_group = delete_replication_group
    ElastiCacheBackend.modify_replication_group = modify_replication_group
    ElastiCacheBackend.change_replica_count = change_replica_count
    ElastiCacheResponse.modify_replication_group = modify_replication_group_response
    ElastiCacheResponse.increase_replica_count = replica_count_response(increase=True)
    ElastiCacheResponse.decrease_replica_count = replica_count_response(increase=False)
    CacheCluster.cache_parameter_group = property(cache_parameter_group)
    CacheCluster.security_groups = property(security_groups)
