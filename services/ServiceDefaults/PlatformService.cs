using System.Reflection;
using System.Text.RegularExpressions;

namespace Platform.ServiceDefaults;

/// <summary>What makes one service different from the others: its name, route prefix and database schema.</summary>
/// <param name="Name">The service name, as in image and ECS names (e.g. <c>auth-service</c>).</param>
/// <param name="RoutePrefix">The ALB routes by path without stripping it, so every route lives under this prefix (e.g. <c>/auth</c>).</param>
/// <param name="Schema">The PostgreSQL schema the service owns (e.g. <c>auth</c>).</param>
/// <param name="MigrationsAssembly">The assembly holding the service's <c>Migrations/*.sql</c> as embedded resources.</param>
public sealed partial record PlatformService(string Name, string RoutePrefix, string Schema, Assembly MigrationsAssembly)
{
    public string Name { get; } = Require(Name, NamePattern(), nameof(Name));

    public string RoutePrefix { get; } = Require(RoutePrefix, PrefixPattern(), nameof(RoutePrefix));

    // The schema is interpolated into DDL, so it must be a plain lower-case identifier.
    public string Schema { get; } = Require(Schema, IdentifierPattern(), nameof(Schema));

    private static string Require(string value, Regex pattern, string name) =>
        value is not null && pattern.IsMatch(value)
            ? value
            : throw new ArgumentException($"{name} '{value}' does not match {pattern}", name);

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^/[a-z][a-z0-9-]*$")]
    private static partial Regex PrefixPattern();

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex IdentifierPattern();
}
