"""Unit tests of seed.aws_platform.cloudwatch_dashboard.

moto (in-process) backs creating, reading, listing and deleting dashboards. moto 5.2.1 does not tag dashboards,
which AWS does (its API reference lists dashboards among the resources TagResource takes, and PutDashboard takes
Tags at creation): moto ignores PutDashboard's Tags, answers TagResource and UntagResource on a dashboard ARN with
ResourceNotFoundException and ListTagsForResource with no tags. It never answers PutDashboard with validation
messages either. botocore's Stubber backs those paths and the failures, and asserts the exact requests.
"""

import datetime
import json

import boto3
import pytest

from ansible_collections.seed.aws_platform.plugins.modules.cloudwatch_dashboard import main

REGION = "us-east-1"
ACCOUNT = "123456789012"
NAME = "orders-production"
ARN = f"arn:aws:cloudwatch::{ACCOUNT}:dashboard/{NAME}"
CONSOLE = f"https://{REGION}.console.aws.amazon.com/cloudwatch/home?region={REGION}#dashboards/dashboard/{NAME}"
READS = ("GetDashboard", "ListDashboards", "ListTagsForResource")

TEXT = dict(type="text", x=0, y=0, width=24, height=2, properties=dict(markdown="Managed by Ansible"))
CPU = dict(
    type="metric",
    x=0,
    y=2,
    width=12,
    height=6,
    properties=dict(title="CPU", region=REGION, stat="Average", period=300, metrics=[["AWS/ECS", "CPUUtilization"]]),
)
BODY = dict(widgets=[TEXT, CPU])


def present(**extra):
    return dict(dict(name=NAME, body=BODY), **extra)


def compact(body):
    return json.dumps(body, separators=(",", ":"))


# --- moto ---------------------------------------------------------------------------------------


@pytest.fixture
def cloudwatch(aws):
    return boto3.client("cloudwatch", region_name=REGION)


def changes_made(calls):
    return [call for call in calls if call[0] not in READS]


def stored_body(cloudwatch, name=NAME):
    return json.loads(cloudwatch.get_dashboard(DashboardName=name)["DashboardBody"])


def exists(cloudwatch, name=NAME):
    return name in [entry["DashboardName"] for entry in cloudwatch.list_dashboards()["DashboardEntries"]]


def create(cloudwatch, body=None, text=None, name=NAME):
    cloudwatch.put_dashboard(DashboardName=name, DashboardBody=text if text is not None else json.dumps(body or BODY))


def test_creates_the_dashboard(run_module, cloudwatch, api_calls):
    result = run_module(main, present(), diff=True)

    assert result["changed"] is True
    dashboard = result["dashboard"]
    assert (dashboard["name"], dashboard["arn"], dashboard["body"], dashboard["tags"]) == (NAME, ARN, BODY, {})
    assert dashboard["size"] == len(compact(BODY))
    assert isinstance(dashboard["last_modified"], str)
    assert result["console_url"] == CONSOLE
    assert stored_body(cloudwatch) == BODY
    assert changes_made(api_calls) == [("PutDashboard", dict(DashboardName=NAME, DashboardBody=compact(BODY)))]
    assert result["diff"] == dict(before={}, after=dict(body=BODY, tags={}))


def test_creates_the_dashboard_from_a_json_string(run_module, cloudwatch):
    result = run_module(main, present(body=json.dumps(BODY, indent=4)))

    assert result["changed"] is True
    assert result["dashboard"]["body"] == stored_body(cloudwatch) == BODY


def test_creation_sends_the_tags_with_put_dashboard(run_module, cloudwatch, api_calls):
    result = run_module(main, present(tags={"Environment": "production", "Port": 443}))

    assert result["changed"] is True
    assert result["dashboard"]["tags"] == {"Environment": "production", "Port": "443"}
    assert changes_made(api_calls) == [
        (
            "PutDashboard",
            dict(
                DashboardName=NAME,
                DashboardBody=compact(BODY),
                Tags=[dict(Key="Environment", Value="production"), dict(Key="Port", Value="443")],
            ),
        )
    ]


def test_second_run_changes_nothing(run_module, cloudwatch, api_calls):
    first = run_module(main, present())
    api_calls.clear()

    second = run_module(main, present(), diff=True)

    assert second["changed"] is False
    assert second["dashboard"] == first["dashboard"]
    assert second["diff"]["before"] == second["diff"]["after"]
    assert changes_made(api_calls) == []


def test_key_order_and_white_space_do_not_matter(run_module, cloudwatch, api_calls):
    reordered = dict(widgets=[dict(reversed(list(widget.items()))) for widget in BODY["widgets"]])
    create(cloudwatch, text=json.dumps(reordered, indent=3, sort_keys=True))

    result = run_module(main, present(body=json.dumps(BODY)))

    assert result["changed"] is False
    assert changes_made(api_calls) == []


def test_check_mode_reports_the_creation_and_creates_nothing(run_module, cloudwatch, api_calls):
    result = run_module(main, present(tags={"a": 1}), check_mode=True, diff=True)

    assert result["changed"] is True
    assert result["dashboard"] == dict(name=NAME, body=BODY, tags={"a": "1"})
    assert result["console_url"] == CONSOLE
    assert result["diff"] == dict(before={}, after=dict(body=BODY, tags={"a": "1"}))
    assert not exists(cloudwatch)
    assert changes_made(api_calls) == []


def test_check_mode_on_a_converged_dashboard_changes_nothing(run_module, cloudwatch, api_calls):
    create(cloudwatch)

    result = run_module(main, present(), check_mode=True)

    assert result["changed"] is False
    assert result["dashboard"]["arn"] == ARN
    assert changes_made(api_calls) == []


def test_a_changed_widget_rewrites_the_body(run_module, cloudwatch, api_calls):
    create(cloudwatch)
    wider = dict(widgets=[TEXT, dict(CPU, width=24)])

    result = run_module(main, present(body=wider), diff=True)

    assert result["changed"] is True
    assert result["dashboard"]["body"] == stored_body(cloudwatch) == wider
    assert result["dashboard"]["size"] == len(compact(wider))
    assert changes_made(api_calls) == [("PutDashboard", dict(DashboardName=NAME, DashboardBody=compact(wider)))]
    assert result["diff"] == dict(before=dict(body=BODY, tags={}), after=dict(body=wider, tags={}))


def test_a_removed_widget_rewrites_the_body(run_module, cloudwatch):
    create(cloudwatch)

    result = run_module(main, present(body=dict(widgets=[TEXT])))

    assert result["changed"] is True
    assert stored_body(cloudwatch) == dict(widgets=[TEXT])


def test_check_mode_reports_the_update_and_changes_nothing(run_module, cloudwatch, api_calls):
    create(cloudwatch)
    wider = dict(widgets=[TEXT, dict(CPU, width=24)])

    result = run_module(main, present(body=wider), check_mode=True, diff=True)

    assert result["changed"] is True
    assert result["dashboard"]["body"] == wider and result["dashboard"]["arn"] == ARN
    assert result["diff"]["before"]["body"] == BODY
    assert stored_body(cloudwatch) == BODY
    assert changes_made(api_calls) == []


@pytest.mark.parametrize("stored, wanted", [(1, 1.0), (1, True), ("1", 1), (None, False)])
def test_values_equal_in_python_but_not_in_json_differ(run_module, cloudwatch, stored, wanted):
    create(cloudwatch, body=dict(widgets=[dict(TEXT, properties=dict(value=stored))]))

    result = run_module(main, present(body=dict(widgets=[dict(TEXT, properties=dict(value=wanted))])))

    assert result["changed"] is True
    assert stored_body(cloudwatch)["widgets"][0]["properties"]["value"] == wanted


def test_an_empty_dashboard_is_a_valid_body(run_module, cloudwatch):
    result = run_module(main, present(body=dict(widgets=[])))

    assert result["changed"] is True and stored_body(cloudwatch) == dict(widgets=[])


def test_only_the_dashboard_of_that_name_is_reported(run_module, cloudwatch):
    create(cloudwatch, name=f"{NAME}-canary", body=dict(widgets=[TEXT] * 5))
    create(cloudwatch)

    result = run_module(main, present())

    assert result["changed"] is False
    assert result["dashboard"]["size"] == len(json.dumps(BODY))


def test_omitted_tags_are_left_alone(run_module, cloudwatch, api_calls):
    create(cloudwatch)

    result = run_module(main, present())

    assert result["changed"] is False and result["dashboard"]["tags"] == {}
    assert ("ListTagsForResource", dict(ResourceARN=ARN)) in api_calls


def test_absent_when_nothing_exists_changes_nothing(run_module, cloudwatch, api_calls):
    result = run_module(main, dict(name=NAME, state="absent"), diff=True)

    assert result["changed"] is False and result["dashboard"] == {}
    assert "console_url" not in result
    assert result["diff"] == dict(before={}, after={})
    assert changes_made(api_calls) == []


def test_absent_deletes_the_dashboard(run_module, cloudwatch, api_calls):
    create(cloudwatch)
    create(cloudwatch, name=f"{NAME}-canary")

    result = run_module(main, dict(name=NAME, state="absent"), diff=True)

    assert result["changed"] is True and result["dashboard"] == {}
    assert not exists(cloudwatch) and exists(cloudwatch, f"{NAME}-canary")
    assert changes_made(api_calls) == [("DeleteDashboards", dict(DashboardNames=[NAME]))]
    assert result["diff"] == dict(before=dict(body=BODY, tags={}), after={})


def test_absent_in_check_mode_deletes_nothing(run_module, cloudwatch, api_calls):
    create(cloudwatch)

    result = run_module(main, dict(name=NAME, state="absent"), check_mode=True)

    assert result["changed"] is True and result["dashboard"] == {}
    assert exists(cloudwatch)
    assert changes_made(api_calls) == []


def test_absent_does_not_validate_the_body(run_module, cloudwatch):
    result = run_module(main, dict(name=NAME, state="absent", body="not json"))

    assert result["changed"] is False


@pytest.mark.parametrize("name", ["", "orders production", "orders.production", "orders/production", "x" * 256, "ordres:1"])
def test_invalid_names_fail_before_any_call(run_module, api_calls, name):
    result = run_module(main, present(name=name))

    assert result["failed"] is True
    assert result["msg"] == (
        f"name {name!r} is not a valid CloudWatch dashboard name: it must be 1 to 255 letters, digits, hyphens (-) and"
        " underscores (_)."
    )
    assert api_calls == []


@pytest.mark.parametrize("name", ["Orders_Production-2", "x" * 255])
def test_valid_names(run_module, cloudwatch, name):
    result = run_module(main, present(name=name))

    assert result["changed"] is True and exists(cloudwatch, name)


@pytest.mark.parametrize(
    "body, message",
    [
        ("not json", "body is not valid JSON: Expecting value: line 1 column 1 (char 0)."),
        ("[1, 2]", "body must be a JSON object with a widgets list, not a list."),
        ([{"type": "text"}], "body must be a JSON object with a widgets list, not a list."),
        ('"widgets"', "body must be a JSON object with a widgets list, not a str."),
        ({"start": "-PT6H"}, "body must have a widgets list."),
        ({"widgets": {"type": "text"}}, "body.widgets must be a list, not a dict."),
        ({"widgets": [TEXT, "text"]}, "body.widgets[1] must be an object, not a str."),
    ],
)
def test_invalid_bodies_fail_before_any_call(run_module, api_calls, body, message):
    result = run_module(main, present(body=body))

    assert result["failed"] is True
    assert result["msg"] == message
    assert api_calls == []


def test_name_and_body_problems_are_reported_together(run_module, api_calls):
    result = run_module(main, present(name="a b", body={}))

    assert result["msg"] == (
        "name 'a b' is not a valid CloudWatch dashboard name: it must be 1 to 255 letters, digits, hyphens (-) and"
        " underscores (_); body must have a widgets list."
    )


def test_the_body_is_required_with_state_present(run_module, api_calls):
    result = run_module(main, dict(name=NAME))

    assert result["failed"] is True
    assert result["msg"] == "state is present but all of the following are missing: body"
    assert api_calls == []


# --- Stubber ------------------------------------------------------------------------------------

MODIFIED = datetime.datetime(2024, 5, 2, 9, 41, 12, tzinfo=datetime.timezone.utc)


def expect_existing(cloudwatch, tags=None, arn=ARN, text=None):
    cloudwatch.add_response(
        "get_dashboard",
        dict(DashboardArn=arn, DashboardName=NAME, DashboardBody=text if text is not None else json.dumps(BODY)),
        dict(DashboardName=NAME),
    )
    expect_listed(cloudwatch, arn)
    cloudwatch.add_response(
        "list_tags_for_resource",
        dict(Tags=[dict(Key=key, Value=value) for key, value in (tags or {}).items()]),
        dict(ResourceARN=arn),
    )


def expect_listed(cloudwatch, arn=ARN, size=321):
    cloudwatch.add_response(
        "list_dashboards",
        dict(DashboardEntries=[dict(DashboardName=NAME, DashboardArn=arn, LastModified=MODIFIED, Size=size)]),
        dict(DashboardNamePrefix=NAME),
    )


def expect_missing(cloudwatch):
    cloudwatch.add_client_error(
        "get_dashboard",
        service_error_code="ResourceNotFound",
        service_message="Dashboard does not exist",
        http_status_code=404,
        expected_params=dict(DashboardName=NAME),
    )


def expect_read_back(cloudwatch, body, arn=ARN):
    cloudwatch.add_response(
        "get_dashboard", dict(DashboardArn=arn, DashboardName=NAME, DashboardBody=compact(body)), dict(DashboardName=NAME)
    )
    expect_listed(cloudwatch, arn, size=len(compact(body)))


def test_tags_are_added_changed_and_purged(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    expect_existing(cloudwatch, tags={"keep": "1", "drop": "2", "change": "old"})
    cloudwatch.add_response("untag_resource", {}, dict(ResourceARN=ARN, TagKeys=["drop"]))
    cloudwatch.add_response(
        "tag_resource", {}, dict(ResourceARN=ARN, Tags=[dict(Key="add", Value="3"), dict(Key="change", Value="new")])
    )

    result = run_module(main, present(tags={"keep": "1", "change": "new", "add": 3}), diff=True)

    assert result["changed"] is True
    assert result["dashboard"]["tags"] == {"keep": "1", "change": "new", "add": "3"}
    assert result["dashboard"]["last_modified"] == "2024-05-02T09:41:12+00:00"
    assert result["diff"]["before"]["tags"] == {"keep": "1", "drop": "2", "change": "old"}
    assert result["diff"]["before"]["body"] == result["diff"]["after"]["body"] == BODY


def test_purge_tags_false_only_adds(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    expect_existing(cloudwatch, tags={"keep": "1"})
    cloudwatch.add_response("tag_resource", {}, dict(ResourceARN=ARN, Tags=[dict(Key="add", Value="2")]))

    result = run_module(main, present(tags={"add": "2"}, purge_tags=False))

    assert result["changed"] is True and result["dashboard"]["tags"] == {"keep": "1", "add": "2"}


def test_converged_tags_change_nothing(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    expect_existing(cloudwatch, tags={"Environment": "production"})

    result = run_module(main, present(tags={"Environment": "production"}))

    assert result["changed"] is False
    assert result["dashboard"] == dict(
        name=NAME, arn=ARN, body=BODY, size=321, last_modified="2024-05-02T09:41:12+00:00", tags={"Environment": "production"}
    )


def test_check_mode_reports_tag_changes_and_changes_nothing(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    expect_existing(cloudwatch, tags={"drop": "1"})

    result = run_module(main, present(tags={"add": "2"}), check_mode=True)

    assert result["changed"] is True and result["dashboard"]["tags"] == {"add": "2"}


def test_body_and_tags_change_together(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    expect_existing(cloudwatch, tags={"drop": "1"})
    wider = dict(widgets=[TEXT, dict(CPU, width=24)])
    cloudwatch.add_response("put_dashboard", dict(DashboardValidationMessages=[]), dict(DashboardName=NAME, DashboardBody=compact(wider)))
    cloudwatch.add_response("untag_resource", {}, dict(ResourceARN=ARN, TagKeys=["drop"]))
    expect_read_back(cloudwatch, wider)

    result = run_module(main, present(body=wider, tags={}))

    assert result["changed"] is True
    assert result["dashboard"]["body"] == wider and result["dashboard"]["tags"] == {}
    assert result["dashboard"]["size"] == len(compact(wider))


def test_the_tag_arn_is_the_one_aws_returns(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    arn = f"arn:aws-cn:cloudwatch::{ACCOUNT}:dashboard/{NAME}"
    expect_existing(cloudwatch, arn=arn)
    cloudwatch.add_response("tag_resource", {}, dict(ResourceARN=arn, Tags=[dict(Key="a", Value="1")]))

    result = run_module(main, present(tags={"a": "1"}))

    assert result["changed"] is True and result["dashboard"]["arn"] == arn


def test_validation_messages_of_put_dashboard_fail_the_task(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    expect_missing(cloudwatch)
    cloudwatch.add_response(
        "put_dashboard",
        dict(
            DashboardValidationMessages=[
                dict(DataPath="/widgets/1/properties/metrics/0", Message="Should NOT have more than 1 metric"),
                dict(Message="The dashboard is large"),
            ]
        ),
        dict(DashboardName=NAME, DashboardBody=compact(BODY)),
    )

    result = run_module(main, present())

    assert result["failed"] is True and result["changed"] is True
    assert result["msg"] == (
        f"CloudWatch reported problems in the body of dashboard {NAME}: /widgets/1/properties/metrics/0: Should NOT have"
        " more than 1 metric; (body): The dashboard is large"
    )
    assert result["dashboard_validation_messages"] == [
        dict(data_path="/widgets/1/properties/metrics/0", message="Should NOT have more than 1 metric"),
        dict(data_path=None, message="The dashboard is large"),
    ]


def test_a_refused_body_is_reported_with_its_messages(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    expect_existing(cloudwatch)
    bad = dict(widgets=[dict(TEXT, type="chart")])
    cloudwatch.add_client_error(
        "put_dashboard",
        service_error_code="InvalidParameterInput",
        service_message="The field DashboardBody must be a valid JSON object",
        modeled_fields=dict(
            dashboardValidationMessages=[dict(DataPath="/widgets/0/type", Message="Should be equal to one of the allowed values")]
        ),
    )

    result = run_module(main, present(body=bad))

    assert result["failed"] is True
    assert result["msg"].startswith(
        f"CloudWatch refused the body of dashboard {NAME}: /widgets/0/type: Should be equal to one of the allowed values"
    )
    assert result["error"]["code"] == "InvalidParameterInput"


def test_a_refused_body_without_messages_is_reported(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    expect_missing(cloudwatch)
    cloudwatch.add_client_error("put_dashboard", service_error_code="InvalidParameterInput", service_message="Invalid")

    result = run_module(main, present())

    assert result["failed"] is True
    assert result["msg"].startswith(f"CloudWatch refused the body of dashboard {NAME}: An error occurred (InvalidParameterInput)")


def test_a_failed_write_is_reported(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    expect_missing(cloudwatch)
    cloudwatch.add_client_error("put_dashboard", service_error_code="AccessDenied", http_status_code=403)

    result = run_module(main, present())

    assert result["failed"] is True
    assert result["msg"].startswith(f"Failed to write CloudWatch dashboard {NAME}")
    assert result["error"]["code"] == "AccessDenied"


def test_a_failed_lookup_is_reported(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    cloudwatch.add_client_error("get_dashboard", service_error_code="AccessDenied", http_status_code=403)

    result = run_module(main, dict(name=NAME, state="absent"))

    assert result["failed"] is True
    assert result["msg"].startswith(f"Failed to describe CloudWatch dashboard {NAME}")


def test_a_failed_tag_listing_is_reported(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    cloudwatch.add_response("get_dashboard", dict(DashboardArn=ARN, DashboardName=NAME, DashboardBody=json.dumps(BODY)))
    expect_listed(cloudwatch)
    cloudwatch.add_client_error("list_tags_for_resource", service_error_code="AccessDenied", http_status_code=403)

    result = run_module(main, present())

    assert result["failed"] is True
    assert result["msg"].startswith(f"Failed to list the tags of {ARN}")


def test_a_failed_tag_update_is_reported(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    expect_existing(cloudwatch)
    cloudwatch.add_client_error("tag_resource", service_error_code="LimitExceededException")

    result = run_module(main, present(tags={"a": "1"}))

    assert result["failed"] is True
    assert result["msg"].startswith(f"Failed to update the tags of {ARN}")


def test_a_failed_deletion_is_reported(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    expect_existing(cloudwatch)
    cloudwatch.add_client_error("delete_dashboards", service_error_code="InvalidParameterValue")

    result = run_module(main, dict(name=NAME, state="absent"))

    assert result["failed"] is True
    assert result["msg"].startswith(f"Failed to delete CloudWatch dashboard {NAME}")


def test_a_dashboard_deleted_meanwhile_is_deleted(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    expect_existing(cloudwatch)
    cloudwatch.add_client_error("delete_dashboards", service_error_code="ResourceNotFound", http_status_code=404)

    result = run_module(main, dict(name=NAME, state="absent"))

    assert (result["failed"], result["changed"], result["dashboard"]) == (False, True, {})


def test_a_dashboard_gone_after_the_write_fails_the_task(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    expect_missing(cloudwatch)
    cloudwatch.add_response("put_dashboard", dict(DashboardValidationMessages=[]))
    expect_missing(cloudwatch)

    result = run_module(main, present())

    assert result["failed"] is True
    assert result["msg"] == f"CloudWatch dashboard {NAME} cannot be found after the change: it was deleted meanwhile."


def test_an_unreadable_stored_body_is_replaced(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    expect_existing(cloudwatch, text="{not json")
    cloudwatch.add_response("put_dashboard", dict(DashboardValidationMessages=[]), dict(DashboardName=NAME, DashboardBody=compact(BODY)))
    expect_read_back(cloudwatch, BODY)

    result = run_module(main, present(), diff=True)

    assert result["changed"] is True
    assert result["diff"]["before"]["body"] == "{not json"


def test_a_dashboard_not_listed_yet_has_no_size(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    cloudwatch.add_response("get_dashboard", dict(DashboardArn=ARN, DashboardName=NAME, DashboardBody=json.dumps(BODY)))
    cloudwatch.add_response("list_dashboards", dict(DashboardEntries=[]))
    cloudwatch.add_response("list_tags_for_resource", dict(Tags=[]))

    result = run_module(main, present())

    assert result["changed"] is False
    assert result["dashboard"] == dict(name=NAME, arn=ARN, body=BODY, tags={})


def test_list_dashboards_is_paginated(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    cloudwatch.add_response("get_dashboard", dict(DashboardArn=ARN, DashboardName=NAME, DashboardBody=json.dumps(BODY)))
    other = dict(DashboardName=f"{NAME}-canary", DashboardArn=f"{ARN}-canary", LastModified=MODIFIED, Size=1)
    cloudwatch.add_response("list_dashboards", dict(DashboardEntries=[other], NextToken="page2"), dict(DashboardNamePrefix=NAME))
    cloudwatch.add_response(
        "list_dashboards",
        dict(DashboardEntries=[dict(DashboardName=NAME, DashboardArn=ARN, LastModified=MODIFIED, Size=99)]),
        dict(DashboardNamePrefix=NAME, NextToken="page2"),
    )
    cloudwatch.add_response("list_tags_for_resource", dict(Tags=[]))

    result = run_module(main, present())

    assert result["dashboard"]["size"] == 99


def test_throttled_calls_are_retried(run_module, stubbed, sleeps):
    cloudwatch = stubbed("cloudwatch")
    cloudwatch.add_client_error("get_dashboard", service_error_code="Throttling", http_status_code=400)
    expect_existing(cloudwatch)

    result = run_module(main, present())

    assert result["changed"] is False
    assert len(sleeps) == 1
