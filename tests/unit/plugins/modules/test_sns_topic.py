"""Unit tests of seed.aws_platform.sns_topic.

moto 5.2.1 (in-process) backs topics, attributes, subscriptions and tags. What it does, checked in its source and
here:

- Subscribe never contacts the endpoint: moto sends no confirmation request (only Publish posts to HTTP/S
  endpoints, which the module never calls). The autouse ``no_network`` fixture fails any test that opens a socket
  all the same, and the endpoints are documentation domains.
- Every subscription is confirmed at once (PendingConfirmation "false", a real ARN in ListSubscriptionsByTopic),
  e-mail and HTTPS ones included. botocore's Stubber backs the pending subscriptions AWS has (listed with the
  SubscriptionArn "PendingConfirmation"), the "Deleted" ones, and the failures.
- KmsMasterKeyId is kept as given (no KMS lookup) and reported only when set; '' removes it. CreateTopic's Tags,
  TagResource, UntagResource and ListTagsForResource behave as AWS documents them.
"""

import json
import socket

import boto3
import pytest

from ansible.module_utils import basic
from ansible.module_utils.testing import patch_module_args

from ansible_collections.seed.aws_platform.plugins.modules.sns_topic import main

REGION = "us-east-1"
ACCOUNT = "123456789012"
NAME = "alarms"
TOPIC_ARN = f"arn:aws:sns:{REGION}:{ACCOUNT}:{NAME}"
KEY_ALIAS = "alias/sns-alarms"
KEY_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
QUEUE = f"arn:aws:sqs:{REGION}:{ACCOUNT}:alarms"
DEAD_LETTERS = f"arn:aws:sqs:{REGION}:{ACCOUNT}:alarms-dlq"
FUNCTION = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:page-oncall"
STREAM = f"arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/alarms"
FIREHOSE_ROLE = f"arn:aws:iam::{ACCOUNT}:role/sns-firehose"
TOKEN = "s3cr3t-t0ken"
HOOK = f"https://events.example.com/hooks/{TOKEN}?signature=abc"
HOOK_MASKED = "https://events.example.com/***"
EMAIL = "oncall@example.com"
READS = (
    "ListTopics",
    "GetTopicAttributes",
    "ListSubscriptionsByTopic",
    "GetSubscriptionAttributes",
    "ListTagsForResource",
)
POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "CloudWatchPublishes",
            "Effect": "Allow",
            "Principal": {"Service": "cloudwatch.amazonaws.com"},
            "Action": "sns:Publish",
            "Resource": TOPIC_ARN,
        },
        {
            "Sid": "OwnerManages",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
            "Action": ["sns:Subscribe", "sns:GetTopicAttributes"],
            "Resource": TOPIC_ARN,
        },
    ],
}
HTTP_DELIVERY = {"http": {"defaultHealthyRetryPolicy": {"numRetries": 5, "minDelayTarget": 10, "maxDelayTarget": 60}}}


def present(**extra):
    return dict(dict(name=NAME), **extra)


def queue(**attributes):
    return dict(protocol="sqs", endpoint=QUEUE, attributes=attributes)


def hook(**attributes):
    return dict(protocol="https", endpoint=HOOK, attributes=attributes)


def email(address=EMAIL):
    return dict(protocol="email", endpoint=address)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """moto answers in-process: a connection attempt (a confirmation request to an endpoint, say) fails the test."""

    def refuse(self, address):
        raise AssertionError(f"the test tried to connect to {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)


@pytest.fixture
def warnings(monkeypatch):
    recorded = []
    monkeypatch.setattr(basic.AnsibleModule, "warn", lambda self, warning: recorded.append(warning))
    return recorded


# --- moto ---------------------------------------------------------------------------------------


@pytest.fixture
def sns(aws):
    return boto3.client("sns", region_name=REGION)


def changes_made(calls):
    return [call for call in calls if call[0] not in READS]


def operations(calls):
    return [operation for operation, _params in changes_made(calls)]


def create(sns, name=NAME, tags=None, **attributes):
    request = dict(Name=name, Attributes=attributes)
    if tags:
        request["Tags"] = [dict(Key=key, Value=value) for key, value in tags.items()]
    return sns.create_topic(**request)["TopicArn"]


def subscribe(sns, protocol, endpoint, **attributes):
    return sns.subscribe(
        TopicArn=TOPIC_ARN, Protocol=protocol, Endpoint=endpoint, Attributes=attributes, ReturnSubscriptionArn=True
    )["SubscriptionArn"]


def topic_names(sns):
    return sorted(topic["TopicArn"].split(":")[-1] for topic in sns.list_topics()["Topics"])


def stored(sns):
    return sns.get_topic_attributes(TopicArn=TOPIC_ARN)["Attributes"]


def stored_tags(sns):
    return {tag["Key"]: tag["Value"] for tag in sns.list_tags_for_resource(ResourceArn=TOPIC_ARN)["Tags"]}


def stored_subscriptions(sns):
    """{(protocol, endpoint): attributes} of the topic's subscriptions."""
    return {
        (listed["Protocol"], listed["Endpoint"]): sns.get_subscription_attributes(
            SubscriptionArn=listed["SubscriptionArn"]
        )["Attributes"]
        for listed in sns.list_subscriptions_by_topic(TopicArn=TOPIC_ARN)["Subscriptions"]
    }


def by_protocol(result):
    return {subscription["protocol"]: subscription for subscription in result["sns_topic"]["subscriptions"]}


def test_creates_an_encrypted_topic_with_its_policy_subscriptions_and_tags(run_module, sns, api_calls):
    args = present(
        display_name="Alarms",
        kms_master_key_id=KEY_ALIAS,
        policy=POLICY,
        delivery_policy=HTTP_DELIVERY,
        subscriptions=[queue(RawMessageDelivery=True, FilterPolicy={"severity": ["critical"]}), hook(), email()],
        tags={"Environment": "production", "CostCenter": 1234},
    )

    result = run_module(main, args, diff=True)

    assert result["changed"] is True and result["changes"] == ["created", "subscribed"]
    create_call, *subscribe_calls = changes_made(api_calls)
    assert create_call[0] == "CreateTopic"
    request = create_call[1]
    assert request["Name"] == NAME
    assert request["Tags"] == [dict(Key="Environment", Value="production"), dict(Key="CostCenter", Value="1234")]
    assert request["Attributes"]["DisplayName"] == "Alarms" and request["Attributes"]["KmsMasterKeyId"] == KEY_ALIAS
    assert json.loads(request["Attributes"]["Policy"]) == POLICY
    assert json.loads(request["Attributes"]["DeliveryPolicy"]) == HTTP_DELIVERY
    assert subscribe_calls == [
        (
            "Subscribe",
            dict(
                TopicArn=TOPIC_ARN,
                Protocol="sqs",
                Endpoint=QUEUE,
                ReturnSubscriptionArn=True,
                Attributes=dict(RawMessageDelivery="true", FilterPolicy='{"severity": ["critical"]}'),
            ),
        ),
        ("Subscribe", dict(TopicArn=TOPIC_ARN, Protocol="https", Endpoint=HOOK, ReturnSubscriptionArn=True)),
        ("Subscribe", dict(TopicArn=TOPIC_ARN, Protocol="email", Endpoint=EMAIL, ReturnSubscriptionArn=True)),
    ]

    topic = result["sns_topic"]
    assert (topic["name"], topic["topic_arn"], topic["display_name"]) == (NAME, TOPIC_ARN, "Alarms")
    assert topic["kms_master_key_id"] == stored(sns)["KmsMasterKeyId"] == KEY_ALIAS
    assert topic["policy"] == json.loads(stored(sns)["Policy"]) == POLICY
    assert topic["delivery_policy"] == HTTP_DELIVERY
    assert topic["tags"] == stored_tags(sns) == {"Environment": "production", "CostCenter": "1234"}
    subscriptions = by_protocol(result)
    assert subscriptions["sqs"]["attributes"] == {
        "RawMessageDelivery": True,
        "FilterPolicy": {"severity": ["critical"]},
    }
    assert subscriptions["https"]["endpoint"] == HOOK_MASKED
    assert subscriptions["email"]["endpoint"] == EMAIL
    assert all(sub["subscription_arn"].startswith(TOPIC_ARN + ":") for sub in subscriptions.values())
    # moto confirms every subscription at once.
    assert not any(sub["pending_confirmation"] for sub in subscriptions.values())
    stored_attributes = stored_subscriptions(sns)
    assert set(stored_attributes) == {("sqs", QUEUE), ("https", HOOK), ("email", EMAIL)}
    assert stored_attributes[("sqs", QUEUE)]["RawMessageDelivery"] == "true"
    assert result["diff"] == dict(before=dict(sns_topic={}), after=dict(sns_topic=topic))


def test_second_run_changes_nothing(run_module, sns, api_calls):
    args = present(
        display_name="Alarms",
        kms_master_key_id=KEY_ARN,
        policy=POLICY,
        delivery_policy=HTTP_DELIVERY,
        subscriptions=[
            queue(
                RawMessageDelivery=True,
                FilterPolicy={"severity": ["critical"]},
                RedrivePolicy={"deadLetterTargetArn": DEAD_LETTERS},
            ),
            hook(DeliveryPolicy={"healthyRetryPolicy": {"numRetries": 3}}),
            email(),
            dict(protocol="sms", endpoint="+1 (415) 555-0100"),
        ],
        tags={"Environment": "production"},
    )
    first = run_module(main, args)
    api_calls.clear()

    second = run_module(main, args, diff=True)

    assert (second["changed"], second["changes"]) == (False, [])
    assert second["sns_topic"] == first["sns_topic"]
    assert second["diff"]["before"] == second["diff"]["after"]
    assert changes_made(api_calls) == []


def test_check_mode_reports_the_creation_and_creates_nothing(run_module, sns, api_calls):
    args = present(
        kms_master_key_id=KEY_ALIAS,
        policy=json.dumps(POLICY),
        subscriptions=[queue(RawMessageDelivery="yes"), hook()],
        tags={"a": 1},
    )

    result = run_module(main, args, check_mode=True, diff=True)

    assert result["changed"] is True and result["changes"] == ["created", "subscribed"]
    assert result["sns_topic"] == dict(
        name=NAME,
        topic_arn=None,
        display_name="",
        kms_master_key_id=KEY_ALIAS,
        policy=POLICY,
        delivery_policy={},
        subscriptions=[
            dict(
                protocol="https", endpoint=HOOK_MASKED, subscription_arn=None, pending_confirmation=True, attributes={}
            ),
            dict(
                protocol="sqs",
                endpoint=QUEUE,
                subscription_arn=None,
                pending_confirmation=False,
                attributes={"RawMessageDelivery": True},
            ),
        ],
        tags={"a": "1"},
    )
    assert result["diff"]["before"] == dict(sns_topic={})
    assert topic_names(sns) == []
    assert changes_made(api_calls) == []


def test_check_mode_on_a_converged_topic_changes_nothing(run_module, sns, api_calls):
    args = present(
        kms_master_key_id=KEY_ALIAS, subscriptions=[queue(RawMessageDelivery=True), email()], tags={"a": "1"}
    )
    run_module(main, args)
    api_calls.clear()

    result = run_module(main, args, check_mode=True)

    assert (result["changed"], result["changes"]) == (False, [])
    assert changes_made(api_calls) == []


CHANGES = {
    "attributes": dict(display_name="Pager", kms_master_key_id="alias/aws/sns", delivery_policy={}),
    "policy": dict(policy={"Version": "2012-10-17", "Statement": [dict(POLICY["Statement"][0], Sid="Other")]}),
    "subscriptions": dict(subscriptions=[queue(RawMessageDelivery=False), email("pager@example.com")]),
    "tags": dict(tags={"Environment": "staging"}),
    "everything": dict(
        display_name="",
        kms_master_key_id="",
        subscriptions=[],
        tags={},
        policy=POLICY,
    ),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_check_mode_reports_exactly_what_a_real_run_changes(run_module, sns, api_calls, change):
    run_module(
        main,
        present(
            display_name="Alarms",
            kms_master_key_id=KEY_ALIAS,
            policy=POLICY,
            delivery_policy=HTTP_DELIVERY,
            subscriptions=[queue(RawMessageDelivery=True), email()],
            tags={"Environment": "production"},
        ),
    )
    args = present(**CHANGES[change])
    api_calls.clear()

    checked = run_module(main, args, check_mode=True, diff=True)
    assert changes_made(api_calls) == []
    applied = run_module(main, args, diff=True)
    again = run_module(main, args)

    assert checked["changed"] is applied["changed"] is True and again["changed"] is False
    assert checked["changes"] == applied["changes"]
    assert checked["diff"]["before"] == applied["diff"]["before"]

    def without_arns(topic):
        return dict(
            topic,
            subscriptions=[
                dict(sub, subscription_arn=None, pending_confirmation=None) for sub in topic["subscriptions"]
            ],
        )

    assert without_arns(checked["sns_topic"]) == without_arns(applied["sns_topic"]) == without_arns(again["sns_topic"])


def test_topic_attributes_are_set_one_by_one_only_where_they_differ(run_module, sns, api_calls):
    create(sns, DisplayName="Alarms", KmsMasterKeyId=KEY_ALIAS, Policy=json.dumps(POLICY))

    result = run_module(
        main,
        present(display_name="Pager", kms_master_key_id=KEY_ALIAS, policy=POLICY, delivery_policy=HTTP_DELIVERY),
        diff=True,
    )

    assert result["changes"] == ["display_name", "delivery_policy"]
    assert changes_made(api_calls) == [
        ("SetTopicAttributes", dict(TopicArn=TOPIC_ARN, AttributeName="DisplayName", AttributeValue="Pager")),
        (
            "SetTopicAttributes",
            dict(TopicArn=TOPIC_ARN, AttributeName="DeliveryPolicy", AttributeValue=json.dumps(HTTP_DELIVERY)),
        ),
    ]
    assert stored(sns)["DisplayName"] == result["sns_topic"]["display_name"] == "Pager"
    assert result["diff"]["before"]["sns_topic"]["display_name"] == "Alarms"


def test_options_not_given_leave_the_topic_as_it_is(run_module, sns, api_calls):
    create(sns, DisplayName="Alarms", KmsMasterKeyId=KEY_ALIAS, Policy=json.dumps(POLICY), tags={"a": "1"})
    subscribe(sns, "sqs", QUEUE)

    result = run_module(main, present())

    assert (result["changed"], changes_made(api_calls)) == (False, [])
    topic = result["sns_topic"]
    assert (topic["display_name"], topic["kms_master_key_id"], topic["policy"]) == ("Alarms", KEY_ALIAS, POLICY)
    assert topic["tags"] == {"a": "1"} and [sub["endpoint"] for sub in topic["subscriptions"]] == [QUEUE]


def test_encryption_is_added_to_an_existing_topic(run_module, sns, api_calls):
    create(sns)

    result = run_module(main, present(kms_master_key_id=KEY_ARN))

    assert result["changes"] == ["kms_master_key_id"]
    assert changes_made(api_calls) == [
        ("SetTopicAttributes", dict(TopicArn=TOPIC_ARN, AttributeName="KmsMasterKeyId", AttributeValue=KEY_ARN))
    ]
    assert stored(sns)["KmsMasterKeyId"] == result["sns_topic"]["kms_master_key_id"] == KEY_ARN


def test_an_empty_key_removes_the_encryption(run_module, sns, api_calls):
    create(sns, KmsMasterKeyId=KEY_ALIAS)

    result = run_module(main, present(kms_master_key_id=""))

    assert result["changes"] == ["kms_master_key_id"] and result["sns_topic"]["kms_master_key_id"] == ""
    assert "KmsMasterKeyId" not in stored(sns)
    assert run_module(main, present(kms_master_key_id=""))["changed"] is False


def test_the_key_is_compared_as_it_is_named(run_module, sns, api_calls):
    """The same key named by its ARN instead of its alias is a change: AWS keeps the name it was given."""
    create(sns, KmsMasterKeyId=KEY_ALIAS)

    result = run_module(main, present(kms_master_key_id=KEY_ARN))

    assert result["changes"] == ["kms_master_key_id"] and stored(sns)["KmsMasterKeyId"] == KEY_ARN


def test_the_policy_is_compared_as_data(run_module, sns, api_calls):
    create(sns, Policy=json.dumps(POLICY))
    reordered = dict(
        Statement=[
            dict(POLICY["Statement"][1], Action=list(reversed(POLICY["Statement"][1]["Action"]))),
            POLICY["Statement"][0],
        ],
        Version="2012-10-17",
    )

    unchanged = run_module(main, present(policy=json.dumps(reordered, indent=4)))
    changed = run_module(main, present(policy=dict(POLICY, Statement=POLICY["Statement"][:1])))

    assert unchanged["changed"] is False
    assert changed["changes"] == ["policy"]
    assert json.loads(stored(sns)["Policy"]) == dict(POLICY, Statement=POLICY["Statement"][:1])
    assert operations(api_calls) == ["SetTopicAttributes"]


def test_the_default_policy_is_replaced(run_module, sns, api_calls):
    create(sns)

    result = run_module(main, present(policy=POLICY), diff=True)

    assert result["changes"] == ["policy"]
    assert result["diff"]["before"]["sns_topic"]["policy"]["Id"] == "__default_policy_ID"
    assert json.loads(stored(sns)["Policy"]) == result["sns_topic"]["policy"] == POLICY


def test_the_delivery_policy_compares_as_aws_completes_it(run_module, sns, api_calls):
    completed = {"http": dict(HTTP_DELIVERY["http"], disableSubscriptionOverrides=False)}
    create(sns, DeliveryPolicy=json.dumps(completed))

    unchanged = run_module(main, present(delivery_policy=HTTP_DELIVERY))
    removed = run_module(main, present(delivery_policy={}))

    assert unchanged["changed"] is False
    assert removed["changes"] == ["delivery_policy"] and removed["sns_topic"]["delivery_policy"] == {}
    assert changes_made(api_calls) == [
        ("SetTopicAttributes", dict(TopicArn=TOPIC_ARN, AttributeName="DeliveryPolicy", AttributeValue=""))
    ]
    assert run_module(main, present(delivery_policy={}))["changed"] is False


def test_the_topic_is_found_by_its_exact_name(run_module, sns, api_calls):
    create(sns, name=f"new-{NAME}")
    create(sns, name=f"{NAME}-old")

    result = run_module(main, present())

    assert result["changes"] == ["created"] and result["sns_topic"]["topic_arn"] == TOPIC_ARN
    assert topic_names(sns) == [NAME, f"{NAME}-old", f"new-{NAME}"]


def test_subscriptions_are_added_and_removed(run_module, sns, api_calls):
    create(sns)
    kept = subscribe(sns, "sqs", QUEUE)
    gone = subscribe(sns, "lambda", FUNCTION)

    result = run_module(main, present(subscriptions=[queue(), email()]), diff=True)

    assert result["changes"] == ["subscribed", "unsubscribed"]
    assert changes_made(api_calls) == [
        ("Subscribe", dict(TopicArn=TOPIC_ARN, Protocol="email", Endpoint=EMAIL, ReturnSubscriptionArn=True)),
        ("Unsubscribe", dict(SubscriptionArn=gone)),
    ]
    assert set(stored_subscriptions(sns)) == {("sqs", QUEUE), ("email", EMAIL)}
    assert by_protocol(result)["sqs"]["subscription_arn"] == kept
    assert [sub["protocol"] for sub in result["diff"]["before"]["sns_topic"]["subscriptions"]] == ["lambda", "sqs"]
    assert [sub["protocol"] for sub in result["sns_topic"]["subscriptions"]] == ["email", "sqs"]


def test_purge_subscriptions_false_only_adds(run_module, sns, api_calls):
    create(sns)
    subscribe(sns, "lambda", FUNCTION)

    result = run_module(main, present(subscriptions=[queue()], purge_subscriptions=False))

    assert result["changes"] == ["subscribed"] and operations(api_calls) == ["Subscribe"]
    assert set(stored_subscriptions(sns)) == {("sqs", QUEUE), ("lambda", FUNCTION)}
    assert run_module(main, present(subscriptions=[queue()], purge_subscriptions=False))["changed"] is False


def test_an_empty_list_unsubscribes_everything_and_an_omitted_one_nothing(run_module, sns, api_calls):
    create(sns)
    subscribe(sns, "lambda", FUNCTION)
    subscribe(sns, "sqs", QUEUE)

    untouched = run_module(main, present(purge_subscriptions=True))
    emptied = run_module(main, present(subscriptions=[]))

    assert untouched["changed"] is False
    assert emptied["changes"] == ["unsubscribed"] and emptied["sns_topic"]["subscriptions"] == []
    assert operations(api_calls) == ["Unsubscribe", "Unsubscribe"] and stored_subscriptions(sns) == {}


def test_subscription_attributes_are_set_only_where_they_differ(run_module, sns, api_calls):
    create(sns)
    arn = subscribe(
        sns, "sqs", QUEUE, RawMessageDelivery="true", FilterPolicy=json.dumps({"severity": ["critical", "high"]})
    )

    result = run_module(
        main,
        present(
            subscriptions=[
                queue(
                    RawMessageDelivery="true",
                    FilterPolicy=json.dumps({"severity": ["critical", "high"]}, indent=2),
                    RedrivePolicy={"deadLetterTargetArn": DEAD_LETTERS},
                )
            ]
        ),
    )

    assert result["changes"] == ["subscription_attributes"]
    assert changes_made(api_calls) == [
        (
            "SetSubscriptionAttributes",
            dict(
                SubscriptionArn=arn,
                AttributeName="RedrivePolicy",
                AttributeValue=json.dumps({"deadLetterTargetArn": DEAD_LETTERS}),
            ),
        )
    ]
    assert json.loads(stored_subscriptions(sns)[("sqs", QUEUE)]["RedrivePolicy"]) == {
        "deadLetterTargetArn": DEAD_LETTERS
    }
    assert by_protocol(result)["sqs"]["attributes"]["RedrivePolicy"] == {"deadLetterTargetArn": DEAD_LETTERS}


def test_attributes_not_given_keep_their_value(run_module, sns, api_calls):
    create(sns)
    subscribe(sns, "sqs", QUEUE, RawMessageDelivery="true", FilterPolicy=json.dumps({"severity": ["critical"]}))

    result = run_module(main, present(subscriptions=[queue()]))

    assert result["changed"] is False
    assert by_protocol(result)["sqs"]["attributes"]["RawMessageDelivery"] is True


def test_raw_message_delivery_is_turned_off(run_module, sns, api_calls):
    create(sns)
    arn = subscribe(sns, "sqs", QUEUE, RawMessageDelivery="true")

    result = run_module(main, present(subscriptions=[queue(RawMessageDelivery="no")]))

    assert result["changes"] == ["subscription_attributes"]
    assert changes_made(api_calls) == [
        (
            "SetSubscriptionAttributes",
            dict(SubscriptionArn=arn, AttributeName="RawMessageDelivery", AttributeValue="false"),
        )
    ]
    assert stored_subscriptions(sns)[("sqs", QUEUE)]["RawMessageDelivery"] == "false"


def test_an_empty_filter_policy_removes_it(run_module, sns, api_calls):
    create(sns)
    arn = subscribe(sns, "sqs", QUEUE, FilterPolicy=json.dumps({"severity": ["critical"]}))

    removed = run_module(main, present(subscriptions=[queue(FilterPolicy={})]))
    again = run_module(main, present(subscriptions=[queue(FilterPolicy={})]))

    assert removed["changes"] == ["subscription_attributes"] and again["changed"] is False
    assert changes_made(api_calls) == [
        ("SetSubscriptionAttributes", dict(SubscriptionArn=arn, AttributeName="FilterPolicy", AttributeValue="{}"))
    ]
    assert "FilterPolicy" not in by_protocol(removed)["sqs"]["attributes"]


def test_a_message_body_scope_is_set_before_its_filter_policy(run_module, sns, api_calls):
    create(sns)
    arn = subscribe(sns, "sqs", QUEUE, FilterPolicy=json.dumps({"severity": ["critical"]}))
    nested = {"detail": {"severity": ["critical"]}}

    result = run_module(main, present(subscriptions=[queue(FilterPolicy=nested, FilterPolicyScope="MessageBody")]))

    assert result["changes"] == ["subscription_attributes"]
    assert changes_made(api_calls) == [
        (
            "SetSubscriptionAttributes",
            dict(SubscriptionArn=arn, AttributeName="FilterPolicyScope", AttributeValue="MessageBody"),
        ),
        (
            "SetSubscriptionAttributes",
            dict(SubscriptionArn=arn, AttributeName="FilterPolicy", AttributeValue=json.dumps(nested)),
        ),
    ]
    assert stored_subscriptions(sns)[("sqs", QUEUE)]["FilterPolicyScope"] == "MessageBody"


def test_a_message_attributes_scope_is_set_after_its_filter_policy(run_module, sns, api_calls):
    create(sns)
    nested = {"detail": {"severity": ["critical"]}}
    arn = subscribe(sns, "sqs", QUEUE, FilterPolicyScope="MessageBody", FilterPolicy=json.dumps(nested))

    run_module(
        main,
        present(subscriptions=[queue(FilterPolicy={"severity": ["critical"]}, FilterPolicyScope="MessageAttributes")]),
    )

    assert [params["AttributeName"] for _operation, params in changes_made(api_calls)] == [
        "FilterPolicy",
        "FilterPolicyScope",
    ]
    assert all(params["SubscriptionArn"] == arn for _operation, params in changes_made(api_calls))


def test_email_domains_compare_in_any_case_but_not_the_local_part(run_module, sns, api_calls):
    create(sns)
    subscribe(sns, "email", "OnCall@Example.COM")

    same = run_module(main, present(subscriptions=[email("OnCall@example.com")]))
    other = run_module(main, present(subscriptions=[email("oncall@example.com")]))

    assert same["changed"] is False
    assert other["changes"] == ["subscribed", "unsubscribed"]
    assert set(stored_subscriptions(sns)) == {("email", "oncall@example.com")}


def test_url_endpoints_compare_case_sensitively(run_module, sns, api_calls):
    create(sns)
    subscribe(sns, "https", HOOK)

    result = run_module(main, present(subscriptions=[hook()], purge_subscriptions=False))
    upper = run_module(
        main,
        present(
            subscriptions=[dict(protocol="https", endpoint=HOOK.replace("hooks", "Hooks"))], purge_subscriptions=False
        ),
    )

    assert result["changed"] is False and upper["changes"] == ["subscribed"]


def test_sms_numbers_are_sent_and_compared_without_separators(run_module, sns, api_calls):
    create(sns)

    first = run_module(main, present(subscriptions=[dict(protocol="sms", endpoint="+1 (415) 555-0100")]))
    second = run_module(main, present(subscriptions=[dict(protocol="sms", endpoint="+1.415.555.0100")]))

    assert first["changes"] == ["subscribed"] and second["changed"] is False
    assert changes_made(api_calls)[0][1]["Endpoint"] == "+14155550100"
    assert set(stored_subscriptions(sns)) == {("sms", "+14155550100")}


def test_lambda_and_firehose_subscriptions(run_module, sns, api_calls):
    args = present(
        subscriptions=[
            dict(protocol="lambda", endpoint=FUNCTION),
            dict(
                protocol="firehose",
                endpoint=STREAM,
                attributes=dict(SubscriptionRoleArn=FIREHOSE_ROLE, RawMessageDelivery=True),
            ),
        ]
    )

    first = run_module(main, args)
    second = run_module(main, args)

    assert first["changes"] == ["created", "subscribed"] and second["changed"] is False
    assert by_protocol(second)["firehose"]["attributes"] == {
        "SubscriptionRoleArn": FIREHOSE_ROLE,
        "RawMessageDelivery": True,
    }
    assert stored_subscriptions(sns)[("firehose", STREAM)]["SubscriptionRoleArn"] == FIREHOSE_ROLE


def test_webhook_tokens_never_appear_in_the_result(run_module, sns, api_calls):
    create(sns)
    subscribe(sns, "http", f"http://hooks.example.net:8080/{TOKEN}")
    other = f"https://user:{TOKEN}@events.example.com"

    result = run_module(main, present(subscriptions=[hook(), dict(protocol="https", endpoint=other)]), diff=True)

    assert TOKEN not in json.dumps(result)
    endpoints = [sub["endpoint"] for sub in result["sns_topic"]["subscriptions"]]
    assert sorted(endpoints) == [HOOK_MASKED, HOOK_MASKED]
    assert result["diff"]["before"]["sns_topic"]["subscriptions"][0]["endpoint"] == "http://hooks.example.net:8080/***"


def test_ansible_hides_the_endpoints_as_secrets(sns, capsys):
    """The real exit_json, whose output Ansible filters with the no_log values of the arguments."""
    create(sns)
    args = present(subscriptions=[dict(protocol="https", endpoint="https://events.example.com"), email()])

    with patch_module_args(dict(args, region=REGION)), pytest.raises(SystemExit):
        main()

    output = capsys.readouterr().out
    assert EMAIL not in output and "https://events.example.com" not in output
    assert output.count('"endpoint": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"') == 4


def test_tags_are_added_changed_and_purged(run_module, sns, api_calls):
    create(sns, tags={"keep": "1", "drop": "2", "change": "old"})

    result = run_module(main, present(tags={"keep": "1", "change": "new", "add": 3}), diff=True)

    assert result["changes"] == ["tags"]
    assert result["sns_topic"]["tags"] == stored_tags(sns) == {"keep": "1", "change": "new", "add": "3"}
    assert changes_made(api_calls) == [
        ("UntagResource", dict(ResourceArn=TOPIC_ARN, TagKeys=["drop"])),
        (
            "TagResource",
            dict(ResourceArn=TOPIC_ARN, Tags=[dict(Key="add", Value="3"), dict(Key="change", Value="new")]),
        ),
    ]
    assert result["diff"]["before"]["sns_topic"]["tags"] == {"keep": "1", "drop": "2", "change": "old"}


def test_purge_tags_false_only_adds(run_module, sns, api_calls):
    create(sns, tags={"keep": "1"})

    added = run_module(main, present(tags={"add": "2"}, purge_tags=False))
    untouched = run_module(main, present())

    assert added["changes"] == ["tags"] and untouched["changed"] is False
    assert untouched["sns_topic"]["tags"] == stored_tags(sns) == {"keep": "1", "add": "2"}


def test_check_mode_reports_updates_and_changes_nothing(run_module, sns, api_calls):
    create(sns, DisplayName="Alarms", tags={"drop": "1"})
    subscribe(sns, "lambda", FUNCTION)
    subscribe(sns, "sqs", QUEUE)

    result = run_module(
        main,
        present(display_name="Pager", subscriptions=[queue(RawMessageDelivery=True), email()], tags={"add": "2"}),
        check_mode=True,
    )

    assert result["changes"] == ["display_name", "subscribed", "subscription_attributes", "unsubscribed", "tags"]
    assert changes_made(api_calls) == []
    assert stored(sns)["DisplayName"] == "Alarms" and stored_tags(sns) == {"drop": "1"}
    assert set(stored_subscriptions(sns)) == {("lambda", FUNCTION), ("sqs", QUEUE)}
    subscriptions = by_protocol(result)
    assert set(subscriptions) == {"email", "sqs"}
    assert subscriptions["sqs"]["attributes"]["RawMessageDelivery"] is True
    assert subscriptions["email"] == dict(
        protocol="email", endpoint=EMAIL, subscription_arn=None, pending_confirmation=True, attributes={}
    )


def test_absent_deletes_the_topic_and_its_subscriptions(run_module, sns, api_calls):
    create(sns, tags={"a": "1"})
    subscribe(sns, "sqs", QUEUE)

    result = run_module(main, present(state="absent"), diff=True)

    assert result["changed"] is True and result["changes"] == ["deleted"] and result["sns_topic"] == {}
    assert changes_made(api_calls) == [("DeleteTopic", dict(TopicArn=TOPIC_ARN))]
    assert topic_names(sns) == [] and sns.list_subscriptions()["Subscriptions"] == []
    before = result["diff"]["before"]["sns_topic"]
    assert before["tags"] == {"a": "1"} and before["subscriptions"][0]["endpoint"] == QUEUE
    assert result["diff"]["after"] == dict(sns_topic={})


def test_absent_in_check_mode_deletes_nothing(run_module, sns, api_calls):
    create(sns)

    result = run_module(main, present(state="absent"), check_mode=True)

    assert result["changes"] == ["deleted"] and topic_names(sns) == [NAME]
    assert changes_made(api_calls) == []


def test_absent_when_nothing_exists_changes_nothing(run_module, sns, api_calls):
    create(sns, name=f"{NAME}-old")

    result = run_module(main, present(state="absent"), diff=True)

    assert (result["changed"], result["changes"], result["sns_topic"]) == (False, [], {})
    assert result["diff"] == dict(before=dict(sns_topic={}), after=dict(sns_topic={}))
    assert changes_made(api_calls) == [] and topic_names(sns) == [f"{NAME}-old"]


def test_absent_does_not_validate_the_configuration(run_module, sns, api_calls):
    result = run_module(
        main, present(state="absent", kms_master_key_id="not a key", subscriptions=[dict(protocol="sqs", endpoint="x")])
    )

    assert result["failed"] is False and result["changed"] is False


# --- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (
            dict(name=""),
            "name '' is not a valid SNS topic name: it must be 1 to 256 letters, digits, hyphens and underscores.",
        ),
        (dict(name="alarms.prod"), "name 'alarms.prod' is not a valid SNS topic name"),
        (dict(name="x" * 257), "is not a valid SNS topic name"),
        (
            dict(name="alarms.fifo"),
            "name 'alarms.fifo' is the name of a FIFO topic, which this module does not manage: it manages standard topics,"
            " whose names do not end with .fifo.",
        ),
        (dict(name="alarms.fifo", state="absent"), "FIFO topic"),
        (present(kms_master_key_id="sns-key"), "kms_master_key_id 'sns-key' is not a KMS key ID, key ARN, alias name"),
        (present(display_name="x" * 101), "display_name must be 100 characters at most, not 101."),
        (present(policy="{not json"), "policy is not valid JSON"),
        (present(policy="[]"), "policy must be a dict or a JSON object."),
        (present(policy={}), "policy cannot be empty"),
    ],
)
def test_invalid_topic_arguments_fail_before_any_call(run_module, api_calls, args, message):
    result = run_module(main, args)

    assert result["failed"] is True and message in result["msg"]
    assert api_calls == []


@pytest.mark.parametrize(
    "subscription, message",
    [
        (
            dict(protocol="https", endpoint=f"http://events.example.com/{TOKEN}"),
            "the endpoint of protocol https must be a URL starting with https://",
        ),
        (
            dict(protocol="http", endpoint=f"events.example.com/{TOKEN}"),
            "the endpoint of protocol http must be a URL starting with http://",
        ),
        (
            dict(protocol="email", endpoint=f"{TOKEN}.example.com"),
            "the endpoint of protocol email must be an e-mail address",
        ),
        (
            dict(protocol="email-json", endpoint=f"{TOKEN}@localhost"),
            "the endpoint of protocol email-json must be an e-mail address",
        ),
        (
            dict(protocol="sms", endpoint=f"555-{TOKEN}"),
            "the endpoint of protocol sms must be a phone number in E.164 form",
        ),
        (
            dict(protocol="sqs", endpoint=f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/{TOKEN}"),
            "the endpoint of protocol sqs must be the ARN of an SQS queue",
        ),
        (
            dict(protocol="lambda", endpoint=f"arn:aws:sqs:{REGION}:{ACCOUNT}:{TOKEN}"),
            "the endpoint of protocol lambda must be the ARN of a Lambda function",
        ),
        (
            dict(
                protocol="firehose",
                endpoint=f"x-arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/{TOKEN}",
                attributes=dict(SubscriptionRoleArn=FIREHOSE_ROLE),
            ),
            "the endpoint of protocol firehose must be the ARN of a Firehose delivery stream",
        ),
        (
            dict(protocol="application", endpoint=TOKEN),
            "the endpoint of protocol application must be the ARN of a mobile application endpoint",
        ),
        (
            dict(protocol="sqs", endpoint=QUEUE, attributes=dict(Endpoint=TOKEN)),
            "attribute Endpoint is not one the module manages",
        ),
        (
            dict(protocol="email", endpoint="pager@example.com", attributes=dict(RawMessageDelivery=True)),
            "attribute RawMessageDelivery applies to protocols http, https, sqs, firehose only, not email",
        ),
        (
            dict(protocol="sqs", endpoint=QUEUE, attributes=dict(DeliveryPolicy={})),
            "attribute DeliveryPolicy applies to protocols http, https only, not sqs",
        ),
        (
            dict(protocol="sqs", endpoint=QUEUE, attributes=dict(SubscriptionRoleArn=FIREHOSE_ROLE)),
            "attribute SubscriptionRoleArn applies to",
        ),
        (
            dict(protocol="sqs", endpoint=QUEUE, attributes=dict(RawMessageDelivery="maybe")),
            "attribute RawMessageDelivery must be a boolean",
        ),
        (
            dict(protocol="sqs", endpoint=QUEUE, attributes=dict(FilterPolicy="{severity")),
            "attribute FilterPolicy is not valid JSON",
        ),
        (
            dict(protocol="sqs", endpoint=QUEUE, attributes=dict(RedrivePolicy=["x"])),
            "attribute RedrivePolicy must be a dict or a JSON object",
        ),
        (
            dict(protocol="sqs", endpoint=QUEUE, attributes=dict(FilterPolicyScope="Body")),
            "attribute FilterPolicyScope must be one of MessageAttributes, MessageBody",
        ),
        (dict(protocol="firehose", endpoint=STREAM), "a firehose subscription needs attribute SubscriptionRoleArn"),
        (
            dict(protocol="firehose", endpoint=STREAM, attributes=dict(SubscriptionRoleArn=QUEUE)),
            "attribute SubscriptionRoleArn must be the ARN of an IAM role",
        ),
    ],
)
def test_invalid_subscriptions_fail_before_any_call_without_naming_the_endpoint(
    run_module, api_calls, subscription, message
):
    result = run_module(main, present(subscriptions=[email(), subscription]))

    assert result["failed"] is True
    assert result["msg"].startswith(f"subscriptions[1]: {message}")
    assert ";" not in result["msg"]
    assert TOKEN not in result["msg"]
    assert api_calls == []


def test_every_problem_is_reported_at_once(run_module, api_calls):
    result = run_module(
        main,
        present(
            kms_master_key_id="key",
            subscriptions=[
                dict(protocol="https", endpoint="ftp://x"),
                dict(protocol="sqs", endpoint=QUEUE, attributes=dict(Nope=1)),
            ],
        ),
    )

    assert result["msg"].count(";") == 2 and result["msg"].endswith(".")


@pytest.mark.parametrize(
    "first, second",
    [
        (queue(), queue(RawMessageDelivery=True)),
        (email("OnCall@Example.com"), email("OnCall@example.COM")),
        (dict(protocol="sms", endpoint="+14155550100"), dict(protocol="sms", endpoint="+1 415 555 0100")),
    ],
)
def test_duplicate_subscriptions_are_refused(run_module, api_calls, first, second):
    result = run_module(main, present(subscriptions=[first, second]))

    assert result["failed"] is True
    assert result["msg"] == (
        f"subscriptions[0] and subscriptions[1] name the same {first['protocol']} subscription (same protocol and"
        " endpoint); list it once."
    )
    assert api_calls == []


def test_an_unknown_protocol_is_refused(run_module, api_calls):
    result = run_module(main, present(subscriptions=[dict(protocol="webhook", endpoint=HOOK)]))

    assert result["failed"] is True and "protocol" in result["msg"] and "firehose" in result["msg"]
    assert TOKEN not in result["msg"]
    assert api_calls == []


# --- Stubber ------------------------------------------------------------------------------------


def expect_topic(sns, attributes=None, subscriptions=(), tags=None, subscription_attributes=None):
    """The reads of an existing topic: ``subscriptions`` as ListSubscriptionsByTopic lists them."""
    sns.add_response("list_topics", dict(Topics=[dict(TopicArn=f"{TOPIC_ARN}-old"), dict(TopicArn=TOPIC_ARN)]), {})
    sns.add_response(
        "get_topic_attributes",
        dict(
            Attributes=dict(
                dict(TopicArn=TOPIC_ARN, Owner=ACCOUNT, DisplayName="", Policy=json.dumps(POLICY)), **(attributes or {})
            )
        ),
        dict(TopicArn=TOPIC_ARN),
    )
    sns.add_response(
        "list_subscriptions_by_topic",
        dict(Subscriptions=[dict(listed, TopicArn=TOPIC_ARN, Owner=ACCOUNT) for listed in subscriptions]),
        dict(TopicArn=TOPIC_ARN),
    )
    for listed in subscriptions:
        if listed["SubscriptionArn"] not in ("PendingConfirmation", "Deleted"):
            sns.add_response(
                "get_subscription_attributes",
                dict(Attributes=dict(PendingConfirmation="false", **(subscription_attributes or {}))),
                dict(SubscriptionArn=listed["SubscriptionArn"]),
            )
    sns.add_response(
        "list_tags_for_resource",
        dict(Tags=[dict(Key=key, Value=value) for key, value in (tags or {}).items()]),
        dict(ResourceArn=TOPIC_ARN),
    )


def expect_no_topic(sns):
    sns.add_response("list_topics", dict(Topics=[dict(TopicArn=f"{TOPIC_ARN}-old")]), {})


def listed(protocol, endpoint, arn="PendingConfirmation"):
    return dict(Protocol=protocol, Endpoint=endpoint, SubscriptionArn=arn)


def test_a_pending_subscription_cannot_be_unsubscribed_and_is_left_with_a_warning(run_module, stubbed, warnings):
    sns = stubbed("sns")
    expect_topic(sns, subscriptions=[listed("https", HOOK), listed("sqs", QUEUE, f"{TOPIC_ARN}:1")])

    result = run_module(main, present(subscriptions=[queue()]))

    assert (result["changed"], result["changes"]) == (False, [])
    pending = by_protocol(result)["https"]
    assert pending == dict(
        protocol="https", endpoint=HOOK_MASKED, subscription_arn=None, pending_confirmation=True, attributes={}
    )
    assert len(warnings) == 1
    assert warnings[0].startswith(f"The https subscription to {HOOK_MASKED} is not in subscriptions but was kept")
    assert "48 hours" in warnings[0] and TOKEN not in warnings[0]


def test_a_pending_subscription_listed_is_left_as_it_is(run_module, stubbed, warnings):
    sns = stubbed("sns")
    expect_topic(sns, subscriptions=[listed("email", EMAIL)])

    result = run_module(main, present(subscriptions=[email()]))

    assert result["changed"] is False and warnings == []
    assert by_protocol(result)["email"]["pending_confirmation"] is True


def test_the_attributes_of_a_pending_subscription_wait_for_its_confirmation(run_module, stubbed, warnings):
    sns = stubbed("sns")
    expect_topic(sns, subscriptions=[listed("https", HOOK)])

    result = run_module(main, present(subscriptions=[hook(RawMessageDelivery=True)]))

    assert result["changed"] is False
    assert warnings == [
        "The subscription of subscriptions[0] (https) is pending confirmation: its attributes cannot be read or set"
        " until the endpoint confirms it; they will be set by a run after the confirmation."
    ]


def test_a_deleted_subscription_is_ignored(run_module, stubbed, warnings):
    sns = stubbed("sns")
    expect_topic(sns, subscriptions=[listed("sqs", QUEUE, "Deleted")])

    result = run_module(main, present(subscriptions=[]))

    assert result["changed"] is False and result["sns_topic"]["subscriptions"] == [] and warnings == []


def test_a_new_subscription_reports_its_pending_confirmation(run_module, stubbed):
    sns = stubbed("sns")
    expect_topic(sns)
    arn = f"{TOPIC_ARN}:7f3e7a4c"
    sns.add_response(
        "subscribe",
        dict(SubscriptionArn=arn),
        dict(
            TopicArn=TOPIC_ARN,
            Protocol="https",
            Endpoint=HOOK,
            ReturnSubscriptionArn=True,
            Attributes={"RawMessageDelivery": "true"},
        ),
    )
    sns.add_response(
        "get_subscription_attributes",
        dict(Attributes=dict(PendingConfirmation="true", RawMessageDelivery="true", Endpoint=HOOK)),
        dict(SubscriptionArn=arn),
    )

    result = run_module(main, present(subscriptions=[hook(RawMessageDelivery=True)]))

    assert result["changes"] == ["subscribed"]
    assert result["sns_topic"]["subscriptions"] == [
        dict(
            protocol="https",
            endpoint=HOOK_MASKED,
            subscription_arn=arn,
            pending_confirmation=True,
            attributes={"RawMessageDelivery": True},
        )
    ]


def test_a_subscription_gone_meanwhile_is_left_out(run_module, stubbed):
    sns = stubbed("sns")
    sns.add_response("list_topics", dict(Topics=[dict(TopicArn=TOPIC_ARN)]), {})
    sns.add_response("get_topic_attributes", dict(Attributes=dict(TopicArn=TOPIC_ARN)), dict(TopicArn=TOPIC_ARN))
    sns.add_response(
        "list_subscriptions_by_topic",
        dict(Subscriptions=[listed("sqs", QUEUE, f"{TOPIC_ARN}:1")]),
        dict(TopicArn=TOPIC_ARN),
    )
    sns.add_client_error("get_subscription_attributes", service_error_code="NotFound", http_status_code=404)
    sns.add_response("list_tags_for_resource", dict(Tags=[]), dict(ResourceArn=TOPIC_ARN))

    result = run_module(main, present(subscriptions=[]))

    assert result["changed"] is False and result["sns_topic"]["subscriptions"] == []


def test_an_unsubscription_already_done_is_no_error(run_module, stubbed):
    sns = stubbed("sns")
    expect_topic(sns, subscriptions=[listed("sqs", QUEUE, f"{TOPIC_ARN}:1")])
    sns.add_client_error("unsubscribe", service_error_code="NotFound", http_status_code=404)

    result = run_module(main, present(subscriptions=[]))

    assert result["changes"] == ["unsubscribed"]


def test_a_failed_subscription_is_reported_without_its_endpoint(run_module, stubbed):
    sns = stubbed("sns")
    expect_topic(sns)
    sns.add_client_error(
        "subscribe", service_error_code="InvalidParameter", service_message="Invalid parameter: Endpoint"
    )

    result = run_module(main, present(subscriptions=[hook()]))

    assert result["failed"] is True
    assert result["msg"].startswith(f"Failed to subscribe subscriptions[0] (https) to SNS topic {TOPIC_ARN}")
    assert TOKEN not in result["msg"] and result["error"]["code"] == "InvalidParameter"


def test_a_failed_creation_is_reported(run_module, stubbed):
    sns = stubbed("sns")
    expect_no_topic(sns)
    sns.add_client_error("create_topic", service_error_code="AuthorizationError", http_status_code=403)

    result = run_module(main, present(kms_master_key_id=KEY_ALIAS))

    assert result["failed"] is True and result["msg"].startswith("Failed to create SNS topic alarms")
    assert result["error"]["code"] == "AuthorizationError"


def test_a_failed_attribute_update_is_reported(run_module, stubbed):
    sns = stubbed("sns")
    expect_topic(sns)
    sns.add_client_error(
        "set_topic_attributes", service_error_code="InvalidParameter", service_message="KmsMasterKeyId"
    )

    result = run_module(main, present(kms_master_key_id=KEY_ALIAS))

    assert result["failed"] is True
    assert result["msg"].startswith(f"Failed to set KmsMasterKeyId of SNS topic {TOPIC_ARN}")


def test_a_failed_deletion_is_reported(run_module, stubbed):
    sns = stubbed("sns")
    expect_topic(sns)
    sns.add_client_error("delete_topic", service_error_code="AuthorizationError", http_status_code=403)

    result = run_module(main, present(state="absent"))

    assert result["failed"] is True and result["msg"].startswith(f"Failed to delete SNS topic {TOPIC_ARN}")


def test_a_failed_lookup_is_reported(run_module, stubbed):
    sns = stubbed("sns")
    sns.add_client_error("list_topics", service_error_code="AuthorizationError", http_status_code=403)

    result = run_module(main, present())

    assert result["failed"] is True and result["msg"].startswith("Failed to list the SNS topics")


def test_a_topic_deleted_after_the_listing_is_created_again(run_module, stubbed):
    sns = stubbed("sns")
    sns.add_response("list_topics", dict(Topics=[dict(TopicArn=TOPIC_ARN)]), {})
    sns.add_client_error("get_topic_attributes", service_error_code="NotFound", http_status_code=404)

    result = run_module(main, present(), check_mode=True)

    assert result["changes"] == ["created"]


def test_throttling_is_retried(run_module, stubbed, sleeps):
    sns = stubbed("sns")
    sns.add_client_error("list_topics", service_error_code="Throttling", http_status_code=400)
    expect_no_topic(sns)

    result = run_module(main, present(state="absent"))

    assert result["changed"] is False and len(sleeps) == 1
