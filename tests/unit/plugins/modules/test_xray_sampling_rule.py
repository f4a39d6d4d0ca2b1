"""Unit tests of seed.aws_platform.xray_sampling_rule.

moto 5.2.1 has no X-Ray sampling rules (only the emulator's extension xray_groups_and_sampling_rules has them, in the
server), so botocore's Stubber backs every test and asserts the exact requests; a request the test did not expect
fails the module with Stubber's error.
"""

import datetime

import pytest

from ansible_collections.seed.aws_platform.plugins.modules.xray_sampling_rule import main

REGION = "us-east-1"
ACCOUNT = "123456789012"
NAME = "orders-api-get"
ARN = f"arn:aws:xray:{REGION}:{ACCOUNT}:sampling-rule/{NAME}"
DEFAULT_ARN = f"arn:aws:xray:{REGION}:{ACCOUNT}:sampling-rule/Default"
CREATED = datetime.datetime(2024, 5, 2, 9, 41, 12, tzinfo=datetime.timezone.utc)
MODIFIED = datetime.datetime(2024, 5, 3, 10, 0, 0, tzinfo=datetime.timezone.utc)
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
RULE = dict(
    RuleName=NAME,
    Priority=100,
    FixedRate=0.1,
    ReservoirSize=5,
    Version=1,
    Attributes={"TeamName": "orders"},
    ServiceName="orders",
    ServiceType="*",
    Host="*",
    HTTPMethod="GET",
    URLPath="/api/*",
    ResourceARN="*",
)
ARGS = dict(
    name=NAME,
    priority=100,
    fixed_rate=0.1,
    reservoir_size=5,
    service_name="orders",
    http_method="GET",
    url_path="/api/*",
    attributes={"TeamName": "orders"},
)
EVERYTHING = dict(ServiceName="*", ServiceType="*", Host="*", HTTPMethod="*", URLPath="*", ResourceARN="*")


@pytest.fixture
def xray(stubbed):
    return stubbed("xray")


def record(**changes):
    """A rule's record as GetSamplingRules answers it; a change to None drops the key."""
    rule = {**RULE, "RuleARN": ARN, **changes}
    return dict(
        SamplingRule={key: value for key, value in rule.items() if value is not None},
        CreatedAt=CREATED,
        ModifiedAt=MODIFIED,
    )


def default_record(**changes):
    rule = dict(
        RuleName="Default",
        RuleARN=DEFAULT_ARN,
        Priority=10000,
        FixedRate=0.05,
        ReservoirSize=1,
        Version=1,
        Attributes={},
        **EVERYTHING,
    )
    return dict(SamplingRule=dict(rule, **changes), CreatedAt=EPOCH, ModifiedAt=EPOCH)


def expect_rules(xray, *records, token=None, next_token=None):
    """One page of GetSamplingRules."""
    answer = dict(SamplingRuleRecords=list(records))
    if next_token:
        answer["NextToken"] = next_token
    xray.add_response("get_sampling_rules", answer, dict(NextToken=token) if token else {})


def expect_existing(xray, found, tags=None):
    """The module's first look: the rules (the Default one and this one), then this one's tags."""
    expect_rules(xray, found, default_record())
    arn = found["SamplingRule"]["RuleARN"]
    xray.add_response(
        "list_tags_for_resource",
        dict(Tags=[dict(Key=key, Value=value) for key, value in (tags or {}).items()]),
        dict(ResourceARN=arn),
    )


def expect_missing(xray):
    expect_rules(xray, default_record())


def expect_update(xray, answer, name=NAME, **changes):
    xray.add_response(
        "update_sampling_rule", dict(SamplingRuleRecord=answer), dict(SamplingRuleUpdate=dict(RuleName=name, **changes))
    )


# --- creation ------------------------------------------------------------------------------------


def test_creates_the_rule_with_its_tags(run_module, xray):
    expect_missing(xray)
    xray.add_response(
        "create_sampling_rule",
        dict(SamplingRuleRecord=record()),
        dict(SamplingRule=RULE, Tags=[dict(Key="Environment", Value="production")]),
    )

    result = run_module(main, dict(ARGS, tags={"Environment": "production"}), diff=True)

    assert (result["changed"], result["changes"]) == (True, ["created"])
    assert result["sampling_rule"] == dict(
        rule_name=NAME,
        rule_arn=ARN,
        priority=100,
        fixed_rate=0.1,
        reservoir_size=5,
        version=1,
        service_name="orders",
        service_type="*",
        host="*",
        http_method="GET",
        url_path="/api/*",
        resource_arn="*",
        # Attribute keys are the user's, not snake_cased.
        attributes={"TeamName": "orders"},
        created_at="2024-05-02T09:41:12+00:00",
        modified_at="2024-05-03T10:00:00+00:00",
        tags={"Environment": "production"},
    )
    assert result["diff"] == dict(before=dict(sampling_rule={}), after=dict(sampling_rule=result["sampling_rule"]))


def test_a_rule_with_the_defaults_matches_everything(run_module, xray):
    expect_missing(xray)
    rule = dict(RuleName=NAME, Priority=9999, FixedRate=0.0, ReservoirSize=0, Version=1, Attributes={}, **EVERYTHING)
    xray.add_response("create_sampling_rule", dict(SamplingRuleRecord=record(**rule)), dict(SamplingRule=rule))

    result = run_module(main, dict(rule_name=NAME, priority=9999, fixed_rate=0, reservoir_size=0))

    assert (result["changed"], result["changes"]) == (True, ["created"])
    assert result["sampling_rule"]["attributes"] == {} and result["sampling_rule"]["tags"] == {}


def test_check_mode_reports_the_creation_and_creates_nothing(run_module, xray):
    expect_missing(xray)

    result = run_module(main, dict(ARGS, tags={"a": 1}), check_mode=True, diff=True)

    assert (result["changed"], result["changes"]) == (True, ["created"])
    rule = result["sampling_rule"]
    assert "rule_arn" not in rule and "created_at" not in rule
    assert (rule["rule_name"], rule["priority"], rule["http_method"], rule["host"]) == (NAME, 100, "GET", "*")
    assert rule["attributes"] == {"TeamName": "orders"} and rule["tags"] == {"a": "1"}
    assert result["diff"]["before"] == dict(sampling_rule={})


def test_the_rule_is_found_on_a_later_page(run_module, xray):
    expect_rules(xray, record(RuleName="other", RuleARN=ARN + "-other"), next_token="page-2")
    expect_rules(xray, record(), default_record(), token="page-2")
    xray.add_response("list_tags_for_resource", dict(Tags=[]), dict(ResourceARN=ARN))

    result = run_module(main, ARGS)

    assert (result["changed"], result["changes"]) == (False, [])


def test_a_rule_on_no_page_is_created(run_module, xray):
    expect_rules(xray, record(RuleName="other", RuleARN=ARN + "-other"), next_token="page-2")
    expect_rules(xray, default_record(), token="page-2")
    xray.add_response("create_sampling_rule", dict(SamplingRuleRecord=record()), dict(SamplingRule=RULE))

    result = run_module(main, ARGS)

    assert result["changes"] == ["created"]


# --- an existing rule ----------------------------------------------------------------------------


def test_a_rule_as_aws_has_it_changes_nothing(run_module, xray):
    expect_existing(xray, record(), tags={"Environment": "production"})

    result = run_module(main, dict(ARGS, tags={"Environment": "production"}), diff=True)

    assert (result["changed"], result["changes"]) == (False, [])
    assert result["sampling_rule"]["rule_arn"] == ARN
    assert result["diff"]["before"] == result["diff"]["after"]


def test_check_mode_on_a_converged_rule_changes_nothing(run_module, xray):
    expect_existing(xray, record())

    result = run_module(main, ARGS, check_mode=True)

    assert (result["changed"], result["changes"]) == (False, [])


def test_numbers_in_attributes_and_rates_equal_to_ten_places_are_no_change(run_module, xray):
    expect_existing(xray, record(Attributes={"port": "8080"}, FixedRate=0.1000000000001))

    result = run_module(main, dict(ARGS, attributes={"port": 8080}))

    assert (result["changed"], result["changes"]) == (False, [])


@pytest.mark.parametrize(
    "args, change, request_",
    [
        (dict(priority=7), "priority", dict(Priority=7)),
        (dict(fixed_rate=0.5), "fixed_rate", dict(FixedRate=0.5)),
        (dict(reservoir_size=0), "reservoir_size", dict(ReservoirSize=0)),
        (dict(service_name="payments"), "service_name", dict(ServiceName="payments")),
        (dict(service_type="AWS::ECS::Container"), "service_type", dict(ServiceType="AWS::ECS::Container")),
        (dict(host="api.example.com"), "host", dict(Host="api.example.com")),
        (dict(http_method="POST"), "http_method", dict(HTTPMethod="POST")),
        (dict(url_path="/health"), "url_path", dict(URLPath="/health")),
        (
            dict(resource_arn="arn:aws:ecs:us-east-1:123456789012:service/main/orders"),
            "resource_arn",
            dict(ResourceARN="arn:aws:ecs:us-east-1:123456789012:service/main/orders"),
        ),
        (dict(attributes={"TeamName": "payments"}), "attributes", dict(Attributes={"TeamName": "payments"})),
        (dict(attributes=None), "attributes", dict(Attributes={})),
    ],
)
def test_each_difference_is_updated_alone(run_module, xray, args, change, request_):
    expect_existing(xray, record())
    expect_update(xray, record(**request_), **request_)

    result = run_module(main, dict(ARGS, **args), diff=True)

    assert (result["changed"], result["changes"]) == (True, [change])
    assert result["diff"]["before"] != result["diff"]["after"]


def test_several_differences_are_updated_in_one_call(run_module, xray):
    expect_existing(xray, record())
    expect_update(xray, record(Priority=7, Host="api.example.com"), Priority=7, Host="api.example.com")

    result = run_module(main, dict(ARGS, priority=7, host="api.example.com"))

    assert result["changes"] == ["priority", "host"]


def test_the_rule_after_the_update_is_the_one_aws_answers(run_module, xray):
    expect_existing(xray, record())
    later = datetime.datetime(2024, 6, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)
    expect_update(xray, dict(record(FixedRate=0.5), ModifiedAt=later), FixedRate=0.5)

    result = run_module(main, dict(ARGS, fixed_rate=0.5))

    assert result["sampling_rule"]["fixed_rate"] == 0.5
    assert result["sampling_rule"]["modified_at"] == "2024-06-01T12:00:00+00:00"


def test_check_mode_reports_the_updates_with_their_diff(run_module, xray):
    expect_existing(xray, record(), tags={"drop": "1"})

    result = run_module(main, dict(ARGS, fixed_rate=0.5, attributes=None, tags={}), check_mode=True, diff=True)

    assert (result["changed"], result["changes"]) == (True, ["fixed_rate", "attributes", "tags"])
    after = result["diff"]["after"]["sampling_rule"]
    assert (after["fixed_rate"], after["attributes"], after["tags"]) == (0.5, {}, {})
    assert after["rule_arn"] == ARN and after["created_at"] == "2024-05-02T09:41:12+00:00"
    assert result["diff"]["before"]["sampling_rule"]["fixed_rate"] == 0.1


# --- tags ------------------------------------------------------------------------------------------------


def test_tags_are_added_changed_and_purged(run_module, xray):
    expect_existing(xray, record(), tags={"keep": "1", "drop": "2", "change": "old"})
    xray.add_response("untag_resource", {}, dict(ResourceARN=ARN, TagKeys=["drop"]))
    xray.add_response(
        "tag_resource", {}, dict(ResourceARN=ARN, Tags=[dict(Key="add", Value="3"), dict(Key="change", Value="new")])
    )

    result = run_module(main, dict(ARGS, tags={"keep": "1", "change": "new", "add": 3}))

    assert (result["changed"], result["changes"]) == (True, ["tags"])
    assert result["sampling_rule"]["tags"] == {"keep": "1", "change": "new", "add": "3"}


def test_purge_tags_false_only_adds_and_omitted_tags_are_left_alone(run_module, xray):
    expect_existing(xray, record(), tags={"keep": "1"})
    xray.add_response("tag_resource", {}, dict(ResourceARN=ARN, Tags=[dict(Key="add", Value="2")]))
    expect_existing(xray, record(), tags={"keep": "1", "add": "2"})

    added = run_module(main, dict(ARGS, tags={"add": "2"}, purge_tags=False))
    untouched = run_module(main, ARGS)

    assert (added["changes"], untouched["changes"]) == (["tags"], [])
    assert untouched["sampling_rule"]["tags"] == {"keep": "1", "add": "2"}


# --- deletion --------------------------------------------------------------------------------------------


def test_absent_deletes_the_rule(run_module, xray):
    expect_existing(xray, record(), tags={"Environment": "production"})
    xray.add_response("delete_sampling_rule", dict(SamplingRuleRecord=record()), dict(RuleName=NAME))

    result = run_module(main, dict(name=NAME, state="absent"), diff=True)

    assert (result["changed"], result["changes"], result["sampling_rule"]) == (True, ["deleted"], {})
    assert result["diff"]["before"]["sampling_rule"]["tags"] == {"Environment": "production"}
    assert result["diff"]["after"] == dict(sampling_rule={})


def test_absent_when_the_rule_does_not_exist_changes_nothing(run_module, xray):
    expect_missing(xray)

    result = run_module(main, dict(name=NAME, state="absent"), diff=True)

    assert (result["changed"], result["changes"], result["sampling_rule"]) == (False, [], {})


def test_absent_in_check_mode_deletes_nothing(run_module, xray):
    expect_existing(xray, record())

    result = run_module(main, dict(name=NAME, state="absent"), check_mode=True)

    assert (result["changed"], result["changes"]) == (True, ["deleted"])


def test_absent_does_not_validate_the_configuration(run_module, xray):
    expect_missing(xray)

    result = run_module(main, dict(name=NAME, state="absent", priority=0, fixed_rate=7, version=2))

    assert (result["failed"], result["changed"]) == (False, False)


# --- the Default rule ----------------------------------------------------------------------------------------


def test_the_rate_and_reservoir_of_the_default_rule_are_updated(run_module, xray):
    expect_existing(xray, default_record())
    expect_update(
        xray, default_record(FixedRate=0.01, ReservoirSize=2), name="Default", FixedRate=0.01, ReservoirSize=2
    )

    result = run_module(main, dict(name="Default", fixed_rate=0.01, reservoir_size=2), diff=True)

    assert (result["changed"], result["changes"]) == (True, ["fixed_rate", "reservoir_size"])
    rule = result["sampling_rule"]
    assert (rule["priority"], rule["fixed_rate"], rule["reservoir_size"]) == (10000, 0.01, 2)
    assert rule["created_at"] == "1970-01-01T00:00:00+00:00"


def test_a_converged_default_rule_changes_nothing(run_module, xray):
    expect_existing(xray, default_record(), tags={"a": "1"})

    result = run_module(main, dict(name="Default", fixed_rate=0.05, reservoir_size=1, tags={"a": "1"}))

    assert (result["changed"], result["changes"]) == (False, [])


def test_the_default_rule_is_tagged(run_module, xray):
    expect_existing(xray, default_record())
    xray.add_response("tag_resource", {}, dict(ResourceARN=DEFAULT_ARN, Tags=[dict(Key="a", Value="1")]))

    result = run_module(main, dict(name="Default", fixed_rate=0.05, reservoir_size=1, tags={"a": "1"}))

    assert result["changes"] == ["tags"]


def test_a_missing_default_rule_is_not_created(run_module, xray):
    expect_rules(xray)

    result = run_module(main, dict(name="Default", fixed_rate=0.05, reservoir_size=1), check_mode=True)

    assert result["failed"] is True
    assert result["msg"] == (
        "X-Ray has no Default sampling rule in this region, and the name Default is reserved: it cannot be created."
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (
            dict(state="absent"),
            "the Default sampling rule cannot be deleted: X-Ray keeps it in every region.",
        ),
        (
            dict(fixed_rate=0.05, reservoir_size=1, priority=1),
            "the priority of the Default sampling rule cannot be set: it is always 10000, the last.",
        ),
        (
            dict(fixed_rate=0.05, reservoir_size=1, host="api.example.com", url_path="/", attributes={"a": "b"}),
            "the Default sampling rule matches every request: only fixed_rate, reservoir_size and tags can be changed,"
            " leave out host, url_path, attributes.",
        ),
    ],
)
def test_what_the_default_rule_does_not_allow_fails_before_any_call(run_module, xray, args, message):
    result = run_module(main, dict(name="Default", **args))

    assert result["failed"] is True and result["msg"] == message


# --- validation ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (dict(name=""), "name must be 1 to 32 characters long, not 0."),
        (dict(name="x" * 33), "name must be 1 to 32 characters long, not 33."),
        (dict(priority=None), "priority is required with state=present: from 1 to 9999, the lowest applies first."),
        (dict(priority=0), "priority must be from 1 to 9999, not 0."),
        (dict(priority=10000), "priority must be from 1 to 9999, not 10000."),
        (dict(fixed_rate=1.5), "fixed_rate is a fraction of the requests, from 0 to 1, not 1.5."),
        (dict(fixed_rate=-0.1), "fixed_rate is a fraction of the requests, from 0 to 1, not -0.1."),
        (dict(reservoir_size=-1), "reservoir_size must be at least 0, not -1."),
        (dict(http_method="x" * 11), "http_method must be at most 10 characters long, not 11."),
        (dict(service_name="x" * 65), "service_name must be at most 64 characters long, not 65."),
        (dict(url_path="/" * 129), "url_path must be at most 128 characters long, not 129."),
        (dict(resource_arn="a" * 501), "resource_arn must be at most 500 characters long, not 501."),
        (
            dict(attributes={f"k{number}": "v" for number in range(6)}),
            "attributes can hold 5 attributes at most, not 6.",
        ),
        (dict(attributes={"k": ""}), "attributes 'k': keys and values must be 1 to 32 characters long."),
        (dict(version=2), "version must be 1, the only version of the sampling rule format, not 2."),
        (
            dict(priority=0, fixed_rate=2),
            "priority must be from 1 to 9999, not 0; fixed_rate is a fraction of the requests, from 0 to 1, not 2.0.",
        ),
    ],
)
def test_invalid_arguments_fail_before_any_call(run_module, xray, args, message):
    result = run_module(main, dict(ARGS, **args))

    assert result["failed"] is True and result["msg"] == message


def test_the_rate_and_reservoir_are_required_with_state_present(run_module, xray):
    result = run_module(main, dict(name=NAME, priority=1))

    assert result["failed"] is True
    assert "state is present but all of the following are missing: fixed_rate, reservoir_size" in result["msg"]


# --- AWS errors -------------------------------------------------------------------------------------------------


def test_a_failed_lookup_is_reported(run_module, xray):
    xray.add_client_error("get_sampling_rules", service_error_code="AccessDeniedException", http_status_code=403)

    result = run_module(main, dict(name=NAME, state="absent"))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to list the X-Ray sampling rules to find orders-api-get")


def test_a_failed_tag_lookup_is_reported(run_module, xray):
    expect_rules(xray, record())
    xray.add_client_error(
        "list_tags_for_resource", service_error_code="ResourceNotFoundException", http_status_code=404
    )

    result = run_module(main, ARGS)

    assert result["failed"] is True and result["msg"].startswith(f"Failed to list the tags of {ARN}")


def test_the_rule_limit_is_reported(run_module, xray):
    expect_missing(xray)
    xray.add_client_error(
        "create_sampling_rule",
        service_error_code="RuleLimitExceededException",
        service_message="You have reached the maximum number of sampling rules.",
    )

    result = run_module(main, ARGS)

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to create X-Ray sampling rule orders-api-get")
    assert result["error"]["code"] == "RuleLimitExceededException"


def test_a_failed_update_is_reported(run_module, xray):
    expect_existing(xray, record())
    xray.add_client_error("update_sampling_rule", service_error_code="InvalidRequestException", service_message="No")

    result = run_module(main, dict(ARGS, priority=7))

    assert result["failed"] is True and result["msg"].startswith("Failed to update X-Ray sampling rule orders-api-get")


def test_a_failed_deletion_is_reported(run_module, xray):
    expect_existing(xray, record())
    xray.add_client_error("delete_sampling_rule", service_error_code="InvalidRequestException", service_message="No")

    result = run_module(main, dict(name=NAME, state="absent"))

    assert result["failed"] is True and result["msg"].startswith("Failed to delete X-Ray sampling rule orders-api-get")


def test_a_failed_tag_change_is_reported(run_module, xray):
    expect_existing(xray, record())
    xray.add_client_error("tag_resource", service_error_code="TooManyTagsException", http_status_code=400)

    result = run_module(main, dict(ARGS, tags={"a": "1"}))

    assert result["failed"] is True and result["msg"].startswith(f"Failed to update the tags of {ARN}")


def test_throttling_is_retried(run_module, xray, sleeps):
    xray.add_client_error("get_sampling_rules", service_error_code="ThrottledException", http_status_code=429)
    expect_existing(xray, record())

    result = run_module(main, ARGS)

    assert (result["failed"], result["changed"]) == (False, False)
    assert len(sleeps) == 1
