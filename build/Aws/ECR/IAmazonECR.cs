using Amazon.ECR.Model;

namespace Amazon.ECR;

/// <summary>The subset of AWSSDK.ECR's IAmazonECR our build calls, with the same signatures.</summary>
public interface IAmazonECR : IDisposable
{
    IECRPaginatorFactory Paginators { get; }

    Task<GetAuthorizationTokenResponse> GetAuthorizationTokenAsync(GetAuthorizationTokenRequest request, CancellationToken cancellationToken = default);

    Task<DescribeImagesResponse> DescribeImagesAsync(DescribeImagesRequest request, CancellationToken cancellationToken = default);
}
