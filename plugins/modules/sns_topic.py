#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: sns_topic
version_added: 0.1.0
short_description: Manage standard SNS topics, their encryption, policies, subscriptions and tags
description:
  - Creates, updates, tags and deletes a standard (not FIFO) Amazon SNS topic, and subscribes endpoints to it.
  - Unlike C(community.aws.sns_topic), encrypts the topic with a KMS key (O(kms_master_key_id)), which the AWS
    Foundational Security Best Practices control SNS.1 asks for.
  - A topic is identified by O(name), unique in the account and region; it is found with ListTopics.
  - Options that are not given leave the topic as it is; an existing topic is changed with one SetTopicAttributes
    call per attribute that differs.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  name:
    description:
      - Name of the topic, 1 to 256 letters, digits, hyphens and underscores.
      - FIFO topics (names ending with C(.fifo)) are not supported and are refused.
    type: str
    required: true
  state:
    description:
      - Whether the topic should exist.
      - V(absent) deletes the topic, and AWS deletes its subscriptions with it.
    type: str
    default: present
    choices: ['present', 'absent']
  display_name:
    description:
      - Display name of the topic, used as the sender of e-mail and SMS notifications; 100 characters at most.
      - V('') removes it. When not given, the topic keeps its display name.
    type: str
  kms_master_key_id:
    description:
      - The KMS key that encrypts the messages of the topic at rest (server-side encryption), as a key ID, a key ARN,
        an alias name (C(alias/NAME)) or an alias ARN. V(alias/aws/sns) is the key AWS manages for SNS.
      - AWS keeps the value as it is given and the module compares it as text with the topic's C(KmsMasterKeyId)
        attribute. Name the same key the same way on every run, or the module changes the attribute each time.
      - V('') removes the encryption; it is removed only when given explicitly. When not given, the topic keeps
        its encryption.
      - The key policy must let the publishers (for example C(events.amazonaws.com) or C(cloudwatch.amazonaws.com))
        use the key, see the SNS documentation; AWS does not check the key when it is set.
    type: str
  policy:
    description:
      - The access policy of the topic, as a dict or a JSON document.
      - Compared as data with the topic's policy (order of statements and of lists does not matter).
      - When not given, the topic keeps its policy (AWS gives a new topic a default one that lets the owner account
        use it).
    type: json
  delivery_policy:
    description:
      - The delivery policy of the topic, how SNS retries deliveries to HTTP/S endpoints, as AWS documents it, a
        dict with an C(http) key holding C(defaultHealthyRetryPolicy), C(defaultThrottlePolicy) and so on.
      - Compared as data; AWS adds C(disableSubscriptionOverrides=false) to an C(http) policy that lacks it, and so
        does the comparison.
      - V({}) removes it. When not given, the topic keeps its delivery policy.
    type: dict
  subscriptions:
    description:
      - The subscriptions of the topic. O(subscriptions[].protocol) and O(subscriptions[].endpoint) identify a
        subscription; two entries naming the same one are refused.
      - Missing subscriptions are created (C(Subscribe)). The attributes of existing confirmed subscriptions are
        changed where they differ (C(SetSubscriptionAttributes)).
      - With O(purge_subscriptions=true), the other subscriptions of the topic are deleted (C(Unsubscribe)).
      - When not given, the subscriptions of the topic are left alone. V([]) with O(purge_subscriptions=true)
        deletes all the confirmed ones.
      - HTTP, HTTPS and e-mail endpoints, and SQS queues of other accounts, receive a confirmation request from
        AWS; their subscription stays pending until the endpoint confirms it.
    type: list
    elements: dict
    suboptions:
      protocol:
        description:
          - The protocol of the endpoint.
        type: str
        required: true
        choices: ['http', 'https', 'email', 'email-json', 'sms', 'sqs', 'application', 'lambda', 'firehose']
      endpoint:
        description:
          - Where SNS delivers the messages, in the form of the protocol, V(https://...) or V(http://...) URLs, an
            e-mail address, an E.164 phone number for V(sms), and the ARN of the SQS queue, Lambda function, Firehose
            delivery stream or mobile application endpoint for V(sqs), V(lambda), V(firehose) and V(application).
          - Compared as given (case matters), except the domain of e-mail addresses and the separators of phone
            numbers, which SNS drops.
          - Webhook URLs often carry a token, so endpoints are secrets (C(no_log)). Ansible hides each endpoint the
            task gives wherever it would appear in the output of the task, as C(VALUE_SPECIFIED_IN_NO_LOG_PARAMETER)
            or C(********), SQS queue ARNs and e-mail addresses included.
          - The module itself shows HTTP and HTTPS endpoints (of subscriptions the task does not list, for example)
            with their path, query and credentials replaced by C(***), and names no endpoint in its error messages.
        type: str
        required: true
      attributes:
        description:
          - Subscription attributes, under their AWS names, among C(DeliveryPolicy) (HTTP/S only), C(FilterPolicy),
            C(FilterPolicyScope) (V(MessageAttributes) or V(MessageBody)), C(RawMessageDelivery) (a boolean; SQS,
            HTTP/S and Firehose only), C(RedrivePolicy) and C(SubscriptionRoleArn) (Firehose only, and required for
            it).
          - The policies are given as dicts (or JSON documents) and compared as data. V({}) removes a policy.
          - Only the attributes given are managed; the others keep their value.
          - The attributes of a subscription pending confirmation cannot be read or changed; the module sets them on
            a run after the confirmation.
        type: dict
        default: {}
  purge_subscriptions:
    description:
      - Whether to delete the subscriptions of the topic that O(subscriptions) does not list.
      - A subscription still pending confirmation cannot be deleted through the API. It is left, with a warning, and
        AWS deletes it by itself when nobody confirms it within 48 hours.
      - Ignored when O(subscriptions) is not given.
    type: bool
    default: true
notes:
  - The topic is found with ListTopics, its attributes read with GetTopicAttributes, its subscriptions with
    ListSubscriptionsByTopic and one GetSubscriptionAttributes per confirmed subscription, and its tags with
    ListTagsForResource. Tags are changed with TagResource and UntagResource.
  - ListSubscriptionsByTopic does not give the ARN of a subscription pending confirmation, so its C(subscription_arn)
    is returned only by the run that created it.
  - This module supports check mode and diff mode.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: An encrypted topic for the alarms, delivered to a queue and to the on-call team
  seed.aws_platform.sns_topic:
    name: alarms
    display_name: Alarms
    kms_master_key_id: alias/sns-alarms
    policy:
      Version: "2012-10-17"
      Statement:
        - Sid: CloudWatchPublishes
          Effect: Allow
          Principal:
            Service: cloudwatch.amazonaws.com
          Action: sns:Publish
          Resource: arn:aws:sns:us-east-1:123456789012:alarms
          Condition:
            StringEquals:
              aws:SourceAccount: "123456789012"
    subscriptions:
      - protocol: sqs
        endpoint: arn:aws:sqs:us-east-1:123456789012:alarms
        attributes:
          RawMessageDelivery: true
          FilterPolicy:
            severity: [critical, high]
      - protocol: email
        endpoint: oncall@example.com
    tags:
      Environment: production
  register: topic

- name: Add a webhook without deleting the other subscriptions
  seed.aws_platform.sns_topic:
    name: alarms
    subscriptions:
      - protocol: https
        endpoint: "https://events.example.com/hooks/{{ webhook_token }}"
        attributes:
          DeliveryPolicy:
            healthyRetryPolicy:
              numRetries: 5
    purge_subscriptions: false

- name: Encrypt with the key AWS manages for SNS
  seed.aws_platform.sns_topic:
    name: deployments
    kms_master_key_id: alias/aws/sns

- name: Delete the topic and its subscriptions
  seed.aws_platform.sns_topic:
    name: alarms
    state: absent
"""

RETURN = r"""
changes:
  description:
    - What the task changed, among V(created), V(deleted), V(display_name), V(kms_master_key_id), V(policy),
      V(delivery_policy), V(subscribed), V(subscription_attributes), V(unsubscribed) and V(tags); empty when nothing
      changed.
  returned: always
  type: list
  elements: str
  sample: ["kms_master_key_id", "subscribed"]
sns_topic:
  description:
    - The topic after the task. Empty when O(state=absent).
    - In check mode, what the task would make of it; a topic that would be created has no ARN, and the policy
      given, if any.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the topic.
      returned: always
      type: str
      sample: alarms
    topic_arn:
      description: ARN of the topic; null in check mode when the topic would be created.
      returned: always
      type: str
      sample: arn:aws:sns:us-east-1:123456789012:alarms
    display_name:
      description: Display name of the topic, empty when it has none.
      returned: always
      type: str
      sample: Alarms
    kms_master_key_id:
      description: The KMS key that encrypts the topic, as it was given; empty when the topic is not encrypted.
      returned: always
      type: str
      sample: alias/sns-alarms
    policy:
      description: The access policy of the topic.
      returned: always
      type: dict
      sample: {"Version": "2012-10-17", "Statement": []}
    delivery_policy:
      description: The delivery policy of the topic, empty when it has none.
      returned: always
      type: dict
      sample: {}
    subscriptions:
      description: The subscriptions of the topic, by protocol and endpoint.
      returned: always
      type: list
      elements: dict
      contains:
        protocol:
          description: The protocol.
          type: str
          sample: https
        endpoint:
          description:
            - The endpoint; for HTTP and HTTPS, with its path, query and credentials replaced by C(***).
            - Ansible shows the endpoints given in O(subscriptions) as C(VALUE_SPECIFIED_IN_NO_LOG_PARAMETER).
          type: str
          sample: https://events.example.com/***
        subscription_arn:
          description:
            - ARN of the subscription; null when it is pending confirmation (except on the run that created it) or
              would be created (check mode).
          type: str
          sample: arn:aws:sns:us-east-1:123456789012:alarms:7f3e7a4c-1c1a-4b5e-9d3f-2a1b0c9d8e7f
        pending_confirmation:
          description:
            - Whether the endpoint has yet to confirm the subscription.
            - In check mode, for a subscription that would be created, whether its protocol asks for a confirmation
              (HTTP, HTTPS and e-mail).
          type: bool
          sample: false
        attributes:
          description:
            - The attributes the module manages, under their AWS names, as the subscription has them; policies as
              dicts, C(RawMessageDelivery) as a boolean. Empty while the subscription is pending confirmation.
          type: dict
          sample: {"RawMessageDelivery": true, "FilterPolicy": {"severity": ["critical"]}}
    tags:
      description: Tags of the topic.
      returned: always
      type: dict
      sample: {"Environment": "production"}
"""

import copy
import json
import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.amazon.aws.plugins.module_utils.arn import validate_aws_arn
from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.policy import compare_policies
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list

from ansible_collections.seed.aws_platform.plugins.module_utils.sns import DELETED
from ansible_collections.seed.aws_platform.plugins.module_utils.sns import EMAIL_PROTOCOLS
from ansible_collections.seed.aws_platform.plugins.module_utils.sns import NOT_FOUND
from ansible_collections.seed.aws_platform.plugins.module_utils.sns import PENDING_CONFIRMATION
from ansible_collections.seed.aws_platform.plugins.module_utils.sns import URL_PROTOCOLS
from ansible_collections.seed.aws_platform.plugins.module_utils.sns import canonical_endpoint
from ansible_collections.seed.aws_platform.plugins.module_utils.sns import ensure_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.sns import find_topic_arn
from ansible_collections.seed.aws_platform.plugins.module_utils.sns import get_subscription_attributes
from ansible_collections.seed.aws_platform.plugins.module_utils.sns import get_topic_attributes
from ansible_collections.seed.aws_platform.plugins.module_utils.sns import list_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.sns import list_topic_subscriptions
from ansible_collections.seed.aws_platform.plugins.module_utils.sns import mask_endpoint
from ansible_collections.seed.aws_platform.plugins.module_utils.sns import parse_json_attribute
from ansible_collections.seed.aws_platform.plugins.module_utils.sns import sns_client
from ansible_collections.seed.aws_platform.plugins.module_utils.sns import subscription_key
from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import tag_map

PROTOCOLS = ["http", "https", "email", "email-json", "sms", "sqs", "application", "lambda", "firehose"]
# Protocols whose endpoint has to confirm a new subscription (SQS queues of other accounts too, which the module
# cannot tell in check mode).
CONFIRMED_BY_ENDPOINT = ("http", "https", "email", "email-json")
# The service of the ARN each of these protocols takes as endpoint.
ARN_ENDPOINTS = {"sqs": "sqs", "lambda": "lambda", "firehose": "firehose", "application": "sns"}
ENDPOINT_KINDS = {
    "sqs": "an SQS queue (arn:aws:sqs:REGION:ACCOUNT:QUEUE)",
    "lambda": "a Lambda function (arn:aws:lambda:REGION:ACCOUNT:function:NAME)",
    "firehose": "a Firehose delivery stream (arn:aws:firehose:REGION:ACCOUNT:deliverystream/NAME)",
    "application": "a mobile application endpoint (arn:aws:sns:REGION:ACCOUNT:endpoint/...)",
}

TOPIC_NAME = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
MAX_DISPLAY_NAME = 100
KMS_KEY = re.compile(
    r"^(alias/[A-Za-z0-9/_-]+"
    r"|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|mrk-[0-9a-fA-F]{32}"
    r"|arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key/[A-Za-z0-9-]+|alias/[A-Za-z0-9/_-]+))$"
)
EMAIL_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
E164 = re.compile(r"^\+[1-9][0-9]{1,14}$")

# The subscription attributes the module manages: their value when unset, and the protocols that take them.
SUBSCRIPTION_ATTRIBUTES: Dict[str, Tuple[Any, Tuple[str, ...]]] = {
    "DeliveryPolicy": ({}, ("http", "https")),
    "FilterPolicy": ({}, tuple(PROTOCOLS)),
    "FilterPolicyScope": ("MessageAttributes", tuple(PROTOCOLS)),
    "RawMessageDelivery": (False, ("http", "https", "sqs", "firehose")),
    "RedrivePolicy": ({}, tuple(PROTOCOLS)),
    "SubscriptionRoleArn": ("", ("firehose",)),
}
JSON_ATTRIBUTES = ("DeliveryPolicy", "FilterPolicy", "RedrivePolicy")
FILTER_POLICY_SCOPES = ("MessageAttributes", "MessageBody")


# --- validation ---------------------------------------------------------------------------------


def topic_name_problem(name: str) -> Optional[str]:
    if name.endswith(".fifo"):
        return (
            f"name {name!r} is the name of a FIFO topic, which this module does not manage: it manages standard topics,"
            " whose names do not end with .fifo"
        )
    if not TOPIC_NAME.match(name):
        return (
            f"name {name!r} is not a valid SNS topic name: it must be 1 to 256 letters, digits, hyphens and underscores"
        )
    return None


def kms_key_problem(key: Optional[str]) -> Optional[str]:
    if not key or KMS_KEY.match(key):
        return None
    return (
        f"kms_master_key_id {key!r} is not a KMS key ID, key ARN, alias name (alias/NAME) or alias ARN (give '' to"
        " remove the encryption)"
    )


def json_object(value: Any) -> Tuple[Optional[str], Any]:
    """(problem, value as a dict) of a dict, a JSON document of an object, or '' (nothing)."""
    if isinstance(value, dict):
        return None, value
    if isinstance(value, str):
        if not value.strip():
            return None, {}
        try:
            parsed = json.loads(value)
        except ValueError as e:
            return f"is not valid JSON ({e})", None
        if isinstance(parsed, dict):
            return None, parsed
    return "must be a dict or a JSON object", None


def endpoint_problem(protocol: str, endpoint: str) -> Optional[str]:
    """Why SNS would refuse the endpoint, without quoting it: endpoints may hold tokens."""
    if protocol in URL_PROTOCOLS:
        if not endpoint.startswith(f"{protocol}://") or len(endpoint) <= len(f"{protocol}://"):
            return f"the endpoint of protocol {protocol} must be a URL starting with {protocol}://"
    elif protocol in EMAIL_PROTOCOLS:
        if not EMAIL_ADDRESS.match(endpoint):
            return f"the endpoint of protocol {protocol} must be an e-mail address"
    elif protocol == "sms":
        if not E164.match(canonical_endpoint(protocol, endpoint)):
            return "the endpoint of protocol sms must be a phone number in E.164 form, like +14155550100"
    elif not (endpoint.startswith("arn:") and validate_aws_arn(endpoint, service=ARN_ENDPOINTS[protocol])):
        return f"the endpoint of protocol {protocol} must be the ARN of {ENDPOINT_KINDS[protocol]}"
    return None


def attribute_value(name: str, value: Any) -> Tuple[Optional[str], Any]:
    """(problem, value as the module compares it) of one subscription attribute."""
    if name in JSON_ATTRIBUTES:
        return json_object(value)
    if name == "RawMessageDelivery":
        try:
            return None, boolean(value, strict=True)
        except TypeError:
            return "must be a boolean", None
    if name == "FilterPolicyScope":
        if value not in FILTER_POLICY_SCOPES:
            return f"must be one of {', '.join(FILTER_POLICY_SCOPES)}", None
        return None, value
    if not (isinstance(value, str) and validate_aws_arn(value, service="iam", resource_type="role")):
        return "must be the ARN of an IAM role (arn:aws:iam::ACCOUNT:role/NAME)", None
    return None, value


def attribute_problems(where: str, protocol: str, attributes: Dict[str, Any]) -> Tuple[List[str], Dict[str, Any]]:
    """(problems, attributes as the module compares them) of one entry of ``subscriptions``."""
    problems, values = [], {}
    for name, value in sorted(attributes.items()):
        if name not in SUBSCRIPTION_ATTRIBUTES:
            problems.append(
                f"{where}: attribute {name} is not one the module manages, which are {', '.join(SUBSCRIPTION_ATTRIBUTES)}"
            )
            continue
        protocols = SUBSCRIPTION_ATTRIBUTES[name][1]
        if protocol not in protocols:
            problems.append(
                f"{where}: attribute {name} applies to protocols {', '.join(protocols)} only, not {protocol}"
            )
            continue
        problem, values[name] = attribute_value(name, value)
        if problem:
            problems.append(f"{where}: attribute {name} {problem}")
    if protocol == "firehose" and "SubscriptionRoleArn" not in attributes:
        problems.append(
            f"{where}: a firehose subscription needs attribute SubscriptionRoleArn, the role SNS assumes to write to"
            " the delivery stream"
        )
    return problems, values


def desired_subscriptions(subscriptions: List[Dict[str, Any]]) -> Tuple[List[str], List[Dict[str, Any]]]:
    """(problems, subscriptions as the module compares them) of ``subscriptions``."""
    problems, desired, seen = [], [], {}
    for index, subscription in enumerate(subscriptions):
        where, protocol = f"subscriptions[{index}]", subscription["protocol"]
        endpoint = canonical_endpoint(protocol, subscription["endpoint"])
        problem = endpoint_problem(protocol, endpoint)
        if problem:
            problems.append(f"{where}: {problem}")
        attribute_issues, attributes = attribute_problems(where, protocol, subscription["attributes"] or {})
        problems.extend(attribute_issues)
        key = subscription_key(protocol, endpoint)
        if key in seen:
            problems.append(
                f"{seen[key]} and {where} name the same {protocol} subscription (same protocol and endpoint); list it once"
            )
            continue
        seen[key] = where
        desired.append(dict(where=where, protocol=protocol, endpoint=endpoint, key=key, attributes=attributes))
    return problems, desired


def validate_params(module: AnsibleAWSModule) -> Dict[str, Any]:
    """The topic the task describes, in the form the module compares; fails before any call when AWS would refuse it."""
    params = module.params
    problems = [problem for problem in (topic_name_problem(params["name"]),) if problem]
    desired: Dict[str, Any] = dict(
        display_name=params["display_name"],
        kms_master_key_id=params["kms_master_key_id"],
        policy=None,
        delivery_policy=params["delivery_policy"],
        subscriptions=None,
    )
    if params["state"] == "present":
        problems.append(kms_key_problem(params["kms_master_key_id"]))
        if params["display_name"] is not None and len(params["display_name"]) > MAX_DISPLAY_NAME:
            problems.append(
                f"display_name must be {MAX_DISPLAY_NAME} characters at most, not {len(params['display_name'])}"
            )
        if params["policy"] is not None:
            problem, desired["policy"] = json_object(params["policy"])
            problems.append(f"policy {problem}" if problem else None)
            if not problem and not desired["policy"]:
                problems.append("policy cannot be empty: a topic always has a policy")
        if params["subscriptions"] is not None:
            subscription_issues, desired["subscriptions"] = desired_subscriptions(params["subscriptions"])
            problems.extend(subscription_issues)
    problems = [problem for problem in problems if problem]
    if problems:
        module.fail_json(msg="; ".join(problems) + ".")
    return desired


# --- comparison -----------------------------------------------------------------------------------


def comparable_delivery_policy(policy: Any) -> Any:
    # AWS adds disableSubscriptionOverrides=false to an http delivery policy that lacks it.
    policy = copy.deepcopy(policy) if policy else {}
    if isinstance(policy, dict) and isinstance(policy.get("http"), dict):
        policy["http"].setdefault("disableSubscriptionOverrides", False)
    return policy


def topic_attribute_changes(desired: Dict[str, Any], topic: Dict[str, Any]) -> List[Tuple[str, str, str]]:
    """(name in ``changes``, attribute, value for SetTopicAttributes) of each topic attribute that differs."""
    changes = []
    for option, attribute in (("display_name", "DisplayName"), ("kms_master_key_id", "KmsMasterKeyId")):
        if desired[option] is not None and desired[option] != topic[option]:
            changes.append((option, attribute, desired[option]))
    if desired["policy"] is not None and (not topic["policy"] or compare_policies(topic["policy"], desired["policy"])):
        changes.append(("policy", "Policy", json.dumps(desired["policy"])))
    wanted_delivery = desired["delivery_policy"]
    if wanted_delivery is not None and comparable_delivery_policy(wanted_delivery) != comparable_delivery_policy(
        topic["delivery_policy"]
    ):
        changes.append(("delivery_policy", "DeliveryPolicy", json.dumps(wanted_delivery) if wanted_delivery else ""))
    return changes


def comparable_attribute(name: str, value: Any) -> Any:
    if name == "RawMessageDelivery":
        return bool(value)
    return value if value is not None else SUBSCRIPTION_ATTRIBUTES[name][0]


def differing_attributes(wanted: Dict[str, Any], current: Dict[str, Any]) -> List[str]:
    """The names of the wanted attributes that differ, in the order SetSubscriptionAttributes can take them.

    SNS checks a filter policy against the scope the subscription has when it is set: a scope that lets more
    (MessageBody, nested properties) goes first, one that lets less goes after the policy that fits it.
    """
    names = sorted(
        name
        for name, value in wanted.items()
        if comparable_attribute(name, value)
        != comparable_attribute(name, current.get(name, SUBSCRIPTION_ATTRIBUTES[name][0]))
    )
    if "FilterPolicyScope" in names:
        names.remove("FilterPolicyScope")
        position = 0 if wanted["FilterPolicyScope"] == "MessageBody" else len(names)
        names.insert(position, "FilterPolicyScope")
    return names


def without_defaults(attributes: Dict[str, Any]) -> Dict[str, Any]:
    """The attributes whose value is not AWS's default: what makes a subscription differ from a plain one.

    AWS reports some defaults (RawMessageDelivery false, the MessageAttributes scope of a filter policy) and not
    others (policies): leaving them all out shows a subscription the same whether it is read, set or planned.
    """
    return {
        name: value
        for name, value in attributes.items()
        if comparable_attribute(name, value) != SUBSCRIPTION_ATTRIBUTES[name][0]
    }


def subscription_attribute_text(name: str, value: Any) -> str:
    """The value of a subscription attribute as SNS takes it."""
    if name == "RawMessageDelivery":
        return "true" if value else "false"
    if name == "FilterPolicy":
        # SNS documents '{}' as the way to remove a filter policy.
        return json.dumps(value, sort_keys=True)
    if name in JSON_ATTRIBUTES:
        return json.dumps(value, sort_keys=True) if value else ""
    return value


def managed_attributes(attributes: Dict[str, str]) -> Dict[str, Any]:
    """The attributes the module manages, of GetSubscriptionAttributes's answer, those at AWS's default left out."""
    managed: Dict[str, Any] = {}
    for name in SUBSCRIPTION_ATTRIBUTES:
        if name not in attributes:
            continue
        if name in JSON_ATTRIBUTES:
            managed[name] = parse_json_attribute(attributes[name])
        elif name == "RawMessageDelivery":
            managed[name] = attributes[name].lower() == "true"
        else:
            managed[name] = attributes[name]
    return without_defaults(managed)


def plan_subscriptions(
    desired: Optional[List[Dict[str, Any]]], current: List[Dict[str, Any]], purge: bool
) -> Dict[str, List[Any]]:
    """What converging the subscriptions takes: ``subscribe`` (wanted), ``update`` ((wanted, current, attribute
    names)), ``unsubscribe`` (current), and the pending subscriptions that cannot be handled: ``pending_wanted``
    (wanted, with attributes to set) and ``pending_unwanted`` (current)."""
    plan: Dict[str, List[Any]] = dict(subscribe=[], update=[], unsubscribe=[], pending_wanted=[], pending_unwanted=[])
    if desired is None:
        return plan
    by_key: Dict[Tuple[str, str], Dict[str, Any]] = {}
    # A confirmed subscription wins over a pending one with the same key (an e-mail domain in another case).
    for subscription in sorted(current, key=lambda subscription: not subscription["pending_confirmation"]):
        by_key[subscription_key(subscription["protocol"], subscription["endpoint"])] = subscription
    for wanted in desired:
        existing = by_key.get(wanted["key"])
        if existing is None:
            plan["subscribe"].append(wanted)
        elif existing["pending_confirmation"]:
            if differing_attributes(wanted["attributes"], {}):
                plan["pending_wanted"].append(wanted)
        else:
            names = differing_attributes(wanted["attributes"], existing["attributes"])
            if names:
                plan["update"].append((wanted, existing, names))
    if purge:
        wanted_keys = {wanted["key"] for wanted in desired}
        for subscription in current:
            if subscription_key(subscription["protocol"], subscription["endpoint"]) not in wanted_keys:
                plan["pending_unwanted" if subscription["pending_confirmation"] else "unsubscribe"].append(subscription)
    return plan


# --- AWS ----------------------------------------------------------------------------------------


def topic_settings(attributes: Dict[str, str]) -> Dict[str, Any]:
    """The attributes of GetTopicAttributes the module manages, as it compares them."""
    return dict(
        display_name=attributes.get("DisplayName") or "",
        kms_master_key_id=attributes.get("KmsMasterKeyId") or "",
        policy=parse_json_attribute(attributes.get("Policy")) or None,
        delivery_policy=parse_json_attribute(attributes.get("DeliveryPolicy")),
    )


def read_subscription(client, module: AnsibleAWSModule, listed: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """A subscription as ListSubscriptionsByTopic lists it, with its attributes; None when it is gone."""
    arn = listed["SubscriptionArn"]
    subscription = dict(
        protocol=listed["Protocol"],
        endpoint=listed["Endpoint"],
        subscription_arn=None,
        pending_confirmation=True,
        attributes={},
    )
    if arn == PENDING_CONFIRMATION:
        return subscription
    attributes = get_subscription_attributes(client, module, arn)
    if attributes is None:
        return None
    return dict(
        subscription,
        subscription_arn=arn,
        pending_confirmation=attributes.get("PendingConfirmation", "false").lower() == "true",
        attributes=managed_attributes(attributes),
    )


def read_subscriptions(client, module: AnsibleAWSModule, topic_arn: str) -> List[Dict[str, Any]]:
    subscriptions = []
    for listed in list_topic_subscriptions(client, module, topic_arn):
        # A subscription being deleted after a cross-account Unsubscribe can be neither used nor deleted.
        if listed["SubscriptionArn"] == DELETED:
            continue
        subscription = read_subscription(client, module, listed)
        if subscription is not None:
            subscriptions.append(subscription)
    return subscriptions


def read_topic(client, module: AnsibleAWSModule, topic_arn: str) -> Optional[Dict[str, Any]]:
    attributes = get_topic_attributes(client, module, topic_arn)
    if attributes is None:
        return None
    return dict(
        name=module.params["name"],
        topic_arn=topic_arn,
        **topic_settings(attributes),
        subscriptions=read_subscriptions(client, module, topic_arn),
        tags=list_tags(client, module, topic_arn),
    )


def find_topic(client, module: AnsibleAWSModule) -> Optional[Dict[str, Any]]:
    """The topic with its subscriptions and tags, or None."""
    topic_arn = find_topic_arn(client, module, module.params["name"])
    if topic_arn is None:
        return None
    return read_topic(client, module, topic_arn)


def creation_attributes(desired: Dict[str, Any]) -> Dict[str, str]:
    """CreateTopic's attributes: those the task sets to something."""
    attributes = {}
    if desired["display_name"]:
        attributes["DisplayName"] = desired["display_name"]
    if desired["kms_master_key_id"]:
        attributes["KmsMasterKeyId"] = desired["kms_master_key_id"]
    if desired["policy"]:
        attributes["Policy"] = json.dumps(desired["policy"])
    if desired["delivery_policy"]:
        attributes["DeliveryPolicy"] = json.dumps(desired["delivery_policy"])
    return attributes


def create_topic(client, module: AnsibleAWSModule, desired: Dict[str, Any]) -> Dict[str, Any]:
    name = module.params["name"]
    tags = tag_map(module.params["tags"] or {})
    if module.check_mode:
        return dict(
            name=name,
            topic_arn=None,
            display_name=desired["display_name"] or "",
            kms_master_key_id=desired["kms_master_key_id"] or "",
            policy=desired["policy"],
            delivery_policy=desired["delivery_policy"] or {},
            subscriptions=[],
            tags=tags,
        )
    request: Dict[str, Any] = dict(Name=name, Attributes=creation_attributes(desired))
    if tags:
        request["Tags"] = ansible_dict_to_boto3_tag_list(tags)
    try:
        topic_arn = client.create_topic(aws_retry=True, **request)["TopicArn"]
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to create SNS topic {name}")
    created = read_topic(client, module, topic_arn)
    if created is None:
        module.fail_json(msg=f"SNS topic {name} was created but cannot be found: it was deleted meanwhile.")
    return created


def set_topic_attributes(
    client, module: AnsibleAWSModule, desired: Dict[str, Any], topic: Dict[str, Any]
) -> Tuple[List[str], Dict[str, Any]]:
    changes = topic_attribute_changes(desired, topic)
    for option, attribute, value in changes:
        if not module.check_mode:
            try:
                client.set_topic_attributes(
                    aws_retry=True, TopicArn=topic["topic_arn"], AttributeName=attribute, AttributeValue=value
                )
            except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
                module.fail_json_aws(e, msg=f"Failed to set {attribute} of SNS topic {topic['topic_arn']}")
    after = dict(topic, **{option: desired[option] for option, _attribute, _value in changes})
    return [option for option, _attribute, _value in changes], after


def subscribe(client, module: AnsibleAWSModule, topic_arn: Optional[str], wanted: Dict[str, Any]) -> Dict[str, Any]:
    """Subscribe the wanted endpoint; the subscription as it is after (in check mode, as it would be)."""
    protocol, attributes = wanted["protocol"], wanted["attributes"]
    subscription = dict(
        protocol=protocol,
        endpoint=wanted["endpoint"],
        subscription_arn=None,
        pending_confirmation=protocol in CONFIRMED_BY_ENDPOINT,
        attributes=without_defaults(attributes),
    )
    if module.check_mode:
        return subscription
    request: Dict[str, Any] = dict(
        TopicArn=topic_arn, Protocol=protocol, Endpoint=wanted["endpoint"], ReturnSubscriptionArn=True
    )
    # A new subscription starts with AWS's defaults: only the other values are sent.
    if subscription["attributes"]:
        request["Attributes"] = {
            name: subscription_attribute_text(name, value) for name, value in subscription["attributes"].items()
        }
    try:
        arn = client.subscribe(aws_retry=True, **request)["SubscriptionArn"]
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to subscribe {wanted['where']} ({protocol}) to SNS topic {topic_arn}")
    read_back = get_subscription_attributes(client, module, arn)
    if read_back is None:
        return dict(subscription, subscription_arn=arn)
    return dict(
        subscription,
        subscription_arn=arn,
        pending_confirmation=read_back.get("PendingConfirmation", "false").lower() == "true",
        attributes=managed_attributes(read_back),
    )


def set_subscription_attributes(
    client, module: AnsibleAWSModule, wanted: Dict[str, Any], current: Dict[str, Any], names: List[str]
) -> Dict[str, Any]:
    if not module.check_mode:
        for name in names:
            try:
                client.set_subscription_attributes(
                    aws_retry=True,
                    SubscriptionArn=current["subscription_arn"],
                    AttributeName=name,
                    AttributeValue=subscription_attribute_text(name, wanted["attributes"][name]),
                )
            except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
                module.fail_json_aws(
                    e,
                    msg=f"Failed to set attribute {name} of the subscription of {wanted['where']} ({wanted['protocol']})",
                )
    attributes = dict(current["attributes"], **{name: wanted["attributes"][name] for name in names})
    return dict(current, attributes=without_defaults(attributes))


def unsubscribe(client, module: AnsibleAWSModule, subscription: Dict[str, Any]) -> None:
    if module.check_mode:
        return
    arn = subscription["subscription_arn"]
    try:
        client.unsubscribe(aws_retry=True, SubscriptionArn=arn)
    except is_boto3_error_code(NOT_FOUND):
        pass  # Deleted meanwhile.
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to unsubscribe {arn} ({subscription['protocol']})")


def warn_about_pending(module: AnsibleAWSModule, plan: Dict[str, List[Any]]) -> None:
    for wanted in plan["pending_wanted"]:
        module.warn(
            f"The subscription of {wanted['where']} ({wanted['protocol']}) is pending confirmation: its attributes"
            " cannot be read or set until the endpoint confirms it; they will be set by a run after the confirmation."
        )
    for subscription in plan["pending_unwanted"]:
        module.warn(
            f"The {subscription['protocol']} subscription to {mask_endpoint(subscription['protocol'], subscription['endpoint'])}"
            " is not in subscriptions but was kept: it is pending confirmation, and AWS cannot unsubscribe a subscription"
            " before it is confirmed. AWS deletes it by itself if nobody confirms it within 48 hours."
        )


def ensure_subscriptions(
    client, module: AnsibleAWSModule, desired: Dict[str, Any], topic: Dict[str, Any]
) -> Tuple[List[str], List[Dict[str, Any]]]:
    """Converge the subscriptions of the topic: what changed, and the subscriptions after."""
    plan = plan_subscriptions(desired["subscriptions"], topic["subscriptions"], module.params["purge_subscriptions"])
    warn_about_pending(module, plan)
    # New endpoints are subscribed before the old ones go, so that replacing one never leaves a gap in deliveries.
    added = [subscribe(client, module, topic["topic_arn"], wanted) for wanted in plan["subscribe"]]
    updated = {
        id(current): set_subscription_attributes(client, module, wanted, current, names)
        for wanted, current, names in plan["update"]
    }
    for subscription in plan["unsubscribe"]:
        unsubscribe(client, module, subscription)
    removed = {id(subscription) for subscription in plan["unsubscribe"]}
    after = [
        updated.get(id(current), current) for current in topic["subscriptions"] if id(current) not in removed
    ] + added
    changes = [
        change
        for change, key in (
            ("subscribed", "subscribe"),
            ("subscription_attributes", "update"),
            ("unsubscribed", "unsubscribe"),
        )
        if plan[key]
    ]
    return changes, after


def ensure_present(
    client, module: AnsibleAWSModule, desired: Dict[str, Any], existing: Optional[Dict[str, Any]]
) -> Tuple[List[str], Dict[str, Any]]:
    if existing is None:
        changes, topic = ["created"], create_topic(client, module, desired)
    else:
        changes, topic = set_topic_attributes(client, module, desired, existing)
    subscription_changes, subscriptions = ensure_subscriptions(client, module, desired, topic)
    changes.extend(subscription_changes)
    topic = dict(topic, subscriptions=subscriptions)
    if existing is not None:
        tags_changed, tags = ensure_tags(client, module, topic["tags"], topic["topic_arn"])
        changes.extend(["tags"] if tags_changed else [])
        topic["tags"] = tags
    return changes, topic


def ensure_absent(client, module: AnsibleAWSModule, existing: Optional[Dict[str, Any]]) -> List[str]:
    if existing is None:
        return []
    if not module.check_mode:
        try:
            # AWS answers a missing topic with success, so a concurrent deletion is no error.
            client.delete_topic(aws_retry=True, TopicArn=existing["topic_arn"])
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            module.fail_json_aws(e, msg=f"Failed to delete SNS topic {existing['topic_arn']}")
    return ["deleted"]


# --- result -------------------------------------------------------------------------------------


def normalize_subscription(subscription: Dict[str, Any]) -> Dict[str, Any]:
    return dict(subscription, endpoint=mask_endpoint(subscription["protocol"], subscription["endpoint"]))


def normalize_topic(topic: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The topic the module returns, endpoints masked, subscriptions in a stable order, or an empty dict."""
    if not topic:
        return {}
    subscriptions = sorted(
        topic["subscriptions"],
        key=lambda subscription: subscription_key(subscription["protocol"], subscription["endpoint"])
        + (subscription["subscription_arn"] or "",),
    )
    return dict(topic, subscriptions=[normalize_subscription(subscription) for subscription in subscriptions])


def main() -> None:
    argument_spec = dict(
        name=dict(type="str", required=True),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        display_name=dict(type="str"),
        kms_master_key_id=dict(type="str", no_log=False),
        policy=dict(type="json"),
        delivery_policy=dict(type="dict"),
        subscriptions=dict(
            type="list",
            elements="dict",
            options=dict(
                protocol=dict(type="str", required=True, choices=PROTOCOLS),
                # Webhook URLs carry tokens.
                endpoint=dict(type="str", required=True, no_log=True),
                attributes=dict(type="dict", default={}),
            ),
        ),
        purge_subscriptions=dict(type="bool", default=True),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )

    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    desired = validate_params(module)

    client = sns_client(module)
    existing = find_topic(client, module)

    if module.params["state"] == "present":
        changes, topic = ensure_present(client, module, desired, existing)
    else:
        changes, topic = ensure_absent(client, module, existing), None

    result = dict(changed=bool(changes), changes=changes, sns_topic=normalize_topic(topic))
    if module._diff:
        result["diff"] = dict(
            before=dict(sns_topic=normalize_topic(existing)), after=dict(sns_topic=result["sns_topic"])
        )
    module.exit_json(**result)


if __name__ == "__main__":
    main()
