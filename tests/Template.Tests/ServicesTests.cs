namespace Platform.Template.Tests;

public class ServicesTests
{
    static CfnTemplate Template => PlatformTemplate.Instance;

    static Map Container(string key) => TaskContainers.Service(key);

    [Theory]
    [InlineData("AWS::ECS::Service")]
    [InlineData("AWS::ECS::TaskDefinition")]
    [InlineData("AWS::ElasticLoadBalancingV2::TargetGroup")]
    [InlineData("AWS::ElasticLoadBalancingV2::ListenerRule")]
    [InlineData("AWS::ECR::Repository")]
    [InlineData("AWS::ApplicationAutoScaling::ScalableTarget")]
    [InlineData("AWS::ApplicationAutoScaling::ScalingPolicy")]
    public void ThereIsExactlyOnePerService(string type)
    {
        Template.OfType(type).Should().HaveCount(4);
    }

    [Fact]
    public void EachServiceHasOneLogGroupOneCpuAlarmAndOneTaskRole()
    {
        Template.OfType("AWS::Logs::LogGroup").Select(l => l.Properties.At("LogGroupName", "Fn::Sub") as string)
            .Where(n => n?.StartsWith("/ecs/", StringComparison.Ordinal) == true && !n.Contains("/otel-", StringComparison.Ordinal))
            .Should().BeEquivalentTo(PlatformService.All.Select(s => $"/ecs/${{EnvironmentName}}/{s.Name}").Append("/ecs/${EnvironmentName}/database-roles"),
                "one per service, and the role step's one-off task (docs/design/database-roles.md)");
        Template.OfType("AWS::CloudWatch::Alarm").Where(a => a.Properties.At("Namespace") as string == "AWS/ECS" && a.Properties.At("MetricName") as string == "CPUUtilization")
            .Select(a => Cfn.ReferencedResource(a.Properties.At("Dimensions").AsList().Single(d => d.AsMap().At("Name") as string == "ServiceName").AsMap().At("Value")))
            .Should().BeEquivalentTo(PlatformService.All.Select(s => $"{s.Key}Service"));
        Template.OfType("AWS::ECS::TaskDefinition").Select(t => Cfn.ReferencedResource(t.Properties.At("TaskRoleArn")))
            .Should().OnlyHaveUniqueItems().And.BeEquivalentTo(PlatformService.All.Select(s => $"{s.Key}TaskRole"));
    }

    [Theory]
    [MemberData(nameof(PlatformService.Keys), MemberType = typeof(PlatformService))]
    public void ServiceRunsPrivatelyWithCircuitBreakerRollback(string key)
    {
        var properties = Template.Resource($"{key}Service").Properties;
        var network = properties.At("NetworkConfiguration", "AwsvpcConfiguration").AsMap();
        var deployment = properties.At("DeploymentConfiguration").AsMap();

        properties.At("LaunchType").Should().Be("FARGATE");
        network.At("AssignPublicIp").Should().Be("DISABLED");
        network.At("Subnets").AsList().Select(Cfn.RefTarget).Should().BeEquivalentTo("ServiceSubnetA", "ServiceSubnetB");
        network.At("SecurityGroups").AsList().Select(Cfn.RefTarget).Should().Equal("ServicesSecurityGroup");
        deployment.At("DeploymentCircuitBreaker", "Enable").Should().Be("true");
        deployment.At("DeploymentCircuitBreaker", "Rollback").Should().Be("true");
        deployment.At("MinimumHealthyPercent").Should().Be("100");
        deployment.At("MaximumPercent").Should().Be("200");
        Cfn.RefTarget(properties.At("HealthCheckGracePeriodSeconds")).Should().Be("HealthCheckGracePeriodSeconds");
        Cfn.RefTarget(properties.At("TaskDefinition")).Should().Be($"{key}TaskDefinition");
    }

    [Theory]
    [MemberData(nameof(PlatformService.Keys), MemberType = typeof(PlatformService))]
    public void ContainerIsNonRootReadOnlyAndNeverPrivileged(string key)
    {
        var container = Container(key);
        var volumes = Template.Resource($"{key}TaskDefinition").Properties.At("Volumes").AsList().Select(v => v.AsMap().At("Name")).ToList();

        container.At("Privileged").Should().Be("false");
        container.At("ReadonlyRootFilesystem").Should().Be("true");
        var user = container.At("User").AsString();
        user.Should().MatchRegex("^[1-9][0-9]*$", "a numeric non-root uid (1654 is the aspnet image's app user)");
        // ASP.NET needs a writable /tmp under a read-only root: a task volume, which Fargate keeps on ephemeral storage.
        var tmp = container.At("MountPoints").AsList().Single(m => m.AsMap().At("ContainerPath") as string == "/tmp").AsMap();
        volumes.Should().Contain(tmp.At("SourceVolume"));
        tmp.At("ReadOnly").Should().NotBe("true");
        container.At("PortMappings").AsList().Single().AsMap().At("ContainerPort").Should().Be("8080");
    }

    [Theory]
    [MemberData(nameof(PlatformService.Keys), MemberType = typeof(PlatformService))]
    public void ContainerGetsExactlyTheContractsEnvironment(string key)
    {
        var service = PlatformService.ByKey(key);
        var container = Container(key);
        var plain = container.At("Environment").AsList().Select(e => e.AsMap().At("Name").AsString()).ToList();
        var secret = container.At("Secrets").AsList().Select(e => e.AsMap().At("Name").AsString()).ToList();

        plain.Concat(secret).Should().OnlyHaveUniqueItems().And.BeEquivalentTo(service.EnvironmentVariables);
        secret.Should().NotContain("DB_PASSWORD", "the service signs in with an IAM token, not a password");
        if (service == PlatformService.Auth)
            secret.Should().Contain("JWT_PRIVATE_KEY");
    }

    [Theory]
    [MemberData(nameof(PlatformService.Keys), MemberType = typeof(PlatformService))]
    public void SecretsComeFromTheJwtSecretOrEnvironmentParameters(string key)
    {
        var secrets = Container(key).At("Secrets").AsList().ToDictionary(s => s.AsMap().At("Name").AsString(), s => s.AsMap().At("ValueFrom"));

        foreach (var (name, source) in secrets.Where(s => s.Key is not "JWT_PRIVATE_KEY"))
        {
            var parameter = Template.Resource(Cfn.RefTarget(source) ?? throw new InvalidOperationException($"{name} is not a !Ref"));
            parameter.Type.Should().Be("AWS::SSM::Parameter", $"{name} is config from Parameter Store");
            parameter.Properties.At("Name", "Fn::Sub").AsString().Should().StartWith("/${EnvironmentName}/", "the execution role reads only /<env>/*");
        }

        if (secrets.TryGetValue("JWT_PRIVATE_KEY", out var jwt))
            Cfn.RefTarget(jwt).Should().Be("JwtSigningKeySecret");
    }

    [Fact]
    public void PerServiceParametersLiveUnderTheirServicesPath()
    {
        var names = Template.OfType("AWS::SSM::Parameter").Select(p => p.Properties.At("Name", "Fn::Sub").AsString()).ToList();

        foreach (var service in PlatformService.All)
            names.Should().Contain(n => n.StartsWith($"/${{EnvironmentName}}/{service.Name}/", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(PlatformService.Keys), MemberType = typeof(PlatformService))]
    public void ImageComesFromTheServicesRepositoryByDigestWhenGivenElseByTag(string key)
    {
        var service = PlatformService.ByKey(key);
        var container = Container(key);
        var repository = Template.Resource($"{key}Repository").Properties;

        // By digest the task runs exactly what was tested, whatever a tag points at later (docs/design/promote-by-digest.md).
        var choice = container.At("Image", "Fn::If").AsList();
        choice[0].Should().Be($"Has{key}ImageDigest");
        choice[1].AsMap().At("Fn::Sub").Should().Be($"${{{key}Repository.RepositoryUri}}@${{{key}ImageDigest}}");
        choice[2].AsMap().At("Fn::Sub").Should().Be($"${{{key}Repository.RepositoryUri}}:${{{key}ImageTag}}");
        Template.Parameters[$"{key}ImageDigest"].AsMap().At("AllowedPattern").Should().Be("^(sha256:[a-f0-9]{64})?$");
        repository.At("RepositoryName", "Fn::Sub").Should().Be($"${{EnvironmentName}}/{service.Name}");
        container.At("LogConfiguration", "LogDriver").Should().Be("awslogs");
        Cfn.RefTarget(container.At("LogConfiguration", "Options", "awslogs-group")).Should().Be($"{key}LogGroup");
    }

    [Fact]
    public void RepositoriesAreImmutableScannedAndPruned()
    {
        foreach (var repository in Template.OfType("AWS::ECR::Repository"))
        {
            repository.Properties.At("ImageTagMutability").Should().Be("IMMUTABLE", repository.LogicalId);
            repository.Properties.At("ImageScanningConfiguration", "ScanOnPush").Should().Be("true", repository.LogicalId);
            var lifecycle = System.Text.Json.JsonDocument.Parse(repository.Properties.At("LifecyclePolicy", "LifecyclePolicyText").AsString());
            lifecycle.RootElement.GetProperty("rules").GetArrayLength().Should().BePositive(repository.LogicalId);
        }
    }

    [Theory]
    [MemberData(nameof(PlatformService.Keys), MemberType = typeof(PlatformService))]
    public void ServiceScalesOnCpuWithinTheParameters(string key)
    {
        var target = Template.Resource($"{key}ScalableTarget").Properties;
        var policy = Template.Resource($"{key}ScalingPolicy").Properties;

        target.At("ResourceId", "Fn::Sub").Should().Be($"service/${{Cluster}}/${{{key}Service.Name}}");
        Cfn.RefTarget(target.At("MinCapacity")).Should().Be("ScalingMinCapacity");
        Cfn.RefTarget(target.At("MaxCapacity")).Should().Be("ScalingMaxCapacity");
        policy.At("PolicyType").Should().Be("TargetTrackingScaling");
        Cfn.RefTarget(policy.At("ScalingTargetId")).Should().Be($"{key}ScalableTarget");
        policy.At("TargetTrackingScalingPolicyConfiguration", "PredefinedMetricSpecification", "PredefinedMetricType").Should().Be("ECSServiceAverageCPUUtilization");
        Cfn.RefTarget(policy.At("TargetTrackingScalingPolicyConfiguration", "TargetValue")).Should().Be("ScalingCpuTarget");
    }

    [Fact]
    public void ClusterHasContainerInsights()
    {
        var cluster = Template.OfType("AWS::ECS::Cluster").Should().ContainSingle().Subject;

        cluster.Properties.At("ClusterSettings").AsList().Should().ContainSingle(s => s.AsMap().At("Name") as string == "containerInsights"
            && s.AsMap().At("Value") as string == "enabled");
    }

    [Fact]
    public void ValidatorsReachAuthsKeysInsideTheVpc()
    {
        var url = Template.OfType("AWS::SSM::Parameter").Where(p => p.LogicalId.EndsWith("AuthJwksUrlParameter", StringComparison.Ordinal))
            .Select(p => p.Properties.At("Value", "Fn::Sub").AsString()).Distinct().Should().ContainSingle().Subject;
        var registry = Template.Resource("AuthService").Properties.At("ServiceRegistries").AsList().Single().AsMap();
        var discovery = Template.Resource(Cfn.ReferencedResource(registry.At("RegistryArn"))!);
        var nameSpace = Template.Resource(Cfn.RefTarget(discovery.Properties.At("NamespaceId"))!);

        url.Should().Be($"http://{discovery.Properties.At("Name")}.{nameSpace.Properties.At("Name", "Fn::Sub")}:8080/auth/.well-known/jwks.json");
    }
}
