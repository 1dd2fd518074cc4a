using System.Linq.Expressions;

namespace BuildCore;

/// <summary>A target is a property returning this delegate: <c>Target Compile => _ => _.Executes(...)</c>.</summary>
public delegate ITargetDefinition Target(ITargetDefinition definition);

public interface ITargetDefinition
{
    ITargetDefinition Description(string description);

    /// <summary>The given targets join the plan and run first.</summary>
    ITargetDefinition DependsOn(params Target[] targets);

    /// <summary>Ordering only: when both are planned, this target runs before the given ones.</summary>
    ITargetDefinition Before(params Target[] targets);

    /// <summary>Ordering only: when both are planned, this target runs after the given ones.</summary>
    ITargetDefinition After(params Target[] targets);

    /// <summary>Each parameter must have a value; checked for every planned target before any target runs.</summary>
    ITargetDefinition Requires(params Expression<Func<object?>>[] parameters);

    /// <summary>
    /// As <see cref="Requires"/>, but only when <paramref name="condition"/> holds once parameters are bound
    /// (e.g. a certificate for every environment but local). <paramref name="conditionText"/> says when, in the error.
    /// </summary>
    ITargetDefinition RequiresWhen(Func<bool> condition, string conditionText, params Expression<Func<object?>>[] parameters);

    /// <summary>
    /// An input check (throwing <see cref="BuildException"/>) run for every planned target after parameters are bound and
    /// before any target runs, so bad input fails before anything is built or any cloud is called.
    /// </summary>
    ITargetDefinition Validates(Action check);

    /// <summary>As <see cref="Validates(Action)"/>, for a check that asks something over the network (e.g. a certificate's status).</summary>
    ITargetDefinition Validates(Func<CancellationToken, Task> check);

    ITargetDefinition Executes(Action action);

    ITargetDefinition Executes(Func<Task> action);

    ITargetDefinition Executes(Func<CancellationToken, Task> action);
}

/// <summary>A parameter that must have a value; with a condition, only when the condition holds.</summary>
internal sealed record Requirement(Expression<Func<object?>> Parameter, Func<bool>? When, string? WhenText);

internal sealed class TargetDefinition(string name) : ITargetDefinition
{
    public string Name { get; } = name;
    public string? DescriptionText { get; private set; }
    public List<Target> DependsOnTargets { get; } = [];
    public List<Target> BeforeTargets { get; } = [];
    public List<Target> AfterTargets { get; } = [];
    public List<Requirement> Requirements { get; } = [];
    public List<Func<CancellationToken, Task>> Actions { get; } = [];
    /// <summary>Input checks; the same delegate registered by several targets runs once.</summary>
    public List<Delegate> Checks { get; } = [];

    public ITargetDefinition Validates(Action check)
    {
        Checks.Add(check);
        return this;
    }

    public ITargetDefinition Validates(Func<CancellationToken, Task> check)
    {
        Checks.Add(check);
        return this;
    }

    public ITargetDefinition Description(string description)
    {
        DescriptionText = description;
        return this;
    }

    public ITargetDefinition DependsOn(params Target[] targets) => AddTo(DependsOnTargets, targets);

    public ITargetDefinition Before(params Target[] targets) => AddTo(BeforeTargets, targets);

    public ITargetDefinition After(params Target[] targets) => AddTo(AfterTargets, targets);

    public ITargetDefinition Requires(params Expression<Func<object?>>[] parameters)
    {
        Requirements.AddRange(parameters.Select(p => new Requirement(p, null, null)));
        return this;
    }

    public ITargetDefinition RequiresWhen(Func<bool> condition, string conditionText, params Expression<Func<object?>>[] parameters)
    {
        Requirements.AddRange(parameters.Select(p => new Requirement(p, condition, conditionText)));
        return this;
    }

    public ITargetDefinition Executes(Action action)
    {
        Actions.Add(_ =>
        {
            action();
            return Task.CompletedTask;
        });
        return this;
    }

    public ITargetDefinition Executes(Func<Task> action)
    {
        Actions.Add(_ => action());
        return this;
    }

    public ITargetDefinition Executes(Func<CancellationToken, Task> action)
    {
        Actions.Add(action);
        return this;
    }

    TargetDefinition AddTo(List<Target> list, Target[] targets)
    {
        list.AddRange(targets);
        return this;
    }
}
