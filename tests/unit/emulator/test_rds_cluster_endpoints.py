"""Extension rds_cluster_endpoints: Aurora custom cluster endpoints."""

import re

import pytest
from botocore.exceptions import ClientError

ARN = "arn:aws:rds:us-east-1:123456789012:cluster-endpoint:"


@pytest.fixture
def rds(aws):
    """An Aurora cluster ``aurora`` of three instances, and a second cluster ``other`` of one."""
    client = aws("rds")
    for cluster, instances in (("aurora", ("aurora-1", "aurora-2", "aurora-3")), ("other", ("other-1",))):
        client.create_db_cluster(
            DBClusterIdentifier=cluster,
            Engine="aurora-postgresql",
            MasterUsername="platform",
            MasterUserPassword="not-a-secret-1",
        )
        for instance in instances:
            client.create_db_instance(
                DBInstanceIdentifier=instance,
                DBClusterIdentifier=cluster,
                Engine="aurora-postgresql",
                DBInstanceClass="db.r6g.large",
            )
    return client


def custom(rds, **filters) -> list[dict]:
    return [
        item
        for item in rds.describe_db_cluster_endpoints(**filters)["DBClusterEndpoints"]
        if "DBClusterEndpointIdentifier" in item
    ]


def test_an_endpoint_is_created_read_back_and_tagged(rds):
    created = rds.create_db_cluster_endpoint(
        DBClusterIdentifier="aurora",
        DBClusterEndpointIdentifier="Reporting",
        EndpointType="READER",
        StaticMembers=["aurora-2", "aurora-3"],
        Tags=[{"Key": "Project", "Value": "seed"}],
    )
    assert created["Status"] == "creating"

    [described] = custom(rds, DBClusterEndpointIdentifier="reporting")
    address = described.pop("Endpoint")
    resource_id = described.pop("DBClusterEndpointResourceIdentifier")
    assert described == {
        "DBClusterEndpointIdentifier": "reporting",
        "DBClusterIdentifier": "aurora",
        "Status": "available",
        "EndpointType": "CUSTOM",
        "CustomEndpointType": "READER",
        "StaticMembers": ["aurora-2", "aurora-3"],
        "ExcludedMembers": [],
        "DBClusterEndpointArn": ARN + "reporting",
    }
    assert re.fullmatch(r"reporting\.cluster-custom-[a-z0-9]{12}\.us-east-1\.rds\.amazonaws\.com", address)
    assert re.fullmatch(r"cluster-endpoint-[A-Z0-9]{26}", resource_id)
    [cluster] = rds.describe_db_clusters(DBClusterIdentifier="aurora")["DBClusters"]
    assert address.split(".", 2)[1] == cluster["Endpoint"].split(".", 2)[1].replace("cluster-", "cluster-custom-")
    assert cluster["CustomEndpoints"] == [address]

    assert rds.list_tags_for_resource(ResourceName=ARN + "reporting")["TagList"] == [
        {"Key": "Project", "Value": "seed"}
    ]
    rds.add_tags_to_resource(ResourceName=ARN + "reporting", Tags=[{"Key": "Owner", "Value": "data"}])
    rds.remove_tags_from_resource(ResourceName=ARN + "reporting", TagKeys=["Project"])
    assert rds.list_tags_for_resource(ResourceName=ARN + "reporting")["TagList"] == [{"Key": "Owner", "Value": "data"}]


def test_the_clusters_own_endpoints_are_listed_and_filters_apply(rds):
    rds.create_db_cluster_endpoint(DBClusterIdentifier="aurora", DBClusterEndpointIdentifier="any", EndpointType="ANY")
    rds.create_db_cluster_endpoint(
        DBClusterIdentifier="other", DBClusterEndpointIdentifier="other-r", EndpointType="READER"
    )

    listed = rds.describe_db_cluster_endpoints(DBClusterIdentifier="aurora")["DBClusterEndpoints"]
    assert [(item["EndpointType"], item.get("DBClusterEndpointIdentifier")) for item in listed] == [
        ("WRITER", None),
        ("READER", None),
        ("CUSTOM", "any"),
    ]
    assert len(rds.describe_db_cluster_endpoints()["DBClusterEndpoints"]) == 6
    by_type = rds.describe_db_cluster_endpoints(
        Filters=[{"Name": "db-cluster-endpoint-custom-type", "Values": ["reader"]}]
    )
    assert [item["DBClusterEndpointIdentifier"] for item in by_type["DBClusterEndpoints"]] == ["other-r"]
    writers = rds.describe_db_cluster_endpoints(Filters=[{"Name": "db-cluster-endpoint-type", "Values": ["writer"]}])
    assert {item["DBClusterIdentifier"] for item in writers["DBClusterEndpoints"]} == {"aurora", "other"}
    first = rds.describe_db_cluster_endpoints(MaxRecords=20, DBClusterIdentifier="aurora")
    assert "Marker" not in first
    assert custom(rds, DBClusterEndpointIdentifier="missing") == []


def test_type_and_members_are_modified_in_place(rds):
    rds.create_db_cluster_endpoint(
        DBClusterIdentifier="aurora",
        DBClusterEndpointIdentifier="reporting",
        EndpointType="READER",
        StaticMembers=["aurora-2"],
    )
    modified = rds.modify_db_cluster_endpoint(
        DBClusterEndpointIdentifier="REPORTING", EndpointType="ANY", StaticMembers=[], ExcludedMembers=["aurora-1"]
    )
    assert modified["Status"] == "modifying"

    [described] = custom(rds, DBClusterEndpointIdentifier="reporting")
    assert (described["CustomEndpointType"], described["StaticMembers"], described["ExcludedMembers"]) == (
        "ANY",
        [],
        ["aurora-1"],
    )
    rds.modify_db_cluster_endpoint(DBClusterEndpointIdentifier="reporting", StaticMembers=["aurora-3"])
    [described] = custom(rds, DBClusterEndpointIdentifier="reporting")
    assert (described["CustomEndpointType"], described["StaticMembers"], described["ExcludedMembers"]) == (
        "ANY",
        ["aurora-3"],
        ["aurora-1"],
    )


def test_an_endpoint_is_deleted(rds):
    rds.create_db_cluster_endpoint(
        DBClusterIdentifier="aurora", DBClusterEndpointIdentifier="reporting", EndpointType="READER"
    )
    assert rds.delete_db_cluster_endpoint(DBClusterEndpointIdentifier="reporting")["Status"] == "deleting"
    assert custom(rds) == []
    for call in (rds.delete_db_cluster_endpoint, rds.modify_db_cluster_endpoint):
        with pytest.raises(ClientError, match="DBClusterEndpointNotFoundFault"):
            call(DBClusterEndpointIdentifier="reporting")


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"DBClusterIdentifier": "missing"}, "DBClusterNotFoundFault"),
        ({"DBClusterEndpointIdentifier": "1st"}, "InvalidParameterValue"),
        ({"DBClusterEndpointIdentifier": "two--hyphens"}, "InvalidParameterValue"),
        ({"DBClusterEndpointIdentifier": "x" * 64}, "InvalidParameterValue"),
        ({"EndpointType": "CUSTOM"}, "InvalidParameterValue"),
        ({"StaticMembers": ["missing-1"]}, "DBInstanceNotFound"),
        ({"ExcludedMembers": ["other-1"]}, "DBInstanceNotFound"),
    ],
)
def test_bad_requests_are_refused(rds, changes, error):
    request = dict(DBClusterIdentifier="aurora", DBClusterEndpointIdentifier="reporting", EndpointType="READER")
    with pytest.raises(ClientError) as raised:
        rds.create_db_cluster_endpoint(**dict(request, **changes))
    assert raised.value.response["Error"]["Code"] == error
    assert custom(rds) == []


def test_identifiers_are_unique_and_limited_per_cluster(rds):
    for number in range(5):
        rds.create_db_cluster_endpoint(
            DBClusterIdentifier="aurora", DBClusterEndpointIdentifier=f"e{number}", EndpointType="ANY"
        )
    with pytest.raises(ClientError, match="DBClusterEndpointAlreadyExistsFault"):
        rds.create_db_cluster_endpoint(
            DBClusterIdentifier="other", DBClusterEndpointIdentifier="E0", EndpointType="ANY"
        )
    with pytest.raises(ClientError, match="DBClusterEndpointQuotaExceededFault"):
        rds.create_db_cluster_endpoint(
            DBClusterIdentifier="aurora", DBClusterEndpointIdentifier="e5", EndpointType="ANY"
        )


def test_deleting_the_cluster_deletes_its_endpoints(rds):
    rds.create_db_cluster_endpoint(
        DBClusterIdentifier="other", DBClusterEndpointIdentifier="other-r", EndpointType="READER"
    )
    rds.delete_db_instance(DBInstanceIdentifier="other-1")
    rds.delete_db_cluster(DBClusterIdentifier="other", SkipFinalSnapshot=True)

    assert custom(rds) == []
    assert rds.list_tags_for_resource(ResourceName=ARN + "other-r")["TagList"] == []
