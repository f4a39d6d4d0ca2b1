"""Extension rds_monitoring_settings: instances keep and report Performance Insights and enhanced monitoring."""

KEY = "arn:aws:kms:us-east-1:123456789012:key/data"


def _insights(rds, name):
    found = rds.describe_db_instances(DBInstanceIdentifier=name)["DBInstances"][0]
    return {key: value for key, value in found.items() if key.startswith("PerformanceInsights")}


def test_performance_insights_settings_are_kept_and_modifiable(aws):
    rds = aws("rds")
    common = {"Engine": "postgres", "DBInstanceClass": "db.t3.micro", "MasterUsername": "admin_user",
              "MasterUserPassword": "not-a-secret-1"}
    rds.create_db_instance(DBInstanceIdentifier="on", EnablePerformanceInsights=True, PerformanceInsightsKMSKeyId=KEY,
                           PerformanceInsightsRetentionPeriod=731, **common)
    assert _insights(rds, "on") == {"PerformanceInsightsEnabled": True, "PerformanceInsightsKMSKeyId": KEY,
                                    "PerformanceInsightsRetentionPeriod": 731}

    rds.create_db_instance(DBInstanceIdentifier="off", **common)
    assert _insights(rds, "off") == {"PerformanceInsightsEnabled": False}

    rds.modify_db_instance(DBInstanceIdentifier="off", EnablePerformanceInsights=True, PerformanceInsightsKMSKeyId=KEY,
                           PerformanceInsightsRetentionPeriod=7, ApplyImmediately=True)
    assert _insights(rds, "off") == {"PerformanceInsightsEnabled": True, "PerformanceInsightsKMSKeyId": KEY,
                                     "PerformanceInsightsRetentionPeriod": 7}


def test_enhanced_monitoring_settings_are_kept(aws):
    rds = aws("rds")
    role = "arn:aws:iam::123456789012:role/tiger-rds-monitoring"
    rds.create_db_instance(DBInstanceIdentifier="watched", Engine="postgres", DBInstanceClass="db.t3.micro",
                           MasterUsername="admin_user", MasterUserPassword="not-a-secret-1", MonitoringInterval=60,
                           MonitoringRoleArn=role)
    found = rds.describe_db_instances(DBInstanceIdentifier="watched")["DBInstances"][0]
    assert (found["MonitoringInterval"], found["MonitoringRoleArn"]) == (60, role)
