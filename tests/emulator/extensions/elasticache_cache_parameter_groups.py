"""ElastiCache cache parameter groups: CreateCacheParameterGroup, DescribeCacheParameterGroups,
ModifyCacheParameterGroup, ResetCacheParameterGroup, DeleteCacheParameterGroup, DescribeCacheParameters,
DescribeEngineDefaultParameters.

moto 5.2.1 has none of them (HTTP 500), so community.aws.elasticache_parameter_group and the data layer's
Redis cannot name a parameter group of their own. Here each region keeps its groups in memory, shaped as
botocore's model has them:

- AWS's default groups exist from the start, one per family (``default.redis7``, ``default.redis6.x``, ...,
  ``default.memcached1.6``, ``default.valkey8``) and, for Redis 3.2 on and Valkey, a cluster-mode one
  (``default.redis7.cluster.on``, with ``cluster-enabled`` ``yes``). They cannot be modified, reset or
  deleted (InvalidParameterValue).
- A group's parameters are a built-in table of common ones per engine (``PARAMETERS`` below), narrowed to
  the family's engine version, with AWS's defaults, data types, allowed values and change types: far fewer
  than AWS has. A parameter outside the table is refused (InvalidParameterValue), as AWS refuses unknown
  ones; add it to the table when a role needs it. Values are checked against DataType and AllowedValues.
- DescribeCacheParameters answers ``Source: user`` for a value a Modify set (even to the default) and
  ``system`` for the rest, as AWS does, and honours its ``Source`` filter; ``CacheNodeTypeSpecificParameters``
  is always empty.
- A group used by a cache cluster or a replication group cannot be deleted (InvalidCacheParameterGroupState).
- Tags given to CreateCacheParameterGroup are kept on the group's ARN
  (``arn:aws:elasticache:REGION:ACCOUNT:parametergroup:NAME``), which ListTagsForResource, AddTagsToResource
  and RemoveTagsFromResource accept; moto refuses that ARN (InvalidARN).

``ElastiCacheBackend.describe_cache_parameter_groups`` is how other extensions look a group up.
"""

import functools
import re
from typing import Any

from moto.core.common_models import BaseModel
from moto.core.responses import ActionResult
from moto.core.responses import EmptyResult
from moto.elasticache.exceptions import ElastiCacheException
from moto.elasticache.exceptions import InvalidParameterCombinationException
from moto.elasticache.exceptions import InvalidParameterValueException
from moto.elasticache.models import ElastiCacheBackend
from moto.elasticache.responses import ElastiCacheResponse
from moto.utilities.utils import get_partition


class CacheParameterGroupNotFound(ElastiCacheException):
    code = "CacheParameterGroupNotFound"

    def __init__(self, name: str):
        super().__init__(f"CacheParameterGroup {name} not found.")


class CacheParameterGroupAlreadyExists(ElastiCacheException):
    code = "CacheParameterGroupAlreadyExists"

    def __init__(self, name: str):
        super().__init__(f"CacheParameterGroup {name} already exists.")


class InvalidCacheParameterGroupState(ElastiCacheException):
    code = "InvalidCacheParameterGroupState"


# Family -> (engine, the family's engine version). The families AWS has (botocore's documentation).
FAMILIES = {
    "memcached1.4": ("memcached", "1.4"),
    "memcached1.5": ("memcached", "1.5"),
    "memcached1.6": ("memcached", "1.6"),
    "redis2.6": ("redis", "2.6"),
    "redis2.8": ("redis", "2.8"),
    "redis3.2": ("redis", "3.2"),
    "redis4.0": ("redis", "4.0"),
    "redis5.0": ("redis", "5.0"),
    "redis6.x": ("redis", "6.0"),
    "redis7": ("redis", "7.0"),
    "valkey7": ("valkey", "7.2"),
    "valkey8": ("valkey", "8.0"),
}
YES_NO = "yes,no"
IMMEDIATE, REBOOT = "immediate", "requires-reboot"

# (name, default, DataType, AllowedValues, IsModifiable, ChangeType, MinimumEngineVersion, last version or None,
# Description). Defaults and ranges as AWS documents them for Redis OSS; Valkey has the same ones.
REDIS_PARAMETERS = (
    ("activedefrag", "no", "string", YES_NO, True, IMMEDIATE, "4.0.9", None, "Enabled active memory defragmentation"),
    (
        "active-defrag-cycle-max",
        "75",
        "integer",
        "1-75",
        True,
        IMMEDIATE,
        "4.0.9",
        None,
        "Maximal effort for defrag in CPU percentage",
    ),
    (
        "active-defrag-cycle-min",
        "5",
        "integer",
        "1-75",
        True,
        IMMEDIATE,
        "4.0.9",
        None,
        "Minimal effort for defrag in CPU percentage",
    ),
    (
        "active-defrag-ignore-bytes",
        "104857600",
        "integer",
        "1048576-",
        True,
        IMMEDIATE,
        "4.0.9",
        None,
        "Minimum amount of fragmentation waste to start active defrag",
    ),
    (
        "active-defrag-threshold-lower",
        "10",
        "integer",
        "1-100",
        True,
        IMMEDIATE,
        "4.0.9",
        None,
        "Minimum percentage of fragmentation to start active defrag",
    ),
    (
        "active-defrag-threshold-upper",
        "100",
        "integer",
        "1-100",
        True,
        IMMEDIATE,
        "4.0.9",
        None,
        "Maximum percentage of fragmentation at which we use maximum effort",
    ),
    ("activerehashing", "yes", "string", YES_NO, True, REBOOT, "2.6.13", None, "Apply rehashing or not."),
    (
        "appendfsync",
        "everysec",
        "string",
        "always,everysec,no",
        False,
        IMMEDIATE,
        "2.6.13",
        None,
        "fsync policy for AOF persistence",
    ),
    ("appendonly", "no", "string", YES_NO, False, IMMEDIATE, "2.6.13", None, "Enable Redis persistence."),
    (
        "client-output-buffer-limit-normal-hard-limit",
        "0",
        "integer",
        "0-",
        True,
        IMMEDIATE,
        "2.6.13",
        None,
        "Normal client output buffer hard limit in bytes.",
    ),
    (
        "client-output-buffer-limit-normal-soft-limit",
        "0",
        "integer",
        "0-",
        True,
        IMMEDIATE,
        "2.6.13",
        None,
        "Normal client output buffer soft limit in bytes.",
    ),
    (
        "client-output-buffer-limit-pubsub-hard-limit",
        "33554432",
        "integer",
        "0-",
        True,
        IMMEDIATE,
        "2.6.13",
        None,
        "Pubsub client output buffer hard limit in bytes.",
    ),
    (
        "client-output-buffer-limit-pubsub-soft-limit",
        "8388608",
        "integer",
        "0-",
        True,
        IMMEDIATE,
        "2.6.13",
        None,
        "Pubsub client output buffer soft limit in bytes.",
    ),
    (
        "close-on-replica-write",
        "yes",
        "string",
        YES_NO,
        True,
        IMMEDIATE,
        "2.8.23",
        None,
        "If enabled, clients who attempt to write to a read-only replica will be disconnected.",
    ),
    ("cluster-enabled", "no", "string", YES_NO, True, REBOOT, "3.2.4", None, "Enable cluster mode"),
    (
        "cluster-require-full-coverage",
        "no",
        "string",
        YES_NO,
        True,
        IMMEDIATE,
        "3.2.4",
        None,
        "Whether cluster becomes unavailable if one or more slots are not covered",
    ),
    (
        "cluster-allow-reads-when-down",
        "no",
        "string",
        YES_NO,
        True,
        IMMEDIATE,
        "6.0.0",
        None,
        "Allow read operations when the cluster is down",
    ),
    ("databases", "16", "integer", "1-1200000", True, REBOOT, "2.6.13", None, "Set the number of databases."),
    (
        "hash-max-ziplist-entries",
        "512",
        "integer",
        "0-",
        True,
        IMMEDIATE,
        "2.6.13",
        "6.9",
        "The maximum number of hash entries in order for the dataset to be compressed.",
    ),
    (
        "hash-max-ziplist-value",
        "64",
        "integer",
        "0-",
        True,
        IMMEDIATE,
        "2.6.13",
        "6.9",
        "The threshold of biggest hash entries in order for the dataset to be compressed.",
    ),
    (
        "hash-max-listpack-entries",
        "512",
        "integer",
        "0-",
        True,
        IMMEDIATE,
        "7.0.0",
        None,
        "The maximum number of hash entries in order for the dataset to be compressed.",
    ),
    (
        "hash-max-listpack-value",
        "64",
        "integer",
        "0-",
        True,
        IMMEDIATE,
        "7.0.0",
        None,
        "The threshold of biggest hash entries in order for the dataset to be compressed.",
    ),
    ("hz", "10", "integer", "1-500", True, IMMEDIATE, "2.6.13", None, "The frequency of Redis background tasks."),
    (
        "lazyfree-lazy-eviction",
        "no",
        "string",
        YES_NO,
        True,
        IMMEDIATE,
        "4.0.10",
        None,
        "Perform an asynchronous delete on evictions",
    ),
    (
        "lazyfree-lazy-expire",
        "no",
        "string",
        YES_NO,
        True,
        IMMEDIATE,
        "4.0.10",
        None,
        "Perform an asynchronous delete on expired keys",
    ),
    (
        "lazyfree-lazy-server-del",
        "no",
        "string",
        YES_NO,
        True,
        IMMEDIATE,
        "4.0.10",
        None,
        "Perform an asynchronous delete on key updates",
    ),
    (
        "lazyfree-lazy-user-del",
        "no",
        "string",
        YES_NO,
        True,
        IMMEDIATE,
        "6.0.0",
        None,
        "Make DEL command behave like UNLINK",
    ),
    (
        "lfu-decay-time",
        "1",
        "integer",
        "0-",
        True,
        IMMEDIATE,
        "4.0.10",
        None,
        "The amount of time in minutes to decrement the key counter for LFU eviction policy",
    ),
    (
        "lfu-log-factor",
        "10",
        "integer",
        "0-",
        True,
        IMMEDIATE,
        "4.0.10",
        None,
        "The log factor for incrementing key counter for LFU eviction policy",
    ),
    (
        "list-compress-depth",
        "0",
        "integer",
        "0-",
        True,
        IMMEDIATE,
        "3.2.4",
        None,
        "Number of quicklist ziplist nodes from each side of the list to exclude from compression.",
    ),
    (
        "lua-time-limit",
        "5000",
        "integer",
        "5000",
        False,
        IMMEDIATE,
        "2.6.13",
        None,
        "Max execution time of a Lua script in milliseconds.",
    ),
    (
        "maxclients",
        "65000",
        "integer",
        "1-65000",
        False,
        REBOOT,
        "2.6.13",
        None,
        "The maximum number of Redis clients.",
    ),
    (
        "maxmemory-policy",
        "volatile-lru",
        "string",
        "volatile-lru,allkeys-lru,volatile-lfu,allkeys-lfu,volatile-random,allkeys-random,volatile-ttl,noeviction",
        True,
        IMMEDIATE,
        "2.6.13",
        None,
        "Max memory policy.",
    ),
    ("maxmemory-samples", "3", "integer", "1-", True, IMMEDIATE, "2.6.13", None, "Max memory samples."),
    (
        "min-replicas-max-lag",
        "10",
        "integer",
        "0-",
        True,
        IMMEDIATE,
        "5.0.0",
        None,
        "The maximum lag of the replicas for min-replicas-to-write.",
    ),
    (
        "min-replicas-to-write",
        "0",
        "integer",
        "0-",
        True,
        IMMEDIATE,
        "5.0.0",
        None,
        "The minimum number of replicas connected with a lag below min-replicas-max-lag to accept writes.",
    ),
    (
        "notify-keyspace-events",
        "",
        "string",
        None,
        True,
        IMMEDIATE,
        "2.8.6",
        None,
        "The keyspace events for Redis to notify Pub/Sub clients about. By default all notifications are disabled",
    ),
    (
        "repl-backlog-size",
        "1048576",
        "integer",
        "16384-",
        True,
        IMMEDIATE,
        "2.8.22",
        None,
        "The replication backlog size in bytes for PSYNC.",
    ),
    (
        "repl-backlog-ttl",
        "3600",
        "integer",
        "0-",
        True,
        IMMEDIATE,
        "2.8.22",
        None,
        "The amount of time in seconds after the primary has no replicas connected to free the backlog.",
    ),
    (
        "reserved-memory-percent",
        "25",
        "integer",
        "0-100",
        True,
        IMMEDIATE,
        "3.2.4",
        None,
        "The percent of memory reserved for non-cache memory usage.",
    ),
    (
        "set-max-intset-entries",
        "512",
        "integer",
        "0-",
        True,
        IMMEDIATE,
        "2.6.13",
        None,
        "The limit in the size of the set in order for the dataset to be compressed.",
    ),
    (
        "slowlog-log-slower-than",
        "10000",
        "integer",
        "0-",
        True,
        IMMEDIATE,
        "2.6.13",
        None,
        "The execution time, in microseconds, to exceed in order for the command to get logged.",
    ),
    ("slowlog-max-len", "128", "integer", "0-", True, IMMEDIATE, "2.6.13", None, "The length of the slow log."),
    (
        "stream-node-max-bytes",
        "4096",
        "integer",
        "0-",
        True,
        IMMEDIATE,
        "5.0.0",
        None,
        "The maximum size of a single node in a stream in bytes.",
    ),
    (
        "stream-node-max-entries",
        "100",
        "integer",
        "0-",
        True,
        IMMEDIATE,
        "5.0.0",
        None,
        "The maximum number of items a single node in a stream can contain.",
    ),
    (
        "tcp-keepalive",
        "300",
        "integer",
        "0-",
        True,
        IMMEDIATE,
        "2.6.13",
        None,
        "If non-zero, send ACKs every given number of seconds.",
    ),
    (
        "timeout",
        "0",
        "integer",
        "0,20-",
        True,
        IMMEDIATE,
        "2.6.13",
        None,
        "Close connection if client is idle for a given number of seconds, or never if 0.",
    ),
    (
        "zset-max-ziplist-entries",
        "128",
        "integer",
        "0-",
        True,
        IMMEDIATE,
        "2.6.13",
        "6.9",
        "The maximum number of sorted set entries in order for the dataset to be compressed.",
    ),
    (
        "zset-max-ziplist-value",
        "64",
        "integer",
        "0-",
        True,
        IMMEDIATE,
        "2.6.13",
        "6.9",
        "The threshold of biggest sorted set entries in order for the dataset to be compressed.",
    ),
    (
        "zset-max-listpack-entries",
        "128",
        "integer",
        "0-",
        True,
        IMMEDIATE,
        "7.0.0",
        None,
        "The maximum number of sorted set entries in order for the dataset to be compressed.",
    ),
    (
        "zset-max-listpack-value",
        "64",
        "integer",
        "0-",
        True,
        IMMEDIATE,
        "7.0.0",
        None,
        "The threshold of biggest sorted set entries in order for the dataset to be compressed.",
    ),
)
MEMCACHED_PARAMETERS = (
    ("binding_protocol", "auto", "string", "auto,binary,ascii", True, REBOOT, "1.4.5", None, "Binding protocol."),
    (
        "chunk_size",
        "48",
        "integer",
        "1-",
        True,
        REBOOT,
        "1.4.5",
        None,
        "The minimum number of bytes to allocate for the smallest item's key, value, and flags.",
    ),
    (
        "chunk_size_growth_factor",
        "1.25",
        "float",
        "1-2",
        True,
        REBOOT,
        "1.4.5",
        None,
        "The growth factor that controls the size of each successive Memcached chunk.",
    ),
    (
        "max_item_size",
        "1048576",
        "integer",
        "1048576-134217728",
        True,
        REBOOT,
        "1.4.5",
        None,
        "The size of the largest item storable in the cache, in bytes.",
    ),
    (
        "maxconns_fast",
        "0",
        "boolean",
        "0,1",
        True,
        REBOOT,
        "1.4.5",
        None,
        "Changes the way in which new connections requests are handled when the maximum connection limit is reached.",
    ),
)
PARAMETERS = {"redis": REDIS_PARAMETERS, "valkey": REDIS_PARAMETERS, "memcached": MEMCACHED_PARAMETERS}
# AWS: at most 20 parameters per ModifyCacheParameterGroup or ResetCacheParameterGroup.
MAX_PARAMETERS_PER_CALL = 20
NAME = re.compile(r"^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,254}(?<!-)$")


def version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text))


class CacheParameterGroup(BaseModel):
    """A parameter group; ``values`` are the parameters a Modify set, by name, as strings."""

    def __init__(self, backend: ElastiCacheBackend, name: str, family: str, description: str, is_default=False):
        self.cache_parameter_group_name = name
        self.cache_parameter_group_family = family
        self.description = description
        self.is_global = False
        self.is_default = is_default
        self.arn = (
            f"arn:{get_partition(backend.region_name)}:elasticache:{backend.region_name}:"
            f"{backend.account_id}:parametergroup:{name}"
        )
        self.values: dict[str, str] = {}
        # What a group has before any Modify: the cluster-mode defaults have cluster mode on.
        self.baseline = {"cluster-enabled": "yes"} if name.endswith(".cluster.on") else {}

    def definitions(self) -> dict[str, tuple]:
        engine, family_version = FAMILIES[self.cache_parameter_group_family]
        return {
            row[0]: row
            for row in PARAMETERS[engine]
            if version(row[6])[:2] <= version(family_version)
            and (row[7] is None or version(family_version) <= version(row[7]))
        }

    def parameters(self, source: str | None = None) -> list[dict[str, Any]]:
        found = []
        for name, row in sorted(self.definitions().items()):
            _name, default, data_type, allowed, modifiable, change_type, minimum, _families, description = row
            user = name in self.values
            if source == "user" and not user or source in ("system", "engine-default") and user:
                continue
            parameter = {
                "ParameterName": name,
                "ParameterValue": self.values[name] if user else self.baseline.get(name, default),
                "Description": description,
                "Source": "user" if user else "system",
                "DataType": data_type,
                "IsModifiable": modifiable,
                "MinimumEngineVersion": minimum,
                "ChangeType": change_type,
            }
            if allowed is not None:
                parameter["AllowedValues"] = allowed
            found.append(parameter)
        return found


def default_groups(backend: ElastiCacheBackend) -> list[CacheParameterGroup]:
    made = []
    for family, (engine, family_version) in FAMILIES.items():
        made.append(
            CacheParameterGroup(backend, f"default.{family}", family, f"Default parameter group for {family}", True)
        )
        if engine != "memcached" and version(family_version) >= (3, 2):
            made.append(
                CacheParameterGroup(
                    backend,
                    f"default.{family}.cluster.on",
                    family,
                    f"Customized default parameter group for {family} with cluster mode on",
                    True,
                )
            )
    return made


def groups(backend: ElastiCacheBackend) -> dict[str, CacheParameterGroup]:
    """Name -> group, on the backend so that a reset empties it; the default groups are made on first use."""
    found = backend.__dict__.get("cache_parameter_groups")
    if found is None:
        found = backend.__dict__["cache_parameter_groups"] = {
            group.cache_parameter_group_name: group for group in default_groups(backend)
        }
    return found


def find(backend: ElastiCacheBackend, name: str) -> CacheParameterGroup:
    try:
        return groups(backend)[name]
    except KeyError:
        raise CacheParameterGroupNotFound(name) from None


def find_modifiable(backend: ElastiCacheBackend, name: str) -> CacheParameterGroup:
    group = find(backend, name)
    if group.is_default:
        raise InvalidParameterValueException(f"The default cache parameter group {name} cannot be modified or deleted.")
    return group


def allowed(value: str, allowed_values: str | None, data_type: str) -> bool:
    if data_type == "integer" and not re.fullmatch(r"-?\d+", value):
        return False
    if data_type == "float" and not re.fullmatch(r"-?\d+(\.\d+)?", value):
        return False
    if allowed_values is None:
        return True
    for choice in allowed_values.split(","):
        bounds = re.fullmatch(r"(-?\d+(?:\.\d+)?)-(-?\d+(?:\.\d+)?)?", choice)
        if data_type in ("integer", "float") and bounds:
            number = float(value)
            if float(bounds[1]) <= number and (bounds[2] is None or number <= float(bounds[2])):
                return True
        elif value == choice:
            return True
    return False


def checked_names(group: CacheParameterGroup, parameters: list[dict[str, Any]]) -> list[str]:
    if len(parameters) > MAX_PARAMETERS_PER_CALL:
        raise InvalidParameterValueException(
            f"A maximum of {MAX_PARAMETERS_PER_CALL} parameters can be modified or reset in a single request."
        )
    definitions = group.definitions()
    names = []
    for parameter in parameters:
        name = parameter.get("ParameterName")
        if name not in definitions:
            raise InvalidParameterValueException(
                f"Unknown parameter for family {group.cache_parameter_group_family}: {name}"
            )
        if not definitions[name][4]:
            raise InvalidParameterValueException(f"The parameter {name} cannot be modified.")
        names.append(name)
    return names


def create_cache_parameter_group(self: ElastiCacheBackend, name, family, description, tags=None):
    if name in groups(self):
        raise CacheParameterGroupAlreadyExists(name)
    if family not in FAMILIES:
        raise InvalidParameterValueException(
            f"The parameter CacheParameterGroupFamily must be one of: {', '.join(FAMILIES)}."
        )
    if not name or not NAME.match(name):
        raise InvalidParameterValueException(
            f"Invalid parameter group name: {name}. It must begin with a letter, contain only ASCII letters, digits "
            "and hyphens, not end with a hyphen nor contain two consecutive hyphens."
        )
    group = CacheParameterGroup(self, name, family, description or "")
    groups(self)[name] = group
    if tags:
        self.tagging_service.tag_resource(group.arn, tags)
    return group


def describe_cache_parameter_groups(self: ElastiCacheBackend, name: str | None = None) -> list[CacheParameterGroup]:
    if name:
        return [find(self, name)]
    return list(groups(self).values())


def modify_cache_parameter_group(self: ElastiCacheBackend, name: str, parameters: list[dict[str, Any]]) -> None:
    group = find_modifiable(self, name)
    definitions = group.definitions()
    names = checked_names(group, parameters)
    for parameter_name, parameter in zip(names, parameters):
        value = parameter.get("ParameterValue")
        data_type, allowed_values = definitions[parameter_name][2:4]
        if value is None or not allowed(str(value), allowed_values, data_type):
            raise InvalidParameterValueException(
                f"Invalid value {value!r} for parameter {parameter_name}"
                + (f": allowed values are {allowed_values}." if allowed_values else ".")
            )
    for parameter_name, parameter in zip(names, parameters):
        group.values[parameter_name] = str(parameter["ParameterValue"])


def reset_cache_parameter_group(self: ElastiCacheBackend, name: str, reset_all: bool, parameters) -> None:
    group = find_modifiable(self, name)
    if reset_all and parameters:
        raise InvalidParameterCombinationException(
            "ResetAllParameters and ParameterNameValues cannot be used together."
        )
    if reset_all:
        group.values.clear()
        return
    if not parameters:
        raise InvalidParameterValueException("Either ResetAllParameters or ParameterNameValues must be provided.")
    for parameter_name in checked_names(group, parameters):
        group.values.pop(parameter_name, None)


def delete_cache_parameter_group(self: ElastiCacheBackend, name: str) -> None:
    group = find_modifiable(self, name)
    users = [
        *(
            cluster.cache_cluster_id
            for cluster in self.cache_clusters.values()
            if getattr(cluster, "cache_parameter_group_name", None) == name
            and cluster.cache_cluster_status != "deleting"
        ),
        *(
            group_id
            for group_id, replication_group in self.replication_groups.items()
            if replication_group.cache_parameter_group_name == name and replication_group.status != "deleting"
        ),
    ]
    if users:
        raise InvalidCacheParameterGroupState(
            f"Cache parameter group {name} is in use by: {', '.join(sorted(set(users)))}."
        )
    del groups(self)[name]
    self.tagging_service.delete_all_tags_for_resource(group.arn)


def page(self: ElastiCacheResponse, items: list) -> tuple[list, str | None]:
    """AWS's MaxRecords (20 to 100, default 100) and Marker; the marker is the index of the next item."""
    max_records = self._get_param("MaxRecords") or 100
    if not 20 <= int(max_records) <= 100:
        raise InvalidParameterValueException("MaxRecords must be between 20 and 100.")
    marker = self._get_param("Marker") or "0"
    if not marker.isdigit():
        raise InvalidParameterValueException(f"Invalid marker: {marker}")
    start, end = int(marker), int(marker) + int(max_records)
    return items[start:end], (str(end) if end < len(items) else None)


def create_cache_parameter_group_response(self: ElastiCacheResponse) -> ActionResult:
    group = self.elasticache_backend.create_cache_parameter_group(
        self._get_param("CacheParameterGroupName"),
        self._get_param("CacheParameterGroupFamily"),
        self._get_param("Description"),
        self._get_param("Tags", []),
    )
    return ActionResult({"CacheParameterGroup": group})


def describe_cache_parameter_groups_response(self: ElastiCacheResponse) -> ActionResult:
    found = self.elasticache_backend.describe_cache_parameter_groups(self._get_param("CacheParameterGroupName"))
    found, marker = page(self, found)
    return ActionResult({"CacheParameterGroups": found, "Marker": marker})


def modify_cache_parameter_group_response(self: ElastiCacheResponse) -> ActionResult:
    name = self._get_param("CacheParameterGroupName")
    self.elasticache_backend.modify_cache_parameter_group(name, self._get_param("ParameterNameValues", []))
    return ActionResult({"CacheParameterGroupName": name})


def reset_cache_parameter_group_response(self: ElastiCacheResponse) -> ActionResult:
    name = self._get_param("CacheParameterGroupName")
    self.elasticache_backend.reset_cache_parameter_group(
        name, bool(self._get_param("ResetAllParameters")), self._get_param("ParameterNameValues", [])
    )
    return ActionResult({"CacheParameterGroupName": name})


def delete_cache_parameter_group_response(self: ElastiCacheResponse) -> ActionResult:
    self.elasticache_backend.delete_cache_parameter_group(self._get_param("CacheParameterGroupName"))
    return EmptyResult()


def describe_cache_parameters_response(self: ElastiCacheResponse) -> ActionResult:
    group = find(self.elasticache_backend, self._get_param("CacheParameterGroupName"))
    source = self._get_param("Source")
    if source not in (None, "user", "system", "engine-default"):
        raise InvalidParameterValueException("Source must be one of: user, system, engine-default.")
    found, marker = page(self, group.parameters(source))
    return ActionResult({"Parameters": found, "CacheNodeTypeSpecificParameters": [], "Marker": marker})


def describe_engine_default_parameters_response(self: ElastiCacheResponse) -> ActionResult:
    family = self._get_param("CacheParameterGroupFamily")
    if family not in FAMILIES:
        raise InvalidParameterValueException(
            f"The parameter CacheParameterGroupFamily must be one of: {', '.join(FAMILIES)}."
        )
    found, marker = page(self, find(self.elasticache_backend, f"default.{family}").parameters())
    defaults = {"CacheParameterGroupFamily": family, "Parameters": found, "CacheNodeTypeSpecificParameters": []}
    if marker:
        defaults["Marker"] = marker
    return ActionResult({"EngineDefaults": defaults})


def register() -> None:
    ElastiCacheBackend.create_cache_parameter_group = create_cache_parameter_group
    ElastiCacheBackend.describe_cache_parameter_groups = describe_cache_parameter_groups
    ElastiCacheBackend.modify_cache_parameter_group = modify_cache_parameter_group
    ElastiCacheBackend.reset_cache_parameter_group = reset_cache_parameter_group
    ElastiCacheBackend.delete_cache_parameter_group = delete_cache_parameter_group

    ElastiCacheResponse.create_cache_parameter_group = create_cache_parameter_group_response
    ElastiCacheResponse.describe_cache_parameter_groups = describe_cache_parameter_groups_response
    ElastiCacheResponse.modify_cache_parameter_group = modify_cache_parameter_group_response
    ElastiCacheResponse.reset_cache_parameter_group = reset_cache_parameter_group_response
    ElastiCacheResponse.delete_cache_parameter_group = delete_cache_parameter_group_response
    ElastiCacheResponse.describe_cache_parameters = describe_cache_parameters_response
    ElastiCacheResponse.describe_engine_default_parameters = describe_engine_default_parameters_response

    original_list_tags = ElastiCacheBackend.list_tags_for_resource

    @functools.wraps(original_list_tags)
    def list_tags_for_resource(self, arn):
        group = next((group for group in groups(self).values() if group.arn == arn), None)
        if group is None and ":parametergroup:" in arn:
            raise CacheParameterGroupNotFound(arn.rsplit(":", 1)[-1])
        if group is not None:
            return self.tagging_service.list_tags_for_resource(arn)
        return original_list_tags(self, arn)

    ElastiCacheBackend.list_tags_for_resource = list_tags_for_resource
