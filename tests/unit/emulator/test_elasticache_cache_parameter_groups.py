"""Extension elasticache_cache_parameter_groups: cache parameter groups and their parameters."""

import pytest
from botocore.exceptions import ClientError

ARN = "arn:aws:elasticache:us-east-1:123456789012:parametergroup:"


@pytest.fixture
def elasticache(aws):
    client = aws("elasticache")
    client.create_cache_parameter_group(
        CacheParameterGroupName="cache-params",
        CacheParameterGroupFamily="redis7",
        Description="application cache",
        Tags=[{"Key": "env", "Value": "dev"}],
    )
    return client


def parameters(elasticache, name="cache-params", **filters) -> dict[str, dict]:
    pages = elasticache.get_paginator("describe_cache_parameters").paginate(CacheParameterGroupName=name, **filters)
    return {item["ParameterName"]: item for page in pages for item in page["Parameters"]}


def values(elasticache, *names, group="cache-params") -> dict[str, str]:
    found = parameters(elasticache, group)
    return {name: found[name]["ParameterValue"] for name in names}


def test_default_groups_exist(aws):
    elasticache = aws("elasticache")
    found = elasticache.describe_cache_parameter_groups(CacheParameterGroupName="default.redis7")[
        "CacheParameterGroups"
    ]

    assert [(item["CacheParameterGroupName"], item["CacheParameterGroupFamily"]) for item in found] == [
        ("default.redis7", "redis7")
    ]
    assert found[0]["ARN"] == ARN + "default.redis7"
    assert values(elasticache, "cluster-enabled", group="default.redis7") == {"cluster-enabled": "no"}
    assert values(elasticache, "cluster-enabled", group="default.redis7.cluster.on") == {"cluster-enabled": "yes"}
    listed = {
        item["CacheParameterGroupName"]
        for page in elasticache.get_paginator("describe_cache_parameter_groups").paginate()
        for item in page["CacheParameterGroups"]
    }
    assert {"default.redis6.x", "default.redis7", "default.valkey8", "default.memcached1.6"} <= listed


def test_a_group_is_created_and_described(elasticache):
    found = elasticache.describe_cache_parameter_groups(CacheParameterGroupName="cache-params")["CacheParameterGroups"]

    assert found == [
        {
            "CacheParameterGroupName": "cache-params",
            "CacheParameterGroupFamily": "redis7",
            "Description": "application cache",
            "IsGlobal": False,
            "ARN": ARN + "cache-params",
        }
    ]
    assert elasticache.list_tags_for_resource(ResourceName=ARN + "cache-params")["TagList"] == [
        {"Key": "env", "Value": "dev"}
    ]
    with pytest.raises(ClientError, match="CacheParameterGroupAlreadyExists"):
        elasticache.create_cache_parameter_group(
            CacheParameterGroupName="cache-params", CacheParameterGroupFamily="redis7", Description="again"
        )
    with pytest.raises(ClientError, match="InvalidParameterValue"):
        elasticache.create_cache_parameter_group(
            CacheParameterGroupName="other", CacheParameterGroupFamily="redis9", Description="no such family"
        )


def test_the_family_defaults_are_described(elasticache):
    found = parameters(elasticache)

    assert found["maxmemory-policy"] == {
        "ParameterName": "maxmemory-policy",
        "ParameterValue": "volatile-lru",
        "Description": "Max memory policy.",
        "Source": "system",
        "DataType": "string",
        "AllowedValues": (
            "volatile-lru,allkeys-lru,volatile-lfu,allkeys-lfu,volatile-random,allkeys-random,volatile-ttl,noeviction"
        ),
        "IsModifiable": True,
        "MinimumEngineVersion": "2.6.13",
        "ChangeType": "immediate",
    }
    assert (found["timeout"]["ParameterValue"], found["timeout"]["DataType"]) == ("0", "integer")
    assert found["tcp-keepalive"]["ParameterValue"] == "300"
    assert found["notify-keyspace-events"]["ParameterValue"] == ""
    assert found["maxclients"]["IsModifiable"] is False
    # redis7 has listpack settings, redis6.x their ziplist predecessors.
    assert "hash-max-listpack-entries" in found and "hash-max-ziplist-entries" not in found
    elasticache.create_cache_parameter_group(
        CacheParameterGroupName="old-params", CacheParameterGroupFamily="redis6.x", Description="old"
    )
    older = parameters(elasticache, "old-params")
    assert "hash-max-ziplist-entries" in older and "hash-max-listpack-entries" not in older


def test_modified_values_are_read_back_and_a_repeat_changes_nothing(elasticache):
    wanted = [
        {"ParameterName": "maxmemory-policy", "ParameterValue": "allkeys-lru"},
        {"ParameterName": "timeout", "ParameterValue": "300"},
        {"ParameterName": "notify-keyspace-events", "ParameterValue": "Ex"},
    ]
    answered = elasticache.modify_cache_parameter_group(
        CacheParameterGroupName="cache-params", ParameterNameValues=wanted
    )
    assert answered["CacheParameterGroupName"] == "cache-params"

    first = parameters(elasticache)
    assert values(elasticache, "maxmemory-policy", "timeout", "notify-keyspace-events", "tcp-keepalive") == {
        "maxmemory-policy": "allkeys-lru",
        "timeout": "300",
        "notify-keyspace-events": "Ex",
        "tcp-keepalive": "300",
    }
    assert sorted(parameters(elasticache, Source="user")) == ["maxmemory-policy", "notify-keyspace-events", "timeout"]
    assert first["timeout"]["Source"] == "user" and first["tcp-keepalive"]["Source"] == "system"

    elasticache.modify_cache_parameter_group(CacheParameterGroupName="cache-params", ParameterNameValues=wanted)
    assert parameters(elasticache) == first


def test_invalid_values_are_refused_and_change_nothing(elasticache):
    for name, value in (
        ("timeout", "5"),  # 0 or 20 and more
        ("timeout", "five"),
        ("maxmemory-policy", "sometimes"),
        ("maxclients", "100"),  # not modifiable
        ("no-such-parameter", "1"),
    ):
        with pytest.raises(ClientError, match="InvalidParameterValue"):
            elasticache.modify_cache_parameter_group(
                CacheParameterGroupName="cache-params",
                ParameterNameValues=[
                    {"ParameterName": "tcp-keepalive", "ParameterValue": "60"},
                    {"ParameterName": name, "ParameterValue": value},
                ],
            )
    assert parameters(elasticache, Source="user") == {}
    with pytest.raises(ClientError, match="InvalidParameterValue"):
        elasticache.modify_cache_parameter_group(
            CacheParameterGroupName="default.redis7",
            ParameterNameValues=[{"ParameterName": "timeout", "ParameterValue": "300"}],
        )
    with pytest.raises(ClientError, match="CacheParameterGroupNotFound"):
        elasticache.describe_cache_parameters(CacheParameterGroupName="missing")


def test_parameters_are_reset_one_by_one_or_all(elasticache):
    elasticache.modify_cache_parameter_group(
        CacheParameterGroupName="cache-params",
        ParameterNameValues=[
            {"ParameterName": "timeout", "ParameterValue": "300"},
            {"ParameterName": "maxmemory-policy", "ParameterValue": "noeviction"},
        ],
    )

    elasticache.reset_cache_parameter_group(
        CacheParameterGroupName="cache-params", ParameterNameValues=[{"ParameterName": "timeout"}]
    )
    assert values(elasticache, "timeout", "maxmemory-policy") == {"timeout": "0", "maxmemory-policy": "noeviction"}

    elasticache.reset_cache_parameter_group(CacheParameterGroupName="cache-params", ResetAllParameters=True)
    assert values(elasticache, "timeout", "maxmemory-policy") == {"timeout": "0", "maxmemory-policy": "volatile-lru"}
    assert parameters(elasticache, Source="user") == {}


def test_a_group_in_use_or_a_default_one_is_not_deleted(elasticache):
    elasticache.create_replication_group(
        ReplicationGroupId="cache", ReplicationGroupDescription="cache", CacheParameterGroupName="cache-params"
    )
    with pytest.raises(ClientError, match="InvalidCacheParameterGroupState"):
        elasticache.delete_cache_parameter_group(CacheParameterGroupName="cache-params")
    with pytest.raises(ClientError, match="InvalidParameterValue"):
        elasticache.delete_cache_parameter_group(CacheParameterGroupName="default.redis7")

    elasticache.delete_replication_group(ReplicationGroupId="cache")
    elasticache.delete_cache_parameter_group(CacheParameterGroupName="cache-params")
    with pytest.raises(ClientError, match="CacheParameterGroupNotFound"):
        elasticache.describe_cache_parameter_groups(CacheParameterGroupName="cache-params")


def test_engine_defaults_are_the_default_groups_parameters(elasticache):
    defaults = elasticache.describe_engine_default_parameters(CacheParameterGroupFamily="redis7")["EngineDefaults"]

    assert defaults["CacheParameterGroupFamily"] == "redis7"
    assert {item["ParameterName"]: item["ParameterValue"] for item in defaults["Parameters"]}["timeout"] == "0"
