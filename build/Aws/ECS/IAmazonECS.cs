using Amazon.ECS.Model;

namespace Amazon.ECS;

/// <summary>The subset of AWSSDK.ECS's IAmazonECS our build calls, with the same signatures.</summary>
public interface IAmazonECS : IDisposable
{
    IECSPaginatorFactory Paginators { get; }

    System.Threading.Tasks.Task<UpdateServiceResponse> UpdateServiceAsync(UpdateServiceRequest request, CancellationToken cancellationToken = default);

    System.Threading.Tasks.Task<DescribeServicesResponse> DescribeServicesAsync(DescribeServicesRequest request, CancellationToken cancellationToken = default);

    System.Threading.Tasks.Task<ListTasksResponse> ListTasksAsync(ListTasksRequest request, CancellationToken cancellationToken = default);

    System.Threading.Tasks.Task<DescribeTaskDefinitionResponse> DescribeTaskDefinitionAsync(DescribeTaskDefinitionRequest request, CancellationToken cancellationToken = default);

    System.Threading.Tasks.Task<DescribeTasksResponse> DescribeTasksAsync(DescribeTasksRequest request, CancellationToken cancellationToken = default);

    System.Threading.Tasks.Task<RegisterTaskDefinitionResponse> RegisterTaskDefinitionAsync(RegisterTaskDefinitionRequest request, CancellationToken cancellationToken = default);

    System.Threading.Tasks.Task<RunTaskResponse> RunTaskAsync(RunTaskRequest request, CancellationToken cancellationToken = default);
}
