"""Unit tests of seed.aws_platform.iam_service_linked_role.

moto (in-process) backs creating, listing, describing and deleting service-linked roles. moto 5.2.1 spells
AWS Config's role ``AWSServiceRoleForconfig`` (AWS: ``AWSServiceRoleForConfig``; the emulator's extension
iam_service_linked_role_names fixes it, in-process tests do not get it), answers a second creation with
EntityAlreadyExists (AWS: InvalidInput "... has been taken ...") and reports every deletion SUCCEEDED at once.
botocore's Stubber backs the rest: failed and slow deletions, the name-taken race and paginated listings.
"""

import datetime
import json

import pytest

from ansible_collections.seed.aws_platform.plugins.modules.iam_service_linked_role import main

CONFIG = "config.amazonaws.com"
CONFIG_PATH = f"/aws-service-role/{CONFIG}/"
MOTO_CONFIG_ROLE = "AWSServiceRoleForconfig"
AUTOSCALING = "autoscaling.amazonaws.com"


def roles(iam, path=CONFIG_PATH):
    return sorted(role["RoleName"] for role in iam.list_roles(PathPrefix=path)["Roles"])


def stored_description(iam, role_name=MOTO_CONFIG_ROLE):
    return iam.get_role(RoleName=role_name)["Role"].get("Description", "")


# --- moto ---------------------------------------------------------------------------------------


def test_creates_aws_configs_role(run_module, iam):
    result = run_module(main, dict(aws_service_name=CONFIG))

    assert result["changed"] is True
    role = result["iam_role"]
    assert role["role_name"] == MOTO_CONFIG_ROLE
    assert role["arn"] == f"arn:aws:iam::123456789012:role{CONFIG_PATH}{MOTO_CONFIG_ROLE}"
    assert role["path"] == CONFIG_PATH
    assert role["description"] == ""
    assert role["assume_role_policy_document"]["Statement"][0]["Principal"] == {"Service": [CONFIG]}
    assert datetime.datetime.fromisoformat(role["create_date"]).year >= 2024
    assert roles(iam) == [MOTO_CONFIG_ROLE]


def test_second_run_changes_nothing(run_module, iam):
    first = run_module(main, dict(aws_service_name=CONFIG, description="Config"))

    second = run_module(main, dict(aws_service_name=CONFIG, description="Config"))

    assert second["changed"] is False
    assert second["iam_role"] == first["iam_role"]
    assert roles(iam) == [MOTO_CONFIG_ROLE]


def test_check_mode_reports_creation_and_creates_nothing(run_module, iam):
    result = run_module(main, dict(aws_service_name=CONFIG, description="Config"), check_mode=True)

    assert result["changed"] is True
    assert result["iam_role"] == dict(path=CONFIG_PATH, description="Config")
    assert roles(iam) == []


def test_only_the_description_of_an_existing_role_is_changed(run_module, iam):
    created = run_module(main, dict(aws_service_name=CONFIG, description="old"))

    checked = run_module(main, dict(aws_service_name=CONFIG, description="new"), check_mode=True)
    assert checked["changed"] is True
    assert stored_description(iam) == "old"

    result = run_module(main, dict(aws_service_name=CONFIG, description="new"))

    assert result["changed"] is True
    assert result["iam_role"] == dict(created["iam_role"], description="new")
    assert stored_description(iam) == "new"


def test_omitted_description_is_left_alone(run_module, iam):
    run_module(main, dict(aws_service_name=CONFIG, description="kept"))

    result = run_module(main, dict(aws_service_name=CONFIG))

    assert result["changed"] is False
    assert result["iam_role"]["description"] == "kept"
    assert stored_description(iam) == "kept"


def test_custom_suffix_tells_roles_of_one_service_apart(run_module, iam):
    path = f"/aws-service-role/{AUTOSCALING}/"
    plain = run_module(main, dict(aws_service_name=AUTOSCALING))
    suffixed = run_module(main, dict(aws_service_name=AUTOSCALING, custom_suffix="batch"))

    again_plain = run_module(main, dict(aws_service_name=AUTOSCALING))
    again_suffixed = run_module(main, dict(aws_service_name=AUTOSCALING, custom_suffix="batch"))
    deleted = run_module(main, dict(aws_service_name=AUTOSCALING, custom_suffix="batch", state="absent"))

    assert (plain["changed"], suffixed["changed"]) == (True, True)
    assert suffixed["iam_role"]["role_name"] == "AWSServiceRoleForAutoScaling_batch"
    assert again_plain == dict(plain, changed=False)
    assert again_suffixed == dict(suffixed, changed=False)
    assert deleted["changed"] is True
    assert roles(iam, path) == ["AWSServiceRoleForAutoScaling"]


def test_absent_deletes_the_role_and_waits(run_module, iam):
    run_module(main, dict(aws_service_name=CONFIG))

    result = run_module(main, dict(aws_service_name=CONFIG, state="absent"))

    assert result == dict(changed=True, iam_role={}, failed=False)
    assert roles(iam) == []


def test_absent_when_missing_changes_nothing(run_module, iam):
    result = run_module(main, dict(aws_service_name=CONFIG, state="absent"))

    assert result == dict(changed=False, iam_role={}, failed=False)


def test_absent_in_check_mode_deletes_nothing(run_module, iam):
    run_module(main, dict(aws_service_name=CONFIG))

    result = run_module(main, dict(aws_service_name=CONFIG, state="absent"), check_mode=True)

    assert result == dict(changed=True, iam_role={}, failed=False)
    assert roles(iam) == [MOTO_CONFIG_ROLE]


# --- Stubber ------------------------------------------------------------------------------------

ROLE_NAME = "AWSServiceRoleForConfig"
ROLE_ARN = f"arn:aws:iam::123456789012:role{CONFIG_PATH}{ROLE_NAME}"
TASK_ID = "task/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig/0123abcd"
CREATED = datetime.datetime(2024, 5, 1, tzinfo=datetime.timezone.utc)
TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": CONFIG}, "Action": "sts:AssumeRole"}],
}


def aws_role(**changes):
    """A role as ListRoles answers; a new one per response, as botocore decodes the trust policy in place."""
    role = dict(
        Path=CONFIG_PATH,
        RoleName=ROLE_NAME,
        RoleId="AROA0123456789EXAMPLE",
        Arn=ROLE_ARN,
        CreateDate=CREATED,
        AssumeRolePolicyDocument=json.dumps(TRUST),
        Description="Allows Config to call AWS services",
    )
    return dict(role, **changes)


EXPECTED_ROLE = dict(
    role_name=ROLE_NAME,
    arn=ROLE_ARN,
    path=CONFIG_PATH,
    description="Allows Config to call AWS services",
    create_date="2024-05-01T00:00:00+00:00",
    assume_role_policy_document=TRUST,
)


@pytest.fixture
def stubbed_iam(stubbed):
    return stubbed("iam")


def expect_listing(stubber, *found):
    stubber.add_response("list_roles", {"Roles": list(found), "IsTruncated": False}, {"PathPrefix": CONFIG_PATH})


def expect_deletion(stubber, *statuses, reason=None):
    stubber.add_response("delete_service_linked_role", {"DeletionTaskId": TASK_ID}, {"RoleName": ROLE_NAME})
    for status in statuses:
        answer = dict(Status=status, Reason=reason) if reason else dict(Status=status)
        stubber.add_response("get_service_linked_role_deletion_status", answer, {"DeletionTaskId": TASK_ID})


def test_a_failed_deletion_fails_with_aws_reason(run_module, stubbed_iam, sleeps):
    expect_listing(stubbed_iam, aws_role())
    rule = "arn:aws:config:eu-west-1:123456789012:config-rule/config-rule-a1b2c3"
    reason = dict(Reason="The role is in use", RoleUsageList=[dict(Region="eu-west-1", Resources=[rule])])
    expect_deletion(stubbed_iam, "IN_PROGRESS", "FAILED", reason=reason)

    result = run_module(main, dict(aws_service_name=CONFIG, state="absent"))

    assert result["failed"] is True
    assert result["msg"] == (
        f"AWS failed to delete the service-linked role {ROLE_NAME}: "
        f"The role is in use (still used in eu-west-1: {rule})"
    )
    assert result["deletion_task_id"] == TASK_ID
    assert sleeps == [5]


def test_a_deletion_still_running_at_the_timeout_fails(run_module, stubbed_iam, sleeps):
    expect_listing(stubbed_iam, aws_role())
    expect_deletion(stubbed_iam, "IN_PROGRESS")

    result = run_module(main, dict(aws_service_name=CONFIG, state="absent", wait_timeout=0))

    assert result["failed"] is True
    assert result["msg"] == (
        f"Timed out after 0 seconds waiting for the deletion of {ROLE_NAME}, last status IN_PROGRESS"
    )
    assert sleeps == []


def test_absent_without_wait_does_not_read_the_deletion_status(run_module, stubbed_iam):
    expect_listing(stubbed_iam, aws_role())
    expect_deletion(stubbed_iam)

    result = run_module(main, dict(aws_service_name=CONFIG, state="absent", wait=False))

    assert result == dict(changed=True, iam_role={}, failed=False)


def name_taken(stubber, **request):
    """AWS's answer to CreateServiceLinkedRole when the role exists."""
    stubber.add_client_error(
        "create_service_linked_role",
        service_error_code="InvalidInput",
        service_message=f"Service role name {ROLE_NAME} has been taken in this account, please try a different suffix.",
        expected_params=dict(AWSServiceName=CONFIG, **request),
    )


def test_a_role_created_by_someone_else_meanwhile_is_read_again(run_module, stubbed_iam):
    expect_listing(stubbed_iam)
    name_taken(stubbed_iam)
    expect_listing(stubbed_iam, aws_role())

    result = run_module(main, dict(aws_service_name=CONFIG))

    assert result == dict(changed=False, iam_role=EXPECTED_ROLE, failed=False)


def test_a_role_created_meanwhile_still_gets_the_description(run_module, stubbed_iam):
    expect_listing(stubbed_iam)
    name_taken(stubbed_iam, Description="mine")
    expect_listing(stubbed_iam, aws_role())
    stubbed_iam.add_response("update_role_description", {}, {"RoleName": ROLE_NAME, "Description": "mine"})

    result = run_module(main, dict(aws_service_name=CONFIG, description="mine"))

    assert result == dict(changed=True, iam_role=dict(EXPECTED_ROLE, description="mine"), failed=False)


def test_a_taken_name_that_cannot_be_found_fails(run_module, stubbed_iam):
    expect_listing(stubbed_iam)
    name_taken(stubbed_iam)
    expect_listing(stubbed_iam)

    result = run_module(main, dict(aws_service_name=CONFIG))

    assert result["failed"] is True
    assert result["msg"] == (
        f"IAM says the service-linked role of {CONFIG} exists, but no role under {CONFIG_PATH} matches; "
        "run the task again."
    )


def test_other_invalid_input_fails(run_module, stubbed_iam):
    expect_listing(stubbed_iam)
    stubbed_iam.add_client_error(
        "create_service_linked_role",
        service_error_code="InvalidInput",
        service_message="Custom suffix is not supported for this service",
        expected_params={"AWSServiceName": CONFIG, "CustomSuffix": "x"},
    )

    result = run_module(main, dict(aws_service_name=CONFIG, custom_suffix="x"))

    assert result["failed"] is True
    assert result["msg"].startswith(f"Failed to create the service-linked role of {CONFIG}")
    assert result["error"]["code"] == "InvalidInput"


def test_roles_are_found_on_later_pages_and_only_at_the_services_own_path(run_module, stubbed_iam):
    deeper = aws_role(Path=f"{CONFIG_PATH}other/", RoleName="AWSServiceRoleFor")
    stubbed_iam.add_response(
        "list_roles", {"Roles": [deeper], "IsTruncated": True, "Marker": "page2"}, {"PathPrefix": CONFIG_PATH}
    )
    stubbed_iam.add_response(
        "list_roles", {"Roles": [aws_role()], "IsTruncated": False}, {"PathPrefix": CONFIG_PATH, "Marker": "page2"}
    )

    result = run_module(main, dict(aws_service_name=CONFIG))

    assert result == dict(changed=False, iam_role=EXPECTED_ROLE, failed=False)
