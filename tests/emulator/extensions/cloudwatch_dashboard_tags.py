"""CloudWatch dashboard tags: PutDashboard's Tags, and TagResource, UntagResource and ListTagsForResource on the
ARN of a dashboard (``arn:aws:cloudwatch::ACCOUNT:dashboard/NAME``).

moto 5.2.1 ignores PutDashboard's Tags and tags only alarms and Contributor Insights rules: TagResource on a
dashboard answers ResourceNotFoundException, ListTagsForResource an empty list. AWS tags dashboards, and
seed.aws_platform.cloudwatch_dashboard converges their tags. Here a dashboard is taggable while it exists, a new
dashboard keeps the Tags it was put with (an update's Tags are ignored, as on AWS), and its tags go with it.
"""

import functools

from moto.cloudwatch.exceptions import ResourceNotFoundException
from moto.cloudwatch.models import CloudWatchBackend
from moto.cloudwatch.responses import CloudWatchResponse


def register() -> None:
    original_put = CloudWatchResponse.put_dashboard
    original_delete = CloudWatchBackend.delete_dashboards
    original_tag = CloudWatchBackend.tag_resource
    original_untag = CloudWatchBackend.untag_resource

    def dashboard_arns(backend):
        return {dashboard.arn for dashboard in backend.dashboards.values()}

    @functools.wraps(original_put)
    def put_dashboard(self):
        name = self._get_param("DashboardName")
        new = name not in self.cloudwatch_backend.dashboards
        result = original_put(self)
        tags = self._get_param("Tags", [])
        if new and tags:
            self.cloudwatch_backend.tagger.tag_resource(self.cloudwatch_backend.dashboards[name].arn, tags)
        return result

    @functools.wraps(original_delete)
    def delete_dashboards(self, dashboards):
        arns = [self.dashboards[name].arn for name in dashboards if name in self.dashboards]
        error = original_delete(self, dashboards)
        if error is None:
            for arn in arns:
                self.tagger.delete_all_tags_for_resource(arn)
        return error

    @functools.wraps(original_tag)
    def tag_resource(self, arn, tags):
        if arn in dashboard_arns(self):
            self.tagger.tag_resource(arn, tags)
            return None
        return original_tag(self, arn, tags)

    @functools.wraps(original_untag)
    def untag_resource(self, arn, tag_keys):
        if arn in dashboard_arns(self):
            self.tagger.untag_resource_using_names(arn, tag_keys)
            return None
        if ":dashboard/" in arn:
            raise ResourceNotFoundException
        return original_untag(self, arn, tag_keys)

    CloudWatchResponse.put_dashboard = put_dashboard
    CloudWatchBackend.delete_dashboards = delete_dashboards
    CloudWatchBackend.tag_resource = tag_resource
    CloudWatchBackend.untag_resource = untag_resource
