"""Unit tests of seed.aws_platform.elasticache_replication_group_info.

moto (in-process) backs describing groups and their tags; it creates no cache clusters for a group. botocore's
Stubber backs the attributes read from the primary cluster, pagination and errors.
"""

import boto3
import pytest

from ansible_collections.seed.aws_platform.plugins.modules import elasticache_replication_group
from ansible_collections.seed.aws_platform.plugins.modules.elasticache_replication_group_info import main

REGION = "us-east-1"
ACCOUNT = "123456789012"


def arn(group_id):
    return f"arn:aws:elasticache:{REGION}:{ACCOUNT}:replicationgroup:{group_id}"


@pytest.fixture
def elasticache(aws):
    client = boto3.client("elasticache", region_name=REGION)
    client.create_replication_group(
        ReplicationGroupId="tiger-cache",
        ReplicationGroupDescription="Session cache",
        Engine="valkey",
        CacheNodeType="cache.t4g.small",
        NumCacheClusters=1,
        TransitEncryptionEnabled=True,
        AtRestEncryptionEnabled=True,
        AuthToken="Sup3r-Secret-Auth-Token-0042",
        Tags=[{"Key": "Environment", "Value": "tiger"}],
    )
    client.create_replication_group(
        ReplicationGroupId="cheetah-cache",
        ReplicationGroupDescription="Other cache",
        CacheNodeType="cache.t4g.micro",
        Port=6380,
    )
    return client


def ids_of(result):
    return [group["replication_group_id"] for group in result["replication_groups"]]


def test_one_group_by_id(run_module, elasticache):
    result = run_module(main, dict(replication_group_id="tiger-cache"))

    assert result["failed"] is False
    (group,) = result["replication_groups"]
    assert (group["replication_group_id"], group["arn"], group["status"]) == (
        "tiger-cache",
        arn("tiger-cache"),
        "available",
    )
    assert (group["description"], group["engine"], group["cache_node_type"]) == (
        "Session cache",
        "valkey",
        "cache.t4g.small",
    )
    assert (group["auth_token_enabled"], group["transit_encryption_enabled"]) == (True, True)
    assert group["tags"] == {"Environment": "tiger"}
    assert group["replicas"] == 0 and group["port"] == 6379
    assert group["primary_endpoint"]["address"].startswith("master.tiger-cache.")
    assert group["member_clusters"] == ["tiger-cache-001"]
    assert "Sup3r-Secret-Auth-Token-0042" not in str(result)


def test_a_missing_group_gives_an_empty_list(run_module, elasticache):
    result = run_module(main, dict(replication_group_id="missing"))

    assert result == dict(replication_groups=[], failed=False)


def test_every_group_without_an_id(run_module, elasticache):
    result = run_module(main, {})

    assert sorted(ids_of(result)) == ["cheetah-cache", "tiger-cache"]
    cheetah = next(group for group in result["replication_groups"] if group["replication_group_id"] == "cheetah-cache")
    assert (cheetah["port"], cheetah["tags"], cheetah["auth_token_enabled"]) == (6380, {}, False)


def test_no_group_at_all(run_module, aws):
    assert run_module(main, {})["replication_groups"] == []


def test_same_shape_as_the_module_returns(run_module, aws):
    created = run_module(
        elasticache_replication_group.main,
        dict(replication_group_id="lion-cache", cache_node_type="cache.t4g.small", tags={"a": "1"}),
    )

    result = run_module(main, dict(replication_group_id="lion-cache"))

    assert result["replication_groups"] == [created["replication_group"]]


# --- Stubber ------------------------------------------------------------------------------------


def group(group_id, marker=None):
    return dict(
        ReplicationGroupId=group_id,
        Status="available",
        MemberClusters=[f"{group_id}-001", f"{group_id}-002"],
        NodeGroups=[
            dict(
                NodeGroupId="0001",
                PrimaryEndpoint=dict(Address=f"master.{group_id}.example", Port=6379),
                ReaderEndpoint=dict(Address=f"replica.{group_id}.example", Port=6379),
                NodeGroupMembers=[
                    dict(CacheClusterId=f"{group_id}-002", CurrentRole="primary"),
                    dict(CacheClusterId=f"{group_id}-001", CurrentRole="replica"),
                ],
            )
        ],
        ARN=arn(group_id),
        Engine="redis",
    )


def cluster(cluster_id, version):
    return dict(
        CacheClusterId=cluster_id,
        EngineVersion=version,
        CacheSubnetGroupName="tiger-private",
        SecurityGroups=[dict(SecurityGroupId="sg-0123456789abcdef0", Status="active")],
        CacheParameterGroup=dict(CacheParameterGroupName="default.redis7"),
        PreferredMaintenanceWindow="sun:05:00-sun:06:00",
    )


def expect_tags(stubber, group_id, tags):
    stubber.add_response(
        "list_tags_for_resource",
        dict(TagList=[dict(Key=key, Value=value) for key, value in tags.items()]),
        {"ResourceName": arn(group_id)},
    )


def test_all_pages_and_the_primary_clusters_are_read(run_module, stubbed):
    elasticache = stubbed("elasticache")
    elasticache.add_response("describe_replication_groups", dict(ReplicationGroups=[group("a")], Marker="next"), {})
    elasticache.add_response("describe_replication_groups", dict(ReplicationGroups=[group("b")]), {"Marker": "next"})
    # One call for the clusters of every group; the primary is the member whose role is primary.
    elasticache.add_response(
        "describe_cache_clusters",
        dict(CacheClusters=[cluster("a-001", "6.2.6"), cluster("a-002", "7.1.0"), cluster("b-001", "7.0.7")]),
        {},
    )
    expect_tags(elasticache, "a", {"x": "1"})
    expect_tags(elasticache, "b", {})

    result = run_module(main, {})

    assert ids_of(result) == ["a", "b"]
    a, b = result["replication_groups"]
    assert (a["engine_version"], a["replicas"], a["tags"]) == ("7.1.0", 1, {"x": "1"})
    assert a["reader_endpoint"] == dict(address="replica.a.example", port=6379)
    assert (a["cache_subnet_group_name"], a["cache_parameter_group_name"]) == ("tiger-private", "default.redis7")
    assert (a["security_group_ids"], a["preferred_maintenance_window"]) == (
        ["sg-0123456789abcdef0"],
        "sun:05:00-sun:06:00",
    )
    # b's primary (b-002) is not listed: its cluster attributes are left out.
    assert "engine_version" not in b


def test_one_group_reads_its_primary_cluster(run_module, stubbed):
    elasticache = stubbed("elasticache")
    elasticache.add_response(
        "describe_replication_groups", dict(ReplicationGroups=[group("a")]), {"ReplicationGroupId": "a"}
    )
    elasticache.add_response(
        "describe_cache_clusters", dict(CacheClusters=[cluster("a-002", "7.1.0")]), {"CacheClusterId": "a-002"}
    )
    expect_tags(elasticache, "a", {})

    result = run_module(main, dict(replication_group_id="a"))

    assert result["replication_groups"][0]["engine_version"] == "7.1.0"


def test_an_error_is_reported(run_module, stubbed):
    elasticache = stubbed("elasticache")
    elasticache.add_client_error(
        "describe_replication_groups", service_error_code="AccessDenied", service_message="Not allowed"
    )

    result = run_module(main, dict(replication_group_id="a"))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to describe replication group a")
    assert result["error"]["code"] == "AccessDenied"
