#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: config_recorder
version_added: 0.1.0
short_description: Manage the AWS Config configuration recorder, its delivery channel and recording
description:
  - Creates, updates and deletes the AWS Config configuration recorder of an account and region together with
    its delivery channel, and starts or stops the recorder, in one task.
  - An account has at most one configuration recorder and one delivery channel per region; the module gives
    both the same O(name).
  - Unlike M(community.aws.config_recorder) and M(community.aws.config_delivery_channel), the module starts
    the recorder (a recorder that does not record checks nothing) and supports check mode.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  state:
    description:
      - Whether the recorder and its delivery channel should exist.
      - V(absent) stops the recorder, then deletes the delivery channel, then the recorder, as AWS requires.
        What AWS Config has already delivered to S3 stays there.
    type: str
    default: present
    choices: ['present', 'absent']
  name:
    description:
      - The name of the configuration recorder and of its delivery channel.
      - AWS refuses a second recorder or channel in a region, so a recorder or channel of another name
        that already exists makes the module fail.
    type: str
    default: default
  role_arn:
    description:
      - ARN of the IAM role the recorder uses to describe the resources of the account.
      - Usually AWS Config's service-linked role,
        C(arn:aws:iam::<account>:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig), which
        M(seed.aws_platform.iam_service_linked_role) creates.
      - Required with O(state=present).
    type: str
  recording_group:
    description:
      - Which resource types the recorder records.
      - When omitted, every supported resource type including the global ones.
    type: dict
    suboptions:
      all_supported:
        description:
          - Whether to record every resource type AWS Config supports, including those it will support
            later.
          - With V(false), O(recording_group.resource_types) must list the types to record.
        type: bool
        default: true
      include_global_resource_types:
        description:
          - Whether to record global resource types, such as those of IAM, as well.
          - Defaults to O(recording_group.all_supported). AWS accepts V(true) only with
            O(recording_group.all_supported=true); otherwise list the global types wanted in
            O(recording_group.resource_types).
        type: bool
      resource_types:
        description:
          - The resource types to record, such as V(AWS::EC2::VPC) or V(AWS::IAM::Role), when
            O(recording_group.all_supported=false).
          - Must be empty when O(recording_group.all_supported=true). AWS checks the names.
          - The order does not matter.
        type: list
        elements: str
        default: []
  recording_mode:
    description:
      - How often the recorder records changes.
      - When omitted, the recorder's recording mode is neither compared nor changed (a new recorder records
        continuously).
    type: dict
    suboptions:
      recording_frequency:
        description:
          - V(CONTINUOUS) records every change as it happens; V(DAILY) records a resource's latest state once
            a day, which costs less.
          - Only the default frequency is changed; the frequency overrides of single resource types that the
            recorder may have are kept.
        type: str
        default: CONTINUOUS
        choices: ['CONTINUOUS', 'DAILY']
  delivery_channel:
    description:
      - Where AWS Config delivers configuration snapshots and history.
      - Required with O(state=present), since AWS starts no recorder without a delivery channel.
      - The channel is replaced as a whole, so an optional setting that is omitted is removed from it.
    type: dict
    suboptions:
      s3_bucket_name:
        description:
          - The S3 bucket that receives the files. Its bucket policy must let the service principal
            C(config.amazonaws.com) read its ACL, list it and put objects.
        type: str
        required: true
      s3_key_prefix:
        description:
          - A prefix of the objects' keys in the bucket; AWS Config adds C(/AWSLogs/<account>/Config/) to it.
        type: str
      s3_kms_key_arn:
        description:
          - ARN of the KMS key AWS Config encrypts the objects with.
        type: str
      sns_topic_arn:
        description:
          - ARN of an SNS topic that AWS Config notifies of deliveries and changes.
        type: str
      delivery_frequency:
        description:
          - How often AWS Config delivers configuration snapshots.
        type: str
        default: TwentyFour_Hours
        choices: ['One_Hour', 'Three_Hours', 'Six_Hours', 'Twelve_Hours', 'TwentyFour_Hours']
  recording:
    description:
      - Whether the recorder records, that is, whether it is started (V(true)) or stopped (V(false)).
      - A stopped recorder keeps its settings and its delivery channel.
    type: bool
    default: true
notes:
  - PutConfigurationRecorder and PutDeliveryChannel are called only when the recorder or the channel
    differs. AWS requires the recorder before the channel and the channel before starting, which is the
    order the module follows.
  - AWS checks on PutDeliveryChannel that the bucket exists and that its policy lets AWS Config deliver.
  - This module supports check mode and diff mode.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Create AWS Config's service-linked role
  seed.aws_platform.iam_service_linked_role:
    aws_service_name: config.amazonaws.com
  register: config_role

- name: Find the account
  amazon.aws.aws_caller_info:
  register: caller

- name: Create an audit bucket that AWS Config may deliver to
  amazon.aws.s3_bucket:
    name: "{{ audit_bucket }}"
    encryption: AES256
    policy:
      Version: "2012-10-17"
      Statement:
        - Sid: AWSConfigBucketPermissionsCheck
          Effect: Allow
          Principal: {Service: config.amazonaws.com}
          Action: [s3:GetBucketAcl, s3:ListBucket]
          Resource: "arn:aws:s3:::{{ audit_bucket }}"
          Condition: {StringEquals: {"AWS:SourceAccount": "{{ caller.account }}"}}
        - Sid: AWSConfigBucketDelivery
          Effect: Allow
          Principal: {Service: config.amazonaws.com}
          Action: s3:PutObject
          Resource: "arn:aws:s3:::{{ audit_bucket }}/config/AWSLogs/{{ caller.account }}/Config/*"
          Condition:
            StringEquals:
              "s3:x-amz-acl": bucket-owner-full-control
              "AWS:SourceAccount": "{{ caller.account }}"

- name: Record every resource type, deliver to the audit bucket every six hours, and start recording
  seed.aws_platform.config_recorder:
    role_arn: "{{ config_role.iam_role.arn }}"
    delivery_channel:
      s3_bucket_name: "{{ audit_bucket }}"
      s3_key_prefix: config
      delivery_frequency: Six_Hours
  register: config

- name: Record only VPCs, security groups and IAM roles, once a day
  seed.aws_platform.config_recorder:
    role_arn: "{{ config_role.iam_role.arn }}"
    recording_group:
      all_supported: false
      resource_types:
        - AWS::EC2::VPC
        - AWS::EC2::SecurityGroup
        - AWS::IAM::Role
    recording_mode:
      recording_frequency: DAILY
    delivery_channel:
      s3_bucket_name: "{{ audit_bucket }}"
      s3_key_prefix: config

- name: Stop recording, keeping the recorder and its channel
  seed.aws_platform.config_recorder:
    role_arn: "{{ config_role.iam_role.arn }}"
    delivery_channel:
      s3_bucket_name: "{{ audit_bucket }}"
      s3_key_prefix: config
    recording: false

- name: Stop the recorder and delete it and its delivery channel
  seed.aws_platform.config_recorder:
    state: absent
"""

RETURN = r"""
recorder:
  description:
    - The configuration recorder.
    - Empty when it does not exist, so always with O(state=absent).
    - In check mode, a recorder that would be created or changed is shown as the module would send it.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the recorder.
      returned: when the recorder exists
      type: str
      sample: default
    role_arn:
      description: ARN of the IAM role the recorder uses.
      returned: when the recorder exists
      type: str
      sample: arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig
    recording_group:
      description: Which resource types the recorder records.
      returned: when the recorder exists
      type: dict
      contains:
        all_supported:
          description: Whether every supported resource type is recorded.
          type: bool
          sample: true
        include_global_resource_types:
          description: Whether global resource types are recorded.
          type: bool
          sample: true
        resource_types:
          description: The resource types recorded when not all are.
          type: list
          elements: str
          sample: ["AWS::EC2::VPC"]
        exclusion_by_resource_types:
          description: Resource types excluded from recording, as AWS reports them.
          returned: when AWS reports it
          type: dict
          sample: {"resource_types": []}
        recording_strategy:
          description: How the recorded types are chosen, as AWS reports it.
          returned: when AWS reports it
          type: dict
          sample: {"use_only": "ALL_SUPPORTED_RESOURCE_TYPES"}
    recording_mode:
      description: How often the recorder records changes.
      returned: when AWS reports it
      type: dict
      contains:
        recording_frequency:
          description: V(CONTINUOUS) or V(DAILY).
          type: str
          sample: CONTINUOUS
        recording_mode_overrides:
          description:
            - Frequencies of single resource types that differ from
              RV(recorder.recording_mode.recording_frequency).
          returned: when AWS reports it
          type: list
          elements: dict
          sample: []
delivery_channel:
  description:
    - The delivery channel.
    - Empty when it does not exist, so always with O(state=absent).
  returned: always
  type: dict
  contains:
    name:
      description: Name of the channel.
      returned: when the channel exists
      type: str
      sample: default
    s3_bucket_name:
      description: The bucket AWS Config delivers to.
      returned: when the channel exists
      type: str
      sample: audit-123456789012
    s3_key_prefix:
      description: Prefix of the delivered objects' keys.
      returned: when set
      type: str
      sample: config
    s3_kms_key_arn:
      description: ARN of the KMS key the objects are encrypted with.
      returned: when set
      type: str
      sample: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
    sns_topic_arn:
      description: ARN of the SNS topic AWS Config notifies.
      returned: when set
      type: str
      sample: arn:aws:sns:us-east-1:123456789012:config
    config_snapshot_delivery_properties:
      description: How often configuration snapshots are delivered.
      returned: when the channel exists
      type: dict
      sample: {"delivery_frequency": "TwentyFour_Hours"}
recording:
  description: Whether the recorder is recording; V(false) when it does not exist.
  returned: always
  type: bool
  sample: true
changes:
  description:
    - What changed (or would change in check mode), in the order it was changed.
    - V(recorder) and V(delivery_channel) were created or updated with O(state=present), deleted with
      O(state=absent); V(started) and V(stopped) are the recorder's recording.
    - Empty when nothing changed.
  returned: always
  type: list
  elements: str
  sample: ["recorder", "delivery_channel", "started"]
"""

from typing import Any
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.transformation import boto3_resource_to_ansible_dict

DELIVERY_FREQUENCIES = ("One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours")
# The settings of a delivery channel the module manages, as DescribeDeliveryChannels names them.
CHANNEL_SETTINGS = ("s3BucketName", "s3KeyPrefix", "s3KmsKeyArn", "snsTopicARN", "configSnapshotDeliveryProperties")


def validate_params(module: AnsibleAWSModule) -> None:
    """Refuse the recording groups AWS refuses (InvalidRecordingGroupException), before any change."""
    group = module.params["recording_group"]
    if group["all_supported"] and group["resource_types"]:
        module.fail_json(msg="recording_group.resource_types must be empty when recording_group.all_supported is true.")
    if not group["all_supported"] and not group["resource_types"]:
        module.fail_json(
            msg="recording_group.resource_types must list at least one type"
            " when recording_group.all_supported is false."
        )
    if group["include_global_resource_types"] and not group["all_supported"]:
        module.fail_json(
            msg="recording_group.include_global_resource_types can only be true with recording_group.all_supported;"
            " list the global types, such as AWS::IAM::Role, in recording_group.resource_types instead."
        )


def describe(
    module: AnsibleAWSModule, method, key: str, not_found: str, what: str, **request
) -> Optional[Dict[str, Any]]:
    """The one item of a Describe* answer asked for by name, or None when AWS answers ``not_found``."""
    try:
        return next(iter(method(aws_retry=True, **request)[key]), None)
    except is_boto3_error_code(not_found):
        return None
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to describe {what}")


def find_existing(client, module: AnsibleAWSModule) -> Dict[str, Any]:
    name = module.params["name"]
    recorder = describe(
        module,
        client.describe_configuration_recorders,
        "ConfigurationRecorders",
        "NoSuchConfigurationRecorderException",
        f"configuration recorder {name}",
        ConfigurationRecorderNames=[name],
    )
    channel = describe(
        module,
        client.describe_delivery_channels,
        "DeliveryChannels",
        "NoSuchDeliveryChannelException",
        f"delivery channel {name}",
        DeliveryChannelNames=[name],
    )
    status = None
    if recorder:
        status = describe(
            module,
            client.describe_configuration_recorder_status,
            "ConfigurationRecordersStatus",
            "NoSuchConfigurationRecorderException",
            f"the status of configuration recorder {name}",
            ConfigurationRecorderNames=[name],
        )
    return dict(recorder=recorder, delivery_channel=channel, recording=bool(status and status.get("recording")))


def change(module: AnsibleAWSModule, method, what: str, **request) -> None:
    """Make the mutating call ``method``, except in check mode."""
    if module.check_mode:
        return
    try:
        method(aws_retry=True, **request)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to {what}")


def desired_recorder(module: AnsibleAWSModule, recorder: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The recorder as PutConfigurationRecorder takes it."""
    params = module.params
    group = params["recording_group"]
    include_global = group["include_global_resource_types"]
    desired = dict(
        name=params["name"],
        roleARN=params["role_arn"],
        recordingGroup=dict(
            allSupported=group["all_supported"],
            includeGlobalResourceTypes=group["all_supported"] if include_global is None else include_global,
            resourceTypes=group["resource_types"],
        ),
    )
    # PutConfigurationRecorder replaces the whole recorder: the recording mode (or, with recording_mode, its
    # overrides), which the task does not set, is sent back as it is so that an update keeps it.
    mode = (recorder or {}).get("recordingMode")
    if params["recording_mode"]:
        mode = dict(mode or {}, recordingFrequency=params["recording_mode"]["recording_frequency"])
    if mode:
        desired["recordingMode"] = mode
    return desired


def recorder_settings(recorder: Dict[str, Any]) -> Tuple[Any, ...]:
    """What the module compares of a recorder; AWS keeps resource types in any order."""
    group = recorder.get("recordingGroup", {})
    return (
        recorder.get("roleARN"),
        group.get("allSupported", False),
        group.get("includeGlobalResourceTypes", False),
        sorted(group.get("resourceTypes", [])),
        # Non-empty only for a recorder set up to exclude types, which the module replaces.
        sorted(group.get("exclusionByResourceTypes", {}).get("resourceTypes", [])),
        # A recorder without a recording mode records continuously.
        recorder.get("recordingMode", {}).get("recordingFrequency", "CONTINUOUS"),
    )


def desired_channel(module: AnsibleAWSModule) -> Dict[str, Any]:
    """The delivery channel as PutDeliveryChannel takes it."""
    channel = module.params["delivery_channel"]
    desired = dict(
        name=module.params["name"],
        s3BucketName=channel["s3_bucket_name"],
        configSnapshotDeliveryProperties=dict(deliveryFrequency=channel["delivery_frequency"]),
    )
    # AWS refuses empty strings for these, so an empty string means the same as an omitted setting: none.
    for option, key in (
        ("s3_key_prefix", "s3KeyPrefix"),
        ("s3_kms_key_arn", "s3KmsKeyArn"),
        ("sns_topic_arn", "snsTopicARN"),
    ):
        if channel[option]:
            desired[key] = channel[option]
    return desired


def channel_differs(channel: Optional[Dict[str, Any]], desired: Dict[str, Any]) -> bool:
    return channel is None or any(channel.get(key) != desired.get(key) for key in CHANNEL_SETTINGS)


def start_or_stop(client, module: AnsibleAWSModule, start: bool) -> str:
    """Start or stop the recorder; return the change as ``changes`` names it."""
    name = module.params["name"]
    method = client.start_configuration_recorder if start else client.stop_configuration_recorder
    change(
        module, method, f"{'start' if start else 'stop'} configuration recorder {name}", ConfigurationRecorderName=name
    )
    return "started" if start else "stopped"


def ensure_present(client, module: AnsibleAWSModule, existing: Dict[str, Any]) -> Tuple[List[str], Dict[str, Any]]:
    name = module.params["name"]
    changes = []
    recorder = desired_recorder(module, existing["recorder"])
    if existing["recorder"] is None or recorder_settings(existing["recorder"]) != recorder_settings(recorder):
        change(
            module,
            client.put_configuration_recorder,
            f"put configuration recorder {name}",
            ConfigurationRecorder=recorder,
        )
        changes.append("recorder")
    channel = desired_channel(module)
    if channel_differs(existing["delivery_channel"], channel):
        change(module, client.put_delivery_channel, f"put delivery channel {name}", DeliveryChannel=channel)
        changes.append("delivery_channel")
    if module.params["recording"] != existing["recording"]:
        changes.append(start_or_stop(client, module, module.params["recording"]))

    if changes and not module.check_mode:
        return changes, find_existing(client, module)
    return changes, dict(
        # Keeps what AWS adds to a recorder, such as its ARN; the recording group is replaced as a whole.
        recorder=dict(existing["recorder"] or {}, **recorder) if "recorder" in changes else existing["recorder"],
        delivery_channel=channel if "delivery_channel" in changes else existing["delivery_channel"],
        recording=module.params["recording"],
    )


def ensure_absent(client, module: AnsibleAWSModule, existing: Dict[str, Any]) -> Tuple[List[str], Dict[str, Any]]:
    name = module.params["name"]
    changes = []
    # AWS refuses to delete the delivery channel while the recorder records.
    if existing["recording"]:
        changes.append(start_or_stop(client, module, False))
    if existing["delivery_channel"]:
        change(module, client.delete_delivery_channel, f"delete delivery channel {name}", DeliveryChannelName=name)
        changes.append("delivery_channel")
    if existing["recorder"]:
        change(
            module,
            client.delete_configuration_recorder,
            f"delete configuration recorder {name}",
            ConfigurationRecorderName=name,
        )
        changes.append("recorder")
    return changes, dict(recorder=None, delivery_channel=None, recording=False)


def normalize(state: Dict[str, Any]) -> Dict[str, Any]:
    """The snake_cased recorder and delivery channel (empty dicts when missing) and the recording."""
    return dict(
        recorder=boto3_resource_to_ansible_dict(state["recorder"] or {}, transform_tags=False, force_tags=False),
        delivery_channel=boto3_resource_to_ansible_dict(
            state["delivery_channel"] or {}, transform_tags=False, force_tags=False
        ),
        recording=state["recording"],
    )


def main() -> None:
    argument_spec = dict(
        state=dict(type="str", default="present", choices=["present", "absent"]),
        name=dict(type="str", default="default"),
        role_arn=dict(type="str"),
        recording_group=dict(
            type="dict",
            apply_defaults=True,
            options=dict(
                all_supported=dict(type="bool", default=True),
                include_global_resource_types=dict(type="bool"),
                resource_types=dict(type="list", elements="str", default=[]),
            ),
        ),
        recording_mode=dict(
            type="dict",
            options=dict(
                recording_frequency=dict(type="str", default="CONTINUOUS", choices=["CONTINUOUS", "DAILY"]),
            ),
        ),
        delivery_channel=dict(
            type="dict",
            options=dict(
                s3_bucket_name=dict(type="str", required=True),
                # Names that sanity takes for secrets: a key prefix and a key's ARN are not.
                s3_key_prefix=dict(type="str", no_log=False),
                s3_kms_key_arn=dict(type="str", no_log=False),
                sns_topic_arn=dict(type="str"),
                delivery_frequency=dict(type="str", default="TwentyFour_Hours", choices=list(DELIVERY_FREQUENCIES)),
            ),
        ),
        recording=dict(type="bool", default=True),
    )

    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        required_if=[("state", "present", ["role_arn", "delivery_channel"])],
        supports_check_mode=True,
    )
    if module.params["state"] == "present":
        validate_params(module)

    # AWS Config throttles with ThrottlingException, which AWSRetry does not retry by default.
    client = module.client(
        "config", retry_decorator=AWSRetry.jittered_backoff(catch_extra_error_codes=["ThrottlingException"])
    )
    existing = find_existing(client, module)

    if module.params["state"] == "present":
        changes, after = ensure_present(client, module, existing)
    else:
        changes, after = ensure_absent(client, module, existing)

    result = dict(changed=bool(changes), changes=changes, **normalize(after))
    if module._diff:
        result["diff"] = dict(before=normalize(existing), after=normalize(after))
    module.exit_json(**result)


if __name__ == "__main__":
    main()
