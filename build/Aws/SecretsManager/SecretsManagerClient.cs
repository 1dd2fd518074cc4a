using Amazon.SecretsManager;
using Amazon.SecretsManager.Model;

namespace Platform.Build.Aws;

/// <summary>Secrets Manager over JSON 1.1 (target prefix secretsmanager, signing name secretsmanager).</summary>
internal sealed class SecretsManagerClient(AwsTransport transport) : IAmazonSecretsManager
{
    private readonly JsonProtocol _json = new(transport, "secretsmanager");

    public Task<GetSecretValueResponse> GetSecretValueAsync(GetSecretValueRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<GetSecretValueRequest, GetSecretValueResponse>("GetSecretValue", request, cancellationToken);

    public Task<PutSecretValueResponse> PutSecretValueAsync(PutSecretValueRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // As the SDKs do: without a token there is no idempotency, and the transport's retries could store two versions.
        // The token is set on the request itself, so every retry of this call carries the same one.
        if (string.IsNullOrEmpty(request.ClientRequestToken))
            request.ClientRequestToken = Guid.NewGuid().ToString();
        return _json.CallAsync<PutSecretValueRequest, PutSecretValueResponse>("PutSecretValue", request, cancellationToken);
    }

    public void Dispose()
    {
        // The HttpClient is shared and owned by the factory.
    }
}
