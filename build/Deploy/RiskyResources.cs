namespace Platform.Build.Deploy;

/// <summary>
/// The one list of resource types that hold data or identity: replacing or removing one loses what the reason says. A change
/// set that would do so needs --allow-replace; the stack policy also denies Update:Replace and Update:Delete on the types marked
/// protected (docs/design/risk-gate.md).
/// </summary>
public static class RiskyResources
{
    public sealed record Risk(string Lost, bool ProtectedByStackPolicy);

    public static readonly IReadOnlyDictionary<string, Risk> ByType = new Dictionary<string, Risk>(StringComparer.Ordinal)
    {
        ["AWS::RDS::DBInstance"] = new("every row in the database: the new instance starts empty, under a new endpoint", true),
        ["AWS::SQS::Queue"] = new("the messages waiting in the queue, and the URL and ARN producers and consumers use", true),
        ["AWS::KMS::Key"] = new("the key itself: what it encrypted (secrets, logs, the database, queues) cannot be decrypted with the new one", true),
        ["AWS::SecretsManager::Secret"] = new("the secret's value and its versions (for the JWT signing key: every token issued so far stops validating)", true),
        ["AWS::Logs::LogGroup"] = new("the log events it holds", false),
        ["AWS::ECR::Repository"] = new("the images it holds: tasks cannot pull them again and there is nothing to roll back to", false),
        ["AWS::EC2::VPC"] = new("the network: everything in it (database, load balancer, tasks) is recreated, and its ID and CIDR change for peers and allow-lists", false),
        ["AWS::EC2::Subnet"] = new("the subnet: what runs in it (database, NAT gateway, tasks) is moved or recreated, and its ID changes", false),
        ["AWS::ElasticLoadBalancingV2::LoadBalancer"] = new("its DNS name: every DNS record and client pointing at the old name stops working", false),
    };

    public static Risk? Of(string? type) => type is not null && ByType.TryGetValue(type, out var risk) ? risk : null;
}
