"""Extension ecs_describe_clusters_capacity_providers: clusters without capacity providers answer empty lists."""


def test_a_cluster_without_capacity_providers_answers_empty_lists(aws):
    ecs = aws("ecs")
    created = ecs.create_cluster(clusterName="plain")["cluster"]
    assert (created["capacityProviders"], created["defaultCapacityProviderStrategy"]) == ([], [])

    [described] = ecs.describe_clusters(clusters=["plain"])["clusters"]
    assert (described["capacityProviders"], described["defaultCapacityProviderStrategy"]) == ([], [])


def test_capacity_providers_given_are_kept(aws):
    ecs = aws("ecs")
    strategy = [
        {"capacityProvider": "FARGATE", "weight": 1, "base": 1},
        {"capacityProvider": "FARGATE_SPOT", "weight": 3},
    ]
    ecs.create_cluster(
        clusterName="fargate", capacityProviders=["FARGATE", "FARGATE_SPOT"], defaultCapacityProviderStrategy=strategy
    )
    [described] = ecs.describe_clusters(clusters=["fargate"])["clusters"]
    assert described["capacityProviders"] == ["FARGATE", "FARGATE_SPOT"]
    assert described["defaultCapacityProviderStrategy"] == strategy


def test_put_cluster_capacity_providers_replaces_the_empty_lists(aws):
    ecs = aws("ecs")
    ecs.create_cluster(clusterName="later")
    ecs.put_cluster_capacity_providers(
        cluster="later",
        capacityProviders=["FARGATE"],
        defaultCapacityProviderStrategy=[{"capacityProvider": "FARGATE", "weight": 1}],
    )
    [described] = ecs.describe_clusters(clusters=["later"])["clusters"]
    assert described["capacityProviders"] == ["FARGATE"]
    assert described["defaultCapacityProviderStrategy"][0]["capacityProvider"] == "FARGATE"

    ecs.put_cluster_capacity_providers(cluster="later", capacityProviders=[], defaultCapacityProviderStrategy=[])
    [emptied] = ecs.describe_clusters(clusters=["later"])["clusters"]
    assert (emptied["capacityProviders"], emptied["defaultCapacityProviderStrategy"]) == ([], [])
