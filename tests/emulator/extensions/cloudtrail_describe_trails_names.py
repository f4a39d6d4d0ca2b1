"""DescribeTrails honours ``trailNameList``, as AWS does.

moto 5.2.1 ignores the list and answers with every trail of the account (multi-region trails of
every region included). amazon.aws.cloudtrail asks for its own trail by name and takes the first
answer, so with two trails in one account it took another environment's trail for its own and
then failed updating a trail that did not exist.
"""

import functools
import json

from moto.cloudtrail.responses import CloudTrailResponse


def _filter_by_name(describe):
    @functools.wraps(describe)
    def described(self):
        answer = json.loads(describe(self))
        wanted = self._get_param("trailNameList")
        if wanted:
            # AWS matches a name or an ARN.
            answer["trailList"] = [trail for trail in answer["trailList"]
                                   if trail["Name"] in wanted or trail["TrailARN"] in wanted]
        return json.dumps(answer)

    return described


def register() -> None:
    CloudTrailResponse.describe_trails = _filter_by_name(CloudTrailResponse.describe_trails)
