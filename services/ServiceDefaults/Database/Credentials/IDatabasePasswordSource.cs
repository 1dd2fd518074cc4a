namespace Platform.ServiceDefaults.Database.Credentials;

/// <summary>
/// Where a service's database password comes from: an RDS IAM token on AWS, a file locally and in tests. Every data
/// source asks through Npgsql's periodic password provider, so a new value reaches new connections without a restart.
/// </summary>
public interface IDatabasePasswordSource
{
    /// <summary>How often the data sources ask again; below the value's lifetime, so a connection never gets an expired one.</summary>
    TimeSpan RefreshInterval { get; }

    /// <summary>The password (or token) for the next connections.</summary>
    ValueTask<string> GetPasswordAsync(CancellationToken cancellationToken);
}
