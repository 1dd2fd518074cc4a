namespace Platform.LocalGateway;

/// <summary>
/// The route table (appsettings.json, section "Gateway"): the template's ALB listener rules, one entry per rule, and its
/// default action. tests/Build.Local.Tests checks the two against each other.
/// </summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    public List<GatewayRoute> Routes { get; init; } = [];

    public FixedResponse DefaultResponse { get; init; } = new();
}

public sealed class GatewayRoute
{
    /// <summary>The listener rule's priority: lower wins, as on the ALB.</summary>
    public int Priority { get; init; }

    public string Service { get; init; } = "";

    /// <summary>ALB path patterns: case-sensitive, '*' any run of characters, '?' one character.</summary>
    public List<string> PathPatterns { get; init; } = [];

    /// <summary>Scheme, host and port only; the path goes through unchanged (the ALB strips no prefix).</summary>
    public Uri? Destination { get; init; }

    /// <summary>The service's largest request body limit (its endpoints' RequestSizeLimit); null: no limit here.</summary>
    public long? MaxRequestBodyBytes { get; init; }
}

public sealed class FixedResponse
{
    public int StatusCode { get; init; } = 404;

    public string ContentType { get; init; } = "application/json";

    public string Body { get; init; } = "";
}
