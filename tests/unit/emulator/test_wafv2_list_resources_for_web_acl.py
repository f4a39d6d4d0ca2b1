"""Extension wafv2_list_resources_for_web_acl: the resources an ACL protects, one ACL per resource."""

import pytest
from botocore.exceptions import ClientError

ALB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188"
API = "arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/prod"
VISIBILITY = {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": "m"}


def _acl(wafv2, name):
    return wafv2.create_web_acl(Name=name, Scope="REGIONAL", DefaultAction={"Allow": {}},
                                VisibilityConfig=VISIBILITY)["Summary"]["ARN"]


def test_the_resources_of_one_type_are_listed(aws):
    wafv2 = aws("wafv2")
    arn = _acl(wafv2, "listed")
    assert wafv2.list_resources_for_web_acl(WebACLArn=arn)["ResourceArns"] == []
    wafv2.associate_web_acl(WebACLArn=arn, ResourceArn=ALB)
    wafv2.associate_web_acl(WebACLArn=arn, ResourceArn=ALB)
    assert wafv2.list_resources_for_web_acl(WebACLArn=arn)["ResourceArns"] == [ALB]
    assert wafv2.list_resources_for_web_acl(WebACLArn=arn, ResourceType="APPLICATION_LOAD_BALANCER")["ResourceArns"] == [ALB]
    assert wafv2.list_resources_for_web_acl(WebACLArn=arn, ResourceType="API_GATEWAY")["ResourceArns"] == []


def test_associating_with_another_acl_moves_the_resource(aws):
    wafv2 = aws("wafv2")
    first, second = _acl(wafv2, "first"), _acl(wafv2, "second")
    wafv2.associate_web_acl(WebACLArn=first, ResourceArn=ALB)
    wafv2.associate_web_acl(WebACLArn=second, ResourceArn=ALB)
    assert wafv2.list_resources_for_web_acl(WebACLArn=first)["ResourceArns"] == []
    assert wafv2.list_resources_for_web_acl(WebACLArn=second)["ResourceArns"] == [ALB]
    assert wafv2.get_web_acl_for_resource(ResourceArn=ALB)["WebACL"]["ARN"] == second


def test_a_missing_acl_is_nonexistent(aws):
    wafv2 = aws("wafv2")
    missing = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/missing/0000"
    with pytest.raises(ClientError) as error:
        wafv2.list_resources_for_web_acl(WebACLArn=missing)
    assert error.value.response["Error"]["Code"] == "WAFNonexistentItemException"
