namespace Platform.Template.Tests;

public class IamTests
{
    static CfnTemplate Template => PlatformTemplate.Instance;

    sealed record Statement(string Owner, string Sid, string Effect, IReadOnlyList<object?> Actions, IReadOnlyList<object?> Resources, Map Raw)
    {
        public IEnumerable<string> ActionNames => Actions.OfType<string>();
    }

    // Resource "*" where nothing narrower exists. Key policies are not listed: in a key policy "*" means "this key".
    static readonly Dictionary<string, string> UnavoidableWildcardResources = new(StringComparer.Ordinal)
    {
        ["TaskExecutionRole/EcrLogin"] = "ecr:GetAuthorizationToken has no resource-level permissions",
        ["DatabaseRolesExecutionRole/EcrLogin"] = "ecr:GetAuthorizationToken has no resource-level permissions",
        ["CollectorPolicy/Traces"] = "xray:PutTraceSegments has no resource-level permissions",
    };

    /// <summary>Every statement of every IAM identity policy (inline role and user policies, managed policies).</summary>
    static List<Statement> IdentityStatements()
    {
        var documents = Template.Resources.Values.SelectMany(r => r.Type switch
        {
            "AWS::IAM::Role" or "AWS::IAM::User" or "AWS::IAM::Group" => r.Properties.At("Policies") is IReadOnlyList<object?> policies
                ? policies.Select(p => (r.LogicalId, p.AsMap().At("PolicyDocument").AsMap()))
                : [],
            "AWS::IAM::Policy" or "AWS::IAM::ManagedPolicy" => [(r.LogicalId, r.Properties.At("PolicyDocument").AsMap())],
            _ => [],
        });
        return documents.SelectMany(d => StatementsOf(d.Item1, d.Item2)).ToList();
    }

    /// <summary>Every statement of every policy in the template, resource policies and key policies included.</summary>
    static List<Statement> AllStatements() =>
    [
        .. IdentityStatements(),
        .. Template.OfType("AWS::KMS::Key").SelectMany(k => StatementsOf(k.LogicalId, k.Properties.At("KeyPolicy").AsMap())),
        .. Template.OfType("AWS::SQS::QueuePolicy").Concat(Template.OfType("AWS::SNS::TopicPolicy"))
            .SelectMany(p => StatementsOf(p.LogicalId, p.Properties.At("PolicyDocument").AsMap())),
    ];

    static IEnumerable<Statement> StatementsOf(string owner, Map document) =>
        document.At("Statement").AsList().Select(s => s.AsMap()).Select(s => new Statement(
            owner, s.At("Sid") as string ?? "", s.At("Effect").AsString(),
            (s.At("Action") ?? s.At("NotAction")).AsListOrSingle(), (s.At("Resource") ?? s.At("NotResource")).AsListOrSingle(), s));

    static List<Statement> RoleStatements(string role) => IdentityStatements().Where(s => s.Owner == role).ToList();

    [Fact]
    public void NoPolicyAllowsEveryAction()
    {
        AllStatements().Should().NotContain(s => s.ActionNames.Contains("*")).And.NotContain(s => s.Raw.ContainsKey("NotAction"));
    }

    [Fact]
    public void IdentityPoliciesNeverGrantAWholeService()
    {
        IdentityStatements().Where(s => s.Effect == "Allow").SelectMany(s => s.ActionNames.Select(a => $"{s.Owner}/{s.Sid}: {a}"))
            .Should().NotContain(a => a.EndsWith(":*", StringComparison.Ordinal));
    }

    [Fact]
    public void WildcardResourcesAppearOnlyWhereUnavoidable()
    {
        var wildcards = IdentityStatements().Where(s => s.Resources.Contains("*")).Select(s => $"{s.Owner}/{s.Sid}").ToList();

        wildcards.Should().BeEquivalentTo(UnavoidableWildcardResources.Keys);
        IdentityStatements().Single(s => $"{s.Owner}/{s.Sid}" == "TaskExecutionRole/EcrLogin").ActionNames.Should().Equal("ecr:GetAuthorizationToken");
    }

    [Fact]
    public void KeyPolicyGivesServiceWideActionsOnlyToTheAccountRoot()
    {
        var key = Template.Resource("PlatformKey").Properties.At("KeyPolicy").AsMap();
        var broad = StatementsOf("PlatformKey", key).Where(s => s.Effect == "Allow" && s.ActionNames.Any(a => a.EndsWith(":*", StringComparison.Ordinal))).ToList();

        broad.Should().ContainSingle().Which.Raw.At("Principal", "AWS", "Fn::Sub").Should().Be("arn:${AWS::Partition}:iam::${AWS::AccountId}:root");
    }

    [Theory]
    [MemberData(nameof(PlatformService.Keys), MemberType = typeof(PlatformService))]
    public void TaskRoleHasOnlyItsServicesQueueActions(string key)
    {
        var service = PlatformService.ByKey(key);
        var statements = RoleStatements($"{key}TaskRole");
        var queue = statements.Where(s => s.ActionNames.Any(a => a.StartsWith("sqs:", StringComparison.Ordinal))).ToList();

        statements.Should().OnlyContain(s => s.Effect == "Allow");
        queue.SelectMany(s => s.ActionNames).Should().BeEquivalentTo(service.QueueActions);
        queue.SelectMany(s => s.Resources).Select(Cfn.GetAttTarget).Should().AllBeEquivalentTo(("EventsQueue", "Arn"));
        var connect = statements.Where(s => s.ActionNames.Contains("rds-db:connect")).ToList();
        statements.SelectMany(s => s.ActionNames).Should().OnlyContain(a => a.StartsWith("sqs:", StringComparison.Ordinal) || a.StartsWith("kms:", StringComparison.Ordinal) || a == "rds-db:connect");
        connect.SelectMany(s => s.ActionNames).Should().Equal("rds-db:connect");
        // SSE-KMS: senders need GenerateDataKey + Decrypt, receivers Decrypt, only through SQS.
        var kms = statements.Except(queue).Except(connect).ToList();
        kms.SelectMany(s => s.Resources).Should().OnlyContain(r => Cfn.ReferencedResource(r) == "PlatformKey");
        kms.Should().OnlyContain(s => s.Raw.At("Condition", "StringEquals", "kms:ViaService") != null);
    }

    [Fact]
    public void NotificationCannotSendAndBillingCannotReceive()
    {
        var notification = RoleStatements("NotificationTaskRole").SelectMany(s => s.ActionNames).ToList();
        var billing = RoleStatements("BillingTaskRole").SelectMany(s => s.ActionNames).ToList();
        var user = RoleStatements("UserTaskRole").SelectMany(s => s.ActionNames).ToList();

        notification.Should().NotContain("sqs:SendMessage");
        billing.Should().NotContain(["sqs:ReceiveMessage", "sqs:DeleteMessage"]);
        user.Where(a => a.StartsWith("sqs:", StringComparison.Ordinal)).Should().Equal("sqs:GetQueueAttributes");
    }

    [Fact]
    public void ExecutionRolePullsOnlyThePlatformsRepositoriesAndReadsOnlyItsSecretsAndParameters()
    {
        var statements = RoleStatements("TaskExecutionRole").ToDictionary(s => s.Sid);

        statements["EcrPull"].Resources.Select(Cfn.GetAttTarget).Should().BeEquivalentTo(PlatformService.All.Select(s => ((string, string)?)($"{s.Key}Repository", "Arn")));
        statements["Logs"].Resources.Select(Cfn.GetAttTarget).Should().BeEquivalentTo(
            PlatformService.All.Select(s => ((string, string)?)($"{s.Key}LogGroup", "Arn")).Append(("CollectorLogGroup", "Arn")));
        statements["Secrets"].ActionNames.Should().Equal("secretsmanager:GetSecretValue");
        statements["Secrets"].Resources.Select(Cfn.ReferencedResource).Should().BeEquivalentTo(["JwtSigningKeySecret"], "the services no longer read the master secret");
        statements["Parameters"].ActionNames.Should().Equal("ssm:GetParameters");
        statements["Parameters"].Resources.Single().AsMap().At("Fn::Sub").Should()
            .Be("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${EnvironmentName}/*");
        statements["Decrypt"].ActionNames.Should().Equal("kms:Decrypt");
        statements.Keys.Should().BeEquivalentTo("EcrLogin", "EcrPull", "Logs", "Secrets", "Parameters", "Decrypt");
        Template.OfType("AWS::ECS::TaskDefinition").Should().OnlyContain(t => Cfn.ReferencedResource(t.Properties.At("ExecutionRoleArn")) == "TaskExecutionRole");
    }

    [Fact]
    public void RoleNamesStartWithTheEnvironment()
    {
        // cloudformation/github-oidc.yaml lets CloudFormation create and pass only roles named <env>-*.
        Template.OfType("AWS::IAM::Role").Should().NotBeEmpty().And.OnlyContain(r =>
            (r.Properties.At("RoleName", "Fn::Sub") as string ?? "").StartsWith("${EnvironmentName}-", StringComparison.Ordinal));
    }

    [Fact]
    public void ArnsAreBuiltWithThePartition()
    {
        var literalArns = new List<string>();

        void Visit(object? node)
        {
            switch (node)
            {
                case string s when s.Contains("arn:aws:", StringComparison.Ordinal):
                    literalArns.Add(s);
                    break;
                case Map map:
                    foreach (var child in map.Values)
                        Visit(child);
                    break;
                case IReadOnlyList<object?> list:
                    foreach (var child in list)
                        Visit(child);
                    break;
            }
        }

        Visit(Template.Root.At("Resources"));

        literalArns.Should().BeEmpty("ARNs use the AWS::Partition pseudo parameter so the template works in aws-cn and aws-us-gov");
    }
}
