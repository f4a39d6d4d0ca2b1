"""Extension elasticache_cache_subnet_groups: ModifyCacheSubnetGroup, DeleteCacheSubnetGroup, subnet zones."""

import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def subnets(aws):
    ec2 = aws("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    return [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{index}.0/24", AvailabilityZone=f"us-east-1{zone}")["Subnet"][
            "SubnetId"
        ]
        for index, zone in enumerate("abc")
    ]


@pytest.fixture
def elasticache(aws, subnets):
    client = aws("elasticache")
    client.create_cache_subnet_group(
        CacheSubnetGroupName="data", CacheSubnetGroupDescription="data", SubnetIds=subnets[:2]
    )
    return client


def described(elasticache):
    return elasticache.describe_cache_subnet_groups(CacheSubnetGroupName="data")["CacheSubnetGroups"][0]


def test_subnets_report_their_zone(elasticache, subnets):
    found = described(elasticache)["Subnets"]

    assert [(item["SubnetIdentifier"], item["SubnetAvailabilityZone"]) for item in found] == [
        (subnets[0], {"Name": "us-east-1a"}),
        (subnets[1], {"Name": "us-east-1b"}),
    ]


def test_subnets_and_description_are_modified(elasticache, subnets):
    answered = elasticache.modify_cache_subnet_group(
        CacheSubnetGroupName="data", CacheSubnetGroupDescription="three zones", SubnetIds=subnets
    )["CacheSubnetGroup"]

    for group in (answered, described(elasticache)):
        assert group["CacheSubnetGroupDescription"] == "three zones"
        assert [item["SubnetIdentifier"] for item in group["Subnets"]] == subnets
        assert group["Subnets"][2]["SubnetAvailabilityZone"] == {"Name": "us-east-1c"}


def test_unknown_subnets_are_refused(elasticache):
    with pytest.raises(ClientError, match="InvalidSubnet"):
        elasticache.create_cache_subnet_group(
            CacheSubnetGroupName="other", CacheSubnetGroupDescription="other", SubnetIds=["subnet-12345678"]
        )
    with pytest.raises(ClientError, match="InvalidSubnet"):
        elasticache.modify_cache_subnet_group(CacheSubnetGroupName="data", SubnetIds=["subnet-12345678"])
    assert len(described(elasticache)["Subnets"]) == 2


def test_a_group_is_deleted_unless_in_use(elasticache):
    elasticache.create_replication_group(
        ReplicationGroupId="cache", ReplicationGroupDescription="cache", CacheSubnetGroupName="data"
    )
    with pytest.raises(ClientError, match="CacheSubnetGroupInUse"):
        elasticache.delete_cache_subnet_group(CacheSubnetGroupName="data")

    elasticache.delete_replication_group(ReplicationGroupId="cache")
    elasticache.delete_cache_subnet_group(CacheSubnetGroupName="data")
    with pytest.raises(ClientError, match="CacheSubnetGroupNotFoundFault"):
        described(elasticache)
    with pytest.raises(ClientError, match="CacheSubnetGroupNotFoundFault"):
        elasticache.delete_cache_subnet_group(CacheSubnetGroupName="data")
