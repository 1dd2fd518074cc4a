using Amazon.Runtime;

namespace Amazon.ElasticLoadBalancingV2;

// The SDK's string-valued enums for target health; unknown values from the service still round-trip through FindValue.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetHealth.html

public sealed class TargetHealthStateEnum : ConstantClass
{
    public static readonly TargetHealthStateEnum Initial = new("initial");
    public static readonly TargetHealthStateEnum Healthy = new("healthy");
    public static readonly TargetHealthStateEnum Unhealthy = new("unhealthy");
    public static readonly TargetHealthStateEnum UnhealthyDraining = new("unhealthy.draining");
    public static readonly TargetHealthStateEnum Unused = new("unused");
    public static readonly TargetHealthStateEnum Draining = new("draining");
    public static readonly TargetHealthStateEnum Unavailable = new("unavailable");

    public TargetHealthStateEnum(string value)
        : base(value)
    {
    }

    public static TargetHealthStateEnum FindValue(string value) => FindValue<TargetHealthStateEnum>(value);

    public static implicit operator TargetHealthStateEnum(string value) => FindValue(value);
}

public sealed class TargetHealthReasonEnum : ConstantClass
{
    public static readonly TargetHealthReasonEnum ElbRegistrationInProgress = new("Elb.RegistrationInProgress");
    public static readonly TargetHealthReasonEnum ElbInitialHealthChecking = new("Elb.InitialHealthChecking");
    public static readonly TargetHealthReasonEnum TargetResponseCodeMismatch = new("Target.ResponseCodeMismatch");
    public static readonly TargetHealthReasonEnum TargetTimeout = new("Target.Timeout");
    public static readonly TargetHealthReasonEnum TargetFailedHealthChecks = new("Target.FailedHealthChecks");
    public static readonly TargetHealthReasonEnum TargetNotRegistered = new("Target.NotRegistered");
    public static readonly TargetHealthReasonEnum TargetNotInUse = new("Target.NotInUse");
    public static readonly TargetHealthReasonEnum TargetDeregistrationInProgress = new("Target.DeregistrationInProgress");
    public static readonly TargetHealthReasonEnum TargetInvalidState = new("Target.InvalidState");
    public static readonly TargetHealthReasonEnum TargetIpUnusable = new("Target.IpUnusable");
    public static readonly TargetHealthReasonEnum TargetHealthCheckDisabled = new("Target.HealthCheckDisabled");
    public static readonly TargetHealthReasonEnum ElbInternalError = new("Elb.InternalError");

    public TargetHealthReasonEnum(string value)
        : base(value)
    {
    }

    public static TargetHealthReasonEnum FindValue(string value) => FindValue<TargetHealthReasonEnum>(value);

    public static implicit operator TargetHealthReasonEnum(string value) => FindValue(value);
}
