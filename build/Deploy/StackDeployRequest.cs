using Amazon.CloudFormation.Model;
using Platform.Build.Deploy.Evidence;

namespace Platform.Build.Deploy;

public sealed record StackDeployRequest
{
    public required string StackName { get; init; }

    public required TemplateFile Template { get; init; }

    /// <summary>Where CloudFormation reads the template (an S3 https URL, up to 1 MB); null sends the body (up to 51,200 bytes).</summary>
    public string? TemplateUrl { get; init; }

    /// <summary>Values for the template's parameters; on an update, parameters not given keep their previous value.</summary>
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    /// <summary>Makes up the change set's name (letters, digits and '-'), e.g. the image tag.</summary>
    public string ChangeSetLabel { get; init; } = "deploy";

    /// <summary>Create and print the change set, then stop (it stays for review).</summary>
    public bool ChangeSetOnly { get; init; }

    /// <summary>A stack in ROLLBACK_COMPLETE (its first create failed) is deleted and created again.</summary>
    public bool RecreateFailedStack { get; init; }

    /// <summary>The role CloudFormation assumes to change the stack; null: the caller's own permissions.</summary>
    public string? RoleArn { get; init; }

    /// <summary>
    /// Work that needs the stack's resources (e.g. the signing key in its secret): runs once the stack exists and is settled —
    /// before the change set of an update is made, or right after a create (unless <see cref="ChangeSetOnly"/>).
    /// </summary>
    public Func<CancellationToken, Task>? WhenStackExists { get; init; }

    /// <summary>--allow-replace: the logical IDs whose risky change (replace or remove) this deploy may execute.</summary>
    public IReadOnlySet<string> AllowReplace { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Where the change set's Markdown summary goes (artifacts/changeset.md); null: nowhere.</summary>
    public string? ReportFile { get; init; }

    /// <summary>GitHub's job summary ($GITHUB_STEP_SUMMARY), which the Markdown summary is appended to; null: not on GitHub.</summary>
    public string? StepSummaryFile { get; init; }
    /// <summary>Keeps the evidence of a failed operation (services read at the first failed resource, before the rollback).</summary>
    public FailureEvidence? Evidence { get; init; }
}

public enum StackDeployOutcome
{
    Created,
    Updated,
    NoChanges,
    ChangeSetCreated,
}

public sealed record StackDeployResult(
    StackDeployOutcome Outcome,
    string? ChangeSetName,
    IReadOnlyList<ResourceChange> Changes,
    IReadOnlyDictionary<string, string> Outputs)
{
    /// <summary>The change set's risky changes (replacing or removing a resource that holds data or identity).</summary>
    public IReadOnlyList<RiskyChange> Risky { get; init; } = [];

    /// <summary>A task definition was replaced: the services roll onto it, and their rollout must be checked.</summary>
    public bool TaskDefinitionsChanged =>
        Outcome == StackDeployOutcome.Updated && Changes.Any(c => c.ResourceType == "AWS::ECS::TaskDefinition");
}
