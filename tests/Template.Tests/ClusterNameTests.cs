namespace Platform.Template.Tests;

/// <summary>The ECS cluster keeps the name operators already type: &lt;env&gt;-ecs-cluster.</summary>
public class ClusterNameTests
{
    [Fact]
    public void ClusterIsNamedAfterTheEnvironmentWithEcsClusterSuffix()
    {
        var cluster = PlatformTemplate.Instance.OfType("AWS::ECS::Cluster").Should().ContainSingle().Subject;

        cluster.Properties.At("ClusterName", "Fn::Sub").Should().Be("${EnvironmentName}-ecs-cluster");
    }
}
