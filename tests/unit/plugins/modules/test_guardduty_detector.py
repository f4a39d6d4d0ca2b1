"""Unit tests of seed.aws_platform.guardduty_detector.

moto (in-process) backs creating, updating and deleting detectors. botocore's Stubber backs what moto
lacks or gets wrong: TagResource/UntagResource (not implemented), GetDetector listing every feature
(moto lists only those it was sent) and UpdateDetector changing only the features sent (moto replaces
the list), and throttling.
"""

import datetime

import boto3
import pytest

from ansible_collections.seed.aws_platform.plugins.modules.guardduty_detector import main

REGION = "us-east-1"
ACCOUNT = "123456789012"
SERVICE_ROLE = f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty"


def runtime_monitoring(status="enabled", **configurations):
    """The RUNTIME_MONITORING item of the features option, its additional configurations given as NAME=status."""
    return dict(
        name="RUNTIME_MONITORING",
        status=status,
        additional_configuration=[dict(name=name, status=value) for name, value in configurations.items()],
    )


RUNTIME_MONITORING = runtime_monitoring(ECS_FARGATE_AGENT_MANAGEMENT="enabled", EC2_AGENT_MANAGEMENT="disabled")


@pytest.fixture
def guardduty(aws):
    return boto3.client("guardduty", region_name=REGION)


def the_detector(guardduty):
    """(ID, GetDetector) of the only detector of the region."""
    (detector_id,) = guardduty.list_detectors()["DetectorIds"]
    return detector_id, guardduty.get_detector(DetectorId=detector_id)


def features_of(detector):
    return {
        feature["Name"]: (
            feature["Status"],
            {item["Name"]: item["Status"] for item in feature.get("AdditionalConfiguration", [])},
        )
        for feature in detector["Features"]
    }


# --- moto ---------------------------------------------------------------------------------------


def test_creates_the_detector_with_settings_features_and_tags(run_module, guardduty):
    args = dict(
        finding_publishing_frequency="FIFTEEN_MINUTES",
        features=[
            dict(name="S3_DATA_EVENTS"),
            dict(name="EBS_MALWARE_PROTECTION", status="disabled"),
            RUNTIME_MONITORING,
        ],
        tags={"Environment": "prod", "CostCenter": 1234},
    )

    result = run_module(main, args)

    assert result["changed"] is True
    detector_id, stored = the_detector(guardduty)
    assert (stored["Status"], stored["FindingPublishingFrequency"]) == ("ENABLED", "FIFTEEN_MINUTES")
    assert features_of(stored) == {
        "S3_DATA_EVENTS": ("ENABLED", {}),
        "EBS_MALWARE_PROTECTION": ("DISABLED", {}),
        "RUNTIME_MONITORING": (
            "ENABLED",
            {"ECS_FARGATE_AGENT_MANAGEMENT": "ENABLED", "EC2_AGENT_MANAGEMENT": "DISABLED"},
        ),
    }
    assert stored["Tags"] == {"Environment": "prod", "CostCenter": "1234"}
    detector = result["detector"]
    assert detector["detector_id"] == detector_id
    assert detector["status"] == "ENABLED"
    assert detector["finding_publishing_frequency"] == "FIFTEEN_MINUTES"
    assert detector["service_role"] == SERVICE_ROLE
    assert detector["tags"] == {"Environment": "prod", "CostCenter": "1234"}
    assert detector["features"][2]["additional_configuration"][1] == dict(
        name="EC2_AGENT_MANAGEMENT", status="DISABLED"
    )
    assert "data_sources" not in detector and "created_at" in detector


def test_defaults_create_an_enabled_detector_publishing_every_six_hours(run_module, guardduty):
    result = run_module(main, {})

    _detector_id, stored = the_detector(guardduty)
    assert (stored["Status"], stored["FindingPublishingFrequency"]) == ("ENABLED", "SIX_HOURS")
    assert result["detector"]["tags"] == {} and result["detector"]["features"] == []


def test_second_run_changes_nothing(run_module, guardduty):
    args = dict(features=[dict(name="S3_DATA_EVENTS"), RUNTIME_MONITORING], tags={"a": "1"})
    first = run_module(main, args)

    second = run_module(main, args)

    assert second["changed"] is False
    assert second["detector"] == first["detector"]
    assert len(guardduty.list_detectors()["DetectorIds"]) == 1


def test_check_mode_reports_creation_and_creates_nothing(run_module, guardduty):
    result = run_module(
        main, dict(enable=False, features=[dict(name="S3_DATA_EVENTS")], tags={"a": 1}), check_mode=True
    )

    assert result["changed"] is True
    assert result["detector"] == dict(
        status="DISABLED",
        finding_publishing_frequency="SIX_HOURS",
        features=[dict(name="S3_DATA_EVENTS", status="ENABLED")],
        tags={"a": "1"},
    )
    assert guardduty.list_detectors()["DetectorIds"] == []


def test_suspends_and_changes_frequency_in_place(run_module, guardduty):
    created = run_module(main, dict(tags={"a": "1"}))

    result = run_module(main, dict(enable=False, finding_publishing_frequency="ONE_HOUR"))

    assert result["changed"] is True
    detector_id, stored = the_detector(guardduty)
    assert detector_id == created["detector"]["detector_id"]
    assert (stored["Status"], stored["FindingPublishingFrequency"]) == ("DISABLED", "ONE_HOUR")
    assert (result["detector"]["status"], result["detector"]["tags"]) == ("DISABLED", {"a": "1"})


def test_check_mode_reports_an_update_and_changes_nothing(run_module, guardduty):
    run_module(main, dict(features=[dict(name="S3_DATA_EVENTS")]))

    result = run_module(
        main,
        dict(finding_publishing_frequency="ONE_HOUR", features=[dict(name="S3_DATA_EVENTS", status="disabled")]),
        check_mode=True,
    )

    assert result["changed"] is True
    assert result["detector"]["finding_publishing_frequency"] == "ONE_HOUR"
    assert result["detector"]["features"] == [dict(name="S3_DATA_EVENTS", status="DISABLED")]
    _detector_id, stored = the_detector(guardduty)
    assert stored["FindingPublishingFrequency"] == "SIX_HOURS"
    assert features_of(stored) == {"S3_DATA_EVENTS": ("ENABLED", {})}


def test_a_changed_additional_configuration_is_updated(run_module, guardduty):
    run_module(main, dict(features=[RUNTIME_MONITORING]))
    agent_off = runtime_monitoring(ECS_FARGATE_AGENT_MANAGEMENT="disabled")

    result = run_module(main, dict(features=[agent_off]))
    again = run_module(main, dict(features=[agent_off]))

    assert (result["changed"], again["changed"]) == (True, False)
    _detector_id, stored = the_detector(guardduty)
    assert features_of(stored)["RUNTIME_MONITORING"] == ("ENABLED", {"ECS_FARGATE_AGENT_MANAGEMENT": "DISABLED"})


def test_omitted_features_and_tags_are_left_alone(run_module, guardduty):
    run_module(main, dict(features=[dict(name="S3_DATA_EVENTS", status="disabled")], tags={"a": "1"}))

    result = run_module(main, {})

    assert result["changed"] is False
    _detector_id, stored = the_detector(guardduty)
    assert features_of(stored) == {"S3_DATA_EVENTS": ("DISABLED", {})}
    assert stored["Tags"] == {"a": "1"}


def test_diff_shows_before_and_after(run_module, guardduty):
    created = run_module(main, {})

    result = run_module(main, dict(finding_publishing_frequency="ONE_HOUR"), diff=True)

    assert result["diff"]["before"]["detector"] == created["detector"]
    assert result["diff"]["after"]["detector"] == result["detector"]
    assert result["detector"]["finding_publishing_frequency"] == "ONE_HOUR"


def test_absent_deletes_the_detector(run_module, guardduty):
    run_module(main, {})

    result = run_module(main, dict(state="absent"))

    assert result == dict(changed=True, detector={}, failed=False)
    assert guardduty.list_detectors()["DetectorIds"] == []


def test_absent_when_nothing_exists_changes_nothing(run_module, guardduty):
    result = run_module(main, dict(state="absent"), diff=True)

    assert result["changed"] is False
    assert result["diff"] == dict(before=dict(detector={}), after=dict(detector={}))


def test_absent_in_check_mode_deletes_nothing(run_module, guardduty):
    created = run_module(main, {})

    result = run_module(main, dict(state="absent"), check_mode=True)

    assert result["changed"] is True
    assert guardduty.list_detectors()["DetectorIds"] == [created["detector"]["detector_id"]]


@pytest.mark.parametrize(
    "features, message",
    [
        (
            [dict(name="EKS_RUNTIME_MONITORING"), dict(name="RUNTIME_MONITORING")],
            "features cannot list both EKS_RUNTIME_MONITORING and RUNTIME_MONITORING",
        ),
        (
            [dict(name="S3_DATA_EVENTS"), dict(name="S3_DATA_EVENTS", status="disabled")],
            "features lists S3_DATA_EVENTS more than once",
        ),
        ([dict(name="FLOW_LOGS")], "value of name must be one of"),
    ],
)
def test_invalid_features_fail_before_any_change(run_module, guardduty, features, message):
    result = run_module(main, dict(features=features))

    assert result["failed"] is True
    assert message in result["msg"]
    assert guardduty.list_detectors()["DetectorIds"] == []


# --- Stubber ------------------------------------------------------------------------------------

DETECTOR_ID = "12abc34d567e8fa901bc2d34e56789f0"
DETECTOR_ARN = f"arn:aws:guardduty:{REGION}:{ACCOUNT}:detector/{DETECTOR_ID}"
UPDATED_AT = datetime.datetime(2024, 5, 1, tzinfo=datetime.timezone.utc)


def feature(name, status="ENABLED", **extra):
    return dict(Name=name, Status=status, UpdatedAt=UPDATED_AT, **extra)


# What AWS answers for a detector created without features: every feature, all but Runtime Monitoring on.
AWS_FEATURES = [
    feature("CLOUD_TRAIL"),
    feature("DNS_LOGS"),
    feature("FLOW_LOGS"),
    feature("S3_DATA_EVENTS"),
    feature("EKS_AUDIT_LOGS"),
    feature("EBS_MALWARE_PROTECTION"),
    feature("RDS_LOGIN_EVENTS"),
    feature("LAMBDA_NETWORK_LOGS"),
    feature(
        "RUNTIME_MONITORING",
        "DISABLED",
        AdditionalConfiguration=[
            dict(Name="EKS_ADDON_MANAGEMENT", Status="DISABLED", UpdatedAt=UPDATED_AT),
            dict(Name="ECS_FARGATE_AGENT_MANAGEMENT", Status="DISABLED", UpdatedAt=UPDATED_AT),
        ],
    ),
]


def get_detector_response(tags=None, features=None, **settings):
    return dict(
        dict(
            CreatedAt="2024-05-01T10:20:30.123Z",
            UpdatedAt="2024-05-01T10:20:30.123Z",
            FindingPublishingFrequency="SIX_HOURS",
            ServiceRole=SERVICE_ROLE,
            Status="ENABLED",
            Tags=tags or {},
            Features=AWS_FEATURES if features is None else features,
        ),
        **settings,
    )


def expect_existing(stubber, **detector):
    stubber.add_response("list_detectors", {"DetectorIds": [DETECTOR_ID]}, {})
    stubber.add_response("get_detector", get_detector_response(**detector), {"DetectorId": DETECTOR_ID})


def expect_account(sts):
    sts.add_response(
        "get_caller_identity",
        {"UserId": "AIDAEXAMPLE", "Account": ACCOUNT, "Arn": f"arn:aws:iam::{ACCOUNT}:user/ansible"},
    )


def test_tags_are_added_changed_and_removed(run_module, stubbed):
    guardduty, sts = stubbed("guardduty"), stubbed("sts")
    expect_existing(guardduty, tags={"keep": "1", "drop": "2", "change": "old"})
    expect_account(sts)
    guardduty.add_response("untag_resource", {}, {"ResourceArn": DETECTOR_ARN, "TagKeys": ["drop"]})
    guardduty.add_response("tag_resource", {}, {"ResourceArn": DETECTOR_ARN, "Tags": {"change": "new", "add": "3"}})
    new_tags = {"keep": "1", "change": "new", "add": "3"}
    guardduty.add_response("get_detector", get_detector_response(tags=new_tags), {"DetectorId": DETECTOR_ID})

    result = run_module(main, dict(tags=new_tags))

    assert result["changed"] is True
    assert result["detector"]["tags"] == new_tags


def test_purge_tags_false_only_adds(run_module, stubbed):
    guardduty, sts = stubbed("guardduty"), stubbed("sts")
    expect_existing(guardduty, tags={"a": "1"})
    expect_account(sts)
    guardduty.add_response("tag_resource", {}, {"ResourceArn": DETECTOR_ARN, "Tags": {"b": "2"}})
    guardduty.add_response(
        "get_detector", get_detector_response(tags={"a": "1", "b": "2"}), {"DetectorId": DETECTOR_ID}
    )

    result = run_module(main, dict(tags={"b": "2"}, purge_tags=False))

    assert result["changed"] is True
    assert result["detector"]["tags"] == {"a": "1", "b": "2"}


def test_check_mode_reports_tag_changes_without_calls(run_module, stubbed):
    guardduty = stubbed("guardduty")
    expect_existing(guardduty, tags={"a": "1"})

    result = run_module(main, dict(tags={"b": "2"}), check_mode=True)

    assert result["changed"] is True
    assert result["detector"]["tags"] == {"b": "2"}


def test_only_the_listed_features_are_compared_and_sent(run_module, stubbed):
    guardduty = stubbed("guardduty")
    expect_existing(guardduty)
    guardduty.add_response(
        "update_detector",
        {},
        {
            "DetectorId": DETECTOR_ID,
            "Enable": True,
            "FindingPublishingFrequency": "SIX_HOURS",
            "Features": [
                {"Name": "S3_DATA_EVENTS", "Status": "ENABLED"},
                {"Name": "RDS_LOGIN_EVENTS", "Status": "DISABLED"},
            ],
        },
    )
    after = [
        feature("RDS_LOGIN_EVENTS", "DISABLED") if item["Name"] == "RDS_LOGIN_EVENTS" else item for item in AWS_FEATURES
    ]
    guardduty.add_response("get_detector", get_detector_response(features=after), {"DetectorId": DETECTOR_ID})

    result = run_module(
        main, dict(features=[dict(name="S3_DATA_EVENTS"), dict(name="RDS_LOGIN_EVENTS", status="disabled")])
    )

    assert result["changed"] is True
    statuses = {item["name"]: item["status"] for item in result["detector"]["features"]}
    assert statuses["RDS_LOGIN_EVENTS"] == "DISABLED" and statuses["FLOW_LOGS"] == "ENABLED"
    assert result["detector"]["features"][0]["updated_at"] == "2024-05-01T00:00:00+00:00"


def test_features_matching_aws_need_no_update(run_module, stubbed):
    guardduty = stubbed("guardduty")
    expect_existing(guardduty)
    runtime_off = runtime_monitoring("disabled", ECS_FARGATE_AGENT_MANAGEMENT="disabled")

    result = run_module(main, dict(features=[dict(name="EKS_AUDIT_LOGS"), runtime_off]))

    assert result["changed"] is False
    assert len(result["detector"]["features"]) == len(AWS_FEATURES)


def test_an_additional_configuration_missing_from_aws_is_added(run_module, stubbed):
    guardduty = stubbed("guardduty")
    expect_existing(guardduty)
    desired = runtime_monitoring("disabled", EC2_AGENT_MANAGEMENT="disabled")

    result = run_module(main, dict(features=[desired]), check_mode=True)

    assert result["changed"] is True
    (runtime,) = [item for item in result["detector"]["features"] if item["name"] == "RUNTIME_MONITORING"]
    assert [item["name"] for item in runtime["additional_configuration"]] == [
        "EKS_ADDON_MANAGEMENT",
        "ECS_FARGATE_AGENT_MANAGEMENT",
        "EC2_AGENT_MANAGEMENT",
    ]


def test_throttled_calls_are_retried(run_module, stubbed, sleeps):
    guardduty = stubbed("guardduty")
    guardduty.add_client_error("list_detectors", service_error_code="TooManyRequestsException", http_status_code=429)
    guardduty.add_response("list_detectors", {"DetectorIds": []}, {})
    guardduty.add_client_error("create_detector", service_error_code="TooManyRequestsException", http_status_code=429)
    guardduty.add_response("create_detector", {"DetectorId": DETECTOR_ID})
    guardduty.add_response("get_detector", get_detector_response(), {"DetectorId": DETECTOR_ID})

    result = run_module(main, {})

    assert result["changed"] is True
    assert result["detector"]["detector_id"] == DETECTOR_ID
    assert len(sleeps) == 2


def test_a_failed_creation_is_reported(run_module, stubbed):
    guardduty = stubbed("guardduty")
    guardduty.add_response("list_detectors", {"DetectorIds": []}, {})
    guardduty.add_client_error(
        "create_detector", service_error_code="BadRequestException", service_message="detector already exists"
    )

    result = run_module(main, {})

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to create the GuardDuty detector")
    assert result["error"]["code"] == "BadRequestException"
