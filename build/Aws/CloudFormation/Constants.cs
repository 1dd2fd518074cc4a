using Amazon.Runtime;

namespace Amazon.CloudFormation;

// The SDK's string-valued enums for the fields we read; unknown values from the service still round-trip through FindValue.

public sealed class StackStatus : ConstantClass
{
    public static readonly StackStatus CREATE_IN_PROGRESS = new("CREATE_IN_PROGRESS");
    public static readonly StackStatus CREATE_FAILED = new("CREATE_FAILED");
    public static readonly StackStatus CREATE_COMPLETE = new("CREATE_COMPLETE");
    public static readonly StackStatus ROLLBACK_IN_PROGRESS = new("ROLLBACK_IN_PROGRESS");
    public static readonly StackStatus ROLLBACK_FAILED = new("ROLLBACK_FAILED");
    public static readonly StackStatus ROLLBACK_COMPLETE = new("ROLLBACK_COMPLETE");
    public static readonly StackStatus DELETE_IN_PROGRESS = new("DELETE_IN_PROGRESS");
    public static readonly StackStatus DELETE_FAILED = new("DELETE_FAILED");
    public static readonly StackStatus DELETE_COMPLETE = new("DELETE_COMPLETE");
    public static readonly StackStatus UPDATE_IN_PROGRESS = new("UPDATE_IN_PROGRESS");
    public static readonly StackStatus UPDATE_COMPLETE_CLEANUP_IN_PROGRESS = new("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS");
    public static readonly StackStatus UPDATE_COMPLETE = new("UPDATE_COMPLETE");
    public static readonly StackStatus UPDATE_FAILED = new("UPDATE_FAILED");
    public static readonly StackStatus UPDATE_ROLLBACK_IN_PROGRESS = new("UPDATE_ROLLBACK_IN_PROGRESS");
    public static readonly StackStatus UPDATE_ROLLBACK_FAILED = new("UPDATE_ROLLBACK_FAILED");
    public static readonly StackStatus UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS = new("UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS");
    public static readonly StackStatus UPDATE_ROLLBACK_COMPLETE = new("UPDATE_ROLLBACK_COMPLETE");
    public static readonly StackStatus REVIEW_IN_PROGRESS = new("REVIEW_IN_PROGRESS");
    public static readonly StackStatus IMPORT_IN_PROGRESS = new("IMPORT_IN_PROGRESS");
    public static readonly StackStatus IMPORT_COMPLETE = new("IMPORT_COMPLETE");
    public static readonly StackStatus IMPORT_ROLLBACK_IN_PROGRESS = new("IMPORT_ROLLBACK_IN_PROGRESS");
    public static readonly StackStatus IMPORT_ROLLBACK_FAILED = new("IMPORT_ROLLBACK_FAILED");
    public static readonly StackStatus IMPORT_ROLLBACK_COMPLETE = new("IMPORT_ROLLBACK_COMPLETE");

    public StackStatus(string value)
        : base(value)
    {
    }

    public static StackStatus FindValue(string value) => FindValue<StackStatus>(value);

    public static implicit operator StackStatus(string value) => FindValue(value);
}

public sealed class ResourceStatus : ConstantClass
{
    public static readonly ResourceStatus CREATE_IN_PROGRESS = new("CREATE_IN_PROGRESS");
    public static readonly ResourceStatus CREATE_FAILED = new("CREATE_FAILED");
    public static readonly ResourceStatus CREATE_COMPLETE = new("CREATE_COMPLETE");
    public static readonly ResourceStatus DELETE_IN_PROGRESS = new("DELETE_IN_PROGRESS");
    public static readonly ResourceStatus DELETE_FAILED = new("DELETE_FAILED");
    public static readonly ResourceStatus DELETE_COMPLETE = new("DELETE_COMPLETE");
    public static readonly ResourceStatus DELETE_SKIPPED = new("DELETE_SKIPPED");
    public static readonly ResourceStatus UPDATE_IN_PROGRESS = new("UPDATE_IN_PROGRESS");
    public static readonly ResourceStatus UPDATE_FAILED = new("UPDATE_FAILED");
    public static readonly ResourceStatus UPDATE_COMPLETE = new("UPDATE_COMPLETE");
    public static readonly ResourceStatus IMPORT_FAILED = new("IMPORT_FAILED");
    public static readonly ResourceStatus IMPORT_COMPLETE = new("IMPORT_COMPLETE");
    public static readonly ResourceStatus IMPORT_IN_PROGRESS = new("IMPORT_IN_PROGRESS");
    public static readonly ResourceStatus IMPORT_ROLLBACK_IN_PROGRESS = new("IMPORT_ROLLBACK_IN_PROGRESS");
    public static readonly ResourceStatus IMPORT_ROLLBACK_FAILED = new("IMPORT_ROLLBACK_FAILED");
    public static readonly ResourceStatus IMPORT_ROLLBACK_COMPLETE = new("IMPORT_ROLLBACK_COMPLETE");
    public static readonly ResourceStatus UPDATE_ROLLBACK_IN_PROGRESS = new("UPDATE_ROLLBACK_IN_PROGRESS");
    public static readonly ResourceStatus UPDATE_ROLLBACK_COMPLETE = new("UPDATE_ROLLBACK_COMPLETE");
    public static readonly ResourceStatus UPDATE_ROLLBACK_FAILED = new("UPDATE_ROLLBACK_FAILED");
    public static readonly ResourceStatus ROLLBACK_IN_PROGRESS = new("ROLLBACK_IN_PROGRESS");
    public static readonly ResourceStatus ROLLBACK_COMPLETE = new("ROLLBACK_COMPLETE");
    public static readonly ResourceStatus ROLLBACK_FAILED = new("ROLLBACK_FAILED");

    public ResourceStatus(string value)
        : base(value)
    {
    }

    public static ResourceStatus FindValue(string value) => FindValue<ResourceStatus>(value);

    public static implicit operator ResourceStatus(string value) => FindValue(value);
}

public sealed class ChangeSetStatus : ConstantClass
{
    public static readonly ChangeSetStatus CREATE_PENDING = new("CREATE_PENDING");
    public static readonly ChangeSetStatus CREATE_IN_PROGRESS = new("CREATE_IN_PROGRESS");
    public static readonly ChangeSetStatus CREATE_COMPLETE = new("CREATE_COMPLETE");
    public static readonly ChangeSetStatus DELETE_PENDING = new("DELETE_PENDING");
    public static readonly ChangeSetStatus DELETE_IN_PROGRESS = new("DELETE_IN_PROGRESS");
    public static readonly ChangeSetStatus DELETE_COMPLETE = new("DELETE_COMPLETE");
    public static readonly ChangeSetStatus DELETE_FAILED = new("DELETE_FAILED");
    public static readonly ChangeSetStatus FAILED = new("FAILED");

    public ChangeSetStatus(string value)
        : base(value)
    {
    }

    public static ChangeSetStatus FindValue(string value) => FindValue<ChangeSetStatus>(value);

    public static implicit operator ChangeSetStatus(string value) => FindValue(value);
}

public sealed class ExecutionStatus : ConstantClass
{
    public static readonly ExecutionStatus UNAVAILABLE = new("UNAVAILABLE");
    public static readonly ExecutionStatus AVAILABLE = new("AVAILABLE");
    public static readonly ExecutionStatus EXECUTE_IN_PROGRESS = new("EXECUTE_IN_PROGRESS");
    public static readonly ExecutionStatus EXECUTE_COMPLETE = new("EXECUTE_COMPLETE");
    public static readonly ExecutionStatus EXECUTE_FAILED = new("EXECUTE_FAILED");
    public static readonly ExecutionStatus OBSOLETE = new("OBSOLETE");

    public ExecutionStatus(string value)
        : base(value)
    {
    }

    public static ExecutionStatus FindValue(string value) => FindValue<ExecutionStatus>(value);

    public static implicit operator ExecutionStatus(string value) => FindValue(value);
}

public sealed class ChangeSetType : ConstantClass
{
    public static readonly ChangeSetType CREATE = new("CREATE");
    public static readonly ChangeSetType UPDATE = new("UPDATE");
    public static readonly ChangeSetType IMPORT = new("IMPORT");

    public ChangeSetType(string value)
        : base(value)
    {
    }

    public static ChangeSetType FindValue(string value) => FindValue<ChangeSetType>(value);

    public static implicit operator ChangeSetType(string value) => FindValue(value);
}

public sealed class ChangeAction : ConstantClass
{
    public static readonly ChangeAction Add = new("Add");
    public static readonly ChangeAction Modify = new("Modify");
    public static readonly ChangeAction Remove = new("Remove");
    public static readonly ChangeAction Import = new("Import");
    public static readonly ChangeAction Dynamic = new("Dynamic");

    public ChangeAction(string value)
        : base(value)
    {
    }

    public static ChangeAction FindValue(string value) => FindValue<ChangeAction>(value);

    public static implicit operator ChangeAction(string value) => FindValue(value);
}

public sealed class ChangeType : ConstantClass
{
    public static readonly ChangeType Resource = new("Resource");

    public ChangeType(string value)
        : base(value)
    {
    }

    public static ChangeType FindValue(string value) => FindValue<ChangeType>(value);

    public static implicit operator ChangeType(string value) => FindValue(value);
}

public sealed class Replacement : ConstantClass
{
    public static readonly Replacement True = new("True");
    public static readonly Replacement False = new("False");
    public static readonly Replacement Conditional = new("Conditional");

    public Replacement(string value)
        : base(value)
    {
    }

    public static Replacement FindValue(string value) => FindValue<Replacement>(value);

    public static implicit operator Replacement(string value) => FindValue(value);
}

public sealed class Capability : ConstantClass
{
    public static readonly Capability CAPABILITY_IAM = new("CAPABILITY_IAM");
    public static readonly Capability CAPABILITY_NAMED_IAM = new("CAPABILITY_NAMED_IAM");
    public static readonly Capability CAPABILITY_AUTO_EXPAND = new("CAPABILITY_AUTO_EXPAND");

    public Capability(string value)
        : base(value)
    {
    }

    public static Capability FindValue(string value) => FindValue<Capability>(value);

    public static implicit operator Capability(string value) => FindValue(value);
}

/// <summary>What CloudFormation does with the old resource (DeletionPolicy on Remove, UpdateReplacePolicy on a replacement).</summary>
public sealed class PolicyAction : ConstantClass
{
    public static readonly PolicyAction Delete = new("Delete");
    public static readonly PolicyAction Retain = new("Retain");
    public static readonly PolicyAction Snapshot = new("Snapshot");
    public static readonly PolicyAction ReplaceAndDelete = new("ReplaceAndDelete");
    public static readonly PolicyAction ReplaceAndRetain = new("ReplaceAndRetain");
    public static readonly PolicyAction ReplaceAndSnapshot = new("ReplaceAndSnapshot");

    public PolicyAction(string value)
        : base(value)
    {
    }

    public static PolicyAction FindValue(string value) => FindValue<PolicyAction>(value);

    public static implicit operator PolicyAction(string value) => FindValue(value);
}

public sealed class RequiresRecreation : ConstantClass
{
    public static readonly RequiresRecreation Never = new("Never");
    public static readonly RequiresRecreation Conditionally = new("Conditionally");
    public static readonly RequiresRecreation Always = new("Always");

    public RequiresRecreation(string value)
        : base(value)
    {
    }

    public static RequiresRecreation FindValue(string value) => FindValue<RequiresRecreation>(value);

    public static implicit operator RequiresRecreation(string value) => FindValue(value);
}

public sealed class EvaluationType : ConstantClass
{
    public static readonly EvaluationType Static = new("Static");
    public static readonly EvaluationType Dynamic = new("Dynamic");

    public EvaluationType(string value)
        : base(value)
    {
    }

    public static EvaluationType FindValue(string value) => FindValue<EvaluationType>(value);

    public static implicit operator EvaluationType(string value) => FindValue(value);
}

public sealed class ChangeSource : ConstantClass
{
    public static readonly ChangeSource ResourceReference = new("ResourceReference");
    public static readonly ChangeSource ParameterReference = new("ParameterReference");
    public static readonly ChangeSource ResourceAttribute = new("ResourceAttribute");
    public static readonly ChangeSource DirectModification = new("DirectModification");
    public static readonly ChangeSource Automatic = new("Automatic");

    public ChangeSource(string value)
        : base(value)
    {
    }

    public static ChangeSource FindValue(string value) => FindValue<ChangeSource>(value);

    public static implicit operator ChangeSource(string value) => FindValue(value);
}

public sealed class ResourceAttribute : ConstantClass
{
    public static readonly ResourceAttribute Properties = new("Properties");
    public static readonly ResourceAttribute Metadata = new("Metadata");
    public static readonly ResourceAttribute Tags = new("Tags");

    public ResourceAttribute(string value)
        : base(value)
    {
    }

    public static ResourceAttribute FindValue(string value) => FindValue<ResourceAttribute>(value);

    public static implicit operator ResourceAttribute(string value) => FindValue(value);
}
