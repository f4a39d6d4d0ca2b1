"""Unit tests of seed.aws_platform.xray_group.

moto 5.2.1 has no X-Ray groups (only the emulator's extension xray_groups_and_sampling_rules has them, in the server),
so botocore's Stubber backs every test and asserts the exact requests; a request the test did not expect fails the
module with Stubber's error.
"""

import pytest

from ansible_collections.seed.aws_platform.plugins.modules.xray_group import main

REGION = "us-east-1"
ACCOUNT = "123456789012"
NAME = "orders-faults"
ARN = f"arn:aws:xray:{REGION}:{ACCOUNT}:group/{NAME}/2VQS3XHJLYAYHNAMESV6SFWV6XNQ6XKQE6UJUAJKMDTB3WQRP3ZQ"
DEFAULT_ARN = f"arn:aws:xray:{REGION}:{ACCOUNT}:group/Default"
FILTER = 'service("orders") { fault }'
OFF = dict(InsightsEnabled=False, NotificationsEnabled=False)
ON = dict(InsightsEnabled=True, NotificationsEnabled=True)


@pytest.fixture
def xray(stubbed):
    return stubbed("xray")


def aws_group(**changes):
    """A group as GetGroup answers it; a change to None drops the key."""
    group = dict(GroupName=NAME, GroupARN=ARN, FilterExpression=FILTER, InsightsConfiguration=OFF)
    group.update(changes)
    return {key: value for key, value in group.items() if value is not None}


def tag_list(tags):
    return [dict(Key=key, Value=value) for key, value in tags.items()]


def expect_missing(xray, name=NAME):
    xray.add_client_error(
        "get_group",
        service_error_code="InvalidRequestException",
        service_message="Group not found",
        expected_params=dict(GroupName=name),
    )


def expect_existing(xray, group, tags=None):
    """The module's first look: the group, then its tags."""
    xray.add_response("get_group", dict(Group=group), dict(GroupName=group["GroupName"]))
    xray.add_response("list_tags_for_resource", dict(Tags=tag_list(tags or {})), dict(ResourceARN=group["GroupARN"]))


def expect_update(xray, group, arn=ARN, **request):
    xray.add_response("update_group", dict(Group=group), dict(GroupARN=arn, **request))


# --- creation ------------------------------------------------------------------------------------


def test_creates_the_group_with_its_filter_insights_and_tags(run_module, xray):
    expect_missing(xray)
    xray.add_response(
        "create_group",
        dict(Group=aws_group(InsightsConfiguration=ON)),
        dict(
            GroupName=NAME,
            FilterExpression=FILTER,
            InsightsConfiguration=ON,
            Tags=[dict(Key="Environment", Value="production"), dict(Key="CostCenter", Value="1234")],
        ),
    )

    result = run_module(
        main,
        dict(
            name=NAME,
            filter_expression=FILTER,
            insights_enabled=True,
            notifications_enabled=True,
            tags={"Environment": "production", "CostCenter": 1234},
        ),
        diff=True,
    )

    assert (result["changed"], result["changes"]) == (True, ["created"])
    assert result["group"] == dict(
        group_name=NAME,
        group_arn=ARN,
        filter_expression=FILTER,
        insights_configuration=dict(insights_enabled=True, notifications_enabled=True),
        tags={"Environment": "production", "CostCenter": "1234"},
    )
    assert result["diff"] == dict(before=dict(group={}), after=dict(group=result["group"]))


def test_creates_a_group_without_filter_or_tags(run_module, xray):
    expect_missing(xray)
    xray.add_response(
        "create_group",
        dict(Group=aws_group(FilterExpression=None)),
        dict(GroupName=NAME, InsightsConfiguration=OFF),
    )

    result = run_module(main, dict(name=NAME))

    assert (result["changed"], result["changes"]) == (True, ["created"])
    assert "filter_expression" not in result["group"]
    assert result["group"]["insights_configuration"] == dict(insights_enabled=False, notifications_enabled=False)
    assert result["group"]["tags"] == {}


def test_check_mode_reports_the_creation_and_creates_nothing(run_module, xray):
    expect_missing(xray)

    result = run_module(
        main,
        dict(name=NAME, filter_expression=FILTER, insights_enabled=True, tags={"a": 1}),
        check_mode=True,
        diff=True,
    )

    assert (result["changed"], result["changes"]) == (True, ["created"])
    assert result["group"] == dict(
        group_name=NAME,
        filter_expression=FILTER,
        insights_configuration=dict(insights_enabled=True, notifications_enabled=False),
        tags={"a": "1"},
    )
    assert result["diff"]["before"] == dict(group={})


# --- an existing group -----------------------------------------------------------------------------


def test_a_group_as_aws_has_it_changes_nothing(run_module, xray):
    expect_existing(xray, aws_group(InsightsConfiguration=ON), tags={"Environment": "production"})

    result = run_module(
        main,
        dict(
            name=NAME,
            filter_expression=FILTER,
            insights_enabled=True,
            notifications_enabled=True,
            tags={"Environment": "production"},
        ),
        diff=True,
    )

    assert (result["changed"], result["changes"]) == (False, [])
    assert result["group"]["group_arn"] == ARN and result["group"]["tags"] == {"Environment": "production"}
    assert result["diff"]["before"] == result["diff"]["after"]


def test_check_mode_on_a_converged_group_changes_nothing(run_module, xray):
    expect_existing(xray, aws_group())

    result = run_module(main, dict(name=NAME, filter_expression=FILTER), check_mode=True)

    assert (result["changed"], result["changes"]) == (False, [])


def test_an_omitted_filter_expression_is_left_as_it_is(run_module, xray):
    expect_existing(xray, aws_group())

    result = run_module(main, dict(name=NAME))

    assert (result["changed"], result["changes"]) == (False, [])
    assert result["group"]["filter_expression"] == FILTER


def test_a_group_answered_without_insights_configuration_has_them_off(run_module, xray):
    expect_existing(xray, aws_group(InsightsConfiguration=None))

    result = run_module(main, dict(name=NAME))

    assert (result["changed"], result["changes"]) == (False, [])
    assert result["group"]["insights_configuration"] == dict(insights_enabled=False, notifications_enabled=False)


def test_another_filter_expression_is_updated_alone(run_module, xray):
    expect_existing(xray, aws_group())
    expect_update(xray, aws_group(FilterExpression="responsetime > 5"), FilterExpression="responsetime > 5")

    result = run_module(main, dict(name=NAME, filter_expression="responsetime > 5"), diff=True)

    assert (result["changed"], result["changes"]) == (True, ["filter_expression"])
    assert result["group"]["filter_expression"] == "responsetime > 5"
    assert result["diff"]["before"]["group"]["filter_expression"] == FILTER


def test_other_insights_are_updated_alone(run_module, xray):
    expect_existing(xray, aws_group())
    expect_update(xray, aws_group(InsightsConfiguration=ON), InsightsConfiguration=ON)

    result = run_module(main, dict(name=NAME, insights_enabled=True, notifications_enabled=True))

    assert (result["changed"], result["changes"]) == (True, ["insights_configuration"])
    assert result["group"]["insights_configuration"] == dict(insights_enabled=True, notifications_enabled=True)


def test_insights_are_turned_off_when_the_task_leaves_them_out(run_module, xray):
    expect_existing(xray, aws_group(InsightsConfiguration=ON))
    expect_update(xray, aws_group(), InsightsConfiguration=OFF)

    result = run_module(main, dict(name=NAME))

    assert result["changes"] == ["insights_configuration"]


def test_filter_and_insights_are_updated_in_one_call(run_module, xray):
    expect_existing(xray, aws_group())
    answer = aws_group(FilterExpression="fault = true", InsightsConfiguration=dict(OFF, InsightsEnabled=True))
    expect_update(xray, answer, FilterExpression="fault = true", InsightsConfiguration=dict(OFF, InsightsEnabled=True))

    result = run_module(main, dict(name=NAME, filter_expression="fault = true", insights_enabled=True))

    assert result["changes"] == ["filter_expression", "insights_configuration"]
    assert result["group"]["filter_expression"] == "fault = true"


def test_check_mode_reports_the_updates_and_changes_nothing(run_module, xray):
    expect_existing(xray, aws_group(), tags={"drop": "1"})

    result = run_module(
        main,
        dict(name=NAME, filter_expression="fault = true", insights_enabled=True, tags={"add": "2"}),
        check_mode=True,
        diff=True,
    )

    assert (result["changed"], result["changes"]) == (True, ["filter_expression", "insights_configuration", "tags"])
    after = result["diff"]["after"]["group"]
    assert after["filter_expression"] == "fault = true"
    assert after["insights_configuration"] == dict(insights_enabled=True, notifications_enabled=False)
    assert after["tags"] == {"add": "2"} and after["group_arn"] == ARN
    assert result["diff"]["before"]["group"]["tags"] == {"drop": "1"}


# --- tags ------------------------------------------------------------------------------------------------


def test_tags_are_added_changed_and_purged(run_module, xray):
    expect_existing(xray, aws_group(), tags={"keep": "1", "drop": "2", "change": "old"})
    xray.add_response("untag_resource", {}, dict(ResourceARN=ARN, TagKeys=["drop"]))
    xray.add_response(
        "tag_resource", {}, dict(ResourceARN=ARN, Tags=[dict(Key="add", Value="3"), dict(Key="change", Value="new")])
    )

    result = run_module(main, dict(name=NAME, tags={"keep": "1", "change": "new", "add": 3}))

    assert (result["changed"], result["changes"]) == (True, ["tags"])
    assert result["group"]["tags"] == {"keep": "1", "change": "new", "add": "3"}


def test_purge_tags_false_only_adds(run_module, xray):
    expect_existing(xray, aws_group(), tags={"keep": "1"})
    xray.add_response("tag_resource", {}, dict(ResourceARN=ARN, Tags=[dict(Key="add", Value="2")]))

    result = run_module(main, dict(name=NAME, tags={"add": "2"}, purge_tags=False))

    assert result["changes"] == ["tags"] and result["group"]["tags"] == {"keep": "1", "add": "2"}


def test_omitted_tags_are_left_alone(run_module, xray):
    expect_existing(xray, aws_group(), tags={"keep": "1"})

    result = run_module(main, dict(name=NAME))

    assert result["changed"] is False and result["group"]["tags"] == {"keep": "1"}


def test_check_mode_reports_tag_changes_and_changes_nothing(run_module, xray):
    expect_existing(xray, aws_group(), tags={"drop": "1"})

    result = run_module(main, dict(name=NAME, tags={}), check_mode=True)

    assert (result["changed"], result["changes"]) == (True, ["tags"])
    assert result["group"]["tags"] == {}


# --- deletion --------------------------------------------------------------------------------------------


def test_absent_deletes_the_group_by_its_arn(run_module, xray):
    expect_existing(xray, aws_group(), tags={"Environment": "production"})
    xray.add_response("delete_group", {}, dict(GroupARN=ARN))

    result = run_module(main, dict(name=NAME, state="absent"), diff=True)

    assert (result["changed"], result["changes"], result["group"]) == (True, ["deleted"], {})
    assert result["diff"]["before"]["group"]["tags"] == {"Environment": "production"}
    assert result["diff"]["after"] == dict(group={})


def test_absent_when_the_group_does_not_exist_changes_nothing(run_module, xray):
    expect_missing(xray)

    result = run_module(main, dict(name=NAME, state="absent"), diff=True)

    assert (result["changed"], result["changes"], result["group"]) == (False, [], {})
    assert result["diff"] == dict(before=dict(group={}), after=dict(group={}))


def test_absent_in_check_mode_deletes_nothing(run_module, xray):
    expect_existing(xray, aws_group())

    result = run_module(main, dict(name=NAME, state="absent"), check_mode=True)

    assert (result["changed"], result["changes"]) == (True, ["deleted"])


def test_a_group_deleted_meanwhile_is_no_error(run_module, xray):
    expect_existing(xray, aws_group())
    xray.add_client_error(
        "delete_group", service_error_code="InvalidRequestException", service_message="Group not found"
    )

    result = run_module(main, dict(name=NAME, state="absent"))

    assert (result["failed"], result["changed"]) == (False, True)


def test_absent_does_not_validate_the_configuration(run_module, xray):
    expect_missing(xray)

    result = run_module(main, dict(name=NAME, state="absent", notifications_enabled=True, filter_expression=""))

    assert (result["failed"], result["changed"]) == (False, False)


# --- the Default group -------------------------------------------------------------------------------------------


def default_group(**changes):
    return aws_group(GroupName="Default", GroupARN=DEFAULT_ARN, FilterExpression=None, **changes)


def test_insights_of_the_default_group_are_updated(run_module, xray):
    expect_existing(xray, default_group())
    expect_update(xray, default_group(InsightsConfiguration=ON), arn=DEFAULT_ARN, InsightsConfiguration=ON)

    result = run_module(main, dict(name="Default", insights_enabled=True, notifications_enabled=True))

    assert (result["changed"], result["changes"]) == (True, ["insights_configuration"])
    assert result["group"]["group_arn"] == DEFAULT_ARN


def test_a_missing_default_group_is_not_created(run_module, xray):
    expect_missing(xray, name="Default")

    result = run_module(main, dict(name="Default"), check_mode=True)

    assert result["failed"] is True
    assert result["msg"] == (
        "X-Ray has no Default group in this region, and the name Default is reserved: it cannot be created."
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (
            dict(state="absent"),
            "the Default group of all traces cannot be deleted: X-Ray keeps it in every region.",
        ),
        (
            dict(filter_expression="fault = true"),
            "the Default group holds all traces and cannot have a filter_expression: leave it out.",
        ),
    ],
)
def test_what_the_default_group_does_not_allow_fails_before_any_call(run_module, xray, args, message):
    result = run_module(main, dict(name="Default", **args))

    assert result["failed"] is True and result["msg"] == message


# --- validation ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (dict(name=""), "name must be 1 to 32 characters long, not 0."),
        (dict(name="x" * 33), "name must be 1 to 32 characters long, not 33."),
        (
            dict(name=NAME, notifications_enabled=True),
            "notifications_enabled requires insights_enabled: X-Ray notifies only about insights it computes.",
        ),
        (
            dict(name=NAME, filter_expression=" "),
            "filter_expression cannot be empty: leave it out to keep the group's filter expression as it is.",
        ),
        (
            dict(name="x" * 33, filter_expression="", notifications_enabled=True),
            "name must be 1 to 32 characters long, not 33; filter_expression cannot be empty: leave it out to keep the"
            " group's filter expression as it is; notifications_enabled requires insights_enabled: X-Ray notifies only"
            " about insights it computes.",
        ),
    ],
)
def test_invalid_arguments_fail_before_any_call(run_module, xray, args, message):
    result = run_module(main, args)

    assert result["failed"] is True and result["msg"] == message


def test_an_unknown_state_is_refused(run_module, xray):
    result = run_module(main, dict(name=NAME, state="deleted"))

    assert result["failed"] is True and "present, absent" in result["msg"]


# --- AWS errors -------------------------------------------------------------------------------------------------


def test_another_invalid_request_on_lookup_is_a_failure_not_a_missing_group(run_module, xray):
    xray.add_client_error(
        "get_group", service_error_code="InvalidRequestException", service_message="Invalid group name"
    )

    result = run_module(main, dict(name=NAME))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to describe X-Ray group orders-faults")
    assert result["error"]["code"] == "InvalidRequestException"


def test_a_failed_lookup_is_reported(run_module, xray):
    xray.add_client_error("get_group", service_error_code="AccessDeniedException", http_status_code=403)

    result = run_module(main, dict(name=NAME, state="absent"))

    assert result["failed"] is True and result["msg"].startswith("Failed to describe X-Ray group orders-faults")


def test_a_failed_creation_is_reported(run_module, xray):
    expect_missing(xray)
    xray.add_client_error(
        "create_group", service_error_code="InvalidRequestException", service_message="Invalid filter expression"
    )

    result = run_module(main, dict(name=NAME, filter_expression="service(("))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to create X-Ray group orders-faults")
    assert result["error"]["code"] == "InvalidRequestException"


def test_a_failed_update_is_reported(run_module, xray):
    expect_existing(xray, aws_group())
    xray.add_client_error("update_group", service_error_code="InvalidRequestException", service_message="Bad filter")

    result = run_module(main, dict(name=NAME, filter_expression="service(("))

    assert result["failed"] is True and result["msg"].startswith("Failed to update X-Ray group orders-faults")


def test_a_failed_deletion_is_reported(run_module, xray):
    expect_existing(xray, aws_group())
    xray.add_client_error("delete_group", service_error_code="AccessDeniedException", http_status_code=403)

    result = run_module(main, dict(name=NAME, state="absent"))

    assert result["failed"] is True and result["msg"].startswith("Failed to delete X-Ray group orders-faults")


def test_a_failed_tag_change_is_reported(run_module, xray):
    expect_existing(xray, aws_group())
    xray.add_client_error("tag_resource", service_error_code="TooManyTagsException", http_status_code=400)

    result = run_module(main, dict(name=NAME, tags={"a": "1"}))

    assert result["failed"] is True and result["msg"].startswith(f"Failed to update the tags of {ARN}")


def test_throttling_is_retried(run_module, xray, sleeps):
    xray.add_client_error("get_group", service_error_code="ThrottledException", http_status_code=429)
    expect_existing(xray, aws_group())

    result = run_module(main, dict(name=NAME))

    assert (result["failed"], result["changed"]) == (False, False)
    assert len(sleeps) == 1
