using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Amazon.CloudFormation;
using Amazon.CloudFormation.Model;
using Amazon.Runtime;
using BuildCore;
using Platform.Build.Deploy.Evidence;

namespace Platform.Build.Deploy;

/// <summary>
/// Creates or updates a stack through a change set: waits out an operation already running, refuses states that need a
/// human (with the recovery step named), prints the change set, executes it with the stack's events streamed, and on a
/// rollback reports each failed resource with its reason.
/// </summary>
public sealed partial class StackDeployer(IAmazonCloudFormation cloudFormation, TextWriter log, DeployTiming timing)
{
    static readonly string[] s_capabilities = ["CAPABILITY_NAMED_IAM"];

    readonly Waiter _waiter = new(log, timing.PollInterval, timing.ProgressInterval);

    /// <summary>
    /// The stack ready for a change set, or null when there is none: waits for a running operation, deletes a
    /// ROLLBACK_COMPLETE stack only when asked, and stops at states that need a human.
    /// </summary>
    public async Task<Stack?> PrepareAsync(string stackName, bool recreateFailedStack, CancellationToken cancellationToken)
    {
        var stack = await DescribeAsync(stackName, cancellationToken);
        if (stack is null)
            return null;

        if (StackStates.IsBusy(stack.StackStatus))
        {
            log.WriteLine($"Stack {stackName} is {stack.StackStatus} (another deploy or a rollback is running): waiting for it to finish, events follow.");
            var events = new StackEventStream(cloudFormation, stack.StackId!, log);
            await events.StartAsync(cancellationToken);
            stack = await WaitForStackAsync(stack, events, $"the running operation on stack {stackName} to finish", timing.Clock.Expect("update", TypicalDurations.Rollout), cancellationToken);
            log.WriteLine($"Stack {stackName} is now {stack.StackStatus}.");
        }

        var status = stack.StackStatus;
        if (status == StackStatus.ROLLBACK_COMPLETE || status == StackStatus.ROLLBACK_FAILED)
        {
            var failures = await RecentFailuresAsync(stack, cancellationToken);
            if (!recreateFailedStack)
            {
                throw new BuildException(
                    $"Stack {stackName} is {status}: its first create failed and was rolled back, and CloudFormation cannot update such a stack." +
                    FailureList(failures) +
                    $"{Environment.NewLine}Fix the cause, then run again with --recreate-failed-stack to delete the stack and create it anew " +
                    $"(or delete it yourself: aws cloudformation delete-stack --stack-name {stackName}). Nothing was changed.");
            }

            log.WriteLine($"Stack {stackName} is {status} (its first create failed); --recreate-failed-stack: deleting it to create it again.{FailureList(failures)}");
            await DeleteAsync(stack, cancellationToken);
            return null;
        }

        if (status == StackStatus.UPDATE_ROLLBACK_FAILED)
        {
            var failures = await RecentFailuresAsync(stack, cancellationToken);
            throw new BuildException(
                $"Stack {stackName} is UPDATE_ROLLBACK_FAILED: an update failed and so did its rollback; no deploy can start until the rollback completes." +
                FailureList(failures) +
                $"{Environment.NewLine}Recover with ContinueUpdateRollback once " +
                (failures.Count > 0 ? "the resources above are fixed: " : $"the cause is fixed (aws cloudformation describe-stack-events --stack-name {stackName} shows it): ") +
                $"aws cloudformation continue-update-rollback --stack-name {stackName} " +
                "(--resources-to-skip only for resources you have checked by hand). Nothing was skipped or changed.");
        }

        if (status == StackStatus.DELETE_FAILED)
            throw new BuildException($"Stack {stackName} is DELETE_FAILED ({stack.StackStatusReason}): finish or retry the delete (aws cloudformation delete-stack --stack-name {stackName}) before deploying.");
        return stack;
    }

    public async Task<StackDeployResult> DeployAsync(StackDeployRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var existing = await PrepareAsync(request.StackName, request.RecreateFailedStack, cancellationToken);
        // A stack left REVIEW_IN_PROGRESS by a change set that never ran is still created, not updated.
        var create = existing is null || existing.StackStatus == StackStatus.REVIEW_IN_PROGRESS;
        if (!create && request.WhenStackExists is { } ready)
            await ready(cancellationToken);
        var changeSetName = ChangeSetName(request.ChangeSetLabel);
        var parameters = Parameters(request, create ? null : existing);

        log.WriteLine($"Creating change set {changeSetName} ({(create ? "CREATE" : "UPDATE")}) for stack {request.StackName}...");
        var stackId = request.StackName;
        DescribeChangeSetResponse changeSet;
        try
        {
            var created = await cloudFormation.CreateChangeSetAsync(new CreateChangeSetRequest
            {
                StackName = request.StackName,
                ChangeSetName = changeSetName,
                ChangeSetType = create ? ChangeSetType.CREATE : ChangeSetType.UPDATE,
                TemplateBody = request.TemplateUrl is null ? request.Template.InlineBody() : null,
                TemplateURL = request.TemplateUrl,
                Parameters = parameters,
                Capabilities = [.. s_capabilities],
                Description = $"./build.sh DeployStack ({request.ChangeSetLabel})",
                RoleARN = request.RoleArn,
            }, cancellationToken);
            stackId = created.StackId ?? request.StackName;
            var asked = Stopwatch.StartNew();
            changeSet = await WaitForChangeSetAsync(stackId, changeSetName, cancellationToken);
            timing.Clock.Record("change set ready", asked.Elapsed, "changeSet");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C may land while CreateChangeSet is on the wire: whether it exists is unknown, so try to delete it.
            var deleted = await DeleteChangeSetQuietlyAsync(stackId, changeSetName);
            log.WriteLine($"Cancelled before executing: stack {request.StackName} was not changed; change set {changeSetName} " +
                (deleted ? "was deleted." : "was not created."));
            throw;
        }

        if (changeSet.Status == ChangeSetStatus.FAILED)
        {
            // Empty change sets count against the stack's limit; delete them whatever the reason.
            await cloudFormation.DeleteChangeSetAsync(new DeleteChangeSetRequest { StackName = stackId, ChangeSetName = changeSetName }, cancellationToken);
            if (IsNoChanges(changeSet.StatusReason))
            {
                log.WriteLine($"No changes: stack {request.StackName} already matches the template and parameters. The empty change set was deleted.");
                await WriteReportAsync(request, changeSetName, [], [], cancellationToken);
                var current = create ? null : await DescribeAsync(stackId, cancellationToken);
                var outputs = OutputsOf(current);
                WriteOutputs(request.StackName, outputs);
                return new StackDeployResult(StackDeployOutcome.NoChanges, null, [], outputs);
            }
            throw new BuildException($"Change set {changeSetName} for stack {request.StackName} failed: {changeSet.StatusReason}");
        }

        var changes = (changeSet.Changes ?? []).Select(c => c.ResourceChange).OfType<ResourceChange>().ToList();
        log.WriteLine($"Change set {changeSetName}: {changes.Count} change(s)");
        log.WriteLine(ChangeSetTable(changes));
        var risky = ChangeSetRisk.Classify(changes);
        log.WriteLine(ChangeSetReport.Text(risky));
        await WriteReportAsync(request, changeSetName, changes, risky, cancellationToken);

        if (request.ChangeSetOnly)
        {
            log.WriteLine($"--change-set-only: stopping here; the change set stays for review. Execute it with " +
                $"aws cloudformation execute-change-set --stack-name {request.StackName} --change-set-name {changeSetName}, " +
                "or run DeployStack again without --change-set-only.");
            return new StackDeployResult(StackDeployOutcome.ChangeSetCreated, changeSetName, changes, OutputsOf(existing)) { Risky = risky };
        }

        var refused = risky.Where(r => !request.AllowReplace.Contains(r.LogicalId)).ToList();
        if (refused.Count > 0)
            throw new BuildException(Refusal(request.StackName, changeSetName, refused));

        var protectedResources = StackPolicy.ProtectedResources(request.Template);
        if (!create)
            await EnsureStackPolicyAsync(stackId, request.StackName, protectedResources, cancellationToken);
        var lifted = risky.Select(r => r.LogicalId).Where(protectedResources.Contains).ToList();

        var events = new StackEventStream(cloudFormation, stackId, log);
        await events.StartAsync(cancellationToken);
        if (lifted.Count == 0)
        {
            log.WriteLine($"Executing change set {changeSetName}; stack events follow.");
            await cloudFormation.ExecuteChangeSetAsync(new ExecuteChangeSetRequest { StackName = stackId, ChangeSetName = changeSetName }, cancellationToken);
        }
        else
        {
            await UpdateWithPolicyLiftedAsync(request, stackId, changeSetName, parameters, protectedResources, lifted, cancellationToken);
        }

        Stack final;
        var operation = create ? "create" : "update";
        var executing = Stopwatch.StartNew();
        try
        {
            final = await WaitForStackAsync(new Stack { StackId = stackId, StackName = request.StackName }, events, $"stack {request.StackName} to finish {(create ? "creating" : "updating")}",
                timing.Clock.ExpectStackOperation(operation, changes), cancellationToken,
                request.Evidence is { } evidence ? ct => CaptureAtFirstFailureAsync(evidence, events, request.StackName, ct) : null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await ReportInterruptedAsync(request.StackName, stackId, create);
            throw;
        }
        catch (BuildException overrun) when (request.Evidence is { } evidence)
        {
            throw new BuildException(overrun.Message + Environment.NewLine + await evidence.WriteAsync(overrun.Message, stackId, OperationStart(events), cancellationToken), overrun);
        }

        // Only a successful operation teaches the history what this stack's operations take; a failed one still shows in the table.
        timing.Clock.Record($"execution ({operation})", executing.Elapsed, StackStates.IsSuccess(final.StackStatus) ? operation : null);
        timing.Clock.RecordResourceTypes(events.Printed, request.StackName);
        if (!StackStates.IsSuccess(final.StackStatus))
        {
            var report = FailureReport(request.StackName, final, StackEventStream.RootFailures(events.Printed, request.StackName));
            if (request.Evidence is { } evidence)
                report += Environment.NewLine + await evidence.WriteAsync(report, stackId, OperationStart(events), cancellationToken);
            throw new BuildException(report);
        }

        var result = OutputsOf(final);
        log.WriteLine($"Stack {request.StackName} is {final.StackStatus}.");
        if (create)
            await EnsureStackPolicyAsync(stackId, request.StackName, protectedResources, cancellationToken);
        if (create && request.WhenStackExists is { } afterCreate)
            await afterCreate(cancellationToken);
        WriteOutputs(request.StackName, result);
        return new StackDeployResult(create ? StackDeployOutcome.Created : StackDeployOutcome.Updated, changeSetName, changes, result) { Risky = risky };
    }

    static async Task WriteReportAsync(StackDeployRequest request, string changeSetName, IReadOnlyList<ResourceChange> changes, IReadOnlyList<RiskyChange> risky, CancellationToken cancellationToken)
    {
        var markdown = ChangeSetReport.Markdown(request.StackName, changeSetName, changes, risky);
        if (request.ReportFile is { } file)
        {
            // Written aside and moved into place: a reader (or a parallel run) never sees half a file.
            var directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
            Directory.CreateDirectory(directory);
            var partial = Path.Combine(directory, $".{Path.GetFileName(file)}.{Guid.NewGuid():N}.tmp");
            await File.WriteAllTextAsync(partial, markdown, cancellationToken);
            File.Move(partial, file, overwrite: true);
        }
        if (request.StepSummaryFile is { } summary)
            await File.AppendAllTextAsync(summary, markdown + Environment.NewLine, cancellationToken);
    }

    static string Refusal(string stackName, string changeSetName, IReadOnlyList<RiskyChange> refused) =>
        $"DeployStack refuses to execute change set {changeSetName}: it would replace or remove {string.Join(", ", refused.Select(r => r.LogicalId))}, " +
        "which hold data or identity." + Environment.NewLine +
        string.Join(Environment.NewLine, refused.Select(r =>
            $"  {r.LogicalId} ({r.Type}) would be {r.Change}: forced by {string.Join("; ", r.Causes)}. Lost: {r.Lost}. Old resource: {r.OldResource}.")) +
        Environment.NewLine +
        $"Nothing was changed; the change set stays for review (aws cloudformation describe-change-set --stack-name {stackName} --change-set-name {changeSetName}). " +
        $"If that loss is intended, run again with --allow-replace {string.Join(",", refused.Select(r => r.LogicalId))}.";

    /// <summary>
    /// The stack's policy denies replacing or removing the protected resources; set it when the stack has none or an older one.
    /// </summary>
    async Task EnsureStackPolicyAsync(string stackId, string stackName, IReadOnlyList<string> protectedResources, CancellationToken cancellationToken)
    {
        var wanted = StackPolicy.Document(protectedResources);
        var current = await cloudFormation.GetStackPolicyAsync(new GetStackPolicyRequest { StackName = stackId }, cancellationToken);
        if (StackPolicy.Same(current.StackPolicyBody, wanted))
            return;
        await cloudFormation.SetStackPolicyAsync(new SetStackPolicyRequest { StackName = stackId, StackPolicyBody = wanted }, cancellationToken);
        log.WriteLine(protectedResources.Count == 0
            ? $"Stack policy set on {stackName}: no resource type the build protects is in the template."
            : $"Stack policy set on {stackName}: Update:Replace and Update:Delete denied for {string.Join(", ", protectedResources)}.");
    }

    /// <summary>
    /// ExecuteChangeSet cannot carry a temporary stack policy, so an allowed replacement of a protected resource runs as an
    /// UpdateStack with the same template, parameters, capabilities and role, whose StackPolicyDuringUpdateBody lifts the deny
    /// for the named resources for this update only; every other protected resource stays denied (docs/design/risk-gate.md).
    /// </summary>
    async Task UpdateWithPolicyLiftedAsync(
        StackDeployRequest request, string stackId, string changeSetName, List<Parameter> parameters, IReadOnlyList<string> protectedResources,
        List<string> lifted, CancellationToken cancellationToken)
    {
        log.WriteLine($"--allow-replace {string.Join(",", lifted)}: the stack policy protects {(lifted.Count == 1 ? "it" : "them")}, and a change set cannot lift it; " +
            $"updating the stack directly with the same template and parameters, the policy lifted for {string.Join(", ", lifted)} for this update only. " +
            $"Change set {changeSetName} (reviewed above) is deleted.");
        await cloudFormation.DeleteChangeSetAsync(new DeleteChangeSetRequest { StackName = stackId, ChangeSetName = changeSetName }, cancellationToken);
        await cloudFormation.UpdateStackAsync(new UpdateStackRequest
        {
            StackName = stackId,
            TemplateBody = request.TemplateUrl is null ? request.Template.InlineBody() : null,
            TemplateURL = request.TemplateUrl,
            Parameters = parameters,
            Capabilities = [.. s_capabilities],
            RoleARN = request.RoleArn,
            StackPolicyDuringUpdateBody = StackPolicy.Document(protectedResources.Except(lifted, StringComparer.Ordinal)),
        }, cancellationToken);
    }

    /// <summary>The stack, or null when it does not exist (CloudFormation answers a ValidationError for an unknown name).</summary>
    public async Task<Stack?> DescribeAsync(string stackNameOrId, CancellationToken cancellationToken)
    {
        try
        {
            var response = await cloudFormation.DescribeStacksAsync(new DescribeStacksRequest { StackName = stackNameOrId }, cancellationToken);
            return response.Stacks?.FirstOrDefault();
        }
        catch (AmazonServiceException e) when (e.ErrorCode == "ValidationError" && e.Message.Contains("does not exist", StringComparison.Ordinal))
        {
            return null;
        }
    }

    public static IReadOnlyDictionary<string, string> OutputsOf(Stack? stack) =>
        stack?.Outputs?.Where(o => o.OutputKey is not null).ToDictionary(o => o.OutputKey!, o => o.OutputValue ?? "", StringComparer.Ordinal)
        ?? new Dictionary<string, string>(StringComparer.Ordinal);

    async Task<Stack> WaitForStackAsync(
        Stack stack, StackEventStream events, string what, (TimeSpan Expected, string Basis) expectation, CancellationToken cancellationToken,
        Func<CancellationToken, Task>? afterEvents = null) =>
        await _waiter.UntilAsync(what, timing.StackBudget, async ct =>
        {
            var current = await DescribeAsync(stack.StackId!, ct)
                ?? throw new BuildException($"Stack {stack.StackName} disappeared while waiting for {what}.");
            await events.PrintNewAsync(ct);
            if (afterEvents is not null)
                await afterEvents(ct);
            var last = events.Last is { } e ? $"; last event: {e.LogicalResourceId} {e.ResourceStatus}" : "";
            return (!StackStates.IsBusy(current.StackStatus), current, $"{current.StackStatus}{last}");
        }, elapsed => DeployClock.Outlook(elapsed, expectation), cancellationToken);

    async Task<DescribeChangeSetResponse> WaitForChangeSetAsync(string stackId, string changeSetName, CancellationToken cancellationToken) =>
        await _waiter.UntilAsync($"change set {changeSetName} to be ready", timing.ChangeSetBudget, async ct =>
        {
            var first = await cloudFormation.DescribeChangeSetAsync(new DescribeChangeSetRequest { StackName = stackId, ChangeSetName = changeSetName }, ct);
            var ready = first.Status == ChangeSetStatus.CREATE_COMPLETE || first.Status == ChangeSetStatus.FAILED;
            // Large change sets come in pages.
            for (var token = ready ? first.NextToken : null; token is not null;)
            {
                var next = await cloudFormation.DescribeChangeSetAsync(new DescribeChangeSetRequest { StackName = stackId, ChangeSetName = changeSetName, NextToken = token }, ct);
                (first.Changes ??= []).AddRange(next.Changes ?? []);
                token = next.NextToken;
            }
            return (ready, first, first.Status?.Value ?? "unknown");
        }, elapsed => DeployClock.Outlook(elapsed, timing.Clock.Expect("changeSet", TypicalDurations.ChangeSet)), cancellationToken);

    async Task DeleteAsync(Stack stack, CancellationToken cancellationToken)
    {
        var events = new StackEventStream(cloudFormation, stack.StackId!, log);
        await events.StartAsync(cancellationToken);
        await cloudFormation.DeleteStackAsync(new DeleteStackRequest { StackName = stack.StackId }, cancellationToken);
        var deleting = Stopwatch.StartNew();
        var deleted = await WaitForStackAsync(stack, events, $"stack {stack.StackName} to be deleted", timing.Clock.Expect("delete", TypicalDurations.Rollout), cancellationToken);
        timing.Clock.Record("delete", deleting.Elapsed, deleted.StackStatus == StackStatus.DELETE_COMPLETE ? "delete" : null);
        if (deleted.StackStatus != StackStatus.DELETE_COMPLETE)
            throw new BuildException($"Deleting stack {stack.StackName} ended {deleted.StackStatus}: {deleted.StackStatusReason}{FailureList(StackEventStream.RootFailures(events.Printed, stack.StackName!))}");
        log.WriteLine($"Stack {stack.StackName} deleted.");
    }

    /// <summary>The failed resources of the stack's latest operation, read back from its events (newest first) to where it began.</summary>
    async Task<List<StackEvent>> RecentFailuresAsync(Stack stack, CancellationToken cancellationToken) =>
        StackEventStream.RootFailures(await StackOperationEvents.ReadAsync(cloudFormation, stack.StackId!, stack.StackName!, cancellationToken), stack.StackName!);

    /// <summary>
    /// At the first failed resource the services still hold the failed tasks: a rolled-back create deletes the service and an
    /// update's rollback starts a new deployment. Read them now, before CloudFormation carries on.
    /// </summary>
    static async Task CaptureAtFirstFailureAsync(FailureEvidence evidence, StackEventStream events, string stackName, CancellationToken cancellationToken)
    {
        if (StackEventStream.RootFailures(events.Printed, stackName).Count > 0)
            await evidence.CaptureServicesAsync(OperationStart(events), cancellationToken);
    }

    static DateTime? OperationStart(StackEventStream events) => events.Printed.Count > 0 ? events.Printed[0].Timestamp : null;

    async Task ReportInterruptedAsync(string stackName, string stackId, bool create)
    {
        string status;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            status = (await DescribeAsync(stackId, timeout.Token))?.StackStatus?.Value ?? "unknown";
        }
        catch (Exception e) when (e is AmazonServiceException or OperationCanceledException or HttpRequestException)
        {
            status = "unknown (it could not be read)";
        }

        var cancel = create
            ? $"to stop it, delete the stack once the create settles: aws cloudformation delete-stack --stack-name {stackName}"
            : $"to cancel, roll it back: aws cloudformation cancel-update-stack --stack-name {stackName}";
        log.WriteLine(
            $"Interrupted while CloudFormation executes the change set: stack {stackName} is {status} and CloudFormation carries on without us. " +
            $"Follow it with: aws cloudformation describe-stack-events --stack-name {stackName}; {cancel}; " +
            "running DeployStack again waits for the operation to finish first.");
    }

    /// <summary>True when the change set was deleted, false when it did not exist; a failure to delete is said, not thrown.</summary>
    async Task<bool> DeleteChangeSetQuietlyAsync(string stackId, string changeSetName)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await cloudFormation.DeleteChangeSetAsync(new DeleteChangeSetRequest { StackName = stackId, ChangeSetName = changeSetName }, timeout.Token);
            return true;
        }
        catch (AmazonServiceException e) when (e.ErrorCode == "ChangeSetNotFound" || (e.ErrorCode == "ValidationError" && e.Message.Contains("does not exist", StringComparison.Ordinal)))
        {
            return false;
        }
        catch (Exception e) when (e is AmazonServiceException or OperationCanceledException or HttpRequestException)
        {
            log.WriteLine($"Change set {changeSetName} could not be deleted ({e.Message}); it is harmless but counts against the stack's change set limit.");
            return false;
        }
    }

    static List<Parameter> Parameters(StackDeployRequest request, Stack? existing)
    {
        var unknown = request.Parameters.Keys.Where(k => !request.Template.ParameterNames.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new BuildException($"The template {request.Template.Path} has no parameter(s) {string.Join(", ", unknown)} (from --stack-parameters or the profile).");

        var parameters = request.Parameters.Select(p => new Parameter { ParameterKey = p.Key, ParameterValue = p.Value }).ToList();
        // As `aws cloudformation deploy` does: a parameter not given keeps the value the stack has, not the template default.
        foreach (var previous in existing?.Parameters ?? [])
        {
            if (previous.ParameterKey is { } key && !request.Parameters.ContainsKey(key) && request.Template.ParameterNames.Contains(key))
                parameters.Add(new Parameter { ParameterKey = key, UsePreviousValue = true });
        }
        return parameters;
    }

    static bool IsNoChanges(string? reason) =>
        reason is not null && (reason.Contains("didn't contain changes", StringComparison.Ordinal) || reason.Contains("No updates are to be performed", StringComparison.Ordinal));

    static string ChangeSetName(string label)
    {
        var cleaned = NotAllowedInChangeSetName().Replace(label, "-").Trim('-');
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        // Two deploys within a second (CI retries, tests) must not collide: AlreadyExistsException.
        var name = $"deploy-{cleaned}-{stamp}-{Guid.NewGuid().ToString("N")[..6]}";
        return name.Length <= 128 ? name : name[..128];
    }

    public static string ChangeSetTable(IReadOnlyList<ResourceChange> changes) =>
        changes.Count == 0
            ? "  (no resource changes)"
            : TextTable.Format(
                ["Action", "LogicalId", "Type", "Replacement"],
                changes.Select(c => (IReadOnlyList<string>)
                [
                    c.Action?.Value ?? "?",
                    c.LogicalResourceId ?? "?",
                    c.ResourceType ?? "?",
                    c.Action == ChangeAction.Modify ? (c.Replacement?.Value switch { "True" => "yes", "Conditional" => "conditional", _ => "no" }) : "-",
                ]));

    void WriteOutputs(string stackName, IReadOnlyDictionary<string, string> outputs)
    {
        if (outputs.Count == 0)
            return;
        log.WriteLine($"Outputs of stack {stackName}:");
        log.WriteLine(TextTable.Format(["Output", "Value"], outputs.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => (IReadOnlyList<string>)[o.Key, o.Value])));
    }

    static string FailureReport(string stackName, Stack final, IReadOnlyList<StackEvent> failures)
    {
        var meaning = final.StackStatus?.Value switch
        {
            "ROLLBACK_COMPLETE" => "the create failed and was rolled back; the stack must be deleted before it can be created again (--recreate-failed-stack)",
            "UPDATE_ROLLBACK_COMPLETE" => "the update failed and was rolled back to the previous version, which is running",
            "UPDATE_ROLLBACK_FAILED" => $"the update failed and so did its rollback: recover with aws cloudformation continue-update-rollback --stack-name {stackName}",
            "ROLLBACK_FAILED" => $"the create failed and so did its rollback: delete the stack (aws cloudformation delete-stack --stack-name {stackName})",
            _ => final.StackStatusReason ?? "the deploy did not complete",
        };
        return $"Stack {stackName} ended {final.StackStatus}: {meaning}.{FailureList(failures)}";
    }

    static string FailureList(IReadOnlyList<StackEvent> failures) =>
        failures.Count == 0
            ? ""
            : Environment.NewLine + "Failed resources:" + Environment.NewLine + string.Join(Environment.NewLine,
                failures.Select(f => $"  {f.LogicalResourceId} ({f.ResourceType}) {f.ResourceStatus}: {f.ResourceStatusReason}"));

    [GeneratedRegex("[^A-Za-z0-9-]+")]
    private static partial Regex NotAllowedInChangeSetName();
}
