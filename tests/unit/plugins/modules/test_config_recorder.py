"""Unit tests of seed.aws_platform.config_recorder.

moto (in-process) backs recorders, delivery channels and starting and stopping: it refuses a channel without a
recorder, starting without a channel and deleting the channel of a recording recorder, as AWS does. botocore's
Stubber backs what moto lacks: the recording mode (moto drops ``recordingMode``), what AWS adds to a recorder
(ARN, recording scope), the exact order of the calls, and throttling.
"""

import boto3
import pytest

from ansible_collections.seed.aws_platform.plugins.modules.config_recorder import main

REGION = "us-east-1"
ROLE_ARN = "arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
OTHER_ROLE_ARN = "arn:aws:iam::123456789012:role/config-recorder"
BUCKET = "audit-123456789012"
TOPIC_ARN = f"arn:aws:sns:{REGION}:123456789012:config"


def args(**extra):
    """The arguments of a task that records everything and delivers to the audit bucket under ``config/``."""
    return dict(dict(role_arn=ROLE_ARN, delivery_channel=dict(s3_bucket_name=BUCKET, s3_key_prefix="config")), **extra)


@pytest.fixture
def config(aws):
    return boto3.client("config", region_name=REGION)


def stored(config):
    """(recorders, delivery channels, recording of each recorder) of the region."""
    return (
        config.describe_configuration_recorders()["ConfigurationRecorders"],
        config.describe_delivery_channels()["DeliveryChannels"],
        [
            status["recording"]
            for status in config.describe_configuration_recorder_status()["ConfigurationRecordersStatus"]
        ],
    )


# --- moto ---------------------------------------------------------------------------------------


def test_creates_the_recorder_and_channel_and_starts_recording(run_module, config):
    result = run_module(
        main, args(delivery_channel=dict(s3_bucket_name=BUCKET, s3_key_prefix="config", delivery_frequency="Six_Hours"))
    )

    assert result["changed"] is True
    assert result["changes"] == ["recorder", "delivery_channel", "started"]
    recorders, channels, recording = stored(config)
    assert [(item["name"], item["roleARN"]) for item in recorders] == [("default", ROLE_ARN)]
    group = recorders[0]["recordingGroup"]
    assert (group["allSupported"], group["includeGlobalResourceTypes"], group["resourceTypes"]) == (True, True, [])
    assert channels == [
        dict(
            name="default",
            s3BucketName=BUCKET,
            s3KeyPrefix="config",
            configSnapshotDeliveryProperties=dict(deliveryFrequency="Six_Hours"),
        )
    ]
    assert recording == [True]
    assert result["recording"] is True
    assert result["recorder"]["name"] == "default"
    assert result["recorder"]["role_arn"] == ROLE_ARN
    assert result["recorder"]["recording_group"]["all_supported"] is True
    assert result["recorder"]["recording_group"]["include_global_resource_types"] is True
    assert result["delivery_channel"] == dict(
        name="default",
        s3_bucket_name=BUCKET,
        s3_key_prefix="config",
        config_snapshot_delivery_properties=dict(delivery_frequency="Six_Hours"),
    )


def test_second_run_changes_nothing(run_module, config):
    first = run_module(main, args())

    second = run_module(main, args())

    assert (second["changed"], second["changes"]) == (False, [])
    for key in ("recorder", "delivery_channel", "recording"):
        assert second[key] == first[key]


def test_check_mode_on_an_empty_region_reports_everything_and_creates_nothing(run_module, config):
    result = run_module(main, args(), check_mode=True)

    assert result["changed"] is True
    assert result["changes"] == ["recorder", "delivery_channel", "started"]
    assert stored(config) == ([], [], [])
    assert result["recorder"] == dict(
        name="default",
        role_arn=ROLE_ARN,
        recording_group=dict(all_supported=True, include_global_resource_types=True, resource_types=[]),
    )
    assert result["delivery_channel"]["s3_key_prefix"] == "config"
    assert result["recording"] is True


def test_a_changed_recording_group_updates_only_the_recorder(run_module, config):
    run_module(main, args())
    types = ["AWS::EC2::VPC", "AWS::IAM::Role", "AWS::EC2::SecurityGroup"]

    result = run_module(
        main, args(role_arn=OTHER_ROLE_ARN, recording_group=dict(all_supported=False, resource_types=types))
    )
    # AWS may list the types in another order; the same types in another order change nothing.
    again = run_module(
        main, args(role_arn=OTHER_ROLE_ARN, recording_group=dict(all_supported=False, resource_types=types[::-1]))
    )

    assert (result["changed"], result["changes"]) == (True, ["recorder"])
    assert (again["changed"], again["changes"]) == (False, [])
    (recorder,), _channels, recording = stored(config)
    assert recorder["roleARN"] == OTHER_ROLE_ARN
    group = recorder["recordingGroup"]
    assert (group["allSupported"], group["includeGlobalResourceTypes"]) == (False, False)
    assert sorted(group["resourceTypes"]) == sorted(types)
    assert recording == [True]
    assert result["recorder"]["recording_group"]["resource_types"] == types


def test_a_changed_delivery_channel_is_replaced_as_a_whole(run_module, config):
    run_module(main, args())
    channel = dict(s3_bucket_name=BUCKET, sns_topic_arn=TOPIC_ARN, delivery_frequency="One_Hour")

    result = run_module(main, args(delivery_channel=channel))

    assert (result["changed"], result["changes"]) == (True, ["delivery_channel"])
    _recorders, channels, recording = stored(config)
    # The prefix left out of the task is gone.
    assert channels == [
        dict(
            name="default",
            s3BucketName=BUCKET,
            snsTopicARN=TOPIC_ARN,
            configSnapshotDeliveryProperties=dict(deliveryFrequency="One_Hour"),
        )
    ]
    assert recording == [True]
    assert result["delivery_channel"]["sns_topic_arn"] == TOPIC_ARN
    assert "s3_key_prefix" not in result["delivery_channel"]


def test_recording_false_stops_the_recorder_and_keeps_it(run_module, config):
    run_module(main, args())

    result = run_module(main, args(recording=False))
    again = run_module(main, args(recording=False))

    assert (result["changed"], result["changes"], result["recording"]) == (True, ["stopped"], False)
    assert (again["changed"], again["recording"]) == (False, False)
    recorders, channels, recording = stored(config)
    assert (len(recorders), len(channels), recording) == (1, 1, [False])


def test_recording_false_on_an_empty_region_creates_a_stopped_recorder(run_module, config):
    result = run_module(main, args(recording=False))

    assert result["changes"] == ["recorder", "delivery_channel"]
    assert stored(config)[2] == [False]


def test_recording_true_starts_a_stopped_recorder(run_module, config):
    run_module(main, args(recording=False))

    result = run_module(main, args())

    assert (result["changes"], result["recording"]) == (["started"], True)
    assert stored(config)[2] == [True]


def test_diff_shows_before_and_after(run_module, config):
    created = run_module(main, args())

    result = run_module(main, args(recording=False), diff=True)

    assert result["diff"]["before"] == dict(
        recorder=created["recorder"], delivery_channel=created["delivery_channel"], recording=True
    )
    assert result["diff"]["after"] == dict(
        recorder=result["recorder"], delivery_channel=result["delivery_channel"], recording=False
    )


def test_absent_stops_and_deletes_the_channel_then_the_recorder(run_module, config):
    run_module(main, args())

    # moto refuses to delete the channel of a recording recorder, as AWS does: stopping comes first.
    result = run_module(main, dict(state="absent"))

    assert result["changed"] is True
    assert result["changes"] == ["stopped", "delivery_channel", "recorder"]
    assert (result["recorder"], result["delivery_channel"], result["recording"]) == ({}, {}, False)
    assert stored(config) == ([], [], [])


def test_absent_in_check_mode_deletes_nothing(run_module, config):
    run_module(main, args())

    result = run_module(main, dict(state="absent"), check_mode=True)

    assert result["changes"] == ["stopped", "delivery_channel", "recorder"]
    recorders, channels, recording = stored(config)
    assert (len(recorders), len(channels), recording) == (1, 1, [True])


def test_absent_when_nothing_exists_changes_nothing(run_module, config):
    result = run_module(main, dict(state="absent"), diff=True)

    assert (result["changed"], result["changes"]) == (False, [])
    empty = dict(recorder={}, delivery_channel={}, recording=False)
    assert result["diff"] == dict(before=empty, after=empty)


def test_a_recorder_of_another_name_is_reported(run_module, config):
    run_module(main, args())

    result = run_module(main, args(name="audit"))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to put configuration recorder audit")
    assert result["error"]["code"] == "MaxNumberOfConfigurationRecordersExceededException"


@pytest.mark.parametrize(
    "recording_group, message",
    [
        (
            dict(all_supported=True, resource_types=["AWS::EC2::VPC"]),
            "recording_group.resource_types must be empty when recording_group.all_supported is true",
        ),
        (dict(all_supported=False), "recording_group.resource_types must list at least one type"),
        (
            dict(all_supported=False, include_global_resource_types=True, resource_types=["AWS::EC2::VPC"]),
            "recording_group.include_global_resource_types can only be true with recording_group.all_supported",
        ),
    ],
)
def test_invalid_recording_groups_fail_before_any_change(run_module, config, recording_group, message):
    result = run_module(main, args(recording_group=recording_group))

    assert result["failed"] is True
    assert message in result["msg"]
    assert stored(config) == ([], [], [])


@pytest.mark.parametrize("missing", ["role_arn", "delivery_channel"])
def test_present_needs_a_role_and_a_delivery_channel(run_module, config, missing):
    task = args()
    del task[missing]

    result = run_module(main, task)

    assert result["failed"] is True
    assert f"state is present but all of the following are missing: {missing}" in result["msg"]


# --- Stubber ------------------------------------------------------------------------------------

RECORDER_ARN = f"arn:aws:config:{REGION}:123456789012:configuration-recorder/default/abcdefghijklmnop"
ALL_SUPPORTED = dict(
    allSupported=True,
    includeGlobalResourceTypes=True,
    resourceTypes=[],
    exclusionByResourceTypes=dict(resourceTypes=[]),
    recordingStrategy=dict(useOnly="ALL_SUPPORTED_RESOURCE_TYPES"),
)
OVERRIDES = [dict(description="roles daily", resourceTypes=["AWS::IAM::Role"], recordingFrequency="DAILY")]
CHANNEL = dict(
    name="default",
    s3BucketName=BUCKET,
    s3KeyPrefix="config",
    configSnapshotDeliveryProperties=dict(deliveryFrequency="TwentyFour_Hours"),
)


def aws_recorder(frequency="CONTINUOUS", **extra):
    """A recorder as AWS describes it, with what AWS adds to what the module sends."""
    return dict(
        dict(
            arn=RECORDER_ARN,
            name="default",
            roleARN=ROLE_ARN,
            recordingGroup=ALL_SUPPORTED,
            recordingMode=dict(recordingFrequency=frequency, recordingModeOverrides=OVERRIDES),
            recordingScope="PAID",
        ),
        **extra,
    )


def sent_recorder(role_arn):
    """What PutConfigurationRecorder gets for a daily recorder of everything: the overrides of aws_recorder() kept."""
    return dict(
        name="default",
        roleARN=role_arn,
        recordingGroup=dict(allSupported=True, includeGlobalResourceTypes=True, resourceTypes=[]),
        recordingMode=dict(recordingFrequency="DAILY", recordingModeOverrides=OVERRIDES),
    )


def expect_existing(stubber, recorder, recording=True):
    """The three Describe* calls of a run, on a recorder with the channel CHANNEL."""
    names = {"ConfigurationRecorderNames": ["default"]}
    stubber.add_response("describe_configuration_recorders", {"ConfigurationRecorders": [recorder]}, names)
    stubber.add_response(
        "describe_delivery_channels", {"DeliveryChannels": [CHANNEL]}, {"DeliveryChannelNames": ["default"]}
    )
    stubber.add_response(
        "describe_configuration_recorder_status",
        {"ConfigurationRecordersStatus": [dict(arn=RECORDER_ARN, name="default", recording=recording)]},
        names,
    )


def test_recorder_with_what_aws_adds_needs_no_update(run_module, stubbed):
    config = stubbed("config")
    expect_existing(config, aws_recorder())

    result = run_module(main, args(recording_mode=dict(recording_frequency="CONTINUOUS")))

    assert (result["changed"], result["changes"]) == (False, [])
    assert result["recorder"]["arn"] == RECORDER_ARN
    assert result["recorder"]["recording_mode"]["recording_mode_overrides"][0]["resource_types"] == ["AWS::IAM::Role"]


def test_a_changed_recording_frequency_keeps_the_overrides(run_module, stubbed):
    config = stubbed("config")
    expect_existing(config, aws_recorder())
    config.add_response("put_configuration_recorder", {}, {"ConfigurationRecorder": sent_recorder(ROLE_ARN)})
    expect_existing(config, aws_recorder("DAILY"))

    result = run_module(main, args(recording_mode=dict(recording_frequency="DAILY")))

    assert (result["changed"], result["changes"]) == (True, ["recorder"])
    assert result["recorder"]["recording_mode"]["recording_frequency"] == "DAILY"


def test_without_recording_mode_an_update_sends_the_recorders_mode_back(run_module, stubbed):
    config = stubbed("config")
    expect_existing(config, aws_recorder("DAILY"))
    config.add_response("put_configuration_recorder", {}, {"ConfigurationRecorder": sent_recorder(OTHER_ROLE_ARN)})
    expect_existing(config, aws_recorder("DAILY", roleARN=OTHER_ROLE_ARN))

    result = run_module(main, args(role_arn=OTHER_ROLE_ARN))

    assert result["changes"] == ["recorder"]
    assert result["recorder"]["role_arn"] == OTHER_ROLE_ARN
    assert result["recorder"]["recording_mode"]["recording_frequency"] == "DAILY"


def test_check_mode_shows_the_changed_frequency_and_keeps_what_aws_added(run_module, stubbed):
    config = stubbed("config")
    expect_existing(config, aws_recorder())

    result = run_module(main, args(recording_mode=dict(recording_frequency="DAILY")), check_mode=True)

    assert result["changes"] == ["recorder"]
    assert result["recorder"]["arn"] == RECORDER_ARN
    assert result["recorder"]["recording_mode"] == dict(
        recording_frequency="DAILY",
        recording_mode_overrides=[
            dict(description="roles daily", resource_types=["AWS::IAM::Role"], recording_frequency="DAILY")
        ],
    )


def test_a_recorder_that_excludes_types_is_replaced(run_module, stubbed):
    config = stubbed("config")
    excluding = dict(
        allSupported=False,
        includeGlobalResourceTypes=False,
        resourceTypes=[],
        exclusionByResourceTypes=dict(resourceTypes=["AWS::EC2::Volume"]),
        recordingStrategy=dict(useOnly="EXCLUSION_BY_RESOURCE_TYPES"),
    )
    expect_existing(config, aws_recorder(recordingGroup=excluding))

    result = run_module(main, args(), check_mode=True)

    assert result["changes"] == ["recorder"]
    assert result["recorder"]["recording_group"] == dict(
        all_supported=True, include_global_resource_types=True, resource_types=[]
    )


def test_absent_calls_aws_in_the_order_it_requires(run_module, stubbed):
    config = stubbed("config")
    expect_existing(config, aws_recorder())
    config.add_response("stop_configuration_recorder", {}, {"ConfigurationRecorderName": "default"})
    config.add_response("delete_delivery_channel", {}, {"DeliveryChannelName": "default"})
    config.add_response("delete_configuration_recorder", {}, {"ConfigurationRecorderName": "default"})

    result = run_module(main, dict(state="absent"))

    assert result["changes"] == ["stopped", "delivery_channel", "recorder"]


def test_a_channel_without_a_recorder_is_deleted(run_module, stubbed):
    config = stubbed("config")
    config.add_client_error(
        "describe_configuration_recorders",
        service_error_code="NoSuchConfigurationRecorderException",
        expected_params={"ConfigurationRecorderNames": ["default"]},
    )
    config.add_response(
        "describe_delivery_channels", {"DeliveryChannels": [CHANNEL]}, {"DeliveryChannelNames": ["default"]}
    )
    config.add_response("delete_delivery_channel", {}, {"DeliveryChannelName": "default"})

    result = run_module(main, dict(state="absent"))

    assert (result["changed"], result["changes"]) == (True, ["delivery_channel"])


def test_throttled_calls_are_retried(run_module, stubbed, sleeps):
    config = stubbed("config")
    config.add_client_error(
        "describe_configuration_recorders", service_error_code="ThrottlingException", http_status_code=400
    )
    expect_existing(config, aws_recorder(), recording=False)
    config.add_client_error(
        "start_configuration_recorder", service_error_code="ThrottlingException", http_status_code=400
    )
    config.add_response("start_configuration_recorder", {}, {"ConfigurationRecorderName": "default"})
    expect_existing(config, aws_recorder())

    result = run_module(main, args())

    assert (result["changes"], result["recording"]) == (["started"], True)
    assert len(sleeps) == 2


def test_a_refused_delivery_channel_is_reported(run_module, stubbed):
    config = stubbed("config")
    expect_existing(config, aws_recorder())
    config.add_client_error(
        "put_delivery_channel",
        service_error_code="NoSuchBucketException",
        service_message="The specified bucket does not exist.",
    )

    result = run_module(main, args(delivery_channel=dict(s3_bucket_name="missing-bucket")))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to put delivery channel default")
    assert result["error"]["code"] == "NoSuchBucketException"
