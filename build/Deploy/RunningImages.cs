using Amazon.ECS;
using Amazon.ECS.Model;
using BuildCore;
using Platform.Build.Local.Images;

namespace Platform.Build.Deploy;

/// <summary>
/// The images an environment runs now: each service's PRIMARY deployment, its task definition, its container image. A
/// promotion deploys exactly these; an image named by tag is refused, since what a tag points at may have moved.
/// </summary>
public sealed class RunningImages(IAmazonECS ecs)
{
    public async Task<IReadOnlyList<PinnedImage>> ReadAsync(string environment, CancellationToken cancellationToken)
    {
        var cluster = $"{environment}-ecs-cluster";
        var names = ServiceImages.Services.Select(s => $"{environment}-{s}").ToList();
        DescribeServicesResponse described;
        try
        {
            described = await ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = cluster, Services = names }, cancellationToken);
        }
        catch (Amazon.Runtime.AmazonServiceException e) when (e.ErrorCode == "ClusterNotFoundException")
        {
            throw new BuildException($"--from {environment}: ECS cluster {cluster} does not exist in this region; is {environment} deployed (and --region right)?");
        }

        var pinned = new List<PinnedImage>();
        foreach (var service in ServiceImages.Services)
        {
            var running = described.Services?.FirstOrDefault(s => s.ServiceName == $"{environment}-{service}")
                ?? throw new BuildException($"--from {environment}: service {environment}-{service} is not in cluster {cluster}; deploy {environment} first.");
            var taskDefinition = running.Deployments?.FirstOrDefault(d => d.Status == "PRIMARY")?.TaskDefinition ?? running.TaskDefinition;
            var definition = (await ecs.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest { TaskDefinition = taskDefinition }, cancellationToken)).TaskDefinition;
            var image = definition?.ContainerDefinitions?.FirstOrDefault()?.Image
                ?? throw new BuildException($"--from {environment}: task definition {taskDefinition} names no image.");
            var at = image.IndexOf("@sha256:", StringComparison.Ordinal);
            if (at < 0)
                throw new BuildException(
                    $"--from {environment}: {environment}-{service} runs {image}, by tag, not by digest: what the tag points at may have moved since. " +
                    $"Deploy {environment} once with this build (it deploys by digest), then promote.");
            pinned.Add(new PinnedImage(service, image, image[..at], image[(at + 1)..], new Dictionary<string, string>()));
        }
        return pinned;
    }
}
