"""Prints, as JSON, what the emulator holds of the monitoring layer besides its topics and alarms.

Usage: python read_state.py ENDPOINT REGION

No *_info module covers these reads (neither amazon.aws nor community.aws has one for CloudWatch
dashboards, AWS Budgets or X-Ray, and amazon.aws.cloudwatch_metric_alarm_info answers no tags), so
the scenario reads them with boto3, straight from the API: the metric alarms' tags, dashboards with
their bodies and tags, budgets with their notifications, subscribers and tags, X-Ray groups and
sampling rules with their tags. The credentials are Molecule's fake ones (AWS_* in
molecule.yml).
"""

import json
import sys

import boto3


def main(endpoint, region):
    def client(service):
        return boto3.client(service, endpoint_url=endpoint, region_name=region)

    cloudwatch = client("cloudwatch")
    # amazon.aws.cloudwatch_metric_alarm_info answers no tags, which decide what the role may purge.
    alarm_tags = {}
    for page in cloudwatch.get_paginator("describe_alarms").paginate(AlarmTypes=["MetricAlarm"]):
        for alarm in page["MetricAlarms"]:
            tags = cloudwatch.list_tags_for_resource(ResourceARN=alarm["AlarmArn"])["Tags"]
            alarm_tags[alarm["AlarmName"]] = {tag["Key"]: tag["Value"] for tag in tags}

    dashboards = []
    for page in cloudwatch.get_paginator("list_dashboards").paginate():
        for entry in page["DashboardEntries"]:
            dashboard = cloudwatch.get_dashboard(DashboardName=entry["DashboardName"])
            tags = cloudwatch.list_tags_for_resource(ResourceARN=dashboard["DashboardArn"])["Tags"]
            dashboards.append({"name": dashboard["DashboardName"], "arn": dashboard["DashboardArn"],
                               "body": json.loads(dashboard["DashboardBody"]),
                               "tags": {tag["Key"]: tag["Value"] for tag in tags}})

    account = client("sts").get_caller_identity()["Account"]
    budgets_client = client("budgets")
    budgets = []
    for page in budgets_client.get_paginator("describe_budgets").paginate(AccountId=account):
        for budget in page.get("Budgets", []):
            name = budget["BudgetName"]
            notifications = []
            for notification in budgets_client.describe_notifications_for_budget(
                    AccountId=account, BudgetName=name).get("Notifications", []):
                subscribers = budgets_client.describe_subscribers_for_notification(
                    AccountId=account, BudgetName=name, Notification=notification).get("Subscribers", [])
                notifications.append(dict(notification, Subscribers=subscribers))
            tags = budgets_client.list_tags_for_resource(
                ResourceARN=f"arn:aws:budgets::{account}:budget/{name}").get("ResourceTags", [])
            budgets.append(dict(budget, Notifications=notifications, Tags={tag["Key"]: tag["Value"] for tag in tags}))

    xray = client("xray")
    groups = [group for page in xray.get_paginator("get_groups").paginate() for group in page["Groups"]]
    rules = [record["SamplingRule"] for page in xray.get_paginator("get_sampling_rules").paginate()
             for record in page["SamplingRuleRecords"]]
    for resource in groups + rules:
        arn = resource.get("GroupARN") or resource.get("RuleARN")
        tags = xray.list_tags_for_resource(ResourceARN=arn).get("Tags", [])
        resource["Tags"] = {tag["Key"]: tag["Value"] for tag in tags}

    json.dump({"account": account, "alarm_tags": alarm_tags, "dashboards": dashboards, "budgets": budgets,
               "xray_groups": groups, "xray_sampling_rules": rules}, sys.stdout, default=str, sort_keys=True)


if __name__ == "__main__":
    main(*sys.argv[1:3])
