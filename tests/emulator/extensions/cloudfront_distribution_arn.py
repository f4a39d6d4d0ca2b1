"""CloudFront distribution ARNs have an empty region field, as on AWS.

moto 5.2.1 builds ``arn:aws:cloudfront:ACCOUNT:distribution/ID``; AWS's form is
``arn:aws:cloudfront::ACCOUNT:distribution/ID`` (CloudFront is global). The edge layer writes the
ARN into the origin bucket's policy (``AWS:SourceArn``), so a malformed one would be checked into
every converge's verification. The ARN is fixed when the distribution is made, before moto tags it.
"""

import functools

from moto.cloudfront.models import Distribution


def _global_arn(init):
    @functools.wraps(init)
    def initialised(self, *args, **kwargs):
        init(self, *args, **kwargs)
        partition, rest = self.arn.split(":cloudfront:", maxsplit=1)
        if not rest.startswith(":"):
            self.arn = f"{partition}:cloudfront::{rest}"

    return initialised


def register() -> None:
    Distribution.__init__ = _global_arn(Distribution.__init__)
