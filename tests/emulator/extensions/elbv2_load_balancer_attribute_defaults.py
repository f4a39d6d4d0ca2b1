"""Application load balancers answer every attribute with AWS's default, as AWS does.

moto 5.2.1 starts a load balancer with five attributes and leaves ``access_logs.s3.enabled`` and
``idle_timeout.timeout_seconds`` out on purpose (for another tool's tests), so
DescribeLoadBalancerAttributes misses keys AWS always returns. amazon.aws.elb_application_lb
compares each attribute it manages with the answer and failed with ``KeyError:
'access_logs_s3_enabled'``. Here a new application load balancer starts with AWS's documented
defaults; ModifyLoadBalancerAttributes still changes them as before.
"""

import functools

from moto.elbv2.models import FakeLoadBalancer

APPLICATION_DEFAULTS = {
    "access_logs.s3.enabled": "false",
    "access_logs.s3.bucket": "",
    "access_logs.s3.prefix": "",
    "client_keep_alive.seconds": "3600",
    "connection_logs.s3.enabled": "false",
    "connection_logs.s3.bucket": "",
    "connection_logs.s3.prefix": "",
    "deletion_protection.enabled": "false",
    "idle_timeout.timeout_seconds": "60",
    "routing.http.desync_mitigation_mode": "defensive",
    "routing.http.drop_invalid_header_fields.enabled": "false",
    "routing.http.preserve_host_header.enabled": "false",
    "routing.http.x_amzn_tls_version_and_cipher_suite.enabled": "false",
    "routing.http.xff_client_port.enabled": "false",
    "routing.http.xff_header_processing.mode": "append",
    "routing.http2.enabled": "true",
    "waf.fail_open.enabled": "false",
    "zonal_shift.config.enabled": "false",
}


def _with_defaults(init):
    @functools.wraps(init)
    def initialised(self, *args, **kwargs):
        init(self, *args, **kwargs)
        if self.type == "application":
            self.attrs = {**APPLICATION_DEFAULTS, **self.attrs}

    return initialised


def register() -> None:
    FakeLoadBalancer.__init__ = _with_defaults(FakeLoadBalancer.__init__)
