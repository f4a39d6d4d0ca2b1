"""Extension securityhub_standards: Security Hub standards subscriptions."""

import pytest
from botocore.exceptions import ClientError

FSBP = "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"
CIS_1_2 = "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"
NIST = "arn:aws:securityhub:us-east-1::standards/nist-800-53/v/5.0.0"
SUBSCRIPTION = "arn:aws:securityhub:us-east-1:123456789012:subscription/"


def enabled_standards(securityhub) -> dict[str, str]:
    found = securityhub.get_enabled_standards()["StandardsSubscriptions"]
    return {item["StandardsArn"]: item["StandardsSubscriptionArn"] for item in found}


@pytest.fixture
def securityhub(aws):
    client = aws("securityhub")
    client.enable_security_hub(EnableDefaultStandards=False)
    return client


def test_standards_are_enabled_read_back_and_disabled(securityhub):
    enabled = securityhub.batch_enable_standards(
        StandardsSubscriptionRequests=[{"StandardsArn": FSBP}, {"StandardsArn": CIS_1_2}]
    )["StandardsSubscriptions"]
    assert [(item["StandardsArn"], item["StandardsStatus"]) for item in enabled] == [
        (FSBP, "READY"),
        (CIS_1_2, "READY"),
    ]
    assert enabled_standards(securityhub) == {
        FSBP: SUBSCRIPTION + "aws-foundational-security-best-practices/v/1.0.0",
        CIS_1_2: SUBSCRIPTION + "cis-aws-foundations-benchmark/v/1.2.0",
    }

    disabled = securityhub.batch_disable_standards(StandardsSubscriptionArns=[enabled[1]["StandardsSubscriptionArn"]])
    assert disabled["StandardsSubscriptions"][0]["StandardsStatus"] == "DELETING"
    assert list(enabled_standards(securityhub)) == [FSBP]


def test_a_standard_of_another_region_or_form_is_rejected(securityhub):
    for arn in (NIST.replace("us-east-1", "eu-west-1"), "arn:aws:securityhub:us-east-1::ruleset/cis/v/1.2.0"):
        with pytest.raises(ClientError, match="InvalidInputException"):
            securityhub.batch_enable_standards(
                StandardsSubscriptionRequests=[{"StandardsArn": FSBP}, {"StandardsArn": arn}]
            )
    assert enabled_standards(securityhub) == {}


def test_an_unknown_subscription_cannot_be_disabled(securityhub):
    with pytest.raises(ClientError, match="InvalidInputException"):
        securityhub.batch_disable_standards(StandardsSubscriptionArns=[SUBSCRIPTION + "nist-800-53/v/5.0.0"])


def test_enabling_the_hub_subscribes_to_the_default_standards_unless_told_not_to(aws):
    securityhub = aws("securityhub")
    securityhub.enable_security_hub()
    assert list(enabled_standards(securityhub)) == [FSBP, CIS_1_2]


def test_disabling_the_hub_drops_its_subscriptions(securityhub):
    securityhub.batch_enable_standards(StandardsSubscriptionRequests=[{"StandardsArn": NIST}])
    securityhub.disable_security_hub()

    with pytest.raises(ClientError, match="InvalidAccessException"):
        securityhub.get_enabled_standards()
    securityhub.enable_security_hub(EnableDefaultStandards=False)
    assert enabled_standards(securityhub) == {}
