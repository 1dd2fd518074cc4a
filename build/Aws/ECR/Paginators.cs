using Amazon.Runtime;
using Platform.Build.Aws;

namespace Amazon.ECR.Model;

/// <summary>As the SDK's: <c>client.Paginators.DescribeImages(request).ImageDetails</c> yields every image across pages.</summary>
public interface IECRPaginatorFactory
{
    IDescribeImagesPaginator DescribeImages(DescribeImagesRequest request);
}

public interface IDescribeImagesPaginator
{
    IPaginatedEnumerable<DescribeImagesResponse> Responses { get; }

    IPaginatedEnumerable<ImageDetail> ImageDetails { get; }
}

internal sealed class EcrPaginatorFactory(IAmazonECR client) : IECRPaginatorFactory
{
    public IDescribeImagesPaginator DescribeImages(DescribeImagesRequest request) => new DescribeImagesPaginator(client, request);

    private sealed class DescribeImagesPaginator : IDescribeImagesPaginator
    {
        public DescribeImagesPaginator(IAmazonECR client, DescribeImagesRequest request)
        {
            var pages = new TokenPaginator<DescribeImagesResponse>(
                request.NextToken,
                (token, ct) => client.DescribeImagesAsync(
                    new DescribeImagesRequest
                    {
                        RegistryId = request.RegistryId, RepositoryName = request.RepositoryName, ImageIds = request.ImageIds,
                        Filter = request.Filter, MaxResults = request.MaxResults, NextToken = token,
                    },
                    ct),
                page => page.NextToken);
            Responses = new PaginatedResponse<DescribeImagesResponse>(pages);
            ImageDetails = new PaginatedResultKeyResponse<DescribeImagesResponse, ImageDetail>(pages, page => page.ImageDetails ?? []);
        }

        public IPaginatedEnumerable<DescribeImagesResponse> Responses { get; }

        public IPaginatedEnumerable<ImageDetail> ImageDetails { get; }
    }
}
