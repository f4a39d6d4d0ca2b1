"""WAFv2 ListResourcesForWebACL, and AssociateWebACL that moves a resource instead of adding it twice.

moto 5.2.1 keeps each web ACL's associated resources but has no ListResourcesForWebACL (HTTP 500),
which community.aws.wafv2_resources calls first. As on AWS: the answer lists the ARNs of one
resource type (``ResourceType``, ``APPLICATION_LOAD_BALANCER`` when omitted), a missing ACL is a
``WAFNonexistentItemException``, and associating a resource that another ACL protects moves it
(a resource has one web ACL), while associating it again with the same ACL changes nothing.
"""

import json

from moto.wafv2.exceptions import WAFNonexistentItemException
from moto.wafv2.models import WAFV2Backend
from moto.wafv2.responses import WAFV2Response

# What an ARN's service and resource part say its ResourceType is.
RESOURCE_TYPES = (
    (":elasticloadbalancing:", ":loadbalancer/app/", "APPLICATION_LOAD_BALANCER"),
    (":apigateway:", "/restapis/", "API_GATEWAY"),
    (":appsync:", ":apis/", "APPSYNC"),
    (":cognito-idp:", ":userpool/", "COGNITO_USER_POOL"),
    (":apprunner:", ":service/", "APP_RUNNER_SERVICE"),
    (":ec2:", ":verified-access-instance/", "VERIFIED_ACCESS_INSTANCE"),
    (":amplify:", ":apps/", "AMPLIFY"),
)


def resource_type(arn: str) -> str:
    for service, resource, kind in RESOURCE_TYPES:
        if service in arn and resource in arn:
            return kind
    return ""


def list_resources_for_web_acl(self):
    body = json.loads(self.body)
    web_acl = self.wafv2_backend.wacls.get(body["WebACLArn"])
    if web_acl is None:
        raise WAFNonexistentItemException
    wanted = body.get("ResourceType") or "APPLICATION_LOAD_BALANCER"
    arns = [arn for arn in web_acl.associated_resources if resource_type(arn) == wanted]
    return 200, {"Content-Type": "application/json"}, json.dumps({"ResourceArns": arns})


def _moving(associate):
    def associate_web_acl(self, web_acl_arn, resource_arn):
        if web_acl_arn not in self.wacls:
            raise WAFNonexistentItemException
        for web_acl in self.wacls.values():
            if resource_arn in web_acl.associated_resources:
                web_acl.associated_resources.remove(resource_arn)
        associate(self, web_acl_arn, resource_arn)

    return associate_web_acl


def register() -> None:
    WAFV2Response.list_resources_for_web_acl = list_resources_for_web_acl
    WAFV2Backend.associate_web_acl = _moving(WAFV2Backend.associate_web_acl)
