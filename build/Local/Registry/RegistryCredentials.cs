namespace Platform.Build.Local.Registry;

/// <summary>
/// A registry login, e.g. ECR's: user <c>AWS</c>, the password from GetAuthorizationToken (the caller decodes it).
/// The password never appears in <see cref="ToString"/>, on a command line or in output.
/// </summary>
public sealed class RegistryCredentials(string registry, string user, string password)
{
    public string Registry { get; } = registry;

    public string User { get; } = user;

    internal string Password { get; } = password;

    internal string BasicToken => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{User}:{Password}"));

    public override string ToString() => $"{User}@{Registry}";
}
