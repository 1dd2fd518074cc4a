using System.Text.Json;

namespace Platform.Build.Local.Status;

/// <summary>What Status needs from one `docker inspect` entry.</summary>
internal sealed record LocalContainer(string ContainerName, string RunState, string? HealthStatus, string? ServiceLabel, string ImageName, JsonElement PortBindings)
{
    public static LocalContainer From(JsonElement container)
    {
        var state = container.GetProperty("State");
        var config = container.GetProperty("Config");
        var labels = config.TryGetProperty("Labels", out var l) && l.ValueKind == JsonValueKind.Object ? l : default;
        var image = config.GetProperty("Image").GetString() ?? "?";
        var id = container.GetProperty("Image").GetString() ?? "";
        return new LocalContainer(
            container.GetProperty("Name").GetString()!.TrimStart('/'),
            state.GetProperty("Status").GetString() ?? "unknown",
            state.TryGetProperty("Health", out var health) && health.ValueKind == JsonValueKind.Object ? health.GetProperty("Status").GetString() : null,
            labels.ValueKind == JsonValueKind.Object && labels.TryGetProperty(Platform.LocalPlatform.ServiceLabel, out var service) ? service.GetString() : null,
            id.Length > 19 ? $"{image} ({id[..19]})" : image,
            container.TryGetProperty("NetworkSettings", out var network) && network.TryGetProperty("Ports", out var ports) ? ports.Clone() : default);
    }

    /// <summary>The host port Docker published <paramref name="containerPort"/>/tcp on, on 127.0.0.1.</summary>
    public int? PublishedPort(int containerPort)
    {
        if (PortBindings.ValueKind != JsonValueKind.Object || !PortBindings.TryGetProperty($"{containerPort}/tcp", out var bindings) || bindings.ValueKind != JsonValueKind.Array)
            return null;
        foreach (var binding in bindings.EnumerateArray())
        {
            if (binding.GetProperty("HostIp").GetString() == "127.0.0.1" && int.TryParse(binding.GetProperty("HostPort").GetString(), System.Globalization.CultureInfo.InvariantCulture, out var port))
                return port;
        }

        return null;
    }
}
