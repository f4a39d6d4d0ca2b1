"""Extension cloudwatch_dashboard_tags: dashboards keep, change and lose their tags."""

import json

import pytest
from botocore.exceptions import ClientError

BODY = json.dumps({"widgets": []})


def test_a_new_dashboard_keeps_its_tags_which_change_and_go_with_it(aws):
    cloudwatch = aws("cloudwatch")
    tags = [{"Key": "keep", "Value": "1"}, {"Key": "drop", "Value": "2"}]
    cloudwatch.put_dashboard(DashboardName="ops", DashboardBody=BODY, Tags=tags)
    arn = cloudwatch.get_dashboard(DashboardName="ops")["DashboardArn"]
    assert cloudwatch.list_tags_for_resource(ResourceARN=arn)["Tags"] == tags

    cloudwatch.tag_resource(ResourceARN=arn, Tags=[{"Key": "add", "Value": "3"}])
    cloudwatch.untag_resource(ResourceARN=arn, TagKeys=["drop"])
    # Putting the dashboard again changes its body, not its tags.
    cloudwatch.put_dashboard(DashboardName="ops", DashboardBody=BODY, Tags=[{"Key": "ignored", "Value": "x"}])
    assert sorted((t["Key"], t["Value"]) for t in cloudwatch.list_tags_for_resource(ResourceARN=arn)["Tags"]) == [
        ("add", "3"), ("keep", "1")]

    cloudwatch.delete_dashboards(DashboardNames=["ops"])
    cloudwatch.put_dashboard(DashboardName="ops", DashboardBody=BODY)
    assert cloudwatch.list_tags_for_resource(ResourceARN=arn)["Tags"] == []


def test_a_dashboard_that_does_not_exist_is_not_found(aws):
    cloudwatch = aws("cloudwatch")
    arn = "arn:aws:cloudwatch::123456789012:dashboard/missing"
    with pytest.raises(ClientError, match="ResourceNotFound"):
        cloudwatch.tag_resource(ResourceARN=arn, Tags=[{"Key": "a", "Value": "1"}])
    with pytest.raises(ClientError, match="ResourceNotFound"):
        cloudwatch.untag_resource(ResourceARN=arn, TagKeys=["a"])
