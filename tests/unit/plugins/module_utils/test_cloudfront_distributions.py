"""Unit tests of the shared CloudFront helpers, with scripted answers (moto neither pages nor gives summaries' comments)."""

import boto3
import pytest
from botocore.stub import Stubber

from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper

from ansible_collections.seed.aws_platform.plugins.module_utils.cloudfront_distributions import find_distribution
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudfront_distributions import (
    find_origin_access_controls,
)
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudfront_distributions import get_distribution_config
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudfront_distributions import items
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudfront_distributions import quantity_items

ORIGIN = "my-alb-123.us-east-1.elb.amazonaws.com"


@pytest.fixture
def stubber():
    with Stubber(boto3.client("cloudfront", region_name="us-east-1")) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


@pytest.fixture
def client(stubber):
    """The stubbed client as the modules have it from ``module.client``: it takes ``aws_retry``."""
    return RetryingBotoClientWrapper(stubber.client, AWSRetry.jittered_backoff())


def config(reference):
    return dict(
        CallerReference=reference,
        Comment="",
        Enabled=True,
        Origins=dict(Quantity=1, Items=[dict(Id="web", DomainName=ORIGIN)]),
        DefaultCacheBehavior=dict(TargetOriginId="web", ViewerProtocolPolicy="allow-all"),
    )


def summary(distribution_id, comment="", aliases=()):
    return dict(
        Id=distribution_id,
        ARN=f"arn:aws:cloudfront::123456789012:distribution/{distribution_id}",
        Status="Deployed",
        LastModifiedTime="2025-01-01T00:00:00Z",
        DomainName=f"{distribution_id.lower()}.cloudfront.net",
        Aliases=quantity_items(aliases),
        Origins=config("x")["Origins"],
        DefaultCacheBehavior=config("x")["DefaultCacheBehavior"],
        CacheBehaviors=dict(Quantity=0),
        CustomErrorResponses=dict(Quantity=0),
        Comment=comment,
        PriceClass="PriceClass_100",
        Enabled=True,
        ViewerCertificate=dict(CloudFrontDefaultCertificate=True),
        Restrictions=dict(GeoRestriction=dict(RestrictionType="none", Quantity=0)),
        WebACLId="",
        HttpVersion="http2and3",
        IsIPV6Enabled=True,
        Staging=False,
    )


def page(summaries, marker="", next_marker=None):
    answer = dict(Marker=marker, MaxItems=2, IsTruncated=next_marker is not None, Quantity=len(summaries))
    if summaries:
        answer["Items"] = summaries
    if next_marker:
        answer["NextMarker"] = next_marker
    return dict(DistributionList=answer)


def config_answer(stubber, distribution_id, reference, etag="ETAG"):
    stubber.add_response(
        "get_distribution_config", dict(DistributionConfig=config(reference), ETag=etag), dict(Id=distribution_id)
    )


def test_items_and_quantity_items_convert_cloudfront_lists():
    assert quantity_items([]) == {"Quantity": 0}
    assert quantity_items(iter(["a", "b"])) == {"Quantity": 2, "Items": ["a", "b"]}
    assert items({"Quantity": 0}) == []
    assert items(None) == []
    assert items({"Quantity": 1, "Items": ["a"]}) == ["a"]


def test_find_reads_the_likely_candidates_first_and_stops_at_the_match(stubber, client):
    stubber.add_response("list_distributions", page([summary("E1"), summary("E2")], next_marker="E2"))
    stubber.add_response(
        "list_distributions",
        page([summary("E3", aliases=["shop.example.com"]), summary("E4", comment="shop")], marker="E2"),
        dict(Marker="E2"),
    )
    config_answer(stubber, "E3", "other")
    config_answer(stubber, "E4", "shop", etag="ETAG4")

    found = find_distribution(client, "shop", comment="shop", aliases=["shop.example.com"])

    assert (found["Id"], found["ETag"], found["DistributionConfig"]["CallerReference"]) == ("E4", "ETAG4", "shop")
    assert found["DomainName"] == "e4.cloudfront.net"


def test_find_reads_every_distribution_when_nothing_hints(stubber, client):
    stubber.add_response("list_distributions", page([summary("E1", comment="other"), summary("E2")]))
    config_answer(stubber, "E1", "a")
    stubber.add_client_error("get_distribution_config", service_error_code="NoSuchDistribution", http_status_code=404)

    assert find_distribution(client, "shop", comment="shop") is None


def test_find_in_an_account_without_distributions(stubber, client):
    stubber.add_response("list_distributions", page([]))

    assert find_distribution(client, "shop") is None


def test_a_missing_distribution_has_no_config(stubber, client):
    stubber.add_client_error("get_distribution_config", service_error_code="NoSuchDistribution", http_status_code=404)

    assert get_distribution_config(client, "E404") is None


def test_origin_access_controls_are_found_by_name_across_pages(stubber, client):
    def control(control_id, name):
        return dict(
            Id=control_id,
            Name=name,
            Description="",
            SigningProtocol="sigv4",
            SigningBehavior="always",
            OriginAccessControlOriginType="s3",
        )

    first = dict(Marker="", MaxItems=1, IsTruncated=True, NextMarker="E1", Quantity=1, Items=[control("E1", "a")])
    second = dict(Marker="E1", MaxItems=1, IsTruncated=False, Quantity=1, Items=[control("E2", "assets")])
    stubber.add_response("list_origin_access_controls", dict(OriginAccessControlList=first))
    stubber.add_response("list_origin_access_controls", dict(OriginAccessControlList=second), dict(Marker="E1"))

    assert [found["Id"] for found in find_origin_access_controls(client, "assets")] == ["E2"]
