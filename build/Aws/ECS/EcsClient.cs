using Amazon.ECS;
using Amazon.ECS.Model;

namespace Platform.Build.Aws;

/// <summary>ECS over JSON 1.1 (target prefix AmazonEC2ContainerServiceV20141113).</summary>
internal sealed class EcsClient : IAmazonECS
{
    private readonly JsonProtocol _json;

    public EcsClient(AwsTransport transport)
    {
        _json = new JsonProtocol(transport, "AmazonEC2ContainerServiceV20141113");
        Paginators = new EcsPaginatorFactory(this);
    }

    public IECSPaginatorFactory Paginators { get; }

    public Task<UpdateServiceResponse> UpdateServiceAsync(UpdateServiceRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<UpdateServiceRequest, UpdateServiceResponse>("UpdateService", request, cancellationToken);

    public Task<DescribeServicesResponse> DescribeServicesAsync(DescribeServicesRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<DescribeServicesRequest, DescribeServicesResponse>("DescribeServices", request, cancellationToken);

    public Task<ListTasksResponse> ListTasksAsync(ListTasksRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<ListTasksRequest, ListTasksResponse>("ListTasks", request, cancellationToken);

    public Task<DescribeTasksResponse> DescribeTasksAsync(DescribeTasksRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<DescribeTasksRequest, DescribeTasksResponse>("DescribeTasks", request, cancellationToken);

    public Task<RegisterTaskDefinitionResponse> RegisterTaskDefinitionAsync(RegisterTaskDefinitionRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<RegisterTaskDefinitionRequest, RegisterTaskDefinitionResponse>("RegisterTaskDefinition", request, cancellationToken);

    public Task<RunTaskResponse> RunTaskAsync(RunTaskRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<RunTaskRequest, RunTaskResponse>("RunTask", request, cancellationToken);
    public Task<DescribeTaskDefinitionResponse> DescribeTaskDefinitionAsync(DescribeTaskDefinitionRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<DescribeTaskDefinitionRequest, DescribeTaskDefinitionResponse>("DescribeTaskDefinition", request, cancellationToken);

    public void Dispose()
    {
        // The HttpClient is shared and owned by the factory.
    }
}
