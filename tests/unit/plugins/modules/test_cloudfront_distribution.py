"""Unit tests of seed.aws_platform.cloudfront_distribution.

moto (in-process) keeps distributions, their configuration and tags, so most tests run the module against it and
check the outcome through the API. moto drops the ``S3OriginConfig`` and ``OriginAccessControlId`` of origins (the
emulator's extension cloudfront_distribution_origins keeps them, but in-process tests do not get extensions), never
changes an ETag and deploys at once: botocore's Stubber scripts CloudFront's answers for S3 origins with an origin
access control, ETags, deployments that take a while and a legacy origin access identity.
"""

import json

import boto3
import pytest

from ansible_collections.seed.aws_platform.plugins.module_utils import cloudfront_distributions
from ansible_collections.seed.aws_platform.plugins.modules.cloudfront_distribution import MASK
from ansible_collections.seed.aws_platform.plugins.modules.cloudfront_distribution import main

REGION = "us-east-1"
ALB = "my-alb-123.us-east-1.elb.amazonaws.com"
BUCKET = "assets.s3.us-east-1.amazonaws.com"
SECRET = "a-shared-secret-3f9c"
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
WEB_ACL = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/shop/a1b2c3d4"
ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
BASE_ARGS = dict(
    caller_reference="shop",
    comment="shop",
    origins=[dict(id="alb", domain_name=ALB, custom_headers={"X-Origin-Verify": SECRET})],
    default_cache_behavior=dict(target_origin_id="alb", cache_policy_id=CACHING_OPTIMIZED),
)
API = dict(
    path_pattern="/api/*",
    target_origin_id="alb",
    allowed_methods=ALL_METHODS,
    cache_policy_id=CACHING_DISABLED,
    origin_request_policy_id=ALL_VIEWER_EXCEPT_HOST,
)


@pytest.fixture
def cloudfront(aws):
    return boto3.client("cloudfront", region_name=REGION)


@pytest.fixture
def sleeps(monkeypatch):
    """The waits of the module, recorded instead of slept."""
    recorded = []
    monkeypatch.setattr(cloudfront_distributions.time, "sleep", recorded.append)
    return recorded


def distributions(cloudfront):
    return cloudfront.list_distributions()["DistributionList"].get("Items") or []


def config_of(cloudfront, distribution_id):
    return cloudfront.get_distribution_config(Id=distribution_id)["DistributionConfig"]


def tags_of(cloudfront, arn):
    return {
        tag["Key"]: tag["Value"] for tag in cloudfront.list_tags_for_resource(Resource=arn)["Tags"].get("Items", [])
    }


# --- create and converge, with moto ---------------------------------------------------------------------


def test_creates_the_distribution_with_its_tags(run_module, cloudfront):
    args = dict(
        BASE_ARGS,
        aliases=["www.example.com", "shop.example.com"],
        default_root_object="index.html",
        cache_behaviors=[API],
        logging=dict(bucket="logs.s3.amazonaws.com", prefix="cloudfront/"),
        geo_restriction=dict(restriction_type="whitelist", locations=["US", "FR"]),
        viewer_certificate=dict(
            acm_certificate_arn="arn:aws:acm:us-east-1:123456789012:certificate/1234",
        ),
        tags={"Environment": "prod", "CostCenter": 1234},
    )

    result = run_module(main, args)

    assert result["changed"] is True
    distribution = result["distribution"]
    assert [item["Id"] for item in distributions(cloudfront)] == [distribution["id"]]
    assert distribution["arn"].endswith(f":distribution/{distribution['id']}")
    assert distribution["domain_name"].endswith(".cloudfront.net")
    assert (distribution["caller_reference"], distribution["comment"], distribution["enabled"]) == (
        "shop",
        "shop",
        True,
    )
    assert distribution["aliases"] == ["shop.example.com", "www.example.com"]
    assert distribution["viewer_certificate"] == dict(
        cloudfront_default_certificate=False,
        acm_certificate_arn="arn:aws:acm:us-east-1:123456789012:certificate/1234",
        minimum_protocol_version="TLSv1.2_2021",
        ssl_support_method="sni-only",
    )
    assert distribution["origins"] == [
        dict(
            id="alb",
            domain_name=ALB,
            origin_path="",
            s3=False,
            custom_origin=dict(
                http_port=80,
                https_port=443,
                protocol_policy="https-only",
                ssl_protocols=["TLSv1.2"],
                read_timeout=30,
                keepalive_timeout=5,
            ),
            origin_access_control_id="",
            custom_headers={"X-Origin-Verify": MASK},
            connection_attempts=3,
            connection_timeout=10,
        )
    ]
    assert distribution["cache_behaviors"] == [
        dict(
            path_pattern="/api/*",
            target_origin_id="alb",
            viewer_protocol_policy="redirect-to-https",
            allowed_methods=ALL_METHODS,
            cached_methods=["GET", "HEAD"],
            compress=True,
            cache_policy_id=CACHING_DISABLED,
            origin_request_policy_id=ALL_VIEWER_EXCEPT_HOST,
            response_headers_policy_id="",
        )
    ]
    assert distribution["tags"] == {"Environment": "prod", "CostCenter": "1234"}

    config = config_of(cloudfront, distribution["id"])
    assert config["CallerReference"] == "shop"
    assert (config["PriceClass"], config["HttpVersion"], config["IsIPV6Enabled"]) == (
        "PriceClass_100",
        "http2and3",
        True,
    )
    assert config["Logging"] == dict(
        Enabled=True, IncludeCookies=False, Bucket="logs.s3.amazonaws.com", Prefix="cloudfront/"
    )
    assert config["Restrictions"]["GeoRestriction"]["Items"] == ["FR", "US"]
    assert config["Origins"]["Items"][0]["CustomHeaders"]["Items"] == [
        dict(HeaderName="X-Origin-Verify", HeaderValue=SECRET)
    ]
    assert tags_of(cloudfront, distribution["arn"]) == {"Environment": "prod", "CostCenter": "1234"}


def test_second_run_changes_nothing(run_module, cloudfront):
    args = dict(BASE_ARGS, cache_behaviors=[API], aliases=["b.example.com", "a.example.com"], tags={"a": "1"})
    first = run_module(main, args)

    second = run_module(main, args, diff=True)

    assert second["changed"] is False
    # moto deploys a distribution by the next read of it.
    assert second["distribution"] == dict(first["distribution"], status="Deployed")
    assert second["diff"]["before"] == second["diff"]["after"]
    assert len(distributions(cloudfront)) == 1


def test_the_secret_of_a_custom_header_is_never_returned(run_module, cloudfront):
    created = run_module(main, BASE_ARGS, diff=True)
    rotated = run_module(
        main,
        dict(BASE_ARGS, origins=[dict(id="alb", domain_name=ALB, custom_headers={"X-Origin-Verify": "rotated"})]),
        diff=True,
    )

    assert SECRET not in json.dumps(created) and "rotated" not in json.dumps(rotated)
    assert rotated["distribution"]["origins"][0]["custom_headers"] == {"X-Origin-Verify": MASK}
    # A new value is a change, though the masked diff cannot show it.
    assert rotated["changed"] is True
    headers = config_of(cloudfront, rotated["distribution"]["id"])["Origins"]["Items"][0]["CustomHeaders"]["Items"]
    assert headers == [dict(HeaderName="X-Origin-Verify", HeaderValue="rotated")]


def test_the_price_class_is_changed_in_place(run_module, cloudfront):
    distribution_id = run_module(main, BASE_ARGS)["distribution"]["id"]

    result = run_module(main, dict(BASE_ARGS, price_class="PriceClass_All"), diff=True)

    assert result["changed"] is True
    assert result["distribution"]["id"] == distribution_id
    assert result["diff"]["before"]["distribution"]["price_class"] == "PriceClass_100"
    assert result["diff"]["after"]["distribution"]["price_class"] == "PriceClass_All"
    assert config_of(cloudfront, distribution_id)["PriceClass"] == "PriceClass_All"
    assert run_module(main, dict(BASE_ARGS, price_class="PriceClass_All"))["changed"] is False


def test_cache_behaviors_are_added_in_order_and_their_order_matters(run_module, cloudfront):
    distribution_id = run_module(main, dict(BASE_ARGS, cache_behaviors=[API]))["distribution"]["id"]
    images = dict(path_pattern="/images/*", target_origin_id="alb", cache_policy_id=CACHING_OPTIMIZED)

    added = run_module(main, dict(BASE_ARGS, cache_behaviors=[API, images]))
    reordered = run_module(main, dict(BASE_ARGS, cache_behaviors=[images, API]))

    assert added["changed"] is True
    assert reordered["changed"] is True
    assert [item["PathPattern"] for item in config_of(cloudfront, distribution_id)["CacheBehaviors"]["Items"]] == [
        "/images/*",
        "/api/*",
    ]
    assert run_module(main, dict(BASE_ARGS, cache_behaviors=[images, API]))["changed"] is False


def test_the_order_of_aliases_methods_and_countries_does_not_matter(run_module, cloudfront):
    args = dict(
        BASE_ARGS,
        aliases=["a.example.com", "b.example.com"],
        cache_behaviors=[API],
        geo_restriction=dict(restriction_type="blacklist", locations=["RU", "BY"]),
    )
    run_module(main, args)

    shuffled = dict(
        args,
        aliases=["b.example.com", "a.example.com"],
        cache_behaviors=[dict(API, allowed_methods=list(reversed(ALL_METHODS)), cached_methods=["HEAD", "GET"])],
        geo_restriction=dict(restriction_type="blacklist", locations=["BY", "RU"]),
    )
    assert run_module(main, shuffled)["changed"] is False


def test_a_web_acl_is_attached_and_detached(run_module, cloudfront):
    distribution_id = run_module(main, BASE_ARGS)["distribution"]["id"]

    attached = run_module(main, dict(BASE_ARGS, web_acl_id=WEB_ACL))
    assert attached["changed"] is True
    assert attached["distribution"]["web_acl_id"] == WEB_ACL
    assert config_of(cloudfront, distribution_id)["WebACLId"] == WEB_ACL

    detached = run_module(main, BASE_ARGS)
    assert detached["changed"] is True
    assert config_of(cloudfront, distribution_id)["WebACLId"] == ""


def test_logging_is_disabled_when_left_out(run_module, cloudfront):
    args = dict(BASE_ARGS, logging=dict(bucket="logs.s3.amazonaws.com"))
    distribution_id = run_module(main, args)["distribution"]["id"]

    result = run_module(main, BASE_ARGS)

    assert result["changed"] is True
    assert result["distribution"]["logging"] is None
    assert config_of(cloudfront, distribution_id)["Logging"]["Enabled"] is False


def test_settings_without_an_option_are_kept(run_module, cloudfront):
    """Custom error responses, made outside the module, survive a change the module makes."""
    created = run_module(main, BASE_ARGS)["distribution"]
    answer = cloudfront.get_distribution_config(Id=created["id"])
    errors = dict(Quantity=1, Items=[dict(ErrorCode=404, ResponsePagePath="/404.html", ResponseCode="404")])
    cloudfront.update_distribution(
        Id=created["id"],
        IfMatch=answer["ETag"],
        DistributionConfig=dict(answer["DistributionConfig"], CustomErrorResponses=errors),
    )

    assert run_module(main, BASE_ARGS)["changed"] is False
    assert run_module(main, dict(BASE_ARGS, http_version="http2"))["changed"] is True

    config = config_of(cloudfront, created["id"])
    assert config["HttpVersion"] == "http2"
    assert config["CustomErrorResponses"]["Items"][0]["ResponsePagePath"] == "/404.html"


def test_an_omitted_comment_is_left_alone(run_module, cloudfront):
    run_module(main, BASE_ARGS)

    result = run_module(main, {key: value for key, value in BASE_ARGS.items() if key != "comment"})

    assert (result["changed"], result["distribution"]["comment"]) == (False, "shop")


def test_another_caller_reference_is_another_distribution(run_module, cloudfront):
    first = run_module(main, BASE_ARGS)["distribution"]["id"]

    second = run_module(main, dict(BASE_ARGS, caller_reference="shop-2"))

    assert second["changed"] is True
    assert sorted(item["Id"] for item in distributions(cloudfront)) == sorted([first, second["distribution"]["id"]])


# --- tags -------------------------------------------------------------------------------------------


def test_tags_are_added_and_purged(run_module, cloudfront):
    arn = run_module(main, dict(BASE_ARGS, tags={"Environment": "dev", "Old": "x"}))["distribution"]["arn"]

    result = run_module(main, dict(BASE_ARGS, tags={"Environment": "prod", "CostCenter": 1234}))

    assert result["changed"] is True
    assert result["distribution"]["tags"] == {"Environment": "prod", "CostCenter": "1234"}
    assert tags_of(cloudfront, arn) == {"Environment": "prod", "CostCenter": "1234"}


def test_tags_are_kept_without_purge_tags_and_left_alone_when_omitted(run_module, cloudfront):
    arn = run_module(main, dict(BASE_ARGS, tags={"Old": "x"}))["distribution"]["arn"]

    added = run_module(main, dict(BASE_ARGS, tags={"New": "y"}, purge_tags=False))
    omitted = run_module(main, BASE_ARGS)

    assert added["changed"] is True
    assert (omitted["changed"], omitted["distribution"]["tags"]) == (False, {"Old": "x", "New": "y"})
    assert tags_of(cloudfront, arn) == {"Old": "x", "New": "y"}


# --- check mode ---------------------------------------------------------------------------------


def test_check_mode_creates_nothing(run_module, cloudfront):
    result = run_module(main, dict(BASE_ARGS, tags={"a": "1"}), check_mode=True)

    assert result["changed"] is True
    assert "id" not in result["distribution"]
    assert result["distribution"]["tags"] == {"a": "1"}
    assert result["distribution"]["default_cache_behavior"]["cache_policy_id"] == CACHING_OPTIMIZED
    assert distributions(cloudfront) == []


def test_check_mode_changes_nothing(run_module, cloudfront):
    created = run_module(main, dict(BASE_ARGS, tags={"a": "1"}))["distribution"]

    result = run_module(
        main, dict(BASE_ARGS, price_class="PriceClass_All", cache_behaviors=[API], tags={"b": "2"}), check_mode=True
    )

    assert result["changed"] is True
    assert result["distribution"]["price_class"] == "PriceClass_All"
    assert result["distribution"]["tags"] == {"b": "2"}
    config = config_of(cloudfront, created["id"])
    assert (config["PriceClass"], config["CacheBehaviors"]["Quantity"]) == ("PriceClass_100", 0)
    assert tags_of(cloudfront, created["arn"]) == {"a": "1"}


# --- delete, with moto ----------------------------------------------------------------------------


def test_deletes_the_distribution_after_disabling_it_and_waiting(run_module, cloudfront, sleeps):
    run_module(main, BASE_ARGS)

    result = run_module(main, dict(caller_reference="shop", state="absent", wait=True), diff=True)

    assert (result["changed"], result["distribution"]) == (True, {})
    assert result["diff"]["before"]["distribution"]["enabled"] is True
    assert distributions(cloudfront) == []


def test_without_wait_an_enabled_distribution_is_not_deleted_and_the_failure_says_why(run_module, cloudfront):
    distribution_id = run_module(main, BASE_ARGS)["distribution"]["id"]

    result = run_module(main, dict(caller_reference="shop", state="absent"))

    assert result["failed"] is True
    assert "is enabled" in result["msg"] and "Set wait to true" in result["msg"]
    assert config_of(cloudfront, distribution_id)["Enabled"] is True


def test_without_wait_a_disabled_deployed_distribution_is_deleted(run_module, cloudfront):
    run_module(main, dict(BASE_ARGS, enabled=False))

    result = run_module(main, dict(caller_reference="shop", state="absent"))

    assert result["changed"] is True
    assert distributions(cloudfront) == []


def test_deleting_a_missing_distribution_changes_nothing(run_module, cloudfront):
    result = run_module(main, dict(caller_reference="shop", state="absent", wait=True))

    assert (result["failed"], result["changed"]) == (False, False)


def test_check_mode_deletes_nothing(run_module, cloudfront):
    distribution_id = run_module(main, BASE_ARGS)["distribution"]["id"]

    result = run_module(main, dict(caller_reference="shop", state="absent", wait=True), check_mode=True)

    assert result["changed"] is True
    assert config_of(cloudfront, distribution_id)["Enabled"] is True


# --- bad input ----------------------------------------------------------------------------------


@pytest.fixture
def stubbed_cloudfront(stubbed):
    return stubbed("cloudfront")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            dict(cache_behaviors=[dict(API, target_origin_id="web")]),
            "The cache behavior of '/api/*' targets origin 'web', which is not among the origins (alb)",
        ),
        (
            dict(default_cache_behavior=dict(target_origin_id="s3", cache_policy_id=CACHING_OPTIMIZED)),
            "default_cache_behavior targets origin 's3'",
        ),
        (dict(origins=BASE_ARGS["origins"] * 2), "Two origins have the id 'alb'"),
        (dict(cache_behaviors=[API, API]), "Two cache behaviors have the path_pattern '/api/*'"),
        (dict(cache_behaviors=[dict(API, allowed_methods=["GET", "POST"])]), "CloudFront accepts GET and HEAD"),
        (
            dict(
                cache_behaviors=[dict(API, allowed_methods=["GET", "HEAD"], cached_methods=["GET", "HEAD", "OPTIONS"])]
            ),
            "only methods it allows",
        ),
        (dict(origins=[dict(id="alb", domain_name=ALB, s3=True, custom_origin={})]), "cannot be both an S3 origin"),
        (dict(origins=[dict(id="alb", domain_name=ALB, origin_path="static/")]), "must start with a slash"),
        (dict(web_acl_id="arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/x/abc"), "scope CLOUDFRONT"),
        (
            dict(viewer_certificate=dict(acm_certificate_arn="arn:aws:acm:eu-west-1:123456789012:certificate/1")),
            "in us-east-1",
        ),
        (dict(logging=dict(bucket="my-logs")), "must be the domain name of an S3 bucket"),
        (dict(geo_restriction=dict(restriction_type="whitelist")), "needs locations"),
        (dict(geo_restriction=dict(restriction_type="blacklist", locations=["France"])), "ISO 3166-1 alpha-2"),
        (dict(default_root_object="/index.html"), "without a leading slash"),
        (dict(wait_timeout=0), "wait_timeout must be at least 1 second"),
        (dict(origins=None), "state is present but all of the following are missing: origins"),
        (dict(price_class="PriceClass_1"), "value of price_class must be one of"),
        (dict(default_cache_behavior=dict(target_origin_id="alb")), "missing required arguments: cache_policy_id"),
    ],
)
def test_invalid_parameters_fail_before_any_call(run_module, stubbed_cloudfront, args, message):
    result = run_module(main, {key: value for key, value in dict(BASE_ARGS, **args).items() if value is not None})

    assert result["failed"] is True
    assert message in result["msg"]


# --- scripted answers: S3 origins with an origin access control, ETags, deployments ------------------------------------


@pytest.fixture
def requests(stubbed_cloudfront):
    """The parameters of every call the module makes, by operation name, recorded as botocore builds them."""
    recorded = {}

    def record(params, model, **kwargs):
        recorded.setdefault(model.name, []).append(params)

    stubbed_cloudfront.client.meta.events.register("provide-client-params.cloudfront.*", record)
    return recorded


S3_ARGS = dict(
    caller_reference="site",
    comment="site",
    aliases=["www.example.com"],
    origins=[
        dict(id="assets", domain_name=BUCKET, s3=True, origin_access_control_id="E1OAC"),
        dict(id="alb", domain_name=ALB, custom_headers={"X-Origin-Verify": SECRET}),
    ],
    default_cache_behavior=dict(target_origin_id="assets", cache_policy_id=CACHING_OPTIMIZED),
    cache_behaviors=[API],
)
ARN = "arn:aws:cloudfront::123456789012:distribution/E2SITE"


def minimal_config():
    """A valid DistributionConfig, for answers whose content the test does not look at."""
    return dict(
        CallerReference="site",
        Comment="site",
        Enabled=True,
        Origins=dict(Quantity=1, Items=[dict(Id="alb", DomainName=ALB)]),
        DefaultCacheBehavior=dict(TargetOriginId="alb", ViewerProtocolPolicy="allow-all"),
    )


def distribution(config, status="Deployed"):
    """A Distribution as CloudFront answers it."""
    return dict(
        Id="E2SITE",
        ARN=ARN,
        Status=status,
        LastModifiedTime="2025-01-01T00:00:00Z",
        InProgressInvalidationBatches=0,
        DomainName="d111111abcdef8.cloudfront.net",
        DistributionConfig=config,
    )


def summary(config, status="Deployed"):
    """The DistributionSummary ListDistributions gives of ``config``."""
    keys = ("Aliases", "Origins", "DefaultCacheBehavior", "CacheBehaviors", "Comment", "PriceClass", "Enabled")
    keys += ("ViewerCertificate", "Restrictions", "WebACLId", "HttpVersion", "IsIPV6Enabled")
    answer = {key: config[key] for key in keys}
    answer.update(
        {
            key: value
            for key, value in distribution(config, status).items()
            if key not in ("DistributionConfig", "InProgressInvalidationBatches")
        },
        CustomErrorResponses=dict(Quantity=0),
        Staging=False,
    )
    return answer


def listed(stubber, *summaries):
    page = dict(Marker="", MaxItems=100, IsTruncated=False, Quantity=len(summaries))
    if summaries:
        page["Items"] = list(summaries)
    stubber.add_response("list_distributions", dict(DistributionList=page))


def existing(stubber, config, etag="ETAG1", status="Deployed", tags=None):
    """The module's first look: the listing, the configuration with its ETag, the tags."""
    listed(stubber, summary(config, status))
    stubber.add_response("get_distribution_config", dict(DistributionConfig=config, ETag=etag), dict(Id="E2SITE"))
    items = [dict(Key=key, Value=value) for key, value in (tags or {}).items()]
    stubber.add_response("list_tags_for_resource", dict(Tags=dict(Items=items)), dict(Resource=ARN))


def as_aws_answers(config):
    """``config`` as GetDistributionConfig answers it: AWS's own additions, lists in AWS's order."""
    answer = json.loads(json.dumps(config))
    for origin in answer["Origins"]["Items"]:
        origin["OriginShield"] = dict(Enabled=False)
    answer["Origins"]["Items"].reverse()
    for behavior in [answer["DefaultCacheBehavior"]] + answer["CacheBehaviors"].get("Items", []):
        behavior.update(
            SmoothStreaming=False,
            FieldLevelEncryptionId="",
            LambdaFunctionAssociations=dict(Quantity=0),
            FunctionAssociations=dict(Quantity=0),
            TrustedSigners=dict(Enabled=False, Quantity=0),
            TrustedKeyGroups=dict(Enabled=False, Quantity=0),
        )
        behavior["AllowedMethods"]["Items"].reverse()
    answer["ViewerCertificate"].update(
        MinimumProtocolVersion="TLSv1", SSLSupportMethod="vip", CertificateSource="cloudfront"
    )
    answer.update(OriginGroups=dict(Quantity=0), CustomErrorResponses=dict(Quantity=0), Staging=False)
    return answer


def created_config(run_module, stubber, requests):
    """Create the S3_ARGS distribution and return the DistributionConfig the module sent."""
    listed(stubber)
    stubber.add_response("create_distribution", dict(Distribution=distribution(minimal_config()), ETag="ETAG1"))
    result = run_module(main, S3_ARGS)
    assert result["changed"] is True
    return requests["CreateDistribution"][0]["DistributionConfig"]


def test_an_s3_origin_signs_with_its_origin_access_control(run_module, stubbed_cloudfront, requests):
    config = created_config(run_module, stubbed_cloudfront, requests)

    assert [origin["Id"] for origin in config["Origins"]["Items"]] == ["assets", "alb"]
    assets, alb = config["Origins"]["Items"]
    assert assets["S3OriginConfig"] == dict(OriginAccessIdentity="")
    assert assets["OriginAccessControlId"] == "E1OAC"
    assert "CustomOriginConfig" not in assets
    assert (alb["OriginAccessControlId"], "S3OriginConfig" in alb) == ("", False)
    assert config["ViewerCertificate"] == dict(CloudFrontDefaultCertificate=True)
    behavior = config["CacheBehaviors"]["Items"][0]
    assert behavior["AllowedMethods"] == dict(
        Quantity=7, Items=ALL_METHODS, CachedMethods=dict(Quantity=2, Items=["GET", "HEAD"])
    )
    assert "ForwardedValues" not in behavior and "ResponseHeadersPolicyId" not in behavior
    assert requests["ListDistributions"] and "CreateDistributionWithTags" not in requests


def test_tags_are_given_at_creation(run_module, stubbed_cloudfront, requests):
    listed(stubbed_cloudfront)
    stubbed_cloudfront.add_response(
        "create_distribution_with_tags", dict(Distribution=distribution(minimal_config()), ETag="ETAG1")
    )

    result = run_module(main, dict(S3_ARGS, tags={"Environment": "prod"}))

    assert result["distribution"]["tags"] == {"Environment": "prod"}
    given = requests["CreateDistributionWithTags"][0]["DistributionConfigWithTags"]
    assert given["Tags"] == dict(Items=[dict(Key="Environment", Value="prod")])
    assert given["DistributionConfig"]["CallerReference"] == "site"


def test_a_distribution_as_aws_answers_it_is_unchanged(run_module, stubbed_cloudfront, requests):
    config = as_aws_answers(created_config(run_module, stubbed_cloudfront, requests))
    existing(stubbed_cloudfront, config)

    result = run_module(main, S3_ARGS, diff=True)

    assert result["changed"] is False
    assert "UpdateDistribution" not in requests
    assets = next(origin for origin in result["distribution"]["origins"] if origin["id"] == "assets")
    assert (assets["s3"], assets["custom_origin"], assets["origin_access_control_id"]) == (True, None, "E1OAC")
    assert [origin["id"] for origin in result["distribution"]["origins"]] == ["alb", "assets"]
    assert result["distribution"]["etag"] == "ETAG1"
    assert SECRET not in json.dumps(result)


def test_a_change_is_sent_whole_with_the_etag_of_the_read(run_module, stubbed_cloudfront, requests):
    config = as_aws_answers(created_config(run_module, stubbed_cloudfront, requests))
    existing(stubbed_cloudfront, config, etag="ETAG7")
    stubbed_cloudfront.add_response(
        "update_distribution", dict(Distribution=distribution(config, "InProgress"), ETag="ETAG8")
    )

    result = run_module(
        main,
        dict(S3_ARGS, origins=[dict(S3_ARGS["origins"][0], origin_access_control_id="E9OAC"), S3_ARGS["origins"][1]]),
    )

    assert result["changed"] is True
    assert (result["distribution"]["etag"], result["distribution"]["status"]) == ("ETAG8", "InProgress")
    sent = requests["UpdateDistribution"][0]
    assert (sent["Id"], sent["IfMatch"]) == ("E2SITE", "ETAG7")
    assets = next(origin for origin in sent["DistributionConfig"]["Origins"]["Items"] if origin["Id"] == "assets")
    assert assets["OriginAccessControlId"] == "E9OAC"
    # What the module has no option for is sent back as it was.
    assert assets["OriginShield"] == dict(Enabled=False)
    assert sent["DistributionConfig"]["DefaultCacheBehavior"]["FunctionAssociations"] == dict(Quantity=0)
    assert sent["DistributionConfig"]["OriginGroups"] == dict(Quantity=0)


def test_a_legacy_origin_access_identity_and_cache_settings_are_replaced(run_module, stubbed_cloudfront, requests):
    config = as_aws_answers(created_config(run_module, stubbed_cloudfront, requests))
    assets = next(origin for origin in config["Origins"]["Items"] if origin["Id"] == "assets")
    assets["S3OriginConfig"] = dict(OriginAccessIdentity="origin-access-identity/cloudfront/E3OAI")
    assets["OriginAccessControlId"] = ""
    legacy = config["DefaultCacheBehavior"]
    del legacy["CachePolicyId"]
    legacy.update(
        ForwardedValues=dict(QueryString=False, Cookies=dict(Forward="none")),
        MinTTL=0,
        DefaultTTL=86400,
        MaxTTL=31536000,
    )
    existing(stubbed_cloudfront, config)
    stubbed_cloudfront.add_response(
        "update_distribution", dict(Distribution=distribution(config, "InProgress"), ETag="ETAG2")
    )

    result = run_module(main, S3_ARGS, diff=True)

    assert result["changed"] is True
    before = next(origin for origin in result["diff"]["before"]["distribution"]["origins"] if origin["id"] == "assets")
    assert before["origin_access_identity"] == "origin-access-identity/cloudfront/E3OAI"
    sent = requests["UpdateDistribution"][0]["DistributionConfig"]
    sent_assets = next(origin for origin in sent["Origins"]["Items"] if origin["Id"] == "assets")
    assert (sent_assets["S3OriginConfig"], sent_assets["OriginAccessControlId"]) == (
        dict(OriginAccessIdentity=""),
        "E1OAC",
    )
    behavior = sent["DefaultCacheBehavior"]
    assert behavior["CachePolicyId"] == CACHING_OPTIMIZED
    assert not {"ForwardedValues", "MinTTL", "DefaultTTL", "MaxTTL"} & set(behavior)


def test_a_distribution_changed_meanwhile_is_reported(run_module, stubbed_cloudfront, requests):
    config = as_aws_answers(created_config(run_module, stubbed_cloudfront, requests))
    existing(stubbed_cloudfront, config)
    stubbed_cloudfront.add_client_error(
        "update_distribution", service_error_code="PreconditionFailed", http_status_code=412
    )

    result = run_module(main, dict(S3_ARGS, price_class="PriceClass_200"))

    assert result["failed"] is True
    assert "changed by someone else" in result["msg"]


def test_with_wait_the_module_returns_once_deployed(run_module, stubbed_cloudfront, sleeps):
    listed(stubbed_cloudfront)
    stubbed_cloudfront.add_response(
        "create_distribution", dict(Distribution=distribution(minimal_config(), "InProgress"), ETag="ETAG1")
    )
    stubbed_cloudfront.add_response(
        "get_distribution",
        dict(Distribution=distribution(minimal_config(), "InProgress"), ETag="ETAG1"),
        dict(Id="E2SITE"),
    )
    stubbed_cloudfront.add_response(
        "get_distribution", dict(Distribution=distribution(minimal_config()), ETag="ETAG1"), dict(Id="E2SITE")
    )

    result = run_module(main, dict(S3_ARGS, wait=True))

    assert result["distribution"]["status"] == "Deployed"
    assert sleeps == [cloudfront_distributions.WAIT_DELAY]


def test_a_wait_timing_out_is_reported(run_module, stubbed_cloudfront, sleeps, requests):
    config = as_aws_answers(created_config(run_module, stubbed_cloudfront, requests))
    existing(stubbed_cloudfront, config, status="InProgress")
    for _poll in range(3):
        stubbed_cloudfront.add_response(
            "get_distribution", dict(Distribution=distribution(config, "InProgress"), ETag="ETAG1"), dict(Id="E2SITE")
        )

    result = run_module(main, dict(S3_ARGS, wait=True, wait_timeout=20))

    assert result["failed"] is True
    assert "Timed out after 20 seconds" in result["msg"] and "its status is InProgress" in result["msg"]
    assert sleeps == [cloudfront_distributions.WAIT_DELAY] * 2


def test_delete_disables_waits_and_deletes_with_the_latest_etag(run_module, stubbed_cloudfront, sleeps, requests):
    config = as_aws_answers(created_config(run_module, stubbed_cloudfront, requests))
    existing(stubbed_cloudfront, config, etag="ETAG1")
    disabled = dict(config, Enabled=False)
    stubbed_cloudfront.add_response(
        "update_distribution", dict(Distribution=distribution(disabled, "InProgress"), ETag="ETAG2")
    )
    stubbed_cloudfront.add_response(
        "get_distribution", dict(Distribution=distribution(disabled, "InProgress"), ETag="ETAG2"), dict(Id="E2SITE")
    )
    stubbed_cloudfront.add_response(
        "get_distribution", dict(Distribution=distribution(disabled), ETag="ETAG3"), dict(Id="E2SITE")
    )
    stubbed_cloudfront.add_response("delete_distribution", {}, dict(Id="E2SITE", IfMatch="ETAG3"))

    result = run_module(main, dict(caller_reference="site", state="absent", wait=True))

    assert result["changed"] is True
    sent = requests["UpdateDistribution"][0]
    assert (sent["IfMatch"], sent["DistributionConfig"]["Enabled"]) == ("ETAG1", False)
    assert sent["DistributionConfig"]["Origins"] == config["Origins"]
    assert sleeps == [cloudfront_distributions.WAIT_DELAY]


def test_without_wait_a_disabled_distribution_still_deploying_is_not_deleted(run_module, stubbed_cloudfront, requests):
    config = as_aws_answers(created_config(run_module, stubbed_cloudfront, requests))
    existing(stubbed_cloudfront, dict(config, Enabled=False), status="InProgress")

    result = run_module(main, dict(caller_reference="site", state="absent"))

    assert result["failed"] is True
    assert "is disabled but InProgress" in result["msg"]
    assert "DeleteDistribution" not in requests
