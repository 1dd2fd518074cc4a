namespace Platform.Build.Deploy;

/// <summary>How long each wait may take and how often it polls. Tests use milliseconds; AWS gets seconds.</summary>
public sealed record DeployTiming
{
    /// <summary>Between two DescribeStacks / DescribeServices calls.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A progress line at most this often while nothing new happens.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A stack operation (create, update, rollback, delete) and waiting for one already running.</summary>
    public TimeSpan StackBudget { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>A change set becoming ready (CloudFormation takes seconds to a minute).</summary>
    public TimeSpan ChangeSetBudget { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>ECS deployments reaching COMPLETED.</summary>
    public TimeSpan RolloutBudget { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Records the phases and estimates what is left of each wait; one per run.</summary>
    public DeployClock Clock { get; init; } = new();
}
