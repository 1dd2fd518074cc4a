namespace Platform.ServiceDefaults.Database.Credentials;

/// <summary>
/// DB_PASSWORD_FILE: the role's password, read again every <see cref="RefreshInterval"/>, so rewriting the file (the local
/// platform's rotation, docs/operations.md) reaches new connections while pooled ones carry on.
/// </summary>
public sealed class FilePasswordSource(string path, TimeSpan refreshInterval) : IDatabasePasswordSource
{
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromSeconds(2);

    public TimeSpan RefreshInterval => refreshInterval;

    public async ValueTask<string> GetPasswordAsync(CancellationToken cancellationToken)
    {
        // A trailing newline is what `echo pw > file` leaves; it is never part of a generated password.
        var password = (await File.ReadAllTextAsync(path, cancellationToken)).TrimEnd('\r', '\n');
        return password.Length > 0 ? password : throw new InvalidOperationException($"The database password file {path} is empty");
    }
}
