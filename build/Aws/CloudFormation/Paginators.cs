using Amazon.CloudFormation.Model;
using Amazon.Runtime;
using Platform.Build.Aws;

namespace Amazon.CloudFormation.Model;

/// <summary>As the SDK's: <c>client.Paginators.DescribeStackEvents(request).StackEvents</c> yields every event across pages.</summary>
public interface ICloudFormationPaginatorFactory
{
    IDescribeStacksPaginator DescribeStacks(DescribeStacksRequest request);

    IDescribeStackEventsPaginator DescribeStackEvents(DescribeStackEventsRequest request);
}

public interface IDescribeStacksPaginator
{
    IPaginatedEnumerable<DescribeStacksResponse> Responses { get; }

    IPaginatedEnumerable<Stack> Stacks { get; }
}

public interface IDescribeStackEventsPaginator
{
    IPaginatedEnumerable<DescribeStackEventsResponse> Responses { get; }

    IPaginatedEnumerable<StackEvent> StackEvents { get; }
}

internal sealed class CloudFormationPaginatorFactory(IAmazonCloudFormation client) : ICloudFormationPaginatorFactory
{
    public IDescribeStacksPaginator DescribeStacks(DescribeStacksRequest request) => new DescribeStacksPaginator(client, request);

    public IDescribeStackEventsPaginator DescribeStackEvents(DescribeStackEventsRequest request) => new DescribeStackEventsPaginator(client, request);

    private sealed class DescribeStacksPaginator : IDescribeStacksPaginator
    {
        public DescribeStacksPaginator(IAmazonCloudFormation client, DescribeStacksRequest request)
        {
            var pages = new TokenPaginator<DescribeStacksResponse>(
                request.NextToken,
                (token, ct) => client.DescribeStacksAsync(new DescribeStacksRequest { StackName = request.StackName, NextToken = token }, ct),
                page => page.NextToken);
            Responses = new PaginatedResponse<DescribeStacksResponse>(pages);
            Stacks = new PaginatedResultKeyResponse<DescribeStacksResponse, Stack>(pages, page => page.Stacks ?? []);
        }

        public IPaginatedEnumerable<DescribeStacksResponse> Responses { get; }

        public IPaginatedEnumerable<Stack> Stacks { get; }
    }

    private sealed class DescribeStackEventsPaginator : IDescribeStackEventsPaginator
    {
        public DescribeStackEventsPaginator(IAmazonCloudFormation client, DescribeStackEventsRequest request)
        {
            var pages = new TokenPaginator<DescribeStackEventsResponse>(
                request.NextToken,
                (token, ct) => client.DescribeStackEventsAsync(new DescribeStackEventsRequest { StackName = request.StackName, NextToken = token }, ct),
                page => page.NextToken);
            Responses = new PaginatedResponse<DescribeStackEventsResponse>(pages);
            StackEvents = new PaginatedResultKeyResponse<DescribeStackEventsResponse, StackEvent>(pages, page => page.StackEvents ?? []);
        }

        public IPaginatedEnumerable<DescribeStackEventsResponse> Responses { get; }

        public IPaginatedEnumerable<StackEvent> StackEvents { get; }
    }
}
