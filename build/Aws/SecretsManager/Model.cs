using System.Text.Json.Serialization;
using Amazon.Runtime;

namespace Amazon.SecretsManager.Model;

// Shapes as in AWSSDK.SecretsManager (same names and property names), only the members our build reads or sends.
// Secrets Manager's JSON members are PascalCase ("SecretId", "ARN"), unlike ECS and ECR: the names are pinned here because
// the shared JSON 1.1 protocol writes camelCase. Responses are read case-insensitively either way.

public class GetSecretValueRequest : AmazonWebServiceRequest
{
    /// <summary>The secret's name or ARN.</summary>
    [JsonPropertyName("SecretId")]
    public string? SecretId { get; set; }
}

public class GetSecretValueResponse : AmazonWebServiceResponse
{
    [JsonPropertyName("ARN")]
    public string? ARN { get; set; }

    [JsonPropertyName("Name")]
    public string? Name { get; set; }

    [JsonPropertyName("VersionId")]
    public string? VersionId { get; set; }

    /// <summary>The AWSCURRENT value. Sensitive: never print or log it.</summary>
    [JsonPropertyName("SecretString")]
    public string? SecretString { get; set; }
}

public class PutSecretValueRequest : AmazonWebServiceRequest
{
    [JsonPropertyName("SecretId")]
    public string? SecretId { get; set; }

    /// <summary>The new value; it becomes AWSCURRENT. Sensitive: never print or log it.</summary>
    [JsonPropertyName("SecretString")]
    public string? SecretString { get; set; }

    /// <summary>
    /// The new version's id (a GUID). The SDKs fill it in when it is empty; a raw client must send one. Resending the same
    /// token with the same value is a no-op, so a retried request cannot add a second version.
    /// </summary>
    [JsonPropertyName("ClientRequestToken")]
    public string? ClientRequestToken { get; set; }
}

public class PutSecretValueResponse : AmazonWebServiceResponse
{
    [JsonPropertyName("ARN")]
    public string? ARN { get; set; }

    [JsonPropertyName("Name")]
    public string? Name { get; set; }

    [JsonPropertyName("VersionId")]
    public string? VersionId { get; set; }
}
