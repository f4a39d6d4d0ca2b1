"""Extension xray_groups_and_sampling_rules: X-Ray groups, sampling rules and their tags."""

import datetime
import re

import boto3
import pytest

ACCOUNT = "123456789012"
GROUP_ARN = re.compile(rf"arn:aws:xray:us-east-1:{ACCOUNT}:group/orders/[A-Z2-7]{{52}}")
DEFAULT_GROUP = {
    "GroupName": "Default",
    "GroupARN": f"arn:aws:xray:us-east-1:{ACCOUNT}:group/Default",
    "InsightsConfiguration": {"InsightsEnabled": False, "NotificationsEnabled": False},
}
DEFAULT_RULE = {
    "RuleName": "Default",
    "RuleARN": f"arn:aws:xray:us-east-1:{ACCOUNT}:sampling-rule/Default",
    "ResourceARN": "*",
    "Priority": 10000,
    "FixedRate": 0.05,
    "ReservoirSize": 1,
    "ServiceName": "*",
    "ServiceType": "*",
    "Host": "*",
    "HTTPMethod": "*",
    "URLPath": "*",
    "Version": 1,
    "Attributes": {},
}
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
RULE = {
    "RuleName": "orders-api",
    "ResourceARN": "*",
    "Priority": 100,
    "FixedRate": 0.1,
    "ReservoirSize": 5,
    "ServiceName": "orders",
    "ServiceType": "AWS::ECS::Container",
    "Host": "*",
    "HTTPMethod": "GET",
    "URLPath": "/api/*",
    "Version": 1,
}
RULE_ARN = f"arn:aws:xray:us-east-1:{ACCOUNT}:sampling-rule/orders-api"


@pytest.fixture
def xray(aws):
    return aws("xray")


def error(raised) -> tuple[str, int, str]:
    response = raised.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Message"]


def tags(xray, arn) -> dict[str, str]:
    return {tag["Key"]: tag["Value"] for tag in xray.list_tags_for_resource(ResourceARN=arn)["Tags"]}


def rules(xray) -> dict[str, dict]:
    records, request = [], {}
    while True:
        answer = xray.get_sampling_rules(**request)
        records.extend(answer["SamplingRuleRecords"])
        if not answer.get("NextToken"):
            return {record["SamplingRule"]["RuleName"]: record for record in records}
        request["NextToken"] = answer["NextToken"]


# --- groups --------------------------------------------------------------------------------------------------------


def test_a_created_group_reads_back_by_name_and_arn(xray):
    created = xray.create_group(
        GroupName="orders",
        FilterExpression='service("orders") { fault }',
        InsightsConfiguration={"InsightsEnabled": True, "NotificationsEnabled": True},
        Tags=[{"Key": "Environment", "Value": "production"}],
    )["Group"]

    assert GROUP_ARN.fullmatch(created["GroupARN"])
    assert created == {
        "GroupName": "orders",
        "GroupARN": created["GroupARN"],
        "FilterExpression": 'service("orders") { fault }',
        "InsightsConfiguration": {"InsightsEnabled": True, "NotificationsEnabled": True},
    }
    assert xray.get_group(GroupName="orders")["Group"] == created
    assert xray.get_group(GroupARN=created["GroupARN"])["Group"] == created
    assert tags(xray, created["GroupARN"]) == {"Environment": "production"}


def test_a_group_without_options_has_insights_off_and_no_filter(xray):
    created = xray.create_group(GroupName="orders")["Group"]

    assert "FilterExpression" not in created
    assert created["InsightsConfiguration"] == {"InsightsEnabled": False, "NotificationsEnabled": False}
    assert tags(xray, created["GroupARN"]) == {}


def test_a_missing_group_is_group_not_found(xray):
    for request in ({"GroupName": "orders"}, {"GroupARN": f"arn:aws:xray:us-east-1:{ACCOUNT}:group/orders/X"}):
        with pytest.raises(xray.exceptions.InvalidRequestException) as raised:
            xray.get_group(**request)
        assert error(raised) == ("InvalidRequestException", 400, "Group not found")
    for call in (xray.update_group, xray.delete_group):
        with pytest.raises(xray.exceptions.InvalidRequestException) as raised:
            call(GroupName="orders")
        assert error(raised)[2] == "Group not found"


def test_group_names_are_unique_and_default_is_reserved(xray):
    xray.create_group(GroupName="orders")
    for name in ("orders", "Default"):
        with pytest.raises(xray.exceptions.InvalidRequestException):
            xray.create_group(GroupName=name)


@pytest.mark.parametrize(
    "request_",
    [
        {"GroupName": "x" * 33},
        {"GroupName": "orders", "InsightsConfiguration": {"InsightsEnabled": False, "NotificationsEnabled": True}},
    ],
)
def test_invalid_groups_are_refused(xray, request_):
    with pytest.raises(xray.exceptions.InvalidRequestException):
        xray.create_group(**request_)
    assert [group["GroupName"] for group in xray.get_groups()["Groups"]] == ["Default"]


def test_the_default_group_is_listed_first_and_the_others_by_name(xray):
    for name in ("payments", "orders"):
        xray.create_group(GroupName=name)

    listed = xray.get_groups()["Groups"]

    assert [group["GroupName"] for group in listed] == ["Default", "orders", "payments"]
    assert listed[0] == DEFAULT_GROUP
    assert xray.get_group(GroupName="Default")["Group"] == DEFAULT_GROUP


def test_get_groups_pages_by_ten(xray):
    for number in range(12):
        xray.create_group(GroupName=f"group-{number:02}")

    first = xray.get_groups()
    second = xray.get_groups(NextToken=first["NextToken"])

    assert len(first["Groups"]) == 10 and len(second["Groups"]) == 3 and "NextToken" not in second
    names = [group["GroupName"] for group in first["Groups"] + second["Groups"]]
    assert names == ["Default"] + [f"group-{number:02}" for number in range(12)]


def test_update_group_changes_only_what_it_is_given(xray):
    arn = xray.create_group(GroupName="orders", FilterExpression="fault = true")["Group"]["GroupARN"]

    insights = xray.update_group(GroupName="orders", InsightsConfiguration={"InsightsEnabled": True})["Group"]
    assert insights["FilterExpression"] == "fault = true"
    assert insights["InsightsConfiguration"] == {"InsightsEnabled": True, "NotificationsEnabled": False}

    filtered = xray.update_group(GroupARN=arn, FilterExpression="responsetime > 5")["Group"]
    assert filtered["FilterExpression"] == "responsetime > 5"
    assert filtered["InsightsConfiguration"] == {"InsightsEnabled": True, "NotificationsEnabled": False}
    assert xray.get_group(GroupName="orders")["Group"] == filtered
    assert filtered["GroupARN"] == arn

    unfiltered = xray.update_group(GroupName="orders", FilterExpression="")["Group"]
    assert "FilterExpression" not in unfiltered


def test_notifications_need_insights_on_update_too(xray):
    xray.create_group(GroupName="orders")

    with pytest.raises(xray.exceptions.InvalidRequestException):
        xray.update_group(GroupName="orders", InsightsConfiguration={"NotificationsEnabled": True})
    both = xray.update_group(
        GroupName="orders", InsightsConfiguration={"InsightsEnabled": True, "NotificationsEnabled": True}
    )
    assert both["Group"]["InsightsConfiguration"] == {"InsightsEnabled": True, "NotificationsEnabled": True}


def test_the_default_group_changes_only_its_insights(xray):
    updated = xray.update_group(GroupName="Default", InsightsConfiguration={"InsightsEnabled": True})["Group"]
    assert updated["InsightsConfiguration"]["InsightsEnabled"] is True

    with pytest.raises(xray.exceptions.InvalidRequestException):
        xray.update_group(GroupName="Default", FilterExpression="fault = true")
    with pytest.raises(xray.exceptions.InvalidRequestException):
        xray.delete_group(GroupName="Default")
    assert "FilterExpression" not in xray.get_group(GroupName="Default")["Group"]


def test_a_deleted_group_and_its_tags_are_gone(xray):
    arn = xray.create_group(GroupName="orders", Tags=[{"Key": "a", "Value": "1"}])["Group"]["GroupARN"]

    assert xray.delete_group(GroupARN=arn)["ResponseMetadata"]["HTTPStatusCode"] == 200

    assert [group["GroupName"] for group in xray.get_groups()["Groups"]] == ["Default"]
    with pytest.raises(xray.exceptions.ResourceNotFoundException):
        xray.list_tags_for_resource(ResourceARN=arn)
    recreated = xray.create_group(GroupName="orders")["Group"]["GroupARN"]
    assert recreated != arn and tags(xray, recreated) == {}


# --- sampling rules ------------------------------------------------------------------------------------------------


def test_every_region_has_the_default_rule(xray):
    records = xray.get_sampling_rules()["SamplingRuleRecords"]

    assert [record["SamplingRule"] for record in records] == [DEFAULT_RULE]
    assert records[0]["CreatedAt"] == EPOCH


def test_a_created_rule_reads_back(xray):
    created = xray.create_sampling_rule(
        SamplingRule=dict(RULE, Attributes={"team": "orders"}), Tags=[{"Key": "Environment", "Value": "production"}]
    )["SamplingRuleRecord"]

    assert created["SamplingRule"] == dict(RULE, RuleARN=RULE_ARN, Attributes={"team": "orders"})
    assert created["CreatedAt"] == created["ModifiedAt"] and created["CreatedAt"] > EPOCH
    assert rules(xray)["orders-api"] == created
    assert tags(xray, RULE_ARN) == {"Environment": "production"}


def test_a_rule_without_attributes_answers_an_empty_map(xray):
    created = xray.create_sampling_rule(SamplingRule=RULE)["SamplingRuleRecord"]

    assert created["SamplingRule"]["Attributes"] == {}


def test_rules_are_listed_by_priority_then_name_ten_to_a_page(xray):
    for number in range(12):
        xray.create_sampling_rule(SamplingRule=dict(RULE, RuleName=f"rule-{number:02}", Priority=100 - number // 2))

    first = xray.get_sampling_rules()
    second = xray.get_sampling_rules(NextToken=first["NextToken"])

    assert len(first["SamplingRuleRecords"]) == 10 and "NextToken" not in second
    names = [
        record["SamplingRule"]["RuleName"] for record in first["SamplingRuleRecords"] + second["SamplingRuleRecords"]
    ]
    assert names == [
        "rule-10",
        "rule-11",
        "rule-08",
        "rule-09",
        "rule-06",
        "rule-07",
        "rule-04",
        "rule-05",
        "rule-02",
        "rule-03",
        "rule-00",
        "rule-01",
        "Default",
    ]


def test_rule_names_are_unique_and_default_is_reserved(xray):
    xray.create_sampling_rule(SamplingRule=RULE)
    for name in ("orders-api", "Default"):
        with pytest.raises(xray.exceptions.InvalidRequestException):
            xray.create_sampling_rule(SamplingRule=dict(RULE, RuleName=name))


@pytest.mark.parametrize(
    "change",
    [
        {"RuleName": "x" * 33},
        {"Priority": 10000},
        {"FixedRate": 1.5},
        {"Version": 2},
        {"HTTPMethod": "GET" * 4},
        {"URLPath": "/" * 129},
        {"Attributes": {f"k{number}": "v" for number in range(6)}},
        {"Attributes": {"k": "v" * 33}},
    ],
)
def test_invalid_rules_are_refused(xray, change):
    with pytest.raises(xray.exceptions.InvalidRequestException):
        xray.create_sampling_rule(SamplingRule=dict(RULE, **change))
    assert list(rules(xray)) == ["Default"]


def test_at_most_25_custom_rules(xray):
    for number in range(25):
        xray.create_sampling_rule(SamplingRule=dict(RULE, RuleName=f"rule-{number}"))

    with pytest.raises(xray.exceptions.RuleLimitExceededException):
        xray.create_sampling_rule(SamplingRule=dict(RULE, RuleName="one-too-many"))


def test_update_sampling_rule_changes_only_what_it_is_given(xray):
    created = xray.create_sampling_rule(SamplingRule=dict(RULE, Attributes={"team": "orders"}))["SamplingRuleRecord"]

    updated = xray.update_sampling_rule(SamplingRuleUpdate={"RuleName": "orders-api", "FixedRate": 0.5, "Priority": 7})
    record = updated["SamplingRuleRecord"]
    assert record["SamplingRule"] == dict(created["SamplingRule"], FixedRate=0.5, Priority=7)
    assert record["CreatedAt"] == created["CreatedAt"] and record["ModifiedAt"] >= created["ModifiedAt"]

    cleared = xray.update_sampling_rule(SamplingRuleUpdate={"RuleARN": RULE_ARN, "Attributes": {}})
    assert cleared["SamplingRuleRecord"]["SamplingRule"]["Attributes"] == {}
    assert rules(xray)["orders-api"]["SamplingRule"] == cleared["SamplingRuleRecord"]["SamplingRule"]


def test_the_default_rule_changes_only_its_rate_and_reservoir(xray):
    updated = xray.update_sampling_rule(
        SamplingRuleUpdate={"RuleName": "Default", "FixedRate": 0.2, "ReservoirSize": 3}
    )
    assert updated["SamplingRuleRecord"]["SamplingRule"] == dict(DEFAULT_RULE, FixedRate=0.2, ReservoirSize=3)

    for change in ({"Priority": 5}, {"Host": "example.com"}, {"Attributes": {"a": "b"}}):
        with pytest.raises(xray.exceptions.InvalidRequestException) as raised:
            xray.update_sampling_rule(SamplingRuleUpdate=dict(RuleName="Default", **change))
        assert "Only FixedRate and ReservoirSize" in error(raised)[2]
    with pytest.raises(xray.exceptions.InvalidRequestException):
        xray.delete_sampling_rule(RuleName="Default")
    assert rules(xray)["Default"]["SamplingRule"] == dict(DEFAULT_RULE, FixedRate=0.2, ReservoirSize=3)


def test_a_missing_rule_cannot_be_updated_or_deleted(xray):
    with pytest.raises(xray.exceptions.InvalidRequestException) as raised:
        xray.update_sampling_rule(SamplingRuleUpdate={"RuleName": "orders-api", "FixedRate": 0.5})
    assert error(raised)[:2] == ("InvalidRequestException", 400)
    with pytest.raises(xray.exceptions.InvalidRequestException):
        xray.delete_sampling_rule(RuleARN=RULE_ARN)


def test_a_deleted_rule_is_answered_and_gone_with_its_tags(xray):
    xray.create_sampling_rule(SamplingRule=RULE, Tags=[{"Key": "a", "Value": "1"}])

    deleted = xray.delete_sampling_rule(RuleName="orders-api")["SamplingRuleRecord"]

    assert deleted["SamplingRule"]["RuleARN"] == RULE_ARN
    assert list(rules(xray)) == ["Default"]
    with pytest.raises(xray.exceptions.ResourceNotFoundException):
        xray.list_tags_for_resource(ResourceARN=RULE_ARN)


# --- tags ----------------------------------------------------------------------------------------------------------


def test_tags_are_added_changed_and_removed(xray):
    xray.create_sampling_rule(SamplingRule=RULE, Tags=[{"Key": "keep", "Value": "1"}, {"Key": "drop", "Value": "2"}])

    xray.tag_resource(ResourceARN=RULE_ARN, Tags=[{"Key": "keep", "Value": "changed"}, {"Key": "add", "Value": "3"}])
    xray.untag_resource(ResourceARN=RULE_ARN, TagKeys=["drop", "not-there"])

    assert tags(xray, RULE_ARN) == {"keep": "changed", "add": "3"}


def test_the_default_rule_and_group_can_be_tagged(xray):
    for arn in (DEFAULT_RULE["RuleARN"], DEFAULT_GROUP["GroupARN"]):
        xray.tag_resource(ResourceARN=arn, Tags=[{"Key": "a", "Value": "1"}])
        assert tags(xray, arn) == {"a": "1"}


def test_tags_of_unknown_resources_are_resource_not_found(xray):
    arn = f"arn:aws:xray:us-east-1:{ACCOUNT}:sampling-rule/missing"
    calls = (
        lambda: xray.list_tags_for_resource(ResourceARN=arn),
        lambda: xray.tag_resource(ResourceARN=arn, Tags=[{"Key": "a", "Value": "1"}]),
        lambda: xray.untag_resource(ResourceARN=arn, TagKeys=["a"]),
    )
    for call in calls:
        with pytest.raises(xray.exceptions.ResourceNotFoundException) as raised:
            call()
        assert error(raised)[:2] == ("ResourceNotFoundException", 404)
        assert raised.value.response["ResourceName"] == arn


def test_at_most_50_tags_and_no_aws_keys(xray):
    xray.create_sampling_rule(SamplingRule=RULE)
    xray.tag_resource(ResourceARN=RULE_ARN, Tags=[{"Key": f"k{number}", "Value": "v"} for number in range(50)])

    with pytest.raises(xray.exceptions.TooManyTagsException):
        xray.tag_resource(ResourceARN=RULE_ARN, Tags=[{"Key": "one-more", "Value": "v"}])
    with pytest.raises(xray.exceptions.InvalidRequestException):
        xray.tag_resource(ResourceARN=RULE_ARN, Tags=[{"Key": "aws:reserved", "Value": "v"}])
    assert len(tags(xray, RULE_ARN)) == 50


# --- state -------------------------------------------------------------------------------------------------------


def test_state_is_per_region_and_emptied_by_a_reset(xray, emulator, aws):
    xray.create_group(GroupName="orders")
    xray.create_sampling_rule(SamplingRule=RULE)
    xray.update_sampling_rule(SamplingRuleUpdate={"RuleName": "Default", "FixedRate": 0.5})

    elsewhere = boto3.client("xray", endpoint_url=emulator.endpoint(), region_name="eu-west-1")
    assert [group["GroupName"] for group in elsewhere.get_groups()["Groups"]] == ["Default"]
    assert [record["SamplingRule"]["RuleName"] for record in elsewhere.get_sampling_rules()["SamplingRuleRecords"]] == [
        "Default"
    ]

    emulator.reset()

    assert [group["GroupName"] for group in xray.get_groups()["Groups"]] == ["Default"]
    assert [record["SamplingRule"] for record in xray.get_sampling_rules()["SamplingRuleRecords"]] == [DEFAULT_RULE]
