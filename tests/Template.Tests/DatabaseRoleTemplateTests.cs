namespace Platform.Template.Tests;

/// <summary>
/// Each service its own database identity (docs/design/database-roles.md): IAM authentication as its own role, no task
/// definition that can read the master user's secret, and the master secret's rotation explicit in the template.
/// </summary>
public class DatabaseRoleTemplateTests
{
    static CfnTemplate Template => PlatformTemplate.Instance;

    static Map Container(string key) => TaskContainers.Service(key);

    static Dictionary<string, object?> Environment(string key) =>
        Container(key).At("Environment").AsList().ToDictionary(e => e.AsMap().At("Name").AsString(), e => e.AsMap().At("Value"));

    /// <summary>Every string anywhere under a node (Sub templates, GetAtt targets and attributes, Ref names).</summary>
    static IEnumerable<string> Strings(object? node) => node switch
    {
        string s => [s],
        Map map => map.Keys.Concat(map.Values.SelectMany(Strings)),
        IReadOnlyList<object?> list => list.SelectMany(Strings),
        _ => [],
    };

    [Fact]
    public void NoTaskDefinitionReferencesTheMasterSecret()
    {
        var taskDefinitions = Template.OfType("AWS::ECS::TaskDefinition").ToList();

        taskDefinitions.Should().HaveCount(PlatformService.All.Count);
        foreach (var taskDefinition in taskDefinitions)
            Strings(taskDefinition.Properties).Should().NotContain(s => s.Contains("MasterUserSecret", StringComparison.Ordinal), $"{taskDefinition.LogicalId} must not see the master password");
    }

    [Fact]
    public void OnlyTheRoleStepsExecutionRoleReadsTheMasterSecret()
    {
        var readers = Template.OfType("AWS::IAM::Role")
            .Where(r => Strings(r.Properties.At("Policies")).Any(s => s.Contains("MasterUserSecret", StringComparison.Ordinal)))
            .Select(r => r.LogicalId);

        readers.Should().Equal("DatabaseRolesExecutionRole");
    }

    [Theory]
    [MemberData(nameof(PlatformService.Keys), MemberType = typeof(PlatformService))]
    public void TaskRoleMayConnectOnlyAsItsOwnDatabaseUser(string key)
    {
        var service = PlatformService.ByKey(key);
        var statements = Template.Resource($"{key}TaskRole").Properties.At("Policies").AsList()
            .SelectMany(p => p.AsMap().At("PolicyDocument", "Statement").AsList()).Select(s => s.AsMap())
            .Where(s => s.At("Action").AsListOrSingle().Contains("rds-db:connect")).ToList();

        var statement = statements.Should().ContainSingle().Subject;
        statement.At("Effect").Should().Be("Allow");
        statement.At("Action").AsListOrSingle().Should().Equal("rds-db:connect");
        statement.At("Resource").AsListOrSingle().Should().ContainSingle().Which.AsMap().At("Fn::Sub").Should()
            .Be($"arn:${{AWS::Partition}}:rds-db:${{AWS::Region}}:${{AWS::AccountId}}:dbuser:${{Database.DbiResourceId}}/{service.DbUser}");
        Environment(key)["DB_USER"].Should().Be(service.DbUser, "the token is for the user the service connects as");
        Environment(key)["DB_IAM_AUTH"].Should().Be("true");
    }

    [Fact]
    public void EveryServiceHasItsOwnDatabaseUser()
    {
        var users = PlatformService.All.Select(s => Environment(s.Key)["DB_USER"]).ToList();

        users.Should().OnlyContain(u => u is string).And.OnlyHaveUniqueItems();
        users.Should().NotContain(u => Cfn.RefTarget(u) == "DbMasterUsername");
    }

    [Fact]
    public void MasterSecretRotatesOnTheScheduleParameter()
    {
        var rotation = Template.OfType("AWS::SecretsManager::RotationSchedule").Should().ContainSingle().Subject;

        Cfn.GetAttTarget(rotation.Properties.At("SecretId")).Should().Be(("Database", "MasterUserSecret.SecretArn"));
        Cfn.RefTarget(rotation.Properties.At("RotationRules", "ScheduleExpression")).Should().Be("DbMasterSecretRotationSchedule");
        rotation.Properties.At("RotateImmediatelyOnUpdate").Should().Be("false", "changing the schedule must not rotate on the spot");
        var parameter = Template.Root.At("Parameters", "DbMasterSecretRotationSchedule").AsMap();
        parameter.At("Default").Should().Be("rate(7 days)");
        var pattern = new System.Text.RegularExpressions.Regex(parameter.At("AllowedPattern").AsString());
        pattern.IsMatch("rate(30 days)").Should().BeTrue();
        pattern.IsMatch("cron(0 4 ? * SUN *)").Should().BeTrue();
        pattern.IsMatch("every week").Should().BeFalse();
    }

    [Fact]
    public void RoleStepGetsWhatItNeedsFromTheStackOutputs()
    {
        var outputs = Template.Root.At("Outputs").AsMap();

        outputs.Keys.Should().Contain(["DbEndpoint", "DbPort", "DbName", "DbPoolBudget", "DatabaseMasterSecretArn", "DatabaseRolesExecutionRoleArn",
            "DatabaseRolesLogGroupName", "ServiceSubnetIds", "ServicesSecurityGroupId", "AuthRepositoryUri", "ClusterName"]);
        outputs.At("DbPoolBudget", "Value", "Fn::Sub").Should().Be("${DbMaxConnections}/${ScalingMaxCapacity}", "the same budget the task definitions get");
    }
}
