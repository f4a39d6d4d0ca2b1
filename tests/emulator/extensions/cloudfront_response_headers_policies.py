"""CloudFront response headers policies: Create, Get, GetConfig, List, Update and DeleteResponseHeadersPolicy.

moto 5.2.1 serves CloudFront distributions but no response headers policies (HTTP 404 for
``/2020-05-31/response-headers-policy``), so community.aws.cloudfront_response_headers_policy fails on its first call,
ListResponseHeadersPolicies. Here the account's CloudFront backend keeps its custom policies in memory (a reset empties
them); moto's REST-XML machinery parses the ``ResponseHeadersPolicyConfig`` body and renders the answers from
botocore's shapes, as it does for distributions. A policy is ``{Id, LastModifiedTime, ResponseHeadersPolicyConfig}``
with its config as given; every Create and Update gives it a new ``ETag`` (header) and ``LastModifiedTime``.

As on AWS: names are unique among the account's custom policies (ResponseHeadersPolicyAlreadyExists, 409); a
``Quantity`` that is not the length of its ``Items`` is InconsistentQuantities; Update and Delete need ``If-Match``
(missing: InvalidIfMatchVersion, 400) equal to the current ETag (otherwise PreconditionFailed, 412); a policy a
distribution's default or ordered cache behavior names cannot be deleted (ResponseHeadersPolicyInUse, 409); a missing
ID is NoSuchResponseHeadersPolicy (404). ListResponseHeadersPolicies filters by ``Type`` (``managed`` or ``custom``)
and pages by ``MaxItems``/``Marker``. AWS's five managed policies are listed and readable under their published IDs
and names, with ``LastModifiedTime`` at the epoch as AWS answers; their headers are those AWS documents, while the
empty CORS lists of the managed CORS policies are answered as ``Quantity`` 0 (not checked against AWS's own answer).
They cannot be updated or deleted (IllegalUpdate, IllegalDelete). CreateDistribution still does not check the
policy IDs its cache behaviors name.
"""

import copy
from datetime import datetime
from datetime import timezone
from typing import Any

from moto.cloudfront import urls
from moto.cloudfront.exceptions import CloudFrontException
from moto.cloudfront.exceptions import InvalidIfMatchVersion
from moto.cloudfront.models import CloudFrontBackend
from moto.cloudfront.models import random_id
from moto.cloudfront.responses import CloudFrontResponse
from moto.core.responses import ActionResult
from moto.core.responses import EmptyResult
from moto.core.utils import utcnow
from moto.moto_api._internal import mock_random

PATH = "/2020-05-31/response-headers-policy"
MAX_ITEMS = 100
TYPES = ("managed", "custom")


class NoSuchResponseHeadersPolicy(CloudFrontException):
    code = "NoSuchResponseHeadersPolicy"
    message = "The response headers policy does not exist."


class ResponseHeadersPolicyAlreadyExists(CloudFrontException):
    code = "ResponseHeadersPolicyAlreadyExists"


class ResponseHeadersPolicyInUse(CloudFrontException):
    code = "ResponseHeadersPolicyInUse"
    message = "Cannot delete the response headers policy because it is attached to one or more cache behaviors."


class PreconditionFailed(CloudFrontException):
    code = "PreconditionFailed"
    message = "The request failed because it didn't meet the preconditions in one or more request-header fields."


class InconsistentQuantities(CloudFrontException):
    code = "InconsistentQuantities"


class InvalidArgument(CloudFrontException):
    code = "InvalidArgument"


class IllegalUpdate(CloudFrontException):
    code = "IllegalUpdate"
    message = "Managed response headers policies cannot be updated."


class IllegalDelete(CloudFrontException):
    code = "IllegalDelete"
    message = "Managed response headers policies cannot be deleted."


def _security_headers() -> dict[str, Any]:
    """The security headers of AWS's managed policies: only X-Content-Type-Options overrides the origin's."""
    return {
        "XSSProtection": {"Override": False, "Protection": True, "ModeBlock": True},
        "FrameOptions": {"Override": False, "FrameOption": "SAMEORIGIN"},
        "ReferrerPolicy": {"Override": False, "ReferrerPolicy": "strict-origin-when-cross-origin"},
        "ContentTypeOptions": {"Override": True},
        "StrictTransportSecurity": {
            "Override": False,
            "IncludeSubdomains": False,
            "Preload": False,
            "AccessControlMaxAgeSec": 31536000,
        },
    }


def _items(*values: str) -> dict[str, Any]:
    return {"Quantity": len(values), "Items": list(values)} if values else {"Quantity": 0}


def _cors(preflight: bool) -> dict[str, Any]:
    """Any origin; with preflight, the seven methods and ``Access-Control-Expose-Headers: *`` too."""
    methods = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT") if preflight else ()
    cors = {
        "AccessControlAllowOrigins": _items("*"),
        "AccessControlAllowHeaders": _items(),
        "AccessControlAllowMethods": _items(*methods),
        "AccessControlAllowCredentials": False,
        "OriginOverride": False,
    }
    if preflight:
        cors["AccessControlExposeHeaders"] = _items("*")
    return cors


def _managed(policy_id: str, name: str, comment: str, **config: Any) -> dict[str, Any]:
    return {
        "Id": policy_id,
        "LastModifiedTime": datetime(1970, 1, 1, tzinfo=timezone.utc),
        "ResponseHeadersPolicyConfig": {"Comment": comment, "Name": name, **config},
    }


MANAGED = {
    policy["Id"]: policy
    for policy in (
        _managed(
            "60669652-455b-4ae9-85a4-c4c02393f86c",
            "Managed-SimpleCORS",
            "Allows all origins for simple CORS requests",
            CorsConfig=_cors(preflight=False),
        ),
        _managed(
            "5cc3b908-e619-4b99-88e5-2cf7f45965bd",
            "Managed-CORS-With-Preflight",
            "Allows all origins for CORS requests, including preflight requests",
            CorsConfig=_cors(preflight=True),
        ),
        _managed(
            "67f7725c-6f97-4210-82d7-5512b31e9d03",
            "Managed-SecurityHeadersPolicy",
            "Adds a set of security headers to every response",
            SecurityHeadersConfig=_security_headers(),
        ),
        _managed(
            "e61eb60c-9c35-4d20-a928-2b84e02af89c",
            "Managed-CORS-and-SecurityHeadersPolicy",
            "Allows all origins for simple CORS requests, and adds security headers",
            CorsConfig=_cors(preflight=False),
            SecurityHeadersConfig=_security_headers(),
        ),
        _managed(
            "eaab4381-ed33-4a86-88ca-d9558dc6cd63",
            "Managed-CORS-with-preflight-and-SecurityHeadersPolicy",
            "Allows all origins for CORS requests, including preflight requests, and adds security headers",
            CorsConfig=_cors(preflight=True),
            SecurityHeadersConfig=_security_headers(),
        ),
    )
}
# AWS answers one fixed ETag for a managed policy; any value does here, as they cannot be updated or deleted.
MANAGED_ETAG = "E23ZP02F085DFQ"


def policies(backend: CloudFrontBackend) -> dict[str, dict[str, Any]]:
    """ID -> ``{"policy": ResponseHeadersPolicy, "etag": ...}`` per custom policy, on the backend (reset empties it)."""
    return backend.__dict__.setdefault("response_headers_policies", {})


def new_etag() -> str:
    return "E" + random_id(length=13)


def found(backend: CloudFrontBackend, policy_id: Any) -> dict[str, Any]:
    """The stored custom policy, or the managed one (as a copy, with its fixed ETag), or NoSuchResponseHeadersPolicy."""
    if policy_id in MANAGED:
        return {"policy": copy.deepcopy(MANAGED[policy_id]), "etag": MANAGED_ETAG, "managed": True}
    entry = policies(backend).get(policy_id)
    if entry is None:
        raise NoSuchResponseHeadersPolicy()
    return entry


def check_quantities(value: Any, where: str = "ResponseHeadersPolicyConfig") -> None:
    """Every ``{Quantity, Items}`` in the config must count its items, as AWS checks."""
    if isinstance(value, dict):
        if "Quantity" in value and value["Quantity"] != len(value.get("Items") or []):
            raise InconsistentQuantities(f"The value of {where}.Quantity and the size of {where}.Items don't match.")
        for key, member in value.items():
            check_quantities(member, f"{where}.{key}")
    elif isinstance(value, list):
        for member in value:
            check_quantities(member, where)


def given_config(response: CloudFrontResponse) -> dict[str, Any]:
    config = copy.deepcopy(response._get_param("ResponseHeadersPolicyConfig") or {})
    if not config.get("Name"):
        raise InvalidArgument("ResponseHeadersPolicyConfig.Name is required.")
    check_quantities(config)
    return config


def check_name_free(backend: CloudFrontBackend, name: str, policy_id: str | None = None) -> None:
    for other_id, entry in policies(backend).items():
        if other_id != policy_id and entry["policy"]["ResponseHeadersPolicyConfig"]["Name"] == name:
            raise ResponseHeadersPolicyAlreadyExists(
                f"A response headers policy with the name {name} already exists: {other_id}."
            )


def check_if_match(response: CloudFrontResponse, entry: dict[str, Any]) -> None:
    if_match = response._get_param("IfMatch")
    if not if_match:
        raise InvalidIfMatchVersion()
    if if_match != entry["etag"]:
        raise PreconditionFailed()


def cache_behaviors(config: Any) -> list[Any]:
    """A moto distribution config's default and ordered cache behaviors (objects, or dicts when it kept them so)."""
    ordered = getattr(config, "CacheBehaviors", None)
    behaviors = [getattr(config, "DefaultCacheBehavior", None)]
    if isinstance(ordered, dict):
        behaviors.extend(ordered.get("Items") or [])
    return [behavior for behavior in behaviors if behavior is not None]


def policy_of(behavior: Any) -> Any:
    if isinstance(behavior, dict):
        return behavior.get("ResponseHeadersPolicyId")
    return getattr(behavior, "response_headers_policy_id", None)


def users(backend: CloudFrontBackend, policy_id: str) -> list[str]:
    """IDs of the distributions whose cache behaviors name the policy."""
    return [
        distribution_id
        for distribution_id, distribution in backend.distributions.items()
        if any(policy_of(behavior) == policy_id for behavior in cache_behaviors(distribution.distribution_config))
    ]


def create_response_headers_policy(self: CloudFrontResponse) -> ActionResult:
    backend = self.backend
    config = given_config(self)
    check_name_free(backend, config["Name"])
    policy_id = str(mock_random.uuid4())
    policy = {"Id": policy_id, "LastModifiedTime": utcnow(), "ResponseHeadersPolicyConfig": config}
    entry = {"policy": policy, "etag": new_etag()}
    policies(backend)[policy_id] = entry
    location = f"https://cloudfront.amazonaws.com{PATH}/{policy_id}"
    return ActionResult({"ResponseHeadersPolicy": policy, "Location": location, "ETag": entry["etag"]})


def get_response_headers_policy(self: CloudFrontResponse) -> ActionResult:
    entry = found(self.backend, self._get_param("Id"))
    return ActionResult({"ResponseHeadersPolicy": entry["policy"], "ETag": entry["etag"]})


def get_response_headers_policy_config(self: CloudFrontResponse) -> ActionResult:
    entry = found(self.backend, self._get_param("Id"))
    config = entry["policy"]["ResponseHeadersPolicyConfig"]
    return ActionResult({"ResponseHeadersPolicyConfig": config, "ETag": entry["etag"]})


def list_response_headers_policies(self: CloudFrontResponse) -> ActionResult:
    wanted = self._get_param("Type")
    if wanted is not None and wanted not in TYPES:
        raise InvalidArgument(f"Type must be one of {', '.join(TYPES)}, not {wanted!r}.")
    summaries = []
    if wanted in (None, "managed"):
        summaries += [{"Type": "managed", "ResponseHeadersPolicy": copy.deepcopy(p)} for p in MANAGED.values()]
    if wanted in (None, "custom"):
        summaries += [{"Type": "custom", "ResponseHeadersPolicy": e["policy"]} for e in policies(self.backend).values()]
    try:
        start = int(self._get_param("Marker") or 0)
        size = int(self._get_param("MaxItems") or MAX_ITEMS)
    except ValueError:
        raise InvalidArgument("Marker and MaxItems must be numbers.") from None
    if start < 0 or not 1 <= size <= MAX_ITEMS:
        raise InvalidArgument(f"MaxItems must be from 1 to {MAX_ITEMS}, and Marker one this API answered.")
    page = summaries[start : start + size]
    answer: dict[str, Any] = {"MaxItems": size, "Quantity": len(page)}
    if page:
        answer["Items"] = page
    if start + size < len(summaries):
        answer["NextMarker"] = str(start + size)
    return ActionResult({"ResponseHeadersPolicyList": answer})


def update_response_headers_policy(self: CloudFrontResponse) -> ActionResult:
    backend = self.backend
    policy_id = self._get_param("Id")
    entry = found(backend, policy_id)
    if entry.get("managed"):
        raise IllegalUpdate()
    check_if_match(self, entry)
    config = given_config(self)
    check_name_free(backend, config["Name"], policy_id)
    # As on AWS, an update is an update even when the config is the same: new ETag, new LastModifiedTime.
    entry["policy"] = {"Id": policy_id, "LastModifiedTime": utcnow(), "ResponseHeadersPolicyConfig": config}
    entry["etag"] = new_etag()
    return ActionResult({"ResponseHeadersPolicy": entry["policy"], "ETag": entry["etag"]})


def delete_response_headers_policy(self: CloudFrontResponse) -> ActionResult:
    backend = self.backend
    policy_id = self._get_param("Id")
    entry = found(backend, policy_id)
    if entry.get("managed"):
        raise IllegalDelete()
    check_if_match(self, entry)
    using = users(backend, policy_id)
    if using:
        raise ResponseHeadersPolicyInUse(
            f"Cannot delete the response headers policy {policy_id}: the distributions {', '.join(using)} use it."
        )
    del policies(backend)[policy_id]
    return EmptyResult()


def register() -> None:
    CloudFrontResponse.create_response_headers_policy = create_response_headers_policy
    CloudFrontResponse.get_response_headers_policy = get_response_headers_policy
    CloudFrontResponse.get_response_headers_policy_config = get_response_headers_policy_config
    CloudFrontResponse.list_response_headers_policies = list_response_headers_policies
    CloudFrontResponse.update_response_headers_policy = update_response_headers_policy
    CloudFrontResponse.delete_response_headers_policy = delete_response_headers_policy
    urls.url_paths["{0}" + PATH + "$"] = CloudFrontResponse.dispatch
    urls.url_paths["{0}" + PATH + "/(?P<Id>[^/]+)$"] = CloudFrontResponse.dispatch
    urls.url_paths["{0}" + PATH + "/(?P<Id>[^/]+)/config$"] = CloudFrontResponse.dispatch
