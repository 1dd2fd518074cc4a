using Amazon.ECR;
using Amazon.ECR.Model;

namespace Platform.Build.Aws;

/// <summary>ECR over JSON 1.1 (target prefix AmazonEC2ContainerRegistry_V20150921).</summary>
internal sealed class EcrClient : IAmazonECR
{
    private readonly JsonProtocol _json;

    public EcrClient(AwsTransport transport)
    {
        _json = new JsonProtocol(transport, "AmazonEC2ContainerRegistry_V20150921");
        Paginators = new EcrPaginatorFactory(this);
    }

    public IECRPaginatorFactory Paginators { get; }

    public Task<GetAuthorizationTokenResponse> GetAuthorizationTokenAsync(GetAuthorizationTokenRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<GetAuthorizationTokenRequest, GetAuthorizationTokenResponse>("GetAuthorizationToken", request, cancellationToken);

    public Task<DescribeImagesResponse> DescribeImagesAsync(DescribeImagesRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<DescribeImagesRequest, DescribeImagesResponse>("DescribeImages", request, cancellationToken);

    public void Dispose()
    {
        // The HttpClient is shared and owned by the factory.
    }
}
