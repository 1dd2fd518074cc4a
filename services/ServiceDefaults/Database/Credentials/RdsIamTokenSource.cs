using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Platform.ServiceDefaults.Database.Credentials;

/// <summary>
/// DB_IAM_AUTH=true: a fresh <see cref="RdsAuthToken"/> from the task role's credentials (the SDK's default chain: the ECS
/// container endpoint), asked for every 10 minutes — 5 minutes before the 15-minute token expires. A token only opens a
/// connection; one already open lives on after the token expires.
/// </summary>
public sealed class RdsIamTokenSource(string host, int port, string user, string region, TimeProvider clock, AWSCredentials? credentials = null)
    : IDatabasePasswordSource
{
    public static readonly TimeSpan Refresh = TimeSpan.FromMinutes(10);

    public TimeSpan RefreshInterval => Refresh;

    public async ValueTask<string> GetPasswordAsync(CancellationToken cancellationToken)
    {
        var identity = credentials ?? DefaultAWSCredentialsIdentityResolver.GetCredentials(null);
        var immutable = await identity.GetCredentialsAsync();
        return RdsAuthToken.Create(host, port, user, region, immutable, clock.GetUtcNow().UtcDateTime);
    }
}
