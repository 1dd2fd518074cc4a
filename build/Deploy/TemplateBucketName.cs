using System.Text.RegularExpressions;

namespace Platform.Build.Deploy;

/// <summary>The bucket the template goes through: its default name, and the S3 naming rules a --template-bucket must follow.</summary>
public static partial class TemplateBucketName
{
    /// <summary>The bucket's name when the build creates it: one per account and region, as rain's rain-artifacts-&lt;account&gt;-&lt;region&gt;.</summary>
    public static string Default(string accountId, string region) => $"platform-templates-{accountId}-{region}";

    /// <summary>
    /// "Amazon S3 User Guide: General purpose bucket naming rules": 3-63 lower-case letters, digits, '.' and '-', a letter or
    /// digit at each end, no "..", not an IP address, no reserved prefix or suffix.
    /// </summary>
    public static bool IsValid(string name) =>
        BucketNamePattern().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal) && !IpAddressPattern().IsMatch(name)
        && !name.StartsWith("xn--", StringComparison.Ordinal) && !name.StartsWith("sthree-", StringComparison.Ordinal)
        && !name.EndsWith("-s3alias", StringComparison.Ordinal) && !name.EndsWith("--ol-s3", StringComparison.Ordinal);

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketNamePattern();

    [GeneratedRegex(@"^\d+\.\d+\.\d+\.\d+$")]
    private static partial Regex IpAddressPattern();
}
