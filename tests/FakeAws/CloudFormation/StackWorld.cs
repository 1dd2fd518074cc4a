using YamlDotNet.RepresentationModel;

namespace Platform.FakeAws;

/// <summary>
/// What a stack's resources are outside CloudFormation: a repository is an ECR repository images can be pushed to, a cluster
/// and a service are ECS's, a task definition is a revision whose containers pull images. CloudFormation creates or updates an
/// AWS::ECS::Service and then waits for the service to be stable; with the deployment circuit breaker on, a deployment that
/// fails makes the resource fail with the handler message below, and the stack rolls back.
/// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ecs-service.html
/// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
/// </summary>
internal sealed class StackWorld(FakeEcs ecs, FakeEcr ecr, FakeElbv2 elbv2)
{
    public static string CircuitBreakerTriggered(Guid requestToken) =>
        "Resource handler returned message: \"Error occurred during operation 'ECS Deployment Circuit Breaker was triggered'.\" " +
        $"(RequestToken: {requestToken}, HandlerErrorCode: GeneralServiceException)";

    /// <summary>Types whose physical id is a name taken from a property, so references resolve before the resource exists.</summary>
    public static string? NameProperty(string type) => type switch
    {
        "AWS::ECR::Repository" => "RepositoryName",
        "AWS::ECS::Cluster" => "ClusterName",
        _ => null,
    };

    /// <summary>
    /// Creates or updates the resource's counterpart and records its physical id. Returns the stabilisation wait for a
    /// service (each call one step: null while in progress, "" when stable, the failure reason when it failed), else null.
    /// </summary>
    public Func<string?>? Apply(FakeStack stack, FakeTemplateResource resource, FakeIntrinsics values)
    {
        switch (resource.Type)
        {
            case "AWS::ECR::Repository":
                var repository = values.Property(resource, "Properties", "RepositoryName") ?? $"{stack.Name.ToLowerInvariant()}-{resource.LogicalId.ToLowerInvariant()}";
                ecr.AddRepository(repository, values.Property(resource, "Properties", "ImageTagMutability") == "IMMUTABLE");
                stack.PhysicalIds[resource.LogicalId] = repository;
                return null;
            case "AWS::ECS::Cluster":
                var cluster = values.Property(resource, "Properties", "ClusterName") ?? $"{stack.Name}-{resource.LogicalId}";
                ecs.AddCluster(cluster);
                stack.PhysicalIds[resource.LogicalId] = cluster;
                return null;
            case "AWS::ECS::TaskDefinition":
                var family = values.Property(resource, "Properties", "Family") ?? $"{stack.Name}-{resource.LogicalId}";
                var containers = (FakeIntrinsics.Node(resource, "Properties", "ContainerDefinitions") as YamlSequenceNode)?.Children
                    .OfType<YamlMappingNode>()
                    .Select(c => Container(c, values))
                    .ToList() ?? [];
                stack.PhysicalIds[resource.LogicalId] = ecs.RegisterTaskDefinition(family, containers);
                return null;
            case "AWS::ElasticLoadBalancingV2::LoadBalancer":
                stack.PhysicalIds[resource.LogicalId] = elbv2.AddLoadBalancer(values.Property(resource, "Properties", "Name") ?? $"{stack.Name}-{resource.LogicalId}");
                return null;
            case "AWS::ElasticLoadBalancingV2::Listener":
                stack.PhysicalIds[resource.LogicalId] = elbv2.AddListener(values.Property(resource, "Properties", "LoadBalancerArn") ?? "");
                return null;
            case "AWS::ElasticLoadBalancingV2::TargetGroup":
                stack.PhysicalIds[resource.LogicalId] = elbv2.AddTargetGroup(
                    values.Property(resource, "Properties", "Name") ?? $"{stack.Name}-{resource.LogicalId}",
                    int.TryParse(values.Property(resource, "Properties", "Port"), out var port) ? port : 80,
                    values.Property(resource, "Properties", "HealthCheckPath") ?? "/");
                return null;
            case "AWS::ElasticLoadBalancingV2::ListenerRule":
                // A forward action puts its target group behind the listener's load balancer.
                var listener = values.Property(resource, "Properties", "ListenerArn");
                foreach (var action in (FakeIntrinsics.Node(resource, "Properties", "Actions") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>() ?? [])
                {
                    if (action.Children.TryGetValue(new YamlScalarNode("TargetGroupArn"), out var group) && values.Resolve(group) is { } groupArn && listener is not null)
                    {
                        elbv2.Forward(listener, groupArn);
                    }
                }

                return null;
            case "AWS::ECS::Service":
                return ApplyService(stack, resource, values);
            default:
                return null;
        }
    }

    /// <summary>The resource is deleted (a rollback of its create, or the stack's delete).</summary>
    public void Remove(FakeStack stack, FakeTemplateResource resource)
    {
        if (!stack.PhysicalIds.TryGetValue(resource.LogicalId, out var id))
        {
            return;
        }

        switch (resource.Type)
        {
            case "AWS::ECS::Service":
                var parts = id.Split('/');
                ecs.RemoveService(parts[^2], parts[^1]);
                break;
            case "AWS::ECS::Cluster":
                ecs.RemoveCluster(id);
                break;
            case "AWS::ECR::Repository":
                ecr.RemoveRepository(id);
                break;
        }

        stack.PhysicalIds.Remove(resource.LogicalId);
    }

    private Func<string?> ApplyService(FakeStack stack, FakeTemplateResource resource, FakeIntrinsics values)
    {
        var cluster = values.Property(resource, "Properties", "Cluster") ?? "default";
        var name = values.Property(resource, "Properties", "ServiceName") ?? $"{stack.Name}-{resource.LogicalId}";
        var taskDefinition = values.Property(resource, "Properties", "TaskDefinition") ?? "";
        var desired = int.TryParse(values.Property(resource, "Properties", "DesiredCount"), out var count) ? count : 1;
        var targetGroups = ((FakeIntrinsics.Node(resource, "Properties", "LoadBalancers") as YamlSequenceNode)?.Children ?? [])
            .OfType<YamlMappingNode>()
            .Select(l => l.Children.TryGetValue(new YamlScalarNode("TargetGroupArn"), out var group) ? values.Resolve(group) : null)
            .OfType<string>()
            .ToList();
        var service = ecs.ApplyFromStack(cluster, name, taskDefinition, desired, targetGroups);
        stack.PhysicalIds[resource.LogicalId] = service.Arn;
        return () => ecs.StabilisationStep(service) switch
        {
            "COMPLETED" => "",
            "FAILED" => CircuitBreakerTriggered(Guid.NewGuid()),
            _ => null,
        };
    }

    private static FakeContainerDefinition Container(YamlMappingNode container, FakeIntrinsics values)
    {
        string? Value(YamlMappingNode node, string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? values.Resolve(value) : null;
        var options = container.Children.TryGetValue(new YamlScalarNode("LogConfiguration"), out var log) && log is YamlMappingNode logConfiguration
            && logConfiguration.Children.TryGetValue(new YamlScalarNode("Options"), out var o) ? o as YamlMappingNode : null;
        return new FakeContainerDefinition(
            Value(container, "Name") ?? "app",
            Value(container, "Image") ?? "unresolved-image",
            options is null ? null : Value(options, "awslogs-group"),
            options is null ? null : Value(options, "awslogs-stream-prefix"));
    }
}
