namespace Platform.Template.Tests;

/// <summary>The two containers of each service's task definition: the service itself and its collector sidecar.</summary>
public static class TaskContainers
{
    public const string CollectorName = "otel-collector";

    public static IReadOnlyList<Map> All(string key) =>
        PlatformTemplate.Instance.Resource($"{key}TaskDefinition").Properties.At("ContainerDefinitions").AsList().Select(c => c.AsMap()).ToList();

    public static Map Service(string key) => Named(key, PlatformService.ByKey(key).Name);

    public static Map Collector(string key) => Named(key, CollectorName);

    static Map Named(string key, string name) =>
        All(key).SingleOrDefault(c => c.At("Name") as string == name)
        ?? throw new InvalidOperationException($"{key}TaskDefinition has no single container named '{name}'.");
}
