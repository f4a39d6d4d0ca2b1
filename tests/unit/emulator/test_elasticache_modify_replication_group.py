"""Extension elasticache_modify_replication_group: ModifyReplicationGroup, IncreaseReplicaCount, DecreaseReplicaCount,
member clusters and what DescribeReplicationGroups reports."""

import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def network(aws):
    """A subnet group and two security groups of one VPC."""
    ec2 = aws("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{index}.0/24", AvailabilityZone=f"us-east-1{zone}")["Subnet"][
            "SubnetId"
        ]
        for index, zone in enumerate("ab")
    ]
    groups = [ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc)["GroupId"] for name in "ab"]
    aws("elasticache").create_cache_subnet_group(
        CacheSubnetGroupName="data", CacheSubnetGroupDescription="data", SubnetIds=subnets
    )
    return {"security_groups": groups}


@pytest.fixture
def elasticache(aws, network):
    client = aws("elasticache")
    client.create_replication_group(
        ReplicationGroupId="cache",
        ReplicationGroupDescription="application cache",
        Engine="redis",
        EngineVersion="7.1",
        CacheNodeType="cache.t4g.small",
        NumCacheClusters=2,
        AutomaticFailoverEnabled=True,
        MultiAZEnabled=True,
        CacheSubnetGroupName="data",
        SecurityGroupIds=network["security_groups"][:1],
        AtRestEncryptionEnabled=True,
        TransitEncryptionEnabled=True,
        KmsKeyId="arn:aws:kms:us-east-1:123456789012:key/data",
        AuthToken="a-long-enough-auth-token",
        SnapshotRetentionLimit=3,
        SnapshotWindow="03:00-04:00",
        PreferredMaintenanceWindow="sun:05:00-sun:06:00",
    )
    return client


def described(elasticache, group_id="cache"):
    return elasticache.describe_replication_groups(ReplicationGroupId=group_id)["ReplicationGroups"][0]


def cluster(elasticache, cluster_id):
    return elasticache.describe_cache_clusters(CacheClusterId=cluster_id, ShowCacheNodeInfo=True)["CacheClusters"][0]


def roles(group):
    return [(member["CacheClusterId"], member["CurrentRole"]) for member in group["NodeGroups"][0]["NodeGroupMembers"]]


def test_a_new_group_reports_what_a_client_needs(elasticache, network):
    group = described(elasticache)

    assert group["MemberClusters"] == ["cache-001", "cache-002"]
    assert roles(group) == [("cache-001", "primary"), ("cache-002", "replica")]
    node_group = group["NodeGroups"][0]
    assert node_group["PrimaryEndpoint"]["Address"].startswith("master.cache.")
    assert node_group["ReaderEndpoint"]["Address"].startswith("replica.cache.")
    assert node_group["ReaderEndpoint"]["Port"] == 6379
    assert {
        key: group[key] for key in ("AutomaticFailover", "MultiAZ", "SnapshotRetentionLimit", "SnapshotWindow")
    } == {
        "AutomaticFailover": "enabled",
        "MultiAZ": "enabled",
        "SnapshotRetentionLimit": 3,
        "SnapshotWindow": "03:00-04:00",
    }
    assert group["KmsKeyId"] == "arn:aws:kms:us-east-1:123456789012:key/data"
    assert (group["TransitEncryptionEnabled"], group["AtRestEncryptionEnabled"], group["AuthTokenEnabled"]) == (
        True,
        True,
        True,
    )
    assert group["PendingModifiedValues"] == {}

    member = cluster(elasticache, "cache-002")
    assert member["ReplicationGroupId"] == "cache"
    assert (member["Engine"], member["EngineVersion"], member["CacheNodeType"]) == ("redis", "7.1", "cache.t4g.small")
    assert member["CacheParameterGroup"]["CacheParameterGroupName"] == "default.redis7"
    assert member["CacheSubnetGroupName"] == "data"
    assert member["SecurityGroups"] == [{"SecurityGroupId": network["security_groups"][0], "Status": "active"}]
    assert member["PreferredMaintenanceWindow"] == "sun:05:00-sun:06:00"
    assert member["CacheNodes"][0]["Endpoint"]["Address"].startswith("cache-002.cache.")


def test_defaults_are_aws_defaults(aws):
    elasticache = aws("elasticache")
    elasticache.create_replication_group(ReplicationGroupId="plain", ReplicationGroupDescription="plain")
    group = described(elasticache, "plain")

    assert group["MemberClusters"] == ["plain-001"]
    assert group["SnapshotWindow"] == "05:00-06:00"
    assert group["AutoMinorVersionUpgrade"] is True
    member = cluster(elasticache, "plain-001")
    assert member["EngineVersion"] == "7.1.0"
    assert member["CacheParameterGroup"]["CacheParameterGroupName"] == "default.redis7"


def test_modify_applies_at_once_and_is_read_back(elasticache, network):
    elasticache.create_cache_parameter_group(
        CacheParameterGroupName="cache-params", CacheParameterGroupFamily="redis7", Description="cache"
    )
    answered = elasticache.modify_replication_group(
        ReplicationGroupId="cache",
        ReplicationGroupDescription="bigger cache",
        CacheNodeType="cache.m7g.large",
        EngineVersion="7.2",
        SecurityGroupIds=network["security_groups"],
        CacheParameterGroupName="cache-params",
        SnapshotRetentionLimit=7,
        SnapshotWindow="01:00-02:00",
        PreferredMaintenanceWindow="Mon:03:00-Mon:04:00",
        ApplyImmediately=True,
    )["ReplicationGroup"]

    assert answered["ReplicationGroupId"] == "cache"
    for group in (answered, described(elasticache)):
        assert group["Description"] == "bigger cache"
        assert group["CacheNodeType"] == "cache.m7g.large"
        assert (group["SnapshotRetentionLimit"], group["SnapshotWindow"]) == (7, "01:00-02:00")
        assert group["Status"] == "available"
    for cluster_id in ("cache-001", "cache-002"):
        member = cluster(elasticache, cluster_id)
        assert (member["CacheNodeType"], member["EngineVersion"]) == ("cache.m7g.large", "7.2")
        assert member["CacheParameterGroup"]["CacheParameterGroupName"] == "cache-params"
        assert [item["SecurityGroupId"] for item in member["SecurityGroups"]] == network["security_groups"]
        assert member["PreferredMaintenanceWindow"] == "mon:03:00-mon:04:00"
        assert member["PendingModifiedValues"] == {}


def test_failover_and_multi_az_are_switched_together(elasticache):
    with pytest.raises(ClientError, match="InvalidParameterCombination"):
        elasticache.modify_replication_group(
            ReplicationGroupId="cache", AutomaticFailoverEnabled=False, ApplyImmediately=True
        )

    elasticache.modify_replication_group(
        ReplicationGroupId="cache", AutomaticFailoverEnabled=False, MultiAZEnabled=False, ApplyImmediately=True
    )
    group = described(elasticache)
    assert (group["AutomaticFailover"], group["MultiAZ"]) == ("disabled", "disabled")


def test_node_type_and_engine_version_wait_without_apply_immediately(elasticache):
    answered = elasticache.modify_replication_group(
        ReplicationGroupId="cache", CacheNodeType="cache.m7g.large", EngineVersion="7.2", ApplyImmediately=False
    )["ReplicationGroup"]

    assert answered["CacheNodeType"] == described(elasticache)["CacheNodeType"] == "cache.t4g.small"
    member = cluster(elasticache, "cache-001")
    assert member["PendingModifiedValues"] == {"CacheNodeType": "cache.m7g.large", "EngineVersion": "7.2"}
    assert member["EngineVersion"] == "7.1"

    elasticache.modify_replication_group(ReplicationGroupId="cache", ApplyImmediately=True)
    member = cluster(elasticache, "cache-001")
    assert (member["CacheNodeType"], member["EngineVersion"], member["PendingModifiedValues"]) == (
        "cache.m7g.large",
        "7.2",
        {},
    )
    assert described(elasticache)["CacheNodeType"] == "cache.m7g.large"


def test_replicas_are_added_and_removed(elasticache):
    grown = elasticache.increase_replica_count(ReplicationGroupId="cache", NewReplicaCount=3, ApplyImmediately=True)
    assert grown["ReplicationGroup"]["MemberClusters"] == ["cache-001", "cache-002", "cache-003", "cache-004"]
    group = described(elasticache)
    assert roles(group) == [
        ("cache-001", "primary"),
        ("cache-002", "replica"),
        ("cache-003", "replica"),
        ("cache-004", "replica"),
    ]
    assert cluster(elasticache, "cache-004")["CacheNodeType"] == "cache.t4g.small"

    elasticache.decrease_replica_count(ReplicationGroupId="cache", NewReplicaCount=2, ApplyImmediately=True)
    assert described(elasticache)["MemberClusters"] == ["cache-001", "cache-002", "cache-003"]
    elasticache.decrease_replica_count(
        ReplicationGroupId="cache", ReplicasToRemove=["cache-002"], ApplyImmediately=True
    )
    assert described(elasticache)["MemberClusters"] == ["cache-001", "cache-003"]
    listed = [item["CacheClusterId"] for item in elasticache.describe_cache_clusters()["CacheClusters"]]
    assert sorted(listed) == ["cache-001", "cache-003"]
    with pytest.raises(ClientError, match="CacheClusterNotFound"):
        cluster(elasticache, "cache-004")


def test_replica_counts_are_checked(elasticache):
    for call, count in (
        (elasticache.increase_replica_count, 1),
        (elasticache.decrease_replica_count, 1),
        (elasticache.increase_replica_count, 6),
    ):
        with pytest.raises(ClientError, match="InvalidParameterValue"):
            call(ReplicationGroupId="cache", NewReplicaCount=count, ApplyImmediately=True)
    # Automatic failover needs a replica.
    with pytest.raises(ClientError, match="InvalidParameterCombination"):
        elasticache.decrease_replica_count(ReplicationGroupId="cache", NewReplicaCount=0, ApplyImmediately=True)
    assert described(elasticache)["MemberClusters"] == ["cache-001", "cache-002"]


def test_shards_of_a_cluster_mode_group_grow_one_by_one(aws):
    elasticache = aws("elasticache")
    elasticache.create_replication_group(
        ReplicationGroupId="sharded",
        ReplicationGroupDescription="sharded",
        ClusterMode="enabled",
        NumNodeGroups=2,
        ReplicasPerNodeGroup=1,
    )
    elasticache.increase_replica_count(
        ReplicationGroupId="sharded",
        ReplicaConfiguration=[
            {
                "NodeGroupId": "0002",
                "NewReplicaCount": 2,
                "PreferredAvailabilityZones": ["us-east-1a", "us-east-1b", "us-east-1c"],
            }
        ],
        ApplyImmediately=True,
    )

    group = described(elasticache, "sharded")
    assert group["MemberClusters"] == [
        "sharded-0001-001",
        "sharded-0001-002",
        "sharded-0002-001",
        "sharded-0002-002",
        "sharded-0002-003",
    ]
    added = cluster(elasticache, "sharded-0002-003")
    assert added["PreferredAvailabilityZone"] == "us-east-1c"
    assert added["CacheParameterGroup"]["CacheParameterGroupName"] == "default.redis7.cluster.on"


def test_unknown_groups_are_refused(elasticache):
    with pytest.raises(ClientError, match="ReplicationGroupNotFoundFault"):
        elasticache.modify_replication_group(ReplicationGroupId="missing", ApplyImmediately=True)
    with pytest.raises(ClientError, match="CacheParameterGroupNotFound"):
        elasticache.modify_replication_group(
            ReplicationGroupId="cache", CacheParameterGroupName="missing", ApplyImmediately=True
        )
    elasticache.create_cache_parameter_group(
        CacheParameterGroupName="old-params", CacheParameterGroupFamily="redis6.x", Description="old"
    )
    with pytest.raises(ClientError, match="InvalidParameterCombination"):
        elasticache.modify_replication_group(
            ReplicationGroupId="cache", CacheParameterGroupName="old-params", ApplyImmediately=True
        )
    member = cluster(elasticache, "cache-001")
    assert member["CacheParameterGroup"]["CacheParameterGroupName"] == "default.redis7"


def test_a_deleted_group_and_its_clusters_are_gone(elasticache):
    answered = elasticache.delete_replication_group(ReplicationGroupId="cache")

    assert answered["ReplicationGroup"]["Status"] == "deleting"
    with pytest.raises(ClientError, match="ReplicationGroupNotFoundFault"):
        described(elasticache)
    assert elasticache.describe_cache_clusters()["CacheClusters"] == []


def test_a_retained_primary_stays_as_a_cluster(elasticache):
    elasticache.delete_replication_group(ReplicationGroupId="cache", RetainPrimaryCluster=True)

    remaining = elasticache.describe_cache_clusters()["CacheClusters"]
    assert [item["CacheClusterId"] for item in remaining] == ["cache-001"]
    assert "ReplicationGroupId" not in remaining[0]
