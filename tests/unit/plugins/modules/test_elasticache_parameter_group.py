"""Unit tests of seed.aws_platform.elasticache_parameter_group.

moto 5.2.1 (in-process) does not implement cache parameter groups, so botocore's Stubber scripts every response
and asserts the exact requests, in order. A call a test did not script fails it, so a test that scripts only
reads also proves that the module changed nothing.
"""

import pytest

from ansible.module_utils import basic

from ansible_collections.seed.aws_platform.plugins.modules.elasticache_parameter_group import main

REGION = "us-east-1"
ACCOUNT = "123456789012"
NAME = "tiger-redis7"
ARN = f"arn:aws:elasticache:{REGION}:{ACCOUNT}:parametergroup:{NAME}"
YES_NO = "yes,no"
POLICIES = "volatile-lru,allkeys-lru,volatile-lfu,allkeys-lfu,volatile-random,allkeys-random,volatile-ttl,noeviction"

# name -> (default, AllowedValues, IsModifiable, ChangeType): some parameters of the redis7 family.
REDIS7 = {
    "activedefrag": ("no", YES_NO, True, "immediate"),
    "appendonly": ("no", YES_NO, False, "immediate"),
    "databases": ("16", "1-1200000", True, "requires-reboot"),
    "maxmemory-policy": ("volatile-lru", POLICIES, True, "immediate"),
    "notify-keyspace-events": ("", None, True, "immediate"),
    "slowlog-max-len": ("128", "0-", True, "immediate"),
    "timeout": ("0", "0,20-", True, "immediate"),
}
# Many parameters, for the batches of 20.
MANY = {f"param-{index:02}": ("0", "0-", True, "immediate") for index in range(1, 26)}


@pytest.fixture
def elasticache(stubbed):
    return stubbed("elasticache")


@pytest.fixture
def warnings(monkeypatch):
    """The warnings the module gives."""
    recorded = []
    monkeypatch.setattr(basic.AnsibleModule, "warn", lambda self, warning, **kwargs: recorded.append(warning))
    return recorded


def parameter(name, definition, value=None):
    """A Parameter of DescribeCacheParameters: ``value`` given, it is set by the user."""
    default, allowed, modifiable, change_type = definition
    described = dict(
        ParameterName=name,
        ParameterValue=default if value is None else value,
        Description=f"The {name} parameter.",
        Source="system" if value is None else "user",
        DataType="string" if allowed in (YES_NO, POLICIES, None) else "integer",
        IsModifiable=modifiable,
        MinimumEngineVersion="7.0.0",
        ChangeType=change_type,
    )
    if allowed is not None:
        described["AllowedValues"] = allowed
    if described["ParameterValue"] == "":
        # AWS leaves an empty value out.
        del described["ParameterValue"]
    return described


def parameters(family=None, **values):
    """The Parameters of a group of ``family`` (REDIS7), the parameter NAME_WITH_UNDERSCORES set to value."""
    values = {name.replace("_", "-"): value for name, value in values.items()}
    return [parameter(name, definition, values.get(name)) for name, definition in sorted((family or REDIS7).items())]


def described_group(family="redis7", description="Redis 7 parameters"):
    return dict(
        CacheParameterGroupName=NAME,
        CacheParameterGroupFamily=family,
        Description=description,
        IsGlobal=False,
        ARN=ARN,
    )


def expect_missing(stubber):
    stubber.add_client_error(
        "describe_cache_parameter_groups",
        service_error_code="CacheParameterGroupNotFound",
        http_status_code=404,
        expected_params={"CacheParameterGroupName": NAME},
    )


def expect_family(stubber, family="redis7", definitions=None, page_size=None):
    """DescribeEngineDefaultParameters of the family, in pages of ``page_size`` parameters."""
    found = parameters(definitions)
    page_size = page_size or len(found)
    for start in range(0, len(found), page_size):
        defaults = dict(CacheParameterGroupFamily=family, Parameters=found[start : start + page_size])
        if start + page_size < len(found):
            defaults["Marker"] = str(start + page_size)
        request = dict(CacheParameterGroupFamily=family)
        if start:
            request["Marker"] = str(start)
        stubber.add_response("describe_engine_default_parameters", dict(EngineDefaults=defaults), request)


def expect_existing(stubber, family="redis7", definitions=None, tags=None, page_size=None, description=None, **values):
    """The reads of an existing group: the group, its parameters in pages of ``page_size``, its tags."""
    group = described_group(family, description or "Redis 7 parameters")
    stubber.add_response(
        "describe_cache_parameter_groups", dict(CacheParameterGroups=[group]), {"CacheParameterGroupName": NAME}
    )
    found = parameters(definitions, **values)
    page_size = page_size or len(found)
    for start in range(0, len(found), page_size):
        page = dict(Parameters=found[start : start + page_size], CacheNodeTypeSpecificParameters=[])
        if start + page_size < len(found):
            page["Marker"] = str(start + page_size)
        request = dict(CacheParameterGroupName=NAME)
        if start:
            request["Marker"] = str(start)
        stubber.add_response("describe_cache_parameters", page, request)
    tag_list = [dict(Key=key, Value=value) for key, value in (tags or {}).items()]
    stubber.add_response("list_tags_for_resource", dict(TagList=tag_list), {"ResourceName": ARN})


def expect_modify(stubber, values):
    stubber.add_response(
        "modify_cache_parameter_group",
        dict(CacheParameterGroupName=NAME),
        dict(
            CacheParameterGroupName=NAME,
            ParameterNameValues=[dict(ParameterName=name, ParameterValue=value) for name, value in values.items()],
        ),
    )


def expect_reset(stubber, names):
    stubber.add_response(
        "reset_cache_parameter_group",
        dict(CacheParameterGroupName=NAME),
        dict(
            CacheParameterGroupName=NAME,
            ResetAllParameters=False,
            ParameterNameValues=[dict(ParameterName=name) for name in names],
        ),
    )


def args(**extra):
    return dict(
        dict(name=NAME, family="redis7", parameters={"maxmemory-policy": "allkeys-lru", "timeout": 300}), **extra
    )


# --- creation -----------------------------------------------------------------------------------


def test_creates_the_group_with_parameters_and_tags(run_module, elasticache):
    expect_missing(elasticache)
    expect_family(elasticache, page_size=3)
    elasticache.add_response(
        "create_cache_parameter_group",
        dict(CacheParameterGroup=described_group(description=f"{NAME} parameters")),
        dict(
            CacheParameterGroupName=NAME,
            CacheParameterGroupFamily="redis7",
            Description=f"{NAME} parameters",
            Tags=[dict(Key="Environment", Value="tiger"), dict(Key="CostCenter", Value="1234")],
        ),
    )
    # The values as ElastiCache takes them; maxmemory-policy already has the default wanted, it is not sent.
    expect_modify(elasticache, {"activedefrag": "yes", "timeout": "300"})

    result = run_module(
        main,
        args(
            parameters={"maxmemory-policy": "volatile-lru", "timeout": 300, "activedefrag": True},
            tags={"Environment": "tiger", "CostCenter": 1234},
        ),
        diff=True,
    )

    assert result["changed"] is True
    assert result["changes"] == ["activedefrag", "timeout"]
    assert result["parameter_group"] == dict(
        name=NAME, family="redis7", description=f"{NAME} parameters", arn=ARN, is_global=False
    )
    assert result["parameters"] == {"activedefrag": "yes", "maxmemory-policy": "volatile-lru", "timeout": "300"}
    assert result["tags"] == {"Environment": "tiger", "CostCenter": "1234"}
    assert result["diff"] == dict(
        before={},
        after=dict(parameter_group=result["parameter_group"], parameters=result["parameters"], tags=result["tags"]),
    )


def test_creation_with_the_defaults_makes_no_modify_call(run_module, elasticache):
    expect_missing(elasticache)
    expect_family(elasticache, family="valkey8")
    elasticache.add_response(
        "create_cache_parameter_group",
        dict(CacheParameterGroup=described_group(family="valkey8", description="Valkey")),
        dict(CacheParameterGroupName=NAME, CacheParameterGroupFamily="valkey8", Description="Valkey"),
    )

    result = run_module(main, dict(name=NAME, family="valkey8", description="Valkey"))

    assert (result["changed"], result["changes"], result["parameters"], result["tags"]) == (True, [], {}, {})
    assert result["parameter_group"]["family"] == "valkey8"


def test_creation_requires_a_family(run_module, elasticache):
    expect_missing(elasticache)

    result = run_module(main, dict(name=NAME, parameters={"timeout": 300}))

    assert result["failed"] is True
    assert result["msg"] == f"family is required to create cache parameter group {NAME}, for example redis7."


def test_check_mode_reports_the_creation_and_only_reads(run_module, elasticache):
    expect_missing(elasticache)
    expect_family(elasticache)

    result = run_module(main, args(tags={"a": 1}), check_mode=True, diff=True)

    assert result["changed"] is True and result["changes"] == ["maxmemory-policy", "timeout"]
    assert result["parameter_group"] == dict(
        name=NAME, family="redis7", description=f"{NAME} parameters", is_global=False
    )
    assert result["parameters"] == {"maxmemory-policy": "allkeys-lru", "timeout": "300"}
    assert result["tags"] == {"a": "1"}


def test_a_wrong_parameter_fails_before_the_group_is_created(run_module, elasticache):
    expect_missing(elasticache)
    expect_family(elasticache)

    result = run_module(main, args(parameters={"timeout": 300, "maxmemory-polcy": "allkeys-lru"}))

    assert result["failed"] is True
    assert "Family redis7 has no parameter maxmemory-polcy" in result["msg"]


# --- an existing group --------------------------------------------------------------------------


def test_second_run_changes_nothing(run_module, elasticache):
    expect_existing(elasticache, maxmemory_policy="allkeys-lru", timeout="300", tags={"Environment": "tiger"})

    result = run_module(main, args(tags={"Environment": "tiger"}), diff=True)

    assert (result["changed"], result["changes"]) == (False, [])
    assert result["parameters"] == {"maxmemory-policy": "allkeys-lru", "timeout": "300"}
    assert result["tags"] == {"Environment": "tiger"}
    assert result["parameter_group"]["arn"] == ARN
    assert result["diff"]["before"] == result["diff"]["after"]


def test_a_listed_value_equal_to_the_default_needs_no_change(run_module, elasticache):
    expect_existing(elasticache, timeout="300")

    result = run_module(main, args(parameters={"maxmemory-policy": "volatile-lru", "timeout": "300"}))

    assert result["changed"] is False
    assert result["parameters"] == {"maxmemory-policy": "volatile-lru", "timeout": "300"}


def test_one_changed_value_is_modified(run_module, elasticache):
    expect_existing(elasticache, maxmemory_policy="allkeys-lru", timeout="300")
    expect_modify(elasticache, {"timeout": "600"})

    result = run_module(main, args(parameters={"maxmemory-policy": "allkeys-lru", "timeout": 600}), diff=True)

    assert (result["changed"], result["changes"]) == (True, ["timeout"])
    assert result["parameters"] == {"maxmemory-policy": "allkeys-lru", "timeout": "600"}
    assert result["diff"]["before"]["parameters"] == {"maxmemory-policy": "allkeys-lru", "timeout": "300"}
    assert result["diff"]["after"]["parameters"] == {"maxmemory-policy": "allkeys-lru", "timeout": "600"}


def test_an_unlisted_user_parameter_is_reset(run_module, elasticache):
    expect_existing(elasticache, maxmemory_policy="allkeys-lru", timeout="300", slowlog_max_len="256")
    expect_reset(elasticache, ["slowlog-max-len"])

    result = run_module(main, args(), diff=True)

    assert (result["changed"], result["changes"]) == (True, ["slowlog-max-len"])
    assert result["parameters"] == {"maxmemory-policy": "allkeys-lru", "timeout": "300"}
    assert result["diff"]["before"]["parameters"]["slowlog-max-len"] == "256"


def test_purge_parameters_false_keeps_an_unlisted_user_parameter(run_module, elasticache):
    expect_existing(elasticache, maxmemory_policy="allkeys-lru", timeout="300", slowlog_max_len="256")

    result = run_module(main, args(purge_parameters=False))

    assert result["changed"] is False
    assert result["parameters"] == {"maxmemory-policy": "allkeys-lru", "slowlog-max-len": "256", "timeout": "300"}


def test_omitted_parameters_are_not_compared(run_module, elasticache):
    expect_existing(elasticache, timeout="300")

    result = run_module(main, dict(name=NAME))

    assert result["changed"] is False
    assert result["parameters"] == {"timeout": "300"}


def test_empty_parameters_reset_every_user_parameter(run_module, elasticache):
    expect_existing(elasticache, timeout="300", activedefrag="yes")
    expect_reset(elasticache, ["activedefrag", "timeout"])

    result = run_module(main, dict(name=NAME, parameters={}))

    assert (result["changed"], result["changes"], result["parameters"]) == (True, ["activedefrag", "timeout"], {})


def test_changes_and_resets_together_and_a_reboot_is_announced(run_module, elasticache, warnings):
    expect_existing(elasticache, timeout="300", databases="32")
    expect_modify(elasticache, {"notify-keyspace-events": "Ex"})
    expect_reset(elasticache, ["databases"])

    result = run_module(
        main, dict(name=NAME, parameters={"timeout": 300, "activedefrag": False, "notify-keyspace-events": "Ex"})
    )

    # activedefrag is "no" already, but as the default: the value is the same, nothing is sent for it.
    assert result["changes"] == ["databases", "notify-keyspace-events"]
    assert warnings == [
        f"databases of cache parameter group {NAME} take effect on the clusters using the group only after their"
        " nodes reboot."
    ]


def test_changes_go_in_batches_of_20(run_module, elasticache):
    expect_existing(elasticache, definitions=MANY, page_size=20, **{f"param_{index:02}": "1" for index in range(1, 23)})
    wanted = {f"param-{index:02}": 2 for index in range(1, 26)}
    expect_modify(elasticache, {f"param-{index:02}": "2" for index in range(1, 21)})
    expect_modify(elasticache, {f"param-{index:02}": "2" for index in range(21, 26)})

    result = run_module(main, dict(name=NAME, parameters=wanted))

    assert len(result["changes"]) == 25


def test_resets_go_in_batches_of_20(run_module, elasticache):
    expect_existing(elasticache, definitions=MANY, page_size=20, **{f"param_{index:02}": "1" for index in range(1, 24)})
    expect_reset(elasticache, [f"param-{index:02}" for index in range(2, 22)])
    expect_reset(elasticache, ["param-22", "param-23"])

    result = run_module(main, dict(name=NAME, parameters={"param-01": 1}))

    assert len(result["changes"]) == 22 and result["parameters"] == {"param-01": "1"}


def test_tags_are_added_changed_and_purged(run_module, elasticache):
    expect_existing(elasticache, timeout="300", tags={"Environment": "tiger", "Old": "x", "Keep": "1"})
    elasticache.add_response("remove_tags_from_resource", dict(TagList=[]), dict(ResourceName=ARN, TagKeys=["Old"]))
    elasticache.add_response(
        "add_tags_to_resource",
        dict(TagList=[]),
        dict(ResourceName=ARN, Tags=[dict(Key="Environment", Value="cheetah"), dict(Key="New", Value="2")]),
    )

    result = run_module(main, dict(name=NAME, tags={"Environment": "cheetah", "Keep": "1", "New": 2}))

    assert (result["changed"], result["changes"]) == (True, [])
    assert result["tags"] == {"Environment": "cheetah", "Keep": "1", "New": "2"}


def test_purge_tags_false_only_adds(run_module, elasticache):
    expect_existing(elasticache, tags={"Old": "x"})
    elasticache.add_response(
        "add_tags_to_resource", dict(TagList=[]), dict(ResourceName=ARN, Tags=[dict(Key="New", Value="2")])
    )

    result = run_module(main, dict(name=NAME, tags={"New": "2"}, purge_tags=False))

    assert result["tags"] == {"Old": "x", "New": "2"}


def test_check_mode_reports_changes_and_only_reads(run_module, elasticache):
    expect_existing(elasticache, timeout="300", slowlog_max_len="256", tags={"Old": "x"})

    result = run_module(main, args(tags={"New": "1"}), check_mode=True, diff=True)

    assert (result["changed"], result["changes"]) == (True, ["maxmemory-policy", "slowlog-max-len"])
    assert result["parameters"] == {"maxmemory-policy": "allkeys-lru", "timeout": "300"}
    assert result["tags"] == {"New": "1"}
    assert result["diff"]["before"]["parameters"] == {
        "maxmemory-policy": "volatile-lru",
        "slowlog-max-len": "256",
        "timeout": "300",
    }


def test_booleans_of_a_0_1_parameter_are_sent_as_1_and_0(run_module, elasticache):
    memcached = {"cas_disabled": ("0", "0,1", True, "requires-reboot")}
    expect_existing(elasticache, family="memcached1.6", definitions=memcached)
    expect_modify(elasticache, {"cas_disabled": "1"})

    result = run_module(main, dict(name=NAME, family="memcached1.6", parameters={"cas_disabled": True}))

    assert result["parameters"] == {"cas_disabled": "1"}


def test_a_different_description_is_kept_with_a_warning(run_module, elasticache, warnings):
    expect_existing(elasticache, description="Old words")

    result = run_module(main, dict(name=NAME, description="New words"))

    assert result["changed"] is False and result["parameter_group"]["description"] == "Old words"
    assert warnings == [
        f"ElastiCache cannot change the description of cache parameter group {NAME}: it stays 'Old words'."
    ]


# --- refusals -----------------------------------------------------------------------------------


def test_unknown_parameters_are_named_and_nothing_changes(run_module, elasticache):
    expect_existing(elasticache, timeout="300")

    result = run_module(main, args(parameters={"timeout": 600, "maxmemory-polcy": "allkeys-lru", "no-such": 1}))

    assert result["failed"] is True
    assert result["msg"] == (
        f"Cannot set the parameters of cache parameter group {NAME}: Family redis7 has no parameter maxmemory-polcy,"
        " no-such: check the spelling, and that the family's engine version has it."
    )


def test_a_parameter_that_cannot_be_modified_is_refused(run_module, elasticache):
    expect_existing(elasticache)

    result = run_module(main, args(parameters={"appendonly": "yes", "timeout": 300}))

    assert result["failed"] is True
    assert "ElastiCache does not allow to modify appendonly (IsModifiable is false)." in result["msg"]


def test_a_parameter_per_node_type_is_refused(run_module, elasticache):
    elasticache.add_response(
        "describe_cache_parameter_groups",
        dict(CacheParameterGroups=[described_group()]),
        {"CacheParameterGroupName": NAME},
    )
    node_type_specific = [
        dict(ParameterName="maxmemory", Source="system", IsModifiable=False, CacheNodeTypeSpecificValues=[]),
        dict(ParameterName="per-node", Source="system", IsModifiable=True, CacheNodeTypeSpecificValues=[]),
    ]
    elasticache.add_response(
        "describe_cache_parameters",
        dict(Parameters=parameters(), CacheNodeTypeSpecificParameters=node_type_specific),
        {"CacheParameterGroupName": NAME},
    )
    elasticache.add_response("list_tags_for_resource", dict(TagList=[]), {"ResourceName": ARN})

    result = run_module(main, dict(name=NAME, parameters={"maxmemory": 1, "per-node": 2}))

    assert result["failed"] is True
    assert "ElastiCache does not allow to modify maxmemory" in result["msg"]
    assert "per-node take a value per node type (CacheNodeTypeSpecificParameters)" in result["msg"]


def test_a_change_of_family_is_refused(run_module, elasticache):
    expect_existing(elasticache, family="redis6.x")

    result = run_module(main, args())

    assert result["failed"] is True
    assert result["msg"].startswith(
        f"Cache parameter group {NAME} has family redis6.x, not redis7: the family of a parameter group cannot change."
        " Create a group of family redis7 under a new name"
    )


@pytest.mark.parametrize(
    "name, message",
    [
        ("", "must be 1 to 255 characters long, not 0"),
        ("a" * 256, "must be 1 to 255 characters long, not 256"),
        ("1cache", "must start with a letter and contain only letters, digits and hyphens"),
        ("tiger_redis", "must start with a letter and contain only letters, digits and hyphens"),
        ("tiger-", "must not end with a hyphen or contain two hyphens in a row"),
        ("tiger--redis", "must not end with a hyphen or contain two hyphens in a row"),
    ],
)
def test_invalid_names_fail_before_any_call(run_module, elasticache, name, message):
    result = run_module(main, args(name=name))

    assert result["failed"] is True
    assert result["msg"] == f"name {name!r} {message}."


def test_a_parameter_without_a_value_fails_before_any_call(run_module, elasticache):
    result = run_module(main, args(parameters={"timeout": None, "databases": [1]}))

    assert result["failed"] is True
    assert result["msg"].startswith("parameters databases, timeout must have a string, number or boolean value.")


@pytest.mark.parametrize("state", ["present", "absent"])
def test_a_default_group_is_refused_before_any_call(run_module, elasticache, state):
    result = run_module(main, dict(name="default.redis7", state=state))

    assert result["failed"] is True
    assert result["msg"].startswith("default.redis7 is a default parameter group of ElastiCache")


def test_an_aws_error_is_reported(run_module, elasticache):
    expect_existing(elasticache)
    elasticache.add_client_error(
        "modify_cache_parameter_group",
        service_error_code="InvalidParameterValue",
        service_message="Invalid value 7 for parameter timeout",
        http_status_code=400,
    )

    result = run_module(main, args(parameters={"timeout": 7}))

    assert result["failed"] is True
    assert result["msg"].startswith(f"Failed to modify cache parameter group {NAME}")


def test_throttled_calls_are_retried(run_module, elasticache, sleeps):
    elasticache.add_client_error(
        "describe_cache_parameter_groups", service_error_code="Throttling", http_status_code=400
    )
    expect_existing(elasticache, maxmemory_policy="allkeys-lru", timeout="300")

    result = run_module(main, args())

    assert result["changed"] is False
    assert len(sleeps) == 1


# --- absent -------------------------------------------------------------------------------------


def test_absent_deletes_the_group(run_module, elasticache):
    expect_existing(elasticache, timeout="300", tags={"a": "1"})
    elasticache.add_response("delete_cache_parameter_group", {}, {"CacheParameterGroupName": NAME})

    result = run_module(main, dict(name=NAME, state="absent"), diff=True)

    assert result["changed"] is True
    assert (result["parameter_group"], result["parameters"], result["tags"], result["changes"]) == ({}, {}, {}, [])
    assert result["diff"]["before"]["parameters"] == {"timeout": "300"}
    assert result["diff"]["after"] == {}


def test_absent_in_check_mode_deletes_nothing(run_module, elasticache):
    expect_existing(elasticache)

    result = run_module(main, dict(name=NAME, state="absent"), check_mode=True)

    assert result["changed"] is True


def test_absent_when_there_is_no_group_changes_nothing(run_module, elasticache):
    expect_missing(elasticache)

    result = run_module(main, dict(name=NAME, state="absent"))

    assert result["changed"] is False


def test_a_group_in_use_is_not_deleted(run_module, elasticache):
    expect_existing(elasticache)
    elasticache.add_client_error(
        "delete_cache_parameter_group",
        service_error_code="InvalidCacheParameterGroupState",
        service_message="Cache parameter group is in use",
        http_status_code=400,
    )

    result = run_module(main, dict(name=NAME, state="absent"))

    assert result["failed"] is True
    assert "must be moved to another parameter group first" in result["msg"]
