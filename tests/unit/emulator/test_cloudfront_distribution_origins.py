"""Extension cloudfront_distribution_origins: origins keep their S3OriginConfig and OriginAccessControlId."""

import pytest

BUCKET = "assets.s3.us-east-1.amazonaws.com"
ALB = "my-alb-123.us-east-1.elb.amazonaws.com"


@pytest.fixture
def cloudfront(aws):
    return aws("cloudfront")


def access_control(cloudfront, name: str = "assets") -> str:
    config = {
        "Name": name,
        "SigningProtocol": "sigv4",
        "SigningBehavior": "always",
        "OriginAccessControlOriginType": "s3",
    }
    return cloudfront.create_origin_access_control(OriginAccessControlConfig=config)["OriginAccessControl"]["Id"]


def config(control_id: str, identity: str = "") -> dict:
    return {
        "CallerReference": "site",
        "Comment": "site",
        "Enabled": True,
        "Origins": {
            "Quantity": 2,
            "Items": [
                {
                    "Id": "assets",
                    "DomainName": BUCKET,
                    "S3OriginConfig": {"OriginAccessIdentity": identity},
                    "OriginAccessControlId": control_id,
                },
                {
                    "Id": "alb",
                    "DomainName": ALB,
                    "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"},
                },
            ],
        },
        "DefaultCacheBehavior": {
            "TargetOriginId": "assets",
            "ViewerProtocolPolicy": "redirect-to-https",
            "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
        },
    }


def origins(answer: dict) -> dict:
    return {origin["Id"]: origin for origin in answer["Origins"]["Items"]}


def test_an_s3_origin_keeps_its_config_and_origin_access_control(cloudfront):
    control_id = access_control(cloudfront)

    created = cloudfront.create_distribution(DistributionConfig=config(control_id))
    distribution_id = created["Distribution"]["Id"]

    for answer in (
        created["Distribution"]["DistributionConfig"],
        cloudfront.get_distribution(Id=distribution_id)["Distribution"]["DistributionConfig"],
        cloudfront.get_distribution_config(Id=distribution_id)["DistributionConfig"],
    ):
        assets, alb = origins(answer)["assets"], origins(answer)["alb"]
        assert assets["S3OriginConfig"] == {"OriginAccessIdentity": ""}
        assert assets["OriginAccessControlId"] == control_id
        assert "CustomOriginConfig" not in assets
        assert "S3OriginConfig" not in alb
        assert alb["OriginAccessControlId"] == ""
        assert alb["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"


def test_an_update_replaces_them(cloudfront):
    first, second = access_control(cloudfront), access_control(cloudfront, "other")
    created = cloudfront.create_distribution_with_tags(
        DistributionConfigWithTags={
            "DistributionConfig": config(first),
            "Tags": {"Items": [{"Key": "a", "Value": "1"}]},
        }
    )
    distribution_id = created["Distribution"]["Id"]
    assert origins(created["Distribution"]["DistributionConfig"])["assets"]["OriginAccessControlId"] == first

    etag = cloudfront.get_distribution_config(Id=distribution_id)["ETag"]
    updated = cloudfront.update_distribution(Id=distribution_id, IfMatch=etag, DistributionConfig=config(second))
    assert origins(updated["Distribution"]["DistributionConfig"])["assets"]["OriginAccessControlId"] == second

    # A legacy origin access identity instead of an origin access control, as older distributions have.
    identity = "origin-access-identity/cloudfront/E3OAI"
    etag = cloudfront.get_distribution_config(Id=distribution_id)["ETag"]
    cloudfront.update_distribution(Id=distribution_id, IfMatch=etag, DistributionConfig=config("", identity))
    assets = origins(cloudfront.get_distribution_config(Id=distribution_id)["DistributionConfig"])["assets"]
    assert (assets["S3OriginConfig"], assets["OriginAccessControlId"]) == ({"OriginAccessIdentity": identity}, "")
