using System.Text;
using Amazon.ECR;
using Amazon.ECR.Model;
using BuildCore;

namespace Platform.Build.Deploy;

/// <summary>A docker login for ECR from GetAuthorizationToken: base64("AWS:password"); no AWS CLI needed.</summary>
public sealed record EcrLogin(string Registry, string User, string Password)
{
    public override string ToString() => $"{User}@{Registry}";

    public static async Task<EcrLogin> GetAsync(IAmazonECR ecr, string registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ecr);
        var response = await ecr.GetAuthorizationTokenAsync(new GetAuthorizationTokenRequest(), cancellationToken);
        var data = response.AuthorizationData?.FirstOrDefault() ?? throw new BuildException("ECR GetAuthorizationToken answered no authorization data.");
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(data.AuthorizationToken ?? ""));
        }
        catch (FormatException e)
        {
            throw new BuildException("ECR GetAuthorizationToken answered a token that is not base64.", e);
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
            throw new BuildException("ECR GetAuthorizationToken answered a token that is not user:password.");
        return new EcrLogin(registry, decoded[..colon], decoded[(colon + 1)..]);
    }
}
