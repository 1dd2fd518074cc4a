using System.Globalization;
using Platform.ServiceDefaults.Database;

namespace Platform.Template.Tests;

/// <summary>
/// Every task sizes its pool from DB_POOL_BUDGET = "DbMaxConnections/ScalingMaxCapacity" (ConnectionBudget). Whatever
/// parameters a stack is given, the connections all tasks can hold at once (every service at its maximum, doubled
/// while a deployment runs old and new tasks, each with its pool and outbox listener, plus the reserve) never exceed
/// the database's max_connections, or the services refuse to start.
/// </summary>
public class ConnectionBudgetTests
{
    const string BudgetVariable = "DB_POOL_BUDGET";
    const string BudgetValue = "${DbMaxConnections}/${ScalingMaxCapacity}";

    static CfnTemplate Template => PlatformTemplate.Instance;

    static int Parameter(string name, string field) =>
        int.Parse(Template.Parameters.At(name, field).AsString(), CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(PlatformService.Keys), MemberType = typeof(PlatformService))]
    public void EveryContainerSizesItsPoolFromTheDatabaseLimitAndTheScalingMaximum(string key)
    {
        var container = TaskContainers.Service(key);
        var budget = container.At("Environment").AsList().Select(e => e.AsMap()).Single(e => e.At("Name") as string == BudgetVariable);

        budget.At("Value", "Fn::Sub").Should().Be(BudgetValue);
    }

    [Fact]
    public void TheTemplateRunsNoMoreTasksThanTheBudgetAssumes()
    {
        Template.OfType("AWS::ECS::TaskDefinition").Should().HaveCount(ConnectionBudget.Services, "the budget splits the database between this many services");
        Template.OfType("AWS::ApplicationAutoScaling::ScalableTarget")
            .Should().OnlyContain(t => Cfn.RefTarget(t.Properties.At("MaxCapacity")) == "ScalingMaxCapacity");
        Template.OfType("AWS::ECS::Service")
            .Should().OnlyContain(s => s.Properties.At("DeploymentConfiguration", "MaximumPercent") as string == (ConnectionBudget.DeploymentSurge * 100).ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void NoAllowedParametersLetTheTasksOpenMoreConnectionsThanTheDatabaseAllows()
    {
        var services = Template.OfType("AWS::ECS::TaskDefinition").Count;
        var surge = int.Parse(Template.Resource("AuthService").Properties.At("DeploymentConfiguration", "MaximumPercent").AsString(), CultureInfo.InvariantCulture) / 100;
        var overBudget = new List<string>();
        for (var maxConnections = Parameter("DbMaxConnections", "MinValue"); maxConnections <= Parameter("DbMaxConnections", "MaxValue"); maxConnections++)
        {
            for (var maxTasks = Parameter("ScalingMaxCapacity", "MinValue"); maxTasks <= Parameter("ScalingMaxCapacity", "MaxValue"); maxTasks++)
            {
                var value = $"{maxConnections}/{maxTasks}";
                if (ConnectionBudget.Validate(value) is not null)
                {
                    continue; // the services refuse to start: a failed deployment, not an overloaded database
                }

                var perTask = ConnectionBudget.Parse(value).PoolSize + ConnectionBudget.ListenerConnections;
                var peak = (services * maxTasks * surge * perTask) + ConnectionBudget.Reserved;
                if (peak > maxConnections)
                {
                    overBudget.Add($"{value}: {peak}");
                }
            }
        }

        overBudget.Should().BeEmpty("max_connections/max tasks: the peak connections exceed the limit");
    }

    [Fact]
    public void TheDefaultsGiveEveryTaskAPool()
    {
        var value = $"{Parameter("DbMaxConnections", "Default")}/{Parameter("ScalingMaxCapacity", "Default")}";

        ConnectionBudget.Validate(value).Should().BeNull();
        ConnectionBudget.Parse(value).PoolSize.Should().BePositive();
    }
}
