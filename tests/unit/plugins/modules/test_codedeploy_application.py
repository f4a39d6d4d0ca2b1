"""Unit tests of seed.aws_platform.codedeploy_application.

moto (in-process) backs creating, describing and tagging applications. moto 5.2.1 does not implement
DeleteApplication (NotImplementedError), so botocore's Stubber backs the deletions and the failures, and asserts the
exact requests.
"""

import boto3
import pytest

from ansible_collections.seed.aws_platform.plugins.modules.codedeploy_application import main

REGION = "us-east-1"
ACCOUNT = "123456789012"
NAME = "orders"
ARN = f"arn:aws:codedeploy:{REGION}:{ACCOUNT}:application:{NAME}"
READS = ("GetApplication", "ListTagsForResource", "GetCallerIdentity")


@pytest.fixture
def codedeploy(aws):
    return boto3.client("codedeploy", region_name=REGION)


def changes_made(calls):
    return [call for call in calls if call[0] not in READS]


def stored(codedeploy):
    return codedeploy.get_application(applicationName=NAME)["application"]


def stored_tags(codedeploy):
    return {tag["Key"]: tag["Value"] for tag in codedeploy.list_tags_for_resource(ResourceArn=ARN)["Tags"]}


def exists(codedeploy):
    try:
        stored(codedeploy)
    except codedeploy.exceptions.ApplicationDoesNotExistException:
        return False
    return True


def create(codedeploy, platform="ECS", **tags):
    codedeploy.create_application(
        applicationName=NAME, computePlatform=platform, tags=[dict(Key=key, Value=value) for key, value in tags.items()]
    )


# --- moto ---------------------------------------------------------------------------------------


def test_creates_the_application_with_its_tags(run_module, codedeploy, api_calls):
    result = run_module(main, dict(name=NAME, tags={"Environment": "production", "CostCenter": 1234}), diff=True)

    assert result["changed"] is True
    application = result["application"]
    assert application["application_id"] == stored(codedeploy)["applicationId"]
    assert (application["application_name"], application["compute_platform"]) == (NAME, "ECS")
    assert application["tags"] == stored_tags(codedeploy) == {"Environment": "production", "CostCenter": "1234"}
    assert isinstance(application["create_time"], str)
    assert stored(codedeploy)["computePlatform"] == "ECS"
    assert changes_made(api_calls) == [
        (
            "CreateApplication",
            dict(
                applicationName=NAME,
                computePlatform="ECS",
                tags=[dict(Key="Environment", Value="production"), dict(Key="CostCenter", Value="1234")],
            ),
        )
    ]
    assert result["diff"] == dict(before=dict(application={}), after=dict(application=application))


def test_creates_a_server_application_without_tags(run_module, codedeploy, api_calls):
    result = run_module(main, dict(name="legacy.app_1", compute_platform="Server"))

    assert result["changed"] is True
    assert result["application"]["tags"] == {}
    assert codedeploy.get_application(applicationName="legacy.app_1")["application"]["computePlatform"] == "Server"
    assert changes_made(api_calls) == [
        ("CreateApplication", dict(applicationName="legacy.app_1", computePlatform="Server"))
    ]


def test_second_run_changes_nothing(run_module, codedeploy, api_calls):
    args = dict(name=NAME, tags={"Environment": "production"})
    first = run_module(main, args)
    api_calls.clear()

    second = run_module(main, args, diff=True)

    assert second["changed"] is False
    assert second["application"] == first["application"]
    assert second["diff"]["before"] == second["diff"]["after"]
    assert changes_made(api_calls) == []
    assert stored_tags(codedeploy) == {"Environment": "production"}


def test_check_mode_reports_the_creation_and_creates_nothing(run_module, codedeploy, api_calls):
    result = run_module(main, dict(name=NAME, tags={"a": 1}), check_mode=True, diff=True)

    assert result["changed"] is True
    assert result["application"] == dict(application_name=NAME, compute_platform="ECS", tags={"a": "1"})
    assert result["diff"]["before"] == dict(application={})
    assert not exists(codedeploy)
    assert changes_made(api_calls) == []


def test_check_mode_on_a_converged_application_changes_nothing(run_module, codedeploy, api_calls):
    create(codedeploy, Environment="production")

    result = run_module(main, dict(name=NAME, tags={"Environment": "production"}), check_mode=True)

    assert result["changed"] is False
    assert result["application"]["tags"] == {"Environment": "production"}
    assert changes_made(api_calls) == []


def test_tags_are_added_changed_and_purged(run_module, codedeploy, api_calls):
    create(codedeploy, keep="1", drop="2", change="old")

    result = run_module(main, dict(name=NAME, tags={"keep": "1", "change": "new", "add": "3"}), diff=True)

    assert result["changed"] is True
    assert result["application"]["tags"] == stored_tags(codedeploy) == {"keep": "1", "change": "new", "add": "3"}
    assert changes_made(api_calls) == [
        ("UntagResource", dict(ResourceArn=ARN, TagKeys=["drop"])),
        ("TagResource", dict(ResourceArn=ARN, Tags=[dict(Key="add", Value="3"), dict(Key="change", Value="new")])),
    ]
    assert result["diff"]["before"]["application"]["tags"] == {"keep": "1", "drop": "2", "change": "old"}


def test_purge_tags_false_only_adds_and_omitted_tags_are_left_alone(run_module, codedeploy):
    create(codedeploy, keep="1")

    added = run_module(main, dict(name=NAME, tags={"add": "2"}, purge_tags=False))
    untouched = run_module(main, dict(name=NAME))

    assert added["changed"] is True and untouched["changed"] is False
    assert untouched["application"]["tags"] == stored_tags(codedeploy) == {"keep": "1", "add": "2"}


def test_check_mode_reports_tag_changes_and_changes_nothing(run_module, codedeploy, api_calls):
    create(codedeploy, drop="1")

    result = run_module(main, dict(name=NAME, tags={"add": "2"}), check_mode=True)

    assert result["changed"] is True
    assert result["application"]["tags"] == {"add": "2"}
    assert stored_tags(codedeploy) == {"drop": "1"}
    assert changes_made(api_calls) == []


@pytest.mark.parametrize("check_mode", [False, True])
def test_another_compute_platform_is_refused(run_module, codedeploy, api_calls, check_mode):
    create(codedeploy, platform="Server")

    result = run_module(main, dict(name=NAME, compute_platform="ECS", tags={"a": "1"}), check_mode=check_mode)

    assert result["failed"] is True
    assert result["msg"].startswith(
        "CodeDeploy application orders has compute platform Server, not ECS, and AWS cannot change the compute"
        " platform of an application. Delete it (state=absent)"
    )
    assert "compute_platform=ECS" in result["msg"]
    assert result["application"]["compute_platform"] == "Server"
    assert stored(codedeploy)["computePlatform"] == "Server" and stored_tags(codedeploy) == {}
    assert changes_made(api_calls) == []


def test_absent_when_nothing_exists_changes_nothing(run_module, codedeploy, api_calls):
    result = run_module(main, dict(name=NAME, state="absent"), diff=True)

    assert result["changed"] is False and result["application"] == {}
    assert result["diff"] == dict(before=dict(application={}), after=dict(application={}))
    assert changes_made(api_calls) == []


def test_absent_in_check_mode_deletes_nothing(run_module, codedeploy, api_calls):
    create(codedeploy)

    result = run_module(main, dict(name=NAME, state="absent"), check_mode=True)

    assert result["changed"] is True and result["application"] == {}
    assert exists(codedeploy)
    assert changes_made(api_calls) == []


def test_the_platform_of_an_application_to_delete_is_not_compared(run_module, codedeploy, api_calls):
    create(codedeploy, platform="Lambda")

    result = run_module(main, dict(name=NAME, state="absent"), check_mode=True)

    assert result["changed"] is True


@pytest.mark.parametrize("name", ["", "orders/blue", "x" * 101, "orders app"])
def test_invalid_names_fail_before_any_call(run_module, api_calls, name):
    result = run_module(main, dict(name=name))

    assert result["failed"] is True
    assert result["msg"] == (
        f"name {name!r} is not a valid CodeDeploy application name: it must be 1 to 100 letters, digits and"
        " characters among . _ + = , @ -."
    )
    assert api_calls == []


def test_an_unknown_compute_platform_is_refused(run_module, api_calls):
    result = run_module(main, dict(name=NAME, compute_platform="EC2"))

    assert result["failed"] is True
    assert "compute_platform" in result["msg"] and "ECS, Server, Lambda" in result["msg"]
    assert api_calls == []


# --- Stubber ------------------------------------------------------------------------------------


def application(platform="ECS"):
    """An application as GetApplication answers it."""
    return dict(
        applicationId="2f2c8d5e-95f6-4b5c-9a5f-5d8c7b6a1e0f",
        applicationName=NAME,
        createTime="2024-05-02T09:41:12Z",
        linkedToGitHub=False,
        computePlatform=platform,
    )


def expect_existing(codedeploy, sts, tags=None, platform="ECS"):
    codedeploy.add_response("get_application", dict(application=application(platform)), dict(applicationName=NAME))
    sts.add_response(
        "get_caller_identity", dict(UserId="AIDAEXAMPLE", Account=ACCOUNT, Arn=f"arn:aws:iam::{ACCOUNT}:user/ansible")
    )
    codedeploy.add_response(
        "list_tags_for_resource",
        dict(Tags=[dict(Key=key, Value=value) for key, value in (tags or {}).items()]),
        dict(ResourceArn=ARN),
    )


def expect_missing(codedeploy):
    codedeploy.add_client_error(
        "get_application",
        service_error_code="ApplicationDoesNotExistException",
        service_message=f"No application found for name: {NAME}",
        expected_params=dict(applicationName=NAME),
    )


def test_absent_deletes_the_application(run_module, stubbed):
    codedeploy, sts = stubbed("codedeploy"), stubbed("sts")
    expect_existing(codedeploy, sts, tags={"Environment": "production"}, platform="Server")
    codedeploy.add_response("delete_application", {}, dict(applicationName=NAME))

    result = run_module(main, dict(name=NAME, state="absent"), diff=True)

    assert result["changed"] is True and result["application"] == {}
    before = result["diff"]["before"]["application"]
    assert before["linked_to_git_hub"] is False and before["tags"] == {"Environment": "production"}
    assert result["diff"]["after"] == dict(application={})


def test_a_failed_deletion_is_reported(run_module, stubbed):
    codedeploy, sts = stubbed("codedeploy"), stubbed("sts")
    expect_existing(codedeploy, sts)
    codedeploy.add_client_error(
        "delete_application", service_error_code="InvalidRoleException", service_message="Access denied."
    )

    result = run_module(main, dict(name=NAME, state="absent"))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to delete CodeDeploy application orders")
    assert result["error"]["code"] == "InvalidRoleException"


def test_a_failed_creation_is_reported(run_module, stubbed):
    codedeploy = stubbed("codedeploy")
    expect_missing(codedeploy)
    codedeploy.add_client_error(
        "create_application",
        service_error_code="ApplicationLimitExceededException",
        service_message="More applications were attempted to be created than are allowed.",
    )

    result = run_module(main, dict(name=NAME))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to create CodeDeploy application orders")
    assert result["error"]["code"] == "ApplicationLimitExceededException"


def test_a_failed_lookup_is_reported(run_module, stubbed):
    codedeploy = stubbed("codedeploy")
    codedeploy.add_client_error("get_application", service_error_code="AccessDeniedException", http_status_code=403)

    result = run_module(main, dict(name=NAME, state="absent"))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to describe CodeDeploy application orders")


def test_the_tag_arn_uses_the_partition_of_the_account(run_module, stubbed):
    codedeploy, sts = stubbed("codedeploy"), stubbed("sts")
    codedeploy.add_response("get_application", dict(application=application()), dict(applicationName=NAME))
    sts.add_response(
        "get_caller_identity",
        dict(UserId="AIDAEXAMPLE", Account=ACCOUNT, Arn=f"arn:aws-cn:iam::{ACCOUNT}:user/ansible"),
    )
    arn = f"arn:aws-cn:codedeploy:{REGION}:{ACCOUNT}:application:{NAME}"
    codedeploy.add_response("list_tags_for_resource", dict(Tags=[]), dict(ResourceArn=arn))
    codedeploy.add_response("tag_resource", {}, dict(ResourceArn=arn, Tags=[dict(Key="a", Value="1")]))

    result = run_module(main, dict(name=NAME, tags={"a": "1"}))

    assert result["changed"] is True and result["application"]["tags"] == {"a": "1"}
