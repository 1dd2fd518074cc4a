using Microsoft.Extensions.Options;

namespace Platform.LocalGateway;

/// <summary>Picks the route as the ALB picks a rule: by priority, the first whose path patterns match.</summary>
public sealed class RouteTable(IOptions<GatewayOptions> options)
{
    private readonly GatewayRoute[] _routes = [.. options.Value.Routes.OrderBy(r => r.Priority)];

    public GatewayRoute? Match(string path) =>
        _routes.FirstOrDefault(route => route.PathPatterns.Exists(pattern => AlbPathPattern.IsMatch(pattern, path)));
}
