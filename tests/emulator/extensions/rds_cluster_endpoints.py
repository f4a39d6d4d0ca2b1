"""Aurora custom cluster endpoints: CreateDBClusterEndpoint, DescribeDBClusterEndpoints, ModifyDBClusterEndpoint,
DeleteDBClusterEndpoint.

moto 5.2.1 has none of the four (HTTP 500); seed.aws_platform.rds_cluster_endpoint reads and writes them. Here each
RDS backend keeps its custom endpoints in memory, answered as botocore's model has them:

- an identifier (1-63 letters, digits and hyphens, a letter first, no ``--``, no hyphen last) is stored lowercased,
  unique in the region (``DBClusterEndpointAlreadyExistsFault``), at most 5 per cluster
  (``DBClusterEndpointQuotaExceededFault``); the cluster must exist (``DBClusterNotFoundFault``), and static and
  excluded members must be DB instances of that cluster (``DBInstanceNotFound``);
- ``EndpointType`` READER, WRITER or ANY is reported as ``CustomEndpointType``, with ``EndpointType: CUSTOM``;
  the address is ``ID.cluster-custom-RANDOM.REGION.rds.amazonaws.com``, RANDOM being the cluster's own;
- Create, Modify and Delete answer ``creating``, ``modifying`` and ``deleting`` as AWS does, but the change is
  done at once: every Describe reports ``available``, and a deleted endpoint is gone;
- DescribeDBClusterEndpoints also lists each cluster's writer and reader endpoints (no identifier), as AWS does,
  and takes the four filters AWS documents; DescribeDBClusters reports the cluster's ``CustomEndpoints``;
- tags given to Create, and ListTagsForResource, AddTagsToResource and RemoveTagsFromResource on the endpoint's
  ARN (``arn:aws:rds:REGION:ACCOUNT:cluster-endpoint:ID``), work as moto's tags of other RDS resources;
- DeleteDBCluster deletes the cluster's custom endpoints with it.
"""

import functools
import re
from typing import Any

from moto.core.responses import ActionResult
from moto.moto_api._internal import mock_random
from moto.rds.exceptions import DBClusterNotFoundError
from moto.rds.exceptions import DBInstanceNotFoundError
from moto.rds.exceptions import InvalidParameterValue
from moto.rds.exceptions import RDSClientError
from moto.rds.models import DBCluster
from moto.rds.models import RDSBackend
from moto.rds.models import RDSBaseModel
from moto.rds.responses import RDSResponse

IDENTIFIER = re.compile(r"^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,62}(?<!-)$")
ENDPOINT_ARN = re.compile(r"^arn:[^:]+:rds:[^:]*:[0-9]*:cluster-endpoint:(?P<identifier>[^:]+)$")
ENDPOINT_TYPES = ("READER", "WRITER", "ANY")
ENDPOINTS_PER_CLUSTER = 5
# Filter name -> the field of a DBClusterEndpoint it matches, compared in lower case.
FILTERS = {
    "db-cluster-endpoint-type": "EndpointType",
    "db-cluster-endpoint-custom-type": "CustomEndpointType",
    "db-cluster-endpoint-id": "DBClusterEndpointIdentifier",
    "db-cluster-endpoint-status": "Status",
}


class DBClusterEndpointNotFoundFault(RDSClientError):
    def __init__(self, identifier: str) -> None:
        super().__init__("DBClusterEndpointNotFoundFault", f"DBClusterEndpoint {identifier} not found.")


class DBClusterEndpointAlreadyExistsFault(RDSClientError):
    def __init__(self, identifier: str) -> None:
        super().__init__("DBClusterEndpointAlreadyExistsFault", f"DBClusterEndpoint {identifier} already exists.")


class DBClusterEndpointQuotaExceededFault(RDSClientError):
    code = 403

    def __init__(self, cluster: str) -> None:
        super().__init__(
            "DBClusterEndpointQuotaExceededFault",
            f"DBCluster {cluster} already has {ENDPOINTS_PER_CLUSTER} custom endpoints.",
        )


class ClusterEndpoint(RDSBaseModel):
    resource_type = "cluster-endpoint"

    def __init__(self, backend: RDSBackend, identifier: str, cluster: DBCluster, tags: list[dict[str, str]]) -> None:
        super().__init__(backend)
        self.identifier = identifier
        self.cluster_identifier = cluster.db_cluster_identifier
        self.endpoint = f"{identifier}.cluster-custom-{cluster.url_identifier}.{self.region}.rds.amazonaws.com"
        self.resource_identifier = "cluster-endpoint-" + mock_random.get_random_string(length=26).upper()
        self.custom_endpoint_type = "ANY"
        self.static_members: list[str] = []
        self.excluded_members: list[str] = []
        self.tags = tags

    @property
    def resource_id(self) -> str:
        return self.identifier

    def describe(self, status: str = "available") -> dict[str, Any]:
        return {
            "DBClusterEndpointIdentifier": self.identifier,
            "DBClusterIdentifier": self.cluster_identifier,
            "DBClusterEndpointResourceIdentifier": self.resource_identifier,
            "Endpoint": self.endpoint,
            "Status": status,
            "EndpointType": "CUSTOM",
            "CustomEndpointType": self.custom_endpoint_type,
            "StaticMembers": list(self.static_members),
            "ExcludedMembers": list(self.excluded_members),
            "DBClusterEndpointArn": self.arn,
        }


def endpoints(backend: RDSBackend) -> dict[str, ClusterEndpoint]:
    """Lowercased identifier -> endpoint, on the backend so that a reset empties it."""
    return backend.__dict__.setdefault("cluster_endpoints", {})


def found_endpoint(backend: RDSBackend, identifier: str) -> ClusterEndpoint:
    endpoint = endpoints(backend).get((identifier or "").lower())
    if endpoint is None:
        raise DBClusterEndpointNotFoundFault(identifier)
    return endpoint


def found_cluster(backend: RDSBackend, identifier: str) -> DBCluster:
    if identifier not in backend.clusters:
        raise DBClusterNotFoundError(identifier)
    return backend.clusters[identifier]


def set_type_and_members(backend: RDSBackend, endpoint: ClusterEndpoint, params: dict[str, Any]) -> None:
    """EndpointType, StaticMembers and ExcludedMembers, each only when given; all checked before any is set."""
    endpoint_type = params.get("EndpointType")
    if endpoint_type is not None and endpoint_type.upper() not in ENDPOINT_TYPES:
        raise InvalidParameterValue(
            f"Invalid endpoint type: {endpoint_type}. Valid values: {', '.join(ENDPOINT_TYPES)}"
        )
    members = {key: params.get(key) for key in ("StaticMembers", "ExcludedMembers")}
    instances = backend.databases
    for listed in members.values():
        for member in [item for item in listed or [] if item]:
            instance = instances.get(member)
            if instance is None or (instance.db_cluster_identifier or "").lower() != endpoint.cluster_identifier:
                raise DBInstanceNotFoundError(member)
    if endpoint_type is not None:
        endpoint.custom_endpoint_type = endpoint_type.upper()
    if members["StaticMembers"] is not None:
        endpoint.static_members = [item.lower() for item in members["StaticMembers"] if item]
    if members["ExcludedMembers"] is not None:
        endpoint.excluded_members = [item.lower() for item in members["ExcludedMembers"] if item]


def create_endpoint(backend: RDSBackend, params: dict[str, Any]) -> ClusterEndpoint:
    identifier = params["DBClusterEndpointIdentifier"]
    if not IDENTIFIER.match(identifier):
        raise InvalidParameterValue(
            f"Invalid DBClusterEndpointIdentifier: {identifier}. It must be 1 to 63 letters, digits or hyphens, "
            "begin with a letter, and contain no two consecutive hyphens nor end with a hyphen."
        )
    cluster = found_cluster(backend, params["DBClusterIdentifier"])
    if identifier.lower() in endpoints(backend):
        raise DBClusterEndpointAlreadyExistsFault(identifier.lower())
    of_cluster = [
        item for item in endpoints(backend).values() if item.cluster_identifier == cluster.db_cluster_identifier
    ]
    if len(of_cluster) >= ENDPOINTS_PER_CLUSTER:
        raise DBClusterEndpointQuotaExceededFault(cluster.db_cluster_identifier)
    tags = [{"Key": tag["Key"], "Value": tag.get("Value", "")} for tag in params.get("Tags") or []]
    endpoint = ClusterEndpoint(backend, identifier.lower(), cluster, tags)
    set_type_and_members(backend, endpoint, params)
    endpoints(backend)[endpoint.identifier] = endpoint
    return endpoint


def built_in_endpoints(cluster: DBCluster) -> list[dict[str, Any]]:
    """The cluster's writer and reader endpoints, as DescribeDBClusterEndpoints lists them on AWS."""
    return [
        {
            "DBClusterIdentifier": cluster.db_cluster_identifier,
            "Endpoint": address,
            "Status": "available",
            "EndpointType": kind,
        }
        for kind, address in (("WRITER", cluster.endpoint), ("READER", cluster.reader_endpoint))
    ]


def describe_endpoints(backend: RDSBackend, params: dict[str, Any]) -> list[dict[str, Any]]:
    cluster_id = params.get("DBClusterIdentifier")
    clusters = [found_cluster(backend, cluster_id)] if cluster_id else list(backend.clusters.values())
    wanted = {cluster.db_cluster_identifier for cluster in clusters}
    found = [item for cluster in clusters for item in built_in_endpoints(cluster)]
    found += [item.describe() for item in endpoints(backend).values() if item.cluster_identifier in wanted]
    endpoint_id = params.get("DBClusterEndpointIdentifier")
    if endpoint_id:
        found = [item for item in found if item.get("DBClusterEndpointIdentifier") == endpoint_id.lower()]
    for given in params.get("Filters") or []:
        if given["Name"] not in FILTERS:
            raise InvalidParameterValue(f"Unrecognized filter name: {given['Name']}")
        values = {value.lower() for value in given.get("Values") or []}
        found = [item for item in found if str(item.get(FILTERS[given["Name"]], "")).lower() in values]
    return found


def create_db_cluster_endpoint(self: RDSResponse) -> ActionResult:
    return ActionResult(create_endpoint(self.backend, self.params).describe("creating"))


def describe_db_cluster_endpoints(self: RDSResponse) -> ActionResult:
    found = describe_endpoints(self.backend, self.params)
    start = int(self.params.get("Marker") or 0)
    size = int(self.params.get("MaxRecords") or 100)
    result: dict[str, Any] = {"DBClusterEndpoints": found[start : start + size]}
    if start + size < len(found):
        result["Marker"] = str(start + size)
    return ActionResult(result)


def modify_db_cluster_endpoint(self: RDSResponse) -> ActionResult:
    endpoint = found_endpoint(self.backend, self.params["DBClusterEndpointIdentifier"])
    set_type_and_members(self.backend, endpoint, self.params)
    return ActionResult(endpoint.describe("modifying"))


def delete_db_cluster_endpoint(self: RDSResponse) -> ActionResult:
    endpoint = found_endpoint(self.backend, self.params["DBClusterEndpointIdentifier"])
    del endpoints(self.backend)[endpoint.identifier]
    return ActionResult(endpoint.describe("deleting"))


def custom_endpoints(cluster: DBCluster) -> list[str]:
    return [
        item.endpoint
        for item in endpoints(cluster.backend).values()
        if item.cluster_identifier == cluster.db_cluster_identifier
    ]


def register() -> None:
    original_tagged = RDSBackend._get_resource_for_tagging
    original_delete_cluster = RDSBackend.delete_db_cluster

    @functools.wraps(original_tagged)
    def get_resource_for_tagging(self, arn):
        match = ENDPOINT_ARN.match(arn)
        if match:
            # As moto does for other RDS resources: an unknown one has no tags and takes none.
            return endpoints(self).get(match["identifier"].lower())
        return original_tagged(self, arn)

    @functools.wraps(original_delete_cluster)
    def delete_db_cluster(self, cluster_identifier, snapshot_name=None):
        cluster = original_delete_cluster(self, cluster_identifier, snapshot_name=snapshot_name)
        for identifier in [
            key for key, item in endpoints(self).items() if item.cluster_identifier == cluster.db_cluster_identifier
        ]:
            del endpoints(self)[identifier]
        return cluster

    RDSBackend._get_resource_for_tagging = get_resource_for_tagging
    RDSBackend.delete_db_cluster = delete_db_cluster
    DBCluster.custom_endpoints = property(custom_endpoints)
    RDSResponse.create_db_cluster_endpoint = create_db_cluster_endpoint
    RDSResponse.describe_db_cluster_endpoints = describe_db_cluster_endpoints
    RDSResponse.modify_db_cluster_endpoint = modify_db_cluster_endpoint
    RDSResponse.delete_db_cluster_endpoint = delete_db_cluster_endpoint
