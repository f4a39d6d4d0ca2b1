"""Extension cloudfront_response_headers_policies: CloudFront response headers policies, custom and managed."""

import re
import time

import pytest

SECURITY_HEADERS = "67f7725c-6f97-4210-82d7-5512b31e9d03"
CORS_PREFLIGHT_AND_SECURITY_HEADERS = "eaab4381-ed33-4a86-88ca-d9558dc6cd63"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
CONFIG = {
    "Name": "test-security-headers",
    "Comment": "first",
    "SecurityHeadersConfig": {
        "StrictTransportSecurity": {
            "Override": True,
            "IncludeSubdomains": True,
            "Preload": True,
            "AccessControlMaxAgeSec": 63072000,
        },
        "ContentTypeOptions": {"Override": True},
        "FrameOptions": {"Override": True, "FrameOption": "DENY"},
        "ReferrerPolicy": {"Override": True, "ReferrerPolicy": "strict-origin-when-cross-origin"},
        "XSSProtection": {"Override": True, "Protection": True, "ModeBlock": True},
        "ContentSecurityPolicy": {"Override": True, "ContentSecurityPolicy": "default-src 'self'"},
    },
    "CustomHeadersConfig": {"Quantity": 1, "Items": [{"Header": "X-Team", "Value": "web", "Override": False}]},
}


@pytest.fixture
def cloudfront(aws):
    return aws("cloudfront")


def create(cloudfront, **more) -> dict:
    return cloudfront.create_response_headers_policy(ResponseHeadersPolicyConfig={**CONFIG, **more})


def listed(cloudfront, **filters) -> dict[str, dict]:
    """Name -> summary of the policies ListResponseHeadersPolicies answers."""
    items = cloudfront.list_response_headers_policies(**filters)["ResponseHeadersPolicyList"].get("Items", [])
    return {item["ResponseHeadersPolicy"]["ResponseHeadersPolicyConfig"]["Name"]: item for item in items}


def error(raised) -> tuple[str, int]:
    response = raised.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


def test_a_created_policy_reads_back(cloudfront):
    created = create(cloudfront)
    policy = created["ResponseHeadersPolicy"]
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert UUID.fullmatch(policy["Id"])
    assert created["Location"] == f"https://cloudfront.amazonaws.com/2020-05-31/response-headers-policy/{policy['Id']}"
    assert re.fullmatch(r"E[0-9A-Z]{13}", created["ETag"])
    assert policy["ResponseHeadersPolicyConfig"] == CONFIG

    got = cloudfront.get_response_headers_policy(Id=policy["Id"])
    assert (got["ResponseHeadersPolicy"], got["ETag"]) == (policy, created["ETag"])
    config = cloudfront.get_response_headers_policy_config(Id=policy["Id"])
    assert (config["ResponseHeadersPolicyConfig"], config["ETag"]) == (CONFIG, created["ETag"])


def test_custom_and_managed_policies_are_listed_apart(cloudfront):
    policy_id = create(cloudfront)["ResponseHeadersPolicy"]["Id"]

    custom = listed(cloudfront, Type="custom")
    assert list(custom) == ["test-security-headers"]
    assert custom["test-security-headers"]["Type"] == "custom"
    assert custom["test-security-headers"]["ResponseHeadersPolicy"]["Id"] == policy_id

    managed = listed(cloudfront, Type="managed")
    assert {item["Type"] for item in managed.values()} == {"managed"}
    assert "test-security-headers" not in managed
    security = managed["Managed-SecurityHeadersPolicy"]["ResponseHeadersPolicy"]
    assert security["Id"] == SECURITY_HEADERS
    assert security["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"] == {
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
    both = managed["Managed-CORS-with-preflight-and-SecurityHeadersPolicy"]["ResponseHeadersPolicy"]
    assert both["Id"] == CORS_PREFLIGHT_AND_SECURITY_HEADERS
    cors = both["ResponseHeadersPolicyConfig"]["CorsConfig"]
    assert cors["AccessControlAllowOrigins"]["Items"] == ["*"]
    assert cors["AccessControlAllowMethods"]["Items"] == ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]
    assert cors["AccessControlExposeHeaders"]["Items"] == ["*"]
    assert (
        both["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
        == security["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    )
    assert cloudfront.get_response_headers_policy(Id=SECURITY_HEADERS)["ResponseHeadersPolicy"] == security

    assert set(listed(cloudfront)) == set(custom) | set(managed)


def test_policies_are_listed_page_by_page(cloudfront):
    for name in ("one", "two", "three"):
        create(cloudfront, Name=name)
    first = cloudfront.list_response_headers_policies(Type="custom", MaxItems="2")["ResponseHeadersPolicyList"]
    assert (first["Quantity"], first["MaxItems"]) == (2, 2)
    second = cloudfront.list_response_headers_policies(Type="custom", MaxItems="2", Marker=first["NextMarker"])
    second = second["ResponseHeadersPolicyList"]
    assert second["Quantity"] == 1 and "NextMarker" not in second
    names = [item["ResponseHeadersPolicy"]["ResponseHeadersPolicyConfig"]["Name"] for item in first["Items"]]
    assert names + [second["Items"][0]["ResponseHeadersPolicy"]["ResponseHeadersPolicyConfig"]["Name"]] == [
        "one",
        "two",
        "three",
    ]


def test_updates_need_the_current_etag(cloudfront):
    created = create(cloudfront)
    policy_id, etag = created["ResponseHeadersPolicy"]["Id"], created["ETag"]
    time.sleep(0.01)
    changed = {**CONFIG, "Comment": "second", "CustomHeadersConfig": {"Quantity": 0}}

    updated = cloudfront.update_response_headers_policy(Id=policy_id, IfMatch=etag, ResponseHeadersPolicyConfig=changed)
    assert updated["ETag"] != etag
    assert updated["ResponseHeadersPolicy"]["Id"] == policy_id
    assert updated["ResponseHeadersPolicy"]["ResponseHeadersPolicyConfig"] == changed
    assert updated["ResponseHeadersPolicy"]["LastModifiedTime"] > created["ResponseHeadersPolicy"]["LastModifiedTime"]
    got = cloudfront.get_response_headers_policy(Id=policy_id)
    assert (got["ETag"], got["ResponseHeadersPolicy"]) == (updated["ETag"], updated["ResponseHeadersPolicy"])

    with pytest.raises(cloudfront.exceptions.PreconditionFailed) as raised:
        cloudfront.update_response_headers_policy(Id=policy_id, IfMatch=etag, ResponseHeadersPolicyConfig=CONFIG)
    assert error(raised) == ("PreconditionFailed", 412)
    with pytest.raises(cloudfront.exceptions.InvalidIfMatchVersion):
        cloudfront.update_response_headers_policy(Id=policy_id, ResponseHeadersPolicyConfig=CONFIG)
    assert cloudfront.get_response_headers_policy_config(Id=policy_id)["ResponseHeadersPolicyConfig"] == changed


def test_names_are_unique(cloudfront):
    create(cloudfront)
    with pytest.raises(cloudfront.exceptions.ResponseHeadersPolicyAlreadyExists) as raised:
        create(cloudfront, Comment="again")
    assert error(raised) == ("ResponseHeadersPolicyAlreadyExists", 409)

    other = create(cloudfront, Name="other")
    with pytest.raises(cloudfront.exceptions.ResponseHeadersPolicyAlreadyExists):
        cloudfront.update_response_headers_policy(
            Id=other["ResponseHeadersPolicy"]["Id"], IfMatch=other["ETag"], ResponseHeadersPolicyConfig=CONFIG
        )
    assert sorted(listed(cloudfront, Type="custom")) == ["other", "test-security-headers"]


def test_quantities_must_count_the_items(cloudfront):
    with pytest.raises(cloudfront.exceptions.InconsistentQuantities) as raised:
        create(cloudfront, CustomHeadersConfig={"Quantity": 2, "Items": CONFIG["CustomHeadersConfig"]["Items"]})
    assert error(raised) == ("InconsistentQuantities", 400)
    assert listed(cloudfront, Type="custom") == {}


def test_missing_policies_are_not_found(cloudfront):
    missing = "00000000-0000-4000-8000-000000000000"
    for call in (
        lambda: cloudfront.get_response_headers_policy(Id=missing),
        lambda: cloudfront.get_response_headers_policy_config(Id=missing),
        lambda: cloudfront.update_response_headers_policy(Id=missing, IfMatch="E1", ResponseHeadersPolicyConfig=CONFIG),
        lambda: cloudfront.delete_response_headers_policy(Id=missing, IfMatch="E1"),
    ):
        with pytest.raises(cloudfront.exceptions.NoSuchResponseHeadersPolicy) as raised:
            call()
        assert error(raised) == ("NoSuchResponseHeadersPolicy", 404)


def test_deletion_needs_the_current_etag(cloudfront):
    created = create(cloudfront)
    policy_id = created["ResponseHeadersPolicy"]["Id"]
    with pytest.raises(cloudfront.exceptions.PreconditionFailed):
        cloudfront.delete_response_headers_policy(Id=policy_id, IfMatch="ESTALE0000000")
    with pytest.raises(cloudfront.exceptions.InvalidIfMatchVersion):
        cloudfront.delete_response_headers_policy(Id=policy_id)

    deleted = cloudfront.delete_response_headers_policy(Id=policy_id, IfMatch=created["ETag"])
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert listed(cloudfront, Type="custom") == {}
    with pytest.raises(cloudfront.exceptions.NoSuchResponseHeadersPolicy):
        cloudfront.get_response_headers_policy(Id=policy_id)
    assert create(cloudfront)["ResponseHeadersPolicy"]["Id"] != policy_id


def distribution(cloudfront, reference: str, default_policy: str | None = None, ordered_policy: str | None = None):
    """A distribution whose default and/or ordered (``/api/*``) cache behavior names a response headers policy."""
    default = {"TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https"}
    config = {
        "CallerReference": reference,
        "Comment": "",
        "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{"Id": "site", "DomainName": "site.s3.us-east-1.amazonaws.com"}]},
        "DefaultCacheBehavior": {**default, "ResponseHeadersPolicyId": default_policy} if default_policy else default,
    }
    if ordered_policy:
        ordered = {**default, "PathPattern": "/api/*", "ResponseHeadersPolicyId": ordered_policy}
        config["CacheBehaviors"] = {"Quantity": 1, "Items": [ordered]}
    return cloudfront.create_distribution(DistributionConfig=config)["Distribution"]["Id"]


def delete_distribution(cloudfront, distribution_id: str) -> None:
    cloudfront.delete_distribution(Id=distribution_id, IfMatch=cloudfront.get_distribution(Id=distribution_id)["ETag"])


def test_a_policy_in_use_is_not_deleted(cloudfront):
    created = create(cloudfront)
    policy_id = created["ResponseHeadersPolicy"]["Id"]
    by_default = distribution(cloudfront, "by-default", default_policy=policy_id)
    by_path = distribution(cloudfront, "by-path", ordered_policy=policy_id)
    distribution(cloudfront, "unrelated", default_policy=SECURITY_HEADERS)

    for user in (by_default, by_path):
        with pytest.raises(cloudfront.exceptions.ResponseHeadersPolicyInUse) as raised:
            cloudfront.delete_response_headers_policy(Id=policy_id, IfMatch=created["ETag"])
        assert error(raised) == ("ResponseHeadersPolicyInUse", 409)
        delete_distribution(cloudfront, user)

    cloudfront.delete_response_headers_policy(Id=policy_id, IfMatch=created["ETag"])
    assert listed(cloudfront, Type="custom") == {}


def test_managed_policies_cannot_be_changed(cloudfront):
    etag = cloudfront.get_response_headers_policy(Id=SECURITY_HEADERS)["ETag"]
    with pytest.raises(cloudfront.exceptions.IllegalUpdate):
        cloudfront.update_response_headers_policy(Id=SECURITY_HEADERS, IfMatch=etag, ResponseHeadersPolicyConfig=CONFIG)
    with pytest.raises(cloudfront.exceptions.IllegalDelete):
        cloudfront.delete_response_headers_policy(Id=SECURITY_HEADERS, IfMatch=etag)
    assert "Managed-SecurityHeadersPolicy" in listed(cloudfront, Type="managed")
