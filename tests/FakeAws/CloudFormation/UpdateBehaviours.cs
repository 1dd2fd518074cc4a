namespace Platform.FakeAws;

/// <summary>
/// Which property changes recreate a resource, per type, as each type's page in the AWS resource reference says
/// ("Update requires: Replacement"). Only the properties this repository's templates set are listed; any other property
/// updates in place (No interruption / Some interruptions), which is what most properties of these types document.
/// A change set's ResourceTargetDefinition.RequiresRecreation comes from here: Always, or Never.
/// </summary>
internal static class UpdateBehaviours
{
    public const string Always = "Always";
    public const string Never = "Never";

    private static readonly Dictionary<string, string[]> ReplacedBy = new(StringComparer.Ordinal)
    {
        // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html
        ["AWS::RDS::DBInstance"] =
        [
            "DBName", "DBInstanceIdentifier", "Engine", "MasterUsername", "StorageEncrypted", "KmsKeyId", "DBSubnetGroupName", "Port",
            "CharacterSetName", "Timezone", "DBClusterIdentifier",
        ],
        // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html
        ["AWS::SQS::Queue"] = ["QueueName", "FifoQueue"],
        // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kms-key.html
        ["AWS::KMS::Key"] = ["KeySpec", "KeyUsage", "MultiRegion"],
        // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-secretsmanager-secret.html
        ["AWS::SecretsManager::Secret"] = ["Name"],
        // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-loggroup.html
        ["AWS::Logs::LogGroup"] = ["LogGroupName"],
        // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecr-repository.html
        ["AWS::ECR::Repository"] = ["RepositoryName", "EncryptionConfiguration"],
        // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-vpc.html
        ["AWS::EC2::VPC"] = ["CidrBlock", "Ipv4IpamPoolId", "Ipv4NetmaskLength"],
        // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-subnet.html
        ["AWS::EC2::Subnet"] = ["CidrBlock", "AvailabilityZone", "AvailabilityZoneId", "VpcId"],
        // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticloadbalancingv2-loadbalancer.html
        ["AWS::ElasticLoadBalancingV2::LoadBalancer"] = ["Name", "Scheme", "Type"],
        // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-cluster.html
        ["AWS::ECS::Cluster"] = ["ClusterName"],
        // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html
        ["AWS::ECS::Service"] = ["ServiceName", "Cluster", "LaunchType", "Role"],
    };

    /// <summary>Every property of AWS::ECS::TaskDefinition is "Update requires: Replacement": a new revision, a new ARN.</summary>
    private static readonly HashSet<string> EveryPropertyReplaces = new(StringComparer.Ordinal) { "AWS::ECS::TaskDefinition" };

    public static string RequiresRecreation(string type, string property) =>
        EveryPropertyReplaces.Contains(type) || (ReplacedBy.TryGetValue(type, out var properties) && properties.Contains(property, StringComparer.Ordinal))
            ? Always
            : Never;
}
