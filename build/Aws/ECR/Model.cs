using Amazon.Runtime;

namespace Amazon.ECR.Model;

// Shapes as in AWSSDK.ECR (same names and property names), only the members our build reads or sends.

public class AuthorizationData
{
    /// <summary>base64("AWS:&lt;password&gt;"): the user name and password for docker login.</summary>
    public string? AuthorizationToken { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public string? ProxyEndpoint { get; set; }
}

public class ImageIdentifier
{
    public string? ImageDigest { get; set; }
    public string? ImageTag { get; set; }
}

public class DescribeImagesFilter
{
    public TagStatus? TagStatus { get; set; }
}

public class ImageDetail
{
    public string? RegistryId { get; set; }
    public string? RepositoryName { get; set; }
    public string? ImageDigest { get; set; }
    public List<string>? ImageTags { get; set; }
    public long? ImageSizeInBytes { get; set; }
    public DateTime? ImagePushedAt { get; set; }
    public string? ImageManifestMediaType { get; set; }
    public string? ArtifactMediaType { get; set; }
}

public class GetAuthorizationTokenRequest : AmazonWebServiceRequest;

public class GetAuthorizationTokenResponse : AmazonWebServiceResponse
{
    public List<AuthorizationData>? AuthorizationData { get; set; }
}

public class DescribeImagesRequest : AmazonWebServiceRequest
{
    public string? RegistryId { get; set; }
    public string? RepositoryName { get; set; }
    public List<ImageIdentifier>? ImageIds { get; set; }
    public DescribeImagesFilter? Filter { get; set; }
    public int? MaxResults { get; set; }
    public string? NextToken { get; set; }
}

public class DescribeImagesResponse : AmazonWebServiceResponse
{
    public List<ImageDetail>? ImageDetails { get; set; }
    public string? NextToken { get; set; }
}
