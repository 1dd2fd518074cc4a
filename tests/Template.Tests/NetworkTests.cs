namespace Platform.Template.Tests;

public class NetworkTests
{
    static CfnTemplate Template => PlatformTemplate.Instance;

    /// <summary>Every ingress rule of a security group: inline ones and separate SecurityGroupIngress resources.</summary>
    static List<Map> Ingress(string group) =>
    [
        .. Template.Resource(group).Properties.At("SecurityGroupIngress") is IReadOnlyList<object?> inline ? inline.Select(r => r.AsMap()) : [],
        .. Template.OfType("AWS::EC2::SecurityGroupIngress").Where(r => Cfn.ReferencedResource(r.Properties.At("GroupId")) == group).Select(r => r.Properties),
    ];

    static string Describe(Map rule) =>
        $"{rule.At("IpProtocol")} {rule.At("FromPort")}-{rule.At("ToPort")} from {rule.At("CidrIp") ?? Cfn.ReferencedResource(rule.At("SourceSecurityGroupId"))}";

    [Fact]
    public void DatabaseAcceptsOnly5432FromTheServices()
    {
        Ingress("DatabaseSecurityGroup").Select(Describe).Should().Equal("tcp 5432-5432 from ServicesSecurityGroup");
    }

    [Fact]
    public void ServicesAcceptOnly8080FromTheLoadBalancerAndEachOther()
    {
        Ingress("ServicesSecurityGroup").Select(Describe).Should().BeEquivalentTo(
            "tcp 8080-8080 from AlbSecurityGroup", "tcp 8080-8080 from ServicesSecurityGroup");
    }

    [Fact]
    public void LoadBalancerAcceptsOnlyHttpAndHttps()
    {
        Ingress("AlbSecurityGroup").Select(Describe).Should().BeEquivalentTo("tcp 443-443 from 0.0.0.0/0", "tcp 80-80 from 0.0.0.0/0");
    }

    [Fact]
    public void DatabaseIsPrivateInTheDataSubnets()
    {
        var database = Template.OfType("AWS::RDS::DBInstance").Single().Properties;
        var subnetGroup = Template.Resource(Cfn.RefTarget(database.At("DBSubnetGroupName"))!);

        database.At("PubliclyAccessible").Should().Be("false");
        subnetGroup.Properties.At("SubnetIds").AsList().Select(Cfn.RefTarget).Should().BeEquivalentTo("DataSubnetA", "DataSubnetB");
        database.At("VPCSecurityGroups").AsList().Select(Cfn.RefTarget).Should().Equal("DatabaseSecurityGroup");
    }

    [Fact]
    public void NoSubnetHandsOutPublicAddressesAndDataSubnetsHaveNoInternetRoute()
    {
        Template.OfType("AWS::EC2::Subnet").Should().HaveCount(6).And.OnlyContain(s => s.Properties.At("MapPublicIpOnLaunch") as string == "false");
        var dataTables = Template.OfType("AWS::EC2::SubnetRouteTableAssociation")
            .Where(a => Cfn.RefTarget(a.Properties.At("SubnetId"))?.StartsWith("Data", StringComparison.Ordinal) == true)
            .Select(a => Cfn.RefTarget(a.Properties.At("RouteTableId"))).Distinct().ToList();

        dataTables.Should().NotBeEmpty();
        Template.OfType("AWS::EC2::Route").Should().NotContain(r => dataTables.Contains(Cfn.RefTarget(r.Properties.At("RouteTableId"))));
    }

    [Fact]
    public void SingleNatGatewayParameterSharesNatA()
    {
        var routeB = Template.Resource("ServiceDefaultRouteB").Properties.At("NatGatewayId");
        var branches = Cfn.IfBranches(routeB)!.Value;

        branches.Condition.Should().Be("UseSingleNat");
        Cfn.RefTarget(branches.WhenTrue).Should().Be("NatGatewayA");
        Cfn.RefTarget(branches.WhenFalse).Should().Be("NatGatewayB");
        Template.Resource("NatGatewayB").Condition.Should().Be("HasNatPerAz");
    }
}
