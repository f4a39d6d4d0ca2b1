"""Extension securityhub_tags: tags of the Security Hub hub."""

import pytest
from botocore.exceptions import ClientError

HUB_ARN = "arn:aws:securityhub:us-east-1:123456789012:hub/default"


def test_tags_given_when_enabling_are_listed_changed_and_removed(aws):
    securityhub = aws("securityhub")
    securityhub.enable_security_hub(EnableDefaultStandards=False, Tags={"keep": "1", "drop": "2"})
    assert securityhub.list_tags_for_resource(ResourceArn=HUB_ARN)["Tags"] == {"keep": "1", "drop": "2"}

    securityhub.tag_resource(ResourceArn=HUB_ARN, Tags={"add": "3", "keep": "one"})
    securityhub.untag_resource(ResourceArn=HUB_ARN, TagKeys=["drop"])
    assert securityhub.list_tags_for_resource(ResourceArn=HUB_ARN)["Tags"] == {"keep": "one", "add": "3"}


def test_a_hub_that_is_not_enabled_or_another_arn_is_not_found(aws):
    securityhub = aws("securityhub")
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        securityhub.list_tags_for_resource(ResourceArn=HUB_ARN)

    securityhub.enable_security_hub(EnableDefaultStandards=False)
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        securityhub.tag_resource(ResourceArn=HUB_ARN.replace("us-east-1", "eu-west-1"), Tags={"a": "1"})
