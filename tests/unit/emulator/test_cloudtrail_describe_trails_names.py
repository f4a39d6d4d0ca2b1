"""Extension cloudtrail_describe_trails_names: DescribeTrails answers only the trails asked for."""


def test_describe_trails_by_name_or_arn_answers_only_those_trails(aws):
    aws("s3").create_bucket(Bucket="audit")
    cloudtrail = aws("cloudtrail")
    arns = {name: cloudtrail.create_trail(Name=name, S3BucketName="audit", IsMultiRegionTrail=True)["TrailARN"]
            for name in ("prod-trail", "cheetah-trail")}

    by_name = cloudtrail.describe_trails(trailNameList=["cheetah-trail"])["trailList"]
    assert [trail["Name"] for trail in by_name] == ["cheetah-trail"]
    by_arn = cloudtrail.describe_trails(trailNameList=[arns["prod-trail"]])["trailList"]
    assert [trail["Name"] for trail in by_arn] == ["prod-trail"]
    assert sorted(trail["Name"] for trail in cloudtrail.describe_trails()["trailList"]) == ["cheetah-trail", "prod-trail"]
    assert cloudtrail.describe_trails(trailNameList=["tiger-trail"])["trailList"] == []
