namespace Platform.Template.Tests;

/// <summary>
/// cloudformation/github-oidc.yaml's TemplateBucket: the settings the build gives a bucket it creates itself
/// (build/Deploy/TemplateBucketSetup.cs), and a deploy role that may write only its templates/ prefix.
/// </summary>
public class TemplateBucketTemplateTests
{
    static readonly Lazy<CfnTemplate> Loaded = new(() => CfnTemplate.Load(Path.Combine(RepositoryPaths.CloudFormationDirectory, "github-oidc.yaml")));

    static CfnTemplate Template => Loaded.Value;

    static Map Bucket => Template.Resource("TemplateBucket").Properties;

    static IEnumerable<Map> Statements(string role) =>
        Template.Resource(role).Properties.At("Policies").AsList()
            .SelectMany(p => p.AsMap().At("PolicyDocument", "Statement").AsList())
            .Select(s => s.AsMap());

    static List<Map> S3Statements(string role) =>
        [.. Statements(role).Where(s => s.At("Action").AsListOrSingle().OfType<string>().Any(a => a.StartsWith("s3:", StringComparison.Ordinal)))];

    [Fact]
    public void TemplateBucketIsVersionedEncryptedPrivateAndExpiresOldVersions()
    {
        Bucket.At("VersioningConfiguration", "Status").Should().Be("Enabled");
        Bucket.At("BucketEncryption", "ServerSideEncryptionConfiguration").AsList().Single().AsMap()
            .At("ServerSideEncryptionByDefault", "SSEAlgorithm").Should().Be("AES256");
        Bucket.At("PublicAccessBlockConfiguration").AsMap().Values.Should().Equal("true", "true", "true", "true");
        Bucket.At("PublicAccessBlockConfiguration").AsMap().Keys.Should()
            .BeEquivalentTo(["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"]);
        var rule = Bucket.At("LifecycleConfiguration", "Rules").AsList().Single().AsMap();
        rule.At("Status").Should().Be("Enabled");
        rule.At("NoncurrentVersionExpiration", "NoncurrentDays").Should().Be("30");
    }

    [Fact]
    public void TemplateBucketPolicyDeniesEveryRequestWithoutTls()
    {
        var policy = Template.Resource("TemplateBucketPolicy").Properties;
        var statement = policy.At("PolicyDocument", "Statement").AsList().Single().AsMap();

        Cfn.RefTarget(policy.At("Bucket")).Should().Be("TemplateBucket");
        statement.At("Effect").Should().Be("Deny");
        statement.At("Action").Should().Be("s3:*");
        statement.At("Condition", "Bool", "aws:SecureTransport").Should().Be("false");
        var resources = statement.At("Resource").AsList();
        Cfn.GetAttTarget(resources[0]).Should().Be(("TemplateBucket", "Arn"));
        var objects = resources[1].AsMap().At("Fn::Join").AsList()[1].AsList();
        Cfn.GetAttTarget(objects[0]).Should().Be(("TemplateBucket", "Arn"));
        objects[1].Should().Be("/*");
    }

    [Fact]
    public void DeployRoleMayReadAndWriteOnlyTheTemplatesAndDeployHistoryPrefixesOfThatBucket()
    {
        var s3 = S3Statements("DeployRole");

        s3.Should().ContainSingle();
        s3[0].At("Action").AsListOrSingle().Should().BeEquivalentTo(["s3:PutObject", "s3:GetObject"]);
        // The deploy history (docs/design/deploy-timings.md) sits beside the templates.
        s3[0].At("Resource").AsList().Select(r => (string?)r.AsMap().At("Fn::Sub")).Should()
            .BeEquivalentTo(["${TemplateBucket.Arn}/templates/*", "${TemplateBucket.Arn}/deploy-history/*"]);
    }

    [Fact]
    public void CloudFormationRoleMayOnlyReadTheTemplatesPrefix()
    {
        var s3 = S3Statements("CloudFormationExecutionRole");

        s3.Should().ContainSingle();
        s3[0].At("Action").Should().Be("s3:GetObject");
        s3[0].At("Resource").AsMap().At("Fn::Sub").Should().Be("${TemplateBucket.Arn}/templates/*");
    }

    [Fact]
    public void TemplateBucketNameIsTheOutputTheBuildReads()
    {
        Cfn.RefTarget(Template.Outputs["TemplateBucketName"].AsMap().At("Value")).Should().Be("TemplateBucket");
        // The build finds this stack as platform-github-<env>; it may read its outputs and nothing else of it.
        var describe = Statements("DeployRole").Single(s => (string?)s.At("Sid") == "AccessStackOutputs");
        describe.At("Action").Should().Be("cloudformation:DescribeStacks");
        Cfn.RefTarget(describe.At("Resource")).Should().Be("AWS::StackId");
    }
}
