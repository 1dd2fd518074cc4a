using Amazon.SecretsManager.Model;

namespace Amazon.SecretsManager;

/// <summary>The subset of AWSSDK.SecretsManager's IAmazonSecretsManager our build calls, with the same signatures.</summary>
public interface IAmazonSecretsManager : IDisposable
{
    Task<GetSecretValueResponse> GetSecretValueAsync(GetSecretValueRequest request, CancellationToken cancellationToken = default);

    Task<PutSecretValueResponse> PutSecretValueAsync(PutSecretValueRequest request, CancellationToken cancellationToken = default);
}
