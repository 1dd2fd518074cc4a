using System.Text.RegularExpressions;
using System.Xml.Linq;
using static Platform.FakeAws.QueryWire;

namespace Platform.FakeAws;

/// <summary>
/// CloudFormation stacks and change sets as state machines that advance one step per DescribeStacks/DescribeStackEvents
/// (first page) and per DescribeChangeSet call. Parameters are checked against the template's constraints, conditions decide
/// which resources a stack has, and outcomes come from state: resources reach ECS and ECR through <see cref="World"/>, so an
/// ECS service whose image is not in ECR never stabilises and the stack rolls back. <see cref="Script"/> stays for outcomes that
/// state cannot produce (an instance class not offered, a rollback that fails).
/// </summary>
public sealed class FakeCloudFormation
{
    private const string NoChanges = "The submitted information didn't contain changes. Submit different information to create a change set.";
    private const string StackType = "AWS::CloudFormation::Stack";

    private readonly FakeAwsOptions _options;
    private readonly FakeClock _clock;
    private readonly Lock _gate;
    private readonly List<FakeStack> _stacks = [];
    private readonly Dictionary<string, StackScript> _scripts = new(StringComparer.Ordinal);

    private readonly FakeSecretsManager? _secrets;
    private readonly FakeS3? _s3;

    internal FakeCloudFormation(FakeAwsOptions options, FakeClock clock, Lock gate, FakeSecretsManager? secrets = null, FakeS3? s3 = null)
    {
        _s3 = s3;
        _secrets = secrets;
        _options = options;
        _clock = clock;
        _gate = gate;
    }

    /// <summary>ECS and ECR as the stack's resources change them; null keeps resources inside CloudFormation.</summary>
    internal StackWorld? World { get; init; }

    /// <summary>Events per DescribeStackEvents page (AWS pages by about 100).</summary>
    public int EventsPageSize { get; set; } = 100;

    public int StacksPageSize { get; set; } = 100;

    /// <summary>
    /// The DescribeChangeSet call that first sees the change set ready (CREATE_COMPLETE or FAILED). The call before it sees
    /// CREATE_IN_PROGRESS, earlier ones CREATE_PENDING: with 3, the statuses are PENDING, IN_PROGRESS, COMPLETE.
    /// </summary>
    public int ChangeSetDescribesUntilReady { get; set; } = 2;

    /// <summary>
    /// Events a change set's execution advances per DescribeStacks/DescribeStackEvents. Several, as a client polling every
    /// few seconds sees them (CloudFormation works on independent resources at once): one a poll made a deploy of the
    /// repository's template ~130 polls of two requests each, 15,000 requests in Build.Tests and most of its CPU. A test
    /// that needs the wait to last (to see its progress lines) sets 1.
    /// </summary>
    public int ExecutionStepsPerPoll { get; set; } = 6;

    /// <summary>Sets how the next deploys of <paramref name="stackName"/> go, replacing any earlier script.</summary>
    public void Script(string stackName, Action<StackScript> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var script = new StackScript();
        configure(script);
        lock (_gate)
        {
            _scripts[stackName] = script;
        }
    }

    /// <summary>
    /// Seeds an existing stack in any status. A *_IN_PROGRESS status settles to its end state after <paramref name="settlesAfter"/>
    /// describes (CREATE_IN_PROGRESS → CREATE_COMPLETE, UPDATE_ROLLBACK_IN_PROGRESS → UPDATE_ROLLBACK_COMPLETE, …) unless
    /// <paramref name="settlesTo"/> says otherwise.
    /// </summary>
    public void AddStack(
        string stackName, string status, string? templateBody = null, IReadOnlyDictionary<string, string>? parameters = null,
        IReadOnlyDictionary<string, string>? outputs = null, string? statusReason = null, int settlesAfter = 3, string? settlesTo = null)
    {
        lock (_gate)
        {
            var template = templateBody is null ? null : FakeTemplate.Parse(templateBody);
            var stack = new FakeStack(stackName, StackArn(stackName), _clock.Next())
            {
                TemplateBody = templateBody,
                Template = template,
            };
            foreach (var (key, value) in parameters ?? new Dictionary<string, string>())
            {
                stack.Parameters[key] = value;
            }

            // A stack holds a value for every parameter: those not given took their default.
            foreach (var parameter in template?.Parameters.Where(p => p.Default is not null && !stack.Parameters.ContainsKey(p.Name)) ?? [])
            {
                stack.Parameters[parameter.Name] = parameter.Default!;
            }

            foreach (var (key, value) in outputs ?? new Dictionary<string, string>())
            {
                stack.Outputs[key] = value;
            }

            // As CloudFormation would have: only the resources whose condition held for these parameters (and the defaults).
            var values = template is null ? null : Values(stack, template, template.Parameters
                .Where(p => p.Default is not null || stack.Parameters.ContainsKey(p.Name))
                .ToDictionary(p => p.Name, p => stack.Parameters.GetValueOrDefault(p.Name) ?? p.Default!, StringComparer.Ordinal));
            foreach (var resource in template?.Resources.Where(r => values!.Includes(r)) ?? [])
            {
                stack.Resources.Add(resource);
            }

            _stacks.Add(stack);
            if (status is not ("REVIEW_IN_PROGRESS" or "ROLLBACK_COMPLETE" or "DELETE_COMPLETE"))
            {
                CreateSecrets(stack.Resources, stack.Parameters);
                // A stack that exists has its cluster in ECS and its outputs resolved from the template (given ones win).
                foreach (var cluster in stack.Resources.Where(r => r.Type == "AWS::ECS::Cluster"))
                {
                    World?.Apply(stack, cluster, values!);
                }

                foreach (var (key, (value, condition)) in template?.OutputDefinitions ?? new Dictionary<string, (YamlDotNet.RepresentationModel.YamlNode, string?)>())
                {
                    if (!stack.Outputs.ContainsKey(key) && (condition is null || values!.Condition(condition)) && values!.Resolve(value) is { } resolved)
                    {
                        stack.Outputs[key] = resolved;
                    }
                }
            }

            Emit(stack, null, "CREATE_IN_PROGRESS", "User Initiated");
            foreach (var resource in stack.Resources)
            {
                Emit(stack, resource, "CREATE_IN_PROGRESS", null);
                Emit(stack, resource, "CREATE_COMPLETE", null);
            }

            SetStatus(stack, status, statusReason);
            if (status.EndsWith("_IN_PROGRESS", StringComparison.Ordinal) && status != "REVIEW_IN_PROGRESS")
            {
                var end = settlesTo ?? status.Replace("_CLEANUP_IN_PROGRESS", "", StringComparison.Ordinal).Replace("_IN_PROGRESS", "_COMPLETE", StringComparison.Ordinal);
                for (var i = 1; i < settlesAfter; i++)
                {
                    var resource = stack.Resources.Count == 0 ? null : stack.Resources[(i - 1) % stack.Resources.Count];
                    var resourceStatus = status.StartsWith("DELETE", StringComparison.Ordinal) ? "DELETE_IN_PROGRESS" : "UPDATE_IN_PROGRESS";
                    stack.Pending.Enqueue(() => Emit(stack, resource, resourceStatus, null));
                }


                stack.Pending.Enqueue(() =>
                {
                    SetStatus(stack, end, null);
                    stack.Deleted = end == "DELETE_COMPLETE";
                });
            }
        }
    }

    /// <summary>Secrets Manager holds each AWS::SecretsManager::Secret a stack creates, with a generated placeholder value.</summary>
    private void CreateSecrets(IEnumerable<FakeTemplateResource> resources, IReadOnlyDictionary<string, string> parameters)
    {
        foreach (var resource in resources.Where(r => r.Type == "AWS::SecretsManager::Secret"))
        {
            _secrets?.CreateFromTemplate(resource, parameters);
        }
    }

    public FakeStackState? Stack(string stackName)
    {
        lock (_gate)
        {
            var stack = _stacks.LastOrDefault(s => s.Name == stackName);
            return stack is null
                ? null
                : new FakeStackState(
                    stack.Name, stack.Id, stack.Status, stack.StatusReason,
                    new Dictionary<string, string>(stack.Parameters), new Dictionary<string, string>(stack.Outputs),
                    stack.Resources.Select(r => r.LogicalId).ToList(), stack.ChangeSets.Select(c => c.Name).ToList(),
                    stack.Events.ToList(), stack.Deleted);
        }
    }

    internal object?[]? Handle(string operation, Dictionary<string, string> form) => operation switch
    {
        "ValidateTemplate" => ValidateTemplate(form),
        "DescribeStacks" => DescribeStacks(form),
        "CreateChangeSet" => CreateChangeSet(form),
        "DescribeChangeSet" => DescribeChangeSet(form),
        "ExecuteChangeSet" => ExecuteChangeSet(form),
        "DeleteChangeSet" => DeleteChangeSet(form),
        "DescribeStackEvents" => DescribeStackEvents(form),
        "DeleteStack" => DeleteStack(form),
        "UpdateStack" => UpdateStack(form),
        "SetStackPolicy" => SetStackPolicy(form),
        "GetStackPolicy" => GetStackPolicy(form),
        _ => throw new FakeAwsException("InvalidAction", $"Could not find operation {operation} for version 2010-05-15"),
    };

    private object?[] ValidateTemplate(Dictionary<string, string> form)
    {
        var template = FakeTemplate.Parse(TemplateSource.Read(form, _s3));
        var (capabilities, reason) = template.RequiredCapabilities();
        return
        [
            Members("Parameters", template.Parameters, p => [E("ParameterKey", p.Name), E("DefaultValue", p.Default), E("NoEcho", p.NoEcho), E("Description", p.Description)]),
            E("Description", template.Description),
            Members("Capabilities", capabilities, c => [c]),
            E("CapabilitiesReason", reason),
        ];
    }

    private object?[] DescribeStacks(Dictionary<string, string> form)
    {
        var name = form.GetValueOrDefault("StackName");
        List<FakeStack> stacks;
        if (name is null)
        {
            stacks = _stacks.Where(s => !s.Deleted).ToList();
        }
        else
        {
            stacks = [Find(name)];
        }

        if (form.GetValueOrDefault("NextToken") is null)
        {
            stacks.ForEach(Advance);
        }

        var start = JsonWire.FromToken(form.GetValueOrDefault("NextToken"), "ValidationError");
        var page = stacks.Skip(start).Take(StacksPageSize).ToList();
        return
        [
            Members("Stacks", page, StackMembers),
            E("NextToken", start + page.Count < stacks.Count ? JsonWire.Token(start + page.Count) : null),
        ];
    }

    private object?[] StackMembers(FakeStack s)
    {
        var noEcho = s.Template?.Parameters.Where(p => p.NoEcho).Select(p => p.Name).ToHashSet() ?? [];
        return
        [
            E("StackId", s.Id),
            E("StackName", s.Name),
            E("Description", s.Template?.Description),
            Members("Parameters", s.Parameters, p => [E("ParameterKey", p.Key), E("ParameterValue", noEcho.Contains(p.Key) ? "****" : p.Value)]),
            E("CreationTime", s.CreationTime),
            E("LastUpdatedTime", s.LastUpdatedTime),
            E("StackStatus", s.Status),
            E("StackStatusReason", s.StatusReason),
            Members("Capabilities", s.Capabilities, c => [c]),
            s.Outputs.Count == 0 ? null : Members("Outputs", s.Outputs, o => [E("OutputKey", o.Key), E("OutputValue", o.Value)]),
        ];
    }

    private object?[] CreateChangeSet(Dictionary<string, string> form)
    {
        var (stack, changeSet) = NewChangeSet(form, Required(form, "ChangeSetName"), form.GetValueOrDefault("ChangeSetType") ?? "UPDATE");
        if (stack.ChangeSets.Any(c => c.Name == changeSet.Name))
        {
            throw new FakeAwsException("AlreadyExistsException", $"ChangeSet {changeSet.Name} already exists");
        }

        stack.ChangeSets.Add(changeSet);
        return [E("Id", changeSet.Id), E("StackId", stack.Id)];
    }

    /// <summary>
    /// UpdateStack: the same changes a change set would hold, executed at once. StackPolicyDuringUpdateBody replaces the stack's
    /// policy for this update only ("If you do not specify a stack policy, the current policy that is associated with the stack
    /// will be used"): https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_UpdateStack.html
    /// </summary>
    private object?[] UpdateStack(Dictionary<string, string> form)
    {
        var (stack, changeSet) = NewChangeSet(form, "update-stack-" + Guid.NewGuid().ToString("N")[..8], "UPDATE");
        if (changeSet.Changes.Count == 0)
        {
            throw FakeAwsException.Validation("No updates are to be performed.");
        }

        changeSet.DuringUpdatePolicy = form.GetValueOrDefault("StackPolicyDuringUpdateBody") is { } body ? FakeStackPolicy.Parse(body) : null;
        changeSet.ExecutionStatus = "EXECUTE_IN_PROGRESS";
        new Execution(this, stack, changeSet, ScriptFor(stack.Name)).Plan();
        return [E("StackId", stack.Id)];
    }

    private object?[]? SetStackPolicy(Dictionary<string, string> form)
    {
        var stack = Find(Required(form, "StackName"));
        stack.Policy = FakeStackPolicy.Parse(Required(form, "StackPolicyBody"));
        return null;
    }

    private object?[] GetStackPolicy(Dictionary<string, string> form) => [E("StackPolicyBody", Find(Required(form, "StackName")).Policy?.Body)];

    private (FakeStack Stack, FakeChangeSet ChangeSet) NewChangeSet(Dictionary<string, string> form, string changeSetName, string type)
    {
        var stackName = Required(form, "StackName");
        var existing = _stacks.LastOrDefault(s => (s.Name == stackName || s.Id == stackName) && !s.Deleted);
        var usePrevious = string.Equals(form.GetValueOrDefault("UsePreviousTemplate"), "true", StringComparison.OrdinalIgnoreCase);
        var body = usePrevious ? existing?.TemplateBody : TemplateSource.Read(form, _s3);
        var template = FakeTemplate.Parse(body);

        var (required, _) = template.RequiredCapabilities();
        var granted = ListMembers(form, "Capabilities");
        var missing = required.Where(c => !granted.Contains(c) && !(c == "CAPABILITY_IAM" && granted.Contains("CAPABILITY_NAMED_IAM"))).ToList();
        if (missing.Count > 0)
        {
            throw new FakeAwsException("InsufficientCapabilitiesException", $"Requires capabilities : [{string.Join(", ", missing)}]");
        }

        if (type == "CREATE")
        {
            if (existing is not null && existing.Status != "REVIEW_IN_PROGRESS")
            {
                throw new FakeAwsException("AlreadyExistsException", $"Stack [{stackName}] already exists");
            }
        }
        else if (type == "UPDATE")
        {
            if (existing is null || existing.Status == "REVIEW_IN_PROGRESS")
            {
                throw FakeAwsException.Validation($"Stack [{stackName}] does not exist");
            }

            if (!CanUpdate(existing.Status))
            {
                throw FakeAwsException.Validation($"Stack:{existing.Id} is in {existing.Status} state and can not be updated.");
            }
        }
        else
        {
            throw FakeAwsException.Validation($"1 validation error detected: Value '{type}' at 'changeSetType' failed to satisfy constraint: Member must satisfy enum value set: [IMPORT, UPDATE, CREATE]");
        }

        var parameters = ResolveParameters(template, form, existing);
        var stack = existing;
        if (stack is null)
        {
            stack = new FakeStack(stackName, StackArn(stackName), _clock.Next());
            _stacks.Add(stack);
            SetStatus(stack, "REVIEW_IN_PROGRESS", "User Initiated");
        }

        var script = ScriptFor(stack.Name);
        var values = Values(stack, template, parameters);
        var resources = template.Resources.Where(values.Includes).ToList();
        var planned = stack;
        var changes = ChangeSetPlanner.Plan(type == "CREATE" ? null : stack, resources, parameters, script, id => PhysicalId(planned, id));
        var changeSet = new FakeChangeSet(changeSetName, $"arn:aws:cloudformation:{_options.Region}:{_options.AccountId}:changeSet/{changeSetName}/{Guid.NewGuid()}")
        {
            Type = type,
            TemplateBody = body!,
            Template = template,
            Resources = resources,
            Parameters = parameters,
            Changes = changes,
            Capabilities = granted,
            Description = form.GetValueOrDefault("Description"),
            CreationTime = _clock.Next(),
            FinalReason = script.ChangeSetFailure ?? (changes.Count == 0 ? NoChanges : null),
        };
        return (stack, changeSet);
    }

    private object?[] DescribeChangeSet(Dictionary<string, string> form)
    {
        var (stack, changeSet) = FindChangeSet(form);
        changeSet.Describes++;
        if (changeSet.Status is "CREATE_PENDING" or "CREATE_IN_PROGRESS")
        {
            if (changeSet.Describes >= ChangeSetDescribesUntilReady)
            {
                changeSet.Status = changeSet.FinalReason is null ? "CREATE_COMPLETE" : "FAILED";
                changeSet.StatusReason = changeSet.FinalReason;
                changeSet.ExecutionStatus = changeSet.FinalReason is null ? "AVAILABLE" : "UNAVAILABLE";
            }
            else if (changeSet.Describes == ChangeSetDescribesUntilReady - 1)
            {
                changeSet.Status = "CREATE_IN_PROGRESS";
            }
        }

        var noEcho = changeSet.Template.Parameters.Where(p => p.NoEcho).Select(p => p.Name).ToHashSet();
        var visible = changeSet.Status is "CREATE_COMPLETE" ? changeSet.Changes : [];
        return
        [
            E("ChangeSetName", changeSet.Name),
            E("ChangeSetId", changeSet.Id),
            E("StackId", stack.Id),
            E("StackName", stack.Name),
            E("Description", changeSet.Description),
            Members("Parameters", changeSet.Parameters, p => [E("ParameterKey", p.Key), E("ParameterValue", noEcho.Contains(p.Key) ? "****" : p.Value)]),
            E("CreationTime", changeSet.CreationTime),
            E("ExecutionStatus", changeSet.ExecutionStatus),
            E("Status", changeSet.Status),
            E("StatusReason", changeSet.StatusReason),
            Members("Capabilities", changeSet.Capabilities, c => [c]),
            Members("Changes", visible, c =>
            [
                E("Type", "Resource"),
                new XElement("ResourceChange",
                    E("Action", c.Action),
                    E("LogicalResourceId", c.LogicalId),
                    E("PhysicalResourceId", c.PhysicalId),
                    E("ResourceType", c.Type),
                    E("Replacement", c.Replacement),
                    E("PolicyAction", c.PolicyAction),
                    c.Action == "Modify" ? Members("Scope", c.Scope, s => [s]) : null,
                    c.Action == "Modify" ? Members("Details", c.Details, d =>
                    [
                        new XElement("Target", E("Attribute", "Properties"), E("Name", d.Property), E("RequiresRecreation", d.RequiresRecreation)),
                        E("Evaluation", d.Evaluation),
                        E("ChangeSource", d.ChangeSource),
                        E("CausingEntity", d.CausingEntity),
                    ]) : null),
            ]),
        ];
    }

    private object?[]? ExecuteChangeSet(Dictionary<string, string> form)
    {
        var (stack, changeSet) = FindChangeSet(form);
        if (changeSet.ExecutionStatus != "AVAILABLE")
        {
            throw new FakeAwsException("InvalidChangeSetStatus", $"ChangeSet [{changeSet.Id}] cannot be executed in its current execution status of [{changeSet.ExecutionStatus}]");
        }

        if (stack.Status != "REVIEW_IN_PROGRESS" && !CanUpdate(stack.Status))
        {
            throw FakeAwsException.Validation($"Stack:{stack.Id} is in {stack.Status} state and can not be updated.");
        }

        // CloudFormation drops a stack's other change sets once one executes.
        stack.ChangeSets.RemoveAll(c => c != changeSet);
        changeSet.ExecutionStatus = "EXECUTE_IN_PROGRESS";
        new Execution(this, stack, changeSet, ScriptFor(stack.Name)).Plan();
        return null;
    }

    private object?[]? DeleteChangeSet(Dictionary<string, string> form)
    {
        var (stack, changeSet) = FindChangeSet(form);
        if (changeSet.ExecutionStatus == "EXECUTE_IN_PROGRESS")
        {
            throw new FakeAwsException("InvalidChangeSetStatus", $"Cannot delete ChangeSet [{changeSet.Id}] while it is executing.");
        }

        stack.ChangeSets.Remove(changeSet);
        return null;
    }

    private object?[] DescribeStackEvents(Dictionary<string, string> form)
    {
        var stack = Find(Required(form, "StackName"));
        var token = form.GetValueOrDefault("NextToken");
        if (token is null)
        {
            Advance(stack);
        }

        var newestFirst = Enumerable.Reverse(stack.Events).ToList();
        var start = JsonWire.FromToken(token, "ValidationError");
        var page = newestFirst.Skip(start).Take(EventsPageSize).ToList();
        return
        [
            Members("StackEvents", page, e =>
            [
                E("StackId", stack.Id),
                E("EventId", e.EventId),
                E("StackName", stack.Name),
                E("LogicalResourceId", e.LogicalResourceId),
                E("PhysicalResourceId", e.PhysicalResourceId),
                E("ResourceType", e.ResourceType),
                E("Timestamp", e.Timestamp),
                E("ResourceStatus", e.Status),
                E("ResourceStatusReason", e.Reason),
            ]),
            E("NextToken", start + page.Count < newestFirst.Count ? JsonWire.Token(start + page.Count) : null),
        ];
    }

    private object?[]? DeleteStack(Dictionary<string, string> form)
    {
        var name = Required(form, "StackName");
        var stack = _stacks.LastOrDefault(s => (s.Name == name || s.Id == name) && !s.Deleted);
        if (stack is null || stack.Status == "DELETE_IN_PROGRESS")
        {
            return null; // Deleting a missing stack succeeds silently, as in AWS.
        }

        if (stack.Status.EndsWith("_IN_PROGRESS", StringComparison.Ordinal) && stack.Status != "REVIEW_IN_PROGRESS")
        {
            throw FakeAwsException.Validation($"Stack [{stack.Name}] cannot be deleted while in status {stack.Status}");
        }

        stack.Pending.Clear();
        stack.ChangeSets.Clear();
        SetStatus(stack, "DELETE_IN_PROGRESS", "User Initiated");
        var resources = stack.Resources.AsEnumerable().Reverse().ToList();
        stack.Pending.Enqueue(() => resources.ForEach(r =>
        {
            Emit(stack, r, "DELETE_IN_PROGRESS", null);
            World?.Remove(stack, r);
            Emit(stack, r, "DELETE_COMPLETE", null);
        }));
        stack.Pending.Enqueue(() =>
        {
            stack.Resources.Clear();
            SetStatus(stack, "DELETE_COMPLETE", null);
            stack.Deleted = true;
        });
        return null;
    }

    private FakeIntrinsics Values(FakeStack stack, FakeTemplate template, IReadOnlyDictionary<string, string> parameters) =>
        new(template, parameters, _options, stack.Name, stack.Id, resource => PhysicalId(stack, resource, template, parameters));

    /// <summary>The recorded physical id; before creation, the name a named resource will have, else a made-up id.</summary>
    private string PhysicalId(FakeStack stack, FakeTemplateResource resource, FakeTemplate template, IReadOnlyDictionary<string, string> parameters)
    {
        if (stack.PhysicalIds.TryGetValue(resource.LogicalId, out var id))
        {
            return id;
        }

        return StackWorld.NameProperty(resource.Type) is { } property && Values(stack, template, parameters).Property(resource, "Properties", property) is { } name
            ? name
            : PhysicalId(stack, resource.LogicalId);
    }

    private static Dictionary<string, string> ResolveParameters(FakeTemplate template, Dictionary<string, string> form, FakeStack? existing)
    {
        var given = StructMembers(form, "Parameters");
        var unknown = given.Select(g => g.GetValueOrDefault("ParameterKey") ?? "").Where(k => template.Parameters.All(p => p.Name != k)).ToList();
        if (unknown.Count > 0)
        {
            throw FakeAwsException.Validation($"Parameters: [{string.Join(", ", unknown)}] do not exist in the template");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var parameter in template.Parameters)
        {
            var entry = given.FirstOrDefault(g => g.GetValueOrDefault("ParameterKey") == parameter.Name);
            var value = entry is null ? parameter.Default
                : string.Equals(entry.GetValueOrDefault("UsePreviousValue"), "true", StringComparison.OrdinalIgnoreCase) ? existing?.Parameters.GetValueOrDefault(parameter.Name)
                : entry.GetValueOrDefault("ParameterValue") ?? "";
            if (value is null)
            {
                missing.Add(parameter.Name);
            }
            else
            {
                FakeParameterConstraints.Check(parameter, value);
                values[parameter.Name] = value;
            }
        }

        if (missing.Count > 0)
        {
            throw FakeAwsException.Validation($"Parameters: [{string.Join(", ", missing)}] must have values");
        }

        return values;
    }

    private static bool CanUpdate(string status) =>
        status is "CREATE_COMPLETE" or "UPDATE_COMPLETE" or "UPDATE_ROLLBACK_COMPLETE" or "IMPORT_COMPLETE" or "IMPORT_ROLLBACK_COMPLETE";

    private (FakeStack Stack, FakeChangeSet ChangeSet) FindChangeSet(Dictionary<string, string> form)
    {
        var name = Required(form, "ChangeSetName");
        var stackName = form.GetValueOrDefault("StackName");
        if (!name.StartsWith("arn:", StringComparison.Ordinal) && stackName is null)
        {
            throw FakeAwsException.Validation("StackName must be specified if ChangeSetName is not specified as an ARN.");
        }

        foreach (var stack in _stacks.Where(s => !s.Deleted && (stackName is null || s.Name == stackName || s.Id == stackName)))
        {
            if (stack.ChangeSets.FirstOrDefault(c => c.Name == name || c.Id == name) is { } changeSet)
            {
                return (stack, changeSet);
            }
        }

        throw new FakeAwsException("ChangeSetNotFound", $"ChangeSet [{name}] does not exist");
    }

    private FakeStack Find(string nameOrId) =>
        _stacks.LastOrDefault(s => nameOrId.StartsWith("arn:", StringComparison.Ordinal) ? s.Id == nameOrId : s.Name == nameOrId && !s.Deleted)
        ?? throw FakeAwsException.Validation($"Stack with id {nameOrId} does not exist");

    private static void Advance(FakeStack stack) => stack.Pending.RunNext();

    private StackScript ScriptFor(string stackName) => _scripts.GetValueOrDefault(stackName) ?? new StackScript();

    private string StackArn(string name) => $"arn:aws:cloudformation:{_options.Region}:{_options.AccountId}:stack/{name}/{Guid.NewGuid()}";

    private static string PhysicalId(FakeStack stack, string logicalId) =>
        stack.PhysicalIds.TryGetValue(logicalId, out var id) ? id : $"{stack.Name}-{logicalId}-{Math.Abs(StringComparer.Ordinal.GetHashCode(stack.Id + logicalId)) % 1_000_000:D6}";

    private void SetStatus(FakeStack stack, string status, string? reason)
    {
        stack.Status = status;
        stack.StatusReason = reason;
        if (status.StartsWith("UPDATE", StringComparison.Ordinal))
        {
            stack.LastUpdatedTime = _clock.Next();
        }

        Emit(stack, null, status, reason);
    }

    private void Emit(FakeStack stack, FakeTemplateResource? resource, string status, string? reason) =>
        stack.Events.Add(new FakeStackEvent(
            Guid.NewGuid().ToString(),
            resource?.LogicalId ?? stack.Name,
            resource is null ? stack.Id : PhysicalId(stack, resource.LogicalId),
            resource?.Type ?? StackType,
            status,
            reason,
            _clock.Next()));

    private static string Required(Dictionary<string, string> form, string name) =>
        form.GetValueOrDefault(name) is { Length: > 0 } value
            ? value
            : throw FakeAwsException.Validation($"1 validation error detected: Value null at '{char.ToLowerInvariant(name[0])}{name[1..]}' failed to satisfy constraint: Member must not be null");

    private static List<string> ListMembers(Dictionary<string, string> form, string name) =>
        Enumerable.Range(1, 100).Select(i => form.GetValueOrDefault($"{name}.member.{i}")).TakeWhile(v => v is not null).Select(v => v!).ToList();

    private static List<Dictionary<string, string>> StructMembers(Dictionary<string, string> form, string name)
    {
        var members = new List<Dictionary<string, string>>();
        for (var i = 1; ; i++)
        {
            var prefix = $"{name}.member.{i}.";
            var fields = form.Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(f => f.Key[prefix.Length..], f => f.Value);
            if (fields.Count == 0)
            {
                return members;
            }

            members.Add(fields);
        }
    }

    /// <summary>
    /// Plans the steps of one change set execution; each DescribeStacks/DescribeStackEvents runs the next few. A scripted failure
    /// is known when planning; a service that does not stabilise fails while it runs, and its step then plans the rollback.
    /// </summary>
    private sealed class Execution(FakeCloudFormation cfn, FakeStack stack, FakeChangeSet changeSet, StackScript script)
    {
        private readonly StepQueue _steps = stack.Pending;

        private bool Create => changeSet.Type == "CREATE";

        public void Plan()
        {
            _steps.StepsPerPoll = cfn.ExecutionStepsPerPoll;
            var verb = Create ? "CREATE" : "UPDATE";
            cfn.SetStatus(stack, verb + "_IN_PROGRESS", "User Initiated");
            var values = cfn.Values(stack, changeSet.Template, changeSet.Parameters);

            var applied = new List<FakeChange>();
            if (changeSet.Changes.Where(c => c.Action == "Remove").Select(c => (Change: c, Denied: Denied(c))).FirstOrDefault(c => c.Denied is not null) is { Change: { } removal } refused)
            {
                _steps.Enqueue(() => cfn.Emit(stack, Resource(removal), "UPDATE_FAILED", refused.Denied));
                PlanRollback(removal, applied);
                return;
            }

            foreach (var change in changeSet.Changes.Where(c => c.Action != "Remove"))
            {
                var resource = Resource(change);
                var (progress, complete, failed) = Statuses(change);
                if ((Denied(change) ?? script.Failures.GetValueOrDefault(change.LogicalId)) is { } reason)
                {
                    _steps.Enqueue(() =>
                    {
                        cfn.Emit(stack, resource, progress, null);
                        cfn.Emit(stack, resource, failed, reason);
                    });
                    PlanRollback(change, applied);
                    return;
                }

                var appliedBefore = applied.ToList();
                Func<string?>? stabilised = null;
                _steps.Enqueue(() =>
                {
                    cfn.Emit(stack, resource, progress, null);
                    cfn.Emit(stack, resource, progress, change.Action == "Add" ? "Resource creation Initiated" : null);
                    stabilised = cfn.World?.Apply(stack, resource, values);
                });
                _steps.EnqueueUntil(() =>
                {
                    var outcome = stabilised is null ? "" : stabilised();
                    if (outcome is null)
                    {
                        return false;
                    }

                    if (outcome.Length == 0)
                    {
                        cfn.Emit(stack, resource, complete, null);
                        return true;
                    }

                    cfn.Emit(stack, resource, failed, outcome);
                    _steps.Clear();
                    PlanRollback(change, appliedBefore);
                    return true;
                });
                applied.Add(change);
            }

            var removed = changeSet.Changes.Where(c => c.Action == "Remove").ToList();
            if (!Create)
            {
                _steps.Enqueue(() =>
                {
                    cfn.SetStatus(stack, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", null);
                    foreach (var change in removed)
                    {
                        cfn.Emit(stack, Resource(change), "DELETE_IN_PROGRESS", null);
                        cfn.World?.Remove(stack, Resource(change));
                        cfn.Emit(stack, Resource(change), "DELETE_COMPLETE", null);
                    }
                });
            }

            _steps.Enqueue(() =>
            {
                stack.TemplateBody = changeSet.TemplateBody;
                stack.Template = changeSet.Template;
                stack.Resources.Clear();
                stack.Resources.AddRange(changeSet.Resources);
                stack.Parameters.Clear();
                foreach (var (key, value) in changeSet.Parameters)
                {
                    stack.Parameters[key] = value;
                }

                stack.Capabilities = changeSet.Capabilities;
                stack.Outputs.Clear();
                // As CloudFormation does, outputs are the template's values resolved for this stack (outputs whose
                // condition is false are left out); a test's scripted value stands in where it sets one.
                var values = cfn.Values(stack, changeSet.Template, stack.Parameters);
                foreach (var (key, (value, condition)) in changeSet.Template.OutputDefinitions)
                {
                    if (script.OutputValues.TryGetValue(key, out var scripted))
                    {
                        stack.Outputs[key] = scripted;
                    }
                    else if ((condition is null || values.Condition(condition)) && values.Resolve(value) is { } resolved)
                    {
                        stack.Outputs[key] = resolved;
                    }
                }

                cfn.CreateSecrets(applied.Where(c => c.Action == "Add").Select(Resource), stack.Parameters);
                changeSet.ExecutionStatus = "EXECUTE_COMPLETE";
                cfn.SetStatus(stack, verb + "_COMPLETE", null);
            });
        }

        /// <summary>
        /// The stack policy's verdict on an update's change: a replacement (True, or Conditional, which here always stems from a
        /// replaced resource it refers to) is Update:Replace, a removal Update:Delete, any other modification Update:Modify.
        /// </summary>
        private string? Denied(FakeChange change)
        {
            var policy = changeSet.DuringUpdatePolicy ?? stack.Policy;
            if (Create || policy is null || change.Action == "Add")
            {
                return null;
            }

            var action = change.Action == "Remove" ? "Update:Delete" : change.Replacement is "True" or "Conditional" ? "Update:Replace" : "Update:Modify";
            return policy.Denies(action, change.LogicalId, change.Type);
        }

        private static (string Progress, string Complete, string Failed) Statuses(FakeChange change) => change.Action == "Add"
            ? ("CREATE_IN_PROGRESS", "CREATE_COMPLETE", "CREATE_FAILED")
            : ("UPDATE_IN_PROGRESS", "UPDATE_COMPLETE", "UPDATE_FAILED");

        private void PlanRollback(FakeChange failedChange, List<FakeChange> applied)
        {
            var failedVerb = failedChange.Action == "Add" ? "create" : "update";
            var reason = $"The following resource(s) failed to {failedVerb}: [{failedChange.LogicalId}]. " + (Create ? "Rollback requested by user." : "");
            if (Create)
            {
                _steps.Enqueue(() => cfn.SetStatus(stack, "ROLLBACK_IN_PROGRESS", reason.TrimEnd()));
                _steps.Enqueue(() =>
                {
                    foreach (var change in applied.Append(failedChange).Reverse())
                    {
                        cfn.Emit(stack, Resource(change), "DELETE_IN_PROGRESS", null);
                        cfn.World?.Remove(stack, Resource(change));
                        cfn.Emit(stack, Resource(change), "DELETE_COMPLETE", null);
                    }
                });
                _steps.Enqueue(() =>
                {
                    changeSet.ExecutionStatus = "EXECUTE_FAILED";
                    cfn.SetStatus(stack, "ROLLBACK_COMPLETE", null);
                });
                return;
            }

            _steps.Enqueue(() => cfn.SetStatus(stack, "UPDATE_ROLLBACK_IN_PROGRESS", reason.TrimEnd()));
            var reverted = applied.Where(c => c.Action == "Modify").Append(failedChange).Where(c => c.Action == "Modify").Distinct().Reverse().ToList();
            var rollbackFailure = reverted.FirstOrDefault(c => script.RollbackFailures.ContainsKey(c.LogicalId));
            _steps.Enqueue(() =>
            {
                foreach (var change in reverted)
                {
                    cfn.Emit(stack, Resource(change), "UPDATE_IN_PROGRESS", null);
                    if (change == rollbackFailure)
                    {
                        cfn.Emit(stack, Resource(change), "UPDATE_FAILED", script.RollbackFailures[change.LogicalId]);
                        return;
                    }

                    cfn.Emit(stack, Resource(change), "UPDATE_COMPLETE", null);
                }
            });
            if (rollbackFailure is not null)
            {
                _steps.Enqueue(() =>
                {
                    changeSet.ExecutionStatus = "EXECUTE_FAILED";
                    cfn.SetStatus(stack, "UPDATE_ROLLBACK_FAILED", $"The following resource(s) failed to update: [{rollbackFailure.LogicalId}]. ");
                });
                return;
            }

            var added = applied.Where(c => c.Action == "Add").Append(failedChange).Where(c => c.Action == "Add").Distinct().Reverse().ToList();
            _steps.Enqueue(() =>
            {
                cfn.SetStatus(stack, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", null);
                foreach (var change in added)
                {
                    cfn.Emit(stack, Resource(change), "DELETE_IN_PROGRESS", null);
                    cfn.World?.Remove(stack, Resource(change));
                    cfn.Emit(stack, Resource(change), "DELETE_COMPLETE", null);
                }
            });
            _steps.Enqueue(() =>
            {
                changeSet.ExecutionStatus = "EXECUTE_FAILED";
                cfn.SetStatus(stack, "UPDATE_ROLLBACK_COMPLETE", null);
            });
        }

        private FakeTemplateResource Resource(FakeChange change) =>
            changeSet.Resources.FirstOrDefault(r => r.LogicalId == change.LogicalId)
            ?? stack.Resources.FirstOrDefault(r => r.LogicalId == change.LogicalId)
            ?? new FakeTemplateResource(change.LogicalId, change.Type, "");
    }
}

internal sealed class FakeStack(string name, string id, DateTime created)
{
    public string Name { get; } = name;
    public string Id { get; } = id;
    public DateTime CreationTime { get; } = created;
    public DateTime? LastUpdatedTime { get; set; }
    public string Status { get; set; } = "REVIEW_IN_PROGRESS";
    public string? StatusReason { get; set; }
    public string? TemplateBody { get; set; }
    public FakeTemplate? Template { get; set; }
    public Dictionary<string, string> Parameters { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Outputs { get; } = new(StringComparer.Ordinal);
    public List<FakeTemplateResource> Resources { get; } = [];
    public List<string> Capabilities { get; set; } = [];
    public List<FakeStackEvent> Events { get; } = [];
    public StepQueue Pending { get; } = new();
    public Dictionary<string, string> PhysicalIds { get; } = new(StringComparer.Ordinal);
    public List<FakeChangeSet> ChangeSets { get; } = [];
    public bool Deleted { get; set; }

    /// <summary>The stack policy (SetStackPolicy); null: every update is allowed.</summary>
    public FakeStackPolicy? Policy { get; set; }
}

internal sealed class FakeChangeSet(string name, string id)
{
    public string Name { get; } = name;
    public string Id { get; } = id;
    public required string Type { get; init; }
    public required string TemplateBody { get; init; }
    public required FakeTemplate Template { get; init; }

    /// <summary>The template's resources whose condition holds for these parameters.</summary>
    public required List<FakeTemplateResource> Resources { get; init; }
    public required Dictionary<string, string> Parameters { get; init; }
    public required List<FakeChange> Changes { get; init; }
    public required List<string> Capabilities { get; init; }
    public string? Description { get; init; }
    public DateTime CreationTime { get; init; }
    public string? FinalReason { get; init; }
    public string Status { get; set; } = "CREATE_PENDING";
    public string? StatusReason { get; set; }
    public string ExecutionStatus { get; set; } = "UNAVAILABLE";
    public int Describes { get; set; }

    /// <summary>UpdateStack's StackPolicyDuringUpdateBody: used instead of the stack's policy for this execution only.</summary>
    public FakeStackPolicy? DuringUpdatePolicy { get; set; }
}

internal sealed record FakeChange(string Action, string LogicalId, string Type, string? PhysicalId, string? Replacement, List<string> Scope)
{
    public List<FakeChangeDetail> Details { get; init; } = [];

    /// <summary>Delete/Retain/Snapshot for a Remove, ReplaceAnd… for a replacement; null otherwise.</summary>
    public string? PolicyAction { get; init; }
}
