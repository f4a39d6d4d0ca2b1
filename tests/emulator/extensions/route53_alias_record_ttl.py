"""Alias records answer without a TTL, as Route 53 does.

moto 5.2.1 gives every record set ``TTL: 0`` when the request has none, alias records included.
Route 53 never returns a TTL for an alias record (its TTL is the target's), and
amazon.aws.route53 compares the record it would write, which has none, with the answer: every
run after the first reported an alias record as changed and wrote it again.
"""

import functools

from moto.route53.models import RecordSet


def _without_alias_ttl(init):
    @functools.wraps(init)
    def initialised(self, kwargs, *args, **more):
        init(self, kwargs, *args, **more)
        if kwargs.get("AliasTarget") and "TTL" not in kwargs:
            self.ttl = None

    return initialised


def register() -> None:
    RecordSet.__init__ = _without_alias_ttl(RecordSet.__init__)
