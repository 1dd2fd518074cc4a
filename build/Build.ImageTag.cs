using BuildCore;

partial class Build
{
    string? _resolvedImageTag;

    /// <summary>--tag, else the git short SHA: every build gets a unique tag (the ECR repositories' tags are immutable).</summary>
    async Task<string> ImageTagAsync(CancellationToken cancellationToken)
    {
        if (Tag is { Length: > 0 } tag)
            return tag;
        if (_resolvedImageTag is not null)
            return _resolvedImageTag;
        try
        {
            _resolvedImageTag = (await RunToolAsync("git", ["rev-parse", "--short", "HEAD"], cancellationToken)).Trim();
        }
        catch (BuildException e)
        {
            throw new BuildException($"No --tag given and the git commit could not be read ({e.Message}): pass --tag.", e);
        }
        return _resolvedImageTag;
    }
}
