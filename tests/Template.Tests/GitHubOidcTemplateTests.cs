namespace Platform.Template.Tests;

/// <summary>cloudformation/github-oidc.yaml: the deploy role GitHub Actions assumes, scoped to one repository and environment.</summary>
public class GitHubOidcTemplateTests
{
    static readonly Lazy<CfnTemplate> Loaded = new(() => CfnTemplate.Load(Path.Combine(RepositoryPaths.CloudFormationDirectory, "github-oidc.yaml")));

    static CfnTemplate Template => Loaded.Value;

    static IEnumerable<Map> PolicyStatements(string role) =>
        Template.Resource(role).Properties.At("Policies").AsList()
            .SelectMany(p => p.AsMap().At("PolicyDocument", "Statement").AsList())
            .Select(s => s.AsMap());

    static IEnumerable<string> Actions(Map statement) => statement.At("Action").AsListOrSingle().OfType<string>();

    [Fact]
    public void OnlyThisRepositorysJobsInTheMatchingGitHubEnvironmentCanAssumeTheDeployRole()
    {
        var trust = Template.Resource("DeployRole").Properties.At("AssumeRolePolicyDocument", "Statement").AsList().Single().AsMap();

        trust.At("Action").Should().Be("sts:AssumeRoleWithWebIdentity");
        var conditions = trust.At("Condition", "StringEquals").AsMap();
        conditions["token.actions.githubusercontent.com:aud"].Should().Be("sts.amazonaws.com");
        conditions["token.actions.githubusercontent.com:sub"].AsMap()["Fn::Sub"]
            .Should().Be("repo:${GitHubOwner}/${GitHubRepository}:environment:${EnvironmentName}");
        trust.At("Condition").AsMap().Keys.Should().NotContain("StringLike", "a wildcard subject would admit other branches or repositories");
    }

    [Fact]
    public void TheDeployRoleHoldsNoWildcardActionsAndNoIamBeyondPassingTheCloudFormationAndRoleStepRoles()
    {
        var statements = PolicyStatements("DeployRole").ToList();

        statements.SelectMany(Actions).Should().NotContain(a => a == "*" || a.EndsWith(":*", StringComparison.Ordinal));
        var iam = statements.Where(s => Actions(s).Any(a => a.StartsWith("iam:", StringComparison.Ordinal))).ToList();
        iam.Should().HaveCount(2);
        iam.SelectMany(Actions).Should().Equal("iam:PassRole", "iam:PassRole");
        var toCloudFormation = iam.Single(s => (string?)s.At("Sid") == "HandStackToCloudFormation");
        Cfn.GetAttTarget(toCloudFormation.At("Resource")).Should().Be(("CloudFormationExecutionRole", "Arn"));
        toCloudFormation.At("Condition", "StringEquals", "iam:PassedToService").Should().Be("cloudformation.amazonaws.com");
        // The database role step's one-off task: only its execution role, only to ECS tasks.
        var toEcs = iam.Single(s => (string?)s.At("Sid") == "HandRoleStepToEcs");
        toEcs.At("Resource", "Fn::Sub").Should().Be("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${EnvironmentName}-platform-database-roles-execution");
        toEcs.At("Condition", "StringEquals", "iam:PassedToService").Should().Be("ecs-tasks.amazonaws.com");
    }

    [Fact]
    public void TheDeployRoleUsesResourceWildcardsOnlyWhereAwsOffersNothingNarrower()
    {
        var wildcard = PolicyStatements("DeployRole").Where(s => s.At("Resource") as string == "*").ToList();

        wildcard.Select(s => s.At("Sid")).Should().BeEquivalentTo(["AccountWideReadOnly", "ReadTasks", "RegisterRoleStep", "ReadFailureEvidence", "StatusTargetHealth"]);
        // Service Authorization Reference: these describe actions support no resource types, so '*' is the only choice.
        Actions(wildcard.Single(s => (string?)s.At("Sid") == "ReadFailureEvidence"))
            .Should().BeEquivalentTo(["ecs:DescribeTaskDefinition", "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth"]);
        Actions(wildcard.Single(s => (string?)s.At("Sid") == "AccountWideReadOnly"))
            .Should().BeEquivalentTo(["cloudformation:ValidateTemplate", "ecr:GetAuthorizationToken"]);
        wildcard.Single(s => (string?)s.At("Sid") == "ReadTasks").At("Condition", "ArnLike", "ecs:cluster").Should().NotBeNull();
        Actions(wildcard.Single(s => (string?)s.At("Sid") == "StatusTargetHealth")).Should().Equal("elasticloadbalancing:DescribeTargetHealth");
    }

    [Fact]
    public void TheStackTheDeployRoleMayChangeIsThePlatformStackOfItsEnvironment()
    {
        var stack = PolicyStatements("DeployRole").Single(s => (string?)s.At("Sid") == "PlatformStack");

        Actions(stack).Should().Contain(["cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet", "cloudformation:DescribeStackEvents"]);
        var sub = stack.At("Resource").AsMap()["Fn::Sub"].AsList();
        sub[0].Should().Be("arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/${Name}/*");
    }

    [Fact]
    public void EveryParameterAndOutputIsDescribed()
    {
        Template.Parameters.Values.Concat(Template.Outputs.Values)
            .Should().OnlyContain(p => !string.IsNullOrWhiteSpace(p.AsMap().At("Description") as string));
    }
}
