"""Unit tests of seed.aws_platform.cloudfront_origin_access_control.

moto (in-process) keeps origin access controls, but neither refuses to delete one a distribution uses nor checks
ETags; botocore's Stubber scripts those answers as CloudFront gives them.
"""

import boto3
import pytest

from ansible_collections.seed.aws_platform.plugins.modules.cloudfront_origin_access_control import main

REGION = "us-east-1"


@pytest.fixture
def cloudfront(aws):
    return boto3.client("cloudfront", region_name=REGION)


def controls(cloudfront):
    """Every origin access control of the account, as ListOriginAccessControls has them."""
    return cloudfront.list_origin_access_controls()["OriginAccessControlList"].get("Items") or []


def create(cloudfront, name="assets", **config):
    given = dict(
        Name=name,
        Description="the assets bucket",
        SigningProtocol="sigv4",
        SigningBehavior="always",
        OriginAccessControlOriginType="s3",
    )
    answer = cloudfront.create_origin_access_control(OriginAccessControlConfig=dict(given, **config))
    return answer["OriginAccessControl"]["Id"]


# --- with moto ------------------------------------------------------------------------------------


def test_creates_the_control_with_its_defaults(run_module, cloudfront):
    result = run_module(main, dict(name="assets", description="the assets bucket"))

    assert result["changed"] is True
    control = result["origin_access_control"]
    assert control == dict(
        id=control["id"],
        name="assets",
        description="the assets bucket",
        origin_type="s3",
        signing_behavior="always",
        signing_protocol="sigv4",
        etag=control["etag"],
    )
    assert [(item["Id"], item["Name"], item["SigningBehavior"]) for item in controls(cloudfront)] == [
        (control["id"], "assets", "always")
    ]


def test_second_run_changes_nothing(run_module, cloudfront):
    args = dict(name="api", origin_type="lambda", signing_behavior="no-override")
    first = run_module(main, args)

    second = run_module(main, args, diff=True)

    assert second["changed"] is False
    assert second["origin_access_control"] == first["origin_access_control"]
    assert second["origin_access_control"]["description"] == ""
    assert second["diff"]["before"] == second["diff"]["after"]
    assert len(controls(cloudfront)) == 1


def test_settings_are_updated_in_place(run_module, cloudfront):
    control_id = create(cloudfront)

    result = run_module(main, dict(name="assets", signing_behavior="never", description="changed"), diff=True)

    assert result["changed"] is True
    assert result["origin_access_control"]["id"] == control_id
    assert result["diff"]["before"]["origin_access_control"]["signing_behavior"] == "always"
    config = cloudfront.get_origin_access_control(Id=control_id)["OriginAccessControl"]["OriginAccessControlConfig"]
    assert (config["SigningBehavior"], config["Description"]) == ("never", "changed")
    assert len(controls(cloudfront)) == 1


def test_an_omitted_description_is_left_alone(run_module, cloudfront):
    create(cloudfront)

    result = run_module(main, dict(name="assets"))

    assert result["changed"] is False
    assert result["origin_access_control"]["description"] == "the assets bucket"


def test_check_mode_creates_nothing(run_module, cloudfront):
    result = run_module(main, dict(name="assets"), check_mode=True)

    assert result["changed"] is True
    assert result["origin_access_control"] == dict(
        name="assets", description="", origin_type="s3", signing_behavior="always", signing_protocol="sigv4"
    )
    assert controls(cloudfront) == []


def test_check_mode_changes_nothing(run_module, cloudfront):
    control_id = create(cloudfront)

    result = run_module(main, dict(name="assets", signing_behavior="never"), check_mode=True)

    assert result["changed"] is True
    assert result["origin_access_control"]["signing_behavior"] == "never"
    config = cloudfront.get_origin_access_control(Id=control_id)["OriginAccessControl"]["OriginAccessControlConfig"]
    assert config["SigningBehavior"] == "always"


def test_deletes_the_control(run_module, cloudfront):
    create(cloudfront)
    other = create(cloudfront, name="other")

    result = run_module(main, dict(name="assets", state="absent"), diff=True)

    assert (result["changed"], result["origin_access_control"]) == (True, {})
    assert result["diff"]["before"]["origin_access_control"]["name"] == "assets"
    assert [item["Id"] for item in controls(cloudfront)] == [other]


def test_deleting_a_missing_control_changes_nothing(run_module, cloudfront):
    result = run_module(main, dict(name="assets", state="absent"))

    assert (result["failed"], result["changed"]) == (False, False)


def test_check_mode_deletes_nothing(run_module, cloudfront):
    create(cloudfront)

    result = run_module(main, dict(name="assets", state="absent"), check_mode=True)

    assert result["changed"] is True
    assert len(controls(cloudfront)) == 1


def test_two_controls_of_the_same_name_are_refused(run_module, cloudfront):
    # AWS keeps names unique; moto does not, which lets the test make the ambiguity.
    create(cloudfront)
    create(cloudfront)

    result = run_module(main, dict(name="assets", signing_behavior="never"))

    assert result["failed"] is True
    assert "Found 2 origin access controls named assets" in result["msg"]


# --- with scripted answers ------------------------------------------------------------------------


@pytest.fixture
def stubbed_cloudfront(stubbed):
    return stubbed("cloudfront")


def existing(stubber, behavior="always"):
    """The module's first look: the listing, then the control with its ETag."""
    summary = dict(
        Id="E1OAC",
        Name="assets",
        Description="",
        SigningProtocol="sigv4",
        SigningBehavior=behavior,
        OriginAccessControlOriginType="s3",
    )
    stubber.add_response(
        "list_origin_access_controls",
        dict(OriginAccessControlList=dict(Marker="", MaxItems=100, IsTruncated=False, Quantity=1, Items=[summary])),
    )
    config = {key: value for key, value in summary.items() if key != "Id"}
    stubber.add_response(
        "get_origin_access_control",
        dict(OriginAccessControl=dict(Id="E1OAC", OriginAccessControlConfig=config), ETag="ETAG1"),
        dict(Id="E1OAC"),
    )
    return config


def test_an_update_gives_the_etag_of_the_read(run_module, stubbed_cloudfront):
    config = existing(stubbed_cloudfront)
    wanted = dict(config, SigningBehavior="no-override")
    stubbed_cloudfront.add_response(
        "update_origin_access_control",
        dict(OriginAccessControl=dict(Id="E1OAC", OriginAccessControlConfig=wanted), ETag="ETAG2"),
        dict(Id="E1OAC", IfMatch="ETAG1", OriginAccessControlConfig=wanted),
    )

    result = run_module(main, dict(name="assets", signing_behavior="no-override"))

    assert result["changed"] is True
    assert (result["origin_access_control"]["etag"], result["origin_access_control"]["signing_behavior"]) == (
        "ETAG2",
        "no-override",
    )


def test_a_control_changed_meanwhile_is_reported(run_module, stubbed_cloudfront):
    existing(stubbed_cloudfront)
    stubbed_cloudfront.add_client_error(
        "update_origin_access_control", service_error_code="PreconditionFailed", http_status_code=412
    )

    result = run_module(main, dict(name="assets", signing_behavior="never"))

    assert result["failed"] is True
    assert "changed by someone else" in result["msg"]


def test_a_control_in_use_is_not_deleted_and_the_failure_says_why(run_module, stubbed_cloudfront):
    existing(stubbed_cloudfront)
    stubbed_cloudfront.add_client_error(
        "delete_origin_access_control",
        service_error_code="OriginAccessControlInUse",
        service_message="The origin access control is in use.",
        http_status_code=409,
        expected_params=dict(Id="E1OAC", IfMatch="ETAG1"),
    )

    result = run_module(main, dict(name="assets", state="absent"))

    assert result["failed"] is True
    assert "still used by a CloudFront distribution" in result["msg"]
    assert "origin_access_control_id" in result["msg"]
    assert result["origin_access_control"]["id"] == "E1OAC"


def test_a_control_deleted_meanwhile_is_taken_as_deleted(run_module, stubbed_cloudfront):
    existing(stubbed_cloudfront)
    stubbed_cloudfront.add_client_error(
        "delete_origin_access_control", service_error_code="NoSuchOriginAccessControl", http_status_code=404
    )

    result = run_module(main, dict(name="assets", state="absent"))

    assert (result["failed"], result["changed"]) == (False, False)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (dict(name="x" * 65), "name must be 1 to 64 characters long"),
        (dict(name="assets", description="d" * 257), "description must be at most 256 characters long"),
        (dict(name="assets", origin_type="ec2"), "value of origin_type must be one of"),
        (dict(name="assets", signing_protocol="sigv2"), "value of signing_protocol must be one of"),
    ],
)
def test_invalid_parameters_fail_before_any_call(run_module, stubbed_cloudfront, args, message):
    result = run_module(main, args)

    assert result["failed"] is True
    assert message in result["msg"]
