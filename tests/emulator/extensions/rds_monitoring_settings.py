"""DB instances keep and report their Performance Insights and enhanced monitoring settings, as AWS does.

moto 5.2.1 drops ``EnablePerformanceInsights``, ``PerformanceInsightsKMSKeyId``,
``PerformanceInsightsRetentionPeriod``, ``MonitoringInterval`` and ``MonitoringRoleArn`` from
CreateDBInstance and never answers them in DescribeDBInstances. amazon.aws.rds_instance compares
the Performance Insights key of an existing instance with ``.split("/")``, so its second run failed
with ``AttributeError``; once that was past, it modified the monitoring settings on the second run
of every new instance; and nothing could verify either. ModifyDBInstance already stores the
request's values as attributes of the same names; the response reads them from there.
"""

import functools

from moto.rds.models import DBInstance

DEFAULT_RETENTION_DAYS = 7
SETTINGS = ("enable_performance_insights", "performance_insights_kms_key_id", "performance_insights_retention_period",
            "monitoring_interval", "monitoring_role_arn")


def _keeping_settings(init):
    @functools.wraps(init)
    def initialised(self, *args, **kwargs):
        init(self, *args, **kwargs)
        for setting in SETTINGS:
            setattr(self, setting, kwargs.get(setting))
        if self.enable_performance_insights:
            # Without a key of its own, AWS encrypts Performance Insights with the account's aws/rds key.
            self.performance_insights_kms_key_id = (self.performance_insights_kms_key_id
                                                    or f"arn:aws:kms:{self.region}:{self.account_id}:key/aws-rds")
            self.performance_insights_retention_period = self.performance_insights_retention_period or DEFAULT_RETENTION_DAYS
        self.monitoring_interval = int(self.monitoring_interval or 0)

    return initialised


def register() -> None:
    DBInstance.__init__ = _keeping_settings(DBInstance.__init__)
    DBInstance.performance_insights_enabled = property(lambda self: bool(self.enable_performance_insights))
