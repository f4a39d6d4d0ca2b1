"""CloudFront distributions keep the ``S3OriginConfig`` and ``OriginAccessControlId`` of their origins.

moto 5.2.1 reads both from CreateDistribution, CreateDistributionWithTags and UpdateDistribution but keeps neither:
GetDistribution, GetDistributionConfig and the answers of Create and Update give an S3 origin without
``S3OriginConfig`` (so it is neither an S3 nor a custom origin) and without its origin access control.
seed.aws_platform.cloudfront_distribution compares both, so against the emulator every run after the first
updated a distribution with an S3 origin. Here an origin keeps the ``S3OriginConfig`` it was given (its
``OriginAccessIdentity`` ``""`` when the request left it empty, as AWS answers it) and answers
``OriginAccessControlId``, ``""`` for none as on AWS. Neither is checked: an unknown origin access control or
origin access identity is accepted (AWS refuses them), and DeleteOriginAccessControl still deletes a control
that a distribution uses.
"""

import functools
from typing import Any

from moto.cloudfront.models import Origin


def _keeping_s3_and_access_control(init):
    @functools.wraps(init)
    def initialised(self, origin: dict[str, Any], *args, **kwargs):
        init(self, origin, *args, **kwargs)
        # The response serializer picks attributes by their botocore names, snake_cased.
        if "S3OriginConfig" in origin:
            given = dict(origin["S3OriginConfig"] or {})
            self.s3_origin_config = dict(given, OriginAccessIdentity=given.get("OriginAccessIdentity") or "")
        self.origin_access_control_id = origin.get("OriginAccessControlId") or ""

    return initialised


def register() -> None:
    Origin.__init__ = _keeping_s3_and_access_control(Origin.__init__)
