"""Unit tests of the shared CloudWatch helpers, with scripted CloudWatch answers."""

import boto3
import pytest
from botocore.stub import Stubber

from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper

from ansible_collections.seed.aws_platform.plugins.module_utils.cloudwatch import alarm_differs
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudwatch import chunks
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudwatch import cloudwatch_client
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudwatch import comparable_alarm
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudwatch import dimension_dict
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudwatch import dimension_list
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudwatch import list_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudwatch import plan_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudwatch import update_tags

REGION = "eu-west-1"
ARN = f"arn:aws:cloudwatch:{REGION}:123456789012:alarm:orders-cpu"


class Failed(Exception):
    pass


class FakeModule:
    """What the helpers use of AnsibleAWSModule: clients and fail_json_aws."""

    def __init__(self, client=None):
        self._client = client
        self.asked = []

    def client(self, service, retry_decorator=None):
        self.asked.append((service, retry_decorator))
        return RetryingBotoClientWrapper(self._client, retry_decorator)

    def fail_json_aws(self, exception, msg):
        raise Failed(msg, exception)


@pytest.fixture
def stubber():
    stubber = Stubber(boto3.client("cloudwatch", region_name=REGION))
    stubber.activate()
    yield stubber
    stubber.deactivate()
    stubber.assert_no_pending_responses()


def client(stubber):
    return RetryingBotoClientWrapper(stubber.client, AWSRetry.jittered_backoff())


def test_the_client_retries():
    module = FakeModule(boto3.client("cloudwatch", region_name=REGION))

    wrapped = cloudwatch_client(module)

    assert module.asked[0][0] == "cloudwatch" and module.asked[0][1] is not None
    assert isinstance(wrapped, RetryingBotoClientWrapper)


@pytest.mark.parametrize("count, sizes", [(0, []), (1, [1]), (100, [100]), (101, [100, 1]), (250, [100, 100, 50])])
def test_chunks_of_100(count, sizes):
    items = list(range(count))

    parts = list(chunks(items))

    assert [len(part) for part in parts] == sizes
    assert [item for part in parts for item in part] == items


def test_chunks_of_another_size():
    assert list(chunks(["a", "b", "c"], 2)) == [["a", "b"], ["c"]]


# --- tags ---------------------------------------------------------------------------------------


def test_omitted_tags_are_left_alone():
    assert plan_tags({"a": "1"}, None, True) == ({}, [], {"a": "1"})


def test_tags_are_set_unset_and_sorted():
    to_set, to_unset, after = plan_tags({"keep": "1", "z": "2", "b": "3", "change": "old"}, {"keep": "1", "change": "new", "add": 4}, True)

    assert list(to_set.items()) == [("add", "4"), ("change", "new")]
    assert to_unset == ["b", "z"]
    assert after == {"keep": "1", "change": "new", "add": "4"}


def test_tags_are_kept_without_purge():
    assert plan_tags({"keep": "1"}, {"add": "2"}, False) == ({"add": "2"}, [], {"keep": "1", "add": "2"})


def test_converged_tags_plan_nothing():
    assert plan_tags({"a": "1"}, {"a": 1}, True) == ({}, [], {"a": "1"})


def test_empty_tags_with_purge_remove_every_tag():
    assert plan_tags({"a": "1", "b": "2"}, {}, True) == ({}, ["a", "b"], {})


def test_list_tags(stubber):
    stubber.add_response(
        "list_tags_for_resource", dict(Tags=[dict(Key="a", Value="1"), dict(Key="b", Value="")]), dict(ResourceARN=ARN)
    )

    assert list_tags(client(stubber), FakeModule(), ARN) == {"a": "1", "b": ""}


def test_list_tags_without_tags(stubber):
    stubber.add_response("list_tags_for_resource", {}, dict(ResourceARN=ARN))

    assert list_tags(client(stubber), FakeModule(), ARN) == {}


def test_a_failed_tag_listing_names_the_arn(stubber):
    stubber.add_client_error("list_tags_for_resource", service_error_code="ResourceNotFoundException", http_status_code=404)

    with pytest.raises(Failed) as failed:
        list_tags(client(stubber), FakeModule(), ARN)

    assert failed.value.args[0] == f"Failed to list the tags of {ARN}"


def test_update_tags_untags_then_tags(stubber):
    stubber.add_response("untag_resource", {}, dict(ResourceARN=ARN, TagKeys=["b"]))
    stubber.add_response("tag_resource", {}, dict(ResourceARN=ARN, Tags=[dict(Key="a", Value="1")]))

    update_tags(client(stubber), ARN, {"a": "1"}, ["b"])


def test_update_tags_makes_only_the_calls_needed(stubber):
    stubber.add_response("tag_resource", {}, dict(ResourceARN=ARN, Tags=[dict(Key="a", Value="1")]))

    update_tags(client(stubber), ARN, {"a": "1"}, [])
    update_tags(client(stubber), ARN, {}, [])


# --- dimensions ---------------------------------------------------------------------------------


def test_dimension_list_is_sorted_and_of_strings():
    assert dimension_list({"ServiceName": "orders", "ClusterName": "production", "Port": 443}) == [
        dict(Name="ClusterName", Value="production"),
        dict(Name="Port", Value="443"),
        dict(Name="ServiceName", Value="orders"),
    ]


@pytest.mark.parametrize("empty", [None, {}])
def test_no_dimensions(empty):
    assert dimension_list(empty) == [] and dimension_dict(empty and []) == {}


def test_dimension_dict():
    assert dimension_dict([dict(Name="b", Value="2"), dict(Name="a", Value="1"), dict(Name="c")]) == {"a": "1", "b": "2", "c": ""}


# --- the comparable metric alarm ----------------------------------------------------------------


def request(**changes):
    """PutMetricAlarm's parameters for an alarm on one metric."""
    alarm = dict(
        AlarmName="orders-cpu",
        Namespace="AWS/ECS",
        MetricName="CPUUtilization",
        Statistic="Average",
        Dimensions=[dict(Name="ClusterName", Value="production"), dict(Name="ServiceName", Value="orders")],
        Period=60,
        EvaluationPeriods=5,
        Threshold=80.0,
        ComparisonOperator="GreaterThanThreshold",
    )
    alarm.update(changes)
    return {key: value for key, value in alarm.items() if value is not None}


def test_the_comparable_form_of_an_alarm_on_one_metric():
    assert comparable_alarm(request()) == dict(
        AlarmDescription="",
        ActionsEnabled=True,
        OKActions=[],
        AlarmActions=[],
        InsufficientDataActions=[],
        Namespace="AWS/ECS",
        MetricName="CPUUtilization",
        Statistic="Average",
        Dimensions=[dict(Name="ClusterName", Value="production"), dict(Name="ServiceName", Value="orders")],
        Period=60,
        EvaluationPeriods=5,
        DatapointsToAlarm=5,
        Threshold=80.0,
        ComparisonOperator="GreaterThanThreshold",
        TreatMissingData="missing",
    )


def test_the_name_and_the_state_are_not_compared():
    described = request(AlarmName="other", AlarmArn=ARN, StateValue="ALARM", StateReason="Threshold Crossed")

    assert not alarm_differs(request(), described)


@pytest.mark.parametrize(
    "desired, current",
    [
        (request(DatapointsToAlarm=5), request()),
        (request(TreatMissingData="missing"), request()),
        (request(ActionsEnabled=True), request()),
        (request(OKActions=[], AlarmActions=[], InsufficientDataActions=[]), request()),
        (request(AlarmActions=["b", "a"]), request(AlarmActions=["a", "b", "a"])),
        (request(Threshold=80), request(Threshold=80.0)),
        (request(AlarmDescription=""), request()),
        (request(Dimensions=list(reversed(request()["Dimensions"]))), request()),
        (request(Dimensions=None), request(Dimensions=[])),
        (request(), request(Metrics=[])),
        (request(EvaluateLowSampleCountPercentile="evaluate"), request()),
        (request(Unit=None), request(Unit="")),
    ],
)
def test_what_behaves_the_same_compares_equal(desired, current):
    assert not alarm_differs(desired, current)


@pytest.mark.parametrize(
    "desired, current",
    [
        (request(DatapointsToAlarm=3), request()),
        (request(TreatMissingData="notBreaching"), request()),
        (request(ActionsEnabled=False), request()),
        (request(AlarmActions=["a"]), request()),
        (request(OKActions=["a"]), request(AlarmActions=["a"])),
        (request(Threshold=80.5), request()),
        (request(AlarmDescription="CPU"), request()),
        (request(Dimensions=[dict(Name="ClusterName", Value="production")]), request()),
        (request(Statistic=None, ExtendedStatistic="p99"), request()),
        (request(Unit="Percent"), request()),
        (request(Period=300), request()),
        (request(EvaluationPeriods=6), request()),
        (request(ComparisonOperator="LessThanThreshold"), request()),
        (request(), request(EvaluateLowSampleCountPercentile="ignore")),
        (request(), request(ThresholdMetricId="ad1")),
        (request(), request(EvaluationInterval=60)),
    ],
)
def test_real_differences_compare_different(desired, current):
    assert alarm_differs(desired, current)


def metric_math(*queries, **changes):
    alarm = dict(AlarmName="rate", EvaluationPeriods=3, Threshold=5.0, ComparisonOperator="GreaterThanThreshold", Metrics=list(queries))
    alarm.update(changes)
    return alarm


def metric_query(query_id="errors", dimensions=None, **changes):
    metric = dict(Namespace="AWS/ApplicationELB", MetricName="HTTPCode_Target_5XX_Count")
    if dimensions is not None:
        metric["Dimensions"] = dimensions
    query = dict(Id=query_id, MetricStat=dict(Metric=metric, Period=60, Stat="Sum"), ReturnData=False)
    query.update(changes)
    return query


EXPRESSION = dict(Id="rate", Expression="100 * errors / requests", ReturnData=True)
LB = [dict(Name="LoadBalancer", Value="lb"), dict(Name="TargetGroup", Value="tg")]


def test_the_comparable_form_of_a_metric_math_alarm():
    comparable = comparable_alarm(metric_math(EXPRESSION, metric_query(dimensions=list(reversed(LB)), Label="")))

    assert comparable["Metrics"] == [
        dict(
            Id="errors",
            ReturnData=False,
            MetricStat=dict(
                Metric=dict(Namespace="AWS/ApplicationELB", MetricName="HTTPCode_Target_5XX_Count", Dimensions=LB),
                Period=60,
                Stat="Sum",
            ),
        ),
        dict(Id="rate", Expression="100 * errors / requests", ReturnData=True),
    ]
    assert "Dimensions" not in comparable and "Period" not in comparable and "Namespace" not in comparable


@pytest.mark.parametrize(
    "desired, current",
    [
        # moto answers an empty Dimensions list, for the alarm and for a metric without dimensions.
        (metric_math(EXPRESSION, metric_query()), metric_math(EXPRESSION, metric_query(dimensions=[]), Dimensions=[])),
        (metric_math(EXPRESSION, metric_query(dimensions=LB)), metric_math(metric_query(dimensions=list(reversed(LB))), EXPRESSION)),
        # AWS's default for an omitted ReturnData is true.
        (metric_math(dict(EXPRESSION, ReturnData=True)), metric_math({key: value for key, value in EXPRESSION.items() if key != "ReturnData"})),
        (metric_math(EXPRESSION, metric_query(Label=None)), metric_math(EXPRESSION, metric_query(Label=""))),
    ],
)
def test_metric_math_that_behaves_the_same_compares_equal(desired, current):
    assert not alarm_differs(desired, current)


@pytest.mark.parametrize(
    "desired",
    [
        metric_math(dict(EXPRESSION, Expression="errors"), metric_query()),
        metric_math(dict(EXPRESSION, Label="rate"), metric_query()),
        metric_math(dict(EXPRESSION, Period=300), metric_query()),
        metric_math(EXPRESSION, metric_query(ReturnData=True)),
        metric_math(EXPRESSION, metric_query(dimensions=LB)),
        metric_math(EXPRESSION, metric_query(MetricStat=dict(metric_query()["MetricStat"], Stat="Maximum"))),
        metric_math(EXPRESSION, metric_query(MetricStat=dict(metric_query()["MetricStat"], Unit="Count"))),
        metric_math(EXPRESSION, metric_query(AccountId="210987654321")),
        metric_math(EXPRESSION, metric_query(), metric_query("requests")),
        metric_math(EXPRESSION),
    ],
)
def test_metric_math_differences_compare_different(desired):
    assert alarm_differs(desired, metric_math(EXPRESSION, metric_query()))


def test_metric_math_and_one_metric_differ():
    assert alarm_differs(metric_math(EXPRESSION), request(Threshold=5.0, EvaluationPeriods=3))
