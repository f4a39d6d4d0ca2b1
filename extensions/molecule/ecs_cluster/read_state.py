"""Prints, as JSON, what the emulator holds of the compute layer's platform part.

Usage: python read_state.py ENDPOINT REGION

No *_info module covers these reads (community.aws has none for ECR repositories, ECS clusters or
CodeDeploy applications), so the scenario reads them with boto3, straight from the API: ECR
repositories with their lifecycle policies, ECS clusters with configuration, settings and tags,
CodeDeploy applications. The credentials are Molecule's fake ones (AWS_* in molecule.yml).
"""

import json
import sys

import boto3


def main(endpoint, region):
    def client(service):
        return boto3.client(service, endpoint_url=endpoint, region_name=region)

    ecr = client("ecr")
    repositories = []
    for page in ecr.get_paginator("describe_repositories").paginate():
        for repository in page["repositories"]:
            try:
                policy = ecr.get_lifecycle_policy(repositoryName=repository["repositoryName"])
                repository["lifecyclePolicy"] = json.loads(policy["lifecyclePolicyText"])
            except ecr.exceptions.LifecyclePolicyNotFoundException:
                repository["lifecyclePolicy"] = None
            repositories.append(repository)

    ecs = client("ecs")
    arns = [arn for page in ecs.get_paginator("list_clusters").paginate() for arn in page["clusterArns"]]
    clusters = ecs.describe_clusters(clusters=arns, include=["CONFIGURATIONS", "SETTINGS", "TAGS"])["clusters"] if arns else []

    codedeploy = client("codedeploy")
    names = [name for page in codedeploy.get_paginator("list_applications").paginate() for name in page["applications"]]
    applications = codedeploy.batch_get_applications(applicationNames=names)["applicationsInfo"] if names else []

    json.dump({"repositories": repositories, "clusters": clusters, "applications": applications},
              sys.stdout, default=str, sort_keys=True)


if __name__ == "__main__":
    main(*sys.argv[1:3])
