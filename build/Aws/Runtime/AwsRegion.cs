using System.Text.RegularExpressions;

namespace Platform.Build.Aws;

/// <summary>Region names are checked before any call so a typo fails with the parameter named, not a DNS error.</summary>
public static partial class AwsRegion
{
    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();

    public static bool IsWellFormed(string? region) => region is not null && RegionPattern().IsMatch(region);

    /// <summary>Returns the region, or throws <see cref="ArgumentException"/> naming <paramref name="parameterName"/>.</summary>
    public static string Validate(string? region, string parameterName = "Region")
    {
        if (string.IsNullOrWhiteSpace(region))
        {
            throw new ArgumentException(
                $"{parameterName} is not set: pass --region or set AWS_REGION (e.g. eu-west-1).", parameterName);
        }

        if (!IsWellFormed(region))
        {
            throw new ArgumentException(
                $"{parameterName} '{region}' is not a valid AWS region name: expected lower-case words and a number, like eu-west-1 or us-gov-west-1.",
                parameterName);
        }

        return region;
    }

    /// <summary>The DNS suffix of the region's partition: amazonaws.com, or amazonaws.com.cn for China.</summary>
    public static string DnsSuffix(string region)
    {
        var suffix = Amazon.RegionEndpoint.GetBySystemName(region).PartitionDnsSuffix;
        return string.IsNullOrEmpty(suffix) ? "amazonaws.com" : suffix;
    }
}
