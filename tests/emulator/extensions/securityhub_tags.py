"""Security Hub ListTagsForResource, TagResource and UntagResource, for the hub.

moto 5.2.1 keeps the Tags given to EnableSecurityHub (DescribeHub even returns them, which AWS does
not and botocore drops) but has no tagging API (404 Not Found). seed.aws_platform.securityhub_hub
reads the hub's tags on every run. Here the three operations read and change the tags moto keeps,
for the ARN of the hub (``arn:aws:securityhub:REGION:ACCOUNT:hub/default``) while it is enabled;
any other ARN is a ResourceNotFoundException, as on AWS for a resource that does not exist.
"""

import json
from urllib.parse import unquote

from moto.securityhub import urls
from moto.securityhub.exceptions import SecurityHubClientError
from moto.securityhub.responses import SecurityHubResponse


def hub_tags(response: SecurityHubResponse) -> dict[str, str]:
    """The tags of the hub the request's ``/tags/{ResourceArn}`` names."""
    backend = response.securityhub_backend
    arn = unquote(response.raw_path.split("/tags/", 1)[1])
    if not backend.enabled or arn != f"arn:aws:securityhub:{backend.region_name}:{backend.account_id}:hub/default":
        raise SecurityHubClientError("ResourceNotFoundException", f"No resource found with ARN {arn}")
    return backend.tags


def list_tags_for_resource(self: SecurityHubResponse) -> str:
    return json.dumps({"Tags": hub_tags(self)})


def tag_resource(self: SecurityHubResponse) -> str:
    hub_tags(self).update(json.loads(self.body)["Tags"])
    return "{}"


def untag_resource(self: SecurityHubResponse) -> str:
    tags = hub_tags(self)
    for key in self.querystring.get("tagKeys", []):
        tags.pop(key, None)
    return "{}"


def register() -> None:
    SecurityHubResponse.list_tags_for_resource = list_tags_for_resource
    SecurityHubResponse.tag_resource = tag_resource
    SecurityHubResponse.untag_resource = untag_resource
    urls.url_paths["{0}/tags/(?P<resource_arn>.+)$"] = SecurityHubResponse.dispatch
