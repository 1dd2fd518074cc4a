namespace Platform.ServiceDefaults.Database.Credentials;

/// <summary>DB_PASSWORD: a fixed value from the environment (a change needs a restart; prefer DB_PASSWORD_FILE).</summary>
public sealed class StaticPasswordSource(string password) : IDatabasePasswordSource
{
    public TimeSpan RefreshInterval { get; } = TimeSpan.FromHours(1);

    public ValueTask<string> GetPasswordAsync(CancellationToken cancellationToken) => ValueTask.FromResult(password);

    public override string ToString() => "StaticPasswordSource(***)";
}
