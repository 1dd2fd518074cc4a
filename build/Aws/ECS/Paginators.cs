using Amazon.Runtime;
using Platform.Build.Aws;

namespace Amazon.ECS.Model;

/// <summary>As the SDK's: <c>client.Paginators.ListTasks(request).TaskArns</c> yields every task ARN across pages.</summary>
public interface IECSPaginatorFactory
{
    IListTasksPaginator ListTasks(ListTasksRequest request);
}

public interface IListTasksPaginator
{
    IPaginatedEnumerable<ListTasksResponse> Responses { get; }

    IPaginatedEnumerable<string> TaskArns { get; }
}

internal sealed class EcsPaginatorFactory(IAmazonECS client) : IECSPaginatorFactory
{
    public IListTasksPaginator ListTasks(ListTasksRequest request) => new ListTasksPaginator(client, request);

    private sealed class ListTasksPaginator : IListTasksPaginator
    {
        public ListTasksPaginator(IAmazonECS client, ListTasksRequest request)
        {
            var pages = new TokenPaginator<ListTasksResponse>(
                request.NextToken,
                (token, ct) => client.ListTasksAsync(
                    new ListTasksRequest
                    {
                        Cluster = request.Cluster, ServiceName = request.ServiceName, Family = request.Family, StartedBy = request.StartedBy,
                        DesiredStatus = request.DesiredStatus, MaxResults = request.MaxResults, NextToken = token,
                    },
                    ct),
                page => page.NextToken);
            Responses = new PaginatedResponse<ListTasksResponse>(pages);
            TaskArns = new PaginatedResultKeyResponse<ListTasksResponse, string>(pages, page => page.TaskArns ?? []);
        }

        public IPaginatedEnumerable<ListTasksResponse> Responses { get; }

        public IPaginatedEnumerable<string> TaskArns { get; }
    }
}
