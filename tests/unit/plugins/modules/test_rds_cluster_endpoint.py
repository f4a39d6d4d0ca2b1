"""Unit tests of seed.aws_platform.rds_cluster_endpoint.

moto (in-process) has no custom cluster endpoints (the emulator's extension rds_cluster_endpoints does, but
in-process tests do not get extensions), so botocore's Stubber scripts every RDS answer, as AWS gives them:
``creating`` and ``modifying`` before ``available``, an unknown identifier described as an empty list.
"""

import pytest

from ansible_collections.seed.aws_platform.plugins.modules import rds_cluster_endpoint
from ansible_collections.seed.aws_platform.plugins.modules.rds_cluster_endpoint import main

ARN = "arn:aws:rds:us-east-1:123456789012:cluster-endpoint:reporting"
ADDRESS = "reporting.cluster-custom-c1a2b3c4d5e6.us-east-1.rds.amazonaws.com"
BASE_ARGS = dict(db_cluster_endpoint_identifier="reporting", db_cluster_identifier="orders")


def endpoint(status="available", custom_type="READER", static=(), excluded=(), cluster="orders"):
    """A custom endpoint as DescribeDBClusterEndpoints answers it."""
    return dict(
        DBClusterEndpointIdentifier="reporting",
        DBClusterIdentifier=cluster,
        DBClusterEndpointResourceIdentifier="cluster-endpoint-ANPAJ4AE5446DAEXAMPLE",
        Endpoint=ADDRESS,
        Status=status,
        EndpointType="CUSTOM",
        CustomEndpointType=custom_type,
        StaticMembers=list(static),
        ExcludedMembers=list(excluded),
        DBClusterEndpointArn=ARN,
    )


def tag_list(tags):
    return [dict(Key=key, Value=value) for key, value in tags.items()]


@pytest.fixture
def rds(stubbed):
    return stubbed("rds")


@pytest.fixture
def sleeps(monkeypatch):
    """The waits of the module, recorded instead of slept."""
    recorded = []
    monkeypatch.setattr(rds_cluster_endpoint.time, "sleep", recorded.append)
    return recorded


def describe(rds, *found):
    """DescribeDBClusterEndpoints of "reporting" answers ``found`` (none: AWS's answer for an unknown identifier)."""
    rds.add_response(
        "describe_db_cluster_endpoints",
        dict(DBClusterEndpoints=list(found)),
        dict(DBClusterEndpointIdentifier="reporting"),
    )


def existing(rds, tags=None, **attributes):
    """The module's first look: the endpoint and its tags."""
    describe(rds, endpoint(**attributes))
    rds.add_response("list_tags_for_resource", dict(TagList=tag_list(tags or {})), dict(ResourceName=ARN))


# --- create -------------------------------------------------------------------------------------


def test_creates_the_endpoint_with_members_and_tags_and_waits_until_available(run_module, rds, sleeps):
    describe(rds)
    rds.add_response(
        "create_db_cluster_endpoint",
        endpoint("creating", static=["orders-2", "orders-3"]),
        dict(
            DBClusterEndpointIdentifier="reporting",
            DBClusterIdentifier="orders",
            EndpointType="READER",
            StaticMembers=["orders-2", "orders-3"],
            Tags=[dict(Key="Environment", Value="prod"), dict(Key="CostCenter", Value="1234")],
        ),
    )
    describe(rds, endpoint("creating", static=["orders-2", "orders-3"]))
    describe(rds, endpoint(static=["orders-2", "orders-3"]))

    result = run_module(
        main,
        dict(
            db_cluster_endpoint_identifier="Reporting",
            db_cluster_identifier="Orders",
            static_members=["orders-3", "ORDERS-2", "orders-3"],
            tags={"Environment": "prod", "CostCenter": 1234},
        ),
    )

    assert result["changed"] is True
    assert result["endpoint"] == dict(
        db_cluster_endpoint_identifier="reporting",
        db_cluster_identifier="orders",
        db_cluster_endpoint_resource_identifier="cluster-endpoint-ANPAJ4AE5446DAEXAMPLE",
        endpoint=ADDRESS,
        status="available",
        endpoint_type="CUSTOM",
        custom_endpoint_type="READER",
        static_members=["orders-2", "orders-3"],
        excluded_members=[],
        db_cluster_endpoint_arn=ARN,
        tags={"Environment": "prod", "CostCenter": "1234"},
    )
    assert sleeps == [rds_cluster_endpoint.WAIT_DELAY]


def test_without_wait_the_creating_endpoint_is_returned(run_module, rds, sleeps):
    describe(rds)
    rds.add_response(
        "create_db_cluster_endpoint",
        endpoint("creating", custom_type="ANY"),
        dict(DBClusterEndpointIdentifier="reporting", DBClusterIdentifier="orders", EndpointType="ANY"),
    )

    result = run_module(main, dict(BASE_ARGS, endpoint_type="ANY", static_members=[], wait=False))

    assert result["changed"] is True
    assert (result["endpoint"]["status"], result["endpoint"]["tags"]) == ("creating", {})
    assert sleeps == []


def test_a_failed_creation_is_reported(run_module, rds):
    describe(rds)
    rds.add_client_error(
        "create_db_cluster_endpoint",
        service_error_code="DBClusterNotFoundFault",
        service_message="DBCluster orders not found.",
    )

    result = run_module(main, BASE_ARGS)

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to create cluster endpoint reporting")
    assert result["error"]["code"] == "DBClusterNotFoundFault"


def test_check_mode_reports_creation_and_creates_nothing(run_module, rds):
    describe(rds)

    result = run_module(main, dict(BASE_ARGS, excluded_members=["orders-1"], tags={"a": 1}), check_mode=True)

    assert result["changed"] is True
    assert result["endpoint"] == dict(
        db_cluster_endpoint_identifier="reporting",
        db_cluster_identifier="orders",
        endpoint_type="CUSTOM",
        custom_endpoint_type="READER",
        static_members=[],
        excluded_members=["orders-1"],
        tags={"a": "1"},
    )


# --- idempotence and changes in place ---------------------------------------------------------------------


def test_second_run_changes_nothing(run_module, rds):
    existing(rds, tags={"Environment": "prod"}, static=["orders-3", "orders-2"])

    result = run_module(
        main, dict(BASE_ARGS, static_members=["orders-2", "orders-3"], tags={"Environment": "prod"}), diff=True
    )

    assert result["changed"] is False
    assert result["endpoint"]["static_members"] == ["orders-3", "orders-2"]
    assert result["diff"]["before"] == result["diff"]["after"]


def test_members_left_out_are_neither_compared_nor_sent(run_module, rds):
    existing(rds, static=["orders-2"], excluded=[])

    result = run_module(main, BASE_ARGS)

    assert result["changed"] is False
    assert result["endpoint"]["static_members"] == ["orders-2"]


def test_type_and_members_are_modified_in_place(run_module, rds, sleeps):
    existing(rds, static=["orders-2"])
    rds.add_response(
        "modify_db_cluster_endpoint",
        endpoint("modifying", custom_type="ANY", excluded=["orders-1"]),
        dict(
            DBClusterEndpointIdentifier="reporting", EndpointType="ANY", StaticMembers=[], ExcludedMembers=["orders-1"]
        ),
    )
    describe(rds, endpoint(custom_type="ANY", excluded=["orders-1"]))

    result = run_module(
        main, dict(BASE_ARGS, endpoint_type="ANY", static_members=[], excluded_members=["orders-1"]), diff=True
    )

    assert result["changed"] is True
    assert (result["endpoint"]["status"], result["endpoint"]["custom_endpoint_type"]) == ("available", "ANY")
    assert (result["endpoint"]["static_members"], result["endpoint"]["excluded_members"]) == ([], ["orders-1"])
    assert result["endpoint"]["endpoint"] == ADDRESS
    assert result["diff"]["before"]["endpoint"]["static_members"] == ["orders-2"]
    assert sleeps == []


def test_only_the_members_that_differ_are_sent(run_module, rds):
    existing(rds, custom_type="ANY", static=["orders-2"])
    rds.add_response(
        "modify_db_cluster_endpoint",
        endpoint("modifying", custom_type="ANY", static=["orders-2", "orders-3"]),
        dict(DBClusterEndpointIdentifier="reporting", StaticMembers=["orders-2", "orders-3"]),
    )

    result = run_module(main, dict(BASE_ARGS, endpoint_type="ANY", static_members=["orders-2", "orders-3"], wait=False))

    assert result["changed"] is True
    assert result["endpoint"]["status"] == "modifying"


def test_an_endpoint_that_is_not_available_is_waited_for_before_a_change(run_module, rds, sleeps):
    existing(rds, status="creating")
    describe(rds, endpoint("modifying"))
    describe(rds, endpoint())
    rds.add_response(
        "modify_db_cluster_endpoint",
        endpoint("modifying", custom_type="ANY"),
        dict(DBClusterEndpointIdentifier="reporting", EndpointType="ANY"),
    )
    describe(rds, endpoint(custom_type="ANY"))

    result = run_module(main, dict(BASE_ARGS, endpoint_type="ANY"))

    assert result["changed"] is True
    assert result["endpoint"]["custom_endpoint_type"] == "ANY"
    assert sleeps == [rds_cluster_endpoint.WAIT_DELAY]


def test_check_mode_reports_a_modification_and_changes_nothing(run_module, rds):
    existing(rds, static=["orders-2"])

    result = run_module(main, dict(BASE_ARGS, endpoint_type="ANY", static_members=["orders-3"]), check_mode=True)

    assert result["changed"] is True
    assert (result["endpoint"]["custom_endpoint_type"], result["endpoint"]["static_members"]) == ("ANY", ["orders-3"])


def test_an_endpoint_is_not_moved_to_another_cluster(run_module, rds):
    existing(rds, cluster="billing")

    result = run_module(main, dict(BASE_ARGS, endpoint_type="ANY"))

    assert result["failed"] is True
    assert "belongs to cluster billing, not orders" in result["msg"]
    assert "cannot be moved" in result["msg"]
    assert result["endpoint"]["db_cluster_identifier"] == "billing"


def test_a_modification_timing_out_is_reported(run_module, rds, sleeps):
    existing(rds)
    rds.add_response(
        "modify_db_cluster_endpoint",
        endpoint("modifying", custom_type="ANY"),
        dict(DBClusterEndpointIdentifier="reporting", EndpointType="ANY"),
    )
    for _poll in range(3):
        describe(rds, endpoint("modifying", custom_type="ANY"))

    result = run_module(main, dict(BASE_ARGS, endpoint_type="ANY", wait_timeout=15))

    assert result["failed"] is True
    assert "Timed out after 15 seconds" in result["msg"] and "its status is modifying" in result["msg"]
    assert sleeps == [rds_cluster_endpoint.WAIT_DELAY] * 2


# --- tags ---------------------------------------------------------------------------------------


def test_tags_are_added_and_purged(run_module, rds):
    existing(rds, tags={"Environment": "dev", "Old": "x"})
    rds.add_response("remove_tags_from_resource", {}, dict(ResourceName=ARN, TagKeys=["Old"]))
    rds.add_response(
        "add_tags_to_resource",
        {},
        dict(ResourceName=ARN, Tags=[dict(Key="CostCenter", Value="1234"), dict(Key="Environment", Value="prod")]),
    )

    result = run_module(main, dict(BASE_ARGS, tags={"Environment": "prod", "CostCenter": 1234}))

    assert result["changed"] is True
    assert result["endpoint"]["tags"] == {"Environment": "prod", "CostCenter": "1234"}


def test_tags_are_kept_without_purge_tags(run_module, rds):
    existing(rds, tags={"Old": "x"})
    rds.add_response("add_tags_to_resource", {}, dict(ResourceName=ARN, Tags=[dict(Key="New", Value="y")]))

    result = run_module(main, dict(BASE_ARGS, tags={"New": "y"}, purge_tags=False))

    assert result["changed"] is True
    assert result["endpoint"]["tags"] == {"Old": "x", "New": "y"}


def test_tags_left_out_are_left_alone(run_module, rds):
    existing(rds, tags={"Old": "x"})

    result = run_module(main, BASE_ARGS)

    assert result["changed"] is False
    assert result["endpoint"]["tags"] == {"Old": "x"}


def test_check_mode_reports_tag_changes_and_makes_none(run_module, rds):
    existing(rds, tags={"Old": "x"})

    result = run_module(main, dict(BASE_ARGS, tags={}), check_mode=True)

    assert result["changed"] is True
    assert result["endpoint"]["tags"] == {}


# --- delete -------------------------------------------------------------------------------------


def test_deletes_the_endpoint_and_waits_until_it_is_gone(run_module, rds, sleeps):
    existing(rds)
    rds.add_response("delete_db_cluster_endpoint", endpoint("deleting"), dict(DBClusterEndpointIdentifier="reporting"))
    describe(rds, endpoint("deleting"))
    describe(rds)

    result = run_module(main, dict(db_cluster_endpoint_identifier="reporting", state="absent"), diff=True)

    assert result["changed"] is True
    assert result["endpoint"] == {}
    assert result["diff"]["before"]["endpoint"]["db_cluster_endpoint_arn"] == ARN
    assert sleeps == [rds_cluster_endpoint.WAIT_DELAY]


def test_deleting_a_missing_endpoint_changes_nothing(run_module, rds):
    describe(rds)

    result = run_module(main, dict(endpoint_identifier="reporting", state="absent"))

    assert (result["changed"], result["endpoint"]) == (False, {})


def test_an_endpoint_deleted_meanwhile_is_taken_as_deleted(run_module, rds):
    existing(rds)
    rds.add_client_error("delete_db_cluster_endpoint", service_error_code="DBClusterEndpointNotFoundFault")

    result = run_module(main, dict(db_cluster_endpoint_identifier="reporting", state="absent"))

    assert (result["failed"], result["changed"]) == (False, False)


def test_check_mode_reports_deletion_and_deletes_nothing(run_module, rds):
    existing(rds)

    result = run_module(main, dict(db_cluster_endpoint_identifier="reporting", state="absent"), check_mode=True)

    assert result["changed"] is True


def test_the_endpoint_of_another_cluster_is_not_deleted(run_module, rds):
    existing(rds, cluster="billing")

    result = run_module(main, dict(BASE_ARGS, state="absent"))

    assert result["failed"] is True
    assert "belongs to cluster billing" in result["msg"]


def test_an_endpoint_being_deleted_is_waited_for_and_created_again(run_module, rds, sleeps):
    existing(rds, status="deleting")
    describe(rds)
    rds.add_response(
        "create_db_cluster_endpoint",
        endpoint("creating"),
        dict(DBClusterEndpointIdentifier="reporting", DBClusterIdentifier="orders", EndpointType="READER"),
    )

    result = run_module(main, dict(BASE_ARGS, wait=False))

    assert result["changed"] is True
    assert result["endpoint"]["status"] == "creating"
    assert sleeps == []


# --- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (dict(db_cluster_endpoint_identifier="1st"), "is not valid"),
        (dict(db_cluster_endpoint_identifier="two--hyphens"), "is not valid"),
        (dict(db_cluster_endpoint_identifier="trailing-"), "is not valid"),
        (dict(db_cluster_endpoint_identifier="under_score"), "is not valid"),
        (dict(db_cluster_endpoint_identifier="x" * 64), "is not valid"),
        (dict(static_members=["orders-2"], excluded_members=["orders-1"]), "cannot both list instances"),
        (dict(static_members=[""]), "cannot contain empty instance identifiers"),
        (dict(wait_timeout=0), "wait_timeout must be at least 1 second"),
        (
            dict(db_cluster_identifier=None),
            "state is present but all of the following are missing: db_cluster_identifier",
        ),
        (dict(endpoint_type="WRITER"), "value of endpoint_type must be one of: READER, ANY"),
    ],
)
def test_invalid_parameters_fail_before_any_call(run_module, rds, args, message):
    result = run_module(main, {key: value for key, value in dict(BASE_ARGS, **args).items() if value is not None})

    assert result["failed"] is True
    assert message in result["msg"]


def test_the_longest_identifier_is_valid(run_module, rds):
    rds.add_response(
        "describe_db_cluster_endpoints", dict(DBClusterEndpoints=[]), dict(DBClusterEndpointIdentifier="x" * 63)
    )

    result = run_module(main, dict(db_cluster_endpoint_identifier="X" * 63, state="absent"))

    assert (result["failed"], result["changed"]) == (False, False)


def test_throttling_is_retried(run_module, rds, monkeypatch):
    recorded = []
    monkeypatch.setattr("ansible_collections.amazon.aws.plugins.module_utils.cloud.time.sleep", recorded.append)
    rds.add_client_error("describe_db_cluster_endpoints", service_error_code="Throttling", http_status_code=400)
    describe(rds)

    result = run_module(main, dict(db_cluster_endpoint_identifier="reporting", state="absent"))

    assert (result["failed"], result["changed"]) == (False, False)
    assert len(recorded) == 1
