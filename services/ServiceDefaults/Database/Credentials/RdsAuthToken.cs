using System.Globalization;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Internal.Util;

namespace Platform.ServiceDefaults.Database.Credentials;

/// <summary>
/// An RDS IAM authentication token: a SigV4 presigned <c>GET https://host:port/?Action=connect&amp;DBUser=user</c> for the
/// service <c>rds-db</c>, valid 15 minutes, without the scheme — what <c>aws rds generate-db-auth-token</c> prints
/// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.Connecting.html). AWSSDK.RDS, which has a
/// generator, is not in the package source; AWSSDK.Core's presigner does the signing.
/// </summary>
public static class RdsAuthToken
{
    public const string SigningService = "rds-db";

    /// <summary>RDS accepts a token for 15 minutes after it was signed.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public static string Create(string host, int port, string user, string region, ImmutableCredentials credentials, DateTime signedAtUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentNullException.ThrowIfNull(credentials);
        var request = new DefaultRequest(new ConnectRequest(), SigningService)
        {
            UseQueryString = true,
            HttpMethod = "GET",
            Endpoint = new UriBuilder(Uri.UriSchemeHttps, host, port).Uri,
            ResourcePath = "/",
        };
        request.Parameters.Add("Action", "connect");
        request.Parameters.Add("DBUser", user);
        request.Parameters.Add("X-Amz-Expires", ((int)Lifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        if (credentials.UseToken)
        {
            request.Parameters["X-Amz-Security-Token"] = credentials.Token;
        }

        var signing = AWS4PreSignedUrlSigner.SignRequest(
            request, null, new RequestMetrics(), credentials.AccessKey, credentials.SecretKey, SigningService, region, signedAtUtc);
        var url = AmazonServiceClient.ComposeUrl(request).AbsoluteUri;
        return url[(Uri.UriSchemeHttps.Length + Uri.SchemeDelimiter.Length)..] + "&" + signing.ForQueryParameters;
    }

    private sealed class ConnectRequest : AmazonWebServiceRequest;
}
