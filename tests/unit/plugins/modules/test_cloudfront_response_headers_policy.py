"""Unit tests of seed.aws_platform.cloudfront_response_headers_policy.

moto (in-process) has no response headers policies (the emulator's extension cloudfront_response_headers_policies
does, but in-process tests do not get extensions), so botocore's Stubber scripts every CloudFront answer, as AWS
gives them: the list without ETags, paged with NextMarker, empty optional lists as ``Quantity`` 0 without
``Items``.
A test that scripts no mutating call proves that the module makes none: the Stubber fails on an unscripted call.
"""

import copy
import datetime

import pytest

from ansible_collections.seed.aws_platform.plugins.modules.cloudfront_response_headers_policy import main

POLICY_ID = "10a45b52-630e-4b7c-77c6-205f06df0462"
ETAG = "E2QWRUHEXAMPLE"
MODIFIED = datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc)
NAME = "website-security-headers"

SECURITY_ARGS = dict(
    strict_transport_security=dict(
        access_control_max_age_sec=63072000, include_subdomains=True, preload=True, override=True
    ),
    content_type_options=dict(override=True),
    frame_options=dict(frame_option="DENY", override=True),
    referrer_policy=dict(referrer_policy="strict-origin-when-cross-origin", override=True),
    xss_protection=dict(protection=True, mode_block=True, override=True),
    content_security_policy=dict(content_security_policy="default-src 'self'", override=False),
)
SECURITY_CONFIG = {
    "StrictTransportSecurity": {
        "AccessControlMaxAgeSec": 63072000,
        "IncludeSubdomains": True,
        "Preload": True,
        "Override": True,
    },
    "ContentTypeOptions": {"Override": True},
    "FrameOptions": {"FrameOption": "DENY", "Override": True},
    "ReferrerPolicy": {"ReferrerPolicy": "strict-origin-when-cross-origin", "Override": True},
    "XSSProtection": {"Protection": True, "ModeBlock": True, "Override": True},
    "ContentSecurityPolicy": {"ContentSecurityPolicy": "default-src 'self'", "Override": False},
}
ARGS = dict(name=NAME, comment="HSTS and friends", security_headers_config=SECURITY_ARGS)
CONFIG = {"Name": NAME, "Comment": "HSTS and friends", "SecurityHeadersConfig": SECURITY_CONFIG}

CORS_ARGS = dict(
    access_control_allow_origins=dict(items=["https://a.example.com", "https://b.example.com"]),
    access_control_allow_methods=["GET", "OPTIONS"],
    access_control_allow_credentials=False,
    origin_override=True,
)
CORS_CONFIG = {
    "AccessControlAllowOrigins": {"Quantity": 2, "Items": ["https://a.example.com", "https://b.example.com"]},
    "AccessControlAllowMethods": {"Quantity": 2, "Items": ["GET", "OPTIONS"]},
    "AccessControlAllowCredentials": False,
    "OriginOverride": True,
    # Required by the API: the module sends it empty when the task leaves it out.
    "AccessControlAllowHeaders": {"Quantity": 0, "Items": []},
}
MUTATIONS = ("create_response_headers_policy", "update_response_headers_policy", "delete_response_headers_policy")


@pytest.fixture
def cloudfront(stubbed):
    return stubbed("cloudfront")


def summary(config, policy_id=POLICY_ID):
    return dict(
        Type="custom",
        ResponseHeadersPolicy=dict(Id=policy_id, LastModifiedTime=MODIFIED, ResponseHeadersPolicyConfig=config),
    )


def listed(cloudfront, *summaries, marker=None, next_marker=None):
    """One page of ListResponseHeadersPolicies(Type=custom)."""
    page = dict(MaxItems=100, Quantity=len(summaries))
    if summaries:
        page["Items"] = list(summaries)
    if next_marker:
        page["NextMarker"] = next_marker
    expected = dict(Type="custom")
    if marker:
        expected["Marker"] = marker
    cloudfront.add_response("list_response_headers_policies", dict(ResponseHeadersPolicyList=page), expected)


def existing(cloudfront, config=None):
    """The module's first look: the policy in the list, then its config and ETag."""
    config = copy.deepcopy(CONFIG if config is None else config)
    listed(cloudfront, summary(config))
    cloudfront.add_response(
        "get_response_headers_policy_config",
        dict(ResponseHeadersPolicyConfig=config, ETag=ETAG),
        dict(Id=POLICY_ID),
    )


def policy(config):
    return dict(Id=POLICY_ID, LastModifiedTime=MODIFIED, ResponseHeadersPolicyConfig=config)


# --- create -------------------------------------------------------------------------------------


def test_creates_the_policy(run_module, cloudfront):
    listed(cloudfront)
    cloudfront.add_response(
        "create_response_headers_policy",
        dict(ResponseHeadersPolicy=policy(CONFIG), ETag=ETAG, Location=f"https://cloudfront.amazonaws.com/{POLICY_ID}"),
        dict(ResponseHeadersPolicyConfig=CONFIG),
    )

    result = run_module(main, ARGS, diff=True)

    assert result["changed"] is True
    returned = result["response_headers_policy"]
    assert (returned["id"], returned["last_modified_time"]) == (POLICY_ID, "2024-05-06T07:08:09+00:00")
    assert returned["response_headers_policy_config"]["security_headers_config"]["xss_protection"] == dict(
        protection=True, mode_block=True, override=True
    )
    assert result["diff"]["before"] == dict(response_headers_policy={})


def test_lists_get_quantities_and_required_empty_lists(run_module, cloudfront):
    config = {
        "Name": NAME,
        "CorsConfig": CORS_CONFIG,
        "CustomHeadersConfig": {
            "Quantity": 1,
            "Items": [{"Header": "X-Served-By", "Value": "3600", "Override": True}],
        },
        "RemoveHeadersConfig": {"Quantity": 1, "Items": [{"Header": "Server"}]},
        "ServerTimingHeadersConfig": {"Enabled": True, "SamplingRate": 10.0},
    }
    listed(cloudfront)
    cloudfront.add_response(
        "create_response_headers_policy",
        dict(ResponseHeadersPolicy=policy(config), ETag=ETAG),
        dict(ResponseHeadersPolicyConfig=config),
    )

    result = run_module(
        main,
        dict(
            name=NAME,
            cors_config=CORS_ARGS,
            # As community.aws's module takes it: a quantity of one's own, which is recounted.
            custom_headers_config=dict(quantity=5, items=[dict(header="X-Served-By", value=3600, override="yes")]),
            remove_headers_config=dict(items=[dict(header="Server")]),
            server_timing_headers_config=dict(enabled=True, sampling_rate="10"),
        ),
    )

    assert result["changed"] is True


def test_check_mode_reports_creation_and_creates_nothing(run_module, cloudfront):
    listed(cloudfront)

    result = run_module(main, ARGS, check_mode=True)

    assert result["changed"] is True
    assert result["response_headers_policy"] == dict(
        response_headers_policy_config=dict(
            name=NAME,
            comment="HSTS and friends",
            security_headers_config=result["response_headers_policy"]["response_headers_policy_config"][
                "security_headers_config"
            ],
        )
    )
    assert result["response_headers_policy"]["response_headers_policy_config"]["security_headers_config"][
        "frame_options"
    ] == dict(frame_option="DENY", override=True)


# --- idempotence and updates --------------------------------------------------------------------


def test_an_identical_policy_is_not_updated(run_module, cloudfront):
    existing(cloudfront)

    result = run_module(main, ARGS, diff=True)

    assert result["changed"] is False
    assert result["response_headers_policy"]["id"] == POLICY_ID
    assert result["diff"]["before"] == result["diff"]["after"]


def test_aws_spelling_of_the_same_policy_is_not_updated(run_module, cloudfront):
    """Other order of items, no empty Items, optional false booleans and empty comment: the same policy."""
    answered = {
        "Name": NAME,
        "Comment": "",
        "CorsConfig": dict(
            CORS_CONFIG,
            AccessControlAllowOrigins={"Quantity": 2, "Items": ["https://b.example.com", "https://a.example.com"]},
            AccessControlExposeHeaders={"Quantity": 0},
        ),
        "SecurityHeadersConfig": {"XSSProtection": {"Protection": True, "ModeBlock": False, "Override": True}},
        "CustomHeadersConfig": {"Quantity": 0},
    }
    existing(cloudfront, answered)

    result = run_module(
        main,
        dict(
            name=NAME,
            cors_config=CORS_ARGS,
            security_headers_config=dict(xss_protection=dict(protection="true", override=True)),
        ),
    )

    assert result["changed"] is False


def test_a_changed_security_header_is_updated_once_with_the_etag(run_module, cloudfront):
    existing(cloudfront)
    wanted = copy.deepcopy(CONFIG)
    wanted["SecurityHeadersConfig"]["FrameOptions"]["FrameOption"] = "SAMEORIGIN"
    cloudfront.add_response(
        "update_response_headers_policy",
        dict(ResponseHeadersPolicy=policy(wanted), ETag="E3NEWETAG"),
        dict(Id=POLICY_ID, IfMatch=ETAG, ResponseHeadersPolicyConfig=wanted),
    )
    args = copy.deepcopy(ARGS)
    # Any case: the module sends the API's spelling.
    args["security_headers_config"]["frame_options"]["frame_option"] = "sameorigin"

    result = run_module(main, args, diff=True)

    assert result["changed"] is True
    assert result["diff"]["before"]["response_headers_policy"]["response_headers_policy_config"][
        "security_headers_config"
    ]["frame_options"]["frame_option"] == "DENY"
    assert result["response_headers_policy"]["response_headers_policy_config"]["security_headers_config"][
        "frame_options"
    ]["frame_option"] == "SAMEORIGIN"


def test_a_block_left_out_is_removed(run_module, cloudfront):
    existing(cloudfront, dict(CONFIG, CorsConfig=CORS_CONFIG))
    cloudfront.add_response(
        "update_response_headers_policy",
        dict(ResponseHeadersPolicy=policy(CONFIG), ETag="E3NEWETAG"),
        dict(Id=POLICY_ID, IfMatch=ETAG, ResponseHeadersPolicyConfig=CONFIG),
    )

    result = run_module(main, dict(ARGS, cors_config={}))

    assert result["changed"] is True


def test_check_mode_reports_an_update_and_makes_none(run_module, cloudfront):
    existing(cloudfront)
    args = copy.deepcopy(ARGS)
    args["security_headers_config"]["strict_transport_security"]["preload"] = False

    result = run_module(main, args, check_mode=True)

    assert result["changed"] is True
    hsts = result["response_headers_policy"]["response_headers_policy_config"]["security_headers_config"][
        "strict_transport_security"
    ]
    assert hsts["preload"] is False
    assert result["response_headers_policy"]["id"] == POLICY_ID


def test_check_mode_on_an_identical_policy_reports_no_change(run_module, cloudfront):
    existing(cloudfront)

    assert run_module(main, ARGS, check_mode=True)["changed"] is False


def test_a_policy_changed_meanwhile_is_not_overwritten(run_module, cloudfront):
    existing(cloudfront)
    cloudfront.add_client_error(
        "update_response_headers_policy", service_error_code="PreconditionFailed", http_status_code=412
    )

    result = run_module(main, dict(ARGS, comment="other"))

    assert result["failed"] is True
    assert "changed by someone else" in result["msg"]


# --- finding the policy --------------------------------------------------------------------------


def test_the_policy_is_found_on_the_second_page(run_module, cloudfront):
    listed(cloudfront, summary(dict(Name="other"), policy_id="other-id"), next_marker="page-2")
    listed(cloudfront, summary(copy.deepcopy(CONFIG)), marker="page-2")
    cloudfront.add_response(
        "get_response_headers_policy_config",
        dict(ResponseHeadersPolicyConfig=copy.deepcopy(CONFIG), ETag=ETAG),
        dict(Id=POLICY_ID),
    )

    result = run_module(main, ARGS)

    assert (result["changed"], result["response_headers_policy"]["id"]) == (False, POLICY_ID)


def test_a_policy_deleted_between_list_and_get_is_created(run_module, cloudfront):
    listed(cloudfront, summary(copy.deepcopy(CONFIG)))
    cloudfront.add_client_error(
        "get_response_headers_policy_config", service_error_code="NoSuchResponseHeadersPolicy", http_status_code=404
    )

    result = run_module(main, ARGS, check_mode=True)

    assert result["changed"] is True
    assert "id" not in result["response_headers_policy"]


# --- delete -------------------------------------------------------------------------------------


def test_deletes_the_policy_with_the_etag(run_module, cloudfront):
    existing(cloudfront)
    cloudfront.add_response("delete_response_headers_policy", {}, dict(Id=POLICY_ID, IfMatch=ETAG))

    result = run_module(main, dict(name=NAME, state="absent"), diff=True)

    assert (result["changed"], result["response_headers_policy"]) == (True, {})
    assert result["diff"]["before"]["response_headers_policy"]["id"] == POLICY_ID


def test_deleting_a_missing_policy_changes_nothing(run_module, cloudfront):
    listed(cloudfront, summary(dict(Name="other"), policy_id="other-id"))

    result = run_module(main, dict(name=NAME, state="absent"))

    assert (result["failed"], result["changed"], result["response_headers_policy"]) == (False, False, {})


def test_a_policy_deleted_meanwhile_is_taken_as_deleted(run_module, cloudfront):
    existing(cloudfront)
    cloudfront.add_client_error(
        "delete_response_headers_policy", service_error_code="NoSuchResponseHeadersPolicy", http_status_code=404
    )

    result = run_module(main, dict(name=NAME, state="absent"))

    assert (result["failed"], result["changed"]) == (False, False)


def test_check_mode_reports_deletion_and_deletes_nothing(run_module, cloudfront):
    existing(cloudfront)

    result = run_module(main, dict(name=NAME, state="absent"), check_mode=True)

    assert result["changed"] is True


def test_a_policy_in_use_is_not_deleted_and_says_why(run_module, cloudfront):
    existing(cloudfront)
    cloudfront.add_client_error(
        "delete_response_headers_policy",
        service_error_code="ResponseHeadersPolicyInUse",
        service_message="Cannot delete the response headers policy because it is attached to one or more cache"
        " behaviors.",
        http_status_code=409,
    )

    result = run_module(main, dict(name=NAME, state="absent"))

    assert result["failed"] is True
    assert f"Response headers policy {NAME} ({POLICY_ID}) is still named by cache behaviors" in result["msg"]
    assert "response_headers_policy_id" in result["msg"]
    assert result["error"]["code"] == "ResponseHeadersPolicyInUse"


# --- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("block", "message"),
    [
        (
            dict(security_headers_config=dict(frame_options=dict(frame_option="ALLOW", override=True))),
            "security_headers_config.frame_options.frame_option must be one of DENY, SAMEORIGIN, not 'ALLOW'.",
        ),
        (
            dict(security_headers_config=dict(frame_options=dict(frame_option="DENY"))),
            "security_headers_config.frame_options.override is required.",
        ),
        (
            dict(security_headers_config=dict(xss=dict(override=True))),
            "security_headers_config has unknown key(s) xss; it takes content_security_policy,",
        ),
        (
            dict(security_headers_config=dict(content_type_options=dict(override="maybe"))),
            "security_headers_config.content_type_options.override must be a boolean, not 'maybe'.",
        ),
        (
            dict(
                security_headers_config=dict(
                    strict_transport_security=dict(access_control_max_age_sec="a year", override=True)
                )
            ),
            "strict_transport_security.access_control_max_age_sec must be an integer, not 'a year'.",
        ),
        (
            dict(custom_headers_config=dict(items=[dict(header="X-A", value=True, override=True)])),
            "custom_headers_config.items[0].value must be a string, not a boolean.",
        ),
        (
            dict(custom_headers_config=dict(items="X-A")),
            "custom_headers_config must be a list, or a dict with the list as 'items'.",
        ),
    ],
)
def test_invalid_blocks_fail_before_any_call(run_module, cloudfront, block, message):
    result = run_module(main, dict(name=NAME, **block))

    assert result["failed"] is True
    assert message in result["msg"]


def test_throttling_is_retried(run_module, cloudfront, sleeps):
    cloudfront.add_client_error("list_response_headers_policies", service_error_code="Throttling", http_status_code=400)
    listed(cloudfront)

    result = run_module(main, dict(name=NAME, state="absent"))

    assert (result["failed"], result["changed"]) == (False, False)
    assert len(sleeps) == 1
