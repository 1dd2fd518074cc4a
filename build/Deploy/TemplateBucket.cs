namespace Platform.Build.Deploy;

/// <summary>A bucket for templates and where its name came from, so an error can say which setting to fix.</summary>
/// <param name="Name">The bucket name.</param>
/// <param name="Source">How people set it: "--template-bucket", "output TemplateBucketName of stack platform-github-dev", …</param>
public sealed record TemplateBucket(string Name, string Source);
