using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults.Telemetry;

/// <summary>Where OTLP goes. Checked at start so a typo is one configuration error, not a silent exporter retrying forever.</summary>
public sealed class TelemetryOptions
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public string? Endpoint { get; set; }

    internal static void Bind(TelemetryOptions options, IConfiguration configuration) =>
        options.Endpoint = configuration[EndpointVariable];
}

internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options) =>
        string.IsNullOrWhiteSpace(options.Endpoint)
        || (Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{TelemetryOptions.EndpointVariable} must be an absolute http(s) URL (got '{options.Endpoint}')");
}
