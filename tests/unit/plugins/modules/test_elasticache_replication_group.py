"""Unit tests of seed.aws_platform.elasticache_replication_group.

moto (in-process) backs creating, describing, tagging and deleting groups, with the AUTH token read from a moto
Secrets Manager secret. moto 5.2.1 does not implement ModifyReplicationGroup, IncreaseReplicaCount,
DecreaseReplicaCount or cache parameter groups, ignores NumCacheClusters (a group always has one member), creates
no cache clusters for a group and never ends a deletion: botocore's Stubber backs those paths, the waits and the
refusals, and asserts the exact requests.
"""

import datetime
import json

import boto3
import pytest

from ansible.module_utils import basic

from ansible_collections.seed.aws_platform.plugins.module_utils import elasticache_replication_groups
from ansible_collections.seed.aws_platform.plugins.modules.elasticache_replication_group import main

REGION = "us-east-1"
ACCOUNT = "123456789012"
GROUP_ID = "tiger-cache"
ARN = f"arn:aws:elasticache:{REGION}:{ACCOUNT}:replicationgroup:{GROUP_ID}"
TOKEN = "Sup3r-Secret-Auth-Token-0042"
SECRET = "tiger/cache/auth-token"
KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"
KEY_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{KEY_ID}"
READS = ("DescribeReplicationGroups", "DescribeCacheClusters", "ListTagsForResource", "GetSecretValue")
DELAY = elasticache_replication_groups.WAIT_DELAY


@pytest.fixture
def elasticache(aws):
    return boto3.client("elasticache", region_name=REGION)


@pytest.fixture
def auth_secret(aws):
    boto3.client("secretsmanager", region_name=REGION).create_secret(Name=SECRET, SecretString=TOKEN)
    return SECRET


def operations(calls):
    return [operation for operation, _params in calls]


def changes_made(calls):
    return [call for call in calls if call[0] not in READS]


def stored(elasticache):
    return elasticache.describe_replication_groups(ReplicationGroupId=GROUP_ID)["ReplicationGroups"][0]


def stored_tags(elasticache):
    tags = elasticache.list_tags_for_resource(ResourceName=ARN)["TagList"]
    return {tag["Key"]: tag["Value"] for tag in tags}


def present(**extra):
    return dict(dict(replication_group_id=GROUP_ID, cache_node_type="cache.t4g.small"), **extra)


# --- moto ---------------------------------------------------------------------------------------


def test_creates_the_group_with_the_auth_token_of_the_secret(run_module, elasticache, auth_secret, api_calls):
    args = present(
        description="Session cache",
        engine="valkey",
        engine_version="7.2",
        auth_token_secret=auth_secret,
        kms_key_id=KEY_ARN,
        security_group_ids=["sg-0123456789abcdef0"],
        cache_subnet_group_name="tiger-private",
        snapshot_retention_limit=7,
        snapshot_window="03:00-04:00",
        preferred_maintenance_window="sun:23:00-mon:01:00",
        tags={"Environment": "tiger", "CostCenter": 1234},
    )

    result = run_module(main, args, diff=True)

    assert result["changed"] is True and result["changes"] == ["created"]
    group = result["replication_group"]
    assert group["replication_group_id"] == GROUP_ID and group["arn"] == ARN
    assert (group["status"], group["engine"], group["cache_node_type"]) == ("available", "valkey", "cache.t4g.small")
    assert group["auth_token_enabled"] is True
    assert group["transit_encryption_enabled"] is True and group["at_rest_encryption_enabled"] is True
    assert group["kms_key_id"] == KEY_ARN
    assert (group["snapshot_retention_limit"], group["snapshot_window"]) == (7, "03:00-04:00")
    assert group["tags"] == stored_tags(elasticache) == {"Environment": "tiger", "CostCenter": "1234"}
    assert group["primary_endpoint"]["address"].startswith(f"master.{GROUP_ID}.")
    assert group["primary_endpoint"]["port"] == group["port"] == 6379
    assert group["replicas"] == 0 and group["member_clusters"] == [f"{GROUP_ID}-001"]
    assert stored(elasticache)["AuthTokenEnabled"] is True

    (create,) = [params for operation, params in api_calls if operation == "CreateReplicationGroup"]
    assert create == dict(
        ReplicationGroupId=GROUP_ID,
        ReplicationGroupDescription="Session cache",
        Engine="valkey",
        EngineVersion="7.2",
        CacheNodeType="cache.t4g.small",
        NumCacheClusters=1,
        AutomaticFailoverEnabled=False,
        MultiAZEnabled=False,
        AtRestEncryptionEnabled=True,
        TransitEncryptionEnabled=True,
        Port=6379,
        KmsKeyId=KEY_ARN,
        CacheSubnetGroupName="tiger-private",
        SecurityGroupIds=["sg-0123456789abcdef0"],
        SnapshotRetentionLimit=7,
        SnapshotWindow="03:00-04:00",
        PreferredMaintenanceWindow="sun:23:00-mon:01:00",
        Tags=[{"Key": "Environment", "Value": "tiger"}, {"Key": "CostCenter", "Value": "1234"}],
        AuthToken=TOKEN,
    )
    assert ("GetSecretValue", {"SecretId": SECRET}) in api_calls
    assert TOKEN not in json.dumps(result, default=str)


def test_the_token_never_reaches_the_result_and_is_masked(run_module, elasticache, auth_secret, monkeypatch):
    no_log_values = set()
    exit_json = basic.AnsibleModule.exit_json

    def recording_exit_json(self, **kwargs):
        no_log_values.update(self.no_log_values)
        exit_json(self, **kwargs)

    monkeypatch.setattr(basic.AnsibleModule, "exit_json", recording_exit_json)
    args = present(auth_token_secret=auth_secret, tags={"a": "1"})

    outputs = [
        run_module(main, args, diff=True, check_mode=True),
        run_module(main, args, diff=True),
        run_module(main, args, diff=True),
        run_module(main, dict(args, tags={"b": "2"}), diff=True),
        run_module(main, dict(replication_group_id=GROUP_ID, state="absent", wait=False), diff=True),
    ]

    assert [output["changes"] for output in outputs] == [["created"], ["created"], [], ["tags"], ["deleted"]]
    for output in outputs:
        assert TOKEN not in json.dumps(output, default=str)
    assert TOKEN in no_log_values


def test_replicas_failover_and_multi_az_are_requested_at_creation(run_module, elasticache, api_calls):
    run_module(main, present(replicas=2, automatic_failover=True, multi_az=True, transit_encryption=False))

    (create,) = [params for operation, params in api_calls if operation == "CreateReplicationGroup"]
    assert (create["NumCacheClusters"], create["AutomaticFailoverEnabled"], create["MultiAZEnabled"]) == (3, True, True)
    assert create["TransitEncryptionEnabled"] is False and "AuthToken" not in create
    assert create["ReplicationGroupDescription"] == f"Replication group {GROUP_ID} managed by Ansible"
    assert stored(elasticache)["AutomaticFailover"] == "enabled"


def test_second_run_changes_nothing_and_does_not_read_the_secret(run_module, elasticache, auth_secret, api_calls):
    args = present(engine="valkey", auth_token_secret=auth_secret, snapshot_retention_limit=3, tags={"a": "1"})
    first = run_module(main, args)
    api_calls.clear()

    second = run_module(main, args)

    assert (second["changed"], second["changes"]) == (False, [])
    assert second["replication_group"] == first["replication_group"]
    assert operations(api_calls) == ["DescribeReplicationGroups", "DescribeCacheClusters", "ListTagsForResource"]


def test_check_mode_reports_the_creation_and_creates_nothing(run_module, elasticache, auth_secret, api_calls):
    args = present(replicas=1, automatic_failover=True, auth_token_secret=auth_secret, tags={"a": 1}, port=6380)

    result = run_module(main, args, check_mode=True)

    assert result["changed"] is True and result["changes"] == ["created"]
    assert result["replication_group"] == dict(
        replication_group_id=GROUP_ID,
        description=f"Replication group {GROUP_ID} managed by Ansible",
        engine="redis",
        cache_node_type="cache.t4g.small",
        replicas=1,
        automatic_failover="enabled",
        multi_az="disabled",
        at_rest_encryption_enabled=True,
        transit_encryption_enabled=True,
        auth_token_enabled=True,
        port=6380,
        primary_endpoint=None,
        reader_endpoint=None,
        tags={"a": "1"},
    )
    assert operations(api_calls) == ["DescribeReplicationGroups"]
    assert elasticache.describe_replication_groups()["ReplicationGroups"] == []


def test_tags_are_added_changed_and_purged(run_module, elasticache, api_calls):
    run_module(main, present(tags={"keep": "1", "drop": "2", "change": "old"}))
    api_calls.clear()

    result = run_module(main, present(tags={"keep": "1", "change": "new", "add": "3"}))

    assert result["changes"] == ["tags"]
    assert result["replication_group"]["tags"] == stored_tags(elasticache) == {"keep": "1", "change": "new", "add": "3"}
    assert changes_made(api_calls) == [
        ("RemoveTagsFromResource", {"ResourceName": ARN, "TagKeys": ["drop"]}),
        (
            "AddTagsToResource",
            {"ResourceName": ARN, "Tags": [{"Key": "add", "Value": "3"}, {"Key": "change", "Value": "new"}]},
        ),
    ]


def test_purge_tags_false_only_adds_and_omitted_tags_are_left_alone(run_module, elasticache):
    run_module(main, present(tags={"a": "1"}))

    added = run_module(main, present(tags={"b": 2}, purge_tags=False))
    omitted = run_module(main, present())

    assert added["changes"] == ["tags"] and omitted["changes"] == []
    assert stored_tags(elasticache) == {"a": "1", "b": "2"}


def test_check_mode_reports_tag_changes_and_changes_nothing(run_module, elasticache, api_calls):
    run_module(main, present(tags={"a": "1"}))
    api_calls.clear()

    result = run_module(main, present(tags={"b": "2"}), check_mode=True, diff=True)

    assert result["changes"] == ["tags"]
    assert result["diff"]["before"]["replication_group"]["tags"] == {"a": "1"}
    assert result["diff"]["after"]["replication_group"]["tags"] == result["replication_group"]["tags"] == {"b": "2"}
    assert changes_made(api_calls) == []
    assert stored_tags(elasticache) == {"a": "1"}


def test_absent_deletes_with_a_final_snapshot(run_module, elasticache, api_calls):
    created = run_module(main, present())
    api_calls.clear()

    result = run_module(
        main,
        dict(replication_group_id=GROUP_ID, state="absent", final_snapshot_identifier="tiger-final", wait=False),
        diff=True,
    )

    assert (result["changed"], result["changes"], result["replication_group"]) == (True, ["deleted"], {})
    assert result["diff"] == dict(
        before=dict(replication_group=created["replication_group"]), after=dict(replication_group={})
    )
    assert changes_made(api_calls) == [
        (
            "DeleteReplicationGroup",
            dict(ReplicationGroupId=GROUP_ID, RetainPrimaryCluster=False, FinalSnapshotIdentifier="tiger-final"),
        )
    ]
    assert stored(elasticache)["Status"] == "deleting"


def test_absent_without_snapshot_and_on_a_group_being_deleted(run_module, elasticache, api_calls):
    run_module(main, present())
    api_calls.clear()
    absent = dict(replication_group_id=GROUP_ID, state="absent", wait=False)

    first = run_module(main, absent)
    second = run_module(main, absent)

    assert (first["changes"], second["changes"]) == (["deleted"], [])
    assert changes_made(api_calls) == [
        ("DeleteReplicationGroup", dict(ReplicationGroupId=GROUP_ID, RetainPrimaryCluster=False))
    ]


def test_absent_in_check_mode_deletes_nothing(run_module, elasticache):
    run_module(main, present())

    result = run_module(main, dict(replication_group_id=GROUP_ID, state="absent"), check_mode=True)

    assert (result["changed"], result["changes"]) == (True, ["deleted"])
    assert stored(elasticache)["Status"] == "available"


def test_absent_when_nothing_exists_changes_nothing(run_module, elasticache):
    result = run_module(main, dict(replication_group_id=GROUP_ID, state="absent"), diff=True)

    assert (result["changed"], result["changes"], result["replication_group"]) == (False, [], {})
    assert result["diff"] == dict(before=dict(replication_group={}), after=dict(replication_group={}))


def test_an_unreadable_secret_fails_before_the_creation(run_module, elasticache, api_calls):
    result = run_module(main, present(auth_token_secret="missing"))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to read the AUTH token from Secrets Manager secret missing")
    assert "CreateReplicationGroup" not in operations(api_calls)


def test_a_secret_that_is_no_auth_token_fails_without_showing_it(run_module, elasticache, api_calls):
    value = "short pass word!"
    boto3.client("secretsmanager", region_name=REGION).create_secret(Name="bad", SecretString=value)

    result = run_module(main, present(auth_token_secret="bad"))

    assert result["failed"] is True
    assert "The SecretString of Secrets Manager secret bad is not a valid AUTH token" in result["msg"]
    assert value not in json.dumps(result)
    assert "CreateReplicationGroup" not in operations(api_calls)


def test_creation_requires_a_node_type(run_module, elasticache, api_calls):
    result = run_module(main, dict(replication_group_id=GROUP_ID), check_mode=True)

    assert result["failed"] is True
    assert result["msg"] == f"cache_node_type is required to create replication group {GROUP_ID}."


@pytest.mark.parametrize(
    "args, message",
    [
        (dict(replication_group_id="Tiger"), "replication_group_id 'Tiger' must start with a letter and contain only"),
        (dict(replication_group_id="1tiger"), "must start with a letter"),
        (dict(replication_group_id="tiger_cache"), "contain only lowercase letters, digits and hyphens"),
        (dict(replication_group_id="tiger-"), "must not end with a hyphen or contain two hyphens in a row"),
        (dict(replication_group_id="tiger--cache"), "must not end with a hyphen or contain two hyphens in a row"),
        (dict(replication_group_id="a" * 41), "must be 1 to 40 characters long, not 41"),
        (dict(replication_group_id=""), "must be 1 to 40 characters long, not 0"),
        (dict(replicas=6), "replicas must be between 0 and 5, not 6"),
        (dict(replicas=-1), "replicas must be between 0 and 5, not -1"),
        (dict(automatic_failover=True), "automatic_failover=true requires at least one replica (replicas >= 1)"),
        (dict(multi_az=True, automatic_failover=True), "automatic_failover=true requires at least one replica"),
        (dict(multi_az=True, replicas=1), "multi_az=true requires automatic_failover=true."),
        (
            dict(auth_token_secret=SECRET, transit_encryption=False),
            "auth_token_secret requires transit_encryption=true",
        ),
        (dict(kms_key_id=KEY_ID, at_rest_encryption=False), "kms_key_id requires at_rest_encryption=true."),
        (dict(snapshot_retention_limit=36), "snapshot_retention_limit must be between 0 and 35, not 36."),
        (dict(snapshot_window="5:00-6:00"), "snapshot_window must be a UTC range hh:mm-hh:mm"),
        (dict(preferred_maintenance_window="sunday:05:00-06:00"), "preferred_maintenance_window must be a UTC range"),
        (dict(port=0), "port must be between 1 and 65535, not 0."),
        (dict(wait_timeout=0), "wait_timeout must be at least 1 second, not 0."),
        (dict(engine="memcached"), "value of engine must be one of: redis, valkey"),
    ],
)
def test_invalid_arguments_fail_before_any_call(run_module, elasticache, api_calls, args, message):
    result = run_module(main, present(**args))

    assert result["failed"] is True
    assert message in result["msg"]
    assert api_calls == []


def test_state_absent_only_validates_the_id(run_module, elasticache, api_calls):
    result = run_module(main, dict(replication_group_id=GROUP_ID, state="absent", replicas=9, multi_az=True))

    assert (result["failed"], result["changed"]) == (False, False)


# --- Stubber ------------------------------------------------------------------------------------

CREATED = datetime.datetime(2024, 5, 1, tzinfo=datetime.timezone.utc)
PRIMARY = f"master.{GROUP_ID}.abc123.use1.cache.amazonaws.com"
READER = f"replica.{GROUP_ID}.abc123.use1.cache.amazonaws.com"


def group(status="available", replicas=1, **attributes):
    """A DescribeReplicationGroups entry, Redis OSS 7 with TLS, encryption at rest and no AUTH by default."""
    members = [f"{GROUP_ID}-{index:03d}" for index in range(1, replicas + 2)]
    port = attributes.pop("port", 6379)
    described = dict(
        ReplicationGroupId=GROUP_ID,
        Description="Session cache",
        Status=status,
        MemberClusters=members,
        NodeGroups=[
            dict(
                NodeGroupId="0001",
                Status=status,
                PrimaryEndpoint=dict(Address=PRIMARY, Port=port),
                ReaderEndpoint=dict(Address=READER, Port=port),
                NodeGroupMembers=[
                    dict(
                        CacheClusterId=member,
                        CacheNodeId="0001",
                        CurrentRole="primary" if index == 0 else "replica",
                        ReadEndpoint=dict(Address=f"{member}.{GROUP_ID}.abc123.use1.cache.amazonaws.com", Port=port),
                    )
                    for index, member in enumerate(members)
                ],
            )
        ],
        AutomaticFailover="disabled",
        MultiAZ="disabled",
        SnapshotRetentionLimit=1,
        SnapshotWindow="05:00-06:00",
        ClusterEnabled=False,
        CacheNodeType="cache.t4g.small",
        AuthTokenEnabled=False,
        TransitEncryptionEnabled=True,
        AtRestEncryptionEnabled=True,
        ARN=ARN,
        ReplicationGroupCreateTime=CREATED,
        ClusterMode="disabled",
        Engine="redis",
    )
    described.update(attributes)
    return described


def cluster(**attributes):
    """DescribeCacheClusters of the primary."""
    described = dict(
        CacheClusterId=f"{GROUP_ID}-001",
        CacheNodeType="cache.t4g.small",
        Engine="redis",
        EngineVersion="7.1.0",
        CacheClusterStatus="available",
        PreferredMaintenanceWindow="sun:05:00-sun:06:00",
        CacheParameterGroup=dict(CacheParameterGroupName="default.redis7", ParameterApplyStatus="in-sync"),
        CacheSubnetGroupName="tiger-private",
        SecurityGroups=[dict(SecurityGroupId="sg-0123456789abcdef0", Status="active")],
        ReplicationGroupId=GROUP_ID,
    )
    described.update(attributes)
    return dict(CacheClusters=[described])


def expect_describe(stubber, described=None):
    if described is None:
        stubber.add_client_error(
            "describe_replication_groups",
            service_error_code="ReplicationGroupNotFoundFault",
            http_status_code=404,
            expected_params={"ReplicationGroupId": GROUP_ID},
        )
    else:
        stubber.add_response(
            "describe_replication_groups", dict(ReplicationGroups=[described]), {"ReplicationGroupId": GROUP_ID}
        )


def expect_details(stubber, cluster_response=None, tags=None):
    stubber.add_response(
        "describe_cache_clusters", cluster_response or cluster(), {"CacheClusterId": f"{GROUP_ID}-001"}
    )
    stubber.add_response(
        "list_tags_for_resource",
        dict(TagList=[dict(Key=key, Value=value) for key, value in (tags or {}).items()]),
        {"ResourceName": ARN},
    )


def expect_existing(stubber, described=None, cluster_response=None, tags=None):
    expect_describe(stubber, described or group())
    expect_details(stubber, cluster_response, tags)


def existing_args(**extra):
    """Arguments that match group() and cluster() as they are."""
    return dict(dict(replication_group_id=GROUP_ID, replicas=1), **extra)


def test_node_type_replicas_failover_and_multi_az_change_in_place(run_module, stubbed, sleeps):
    elasticache = stubbed("elasticache")
    expect_existing(elasticache)
    elasticache.add_response(
        "increase_replica_count",
        dict(ReplicationGroup=group("modifying", replicas=2)),
        dict(ReplicationGroupId=GROUP_ID, NewReplicaCount=2, ApplyImmediately=True),
    )
    expect_describe(elasticache, group("modifying", replicas=2))
    expect_describe(elasticache, group("available", replicas=2))
    elasticache.add_response(
        "modify_replication_group",
        dict(ReplicationGroup=group("modifying", replicas=2)),
        dict(
            ReplicationGroupId=GROUP_ID,
            ApplyImmediately=True,
            CacheNodeType="cache.m7g.large",
            AutomaticFailoverEnabled=True,
            MultiAZEnabled=True,
        ),
    )
    after = group(replicas=2, CacheNodeType="cache.m7g.large", AutomaticFailover="enabled", MultiAZ="enabled")
    expect_describe(elasticache, group("modifying", replicas=2))
    expect_describe(elasticache, after)
    expect_details(elasticache, cluster(CacheNodeType="cache.m7g.large"))

    result = run_module(
        main,
        existing_args(replicas=2, cache_node_type="cache.m7g.large", automatic_failover=True, multi_az=True),
        diff=True,
    )

    assert result["changed"] is True
    assert result["changes"] == ["cache_node_type", "replicas", "automatic_failover", "multi_az"]
    replication_group = result["replication_group"]
    assert (replication_group["cache_node_type"], replication_group["replicas"]) == ("cache.m7g.large", 2)
    assert (replication_group["automatic_failover"], replication_group["multi_az"]) == ("enabled", "enabled")
    assert replication_group["reader_endpoint"] == dict(address=READER, port=6379)
    assert result["diff"]["before"]["replication_group"]["replicas"] == 1
    assert result["diff"]["after"]["replication_group"] == replication_group
    assert sleeps == [DELAY, DELAY]


def test_failover_is_turned_off_before_the_last_replica_is_removed(run_module, stubbed, sleeps):
    elasticache = stubbed("elasticache")
    expect_existing(elasticache, group(replicas=2, AutomaticFailover="enabled", MultiAZ="enabled"))
    elasticache.add_response(
        "modify_replication_group",
        dict(ReplicationGroup=group("modifying", replicas=2)),
        dict(ReplicationGroupId=GROUP_ID, ApplyImmediately=True, AutomaticFailoverEnabled=False, MultiAZEnabled=False),
    )
    expect_describe(elasticache, group("available", replicas=2))
    elasticache.add_response(
        "decrease_replica_count",
        dict(ReplicationGroup=group("modifying", replicas=2)),
        dict(ReplicationGroupId=GROUP_ID, NewReplicaCount=0, ApplyImmediately=True),
    )
    # wait=false: the group is read once more as it is, still modifying.
    expect_existing(elasticache, group("modifying", replicas=2))

    result = run_module(main, existing_args(replicas=0, wait=False))

    assert result["changes"] == ["replicas", "automatic_failover", "multi_az"]
    assert result["replication_group"]["status"] == "modifying"
    assert sleeps == []


def test_one_replica_less_with_failover_kept(run_module, stubbed, sleeps):
    elasticache = stubbed("elasticache")
    expect_existing(elasticache, group(replicas=3, AutomaticFailover="enabled"))
    elasticache.add_response(
        "decrease_replica_count",
        dict(ReplicationGroup=group("modifying", replicas=3)),
        dict(ReplicationGroupId=GROUP_ID, NewReplicaCount=2, ApplyImmediately=True),
    )
    expect_describe(elasticache, group(replicas=2, AutomaticFailover="enabled"))
    expect_details(elasticache)

    result = run_module(main, existing_args(replicas=2, automatic_failover=True))

    assert result["changes"] == ["replicas"]
    assert result["replication_group"]["replicas"] == 2


def test_parameter_group_snapshot_and_other_settings_in_one_modify_call(run_module, stubbed):
    elasticache = stubbed("elasticache")
    expect_existing(elasticache)
    elasticache.add_response(
        "modify_replication_group",
        dict(ReplicationGroup=group("modifying")),
        dict(
            ReplicationGroupId=GROUP_ID,
            ApplyImmediately=False,
            ReplicationGroupDescription="New description",
            EngineVersion="7.2",
            SecurityGroupIds=["sg-0123456789abcdef0", "sg-0fedcba9876543210"],
            CacheParameterGroupName="tiger-redis7",
            SnapshotRetentionLimit=7,
            SnapshotWindow="03:00-04:00",
            PreferredMaintenanceWindow="mon:01:00-mon:02:00",
        ),
    )
    expect_describe(elasticache, group())
    expect_details(elasticache)
    args = existing_args(
        description="New description",
        engine_version="7.2",
        security_group_ids=["sg-0123456789abcdef0", "sg-0fedcba9876543210"],
        cache_parameter_group_name="tiger-redis7",
        snapshot_retention_limit=7,
        snapshot_window="03:00-04:00",
        preferred_maintenance_window="Mon:01:00-Mon:02:00",
        cache_subnet_group_name="tiger-private",
        apply_immediately=False,
    )

    result = run_module(main, args)

    assert result["changes"] == [
        "description",
        "engine_version",
        "security_group_ids",
        "cache_parameter_group_name",
        "snapshot_retention_limit",
        "snapshot_window",
        "preferred_maintenance_window",
    ]


def test_matching_settings_need_no_change(run_module, stubbed):
    elasticache = stubbed("elasticache")
    expect_existing(elasticache, group(replicas=2, AutomaticFailover="enabled", MultiAZ="enabled"), tags={"a": "1"})
    args = existing_args(
        replicas=2,
        automatic_failover=True,
        multi_az=True,
        description="Session cache",
        engine_version="7.1",
        cache_node_type="cache.t4g.small",
        security_group_ids=["sg-0123456789abcdef0"],
        cache_parameter_group_name="default.redis7",
        cache_subnet_group_name="tiger-private",
        snapshot_retention_limit=1,
        snapshot_window="05:00-06:00",
        preferred_maintenance_window="SUN:05:00-SUN:06:00",
        tags={"a": "1"},
    )

    result = run_module(main, args)

    assert (result["changed"], result["changes"]) == (False, [])
    replication_group = result["replication_group"]
    assert replication_group["engine_version"] == "7.1.0"
    assert replication_group["cache_parameter_group_name"] == "default.redis7"
    assert replication_group["security_group_ids"] == ["sg-0123456789abcdef0"]
    assert replication_group["primary_endpoint"] == dict(address=PRIMARY, port=6379)
    assert replication_group["tags"] == {"a": "1"}


def test_redis_is_upgraded_to_valkey_in_place(run_module, stubbed):
    elasticache = stubbed("elasticache")
    expect_existing(elasticache)
    elasticache.add_response(
        "modify_replication_group",
        dict(ReplicationGroup=group("modifying")),
        dict(ReplicationGroupId=GROUP_ID, ApplyImmediately=True, Engine="valkey", EngineVersion="7.2"),
    )

    expect_existing(elasticache, group("modifying", Engine="valkey"), cluster(Engine="valkey", EngineVersion="7.2.4"))

    result = run_module(main, existing_args(engine="valkey", engine_version="7.2", wait=False))

    assert result["changes"] == ["engine", "engine_version"]
    assert (result["replication_group"]["engine"], result["replication_group"]["engine_version"]) == ("valkey", "7.2.4")


def test_a_change_of_engine_needs_a_version(run_module, stubbed):
    elasticache = stubbed("elasticache")
    expect_existing(elasticache)

    result = run_module(main, existing_args(engine="valkey"))

    assert result["failed"] is True
    assert result["msg"] == (
        f"Changing the engine of replication group {GROUP_ID} from redis to valkey requires engine_version,"
        " for example 7.2."
    )


def test_check_mode_reports_changes_in_place_and_only_reads(run_module, stubbed):
    elasticache = stubbed("elasticache")
    expect_existing(elasticache, tags={"a": "1"})

    result = run_module(
        main,
        existing_args(
            replicas=3,
            cache_node_type="cache.m7g.large",
            automatic_failover=True,
            cache_parameter_group_name="tiger-redis7",
            tags={"b": "2"},
        ),
        check_mode=True,
        diff=True,
    )

    assert result["changes"] == [
        "cache_node_type",
        "replicas",
        "automatic_failover",
        "cache_parameter_group_name",
        "tags",
    ]
    after = result["replication_group"]
    assert (after["cache_node_type"], after["replicas"], after["automatic_failover"]) == (
        "cache.m7g.large",
        3,
        "enabled",
    )
    assert (after["cache_parameter_group_name"], after["tags"]) == ("tiger-redis7", {"b": "2"})
    assert result["diff"]["before"]["replication_group"]["cache_node_type"] == "cache.t4g.small"


def test_the_group_is_waited_for_before_the_first_change(run_module, stubbed, sleeps):
    elasticache = stubbed("elasticache")
    expect_existing(elasticache, group("modifying", replicas=2))
    expect_describe(elasticache, group("modifying", replicas=2))
    # The change that was running removed a replica: the plan is made again on the group as it is now.
    expect_describe(elasticache, group("available"))
    expect_details(elasticache)
    elasticache.add_response(
        "modify_replication_group",
        dict(ReplicationGroup=group("modifying")),
        dict(ReplicationGroupId=GROUP_ID, ApplyImmediately=True, SnapshotRetentionLimit=5),
    )
    expect_describe(elasticache, group(SnapshotRetentionLimit=5))
    expect_details(elasticache)

    result = run_module(main, existing_args(snapshot_retention_limit=5))

    assert result["changes"] == ["snapshot_retention_limit"]
    assert result["replication_group"]["snapshot_retention_limit"] == 5
    assert sleeps == [DELAY]


def test_a_change_already_made_by_the_running_modification_is_not_made_again(run_module, stubbed, sleeps):
    elasticache = stubbed("elasticache")
    expect_existing(elasticache, group("modifying", replicas=2))
    expect_describe(elasticache, group("available"))
    expect_details(elasticache)

    result = run_module(main, existing_args(wait=False))

    assert (result["changed"], result["changes"]) == (False, [])
    assert result["replication_group"]["replicas"] == 1
    assert sleeps == []


# Each attribute ElastiCache only sets at creation: (arguments, the group as AWS describes it, expected message part).
REPLACEMENTS = [
    (dict(at_rest_encryption=False), {}, "at_rest_encryption is true, wanted false"),
    (dict(transit_encryption=False), {}, "transit_encryption is true, wanted false"),
    (dict(), dict(TransitEncryptionEnabled=False), "transit_encryption is false, wanted true"),
    (dict(kms_key_id=KEY_ID), {}, f"kms_key_id is the ElastiCache default key, wanted {KEY_ID}"),
    (dict(kms_key_id="other-key"), dict(KmsKeyId=KEY_ARN), f"kms_key_id is {KEY_ARN}, wanted other-key"),
    (dict(auth_token_secret=SECRET), {}, "AUTH is disabled, wanted enabled (auth_token_secret given)"),
    (dict(), dict(AuthTokenEnabled=True), "AUTH is enabled, wanted disabled (no auth_token_secret given)"),
    (dict(cache_subnet_group_name="other"), {}, "cache_subnet_group_name is tiger-private, wanted other"),
    (dict(port=6380), {}, "port is 6379, wanted 6380"),
    (dict(), dict(port=6380), "port is 6380, wanted 6379"),
    (dict(), dict(Engine="valkey"), "engine is valkey, wanted redis"),
    (dict(engine_version="6.2"), {}, "engine_version is 7.1.0, wanted 6.2 (a downgrade)"),
]


@pytest.mark.parametrize("args, described, message", REPLACEMENTS)
def test_changes_that_need_a_new_group_are_refused(run_module, stubbed, args, described, message):
    elasticache = stubbed("elasticache")
    expect_existing(elasticache, group(**described))

    result = run_module(main, existing_args(cache_node_type="cache.m7g.large", **args))

    assert result["failed"] is True
    assert result["msg"].startswith(
        f"Replication group {GROUP_ID} differs from the task in attributes ElastiCache cannot change in place: "
    )
    assert message in result["msg"]
    assert "AWS can only apply this by creating a new replication group" in result["msg"]
    assert "take a snapshot (state=absent with final_snapshot_identifier" in result["msg"]
    assert result["replication_group"]["replication_group_id"] == GROUP_ID


def test_every_refused_attribute_is_named_also_in_check_mode(run_module, stubbed):
    elasticache = stubbed("elasticache")
    expect_existing(elasticache, group(AuthTokenEnabled=True, port=6380))

    result = run_module(main, existing_args(at_rest_encryption=False, replicas=3), check_mode=True)

    assert result["failed"] is True
    assert (
        "at_rest_encryption is true, wanted false; AUTH is enabled, wanted disabled (no auth_token_secret given);"
        " port is 6380, wanted 6379. AWS can only apply this"
    ) in result["msg"]


def test_a_key_alias_is_resolved_with_kms(run_module, stubbed):
    elasticache, kms = stubbed("elasticache"), stubbed("kms")
    expect_existing(elasticache, group(KmsKeyId=KEY_ARN))
    kms.add_response("describe_key", dict(KeyMetadata=dict(KeyId=KEY_ID, Arn=KEY_ARN)), {"KeyId": "alias/tiger-cache"})

    result = run_module(main, existing_args(kms_key_id="alias/tiger-cache"))

    assert (result["changed"], result["replication_group"]["kms_key_id"]) == (False, KEY_ARN)


def test_a_key_given_by_id_matches_its_arn_without_kms(run_module, stubbed):
    elasticache = stubbed("elasticache")
    expect_existing(elasticache, group(KmsKeyId=KEY_ARN))

    result = run_module(main, existing_args(kms_key_id=KEY_ID))

    assert result["changed"] is False


def test_unknown_cluster_attributes_are_not_compared(run_module, stubbed):
    elasticache = stubbed("elasticache")
    expect_describe(elasticache, group())
    elasticache.add_client_error(
        "describe_cache_clusters",
        service_error_code="CacheClusterNotFound",
        http_status_code=404,
        expected_params={"CacheClusterId": f"{GROUP_ID}-001"},
    )
    elasticache.add_response("list_tags_for_resource", dict(TagList=[]), {"ResourceName": ARN})

    result = run_module(main, existing_args(engine_version="6.2", cache_parameter_group_name="other"))

    assert result["changed"] is False
    assert "engine_version" not in result["replication_group"]


# --- waiting ------------------------------------------------------------------------------------


def creation(**extra):
    return dict(
        dict(
            ReplicationGroupId=GROUP_ID,
            ReplicationGroupDescription=f"Replication group {GROUP_ID} managed by Ansible",
            Engine="redis",
            CacheNodeType="cache.t4g.small",
            NumCacheClusters=1,
            AutomaticFailoverEnabled=False,
            MultiAZEnabled=False,
            AtRestEncryptionEnabled=True,
            TransitEncryptionEnabled=True,
            Port=6379,
        ),
        **extra,
    )


def creating():
    return dict(
        ReplicationGroupId=GROUP_ID, Status="creating", MemberClusters=[f"{GROUP_ID}-001"], ARN=ARN, Engine="redis"
    )


def test_creation_waits_until_the_group_is_available(run_module, stubbed, sleeps):
    elasticache = stubbed("elasticache")
    expect_describe(elasticache, None)
    elasticache.add_response("create_replication_group", dict(ReplicationGroup=creating()), creation())
    expect_describe(elasticache, creating())
    expect_describe(elasticache, creating())
    expect_describe(elasticache, group(replicas=0))
    expect_details(elasticache)

    result = run_module(main, present())

    assert result["changes"] == ["created"]
    assert result["replication_group"]["status"] == "available"
    assert result["replication_group"]["engine_version"] == "7.1.0"
    assert sleeps == [DELAY, DELAY]


def test_creation_without_wait_returns_the_group_being_created(run_module, stubbed, sleeps):
    elasticache = stubbed("elasticache")
    expect_describe(elasticache, None)
    elasticache.add_response("create_replication_group", dict(ReplicationGroup=creating()), creation())
    elasticache.add_client_error(
        "describe_cache_clusters", service_error_code="CacheClusterNotFound", http_status_code=404
    )
    elasticache.add_response("list_tags_for_resource", dict(TagList=[]), {"ResourceName": ARN})

    result = run_module(main, present(wait=False))

    assert result["replication_group"]["status"] == "creating"
    assert result["replication_group"]["primary_endpoint"] is None
    assert sleeps == []


def test_tags_that_cannot_be_listed_yet_are_returned_as_requested(run_module, stubbed, sleeps):
    elasticache = stubbed("elasticache")
    expect_describe(elasticache, None)
    request = creation(Tags=[dict(Key="a", Value="1")])
    elasticache.add_response("create_replication_group", dict(ReplicationGroup=creating()), request)
    elasticache.add_client_error(
        "describe_cache_clusters", service_error_code="CacheClusterNotFound", http_status_code=404
    )
    elasticache.add_client_error(
        "list_tags_for_resource", service_error_code="InvalidReplicationGroupState", http_status_code=400
    )

    result = run_module(main, present(wait=False, tags={"a": 1}))

    assert result["replication_group"]["tags"] == {"a": "1"}


def test_a_wait_that_times_out_fails_with_the_status(run_module, stubbed, sleeps):
    elasticache = stubbed("elasticache")
    expect_describe(elasticache, None)
    elasticache.add_response("create_replication_group", dict(ReplicationGroup=creating()), creation())
    for _attempt in range(3):
        expect_describe(elasticache, creating())

    result = run_module(main, present(wait_timeout=30))

    assert result["failed"] is True
    assert result["msg"].startswith(
        f"Timed out after 30 seconds waiting for replication group {GROUP_ID} to be available; its status is creating."
    )
    assert result["replication_group"]["status"] == "creating"
    assert sleeps == [DELAY, DELAY]


def test_a_failed_creation_stops_the_wait(run_module, stubbed, sleeps):
    elasticache = stubbed("elasticache")
    expect_describe(elasticache, None)
    elasticache.add_response("create_replication_group", dict(ReplicationGroup=creating()), creation())
    expect_describe(elasticache, dict(creating(), Status="create-failed"))

    result = run_module(main, present())

    assert result["failed"] is True
    assert result["msg"] == f"Replication group {GROUP_ID} is create-failed, it will not become available."


def test_deletion_waits_until_the_group_is_gone(run_module, stubbed, sleeps):
    elasticache = stubbed("elasticache")
    expect_existing(elasticache)
    elasticache.add_response(
        "delete_replication_group",
        dict(ReplicationGroup=group("deleting")),
        dict(ReplicationGroupId=GROUP_ID, RetainPrimaryCluster=False, FinalSnapshotIdentifier="tiger-final"),
    )
    expect_describe(elasticache, group("deleting"))
    expect_describe(elasticache, group("deleting"))
    expect_describe(elasticache, None)

    result = run_module(
        main, dict(replication_group_id=GROUP_ID, state="absent", final_snapshot_identifier="tiger-final")
    )

    assert (result["changed"], result["changes"], result["replication_group"]) == (True, ["deleted"], {})
    assert sleeps == [DELAY, DELAY]


def test_a_deletion_that_times_out_fails(run_module, stubbed, sleeps):
    elasticache = stubbed("elasticache")
    expect_existing(elasticache, group("deleting"))
    expect_describe(elasticache, group("deleting"))
    expect_describe(elasticache, group("deleting"))

    result = run_module(main, dict(replication_group_id=GROUP_ID, state="absent", wait_timeout=10))

    assert result["failed"] is True
    assert "Timed out after 10 seconds waiting for replication group tiger-cache to be deleted" in result["msg"]
    assert sleeps == [DELAY]


def test_a_group_being_modified_is_waited_for_before_its_deletion(run_module, stubbed, sleeps):
    elasticache = stubbed("elasticache")
    expect_existing(elasticache, group("modifying"))
    expect_describe(elasticache, group("available"))
    elasticache.add_response(
        "delete_replication_group",
        dict(ReplicationGroup=group("deleting")),
        dict(ReplicationGroupId=GROUP_ID, RetainPrimaryCluster=False),
    )

    result = run_module(main, dict(replication_group_id=GROUP_ID, state="absent", wait=False))

    assert result["changes"] == ["deleted"]
    assert sleeps == []


def test_an_unchanged_group_is_waited_for_when_not_available(run_module, stubbed, sleeps):
    elasticache = stubbed("elasticache")
    expect_existing(elasticache, group("modifying"))
    expect_describe(elasticache, group("modifying"))
    expect_describe(elasticache, group("available"))
    expect_details(elasticache)

    result = run_module(main, existing_args())

    assert (result["changed"], result["replication_group"]["status"]) == (False, "available")
    assert sleeps == [DELAY]


def test_a_group_being_deleted_is_not_modified(run_module, stubbed):
    elasticache = stubbed("elasticache")
    expect_existing(elasticache, group("deleting"))

    result = run_module(main, existing_args(replicas=2))

    assert result["failed"] is True
    assert result["msg"].startswith(f"Replication group {GROUP_ID} is deleting:")


# --- errors -------------------------------------------------------------------------------------


def test_a_failed_creation_is_reported(run_module, stubbed):
    elasticache = stubbed("elasticache")
    expect_describe(elasticache, None)
    elasticache.add_client_error(
        "create_replication_group",
        service_error_code="InsufficientCacheClusterCapacity",
        service_message="No capacity",
        expected_params=creation(),
    )

    result = run_module(main, present())

    assert result["failed"] is True
    assert result["msg"].startswith(f"Failed to create replication group {GROUP_ID}")
    assert result["error"]["code"] == "InsufficientCacheClusterCapacity"


def test_a_failed_modification_is_reported(run_module, stubbed):
    elasticache = stubbed("elasticache")
    expect_existing(elasticache)
    elasticache.add_client_error(
        "modify_replication_group",
        service_error_code="InvalidParameterCombination",
        service_message="Unsupported node type",
    )

    result = run_module(main, existing_args(cache_node_type="cache.x1.tiny"))

    assert result["failed"] is True
    assert result["msg"].startswith(f"Failed to modify replication group {GROUP_ID}")


def test_throttled_calls_are_retried(run_module, stubbed, sleeps):
    elasticache = stubbed("elasticache")
    elasticache.add_client_error("describe_replication_groups", service_error_code="Throttling", http_status_code=400)
    expect_existing(elasticache)

    result = run_module(main, existing_args())

    assert result["changed"] is False
    assert len(sleeps) == 1
