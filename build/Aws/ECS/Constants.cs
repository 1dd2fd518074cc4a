using Amazon.Runtime;

namespace Amazon.ECS;

// The SDK's string-valued enums for the fields we read; unknown values from the service still round-trip through FindValue.

public sealed class DeploymentRolloutState : ConstantClass
{
    public static readonly DeploymentRolloutState COMPLETED = new("COMPLETED");
    public static readonly DeploymentRolloutState FAILED = new("FAILED");
    public static readonly DeploymentRolloutState IN_PROGRESS = new("IN_PROGRESS");

    public DeploymentRolloutState(string value)
        : base(value)
    {
    }

    public static DeploymentRolloutState FindValue(string value) => FindValue<DeploymentRolloutState>(value);

    public static implicit operator DeploymentRolloutState(string value) => FindValue(value);
}

public sealed class DesiredStatus : ConstantClass
{
    public static readonly DesiredStatus PENDING = new("PENDING");
    public static readonly DesiredStatus RUNNING = new("RUNNING");
    public static readonly DesiredStatus STOPPED = new("STOPPED");

    public DesiredStatus(string value)
        : base(value)
    {
    }

    public static DesiredStatus FindValue(string value) => FindValue<DesiredStatus>(value);

    public static implicit operator DesiredStatus(string value) => FindValue(value);
}
