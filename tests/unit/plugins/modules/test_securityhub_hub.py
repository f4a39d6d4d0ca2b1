"""Unit tests of seed.aws_platform.securityhub_hub.

moto (in-process) backs what it implements: DescribeHub, EnableSecurityHub and DisableSecurityHub, so
the paths that read nothing else (check mode on a new hub, state=absent). Everything that reads or changes
tags or standards goes through botocore's Stubber: moto has no ListTagsForResource, TagResource,
UntagResource, GetEnabledStandards, BatchEnableStandards, BatchDisableStandards or
UpdateSecurityHubConfiguration, and its DescribeHub always reports the default configuration.
"""

import boto3
import pytest
from botocore.exceptions import ClientError

from ansible_collections.seed.aws_platform.plugins.modules.securityhub_hub import main

REGION = "us-east-1"
ACCOUNT = "123456789012"
HUB_ARN = f"arn:aws:securityhub:{REGION}:{ACCOUNT}:hub/default"
FSBP = f"arn:aws:securityhub:{REGION}::standards/aws-foundational-security-best-practices/v/1.0.0"
CIS_1_2 = "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"
CIS_3 = f"arn:aws:securityhub:{REGION}::standards/cis-aws-foundations-benchmark/v/3.0.0"
NIST = f"arn:aws:securityhub:{REGION}::standards/nist-800-53/v/5.0.0"
PCI = f"arn:aws:securityhub:{REGION}::standards/pci-dss/v/4.0.1"


@pytest.fixture
def securityhub(aws):
    return boto3.client("securityhub", region_name=REGION)


def hub_is_enabled(securityhub) -> bool:
    try:
        securityhub.describe_hub()
    except ClientError as e:
        assert e.response["Error"]["Code"] == "InvalidAccessException"
        return False
    return True


# --- moto ---------------------------------------------------------------------------------------


def test_check_mode_reports_enabling_and_enables_nothing(run_module, securityhub):
    args = dict(
        standards=[
            "aws-foundational-security-best-practices",
            "cis-aws-foundations-benchmark",
            "nist-800-53",
            "pci-dss",
        ],
        control_finding_generator="STANDARD_CONTROL",
        tags={"Environment": "prod"},
    )

    result = run_module(main, args, check_mode=True)

    assert result["changed"] is True
    assert result["hub"] == dict(
        auto_enable_controls=True, control_finding_generator="STANDARD_CONTROL", tags={"Environment": "prod"}
    )
    assert result["standards"] == [dict(standards_arn=arn) for arn in (FSBP, CIS_3, NIST, PCI)]
    assert not hub_is_enabled(securityhub)


def test_check_mode_predicts_the_default_standards(run_module, securityhub):
    only_defaults = run_module(main, dict(enable_default_standards=True), check_mode=True)
    purged = run_module(main, dict(enable_default_standards=True, standards=[NIST, FSBP]), check_mode=True)

    assert [item["standards_arn"] for item in only_defaults["standards"]] == [FSBP, CIS_1_2]
    assert [item["standards_arn"] for item in purged["standards"]] == [FSBP, NIST]
    assert not hub_is_enabled(securityhub)


def test_absent_disables_the_hub(run_module, securityhub):
    securityhub.enable_security_hub(EnableDefaultStandards=False)

    result = run_module(main, dict(state="absent"))

    assert result == dict(changed=True, hub={}, standards=[], failed=False)
    assert not hub_is_enabled(securityhub)


def test_absent_in_check_mode_keeps_the_hub(run_module, securityhub):
    securityhub.enable_security_hub(EnableDefaultStandards=False)

    result = run_module(main, dict(state="absent"), check_mode=True)

    assert result["changed"] is True
    assert hub_is_enabled(securityhub)


def test_absent_when_not_enabled_changes_nothing(run_module, securityhub):
    result = run_module(main, dict(state="absent"), diff=True)

    assert result["changed"] is False
    assert result["diff"] == dict(before=dict(hub={}, standards=[]), after=dict(hub={}, standards=[]))


def test_unknown_short_names_fail_before_any_change(run_module, securityhub):
    result = run_module(main, dict(standards=["cis", FSBP, "soc2"]))

    assert result["failed"] is True
    assert result["msg"] == (
        "Unknown standards cis, soc2: give an ARN or one of aws-foundational-security-best-practices, "
        "cis-aws-foundations-benchmark, nist-800-53, pci-dss."
    )
    assert not hub_is_enabled(securityhub)


# --- Stubber ------------------------------------------------------------------------------------

SUBSCRIBED_AT = "2024-05-01T10:20:30.123Z"


def subscription(standards_arn, status="READY"):
    name = standards_arn.split("/", 1)[1]
    return dict(
        StandardsSubscriptionArn=f"arn:aws:securityhub:{REGION}:{ACCOUNT}:subscription/{name}",
        StandardsArn=standards_arn,
        StandardsInput={},
        StandardsStatus=status,
    )


def statuses(result):
    return [(item["standards_arn"], item["standards_status"]) for item in result["standards"]]


def expect_not_enabled(stubber):
    stubber.add_client_error(
        "describe_hub", service_error_code="InvalidAccessException", service_message="Account is not subscribed"
    )


def expect_hub(stubber, tags=None, standards=(), auto_enable_controls=True, generator="SECURITY_CONTROL"):
    """DescribeHub, ListTagsForResource and GetEnabledStandards of an enabled hub."""
    stubber.add_response(
        "describe_hub",
        dict(
            HubArn=HUB_ARN,
            SubscribedAt=SUBSCRIBED_AT,
            AutoEnableControls=auto_enable_controls,
            ControlFindingGenerator=generator,
        ),
        {},
    )
    stubber.add_response("list_tags_for_resource", {"Tags": tags or {}}, {"ResourceArn": HUB_ARN})
    stubber.add_response("get_enabled_standards", {"StandardsSubscriptions": list(standards)}, {})


def expect_enable_standards(stubber, arns):
    stubber.add_response(
        "batch_enable_standards",
        {"StandardsSubscriptions": [subscription(arn, "PENDING") for arn in arns]},
        {"StandardsSubscriptionRequests": [{"StandardsArn": arn} for arn in arns]},
    )


def expect_disable_standards(stubber, arns):
    subscriptions = [subscription(arn, "DELETING") for arn in arns]
    stubber.add_response(
        "batch_disable_standards",
        {"StandardsSubscriptions": subscriptions},
        {"StandardsSubscriptionArns": [item["StandardsSubscriptionArn"] for item in subscriptions]},
    )


def test_enables_the_hub_with_tags_and_standards(run_module, stubbed):
    securityhub = stubbed("securityhub")
    expect_not_enabled(securityhub)
    securityhub.add_response(
        "enable_security_hub",
        {},
        {
            "EnableDefaultStandards": False,
            "ControlFindingGenerator": "SECURITY_CONTROL",
            "Tags": {"CostCenter": "1234"},
        },
    )
    expect_hub(securityhub, tags={"CostCenter": "1234"})
    expect_enable_standards(securityhub, [FSBP, CIS_1_2])

    result = run_module(
        main, dict(standards=["aws-foundational-security-best-practices", CIS_1_2], tags={"CostCenter": 1234})
    )

    assert result["changed"] is True
    assert result["hub"] == dict(
        hub_arn=HUB_ARN,
        subscribed_at=SUBSCRIBED_AT,
        auto_enable_controls=True,
        control_finding_generator="SECURITY_CONTROL",
        tags={"CostCenter": "1234"},
    )
    assert result["standards"] == [
        dict(
            standards_arn=arn,
            standards_subscription_arn=subscription(arn)["StandardsSubscriptionArn"],
            standards_input={},
            standards_status="PENDING",
        )
        for arn in (FSBP, CIS_1_2)
    ]


def test_a_converged_hub_changes_nothing(run_module, stubbed):
    securityhub = stubbed("securityhub")
    expect_hub(securityhub, tags={"a": "1"}, standards=[subscription(FSBP), subscription(NIST)])

    result = run_module(main, dict(standards=["nist-800-53", FSBP, "nist-800-53"], tags={"a": "1"}))

    assert result["changed"] is False
    assert [item["standards_arn"] for item in result["standards"]] == [FSBP, NIST]
    assert result["hub"]["tags"] == {"a": "1"}


def test_standards_converge_exactly_to_the_list(run_module, stubbed):
    securityhub = stubbed("securityhub")
    expect_hub(securityhub, standards=[subscription(FSBP), subscription(CIS_1_2), subscription(PCI)])
    expect_disable_standards(securityhub, [CIS_1_2, PCI])
    expect_enable_standards(securityhub, [NIST])

    result = run_module(main, dict(standards=["aws-foundational-security-best-practices", "nist-800-53"]))

    assert result["changed"] is True
    assert statuses(result) == [(FSBP, "READY"), (NIST, "PENDING")]


def test_purge_standards_false_only_adds(run_module, stubbed):
    securityhub = stubbed("securityhub")
    expect_hub(securityhub, standards=[subscription(CIS_1_2)])
    expect_enable_standards(securityhub, [CIS_3])

    result = run_module(main, dict(standards=["cis-aws-foundations-benchmark"], purge_standards=False))

    assert result["changed"] is True
    assert [item["standards_arn"] for item in result["standards"]] == [CIS_1_2, CIS_3]


def test_an_empty_list_disables_every_standard(run_module, stubbed):
    securityhub = stubbed("securityhub")
    expect_hub(securityhub, standards=[subscription(FSBP), subscription(CIS_1_2)])
    expect_disable_standards(securityhub, [FSBP, CIS_1_2])

    result = run_module(main, dict(standards=[]))

    assert result["changed"] is True
    assert result["standards"] == []


def test_a_subscription_being_deleted_counts_as_disabled(run_module, stubbed):
    securityhub = stubbed("securityhub")
    expect_hub(securityhub, standards=[subscription(FSBP), subscription(NIST, "DELETING")])
    expect_enable_standards(securityhub, [NIST])

    result = run_module(main, dict(standards=[FSBP, NIST]))

    assert result["changed"] is True
    assert statuses(result) == [(FSBP, "READY"), (NIST, "PENDING")]


def test_omitted_standards_and_tags_are_left_alone(run_module, stubbed):
    securityhub = stubbed("securityhub")
    expect_hub(securityhub, tags={"a": "1"}, standards=[subscription(PCI)])

    result = run_module(main, {})

    assert result["changed"] is False
    assert [item["standards_arn"] for item in result["standards"]] == [PCI]
    assert result["hub"]["tags"] == {"a": "1"}


def test_the_configuration_is_updated(run_module, stubbed):
    securityhub = stubbed("securityhub")
    expect_hub(securityhub, auto_enable_controls=False, generator="STANDARD_CONTROL")
    securityhub.add_response(
        "update_security_hub_configuration",
        {},
        {"AutoEnableControls": True, "ControlFindingGenerator": "SECURITY_CONTROL"},
    )

    result = run_module(main, {})

    assert result["changed"] is True
    assert (result["hub"]["auto_enable_controls"], result["hub"]["control_finding_generator"]) == (
        True,
        "SECURITY_CONTROL",
    )


def test_a_new_hub_that_must_not_enable_new_controls_is_then_configured(run_module, stubbed):
    securityhub = stubbed("securityhub")
    expect_not_enabled(securityhub)
    securityhub.add_response(
        "enable_security_hub", {}, {"EnableDefaultStandards": True, "ControlFindingGenerator": "STANDARD_CONTROL"}
    )
    expect_hub(securityhub, standards=[subscription(FSBP, "PENDING"), subscription(CIS_1_2, "PENDING")])
    securityhub.add_response(
        "update_security_hub_configuration",
        {},
        {"AutoEnableControls": False, "ControlFindingGenerator": "STANDARD_CONTROL"},
    )

    args = dict(enable_default_standards=True, auto_enable_controls=False, control_finding_generator="STANDARD_CONTROL")
    result = run_module(main, args)

    assert result["changed"] is True
    assert result["hub"]["auto_enable_controls"] is False
    assert [item["standards_arn"] for item in result["standards"]] == [FSBP, CIS_1_2]


def test_tags_are_added_changed_and_removed(run_module, stubbed):
    securityhub = stubbed("securityhub")
    expect_hub(securityhub, tags={"keep": "1", "drop": "2", "change": "old"})
    securityhub.add_response("untag_resource", {}, {"ResourceArn": HUB_ARN, "TagKeys": ["drop"]})
    securityhub.add_response("tag_resource", {}, {"ResourceArn": HUB_ARN, "Tags": {"change": "new", "add": "3"}})

    result = run_module(main, dict(tags={"keep": "1", "change": "new", "add": "3"}))

    assert result["changed"] is True
    assert result["hub"]["tags"] == {"keep": "1", "change": "new", "add": "3"}


def test_purge_tags_false_only_adds(run_module, stubbed):
    securityhub = stubbed("securityhub")
    expect_hub(securityhub, tags={"a": "1"})
    securityhub.add_response("tag_resource", {}, {"ResourceArn": HUB_ARN, "Tags": {"b": "2"}})

    result = run_module(main, dict(tags={"b": "2"}, purge_tags=False))

    assert result["changed"] is True
    assert result["hub"]["tags"] == {"a": "1", "b": "2"}


def test_check_mode_reports_every_change_without_calls(run_module, stubbed):
    securityhub = stubbed("securityhub")
    expect_hub(securityhub, tags={"a": "1"}, standards=[subscription(FSBP)], generator="STANDARD_CONTROL")

    result = run_module(main, dict(standards=["nist-800-53"], tags={"b": "2"}), check_mode=True, diff=True)

    assert result["changed"] is True
    assert result["hub"]["control_finding_generator"] == "SECURITY_CONTROL"
    assert result["hub"]["tags"] == {"b": "2"}
    assert result["standards"] == [dict(standards_arn=NIST)]
    before = result["diff"]["before"]
    assert (before["hub"]["control_finding_generator"], before["hub"]["tags"]) == ("STANDARD_CONTROL", {"a": "1"})
    assert [item["standards_arn"] for item in before["standards"]] == [FSBP]
    assert result["diff"]["after"] == dict(hub=result["hub"], standards=result["standards"])


def test_enabled_standards_are_read_across_pages(run_module, stubbed):
    securityhub = stubbed("securityhub")
    securityhub.add_response(
        "describe_hub",
        dict(
            HubArn=HUB_ARN,
            SubscribedAt=SUBSCRIBED_AT,
            AutoEnableControls=True,
            ControlFindingGenerator="SECURITY_CONTROL",
        ),
    )
    securityhub.add_response("list_tags_for_resource", {"Tags": {}})
    securityhub.add_response(
        "get_enabled_standards", {"StandardsSubscriptions": [subscription(FSBP)], "NextToken": "page2"}
    )
    securityhub.add_response(
        "get_enabled_standards", {"StandardsSubscriptions": [subscription(NIST)]}, {"NextToken": "page2"}
    )

    result = run_module(main, dict(standards=[FSBP, NIST]))

    assert result["changed"] is False


def test_a_hub_disabled_meanwhile_counts_as_disabled(run_module, stubbed):
    securityhub = stubbed("securityhub")
    securityhub.add_response("describe_hub", dict(HubArn=HUB_ARN, SubscribedAt=SUBSCRIBED_AT))
    securityhub.add_client_error("disable_security_hub", service_error_code="InvalidAccessException")

    result = run_module(main, dict(state="absent"))

    assert (result["changed"], result["failed"]) == (True, False)


def test_throttled_calls_are_retried(run_module, stubbed, sleeps):
    securityhub = stubbed("securityhub")
    securityhub.add_client_error("describe_hub", service_error_code="TooManyRequestsException", http_status_code=429)
    expect_hub(securityhub)
    securityhub.add_client_error(
        "batch_enable_standards", service_error_code="TooManyRequestsException", http_status_code=429
    )
    expect_enable_standards(securityhub, [PCI])

    result = run_module(main, dict(standards=["pci-dss"]))

    assert result["changed"] is True
    assert len(sleeps) == 2


def test_a_rejected_standard_is_reported(run_module, stubbed):
    securityhub = stubbed("securityhub")
    expect_hub(securityhub)
    securityhub.add_client_error(
        "batch_enable_standards", service_error_code="InvalidInputException", service_message="Invalid StandardsArn"
    )

    result = run_module(main, dict(standards=["arn:aws:securityhub:us-east-1::standards/made-up/v/1.0.0"]))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to update the standards of Security Hub")
    assert result["error"]["code"] == "InvalidInputException"
