"""Unit tests of seed.aws_platform.cloudwatch_metric_alarms.

moto (in-process) backs creating, describing, tagging and deleting metric alarms, with metric math (Metrics),
extended statistics and tags at creation. What moto 5.2.1 answers differs from AWS in ways the module must not
depend on, and the tests below pin each one:

- DescribeAlarms returns Dimensions in the order PutMetricAlarm got them, an empty Dimensions list for metric math
  alarms and an empty Metrics list for the others; it omits DatapointsToAlarm and TreatMissingData when they were not
  given (the module always sends TreatMissingData, alarms created by others may not have it).
- PutMetricAlarm on an existing alarm adds the Tags it is given, where AWS ignores them: the module never sends Tags
  when it updates.
- PutMetricAlarm accepts Statistic and ExtendedStatistic together, which AWS refuses: the module refuses them first.
- ListTagsForResource on an alarm that does not exist answers no tags, where AWS answers ResourceNotFoundException.

botocore's Stubber backs the failures, and alarms shaped as AWS may answer them (ReturnData omitted, an explicit
EvaluateLowSampleCountPercentile of evaluate, an empty description, anomaly detection alarms), and asserts the exact
requests.
"""

import boto3
import pytest

from ansible_collections.seed.aws_platform.plugins.modules.cloudwatch_metric_alarms import main

REGION = "us-east-1"
ACCOUNT = "123456789012"
TOPIC = f"arn:aws:sns:{REGION}:{ACCOUNT}:oncall"
PAGER = f"arn:aws:sns:{REGION}:{ACCOUNT}:pager"
READS = ("DescribeAlarms", "ListTagsForResource")


def arn(name):
    return f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:{name}"


def cpu(**extra):
    """An alarm on one metric with a statistic, as the task gives it."""
    alarm = dict(
        name="orders-cpu",
        namespace="AWS/ECS",
        metric_name="CPUUtilization",
        dimensions={"ServiceName": "orders", "ClusterName": "production"},
        statistic="Average",
        period=60,
        evaluation_periods=5,
        datapoints_to_alarm=3,
        comparison_operator="GreaterThanThreshold",
        threshold=80,
        alarm_actions=[TOPIC],
    )
    return dict(alarm, **extra)


def latency(**extra):
    """An alarm on a percentile."""
    alarm = dict(
        name="orders-latency",
        namespace="AWS/ApplicationELB",
        metric_name="TargetResponseTime",
        extended_statistic="p99",
        period=300,
        evaluation_periods=1,
        comparison_operator="GreaterThanThreshold",
        threshold=1.5,
        treat_missing_data="notBreaching",
    )
    return dict(alarm, **extra)


def stat(metric_name, **dimensions):
    return dict(metric=dict(namespace="AWS/ApplicationELB", metric_name=metric_name, dimensions=dimensions or None), period=60, stat="Sum")


def error_rate(**extra):
    """A metric math alarm."""
    alarm = dict(
        name="orders-5xx-rate",
        description="More than 5% of the requests answered with a 5xx",
        metrics=[
            dict(id="rate", expression="100 * errors / requests", label="5xx rate", return_data=True),
            dict(id="errors", metric_stat=stat("HTTPCode_Target_5XX_Count", TargetGroup="tg", LoadBalancer="lb")),
            dict(id="requests", metric_stat=stat("RequestCount", LoadBalancer="lb")),
        ],
        evaluation_periods=3,
        comparison_operator="GreaterThanOrEqualToThreshold",
        threshold=5,
        ok_actions=[TOPIC],
    )
    return dict(alarm, **extra)


# What the module sends for cpu().
CPU_REQUEST = dict(
    AlarmName="orders-cpu",
    ActionsEnabled=True,
    OKActions=[],
    AlarmActions=[TOPIC],
    InsufficientDataActions=[],
    EvaluationPeriods=5,
    Threshold=80.0,
    ComparisonOperator="GreaterThanThreshold",
    TreatMissingData="missing",
    DatapointsToAlarm=3,
    Namespace="AWS/ECS",
    MetricName="CPUUtilization",
    Period=60,
    Dimensions=[dict(Name="ClusterName", Value="production"), dict(Name="ServiceName", Value="orders")],
    Statistic="Average",
)


# --- moto ---------------------------------------------------------------------------------------


@pytest.fixture
def cloudwatch(aws):
    return boto3.client("cloudwatch", region_name=REGION)


def changes_made(calls):
    return [call for call in calls if call[0] not in READS]


def operations(calls):
    return [operation for operation, _params in changes_made(calls)]


def stored(cloudwatch, name):
    alarms = cloudwatch.describe_alarms(AlarmNames=[name])["MetricAlarms"]
    return alarms[0] if alarms else None


def stored_names(cloudwatch):
    pages = cloudwatch.get_paginator("describe_alarms").paginate()
    return sorted(alarm["AlarmName"] for page in pages for alarm in page["MetricAlarms"])


def stored_tags(cloudwatch, name):
    return {tag["Key"]: tag["Value"] for tag in cloudwatch.list_tags_for_resource(ResourceARN=arn(name))["Tags"]}


def create(cloudwatch, name, tags=None, **changes):
    """An alarm created by someone else, on one metric, as boto3 takes it."""
    request = dict(
        AlarmName=name,
        Namespace="AWS/ECS",
        MetricName="CPUUtilization",
        Statistic="Average",
        Period=60,
        EvaluationPeriods=1,
        Threshold=90,
        ComparisonOperator="GreaterThanThreshold",
    )
    request.update(changes)
    if tags:
        request["Tags"] = [dict(Key=key, Value=value) for key, value in tags.items()]
    cloudwatch.put_metric_alarm(**request)


def test_creates_the_alarms_of_every_kind(run_module, cloudwatch, api_calls):
    args = dict(alarms=[cpu(tags={"ManagedBy": "monitoring", "Port": 443}), latency(), error_rate()])

    result = run_module(main, args, diff=True)

    assert result["changed"] is True
    assert result["created"] == ["orders-cpu", "orders-latency", "orders-5xx-rate"]
    assert (result["updated"], result["deleted"]) == ([], [])
    assert [alarm["alarm_name"] for alarm in result["alarms"]] == result["created"]
    first, second, third = result["alarms"]
    assert first["alarm_arn"] == arn("orders-cpu")
    assert first["tags"] == stored_tags(cloudwatch, "orders-cpu") == {"ManagedBy": "monitoring", "Port": "443"}
    assert first["dimensions"] == [dict(name="ClusterName", value="production"), dict(name="ServiceName", value="orders")]
    assert (first["threshold"], first["datapoints_to_alarm"], first["state_value"]) == (80.0, 3, "OK")
    assert (second["extended_statistic"], second["treat_missing_data"], second["tags"]) == ("p99", "notBreaching", {})
    assert "statistic" not in second
    assert third["alarm_description"] == "More than 5% of the requests answered with a 5xx"
    assert [query["id"] for query in third["metrics"]] == ["rate", "errors", "requests"]
    assert [query["return_data"] for query in third["metrics"]] == [True, False, False]
    assert changes_made(api_calls)[0] == (
        "PutMetricAlarm",
        dict(CPU_REQUEST, Tags=[dict(Key="ManagedBy", Value="monitoring"), dict(Key="Port", Value="443")]),
    )
    assert operations(api_calls) == ["PutMetricAlarm"] * 3
    assert result["diff"]["before"] == {}
    assert sorted(result["diff"]["after"]) == sorted(result["created"])
    assert result["diff"]["after"]["orders-cpu"]["tags"] == {"ManagedBy": "monitoring", "Port": "443"}


def test_the_metric_math_request(run_module, cloudwatch, api_calls):
    run_module(main, dict(alarms=[error_rate()]))

    (operation, request), = changes_made(api_calls)
    assert request == dict(
        AlarmName="orders-5xx-rate",
        AlarmDescription="More than 5% of the requests answered with a 5xx",
        ActionsEnabled=True,
        OKActions=[TOPIC],
        AlarmActions=[],
        InsufficientDataActions=[],
        EvaluationPeriods=3,
        Threshold=5.0,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
        TreatMissingData="missing",
        Metrics=[
            dict(Id="rate", ReturnData=True, Expression="100 * errors / requests", Label="5xx rate"),
            dict(
                Id="errors",
                ReturnData=False,
                MetricStat=dict(
                    Metric=dict(
                        Namespace="AWS/ApplicationELB",
                        MetricName="HTTPCode_Target_5XX_Count",
                        Dimensions=[dict(Name="LoadBalancer", Value="lb"), dict(Name="TargetGroup", Value="tg")],
                    ),
                    Period=60,
                    Stat="Sum",
                ),
            ),
            dict(
                Id="requests",
                ReturnData=False,
                MetricStat=dict(
                    Metric=dict(
                        Namespace="AWS/ApplicationELB", MetricName="RequestCount", Dimensions=[dict(Name="LoadBalancer", Value="lb")]
                    ),
                    Period=60,
                    Stat="Sum",
                ),
            ),
        ],
    )


def test_a_single_query_returns_data_by_default(run_module, cloudwatch, api_calls):
    alarm = error_rate(metrics=[dict(id="errors", metric_stat=dict(stat("HTTPCode_Target_5XX_Count"), unit="Count"))])

    result = run_module(main, dict(alarms=[alarm]))

    assert result["changed"] is True
    query = changes_made(api_calls)[0][1]["Metrics"][0]
    assert query["ReturnData"] is True and query["MetricStat"]["Unit"] == "Count"
    assert run_module(main, dict(alarms=[alarm]))["changed"] is False


def test_second_run_changes_nothing(run_module, cloudwatch, api_calls):
    args = dict(alarms=[cpu(tags={"a": "1"}), latency(), error_rate()], purge_prefix="orders-")
    first = run_module(main, args)
    api_calls.clear()

    second = run_module(main, args, diff=True)

    assert second["changed"] is False
    assert (second["created"], second["updated"], second["deleted"]) == ([], [], [])
    assert second["alarms"] == first["alarms"]
    assert second["diff"] == dict(before={}, after={})
    assert changes_made(api_calls) == []


def test_an_alarm_made_elsewhere_with_aws_defaults_left_out_is_converged(run_module, cloudwatch, api_calls):
    # No DatapointsToAlarm, TreatMissingData nor ActionsEnabled, dimensions in another order, an integer threshold.
    create(
        cloudwatch,
        "orders-cpu",
        EvaluationPeriods=5,
        Threshold=80,
        Dimensions=[dict(Name="ServiceName", Value="orders"), dict(Name="ClusterName", Value="production")],
        AlarmActions=[TOPIC],
    )

    result = run_module(main, dict(alarms=[cpu(datapoints_to_alarm=5, threshold=80.0)]))

    assert result["changed"] is False
    assert changes_made(api_calls) == []


def test_actions_are_compared_as_a_set(run_module, cloudwatch, api_calls):
    run_module(main, dict(alarms=[cpu(alarm_actions=[TOPIC, PAGER])]))
    api_calls.clear()

    result = run_module(main, dict(alarms=[cpu(alarm_actions=[PAGER, TOPIC, PAGER])]))

    assert result["changed"] is False
    assert changes_made(api_calls) == []


def test_dimension_values_given_as_numbers_are_strings(run_module, cloudwatch):
    alarm = cpu(dimensions={"Port": 443})
    run_module(main, dict(alarms=[alarm]))

    assert stored(cloudwatch, "orders-cpu")["Dimensions"] == [dict(Name="Port", Value="443")]
    assert run_module(main, dict(alarms=[alarm]))["changed"] is False


def test_check_mode_reports_the_creations_and_creates_nothing(run_module, cloudwatch, api_calls):
    result = run_module(main, dict(alarms=[cpu(tags={"a": 1}), error_rate()]), check_mode=True, diff=True)

    assert result["changed"] is True
    assert result["created"] == ["orders-cpu", "orders-5xx-rate"]
    first = result["alarms"][0]
    assert first["alarm_name"] == "orders-cpu" and "alarm_arn" not in first
    assert (first["threshold"], first["tags"]) == (80.0, {"a": "1"})
    assert sorted(result["diff"]["after"]) == ["orders-5xx-rate", "orders-cpu"]
    assert stored_names(cloudwatch) == []
    assert changes_made(api_calls) == []


def test_check_mode_on_converged_alarms_changes_nothing(run_module, cloudwatch, api_calls):
    args = dict(alarms=[cpu(tags={"a": "1"}), error_rate()])
    converged = run_module(main, args)
    api_calls.clear()

    result = run_module(main, args, check_mode=True)

    assert result["changed"] is False and result["alarms"] == converged["alarms"]
    assert changes_made(api_calls) == []


def test_a_changed_threshold_updates_only_that_alarm(run_module, cloudwatch, api_calls):
    run_module(main, dict(alarms=[cpu(), latency()]))
    api_calls.clear()

    result = run_module(main, dict(alarms=[cpu(threshold=90), latency()]), diff=True)

    assert result["changed"] is True
    assert (result["created"], result["updated"]) == ([], ["orders-cpu"])
    assert changes_made(api_calls) == [("PutMetricAlarm", dict(CPU_REQUEST, Threshold=90.0))]
    assert result["alarms"][0]["threshold"] == stored(cloudwatch, "orders-cpu")["Threshold"] == 90.0
    assert result["diff"]["before"]["orders-cpu"]["threshold"] == 80.0
    assert result["diff"]["after"]["orders-cpu"]["threshold"] == 90.0
    assert sorted(result["diff"]["before"]) == sorted(result["diff"]["after"]) == ["orders-cpu"]


@pytest.mark.parametrize(
    "change",
    [
        dict(alarm_actions=[PAGER]),
        dict(alarm_actions=[]),
        dict(ok_actions=[TOPIC]),
        dict(insufficient_data_actions=[TOPIC]),
        dict(actions_enabled=False),
        dict(description="CPU"),
        dict(dimensions={"ClusterName": "production"}),
        dict(statistic="Maximum"),
        dict(statistic=None, extended_statistic="p90"),
        dict(period=300),
        dict(unit="Percent"),
        dict(evaluation_periods=6),
        dict(datapoints_to_alarm=None),
        dict(comparison_operator="GreaterThanOrEqualToThreshold"),
        dict(treat_missing_data="breaching"),
        dict(metric_name="MemoryUtilization"),
    ],
)
def test_each_real_difference_updates_the_alarm(run_module, cloudwatch, api_calls, change):
    run_module(main, dict(alarms=[cpu()]))
    api_calls.clear()

    result = run_module(main, dict(alarms=[cpu(**change)]))

    assert result["changed"] is True and result["updated"] == ["orders-cpu"]
    assert operations(api_calls) == ["PutMetricAlarm"]
    assert run_module(main, dict(alarms=[cpu(**change)]))["changed"] is False


@pytest.mark.parametrize(
    "change",
    [
        lambda alarm: alarm["metrics"][0].update(expression="100 * errors / (requests + 1)"),
        lambda alarm: alarm["metrics"][0].update(label="errors"),
        lambda alarm: alarm["metrics"][1]["metric_stat"].update(period=300),
        lambda alarm: alarm["metrics"][1]["metric_stat"].update(stat="Maximum"),
        lambda alarm: alarm["metrics"][2]["metric_stat"]["metric"].update(dimensions={"LoadBalancer": "other"}),
        lambda alarm: alarm["metrics"].append(dict(id="unused", expression="errors * 2", return_data=False)),
    ],
)
def test_a_changed_query_updates_a_metric_math_alarm(run_module, cloudwatch, api_calls, change):
    run_module(main, dict(alarms=[error_rate()]))
    api_calls.clear()
    alarm = error_rate()
    change(alarm)

    result = run_module(main, dict(alarms=[alarm]))

    assert result["updated"] == ["orders-5xx-rate"]
    assert operations(api_calls) == ["PutMetricAlarm"]


def test_the_order_of_the_queries_does_not_matter(run_module, cloudwatch, api_calls):
    run_module(main, dict(alarms=[error_rate()]))
    api_calls.clear()
    alarm = error_rate()
    alarm["metrics"].reverse()

    assert run_module(main, dict(alarms=[alarm]))["changed"] is False
    assert changes_made(api_calls) == []


def test_an_alarm_can_move_from_one_metric_to_metric_math(run_module, cloudwatch):
    run_module(main, dict(alarms=[cpu()]))
    alarm = error_rate(name="orders-cpu")

    result = run_module(main, dict(alarms=[alarm]))

    assert result["updated"] == ["orders-cpu"]
    assert "metric_name" not in result["alarms"][0] and "statistic" not in result["alarms"][0]
    assert len(stored(cloudwatch, "orders-cpu")["Metrics"]) == 3
    assert run_module(main, dict(alarms=[alarm]))["changed"] is False


def test_check_mode_reports_the_updates_and_changes_nothing(run_module, cloudwatch, api_calls):
    run_module(main, dict(alarms=[cpu(), latency()]))
    api_calls.clear()

    result = run_module(main, dict(alarms=[cpu(statistic=None, extended_statistic="p90"), latency()]), check_mode=True, diff=True)

    assert result["changed"] is True and result["updated"] == ["orders-cpu"]
    predicted = result["alarms"][0]
    assert predicted["extended_statistic"] == "p90" and "statistic" not in predicted
    assert predicted["alarm_arn"] == arn("orders-cpu") and predicted["state_value"] == "OK"
    assert result["diff"]["before"]["orders-cpu"]["statistic"] == "Average"
    assert stored(cloudwatch, "orders-cpu")["Statistic"] == "Average"
    assert changes_made(api_calls) == []


def test_tags_are_added_changed_and_purged_without_rewriting_the_alarm(run_module, cloudwatch, api_calls):
    run_module(main, dict(alarms=[cpu(tags={"keep": "1", "drop": "2", "change": "old"})]))
    api_calls.clear()

    result = run_module(main, dict(alarms=[cpu(tags={"keep": "1", "change": "new", "add": 3})]), diff=True)

    assert result["changed"] is True and result["updated"] == ["orders-cpu"]
    assert result["alarms"][0]["tags"] == stored_tags(cloudwatch, "orders-cpu") == {"keep": "1", "change": "new", "add": "3"}
    assert changes_made(api_calls) == [
        ("UntagResource", dict(ResourceARN=arn("orders-cpu"), TagKeys=["drop"])),
        ("TagResource", dict(ResourceARN=arn("orders-cpu"), Tags=[dict(Key="add", Value="3"), dict(Key="change", Value="new")])),
    ]
    assert result["diff"]["before"]["orders-cpu"]["tags"] == {"keep": "1", "drop": "2", "change": "old"}
    assert result["diff"]["after"]["orders-cpu"]["tags"] == {"keep": "1", "change": "new", "add": "3"}


def test_a_configuration_and_tag_change_together(run_module, cloudwatch, api_calls):
    run_module(main, dict(alarms=[cpu(tags={"drop": "1"})]))
    api_calls.clear()

    result = run_module(main, dict(alarms=[cpu(threshold=70, tags={})]))

    assert result["updated"] == ["orders-cpu"]
    assert operations(api_calls) == ["PutMetricAlarm", "UntagResource"]
    assert "Tags" not in changes_made(api_calls)[0][1]
    assert stored_tags(cloudwatch, "orders-cpu") == {} and result["alarms"][0]["tags"] == {}


def test_omitted_tags_are_left_alone_and_purge_tags_false_only_adds(run_module, cloudwatch):
    create(cloudwatch, "orders-cpu", tags={"keep": "1"})

    added = run_module(main, dict(alarms=[cpu(tags={"add": "2"})], purge_tags=False))
    untouched = run_module(main, dict(alarms=[cpu()]))

    assert added["updated"] == ["orders-cpu"] and untouched["changed"] is False
    assert untouched["alarms"][0]["tags"] == stored_tags(cloudwatch, "orders-cpu") == {"keep": "1", "add": "2"}


def test_check_mode_reports_tag_changes_and_changes_nothing(run_module, cloudwatch, api_calls):
    run_module(main, dict(alarms=[cpu(tags={"drop": "1"})]))
    api_calls.clear()

    result = run_module(main, dict(alarms=[cpu(tags={"add": "2"})]), check_mode=True)

    assert result["updated"] == ["orders-cpu"] and result["alarms"][0]["tags"] == {"add": "2"}
    assert stored_tags(cloudwatch, "orders-cpu") == {"drop": "1"}
    assert changes_made(api_calls) == []


def test_purge_deletes_the_alarms_of_the_prefix_with_the_matching_tags(run_module, cloudwatch, api_calls):
    ours = {"ManagedBy": "monitoring", "Environment": "production"}
    create(cloudwatch, "orders-old", tags=ours)
    create(cloudwatch, "orders-other-team", tags={"ManagedBy": "someone-else"})
    create(cloudwatch, "orders-untagged")
    create(cloudwatch, "orders-partly", tags={"ManagedBy": "monitoring"})
    create(cloudwatch, "payments-old", tags=ours)
    args = dict(alarms=[cpu(tags=ours)], purge_prefix="orders-", purge_match_tags={"ManagedBy": "monitoring", "Environment": "production"})

    result = run_module(main, args, diff=True)

    assert result["changed"] is True
    assert (result["created"], result["deleted"]) == (["orders-cpu"], ["orders-old"])
    assert stored_names(cloudwatch) == ["orders-cpu", "orders-other-team", "orders-partly", "orders-untagged", "payments-old"]
    assert operations(api_calls) == ["PutMetricAlarm", "DeleteAlarms"]
    assert changes_made(api_calls)[1] == ("DeleteAlarms", dict(AlarmNames=["orders-old"]))
    assert result["diff"]["before"]["orders-old"]["tags"] == ours
    assert "orders-old" not in result["diff"]["after"]


def test_purge_without_match_tags_deletes_every_other_alarm_of_the_prefix(run_module, cloudwatch, api_calls):
    create(cloudwatch, "orders-old", tags={"a": "1"})
    create(cloudwatch, "orders-older")
    create(cloudwatch, "ordersX")
    run_module(main, dict(alarms=[cpu()]))
    api_calls.clear()

    result = run_module(main, dict(alarms=[cpu()], purge_prefix="orders-"), diff=True)

    assert (result["changed"], result["updated"], result["deleted"]) == (True, [], ["orders-old", "orders-older"])
    assert stored_names(cloudwatch) == ["orders-cpu", "ordersX"]
    # The candidates' tags are not read when no tag has to match.
    assert [params for operation, params in api_calls if operation == "ListTagsForResource"] == [dict(ResourceARN=arn("orders-cpu"))]
    assert "tags" not in result["diff"]["before"]["orders-old"]


def test_check_mode_reports_the_purge_and_deletes_nothing(run_module, cloudwatch, api_calls):
    create(cloudwatch, "orders-old", tags={"ManagedBy": "monitoring"})

    result = run_module(main, dict(alarms=[], purge_prefix="orders-", purge_match_tags={"ManagedBy": "monitoring"}), check_mode=True)

    assert (result["changed"], result["deleted"], result["alarms"]) == (True, ["orders-old"], [])
    assert stored_names(cloudwatch) == ["orders-old"]
    assert changes_made(api_calls) == []


def test_an_empty_list_with_a_prefix_deletes_every_alarm_of_the_prefix(run_module, cloudwatch):
    create(cloudwatch, "orders-a")
    create(cloudwatch, "orders-b")

    result = run_module(main, dict(alarms=[], purge_prefix="orders-"))

    assert result["deleted"] == ["orders-a", "orders-b"] and stored_names(cloudwatch) == []
    assert run_module(main, dict(alarms=[], purge_prefix="orders-"))["changed"] is False


def test_an_empty_list_changes_nothing(run_module, cloudwatch, api_calls):
    create(cloudwatch, "orders-a")

    result = run_module(main, dict(alarms=[]))

    assert (result["changed"], result["alarms"], result["deleted"]) == (False, [], [])
    assert changes_made(api_calls) == []


def test_names_are_described_and_deleted_100_at_a_time(run_module, cloudwatch, api_calls):
    alarms = [cpu(name=f"orders-{index:03}") for index in range(120)]
    for index in range(150):
        create(cloudwatch, f"orders-old-{index:03}")

    result = run_module(main, dict(alarms=alarms, purge_prefix="orders-"))

    assert len(result["created"]) == 120 and len(result["deleted"]) == 150
    described = [params["AlarmNames"] for operation, params in api_calls if operation == "DescribeAlarms" and "AlarmNames" in params]
    # Before the change, and again for the alarms written.
    assert [len(names) for names in described] == [100, 20, 100, 20]
    deleted = [params["AlarmNames"] for operation, params in api_calls if operation == "DeleteAlarms"]
    assert [len(names) for names in deleted] == [100, 50]
    assert stored_names(cloudwatch) == sorted(alarm["name"] for alarm in alarms)


def test_absent_deletes_the_alarms_that_exist(run_module, cloudwatch, api_calls):
    create(cloudwatch, "orders-cpu")
    create(cloudwatch, "orders-latency")
    create(cloudwatch, "orders-other")

    result = run_module(main, dict(state="absent", alarms=[dict(name="orders-latency"), dict(name="orders-gone"), dict(name="orders-cpu")]), diff=True)

    assert (result["changed"], result["deleted"], result["alarms"]) == (True, ["orders-latency", "orders-cpu"], [])
    assert stored_names(cloudwatch) == ["orders-other"]
    assert changes_made(api_calls) == [("DeleteAlarms", dict(AlarmNames=["orders-latency", "orders-cpu"]))]
    assert sorted(result["diff"]["before"]) == ["orders-cpu", "orders-latency"] and result["diff"]["after"] == {}
    assert result["diff"]["before"]["orders-cpu"]["threshold"] == 90.0


def test_absent_when_nothing_exists_changes_nothing(run_module, cloudwatch, api_calls):
    result = run_module(main, dict(state="absent", alarms=[dict(name="orders-cpu")]))

    assert (result["changed"], result["deleted"]) == (False, [])
    assert changes_made(api_calls) == []


def test_absent_in_check_mode_deletes_nothing(run_module, cloudwatch, api_calls):
    create(cloudwatch, "orders-cpu")

    result = run_module(main, dict(state="absent", alarms=[dict(name="orders-cpu")]), check_mode=True)

    assert (result["changed"], result["deleted"]) == (True, ["orders-cpu"])
    assert stored_names(cloudwatch) == ["orders-cpu"]
    assert changes_made(api_calls) == []


def test_absent_does_not_validate_the_configuration(run_module, cloudwatch):
    create(cloudwatch, "orders-cpu")

    result = run_module(main, dict(state="absent", alarms=[cpu(period=7, statistic="p99", threshold=None)]))

    assert result["deleted"] == ["orders-cpu"]


# --- argument errors ----------------------------------------------------------------------------------


def fails_with(run_module, api_calls, args, message):
    result = run_module(main, args)
    assert result["failed"] is True
    assert result["msg"] == message
    assert api_calls == []


@pytest.mark.parametrize(
    "alarm, problem",
    [
        (cpu(namespace=None), "needs either namespace and metric_name, or metrics (metric math); namespace missing"),
        (
            cpu(namespace=None, metric_name=None),
            "needs either namespace and metric_name, or metrics (metric math); namespace and metric_name missing",
        ),
        (cpu(extended_statistic="p99"), "takes statistic or extended_statistic, not both"),
        (cpu(statistic=None), "needs a statistic or an extended_statistic"),
        (
            cpu(statistic="p99"),
            "statistic must be one of SampleCount, Average, Sum, Minimum, Maximum, not 'p99' (percentiles go in extended_statistic)",
        ),
        (cpu(period=None), "needs a period"),
        (cpu(period=90), "period must be 10, 20 or 30 (high-resolution metrics) or a multiple of 60 seconds, not 90"),
        (cpu(period=0), "period must be 10, 20 or 30 (high-resolution metrics) or a multiple of 60 seconds, not 0"),
        (cpu(period=-60), "period must be 10, 20 or 30 (high-resolution metrics) or a multiple of 60 seconds, not -60"),
        (cpu(unit="percent"), "unit 'percent' is not a CloudWatch unit, like Percent, Count or Seconds"),
        (cpu(dimensions={f"d{index}": "x" for index in range(31)}), "dimensions can hold 30 dimensions at most, not 31"),
        (cpu(comparison_operator=None), "needs a comparison_operator"),
        (
            cpu(comparison_operator="GreaterThan"),
            "comparison_operator must be one of GreaterThanThreshold, GreaterThanOrEqualToThreshold, LessThanThreshold,"
            " LessThanOrEqualToThreshold, not 'GreaterThan'",
        ),
        (
            cpu(comparison_operator="GreaterThanUpperThreshold"),
            "comparison_operator GreaterThanUpperThreshold is for anomaly detection bands, which this module does not manage",
        ),
        (cpu(threshold=None), "needs a threshold"),
        (cpu(evaluation_periods=None), "needs evaluation_periods"),
        (cpu(evaluation_periods=0), "evaluation_periods must be at least 1, not 0"),
        (cpu(datapoints_to_alarm=6), "datapoints_to_alarm must be from 1 to evaluation_periods (5), not 6"),
        (cpu(datapoints_to_alarm=0), "datapoints_to_alarm must be from 1 to evaluation_periods (5), not 0"),
        (
            cpu(treat_missing_data="notbreaching"),
            "treat_missing_data must be one of missing, notBreaching, breaching, ignore, not 'notbreaching'",
        ),
        (cpu(alarm_actions=[f"{TOPIC}-{index}" for index in range(6)]), "alarm_actions can hold 5 actions at most, AWS's limit, not 6"),
        (cpu(ok_actions=[f"{TOPIC}-{index}" for index in range(6)]), "ok_actions can hold 5 actions at most, AWS's limit, not 6"),
        (
            cpu(insufficient_data_actions=[f"{TOPIC}-{index}" for index in range(6)]),
            "insufficient_data_actions can hold 5 actions at most, AWS's limit, not 6",
        ),
        (cpu(description="x" * 1025), "description must be 1024 characters at most, not 1025"),
    ],
)
def test_invalid_single_metric_alarms_fail_before_any_call(run_module, api_calls, alarm, problem):
    fails_with(run_module, api_calls, dict(alarms=[latency(), alarm]), f"alarm 'orders-cpu': {problem}.")


@pytest.mark.parametrize("period", [10, 20, 30, 60, 120, 86400])
def test_valid_periods(run_module, cloudwatch, period):
    assert run_module(main, dict(alarms=[cpu(period=period)]))["changed"] is True


def query(**changes):
    return dict(dict(id="errors", metric_stat=stat("HTTPCode_Target_5XX_Count")), **changes)


@pytest.mark.parametrize(
    "metrics, problem",
    [
        ([query(id=None)], "metrics[0].id is required"),
        (
            [query(id="Errors")],
            "metrics[0].id 'Errors' must start with a lowercase letter and hold only letters, digits and underscores",
        ),
        (
            [query(id="e-1")],
            "metrics[0].id 'e-1' must start with a lowercase letter and hold only letters, digits and underscores",
        ),
        ([query(expression="errors * 2")], "metrics[0] needs either an expression or a metric_stat, not both"),
        ([query(metric_stat=None)], "metrics[0] needs either an expression or a metric_stat, none is given"),
        ([query(metric_stat=dict(metric=None, period=60, stat="Sum"))], "metrics[0].metric_stat needs metric.namespace, metric.metric_name"),
        ([query(metric_stat=dict(stat("X"), period=None, stat=None))], "metrics[0].metric_stat needs period, stat"),
        (
            [query(metric_stat=dict(stat("X"), period=45))],
            "metrics[0].metric_stat.period must be 10, 20 or 30 (high-resolution metrics) or a multiple of 60 seconds, not 45",
        ),
        ([query(metric_stat=dict(stat("X"), unit="count"))], "metrics[0].metric_stat.unit 'count' is not a CloudWatch unit, like Percent, Count or Seconds"),
        (
            [dict(id="rate", expression="errors", period=50, return_data=True), query()],
            "metrics[0].period must be 10, 20 or 30 (high-resolution metrics) or a multiple of 60 seconds, not 50",
        ),
        ([query(return_data=True), query(return_data=False)], "metrics ids must be unique, errors is used more than once"),
        ([query(return_data=False)], "metrics[0].return_data cannot be false: the only query is the one the alarm watches"),
        (
            [query(), query(id="requests")],
            "exactly one query of metrics must have return_data true, the one the alarm watches, not 0",
        ),
        (
            [query(return_data=True), query(id="requests", return_data=True)],
            "exactly one query of metrics must have return_data true, the one the alarm watches, not 2",
        ),
    ],
)
def test_invalid_metric_math_alarms_fail_before_any_call(run_module, api_calls, metrics, problem):
    fails_with(run_module, api_calls, dict(alarms=[error_rate(metrics=metrics)]), f"alarm 'orders-5xx-rate': {problem}.")


def test_metric_math_does_not_go_with_the_options_of_one_metric(run_module, api_calls):
    alarm = error_rate(namespace="AWS/ECS", statistic="Sum", period=60, dimensions={"a": "b"})

    fails_with(
        run_module,
        api_calls,
        dict(alarms=[alarm]),
        "alarm 'orders-5xx-rate': metrics cannot go with namespace, dimensions, statistic, period: a metric math alarm has them in its"
        " queries.",
    )


def test_every_problem_of_every_alarm_is_reported_at_once(run_module, api_calls):
    alarms = [cpu(period=90, threshold=None), latency(evaluation_periods=0)]

    fails_with(
        run_module,
        api_calls,
        dict(alarms=alarms),
        "alarm 'orders-cpu': period must be 10, 20 or 30 (high-resolution metrics) or a multiple of 60 seconds, not 90; alarm"
        " 'orders-cpu': needs a threshold; alarm 'orders-latency': evaluation_periods must be at least 1, not 0.",
    )


@pytest.mark.parametrize("state", ["present", "absent"])
def test_names_must_be_unique(run_module, api_calls, state):
    fails_with(
        run_module,
        api_calls,
        dict(alarms=[cpu(), latency(), cpu(threshold=1)], state=state),
        "alarm names must be unique in alarms, 'orders-cpu' is given more than once.",
    )


@pytest.mark.parametrize(
    "name, problem",
    [
        ("", "alarm names must be 1 to 255 characters long, not 0 ('')"),
        ("x" * 256, f"alarm names must be 1 to 255 characters long, not 256 ({'x' * 256!r})"),
        ("orders\ncpu", "alarm name 'orders\\ncpu' contains control characters, which CloudWatch refuses"),
    ],
)
def test_invalid_names_fail_before_any_call(run_module, api_calls, name, problem):
    result = run_module(main, dict(alarms=[dict(name=name)], state="absent"))

    assert result["failed"] is True and result["msg"] == problem + "."
    assert api_calls == []


def test_any_name_of_255_characters_is_valid(run_module, cloudwatch):
    name = "Orders: CPU > 80% / production ☃ " + "x" * 222
    assert len(name) == 255

    result = run_module(main, dict(alarms=[cpu(name=name)]))

    assert result["created"] == [name] and stored_names(cloudwatch) == [name]


@pytest.mark.parametrize(
    "args, message",
    [
        (dict(alarms=[], purge_prefix=""), "purge_prefix cannot be empty: it would match every alarm of the region."),
        (dict(alarms=[], purge_match_tags={"a": "b"}), "purge_match_tags is used only with purge_prefix."),
        (
            dict(alarms=[], purge_prefix="orders-", state="absent"),
            "purge_prefix is used only with state=present, to delete what alarms no longer lists.",
        ),
        (dict(purge_prefix="orders-"), "missing required arguments: alarms"),
        (dict(alarms=[dict(threshold=1)]), "missing required arguments: name found in alarms"),
    ],
)
def test_invalid_purge_and_list_arguments(run_module, api_calls, args, message):
    fails_with(run_module, api_calls, args, message)


# --- Stubber ------------------------------------------------------------------------------------


def described(name="orders-cpu", **changes):
    """An alarm as DescribeAlarms answers it for cpu(), with AWS's state fields."""
    alarm = dict(
        AlarmName=name,
        AlarmArn=arn(name),
        ActionsEnabled=True,
        OKActions=[],
        AlarmActions=[TOPIC],
        InsufficientDataActions=[],
        StateValue="OK",
        StateReason="Threshold Crossed",
        MetricName="CPUUtilization",
        Namespace="AWS/ECS",
        Statistic="Average",
        Dimensions=[dict(Name="ServiceName", Value="orders"), dict(Name="ClusterName", Value="production")],
        Period=60,
        EvaluationPeriods=5,
        DatapointsToAlarm=3,
        Threshold=80.0,
        ComparisonOperator="GreaterThanThreshold",
        TreatMissingData="missing",
    )
    alarm.update(changes)
    return {key: value for key, value in alarm.items() if value is not None}


def expect_described(cloudwatch, names, alarms):
    cloudwatch.add_response(
        "describe_alarms", dict(MetricAlarms=alarms, CompositeAlarms=[]), dict(AlarmNames=names, AlarmTypes=["MetricAlarm"])
    )


def expect_tags(cloudwatch, name, tags=None):
    cloudwatch.add_response(
        "list_tags_for_resource",
        dict(Tags=[dict(Key=key, Value=value) for key, value in (tags or {}).items()]),
        dict(ResourceARN=arn(name)),
    )


def test_an_alarm_as_aws_describes_it_is_converged(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    expect_described(cloudwatch, ["orders-cpu"], [described(EvaluateLowSampleCountPercentile="evaluate", AlarmDescription="")])
    expect_tags(cloudwatch, "orders-cpu", {"a": "1"})

    result = run_module(main, dict(alarms=[cpu(tags={"a": "1"})]))

    assert result["changed"] is False
    assert result["alarms"][0]["state_reason"] == "Threshold Crossed"


def test_metric_math_as_aws_describes_it_is_converged(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    metrics = [
        dict(Id="requests", MetricStat=dict(Metric=dict(Namespace="AWS/ApplicationELB", MetricName="RequestCount"), Period=60, Stat="Sum"), ReturnData=False),
        # AWS's default for an omitted ReturnData is true.
        dict(Id="rate", Expression="requests * 2"),
    ]
    alarm = described(
        "orders-5xx-rate", Metrics=metrics, MetricName=None, Namespace=None, Statistic=None, Dimensions=None, Period=None, AlarmActions=[]
    )
    expect_described(cloudwatch, ["orders-5xx-rate"], [alarm])
    expect_tags(cloudwatch, "orders-5xx-rate")
    task = error_rate(
        description=None,
        metrics=[
            dict(id="rate", expression="requests * 2", return_data=True),
            dict(id="requests", metric_stat=dict(metric=dict(namespace="AWS/ApplicationELB", metric_name="RequestCount"), period=60, stat="Sum")),
        ],
        evaluation_periods=5,
        datapoints_to_alarm=3,
        comparison_operator="GreaterThanThreshold",
        threshold=80,
        ok_actions=[],
    )

    result = run_module(main, dict(alarms=[task]))

    assert result["changed"] is False


def test_an_anomaly_detection_alarm_of_the_same_name_is_replaced(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    expect_described(cloudwatch, ["orders-cpu"], [described(ThresholdMetricId="ad1")])
    expect_tags(cloudwatch, "orders-cpu")

    result = run_module(main, dict(alarms=[cpu()]), check_mode=True, diff=True)

    assert result["updated"] == ["orders-cpu"]
    assert result["diff"]["before"]["orders-cpu"]["threshold_metric_id"] == "ad1"
    assert "threshold_metric_id" not in result["diff"]["after"]["orders-cpu"]


def test_describe_alarms_is_paginated(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    cloudwatch.add_response(
        "describe_alarms", dict(MetricAlarms=[], NextToken="page2"), dict(AlarmNames=["orders-cpu"], AlarmTypes=["MetricAlarm"])
    )
    cloudwatch.add_response(
        "describe_alarms",
        dict(MetricAlarms=[described()]),
        dict(AlarmNames=["orders-cpu"], AlarmTypes=["MetricAlarm"], NextToken="page2"),
    )
    expect_tags(cloudwatch, "orders-cpu")

    result = run_module(main, dict(alarms=[cpu()]))

    assert result["changed"] is False


def test_a_failed_creation_is_reported_with_what_was_done(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    expect_described(cloudwatch, ["orders-cpu", "orders-latency"], [])
    cloudwatch.add_response("put_metric_alarm", {})
    cloudwatch.add_client_error("put_metric_alarm", service_error_code="LimitExceeded", service_message="Too many alarms")

    result = run_module(main, dict(alarms=[cpu(), latency()]))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to create CloudWatch alarm orders-latency")
    assert result["error"]["code"] == "LimitExceeded"
    assert (result["changed"], result["created"], result["updated"], result["deleted"]) == (True, ["orders-cpu"], [], [])


def test_a_failed_update_is_reported(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    expect_described(cloudwatch, ["orders-cpu"], [described()])
    expect_tags(cloudwatch, "orders-cpu")
    cloudwatch.add_client_error("put_metric_alarm", service_error_code="InvalidParameterValue", service_message="Bad unit")

    result = run_module(main, dict(alarms=[cpu(threshold=1)]))

    assert result["failed"] is True and result["changed"] is False
    assert result["msg"].startswith("Failed to update CloudWatch alarm orders-cpu")


def test_a_failed_tag_update_is_reported(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    expect_described(cloudwatch, ["orders-cpu"], [described()])
    expect_tags(cloudwatch, "orders-cpu")
    cloudwatch.add_client_error("tag_resource", service_error_code="ConcurrentModificationException")

    result = run_module(main, dict(alarms=[cpu(tags={"a": "1"})]))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to update the tags of CloudWatch alarm orders-cpu")


def test_a_failed_description_is_reported(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    cloudwatch.add_client_error("describe_alarms", service_error_code="AccessDenied", http_status_code=403)

    result = run_module(main, dict(alarms=[cpu()]))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to describe CloudWatch metric alarms")


def test_a_failed_prefix_listing_is_reported(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    cloudwatch.add_client_error("describe_alarms", service_error_code="AccessDenied", http_status_code=403)

    result = run_module(main, dict(alarms=[], purge_prefix="orders-"))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to describe the CloudWatch metric alarms of prefix orders-")


def test_a_failed_tag_listing_is_reported(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    expect_described(cloudwatch, ["orders-cpu"], [described()])
    cloudwatch.add_client_error("list_tags_for_resource", service_error_code="ResourceNotFoundException", http_status_code=404)

    result = run_module(main, dict(alarms=[cpu()]))

    assert result["failed"] is True
    assert result["msg"].startswith(f"Failed to list the tags of {arn('orders-cpu')}")


def test_a_failed_deletion_is_reported(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    expect_described(cloudwatch, ["orders-cpu"], [described()])
    cloudwatch.add_client_error("delete_alarms", service_error_code="InvalidParameterValue")

    result = run_module(main, dict(alarms=[dict(name="orders-cpu")], state="absent"))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to delete CloudWatch alarms orders-cpu")


def test_alarms_deleted_meanwhile_are_deleted(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    expect_described(cloudwatch, ["orders-cpu"], [described()])
    cloudwatch.add_client_error("delete_alarms", service_error_code="ResourceNotFound", http_status_code=404)

    result = run_module(main, dict(alarms=[dict(name="orders-cpu")], state="absent"))

    assert (result["failed"], result["changed"], result["deleted"]) == (False, True, ["orders-cpu"])


def test_an_alarm_gone_after_the_write_fails_the_task(run_module, stubbed):
    cloudwatch = stubbed("cloudwatch")
    expect_described(cloudwatch, ["orders-cpu"], [])
    cloudwatch.add_response("put_metric_alarm", {})
    expect_described(cloudwatch, ["orders-cpu"], [])

    result = run_module(main, dict(alarms=[cpu()]))

    assert result["failed"] is True and result["changed"] is True
    assert result["msg"] == "CloudWatch alarm orders-cpu cannot be found after the change: it was deleted meanwhile."


def test_throttled_calls_are_retried(run_module, stubbed, sleeps):
    cloudwatch = stubbed("cloudwatch")
    cloudwatch.add_client_error("describe_alarms", service_error_code="Throttling", http_status_code=400)
    expect_described(cloudwatch, ["orders-cpu"], [described()])
    cloudwatch.add_client_error("list_tags_for_resource", service_error_code="Throttling", http_status_code=400)
    expect_tags(cloudwatch, "orders-cpu")

    result = run_module(main, dict(alarms=[cpu()]))

    assert result["changed"] is False
    assert len(sleeps) == 2
